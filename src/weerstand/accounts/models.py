"""Users, their roles and personal API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from weerstand.accounts.roles import Clearance, Role
from weerstand.policy.managers import PolicyManager


class User(AbstractUser):
    """A person who signs in. Belongs to one organisation, holds roles and a clearance."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="users", null=True
    )
    unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, related_name="users", null=True, blank=True
    )
    clearance = models.IntegerField(
        _("screeningsniveau"), choices=Clearance.choices, default=Clearance.UNCLASSIFIED
    )
    # A protectee, relative or employer who uses the portal is linked to their registry entry.
    person = models.OneToOneField(
        "registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="account"
    )
    failed_login_count = models.PositiveIntegerField(_("mislukte aanmeldpogingen"), default=0)
    locked_until = models.DateTimeField(_("geblokkeerd tot"), null=True, blank=True)

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    @cached_property
    def role_codes(self) -> frozenset[str]:
        """Roles as a frozen set, cached per request-bound instance."""
        return frozenset(self.role_assignments.values_list("role", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_codes.intersection(roles))

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    def is_locked(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.locked_until is not None and self.locked_until > now

    def audit_label(self) -> str:
        return f"gebruiker {self.username}"


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("rol"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="unique_user_role")]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()}"

    def audit_label(self) -> str:
        return f"rol {self.role} van gebruiker {self.user.username}"


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 hash is stored; the raw token is shown once."""

    PREFIX = "wst_"

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("gebruiker")
    )
    key_id = models.CharField(_("kenmerk"), max_length=16, unique=True)
    token_hash = models.CharField(max_length=64)
    label = models.CharField(_("omschrijving"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    expires_at = models.DateTimeField(_("verloopt"))
    revoked_at = models.DateTimeField(_("ingetrokken"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-token")
        verbose_name_plural = _("API-tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @classmethod
    def issue(cls, user: User, *, days: int | None = None, label: str = "") -> tuple[ApiToken, str]:
        """Create a token; returns the row and the raw token (never stored)."""
        key_id = secrets.token_hex(8)
        secret = secrets.token_urlsafe(32)
        raw = f"{cls.PREFIX}{key_id}.{secret}"
        token = cls.objects.create(
            user=user,
            key_id=key_id,
            token_hash=_hash_token(raw),
            label=label,
            expires_at=timezone.now() + timedelta(days=days or settings.API_TOKEN_DAYS),
        )
        return token, raw

    @classmethod
    def lookup(cls, raw: str) -> ApiToken | None:
        """Find a usable token by its raw value, in constant time on the secret part."""
        if not raw.startswith(cls.PREFIX) or "." not in raw:
            return None
        key_id = raw[len(cls.PREFIX) :].split(".", 1)[0]
        token = (
            cls.objects.usable()
            .select_related("user", "user__organisation")
            .filter(key_id=key_id)
            .first()
        )
        if token is None or not secrets.compare_digest(token.token_hash, _hash_token(raw)):
            return None
        return token

    @property
    def prefix(self) -> str:
        """The public part of the token: enough to recognise it, useless to use it."""
        return f"{self.PREFIX}{self.key_id}"

    def is_usable(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now

    def audit_label(self) -> str:
        return f"token {self.prefix}"


class ThrottleKind(models.TextChoices):
    SOURCE = "source", _("bronadres")
    USERNAME = "username", _("gebruikersnaam")


class SignInThrottle(models.Model):
    """Failed sign-ins of one source address or one user name, for growing delays.

    A user name is stored as a keyed fingerprint (`accounts.throttle`), the same for names
    that exist and names that do not, so the table neither lists typed names (a password
    typed into the name field) nor tells which accounts exist. Only the web sign-in reads
    it: API tokens never do, so nobody can switch an integration off by failing to sign in.
    """

    kind = models.CharField(max_length=16, choices=ThrottleKind.choices)
    key = models.CharField(max_length=64)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField()
    blocked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("aanmeldvertraging")
        verbose_name_plural = _("aanmeldvertragingen")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="unique_sign_in_throttle")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key[:12]}: {self.failures}"


# --- four eyes on access -------------------------------------------------------------------


class AccessChangeKind(models.TextChoices):
    """Changes that widen access or hand over credentials: each needs a second person."""

    CREATE_ACCOUNT = "create_account", _("Account met rollen of screening aanmaken")
    GRANT_ROLE = "grant_role", _("Rol toekennen")
    RAISE_CLEARANCE = "raise_clearance", _("Screeningsniveau verhogen")
    RESET_PASSWORD = "reset_password", _("Wachtwoord resetten")
    RESET_AUTHENTICATOR = "reset_authenticator", _("Authenticator resetten")


class AccessChangeStatus(models.TextChoices):
    PENDING = "pending", _("Wacht op een tweede persoon")
    APPROVED = "approved", _("Goedgekeurd en doorgevoerd")
    REFUSED = "refused", _("Afgewezen")


class AccessChangeRequest(models.Model):
    """A change of someone's access that takes effect only when a second person approves it.

    The requester never approves their own request, and nobody approves a request about
    themselves: one administrator alone can no longer give an account (or themselves, through
    a second account) access to protected data, nor take over someone else's account.
    """

    kind = models.CharField(_("soort"), max_length=32, choices=AccessChangeKind.choices)
    target = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="access_change_requests",
        verbose_name=_("account"),
    )
    # What the change grants: the roles (create account, grant role) and the clearance (create
    # account, raise clearance). Empty for a credential reset.
    roles = models.JSONField(_("rollen"), default=list, blank=True)
    clearance = models.IntegerField(
        _("screeningsniveau"), choices=Clearance.choices, null=True, blank=True
    )
    # Where an enrolment or reset link will go: frozen at the request, shown to the approver.
    delivery_email = models.EmailField(_("e-mailadres voor de koppellink"), blank=True)
    reason = models.TextField(_("reden"))
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("aangevraagd door")
    )
    requested_at = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AccessChangeStatus.choices,
        default=AccessChangeStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("beoordeeld door"),
    )
    decided_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    decision_reason = models.TextField(_("toelichting beoordeling"), blank=True)

    objects = PolicyManager("access_change")

    class Meta:
        verbose_name = _("toegangswijziging")
        verbose_name_plural = _("toegangswijzigingen")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.target_id} ({self.status})"

    def audit_label(self) -> str:
        return f"toegangswijziging {self.pk}"

    @property
    def role_labels(self) -> list[str]:
        labels = dict(Role.choices)
        return [str(labels.get(r, r)) for r in self.roles]


class EnrolmentLink(models.Model):
    """A one-time link, sent to the person's own mailbox, to set up sign-in.

    Only a SHA-256 hash of the token is stored, so neither a database reader nor an
    administrator can use it. The page behind it asks for the password (or a new one when
    the password was reset) before it shows an authenticator secret.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="enrolment_links")
    token_hash = models.CharField(max_length=64, unique=True)
    request = models.ForeignKey(
        AccessChangeRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("koppellink")
        verbose_name_plural = _("koppellinks")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"koppellink {self.pk} ({self.user_id})"

    def audit_label(self) -> str:
        return f"koppellink {self.pk} van gebruiker {self.user.username}"

    def is_usable(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.used_at is None and self.revoked_at is None and self.expires_at > now
