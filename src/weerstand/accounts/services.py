"""Sign-in rules: Argon2 passwords, mandatory TOTP, lock-out after repeated failures."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from weerstand.accounts.models import ApiToken, User
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction


class SignInError(Exception):
    """A sign-in failed; the message never tells which part was wrong."""


GENERIC_FAILURE = "Aanmelden mislukt. Controleer uw gegevens of probeer het later opnieuw."


def _register_failure(user: User | None, username: str, what: str) -> None:
    with transaction.atomic():
        if user is not None:
            User.objects.filter(pk=user.pk).update(failed_login_count=F("failed_login_count") + 1)
            user.refresh_from_db(fields=["failed_login_count", "locked_until"])
            if user.failed_login_count >= settings.LOCKOUT_THRESHOLD and not user.is_locked():
                until = timezone.now() + timedelta(minutes=settings.LOCKOUT_MINUTES)
                User.objects.filter(pk=user.pk).update(locked_until=until)
                audit.record(
                    AuditAction.LOCKED,
                    object_type="accounts.user",
                    object_id=user.pk,
                    object_repr=f"gebruiker {username}",
                    reason=f"{user.failed_login_count} mislukte pogingen",
                    actor=user,
                )
        audit.record(
            AuditAction.LOGIN_FAILED,
            object_type="accounts.user",
            object_id=user.pk if user else "",
            object_repr=f"gebruiker {username[:60]}",
            result="denied",
            reason=what,
            actor=user,
        )


def check_password(request: HttpRequest | None, username: str, password: str) -> User:
    """First factor. Locked accounts fail without checking the password."""
    user = User.objects.filter(username=username).first()
    if user is not None and user.is_locked():
        _register_failure(user, username, "account geblokkeerd")
        raise SignInError(GENERIC_FAILURE)
    authed = authenticate(request, username=username, password=password)
    if authed is None:
        _register_failure(user, username, "onjuist wachtwoord")
        raise SignInError(GENERIC_FAILURE)
    return authed  # type: ignore[return-value]  # AUTH_USER_MODEL is our User


def totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def check_totp(user: User, token: str) -> TOTPDevice:
    """Second factor; failures count towards the same lock-out."""
    user.refresh_from_db(fields=["locked_until", "failed_login_count"])
    device = totp_device(user)
    if user.is_locked() or device is None or not device.verify_token(token.strip()):
        _register_failure(user, user.username, "onjuiste TOTP-code")
        raise SignInError(GENERIC_FAILURE)
    User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
    audit.record(
        AuditAction.LOGIN,
        object_type="accounts.user",
        object_id=user.pk,
        object_repr=f"gebruiker {user.username}",
        actor=user,
    )
    return device


def demo_totp_key(username: str) -> str:
    """Deterministic TOTP secret for demo users, so `weerstand totp` can print codes."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"totp:{username}".encode(), hashlib.sha256)
    return digest.hexdigest()[:40]


def enrol_totp(user: User, key_hex: str | None = None) -> TOTPDevice:
    TOTPDevice.objects.filter(user=user).delete()
    kwargs: dict[str, Any] = {"user": user, "name": "authenticator", "confirmed": True}
    if key_hex:
        kwargs["key"] = key_hex
    return TOTPDevice.objects.create(**kwargs)


def current_totp(user: User) -> str:
    """The current code of a user's device (demo mode only; the CLI refuses otherwise)."""
    from django_otp.oath import TOTP

    device = totp_device(user)
    if device is None:
        raise SignInError("Deze gebruiker heeft geen TOTP-apparaat.")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = timezone.now().timestamp()
    return f"{totp.token():0{device.digits}d}"


def totp_secret_b32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def issue_token(actor: User, *, days: int | None = None, label: str = "") -> tuple[ApiToken, str]:
    with transaction.atomic():
        token, raw = ApiToken.issue(actor, days=days, label=label)
        audit.record(
            AuditAction.TOKEN,
            object_type="accounts.apitoken",
            object_id=token.pk,
            object_repr=f"token {token.key_id}",
            reason="uitgegeven",
            actor=actor,
        )
    return token, raw


def revoke_token(actor: User, token: ApiToken) -> None:
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        audit.record(
            AuditAction.TOKEN,
            object_type="accounts.apitoken",
            object_id=token.pk,
            object_repr=f"token {token.key_id}",
            reason="ingetrokken",
            actor=actor,
        )
