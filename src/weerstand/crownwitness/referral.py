"""Each person of the circle gets a threat assessment and a decision in Weerstand: through a
case of their own. The OM refers the person from the trajectory (the case opens straight into
the trajectory's restricting compartment, so the deal stays hidden until it is published), or
links a case that already exists for that person. Analysts and decision-makers who are
members of the trajectory then carry that case through triage, assessment and decision like
any other."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from weerstand.accounts.roles import Classification
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.errors import InvalidParam, InvalidTransition, ValidationFailed, require_reason
from weerstand.crownwitness.models import CirclePerson, Coverage, TrajectoryStatus
from weerstand.crownwitness.services import MIN_REASON, _for_change, _int

CLOSED = (TrajectoryStatus.PUBLISHED, TrajectoryStatus.STOPPED)


@dataclass
class CircleReferral:
    phenomenon: str
    severity: str
    summary: str
    classification: int = Classification.DEPV
    reason: str = ""


def _entry(actor: Any, trajectory_id: Any, entry_id: Any) -> tuple[Any, CirclePerson]:
    """The trajectory (locked, change grant) and one person of its circle needing a case."""
    trajectory = _for_change(actor, trajectory_id)
    if trajectory.status in CLOSED:
        raise InvalidTransition("Dit traject is afgesloten.")
    pk = _int(entry_id)
    entry = (
        None
        if pk is None
        else CirclePerson.objects.select_for_update()
        .select_related("person")
        .filter(pk=pk, trajectory=trajectory)
        .first()
    )
    if entry is None:
        raise ValidationFailed(
            "Deze persoon staat niet in de kring van dit traject.",
            invalid_params=[InvalidParam("circlePerson", "does-not-exist", "Onbekend.")],
        )
    if entry.coverage != Coverage.WEERSTAND:
        raise ValidationFailed(
            "Deze persoon is gedekt door het getuigenbeschermingsprogramma; Weerstand opent "
            "geen casus.",
            invalid_params=[InvalidParam("coverage", "programme", "Programmadekking.")],
        )
    if entry.protection_case_id is not None:
        raise ValidationFailed(
            "Voor deze persoon is al een casus gekoppeld.",
            invalid_params=[InvalidParam("protectionCase", "already-linked", "Al gekoppeld.")],
        )
    return trajectory, entry


def refer_person(actor: Any, trajectory_id: Any, entry_id: Any, data: CircleReferral) -> Any:
    """Open a case for a circle person inside the trajectory's compartment and link it."""
    from weerstand.cases import services as cases

    with transaction.atomic():
        trajectory, entry = _entry(actor, trajectory_id, entry_id)
        reason = require_reason(data.reason, name="reason", minimum=MIN_REASON)
        case = cases.open_case(
            actor,
            cases.ReferralData(
                protectee=entry.person,
                phenomenon=data.phenomenon,
                severity=data.severity,
                summary=data.summary,
                classification=data.classification,
                compartment=trajectory.compartment,
            ),
            reason=reason,
        )
        _link(actor, trajectory, entry, case, reason)
    return case


def link_case(actor: Any, trajectory_id: Any, entry_id: Any, case_id: Any, reason: str) -> Any:
    """Link an existing case (visible to the actor) whose protectee is this person."""
    from weerstand.cases.models import Case

    with transaction.atomic():
        trajectory, entry = _entry(actor, trajectory_id, entry_id)
        reason = require_reason(reason, name="reason", minimum=MIN_REASON)
        pk = _int(case_id)
        case = None if pk is None else Case.objects.visible_to(actor).filter(pk=pk).first()
        if case is None:
            raise ValidationFailed(
                "Deze casus bestaat niet of u mag hem niet zien.",
                invalid_params=[InvalidParam("case", "does-not-exist", "Onbekend.")],
            )
        if case.protectee_id != entry.person_id:
            raise ValidationFailed(
                "Deze casus gaat over een andere persoon.",
                invalid_params=[InvalidParam("case", "other-person", "Andere persoon.")],
            )
        _link(actor, trajectory, entry, case, reason)
    return case


def _link(actor: Any, trajectory: Any, entry: CirclePerson, case: Any, reason: str) -> None:
    entry.protection_case = case
    entry.save(update_fields=["protection_case"])
    trajectory.version += 1
    trajectory.save(update_fields=["version"])
    audit.record(
        AuditAction.UPDATE,
        entry,
        changes={"protection_case": [None, case.pk]},
        reason=reason,
        actor=actor,
    )
