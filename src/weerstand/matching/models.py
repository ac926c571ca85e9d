"""Shielded investigations, their selectors and those of protection cases, and hits (issue 17).

A selector is stored only as a keyed hash of its normalised value (`digests`), with the kind,
the key version and a short label its registrant chose ("telefoon 1"). There is deliberately no
field for the value itself, not even encrypted: matching needs equality only, and a stored
value could be read back by whoever holds the field keys.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weerstand.matching.normalise import SelectorKind
from weerstand.policy.managers import PolicyManager


class ShieldedInvestigation(models.Model):
    """A shielded criminal investigation, in its own restricting compartment."""

    compartment = models.OneToOneField(
        "policy.Compartment", on_delete=models.PROTECT, related_name="shielded_investigation"
    )
    title = models.CharField(_("naam"), max_length=200)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = PolicyManager("shielded_investigation")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("afgeschermd onderzoek")
        verbose_name_plural = _("afgeschermde onderzoeken")

    def __str__(self) -> str:
        return f"afgeschermd onderzoek {self.pk}"


class SelectorSide(models.TextChoices):
    INVESTIGATION = "investigation", _("Afgeschermd onderzoek")
    CASE = "case", _("Beveiligingscasus")


class SelectorSource(models.TextChoices):
    REGISTERED = "registered", _("Geregistreerd")
    DERIVED = "derived", _("Afgeleid uit de personen van de casus")


class Selector(models.Model):
    """One keyed hash on one side. `matched_at` is empty until the matching job has seen it."""

    side = models.CharField(max_length=16, choices=SelectorSide.choices)
    investigation = models.ForeignKey(
        ShieldedInvestigation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="selectors",
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("soort"), max_length=16, choices=SelectorKind.choices)
    key_version = models.PositiveSmallIntegerField()
    digest = models.CharField(max_length=64)
    label = models.CharField(_("label"), max_length=60)
    source = models.CharField(
        max_length=16, choices=SelectorSource.choices, default=SelectorSource.REGISTERED
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    matched_at = models.DateTimeField(null=True, blank=True)

    objects = PolicyManager("selector")

    class Meta:
        ordering = ["pk"]
        verbose_name = _("selector")
        indexes = [
            models.Index(fields=["kind", "key_version", "digest"]),
            # The matching job finds unseen selectors, and those it marked, by this column.
            models.Index(fields=["matched_at"], name="matching_selector_seen_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(side="investigation", investigation__isnull=False, case__isnull=True)
                    | Q(side="case", case__isnull=False, investigation__isnull=True)
                ),
                name="matching_selector_one_side",
            ),
            models.UniqueConstraint(
                fields=["investigation", "kind", "key_version", "digest"],
                condition=Q(side="investigation"),
                name="matching_selector_unique_investigation",
            ),
            models.UniqueConstraint(
                fields=["case", "kind", "key_version", "digest", "source"],
                condition=Q(side="case"),
                name="matching_selector_unique_case",
            ),
        ]

    def __str__(self) -> str:
        return f"selector {self.pk}"


class HitStatus(models.TextChoices):
    NEW = "new", _("Nieuw")
    SHARED = "shared", _("Gedeeld")
    NOT_SHARED = "not_shared", _("Niet gedeeld")


class Hit(models.Model):
    """An investigation selector equal to a protection case's selector: seen only by the
    information coordinators of that investigation."""

    investigation = models.ForeignKey(
        ShieldedInvestigation, on_delete=models.CASCADE, related_name="hits"
    )
    investigation_selector = models.ForeignKey(
        Selector, on_delete=models.CASCADE, related_name="investigation_hits"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    # Kept when a derived case selector is refreshed away: the hit itself stays on record.
    case_selector = models.ForeignKey(
        Selector, null=True, on_delete=models.SET_NULL, related_name="case_hits"
    )
    status = models.CharField(max_length=16, choices=HitStatus.choices, default=HitStatus.NEW)
    created_at = models.DateTimeField(default=timezone.now)

    objects = PolicyManager("hit")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("hit")
        constraints = [
            models.UniqueConstraint(
                fields=["investigation_selector", "case"], name="matching_hit_unique"
            )
        ]

    def __str__(self) -> str:
        return f"hit {self.pk}"


class SharingOutcome(models.TextChoices):
    SHARE = "share", _("Delen")
    NOT_SHARE = "not_share", _("Niet delen")


class SharingDecision(models.Model):
    """What the coordinator decided about a hit: share a threat-information product with the
    hit's protection case, or not (with reasons and a date to reconsider). Append-only: a
    later decision is a new row; only the reminder job marks `reminded_at`."""

    hit = models.ForeignKey(Hit, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(_("besluit"), max_length=16, choices=SharingOutcome.choices)
    reasons = models.TextField(_("motivering"), blank=True)
    legal_basis = models.ForeignKey(
        "information.LegalBasis", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handling = models.CharField(_("behandelvoorschrift"), max_length=32, blank=True)
    product = models.ForeignKey(
        "information.ThreatProduct",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reconsider_on = models.DateField(_("heroverwegen op"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    objects = PolicyManager("sharing_decision")

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("deelbesluit")
        verbose_name_plural = _("deelbesluiten")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(outcome="share", product__isnull=False, legal_basis__isnull=False)
                    | Q(outcome="not_share", reconsider_on__isnull=False)
                ),
                name="matching_sharing_decision_complete",
            )
        ]

    def __str__(self) -> str:
        return f"deelbesluit {self.pk}"
