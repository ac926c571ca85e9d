"""The page on which the OM gives a circle person a case of their own: refer them (a new
case in the trajectory's compartment) or link a case that exists. Thin: the rules are in
`crownwitness.referral`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from weerstand.accounts.roles import Classification
from weerstand.cases.models import Phenomenon, Severity
from weerstand.core.decorators import requires
from weerstand.core.forms import WeerstandForm, submit_form
from weerstand.crownwitness import referral, rules, services
from weerstand.crownwitness.models import CirclePerson


class ReferForm(WeerstandForm):
    phenomenon = forms.ChoiceField(label=_lazy("Fenomeen"), choices=Phenomenon.choices)
    severity = forms.ChoiceField(label=_lazy("Ernst"), choices=Severity.choices)
    classification = forms.TypedChoiceField(
        label=_lazy("Rubricering"),
        choices=Classification.choices,
        coerce=int,
        initial=Classification.DEPV,
    )
    summary = forms.CharField(
        label=_lazy("Aanleiding"),
        help_text=_lazy("Waarom deze persoon door de toezegging dreiging kan lopen."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(label=_lazy("Reden"), widget=forms.Textarea(attrs={"rows": 2}))


class LinkForm(WeerstandForm):
    case = forms.IntegerField(
        label=_lazy("Nummer (id) van de bestaande casus"), min_value=1, max_value=2**31 - 1
    )
    reason = forms.CharField(label=_lazy("Reden"), widget=forms.Textarea(attrs={"rows": 2}))


def _load(request: HttpRequest, pk: int, entry: int) -> tuple[Any, CirclePerson]:
    trajectory = services.get_trajectory(request.user, pk)
    if not rules.may_change(request.user, trajectory):
        raise Http404
    row = (
        services.circle_for(request.user, trajectory)
        .select_related("person", "protection_case")
        .filter(pk=entry)
        .first()
    )
    if row is None:
        raise Http404
    return trajectory, row


def _show(
    request: HttpRequest,
    trajectory: Any,
    row: CirclePerson,
    *,
    refer_form: Any = None,
    link_form: Any = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "crownwitness/circle_case.html",
        {
            "trajectory": trajectory,
            "row": row,
            "refer_form": refer_form or ReferForm(),
            "link_form": link_form or LinkForm(),
        },
        status=status,
    )


@login_required
@requires("trajectory:change")
def circle_case(request: HttpRequest, pk: int, entry: int) -> HttpResponse:
    trajectory, row = _load(request, pk, entry)
    return _show(request, trajectory, row)


@login_required
@require_POST
@requires("trajectory:change")
def refer(request: HttpRequest, pk: int, entry: int) -> HttpResponse:
    user = request.user
    trajectory, row = _load(request, pk, entry)
    return submit_form(
        request,
        ReferForm(request.POST),
        lambda d: referral.refer_person(
            user,
            trajectory.pk,
            row.pk,
            referral.CircleReferral(
                phenomenon=d["phenomenon"],
                severity=d["severity"],
                summary=d["summary"],
                classification=d["classification"],
                reason=d["reason"],
            ),
        ),
        conflict=_("Een collega heeft het traject intussen gewijzigd. Probeer het opnieuw."),
        success=lambda case: (
            _("Casus %(ref)s is geopend in het compartiment van het traject.")
            % {"ref": case.reference}
        ),
        done=lambda _c: redirect("crownwitness:detail", pk=trajectory.pk),
        show=lambda form, status: _show(request, trajectory, row, refer_form=form, status=status),
    )


@login_required
@require_POST
@requires("trajectory:change")
def link(request: HttpRequest, pk: int, entry: int) -> HttpResponse:
    user = request.user
    trajectory, row = _load(request, pk, entry)
    return submit_form(
        request,
        LinkForm(request.POST),
        lambda d: referral.link_case(user, trajectory.pk, row.pk, d["case"], d["reason"]),
        conflict=_("Een collega heeft het traject intussen gewijzigd. Probeer het opnieuw."),
        success=_("De casus is gekoppeld."),
        done=lambda _c: redirect("crownwitness:detail", pk=trajectory.pk),
        show=lambda form, status: _show(request, trajectory, row, link_form=form, status=status),
    )
