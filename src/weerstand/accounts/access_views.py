"""Pages of the four-eyes access changes ("Toegangswijzigingen") and of the one-time
enrolment link. Thin: `accounts.access_changes` and `accounts.enrolment` decide."""

from __future__ import annotations

from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from weerstand.accounts import access_changes, enrolment
from weerstand.accounts.access_forms import AccessChangeForm, DecisionForm, LinkPasswordForm
from weerstand.accounts.forms import TotpForm
from weerstand.accounts.http import AuthenticatedHttpRequest
from weerstand.accounts.models import AccessChangeRequest, User
from weerstand.accounts.services import totp_secret_b32
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.decorators import public, requires
from weerstand.core.errors import DomainError
from weerstand.core.forms import SpecificMessages, apply_domain_error
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource

HISTORY_ROWS = 200
ENROLMENT_SESSION_KEY = "weerstand_enrolment"
ENROLMENT_SECONDS = 900  # the code must follow the password on the link page within 15 min


class NewPasswordForm(SpecificMessages, SetPasswordForm):
    """Django's password form with the messages of every Weerstand form (named per field)."""


@login_required
@requires("access_change:view")
@require_GET
def access_change_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The queue of the second persons, and every visible request (the inspectorate's view)."""
    actor = request.user
    queue = access_changes.queue(actor)
    history = list(access_changes.visible(actor).order_by("-requested_at", "-pk")[:HISTORY_ROWS])
    audit.record(
        AuditAction.LIST,
        object_type=AccessChangeRequest._meta.label_lower,
        object_repr=f"{len(history)} toegangswijzigingen",
        changes={"ids": [c.pk for c in history]},
        actor=actor,
    )
    return render(
        request,
        "accounts/access_changes.html",
        {
            "queue": queue,
            "history": history,
            "may_request": access_changes.may_request(actor),
            "limit": HISTORY_ROWS,
        },
    )


def _accounts(actor: User) -> list[User]:
    return list(
        User.objects.filter(is_active=True)
        .exclude(pk=actor.pk)
        .select_related("organisation")
        .order_by("username")
    )


@login_required
@requires("access_change:create")
@require_http_methods(["GET", "POST"])
def access_change_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    actor = request.user
    initial: dict[str, Any] = {}
    for name in ("target", "kind"):
        if request.GET.get(name):
            initial[name] = request.GET[name]
    form = AccessChangeForm(request.POST or None, initial=initial, accounts=_accounts(actor))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            target = User.objects.filter(pk=data["target"]).first()
            try:
                if target is None:
                    raise DomainError("Dit account bestaat niet.")
                change = access_changes.request_change(
                    actor,
                    target,
                    data["kind"],
                    reason=data["reason"],
                    role=data.get("role") or "",
                    clearance=data.get("clearance"),
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
                status = exc.status
            else:
                messages.success(
                    request,
                    _("Aangevraagd. De wijziging gaat in na akkoord van een tweede persoon."),
                )
                return redirect("accounts:access-change", pk=change.pk)
    return render(request, "accounts/access_change_new.html", {"form": form}, status=status)


def _detail(
    request: AuthenticatedHttpRequest,
    change: AccessChangeRequest,
    form: Any = None,
    status: int = 200,
) -> HttpResponse:
    actor = request.user
    may_decide = access_changes.may_decide(actor, change)
    refusal = None
    if (
        change.status == "pending"
        and not may_decide
        and engine.can(actor, Resource.ACCESS_CHANGE, Action.CHANGE)
    ):
        refusal = access_changes.refusal(actor, change)
    return render(
        request,
        "accounts/access_change.html",
        {
            "change": change,
            "decide_form": (form or DecisionForm()) if may_decide else None,
            "refusal": refusal,
        },
        status=status,
    )


@login_required
@requires("access_change:view")
@require_GET
def access_change_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    change = access_changes.get(request.user, pk)
    audit.record(AuditAction.READ, change, actor=request.user)
    return _detail(request, change)


@login_required
@requires("access_change:change")
@require_POST
def access_change_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    change = access_changes.get(request.user, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _detail(request, change, form, status=400)
    try:
        access_changes.decide(
            request.user,
            change.pk,
            approve=form.cleaned_data["outcome"] == "approved",
            reason=form.cleaned_data["reason"],
        )
    except DomainError as exc:
        apply_domain_error(form, exc)
        change.refresh_from_db()
        if access_changes.may_decide(request.user, change):
            return _detail(request, change, form, status=exc.status)
        messages.error(request, exc.detail)
        response = _detail(request, change, status=exc.status)
        return response
    messages.success(request, _("Uw besluit over de toegangswijziging is vastgelegd."))
    return redirect("accounts:access-change", pk=change.pk)


# --- the one-time enrolment link ------------------------------------------------------------


def _proven(request: HttpRequest, link: Any) -> bool:
    state = request.session.get(ENROLMENT_SESSION_KEY)
    return (
        isinstance(state, dict)
        and state.get("link") == link.pk
        and timezone.now().timestamp() - float(state.get("at", 0)) <= ENROLMENT_SECONDS
    )


@public
@sensitive_post_parameters("password", "new_password1", "new_password2", "token")
@never_cache
@require_http_methods(["GET", "POST"])
def enrolment_link(request: HttpRequest, token: str) -> HttpResponse:
    """Password (or a new one) first; then the authenticator secret, confirmed with a code."""
    try:
        link = enrolment.find_link(token)
    except enrolment.EnrolmentError:
        request.session.pop(ENROLMENT_SESSION_KEY, None)
        return render(request, "accounts/enrolment.html", {"invalid": True}, status=404)
    context: dict[str, Any] = {"token": token, "user": link.user}
    if not _proven(request, link):
        new_password = enrolment.needs_new_password(link)
        form: Any = (
            NewPasswordForm(link.user, request.POST or None)
            if new_password
            else LinkPasswordForm(request.POST or None)
        )
        status = 200
        if request.method == "POST":
            status = 400
            if form.is_valid():
                try:
                    if new_password:
                        enrolment.set_password(link, form.cleaned_data["new_password1"])
                    else:
                        enrolment.check_password(link, form.cleaned_data["password"])
                except enrolment.EnrolmentError as exc:
                    form.add_error(None, str(exc))
                else:
                    if not enrolment.needs_authenticator(link):
                        enrolment.finish_without_device(link)
                        messages.success(request, _("Uw wachtwoord is ingesteld. Meld u aan."))
                        return redirect("accounts:login")
                    request.session[ENROLMENT_SESSION_KEY] = {
                        "link": link.pk,
                        "at": timezone.now().timestamp(),
                    }
                    return redirect("accounts:enrolment", token=token)
        context.update(step="password", new_password=new_password, form=form)
        return render(request, "accounts/enrolment.html", context, status=status)
    code_form = TotpForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if code_form.is_valid():
            try:
                enrolment.confirm_code(link, code_form.cleaned_data["token"])
            except enrolment.EnrolmentError as exc:
                code_form.add_error(None, str(exc))
            else:
                request.session.pop(ENROLMENT_SESSION_KEY, None)
                messages.success(
                    request,
                    _("Uw authenticator is gekoppeld. Meld u nu aan met wachtwoord en code."),
                )
                return redirect("accounts:login")
    device = enrolment.pending_device(link)
    secret = totp_secret_b32(device)
    context.update(
        step="code",
        form=code_form,
        qr_svg=segno.make(device.config_url, error="m").svg_inline(
            scale=4, title=_("QR-code voor uw authenticator-app")
        ),
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    )
    return render(request, "accounts/enrolment.html", context, status=status)
