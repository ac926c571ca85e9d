"""Retention: rules per object type and legal basis, legal holds, signed destruction reports,
and the person's access requests (AVG/Wpg inzage).

None of these rows carries the content of what they govern: a rule names an object type, a
hold and a report name objects by type and id, an access request's items name objects by
type, id and a non-content reference ("casus ZAAK-2026-0001"). See docs/architecture.md,
"Retention and the audit chain".
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weerstand.policy.managers import PolicyManager


class CountedFrom(models.TextChoices):
    CASE_CLOSED = "case_closed", _("Sluiting van de casus")
    PROTECTION_ENDED = "protection_ended", _("Einde van de beveiliging")
    PRODUCT_DATE = "product_date", _("Datum van het product")
    SIGNAL_DATE = "signal_date", _("Datum van het signaal")


class RetentionAction(models.TextChoices):
    DESTROY = "destroy", _("Vernietigen")
    ANONYMISE = "anonymise", _("Anonimiseren")


def object_type_label(code: str) -> str:
    """The registered object type's name in words; the code itself when it is unknown."""
    from weerstand.retention import types

    found = types.all_types().get(code)
    return str(found.label) if found else code


class RetentionRule(models.Model):
    """How long one object type kept under one legal basis (or any basis) may be kept."""

    object_type = models.CharField(_("soort object"), max_length=64)
    # A LegalBasis code, or "" for every basis without a rule of its own.
    legal_basis = models.CharField(_("grondslag"), max_length=64, blank=True)
    period_days = models.PositiveIntegerField(_("bewaartermijn (dagen)"))
    counted_from = models.CharField(_("gerekend vanaf"), max_length=32, choices=CountedFrom.choices)
    action = models.CharField(_("handeling"), max_length=16, choices=RetentionAction.choices)
    active = models.BooleanField(_("actief"), default=True)
    note = models.TextField(_("toelichting"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    objects = PolicyManager("retention_rule")

    class Meta:
        ordering = ["object_type", "legal_basis"]
        verbose_name = _("bewaarregel")
        verbose_name_plural = _("bewaarregels")
        constraints = [
            models.UniqueConstraint(
                fields=["object_type", "legal_basis"], name="unique_retention_rule"
            )
        ]

    def __str__(self) -> str:
        return f"{self.object_type}/{self.legal_basis or '*'}: {self.period_days}d"

    @property
    def object_type_label(self) -> str:
        return object_type_label(self.object_type)

    def audit_label(self) -> str:
        return f"bewaarregel {self.pk}"

    def expires_on(self, start: date) -> date:
        return start + timedelta(days=self.period_days)


class HoldKind(models.TextChoices):
    INQUIRY = "inquiry", _("Onderzoek")
    OBJECTION = "objection", _("Bezwaar")
    LITIGATION = "litigation", _("Rechtszaak")
    INSPECTION = "inspection", _("Inspectie")


class LegalHold(models.Model):
    """While a hold is in force (not lifted), what it covers is never destroyed: a whole case
    (everything linked to it) or one object of a retention type."""

    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_type = models.CharField(_("soort object"), max_length=64, blank=True)
    object_id = models.PositiveBigIntegerField(_("objectnummer"), null=True, blank=True)
    kind = models.CharField(_("soort bewaarplicht"), max_length=16, choices=HoldKind.choices)
    reason = models.TextField(_("reden"))
    placed_at = models.DateTimeField(default=timezone.now)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lift_reason = models.TextField(_("reden van opheffen"), blank=True)

    objects = PolicyManager("legal_hold")

    class Meta:
        ordering = ["-placed_at", "-pk"]
        verbose_name = _("bewaarplicht")
        verbose_name_plural = _("bewaarplichten")
        constraints = [
            models.CheckConstraint(
                condition=(Q(case__isnull=False) & Q(object_type="") & Q(object_id__isnull=True))
                | (Q(case__isnull=True) & ~Q(object_type="") & Q(object_id__isnull=False)),
                name="legal_hold_case_or_object",
            )
        ]

    def __str__(self) -> str:
        return f"hold {self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Placed once, lifted once (`services.lift_hold`); a lifted hold is history."""
        if self.pk is not None:
            stored = type(self)._base_manager.filter(pk=self.pk).values_list("lifted_at", flat=True)
            if stored.first() is not None:
                raise RuntimeError("A lifted legal hold is never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("A legal hold is never deleted; lift it")

    @property
    def object_type_label(self) -> str:
        return object_type_label(self.object_type)

    def audit_label(self) -> str:
        return f"bewaarplicht {self.pk}"

    @property
    def in_force(self) -> bool:
        return self.lifted_at is None


class DestructionReport(models.Model):
    """One run of `apply-retention`: what was destroyed or anonymised and what a hold kept,
    each by type, id, rule, legal basis and dates; never content. `items` is signed as it is
    (Ed25519 with the audit signing key), so the report cannot be altered unnoticed."""

    run_at = models.DateTimeField()
    # The moment the run counted from (a test runs with a moment in the future).
    as_of = models.DateTimeField()
    items = models.JSONField(default=list)
    destroyed_count = models.PositiveIntegerField(default=0)
    withheld_count = models.PositiveIntegerField(default=0)
    key_id = models.CharField(max_length=32)
    signature = models.CharField(max_length=128)

    objects = PolicyManager("destruction_report")

    class Meta:
        ordering = ["-run_at", "-pk"]
        verbose_name = _("vernietigingsverslag")
        verbose_name_plural = _("vernietigingsverslagen")

    def __str__(self) -> str:
        return f"report {self.pk}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise RuntimeError("A destruction report is never changed after it is signed")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise RuntimeError("A destruction report is never deleted")

    def audit_label(self) -> str:
        return f"vernietigingsverslag {self.pk}"


class AccessRequestStatus(models.TextChoices):
    RECEIVED = "received", _("Ontvangen")
    COMPLETED = "completed", _("Afgehandeld")


class AccessException(models.TextChoices):
    STATE_SECURITY = "state_security", _("Veiligheid van de staat")
    INVESTIGATION = "investigation", _("Belang van opsporing en vervolging")
    RIGHTS_OF_OTHERS = "rights_of_others", _("Rechten en vrijheden van anderen")
    PROTECTION = "protection", _("Bescherming van de betrokkene of anderen")
    SOURCE = "source", _("Bescherming van bronnen")


class AccessRequest(models.Model):
    """A person's request to see what is recorded about them (AVG art. 15 / Wpg art. 25)."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField(_("ontvangen op"))
    deadline = models.DateField(_("uiterste datum"))
    extended = models.BooleanField(default=False)
    extension_reason = models.TextField(_("reden van verlenging"), blank=True)
    status = models.CharField(
        max_length=16, choices=AccessRequestStatus.choices, default=AccessRequestStatus.RECEIVED
    )
    summary = models.TextField(_("samenvatting antwoord"), blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = PolicyManager("access_request")

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("inzageverzoek")
        verbose_name_plural = _("inzageverzoeken")

    def __str__(self) -> str:
        return f"access request {self.pk}"

    def audit_label(self) -> str:
        return f"inzageverzoek {self.pk}"


class ItemDecision(models.TextChoices):
    PENDING = "pending", _("Nog te beslissen")
    DISCLOSE = "disclose", _("Verstrekken")
    WITHHOLD = "withhold", _("Weigeren (uitzondering)")


class AccessRequestItem(models.Model):
    """One object recorded about the person, as a reference, with the decision on it."""

    request = models.ForeignKey(AccessRequest, on_delete=models.PROTECT, related_name="items")
    object_type = models.CharField(max_length=64)
    object_id = models.PositiveBigIntegerField()
    reference = models.CharField(_("verwijzing"), max_length=120)
    decision = models.CharField(
        max_length=16, choices=ItemDecision.choices, default=ItemDecision.PENDING
    )
    exception = models.CharField(
        _("wettelijke uitzondering"), max_length=32, choices=AccessException.choices, blank=True
    )
    reason = models.TextField(_("motivering"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = PolicyManager("access_request")

    class Meta:
        ordering = ["object_type", "object_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "object_type", "object_id"], name="unique_access_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.object_type}:{self.object_id}"

    def audit_label(self) -> str:
        return f"onderdeel {self.pk} van inzageverzoek {self.request_id}"
