"""Sign-in rules: Argon2 passwords, mandatory TOTP, growing delays after repeated failures.

The sign-in has two screens but one verdict. The password step never says whether the
password was right: it always moves on to the code step and only remembers the outcome in
the (server-side) session. The code step then fails with the same message whichever factor
was wrong, whether the account exists, or whether a delay runs. Every failure of either
factor counts towards the same delays, per user name and per source address
(`accounts.throttle`); they hold up the web sign-in only, never an API token.

Nothing here writes a password or a one-time code anywhere: not in the audit trail, not in
the logs. Unknown user names are not stored either (a user who types a password into the
name field would otherwise leave it in the trail); a keyed fingerprint lets repeated
attempts still be correlated.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, Permission
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from weerstand.accounts import throttle
from weerstand.accounts.models import ApiToken, RoleAssignment, ThrottleKind, User
from weerstand.accounts.roles import Role
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core import context
from weerstand.core.errors import NotPermitted


class SignInError(Exception):
    """A sign-in failed; the message never tells which part was wrong."""


GENERIC_FAILURE = _(
    "Aanmelden mislukt. Controleer uw gegevens en code, of probeer het later opnieuw."
)

PENDING_SESSION_KEY = "weerstand_pending_sign_in"
PENDING_SECONDS = 300  # the code step must follow the password step within five minutes

# The models a system administrator manages in /beheer/; nothing with case content.
ADMIN_MODELS: tuple[tuple[str, str], ...] = (
    ("accounts", "user"),
    ("accounts", "roleassignment"),
    ("accounts", "apitoken"),
    ("organisations", "organisation"),
    ("organisations", "unit"),
)


# --- throttling ------------------------------------------------------------------------------


def _username_fingerprint(username: str) -> str:
    """Correlates attempts on an unknown name without storing what was typed."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"unknown-username:{username}".encode(), hashlib.sha256
    )
    return digest.hexdigest()[:12]


BLOCKED_REASON = "aanmelden vertraagd na mislukte pogingen"


def _source() -> str:
    """The client address of the running request (empty outside a request)."""
    return context.current().client_ip


def is_throttled(username: str) -> bool:
    """Is a sign-in as `username` from the current address refused for now?"""
    return throttle.blocked_until(username, _source()) is not None


def _register_failure(user: User | None, username: str, reason: str) -> None:
    """Count a failed factor for the name and the address (growing delays, `throttle`),
    and audit it without secrets. An unknown name counts exactly like a known one."""
    with transaction.atomic():
        outcome = throttle.register_failure(username, _source())
        if not outcome.counted:
            reason = BLOCKED_REASON  # during a delay nothing is counted
        if user is None:
            audit.record(
                AuditAction.LOGIN_FAILED,
                object_type="accounts.user",
                object_repr="onbekende gebruikersnaam",
                result="denied",
                reason=f"{reason} (kenmerk {_username_fingerprint(username)})",
            )
        else:
            # Kept in step on the account, for the administrator's list and `is_locked()`.
            User.objects.filter(pk=user.pk).update(
                failed_login_count=outcome.username_failures,
                locked_until=outcome.username_blocked_until,
            )
            user.failed_login_count = outcome.username_failures
            user.locked_until = outcome.username_blocked_until
            if ThrottleKind.USERNAME in outcome.new_delays and user.locked_until is not None:
                audit.record(
                    AuditAction.LOCKED,
                    object_type="accounts.user",
                    object_id=user.pk,
                    object_repr=f"gebruiker {user.username}",
                    result="denied",
                    reason=f"{outcome.username_failures} mislukte pogingen; aanmelden vertraagd "
                    f"tot {timezone.localtime(user.locked_until):%d-%m-%Y %H:%M:%S} "
                    "(API-tokens blijven werken)",
                    actor=user,
                )
            audit.record(
                AuditAction.LOGIN_FAILED,
                object_type="accounts.user",
                object_id=user.pk,
                object_repr=f"gebruiker {user.username}",
                result="denied",
                reason=reason,
                actor=user,
            )
        if ThrottleKind.SOURCE in outcome.new_delays and outcome.source_blocked_until:
            audit.record(
                AuditAction.LOCKED,
                object_type="accounts.signinthrottle",
                object_repr=f"bronadres {_source()}",
                result="denied",
                reason=f"{outcome.source_failures} mislukte pogingen vanaf dit adres; aanmelden "
                f"vertraagd tot {timezone.localtime(outcome.source_blocked_until):%H:%M:%S}",
            )


