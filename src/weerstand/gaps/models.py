"""Gaps (what we do not know that matters) and requests for information to partners.

The OvV found that the *absence* of information had no place in the threat assessment. A gap
is recorded per case; it can become a request for information (RFI) to a partner, under a
legal basis that allows that partner to provide to the NCTV, with a due date that escalates.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weerstand.core.crypto.fields import EncryptedTextField
from weerstand.policy.managers import PolicyManager


class GapStatus(models.TextChoices):
    OPEN = "open", _("Open")
    REQUESTED = "requested", _("Verzoek uitgezet")
    FILLED = "filled", _("Ingevuld")
    ACCEPTED = "accepted", _("Geaccepteerd als onbekend")


class Gap(models.Model):
    """Something the case team does not know and that matters for the assessment."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="gaps", verbose_name=_("casus")
    )
    description = EncryptedTextField(_("wat weten we niet"))
    why_it_matters = EncryptedTextField(_("waarom doet het ertoe"))
    status = models.CharField(
        _("status"), max_length=16, choices=GapStatus.choices, default=GapStatus.OPEN
    )
    status_note = EncryptedTextField(_("toelichting status"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="recorded_gaps"
    )
    created_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = PolicyManager("gap")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("leemte")
        verbose_name_plural = _("leemten")

    def __str__(self) -> str:
        return f"leemte {self.pk}"

    def audit_label(self) -> str:
        return f"leemte {self.pk} (casus {self.case_id})"

    @property
    def audit_case_id(self) -> int:
        return self.case_id


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Openstaand")
    ANSWERED = "answered", _("Beantwoord")
    CANCELLED = "cancelled", _("Ingetrokken")


class InformationRequest(models.Model):
    """A request for information (RFI) to one partner organisation about one gap."""

    reference = models.CharField(_("kenmerk"), max_length=32, unique=True)
    gap = models.ForeignKey(
        Gap, on_delete=models.PROTECT, related_name="requests", verbose_name=_("leemte")
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="information_requests",
        verbose_name=_("casus"),
    )
    addressee = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="information_requests",
        verbose_name=_("geadresseerde"),
    )
    legal_basis = models.ForeignKey(
        "information.LegalBasis",
        on_delete=models.PROTECT,
        related_name="information_requests",
        verbose_name=_("wettelijke grondslag"),
    )
    question = EncryptedTextField(_("vraag"))
    due_date = models.DateField(_("uiterlijk beantwoorden op"))
    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    answer_product = models.ForeignKey(
        "information.ThreatProduct",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="answered_requests",
        verbose_name=_("antwoord (product)"),
    )
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="answered_requests",
    )
    cancel_reason = models.TextField(_("reden intrekking"), blank=True)
    escalated_at = models.DateTimeField(_("geëscaleerd op"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sent_requests"
    )
    created_at = models.DateTimeField(_("verzonden op"), default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = PolicyManager("rfi")

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("informatieverzoek")
        verbose_name_plural = _("informatieverzoeken")
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return self.reference

    def audit_label(self) -> str:
        return f"informatieverzoek {self.reference}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id

    def is_overdue(self, today: object = None) -> bool:
        today = today or timezone.localdate()
        return self.status == RequestStatus.OPEN and self.due_date < today  # type: ignore[operator]  # a date
