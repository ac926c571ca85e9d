"""First sign-in and credential resets by a one-time link in the person's own mailbox.

Whoever knows an account's password (the administrator who created it, say) must not be able
to enrol an authenticator for it: the secret is shown only on the page behind a link that goes
to the account's registered e-mail address, outside the administrator's hands. The link is
random, stored only as a SHA-256 hash, expires (`ENROLMENT_LINK_HOURS`, 72 h), works once, and
dies after a few wrong passwords. The page asks for the account's password first (or a new
one, after a password reset) and only then shows the authenticator secret, confirmed with a
first code. Issuing a link is never a step of its own: it is part of an approved four-eyes
request (`accounts.access_changes`).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from weerstand.accounts.models import AccessChangeRequest, EnrolmentLink, User
from weerstand.accounts.services import enrolment_device, totp_device
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction

MAX_ATTEMPTS = 5  # wrong passwords or codes before the link is revoked
LINK_FAILURE = _(
    "Deze link is ongeldig, verlopen of al gebruikt. Vraag uw beheerder om een nieuwe."
)
STEP_FAILURE = _("Dat klopt niet. Controleer uw invoer en probeer het opnieuw.")


class EnrolmentError(Exception):
    """The link cannot be used (any reason: the message never says which)."""


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def link_url(raw: str) -> str:
    return f"{settings.PUBLIC_URL}{reverse('accounts:enrolment', args=[raw])}"


def issue_link(
    user: User, *, email: str, request: AccessChangeRequest | None = None
) -> EnrolmentLink:
    """Revoke the user's earlier links, create a new one and mail it to `email` only.

    The raw token exists only in the e-mail: it is not returned, logged or audited. Runs in
    the caller's transaction, so a link that cannot be sent is not issued either.
    """
    if not email:
        raise ValueError("an enrolment link needs the person's own e-mail address")
    raw = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        EnrolmentLink.objects.filter(
            user=user, used_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
        link = EnrolmentLink.objects.create(
            user=user,
            token_hash=_hash(raw),
            request=request,
            created_at=now,
            expires_at=now + timedelta(hours=settings.ENROLMENT_LINK_HOURS),
        )
        audit.record(
            AuditAction.ADMIN,
            link,
            changes={"expires_at": link.expires_at.isoformat(), "sent_to": email},
            reason="koppellink verstuurd naar het eigen e-mailadres",
        )
        send_mail(
            subject="Weerstand: uw aanmelding instellen",
            message=(
                f"Beste {user.display_name},\n\n"
                "Met de link hieronder stelt u uw aanmelding bij Weerstand in (wachtwoord en "
                "authenticator-app). De link werkt één keer en is "
                f"{settings.ENROLMENT_LINK_HOURS} uur geldig.\n\n{link_url(raw)}\n\n"
                "Heeft u dit niet verwacht? Gebruik de link dan niet en meld het bij de "
                "beveiligingsfunctionaris van uw organisatie.\n"
            ),
            from_email=None,
            recipient_list=[email],
        )
    return link


def find_link(raw: str) -> EnrolmentLink:
    """The usable link for a raw token, or EnrolmentError (unknown, expired, used, revoked)."""
    link = (
        EnrolmentLink.objects.select_related("user")
        .filter(token_hash=_hash(raw or ""), user__is_active=True)
        .first()
    )
    if link is None or not link.is_usable():
        raise EnrolmentError(str(LINK_FAILURE))
    return link


def needs_new_password(link: EnrolmentLink) -> bool:
    """After an approved password reset the account has no usable password: set one here."""
    return not link.user.has_usable_password()


def needs_authenticator(link: EnrolmentLink) -> bool:
    return totp_device(link.user) is None


def _fail(link: EnrolmentLink, what: str) -> None:
    """Count a wrong answer on the link; too many revoke it. Audited without the input."""
    with transaction.atomic():
        row = EnrolmentLink.objects.select_for_update().get(pk=link.pk)
        row.failed_attempts += 1
        revoke = row.failed_attempts >= MAX_ATTEMPTS
        if revoke:
            row.revoked_at = timezone.now()
        row.save(update_fields=["failed_attempts", "revoked_at"])
        audit.record(
            AuditAction.LOGIN_FAILED,
            link,
            result="denied",
            reason=f"koppellink: {what} onjuist" + ("; link ingetrokken" if revoke else ""),
            actor=link.user,
        )
    link.failed_attempts, link.revoked_at = row.failed_attempts, row.revoked_at


def check_password(link: EnrolmentLink, password: str) -> None:
    """The person proves they know the account's password before any secret is shown."""
    user = link.user
    if not link.is_usable() or user.is_locked() or not user.check_password(password or ""):
        _fail(link, "wachtwoord")
        raise EnrolmentError(str(STEP_FAILURE))


def set_password(link: EnrolmentLink, password: str) -> None:
    """After a password reset: the person chooses the new password (validated by the caller)."""
    if not link.is_usable() or not needs_new_password(link):
        raise EnrolmentError(str(LINK_FAILURE))
    with transaction.atomic():
        link.user.set_password(password)
        link.user.save(update_fields=["password"])
        audit.record(
            AuditAction.ADMIN,
            link.user,
            changes={"password": audit.SECRET_MARK},
            reason="wachtwoord ingesteld via koppellink",
            actor=link.user,
        )


def pending_device(link: EnrolmentLink) -> TOTPDevice:
    """The unconfirmed authenticator shown on the link page (once the password is proven)."""
    return enrolment_device(link.user)


@dataclass(frozen=True)
class Completed:
    user: User
    enrolled: bool


def confirm_code(link: EnrolmentLink, token: str) -> Completed:
    """The first code from the new authenticator confirms it and uses up the link."""
    token = "".join((token or "").split())
    with transaction.atomic():
        row = EnrolmentLink.objects.select_for_update().get(pk=link.pk)
        device = (
            TOTPDevice.objects.select_for_update().filter(user=link.user, confirmed=False).first()
        )
        ok = (
            row.is_usable()
            and device is not None
            and token.isdigit()
            and device.verify_token(token)
        )
    if not ok or device is None:
        _fail(link, "code")
        raise EnrolmentError(str(STEP_FAILURE))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=link.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        _use(link, "authenticator gekoppeld via koppellink")
    return Completed(link.user, enrolled=True)


def finish_without_device(link: EnrolmentLink) -> Completed:
    """A password reset for someone who keeps their authenticator: the link is used up."""
    if needs_authenticator(link) or needs_new_password(link):
        raise EnrolmentError(str(LINK_FAILURE))
    with transaction.atomic():
        _use(link, "koppellink gebruikt (wachtwoord opnieuw ingesteld)")
    return Completed(link.user, enrolled=False)


def _use(link: EnrolmentLink, reason: str) -> None:
    now = timezone.now()
    used = EnrolmentLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=now)
    if not used:
        raise EnrolmentError(str(LINK_FAILURE))
    link.used_at = now
    audit.record(
        AuditAction.ADMIN,
        link.user,
        changes={"enrolment_link": [link.pk, "gebruikt"]},
        reason=reason,
        actor=link.user,
    )