def unlock_account(actor: User, user: User) -> bool:
    """An administrator lifts the delay on a user name (and the authenticator throttle);
    False if there was nothing to lift. A delay on an address runs out by itself."""
    with transaction.atomic():
        row = User.objects.select_for_update().get(pk=user.pk)
        was_locked = row.is_locked()
        had_failures = throttle.clear_username(row.username)
        if not was_locked and row.failed_login_count == 0 and not had_failures:
            return False
        User.objects.filter(pk=row.pk).update(failed_login_count=0, locked_until=None)
        for device in TOTPDevice.objects.filter(user=row):
            device.throttle_reset()
        audit.record(
            AuditAction.ADMIN,
            row,
            changes={"locked_until": [_iso(row.locked_until), None]},
            reason="ontgrendeld" if was_locked else "mislukte pogingen op nul gezet",
            actor=actor,
        )
    user.failed_login_count, user.locked_until = 0, None
    return True


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


# --- factors --------------------------------------------------------------------------------


def check_password(request: HttpRequest | None, username: str, password: str) -> User:
    """First factor. During a delay (name or address) even the right password fails.

    The password is hashed in every case (also for unknown names and during a delay) so the
    response time does not tell them apart.
    """
    user = User.objects.filter(username=username).first()
    authed = auth.authenticate(request, username=username, password=password)
    if is_throttled(username):
        _register_failure(user, username, BLOCKED_REASON)
        raise SignInError(GENERIC_FAILURE)
    if authed is None or user is None or authed.pk != user.pk:
        _register_failure(user, username, "wachtwoord onjuist of account inactief")
        raise SignInError(GENERIC_FAILURE)
    return user


