"""Compartments and break-glass grants: the data the access policy reasons over.

The rules themselves are Python code in `policy.rules`, not rows in the database, so they can be
reviewed and tested (STYLE.md: no editable ORM filters as permissions).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CompartmentKind(models.TextChoices):
    CASE_TEAM = "case_team", _("Casusteam")
    CROWN_WITNESS = "crown_witness", _("Kroongetuigetraject")
    SHIELDED_INVESTIGATION = "shielded_investigation", _("Afgeschermd onderzoek")


class Compartment(models.Model):
    """A need-to-know group. Its name and members are visible only to its members."""

    kind = models.CharField(max_length=32, choices=CompartmentKind.choices)
    name = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("compartiment")
        verbose_name_plural = _("compartimenten")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"


class MemberFunction(models.TextChoices):
    """What a member does in a compartment. The owner manages the membership; which roles may
    hold which function on a case team is the cases app's rule (`cases.rules.TEAM_FUNCTIONS`)."""

    OWNER = "owner", _("Eigenaar")
    MEMBER = "member", _("Lid")
    ANALYST = "analyst", _("Analist")
    CHALLENGER = "challenger", _("Tegenspreker")
    SENIOR_ANALYST = "senior_analyst", _("Senior analist")
    DECISION_MAKER = "decision_maker", _("Besluitvormer")
    COORDINATOR = "coordinator", _("Coördinator LCC")
    LIAISON = "liaison", _("Liaison")
    PLANNER = "planner", _("Planner")
    RESILIENCE_EXPERT = "resilience_expert", _("Expert weerbaarheid")
    INFORMATION_COORDINATOR = "information_coordinator", _("Informatiecoördinator")
    PROSECUTOR = "prosecutor", _("Officier van justitie")
    OVERSIGHT = "oversight", _("Toezicht")


class CompartmentMembership(models.Model):
    compartment = models.ForeignKey(
        Compartment, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    function = models.CharField(max_length=32, choices=MemberFunction.choices, default="member")
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["compartment", "user"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.compartment}"


class BreakGlassGrant(models.Model):
    """Emergency access to one case: reasoned, time-limited, alerted and reviewed later."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass_grants"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="break_glass")
    reason = models.TextField()
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviewed_break_glass",
    )
    review_note = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"noodtoegang {self.user} → casus {self.case_id}"

    def is_active(self) -> bool:
        return self.expires_at > timezone.now()


class Alert(models.Model):
    """A notice to a user (e.g. a case owner told about break-glass access to their case)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts"
    )
    case = models.ForeignKey("cases.Case", null=True, on_delete=models.CASCADE, related_name="+")
    message = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.message[:60]


class ChangeKind(models.TextChoices):
    ADD = "add", _("Toevoegen")
    REMOVE = "remove", _("Verwijderen")


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("Wacht op een tweede persoon")
    APPLIED = "applied", _("Doorgevoerd")
    REJECTED = "rejected", _("Afgewezen")


class CompartmentChange(models.Model):
    """A proposed change of who is in a restricting compartment. It takes effect only when a
    second person of the owning side approves it (four eyes on need-to-know itself)."""

    compartment = models.ForeignKey(Compartment, on_delete=models.CASCADE, related_name="changes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=ChangeKind.choices)
    function = models.CharField(
        max_length=32, choices=MemberFunction.choices, default=MemberFunction.MEMBER
    )
    reason = models.TextField()
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=16, choices=ChangeStatus.choices, default=ChangeStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-proposed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.compartment_id}: {self.kind} {self.user_id} ({self.status})"

    def audit_label(self) -> str:
        return f"compartimentwijziging {self.pk}"
