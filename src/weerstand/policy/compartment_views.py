"""Pages for restricting compartments: members see theirs; the owning side opens them and
proposes and approves membership changes (four eyes). Thin: `policy.compartments` decides."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from weerstand.accounts.models import User
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.decorators import requires
from weerstand.core.errors import DomainError
from weerstand.core.forms import WeerstandForm, apply_domain_error, trace_refusal
from weerstand.policy import compartments, engine
from weerstand.policy.models import (
    ChangeKind,
    ChangeStatus,
    Compartment,
    CompartmentChange,
    CompartmentKind,
    CompartmentMembership,
)

_REASON_HELP = gettext_lazy("Minimaal 10 tekens; komt in het auditspoor.")


class OpenForm(WeerstandForm):
    kind = forms.ChoiceField(
        label=gettext_lazy("Soort"),
        choices=[(k, v) for k, v in CompartmentKind.choices if k != CompartmentKind.CASE_TEAM],
    )
    name = forms.CharField(label=gettext_lazy("Naam"), max_length=200)
    co_owner = forms.TypedChoiceField(label=gettext_lazy("Mede-eigenaar"), coerce=int)
    reason = forms.CharField(
        label=gettext_lazy("Reden"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_REASON_HELP,
    )

    def __init__(self, *args: Any, owners: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.typed_field("co_owner", forms.TypedChoiceField).choices = [
            ("", gettext_lazy("Kies een collega"))
        ] + [(u.pk, f"{u.display_name} ({u.organisation})") for u in owners]


class ProposeForm(WeerstandForm):
    user = forms.TypedChoiceField(label=gettext_lazy("Wie"), coerce=int)
    change = forms.ChoiceField(label=gettext_lazy("Wijziging"), choices=ChangeKind.choices)
    reason = forms.CharField(
        label=gettext_lazy("Reden"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_REASON_HELP,
    )

    prefix = "propose"

    def __init__(self, *args: Any, users: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.typed_field("user", forms.TypedChoiceField).choices = [
            ("", gettext_lazy("Kies een persoon"))
        ] + [(u.pk, f"{u.display_name} ({u.organisation})") for u in users]


class DecideForm(WeerstandForm):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Besluit"),
        choices=[("approved", gettext_lazy("Akkoord")), ("rejected", gettext_lazy("Afwijzen"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("Toelichting (verplicht bij afwijzen)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _owners_for(kind: str, actor: Any) -> list[Any]:
    roles = compartments.OWNING_ROLES.get(kind, ())
    return list(
        User.objects.filter(is_active=True, role_assignments__role__in=roles)
        .exclude(pk=actor.pk)
        .select_related("organisation")
        .distinct()
        .order_by("last_name", "first_name")
    )


@login_required
@requires("compartment:view")
@require_http_methods(["GET", "POST"])
def compartment_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    mine = list(
        engine.visible_compartments(user).exclude(kind=CompartmentKind.CASE_TEAM).order_by("name")
    )
    can_open = any(compartments.may_create(user, k) for k in compartments.OWNING_ROLES)
    owners = sorted(
        {
            u
            for k in compartments.OWNING_ROLES
            if compartments.may_create(user, k)
            for u in _owners_for(k, user)
        },
        key=lambda u: (u.last_name, u.first_name, u.pk),
    )
    form = OpenForm(request.POST or None, owners=owners) if can_open else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise Http404("Niet gevonden")
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                compartment = compartments.create(
                    user,
                    data["kind"],
                    data["name"],
                    reason=data["reason"],
                    co_owner=User.objects.filter(pk=data["co_owner"]).first(),
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Het compartiment is geopend."))
                return redirect("policy:compartment", pk=compartment.pk)
    return render(
        request,
        "policy/compartments.html",
        {"compartments": mine, "form": form},
        status=status,
    )


def _render_detail(
    request: HttpRequest,
    compartment: Compartment,
    *,
    propose_form: ProposeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    members = list(
        CompartmentMembership.objects.filter(compartment=compartment).select_related(
            "user", "user__organisation"
        )
    )
    owning = compartments.is_owning_member(user, compartment)
    changes = list(compartments.changes_for(user, compartment)[:100])
    candidates = list(
        User.objects.filter(is_active=True)
        .exclude(role_assignments__role__in=("protectee", "relative", "employer", "system_admin"))
        .select_related("organisation")
        .distinct()
        .order_by("last_name", "first_name")[:500]
    )
    audit.record(
        AuditAction.READ,
        compartment,
        object_repr=f"compartiment {compartment.pk}",
        reason="leden en wijzigingen",
        actor=user,
    )
    return render(
        request,
        "policy/compartment.html",
        {
            "compartment": compartment,
            "members": members,
            "changes": [
                {
                    "change": c,
                    "decide_form": DecideForm(prefix=f"d{c.pk}")
                    if owning and c.status == ChangeStatus.PENDING and c.proposed_by_id != user.pk
                    else None,
                }
                for c in changes
            ],
            "propose_form": (propose_form or ProposeForm(users=candidates)) if owning else None,
        },
        status=status,
    )


def _get(request: HttpRequest, pk: int) -> Compartment:
    return engine.get_for(
        Compartment.objects.exclude(kind=CompartmentKind.CASE_TEAM), request.user, pk=pk
    )


@login_required
@requires("compartment:view")
def compartment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _get(request, pk))


@login_required
@require_POST
@requires("compartment:change")
def compartment_propose(request: HttpRequest, pk: int) -> HttpResponse:
    compartment = _get(request, pk)
    users = list(User.objects.filter(is_active=True))
    form = ProposeForm(request.POST, users=users)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            compartments.propose(
                request.user,
                compartment.pk,
                data["user"],
                kind=data["change"],
                reason=data["reason"],
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
            status = exc.status
        else:
            messages.success(request, _("Voorgesteld; een tweede persoon beslist."))
            return redirect("policy:compartment", pk=compartment.pk)
    return _render_detail(request, compartment, propose_form=form, status=status)


@login_required
@require_POST
@requires("compartment:change")
def compartment_decide(request: HttpRequest, pk: int, change_id: int) -> HttpResponse:
    compartment = _get(request, pk)
    if not CompartmentChange.objects.filter(pk=change_id, compartment=compartment).exists():
        raise Http404("Niet gevonden")
    form = DecideForm(request.POST, prefix=f"d{change_id}")
    if form.is_valid():
        try:
            compartments.decide(
                request.user,
                change_id,
                approve=form.cleaned_data["outcome"] == "approved",
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            trace_refusal(exc)
            messages.error(request, exc.detail)
        else:
            messages.success(request, _("Uw besluit over de wijziging is vastgelegd."))
    else:
        messages.error(request, _("Kies akkoord of afwijzen."))
    return redirect("policy:compartment", pk=compartment.pk)