def is_verified(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """Signed in with both factors. django-otp's OTPMiddleware binds `is_verified` to the
    request's user; a user object that did not pass through it counts as not verified."""
    check = getattr(user, "is_verified", None)
    return bool(user is not None and user.is_authenticated and callable(check) and check())


def totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def enrolment_device(user: User) -> TOTPDevice:
    """The unconfirmed authenticator a new user is asked to scan (created once, then reused)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def check_totp(user: User, token: str) -> TOTPDevice:
    """Second factor; failures count towards the same delays.

    A user without a confirmed authenticator confirms the one shown at enrolment with the
    first valid code.
    """
    user.refresh_from_db(fields=["locked_until", "failed_login_count", "is_active"])
    token = "".join(token.split())
    with transaction.atomic():  # row lock: a code can't be replayed by a parallel request
        devices = TOTPDevice.objects.select_for_update().filter(user=user).order_by("-confirmed")
        device = devices.first()
        enrolling = device is not None and not device.confirmed
        ok = (
            device is not None
            and user.is_active
            and not is_throttled(user.username)
            and token.isdigit()
            and device.verify_token(token)  # also records replay and throttle state
        )
    if not ok or device is None:
        _register_failure(user, user.username, "TOTP-code onjuist")
        raise SignInError(GENERIC_FAILURE)
    with transaction.atomic():
        if enrolling:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
        user.failed_login_count, user.locked_until = 0, None
        throttle.clear_username(user.username)  # not the address: see `throttle`
        audit.record(
            AuditAction.LOGIN,
            object_type="accounts.user",
            object_id=user.pk,
            object_repr=f"gebruiker {user.username}",
            reason="authenticator gekoppeld bij eerste aanmelding" if enrolling else "",
            actor=user,
        )
    return device


# --- the two steps --------------------------------------------------------------------------


@dataclass(frozen=True)
class PendingSignIn:
    """What the password step left for the code step; `user` is None when it failed."""

    user: User | None
    next_url: str


def password_step(request: HttpRequest, username: str, password: str, next_url: str = "") -> None:
    """Step one. Remembers the outcome in the session and reveals nothing to the caller."""
    try:
        uid: int | None = check_password(request, username, password).pk
    except SignInError:
        uid = None
    if not _safe_next(request, next_url):
        next_url = ""
    request.session[PENDING_SESSION_KEY] = {
        "uid": uid,
        "at": timezone.now().timestamp(),
        "next": next_url,
    }


def pending(request: HttpRequest) -> PendingSignIn | None:
    """The sign-in waiting for its code, or None if there is none (or it went stale)."""
    data = request.session.get(PENDING_SESSION_KEY)
    if not isinstance(data, dict):
        return None
    if timezone.now().timestamp() - float(data.get("at", 0)) > PENDING_SECONDS:
        request.session.pop(PENDING_SESSION_KEY, None)
        return None
    uid = data.get("uid")
    user = User.objects.filter(pk=uid, is_active=True).first() if uid else None
    return PendingSignIn(user=user, next_url=str(data.get("next", "")))


def code_step(request: HttpRequest, token: str) -> PendingSignIn:
    """Step two. Signs in on success; any failure ends the attempt (start again)."""
    state = pending(request)
    request.session.pop(PENDING_SESSION_KEY, None)
    if state is None or state.user is None:
        raise SignInError(GENERIC_FAILURE)  # the password step already counted this failure
    device = check_totp(state.user, token)
    auth.login(request, state.user)  # a fresh session key: no fixation across the steps
    otp_login(request, device)
    return state


def _safe_next(request: HttpRequest, url: str) -> bool:
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def sign_out(request: HttpRequest) -> None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        audit.record(
            AuditAction.LOGOUT,
            object_type="accounts.user",
            object_id=user.pk,
            object_repr=f"gebruiker {user.username}",
            actor=user,
        )
    auth.logout(request)


# --- authenticators -------------------------------------------------------------------------


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


def reset_totp(actor: User, user: User) -> int:
    """Remove a user's authenticators (lost phone). Only as part of an approved four-eyes
    request (`accounts.access_changes`), which also mails the person a new enrolment link.

    Open sessions of the user stop being verified at once, because the device they were
    verified with no longer exists.
    """
    with transaction.atomic():
        removed, _detail = TOTPDevice.objects.filter(user=user).delete()
        audit.record(
            AuditAction.ADMIN,
            user,
            changes={"totp_devices": [removed, 0]},
            reason="authenticator gereset",
            actor=actor,
        )
    return removed


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


# --- roles and the admin flag ---------------------------------------------------------------


def sync_staff_flag(user: User) -> bool:
    """Give exactly the system administrators staff status and the admin model permissions.

    Call it wherever roles change. `is_superuser` is left alone on purpose: neither the
    policy engine nor the admin site reads it. Returns whether `is_staff` changed.
    """
    is_admin = RoleAssignment.objects.filter(user=user, role=Role.SYSTEM_ADMIN).exists()
    changed = user.is_staff != is_admin
    if changed:
        User.objects.filter(pk=user.pk).update(is_staff=is_admin)
        user.is_staff = is_admin
    perms = Permission.objects.none()
    if is_admin:
        query = Permission.objects.none()
        for app_label, model in ADMIN_MODELS:
            query = query | Permission.objects.filter(
                content_type__app_label=app_label, content_type__model=model
            )
        perms = query
    user.user_permissions.set(perms)
    user.__dict__.pop("role_codes", None)  # roles changed: drop the cached set
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(cache, None)
    return changed


# --- personal API tokens --------------------------------------------------------------------


def issue_token(actor: User, *, days: int | None = None, label: str = "") -> tuple[ApiToken, str]:
    """A personal token for `actor`; the raw value is returned once and never stored."""
    if days is not None and days < 1:
        raise ValueError("days must be at least 1")
    with transaction.atomic():
        token, raw = ApiToken.issue(actor, days=days, label=label)
        audit.record(
            AuditAction.TOKEN,
            object_type="accounts.apitoken",
            object_id=token.pk,
            object_repr=f"token {token.PREFIX}{token.key_id}",
            changes={"expires_at": token.expires_at.isoformat(), "label": label},
            reason="uitgegeven",
            actor=actor,
        )
    return token, raw


def revoke_token(actor: User, token: ApiToken) -> bool:
    """Revoke a token: its owner or a system administrator may. False if already revoked."""
    if token.user_id != actor.pk and not actor.has_role(Role.SYSTEM_ADMIN):
        raise NotPermitted("Alleen de eigenaar of een systeembeheerder kan een token intrekken.")
    with transaction.atomic():
        now = timezone.now()
        changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=now
        )
        if not changed:
            return False
        token.revoked_at = now
        audit.record(
            AuditAction.TOKEN,
            object_type="accounts.apitoken",
            object_id=token.pk,
            object_repr=f"token {token.PREFIX}{token.key_id}",
            reason="ingetrokken" if token.user_id == actor.pk else "ingetrokken door beheerder",
            actor=actor,
        )
    return True
