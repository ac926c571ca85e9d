"""One voice towards the protected person: a fixed contact person per case, and a log of
everything told to the protectee, relatives and the employer.

The OvV found that protected persons got contradictory signals from different officials.
Here each case has one named official of the responsible organisation (with a deputy) who
speaks for the case, and every message to a person concerned is logged by them, so the case
team and the inspectorate see what was told to whom and notice when messages differ.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weerstand.core.crypto.fields import EncryptedTextField
from weerstand.policy.managers import PolicyManager


class ContactPerson(models.Model):
    """The case's current contact person and deputy (one row per case, versioned).

    The work phone numbers live here because a user account holds none; the note is for the
    case team only (e.g. "not reachable on Fridays"), never shown in the portal.
    """

    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, related_name="contact_person"
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="contact_for",
        verbose_name=_("vaste contactpersoon"),
    )
    contact_phone = models.CharField(_("telefoon contactpersoon (werk)"), max_length=32)
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deputy_for",
        verbose_name=_("vervanger"),
    )
    deputy_phone = models.CharField(_("telefoon vervanger (werk)"), max_length=32, blank=True)
    note = EncryptedTextField(_("notitie voor het casusteam"), blank=True)
    since = models.DateTimeField(_("sinds"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = PolicyManager("contact_person")

    class Meta:
        verbose_name = _("vaste contactpersoon")
        verbose_name_plural = _("vaste contactpersonen")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(contact=models.F("deputy")),
                name="contact_deputy_differs",
            )
        ]

    def __str__(self) -> str:
        return f"contactpersoon casus {self.case_id}"

    def audit_label(self) -> str:
        return f"vaste contactpersoon casus {self.case_id}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id


class ContactPersonChange(models.Model):
    """History: who was contact person (and deputy) from when, who changed it and why."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="contact_person_changes"
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reden"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = PolicyManager("contact_person_change")

    class Meta:
        ordering = ["-starts_at", "-pk"]

    def __str__(self) -> str:
        return f"contactpersoon casus {self.case_id} vanaf {self.starts_at:%Y-%m-%d}"

    def audit_label(self) -> str:
        return f"wijziging contactpersoon casus {self.case_id}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id


class Channel(models.TextChoices):
    PHONE = "phone", _("Telefoon")
    IN_PERSON = "in_person", _("In een gesprek")
    LETTER = "letter", _("Brief")
    PORTAL = "portal", _("Bericht in het portaal")
    EMAIL = "email", _("E-mail")


class Topic(models.TextChoices):
    """What a message is about; messages on one topic are compared across the persons of a
    case (`contact.selectors.case_log`)."""

    MEASURES = "measures", _("Beveiligingsmaatregelen")
    CAPACITY = "capacity", _("Tijdelijk minder beveiliging")
    DECISION = "decision", _("Besluit")
    THREAT = "threat", _("Dreiging en signalen")
    CONTACT = "contact", _("Contact en bereikbaarheid")
    RESILIENCE = "resilience", _("Weerbaarheid en ondersteuning")
    OTHER = "other", _("Overig")


class SpeakingAs(models.TextChoices):
    CONTACT = "contact", _("Vaste contactpersoon")
    DEPUTY = "deputy", _("Vervanger")
    OWNER = "owner", _("Eigenaar casus (geen contactpersoon aangewezen)")


class Communication(models.Model):
    """One message to a person concerned: what was told, to whom, by whom, when, how.

    Never edited or deleted: a correction is a new message that names the earlier one.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="communications")
    recipient = models.ForeignKey(
        "cases.CasePerson", on_delete=models.PROTECT, related_name="communications"
    )
    # The registry person addressed, kept even if the link to the case is later changed:
    # the portal shows a person only the messages addressed to them.
    recipient_person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="communications"
    )
    recipient_role = models.CharField(max_length=32)
    told_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    told_by_name = models.CharField(max_length=200)
    speaking_as = models.CharField(max_length=16, choices=SpeakingAs.choices)
    told_at = models.DateTimeField(_("wanneer"))
    channel = models.CharField(_("kanaal"), max_length=16, choices=Channel.choices)
    topic = models.CharField(_("onderwerp"), max_length=16, choices=Topic.choices, blank=True)
    text = EncryptedTextField(_("wat is verteld"))
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    # A temporary change of protection (capacity shortfall): the period it covers and how
    # much (shifts, officers short), for the protectee's notice. Empty for other messages.
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = PolicyManager("communication")

    class Meta:
        ordering = ["told_at", "pk"]
        verbose_name = _("bericht aan betrokkene")
        verbose_name_plural = _("berichten aan betrokkenen")
        indexes = [models.Index(fields=["case", "told_at"])]

    def __str__(self) -> str:
        return f"bericht {self.pk} casus {self.case_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise RuntimeError("Een gelogd bericht wordt nooit gewijzigd; leg een correctie vast.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise RuntimeError("Een gelogd bericht wordt nooit verwijderd.")

    def audit_label(self) -> str:
        return f"bericht {self.pk} aan betrokkene"

    @property
    def audit_case_id(self) -> int:
        return self.case_id
