"""Sign-in in two steps (password, then TOTP), enrolment of a new authenticator, sign-out."""

from __future__ import annotations

import segno
from django.contrib import auth, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from weerstand.accounts import services
from weerstand.accounts.forms import PasswordForm, TotpForm
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.decorators import public


@public
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.check_password(
                request, form.cleaned_data["username"], form.cleaned_data["password"]
            )
        except services.SignInError as exc:
            form.add_error(None, str(exc))
        else:
            auth.login(request, user)  # first factor only: OTPMiddleware marks it unverified
            return redirect("accounts:totp")
    return render(request, "accounts/login.html", {"form": form}, status=200 if form.is_bound is False or not form.errors else 400)


@public
@require_http_methods(["GET", "POST"])
def totp(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        return redirect("accounts:login")
    if user.is_verified():  # type: ignore[union-attr]  # OTPMiddleware
        return redirect("core:home")
    device = services.totp_device(user)  # type: ignore[arg-type]
    enrol = None
    if device is None:
        enrol = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
            user=user, name="authenticator", confirmed=False
        )
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        if enrol is not None and enrol.verify_token(token):
            enrol.confirmed = True
            enrol.save(update_fields=["confirmed"])
        try:
            device = services.check_totp(user, token)  # type: ignore[arg-type]
        except services.SignInError as exc:
            form.add_error("token", str(exc))
            if user.is_locked():  # type: ignore[union-attr]
                auth.logout(request)
                messages.error(request, _("Uw account is tijdelijk geblokkeerd."))
                return redirect("accounts:login")
        else:
            otp_login(request, device)
            return redirect(request.GET.get("next") or "core:home")
    qr_svg = None
    if enrol is not None:
        qr_svg = segno.make(enrol.config_url).svg_inline(scale=4, title=_("QR-code voor uw authenticator"))
    return render(
        request,
        "accounts/totp.html",
        {"form": form, "enrol": enrol, "qr_svg": qr_svg, "secret": services.totp_secret_b32(enrol) if enrol else ""},
        status=400 if form.errors else 200,
    )


@public
@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit.record(
            AuditAction.LOGOUT,
            object_type="accounts.user",
            object_id=request.user.pk,
            object_repr=f"gebruiker {request.user.username}",
            actor=request.user,
        )
    auth.logout(request)
    return redirect("accounts:login")
