"""Soft information: signals from officers and from the people around a protectee.

The OvV found that soft information had no place in the threat assessment. A signal here is
graded like a product (Admiralty scale), lands in the analysts' queue with a triage deadline,
and escalates when nobody picks it up in time: no signal is lost or left lying.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weerstand.accounts.roles import Classification
from weerstand.core.crypto.fields import EncryptedTextField
from weerstand.information import models as _information
from weerstand.policy.managers import PolicyManager


class ReporterKind(models.TextChoices):
    OFFICER = "officer", _("Functionaris")
    PROTECTEE = "protectee", _("Te beveiligen persoon")
    RELATIVE = "relative", _("Naaste")
    EMPLOYER = "employer", _("Werkgever")


class SignalKind(models.TextChoices):
    OBSERVATION = "observation", _("Waarneming")
    THREAT = "threat", _("Bedreiging")
    INCIDENT = "incident", _("Incident")
    OTHER = "other", _("Overig")


URGENT_KINDS = frozenset({SignalKind.THREAT, SignalKind.INCIDENT})


class Certainty(models.TextChoices):
    """'How sure are you?' in plain words; mapped to the Admiralty grading by the service."""

    SEEN_MYSELF = "seen_myself", _("Zeker: zelf gezien of gehoord")
    FAIRLY_SURE = "fairly_sure", _("Vrij zeker")
    NOT_SURE = "not_sure", _("Niet zeker")
    HEARSAY = "hearsay", _("Van horen zeggen")


# A signal is graded like a product: one Admiralty scale, one wording, defined once.
Reliability = _information.Reliability
Credibility = _information.Credibility


class SignalStatus(models.TextChoices):
    NEW = "new", _("Nieuw")
    TRIAGED = "triaged", _("Beoordeeld")
    DISMISSED = "dismissed", _("Afgewezen")
    LINKED = "linked", _("Gekoppeld aan casus")


class Signal(models.Model):
    """One piece of soft information. `what` and the free descriptions are encrypted."""

    reference = models.CharField(_("kenmerk"), max_length=32, unique=True)
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signals",
        verbose_name=_("casus"),
    )
    # Who or where it is about, when the reporter cannot pick a case (analysts link it).
    subject = EncryptedTextField(_("over wie of waar"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reported_signals"
    )
    reporter_kind = models.CharField(_("soort melder"), max_length=16, choices=ReporterKind.choices)
    kind = models.CharField(
        _("soort signaal"), max_length=16, choices=SignalKind.choices, default="observation"
    )
    what = EncryptedTextField(_("wat is er gebeurd"))
    happened_at = models.DateTimeField(_("wanneer"))
    noticed_by = EncryptedTextField(_("wie merkte het op"), blank=True)
    certainty = models.CharField(_("hoe zeker"), max_length=16, choices=Certainty.choices)
    reliability = models.CharField(
        _("betrouwbaarheid bron"), max_length=1, choices=Reliability.choices
    )
    credibility = models.PositiveSmallIntegerField(
        _("geloofwaardigheid informatie"), choices=Credibility.choices
    )
    classification = models.IntegerField(
        _("rubricering"), choices=Classification.choices, default=Classification.DEPV
    )
    status = models.CharField(
        _("status"), max_length=16, choices=SignalStatus.choices, default=SignalStatus.NEW
    )
    triage_deadline = models.DateTimeField(_("beoordelen vóór"))
    triaged_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="triaged_signals",
    )
    triage_note = EncryptedTextField(_("toelichting beoordeling"), blank=True)
    escalated_at = models.DateTimeField(_("geëscaleerd op"), null=True, blank=True)
    created_at = models.DateTimeField(_("gemeld op"), default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = PolicyManager("signal")

    class Meta:
        ordering = ["triage_deadline", "pk"]
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        indexes = [
            models.Index(fields=["status", "triage_deadline"]),
            models.Index(fields=["status", "escalated_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(credibility__gte=1, credibility__lte=6),
                name="signal_credibility_1_6",
            ),
            models.CheckConstraint(
                condition=models.Q(reliability__in=["A", "B", "C", "D", "E", "F"]),
                name="signal_reliability_a_f",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def audit_label(self) -> str:
        return f"signaal {self.reference}"

    @property
    def audit_case_id(self) -> int | None:
        return self.case_id

    @property
    def grading(self) -> str:
        """Reliability and credibility kept apart, shown together: e.g. "B2"."""
        return f"{self.reliability}{self.credibility}"

    def is_overdue(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.status == SignalStatus.NEW and self.triage_deadline < now

    def searchable_text(self) -> str:
        """Plain text for the search index (decrypted; the search app applies need-to-know)."""
        parts = [self.reference, self.get_kind_display(), self.what, self.subject, self.noticed_by]
        return "\n".join(str(p) for p in parts if p)


class SignalEntity(models.Model):
    """A phone number, vehicle, address or organisation named in a signal."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="entity_links")
    entity = models.ForeignKey(
        "information.Entity", on_delete=models.PROTECT, related_name="signal_links"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = PolicyManager("signal_entity")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["signal", "entity"], name="unique_signal_entity")
        ]

    def __str__(self) -> str:
        return f"{self.signal_id} → {self.entity_id}"
