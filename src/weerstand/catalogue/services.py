"""Changes to the catalogue: always a new version with an effective date, audited.

Decisions point at the versions they used, so a version row is never edited after it was
written, except to close it (`effective_until`) when a newer version takes over.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases.models import Phenomenon
from weerstand.catalogue.models import (
    ExecutingKind,
    LocalPower,
    Measure,
    Package,
    PhenomenonProfile,
    Versioned,
    VersionedQuerySet,
)
from weerstand.core.errors import InvalidParam, NotPermitted, ValidationFailed
from weerstand.core.locks import serialise
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource

MEASURE_FIELDS = (
    "name",
    "description",
    "executing_kinds",
    "officers",
    "qualifications",
    "start_hour",
    "end_hour",
    "weekdays",
    "mixed_team_allowed",
    "touches_local_powers",
)
PACKAGE_FIELDS = ("name", "description", "phenomenon", "resistance_level")
PROFILE_FIELDS = ("name", "description", "phenomenon")


@dataclass
class Revision:
    """One change to a catalogue entry: new values, from when, and why."""

    changes: dict[str, Any]
    effective_from: date
    reason: str
    measure_codes: list[str] | None = None  # packages only
    extra: dict[str, Any] = field(default_factory=dict)


def _require_editor(actor: Any) -> None:
    engine.require_principal(actor)
    if not engine.can(actor, Resource.CATALOGUE, Action.CHANGE):
        raise NotPermitted("U mag de catalogus niet wijzigen.")


def _validate_measure(values: dict[str, Any]) -> None:
    from weerstand.capacity.qualifications import Qualification

    errors: list[InvalidParam] = []
    if not str(values.get("name", "")).strip():
        errors.append(InvalidParam("name", "required", "Geef een naam."))
    kinds = values.get("executing_kinds") or []
    if not kinds or any(k not in ExecutingKind.values for k in kinds):
        errors.append(
            InvalidParam("executingKinds", "invalid", "Kies politie, KMar, privaat of gemeente.")
        )
    if any(q not in Qualification.values for q in values.get("qualifications") or []):
        errors.append(InvalidParam("qualifications", "invalid-choice", "Onbekende kwalificatie."))
    start, end = int(values.get("start_hour", 0)), int(values.get("end_hour", 24))
    if not (0 <= start < end <= 24):
        errors.append(InvalidParam("endHour", "invalid", "Van moet vóór tot liggen (0 tot 24)."))
    days = values.get("weekdays") or []
    if not days or any(not isinstance(d, int) or not 0 <= d <= 6 for d in days):
        errors.append(InvalidParam("weekdays", "invalid", "Dagen 0 (ma) tot en met 6 (zo)."))
    if int(values.get("officers", 0)) < 0:
        errors.append(InvalidParam("officers", "invalid", "Niet negatief."))
    if values.get("touches_local_powers", "") not in LocalPower.values:
        errors.append(InvalidParam("touchesLocalPowers", "invalid-choice", "Onbekende waarde."))
    if errors:
        raise ValidationFailed("De maatregel is niet geldig.", invalid_params=errors)


def _latest[V: Versioned](versions: VersionedQuerySet[V], code: str) -> V | None:
    return versions.filter(code=code).order_by("-version").first()


def _new_version[V: Versioned](
    versions: VersionedQuerySet[V],
    actor: Any,
    code: str,
    values: dict[str, Any],
    effective_from: date,
    reason: str,
) -> tuple[V, V | None]:
    """Write version n+1 of `code` from `effective_from`; close version n the day before."""
    if effective_from < timezone.localdate():
        raise ValidationFailed(
            "Een wijziging gaat niet met terugwerkende kracht in.",
            invalid_params=[InvalidParam("effectiveFrom", "in-past", "Vandaag of later.")],
        )
    if len((reason or "").strip()) < 5:
        raise ValidationFailed(
            "Geef de reden van de wijziging.",
            invalid_params=[InvalidParam("reason", "required", "Minimaal 5 tekens.")],
        )
    serialise(f"catalogue-{versions.model._meta.model_name}-{code}")
    previous = _latest(versions, code)
    if previous is not None and previous.effective_from >= effective_from:
        raise ValidationFailed(
            "Er is al een versie die op of na deze datum ingaat.",
            invalid_params=[
                InvalidParam("effectiveFrom", "overlap", "Na de ingangsdatum van de vorige.")
            ],
        )
    if previous is not None:
        versions.filter(pk=previous.pk).update(effective_until=effective_from - timedelta(days=1))
    row = versions.create(
        code=code,
        version=(previous.version + 1) if previous else 1,
        effective_from=effective_from,
        change_reason=reason.strip(),
        created_by=actor,
        **values,
    )
    return row, previous


def save_measure(actor: Any, code: str, revision: Revision) -> Measure:
    """Create a measure or revise it (a new version from `revision.effective_from`)."""
    _require_editor(actor)
    with transaction.atomic():
        previous = _latest(Measure.objects.all(), code)
        base = {f: getattr(previous, f) for f in MEASURE_FIELDS} if previous else {}
        values = {**base, **{k: v for k, v in revision.changes.items() if k in MEASURE_FIELDS}}
        _validate_measure(values)
        row, prev = _new_version(
            Measure.objects.all(), actor, code, values, revision.effective_from, revision.reason
        )
        # Packages name measures by code (see Package.measures_on), so nothing else changes.
        audit.record(
            AuditAction.CREATE,
            row,
            changes=audit.field_changes(base, values)
            | {"version": [prev and prev.version, row.version]},
            reason=revision.reason,
            actor=actor,
        )
    return row


def save_package(actor: Any, code: str, revision: Revision) -> Package:
    """Create or revise a package; `measure_codes` names its measures (in force on the date)."""
    _require_editor(actor)
    with transaction.atomic():
        previous = _latest(Package.objects.all(), code)
        base = {f: getattr(previous, f) for f in PACKAGE_FIELDS} if previous else {}
        values = {**base, **{k: v for k, v in revision.changes.items() if k in PACKAGE_FIELDS}}
        errors = []
        if values.get("phenomenon") not in Phenomenon.values:
            errors.append(InvalidParam("phenomenon", "invalid-choice", "Onbekend fenomeen."))
        if int(values.get("resistance_level") or 0) not in (1, 2, 3, 4):
            errors.append(
                InvalidParam("resistanceLevel", "invalid-choice", "Niveau 1 tot en met 4.")
            )
        if not str(values.get("name", "")).strip():
            errors.append(InvalidParam("name", "required", "Geef een naam."))
        codes = revision.measure_codes
        if codes is None:
            codes = list(previous.measures.values_list("code", flat=True)) if previous else []
        measures = list(Measure.objects.in_force(revision.effective_from).filter(code__in=codes))
        if not codes or len({m.code for m in measures}) != len(set(codes)):
            errors.append(
                InvalidParam("measures", "invalid", "Kies maatregelen die op die datum gelden.")
            )
        if errors:
            raise ValidationFailed("Het pakket is niet geldig.", invalid_params=errors)
        row, prev = _new_version(
            Package.objects.all(), actor, code, values, revision.effective_from, revision.reason
        )
        row.measures.set(measures)
        before_codes = sorted(previous.measures.values_list("code", flat=True)) if previous else []
        audit.record(
            AuditAction.CREATE,
            row,
            changes=audit.field_changes(base, values)
            | {
                "version": [prev and prev.version, row.version],
                "measures": [before_codes, sorted(m.code for m in measures)],
            },
            reason=revision.reason,
            actor=actor,
        )
    return row


def save_profile(actor: Any, code: str, revision: Revision) -> PhenomenonProfile:
    _require_editor(actor)
    with transaction.atomic():
        previous = _latest(PhenomenonProfile.objects.all(), code)
        base = {f: getattr(previous, f) for f in PROFILE_FIELDS} if previous else {}
        values = {**base, **{k: v for k, v in revision.changes.items() if k in PROFILE_FIELDS}}
        if values.get("phenomenon") not in Phenomenon.values:
            raise ValidationFailed(
                "Onbekend fenomeen.",
                invalid_params=[InvalidParam("phenomenon", "invalid-choice", "Onbekend.")],
            )
        row, _prev = _new_version(
            PhenomenonProfile.objects.all(),
            actor,
            code,
            values,
            revision.effective_from,
            revision.reason,
        )
        audit.record(
            AuditAction.CREATE,
            row,
            changes=audit.field_changes(base, values),
            reason=revision.reason,
            actor=actor,
        )
    return row


def standard_package(phenomenon: str, level: int, on: date) -> Package | None:
    """The package the catalogue proposes for this phenomenon and level on that date."""
    return (
        Package.objects.in_force(on)
        .filter(phenomenon=phenomenon, resistance_level=level)
        .order_by("code")
        .first()
    )


def measure_in_force(code: str, on: date) -> Measure | None:
    return Measure.objects.in_force(on).filter(code=code).first()
