"""The officer register of the protection units, and their absences (which the planner
respects). Officers are personal data of their organisation: who may change them is the
capacity row rule, who may register or move them is `capacity.rules`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.capacity import rules
from weerstand.capacity.models import Absence, AbsenceKind, Officer, ShiftWish
from weerstand.capacity.qualifications import Qualification
from weerstand.capacity.selectors import dm_unit_kinds
from weerstand.core.errors import ConcurrencyConflict, InvalidParam, NotPermitted, ValidationFailed
from weerstand.organisations.models import Unit
from weerstand.policy import engine
from weerstand.policy.table import Action


@dataclass
class OfficerData:
    unit: Unit
    first_name: str
    last_name: str
    badge: str
    qualifications: Sequence[str]
    contract_hours: int = 36
    active: bool = True
    shift_wish: str = ""


def _check_officer(data: OfficerData) -> None:
    errors = []
    if not data.first_name.strip() or not data.last_name.strip():
        errors.append(InvalidParam("last_name", "required", _("Naam is verplicht.")))
    if not data.badge.strip():
        errors.append(InvalidParam("badge", "required", _("Personeelsnummer is verplicht.")))
    unknown = sorted(set(data.qualifications) - set(Qualification.values))
    if unknown:
        errors.append(
            InvalidParam("qualifications", "invalid-choice", _("Onbekende kwalificatie."))
        )
    if not 0 <= int(data.contract_hours) <= 60:
        errors.append(InvalidParam("contract_hours", "range", _("Tussen 0 en 60 uur.")))
    if data.shift_wish not in ShiftWish.values:
        errors.append(InvalidParam("shift_wish", "invalid-choice", _("Onbekende voorkeur.")))
    if data.unit.kind not in dm_unit_kinds():
        errors.append(InvalidParam("unit", "invalid", _("Geen beveiligingseenheid.")))
    if errors:
        raise ValidationFailed(
            _("De gegevens van de medewerker zijn niet volledig."), invalid_params=errors
        )


def create_officer(actor: Any, data: OfficerData) -> Officer:
    engine.require_principal(actor)
    if not rules.may_register_officers(actor):
        raise NotPermitted(_("U mag geen medewerkers registreren."))
    if not rules.may_manage_unit(actor, data.unit, Action.CREATE):
        raise NotPermitted(_("U mag alleen medewerkers van uw eigen organisatie registreren."))
    _check_officer(data)
    try:
        with transaction.atomic():
            officer = Officer.objects.create(
                unit=data.unit,
                first_name=data.first_name.strip(),
                last_name=data.last_name.strip(),
                badge=data.badge.strip(),
                qualifications=sorted(set(data.qualifications)),
                contract_hours=int(data.contract_hours),
                active=data.active,
                shift_wish=data.shift_wish,
            )
            audit.record(
                AuditAction.CREATE,
                officer,
                changes={"unit": [None, data.unit.code], "badge": [None, officer.badge]},
                actor=actor,
            )
    except IntegrityError as exc:
        raise ValidationFailed(
            _("Dit personeelsnummer bestaat al."),
            invalid_params=[InvalidParam("badge", "unique", _("Bestaat al."))],
        ) from exc
    return officer


def update_officer(
    actor: Any, officer_id: int, changes: dict[str, Any], *, expected_version: int
) -> Officer:
    """Edit an officer with optimistic concurrency; a stale version changes nothing."""
    unknown = sorted(set(changes) - set(Officer.EDITABLE_FIELDS))
    if unknown:
        raise ValidationFailed(
            _("Deze velden kunnen niet worden gewijzigd."),
            invalid_params=[InvalidParam(n, "read-only", _("Niet wijzigbaar.")) for n in unknown],
        )
    with transaction.atomic():
        officer = engine.get_for(
            Officer.objects.select_for_update().select_related("unit"),
            actor,
            Action.CHANGE,
            pk=officer_id,
        )
        if expected_version != officer.version:
            raise ConcurrencyConflict(
                _("Versie %(old)s is verouderd; de huidige versie is %(new)s.")
                % {"old": expected_version, "new": officer.version}
            )
        merged = OfficerData(
            unit=changes.get("unit", officer.unit),
            first_name=changes.get("first_name", officer.first_name),
            last_name=changes.get("last_name", officer.last_name),
            badge=officer.badge,
            qualifications=changes.get("qualifications", officer.qualifications),
            contract_hours=changes.get("contract_hours", officer.contract_hours),
            active=changes.get("active", officer.active),
            shift_wish=changes.get("shift_wish", officer.shift_wish),
        )
        if merged.unit.pk != officer.unit_id and not rules.may_manage_unit(
            actor, merged.unit, Action.CHANGE
        ):
            raise NotPermitted(_("U mag geen medewerker naar een andere organisatie verplaatsen."))
        _check_officer(merged)
        if "qualifications" in changes:
            changes["qualifications"] = sorted(set(changes["qualifications"]))
        diff = {}
        for name, new in changes.items():
            old = getattr(officer, name)
            if old != new:
                diff[name] = [getattr(old, "code", old), getattr(new, "code", new)]
        Officer.objects.filter(pk=officer.pk, version=expected_version).update(
            version=F("version") + 1, updated_at=timezone.now(), **changes
        )
        officer.refresh_from_db()
        audit.record(AuditAction.UPDATE, officer, changes=diff, actor=actor)
    return officer


def record_absence(
    actor: Any, officer_id: int, *, kind: str, starts_on: date, ends_on: date, note: str = ""
) -> Absence:
    """Leave, training or sickness: the planner will not plan the officer on these days."""
    errors = []
    if kind not in AbsenceKind.values:
        errors.append(InvalidParam("kind", "invalid-choice", _("Onbekende soort.")))
    if starts_on is None or ends_on is None or ends_on < starts_on:
        errors.append(InvalidParam("ends_on", "range", _("De einddatum ligt voor de begindatum.")))
    elif (ends_on - starts_on).days > 366:
        errors.append(InvalidParam("ends_on", "range", _("Ten hoogste een jaar per keer.")))
    if errors:
        raise ValidationFailed(_("De afwezigheid is niet geldig."), invalid_params=errors)
    with transaction.atomic():
        officer = engine.get_for(
            Officer.objects.select_for_update(), actor, Action.CHANGE, pk=officer_id
        )
        absence = Absence.objects.create(
            officer=officer,
            kind=kind,
            starts_on=starts_on,
            ends_on=ends_on,
            note=note.strip(),
            created_by=actor,
        )
        audit.record(
            AuditAction.CREATE,
            absence,
            changes={
                "kind": [None, kind],
                "starts_on": [None, starts_on.isoformat()],
                "ends_on": [None, ends_on.isoformat()],
            },
            actor=actor,
        )
    return absence
