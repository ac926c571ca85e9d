"""Resilience care for the protected person and their relatives: conversations in three
phases (impact, consolidation, end phase) with structured notes and agreed follow-ups, and a
buddy (a former protectee) matched with the consent of both.

What may reach the person is kept apart from what may not: a conversation row holds only the
plan (date, channel, phase, expert), which the person sees in the portal; the notes
(`ConversationNotes`) and follow-ups (`FollowUp`) are separate rows whose rules never admit a
portal user. A buddy match holds the protectee's shared items; the buddy is shown only the
items the protectee chose (`BuddyMatch.shared_with_buddy`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weerstand.core.crypto.fields import EncryptedTextField
from weerstand.policy.managers import PolicyManager


class Phase(models.TextChoices):
    IMPACT = "impact", _("Impactfase")
    CONSOLIDATION = "consolidation", _("Consolidatiefase")
    END = "end", _("Eindfase")


# The phase in plain words for the portal (B1): what the conversation is about.
PHASE_FOR_PERSON = {
    Phase.IMPACT: _("Gesprek over hoe het nu met u gaat, kort na de start"),
    Phase.CONSOLIDATION: _("Gesprek over hoe het met u gaat, nu de beveiliging loopt"),
    Phase.END: _("Gesprek over de tijd na de beveiliging"),
}


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("Op een afgesproken plek")
    PHONE = "phone", _("Telefonisch")
    VIDEO = "video", _("Beeldbellen")


class ConversationStatus(models.TextChoices):
    TO_PLAN = "to_plan", _("Nog te plannen")
    PLANNED = "planned", _("Gepland")
    HELD = "held", _("Gehouden")
    CANCELLED = "cancelled", _("Geannuleerd")


OPEN_STATUSES = (ConversationStatus.TO_PLAN, ConversationStatus.PLANNED)


class ResilienceConversation(models.Model):
    """One resilience conversation with the protectee or a relative of a case."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="resilience_conversations"
    )
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="resilience_conversations"
    )
    phase = models.CharField(_("fase"), max_length=16, choices=Phase.choices)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ConversationStatus.choices,
        default=ConversationStatus.PLANNED,
    )
    planned_at = models.DateTimeField(_("datum en tijd"), null=True, blank=True)
    channel = models.CharField(
        _("hoe"), max_length=16, choices=Channel.choices, default=Channel.IN_PERSON
    )
    # Where exactly (a safe place, an address): never shown in the portal.
    place = EncryptedTextField(_("plaats of kanaal"), blank=True)
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resilience_conversations",
    )
    cancel_reason = models.TextField(_("reden annulering"), blank=True)
    held_at = models.DateTimeField(_("gehouden op"), null=True, blank=True)
    # The decision (stop or scale-down) that started an end phase; one per person.
    origin_decision = models.ForeignKey(
        "decisions.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = PolicyManager("resilience_conversation")

    SECRET_FIELDS = ("place",)

    class Meta:
        ordering = ["planned_at", "pk"]
        verbose_name = _("weerbaarheidsgesprek")
        verbose_name_plural = _("weerbaarheidsgesprekken")
        constraints = [
            models.UniqueConstraint(
                fields=["origin_decision", "person"],
                condition=models.Q(origin_decision__isnull=False),
                name="unique_end_phase_per_decision_person",
            )
        ]

    def __str__(self) -> str:
        return f"weerbaarheidsgesprek {self.pk}"

    def audit_label(self) -> str:
        return f"weerbaarheidsgesprek {self.pk} (casus {self.case_id})"

    @property
    def audit_case_id(self) -> int:
        return self.case_id

    @property
    def phase_for_person(self) -> Any:
        return PHASE_FOR_PERSON[Phase(self.phase)]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ConversationNotes(models.Model):
    """What was said, once the conversation was held. Case-team content only: the person
    concerned never reads these through the portal."""

    conversation = models.OneToOneField(
        ResilienceConversation, on_delete=models.CASCADE, related_name="notes"
    )
    wellbeing = EncryptedTextField(_("hoe gaat het met de persoon"))
    worries = EncryptedTextField(_("zorgen"), blank=True)
    strengths = EncryptedTextField(_("wat geeft kracht"), blank=True)
    agreements = EncryptedTextField(_("afspraken"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)

    objects = PolicyManager("resilience_notes")

    SECRET_FIELDS = ("wellbeing", "worries", "strengths", "agreements")

    class Meta:
        verbose_name = _("verslag weerbaarheidsgesprek")
        verbose_name_plural = _("verslagen weerbaarheidsgesprekken")

    def __str__(self) -> str:
        return f"verslag gesprek {self.conversation_id}"

    def audit_label(self) -> str:
        return f"verslag weerbaarheidsgesprek {self.conversation_id}"


class FollowUp(models.Model):
    """An agreed follow-up of a conversation: who does what by when."""

    conversation = models.ForeignKey(
        ResilienceConversation, on_delete=models.CASCADE, related_name="follow_ups"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    description = EncryptedTextField(_("wat is afgesproken"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="resilience_follow_ups"
    )
    due_on = models.DateField(_("uiterlijk op"))
    done_at = models.DateTimeField(_("gedaan op"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    alerted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = PolicyManager("resilience_follow_up")

    SECRET_FIELDS = ("description",)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("vervolgafspraak")
        verbose_name_plural = _("vervolgafspraken")
        indexes = [models.Index(fields=["done_at", "due_on"])]

    def __str__(self) -> str:
        return f"vervolgafspraak {self.pk}"

    def audit_label(self) -> str:
        return f"vervolgafspraak {self.pk} (casus {self.case_id})"

    @property
    def audit_case_id(self) -> int:
        return self.case_id

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def is_overdue(self, today: date | None = None) -> bool:
        return not self.is_done and self.due_on < (today or timezone.localdate())


class BuddyStatus(models.TextChoices):
    PROPOSED = "proposed", _("Voorgesteld, wacht op toestemming")
    ACTIVE = "active", _("Actief")
    WITHDRAWN = "withdrawn", _("Ingetrokken")
    ENDED = "ended", _("Afgelopen")


class ShareItem(models.TextChoices):
    """What the protectee may choose to share with the buddy. Nothing else of the case."""

    FIRST_NAME = "first_name", _("Mijn voornaam")
    CONTACT = "contact", _("Hoe de buddy mij kan bereiken")
    MESSAGE = "message", _("Een kort bericht van mij")


class BuddyMatch(models.Model):
    """A former protectee (the buddy) matched with a protectee, with an end date.

    The buddy is a registry person with a portal account whose own protection has ended
    (`rules.buddy_refusal`). The match is active only when both consented, each through
    their own account; either may withdraw; it ends on `ends_on` (a job)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="buddy_matches")
    protectee = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="buddy_matches_as_protectee"
    )
    buddy = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="buddy_matches_as_buddy"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=BuddyStatus.choices, default=BuddyStatus.PROPOSED
    )
    ends_on = models.DateField(_("einddatum"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    protectee_consent_at = models.DateTimeField(null=True, blank=True)
    buddy_consent_at = models.DateTimeField(null=True, blank=True)
    active_since = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.TextField(blank=True)
    # ShareItem values the protectee chose, and the texts they wrote for the buddy.
    shared_items = models.JSONField(default=list, blank=True)
    contact_text = EncryptedTextField(_("hoe de buddy u kan bereiken"), blank=True)
    message_text = EncryptedTextField(_("bericht aan de buddy"), blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = PolicyManager("buddy_match")

    SECRET_FIELDS = ("contact_text", "message_text")

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("buddykoppeling")
        verbose_name_plural = _("buddykoppelingen")

    def __str__(self) -> str:
        return f"buddykoppeling {self.pk}"

    def audit_label(self) -> str:
        return f"buddykoppeling {self.pk} (casus {self.case_id})"

    @property
    def audit_case_id(self) -> int:
        return self.case_id

    @property
    def is_open(self) -> bool:
        return self.status in (BuddyStatus.PROPOSED, BuddyStatus.ACTIVE)

    def shared_with_buddy(self) -> dict[str, str]:
        """Exactly what the buddy may read: the chosen items, and only while active."""
        if self.status != BuddyStatus.ACTIVE:
            return {}
        out: dict[str, str] = {}
        items = set(self.shared_items or [])
        if ShareItem.FIRST_NAME in items:
            out["first_name"] = self.protectee.first_name
        if ShareItem.CONTACT in items and self.contact_text:
            out["contact"] = self.contact_text
        if ShareItem.MESSAGE in items and self.message_text:
            out["message"] = self.message_text
        return out


class BuddyVolunteer(models.Model):
    """A former protectee who told their resilience expert they want to be a buddy.

    This is how a buddy is represented: the registry person of an ended case, with their own
    portal account (role protectee), put on this list by the resilience expert of that case
    after asking them. Only resilience experts see the list (name only, never the case), so
    nobody learns who was once protected except those who match buddies."""

    person = models.OneToOneField(
        "registry.Person", on_delete=models.PROTECT, related_name="buddy_volunteer"
    )
    active = models.BooleanField(default=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    registered_at = models.DateTimeField(default=timezone.now)

    objects = PolicyManager("buddy_volunteer")

    class Meta:
        ordering = ["person__first_name", "person__last_name", "pk"]
        verbose_name = _("beschikbare buddy")
        verbose_name_plural = _("beschikbare buddy's")

    def __str__(self) -> str:
        return f"beschikbare buddy {self.pk}"

    def audit_label(self) -> str:
        return f"beschikbare buddy {self.pk}"
