"""Consultation between protection (NCTV, LCC) and prosecution (OM, police investigation)
on a case that touches a running investigation (OvV recommendation 3).

A consultation is a record, never edited after it was recorded: a correction is a new
consultation that names the earlier one (`corrects`). Only the completion of a follow-up
action is added later. The texts hold operational detail of an investigation, so they are
encrypted at rest and reach only the case team members of both sides (`rules.py`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weerstand.core.crypto.fields import EncryptedTextField
from weerstand.policy.managers import PolicyManager


class Side(models.TextChoices):
    PROTECTION = "protection", _("Beveiliging (NCTV, LCC)")
    INVESTIGATION = "investigation", _("Opsporing en vervolging (OM, politie)")


class Interest(models.TextChoices):
    PROTECTION = "protection", _("Beveiligingsbelang")
    INVESTIGATION = "investigation", _("Opsporingsbelang")
    BOTH = "both", _("Beide belangen")


class CaseInvestigationLink(models.Model):
    """The case team's record that a case touches a running investigation: which OM office
    and which investigation (by its name). Together with an OM transfer or a shielded
    investigation compartment it makes a consultation required."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="investigation_links"
    )
    om_office = models.CharField(_("parket van het OM"), max_length=200)
    investigation_name = EncryptedTextField(_("naam van het onderzoek"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = PolicyManager("consultation")

    SECRET_FIELDS = ("investigation_name",)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("koppeling met een lopend onderzoek")
        verbose_name_plural = _("koppelingen met een lopend onderzoek")

    def __str__(self) -> str:
        return f"onderzoek bij casus {self.case_id}"

    def audit_label(self) -> str:
        return f"koppeling onderzoek {self.pk}"


class Consultation(models.Model):
    """One recorded consultation: who, when, which interests, what was agreed."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="consultations")
    held_at = models.DateTimeField(_("gehouden op"))
    interests = models.CharField(_("gewogen belangen"), max_length=16, choices=Interest.choices)
    protection_interest = EncryptedTextField(_("belang van de beveiliging"))
    investigation_interest = EncryptedTextField(_("belang van de opsporing"))
    sharing_agreement = EncryptedTextField(_("afspraken over delen van informatie"))
    timing_agreement = EncryptedTextField(_("afspraken over timing"))
    key_date = models.DateField(_("belangrijke datum"), null=True, blank=True)
    key_date_event = models.CharField(_("wat er op die datum gebeurt"), max_length=200, blank=True)
    corrects = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        verbose_name=_("corrigeert"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = PolicyManager("consultation")

    SECRET_FIELDS = (
        "protection_interest",
        "investigation_interest",
        "sharing_agreement",
        "timing_agreement",
    )

    # Not columns: set by `selectors.attach`, read through the policy.
    people: list[Participant]
    actions: list[FollowUp]

    class Meta:
        ordering = ["-held_at", "-pk"]
        verbose_name = _("afstemmingsoverleg")
        verbose_name_plural = _("afstemmingsoverleggen")

    def __str__(self) -> str:
        return f"afstemming {self.pk} casus {self.case_id}"

    def audit_label(self) -> str:
        return f"afstemmingsoverleg {self.pk}"


class Participant(models.Model):
    """A user who took part, and for which side."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="participants"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    side = models.CharField(max_length=16, choices=Side.choices)

    objects = PolicyManager("consultation")

    class Meta:
        ordering = ["side", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "user"], name="unique_consultation_participant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} ({self.side})"


class FollowUp(models.Model):
    """An agreed action: who does what by when; completion is the only later change."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="follow_ups"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    description = EncryptedTextField(_("actie"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("uiterlijk op"))
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = PolicyManager("consultation")

    SECRET_FIELDS = ("description",)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"actie {self.pk} afstemming {self.consultation_id}"

    def audit_label(self) -> str:
        return f"actie afstemmingsoverleg {self.pk}"
