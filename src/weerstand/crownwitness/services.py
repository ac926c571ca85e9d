"""Domain services of crown-witness trajectories: open, move the date, change status, map the
circle. Every read and write goes through the policy and leaves an audit record; pages and
API handlers only call these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.errors import (
    ConcurrencyConflict,
    InvalidParam,
    InvalidTransition,
    NotPermitted,
    ValidationFailed,
    require_reason,
)
from weerstand.crownwitness.models import (
    CirclePerson,
    Coverage,
    PlannedDateChange,
    Relation,
    Trajectory,
    TrajectoryStatus,
)
from weerstand.policy import compartments, engine
from weerstand.policy.models import CompartmentKind
from weerstand.policy.table import Action, Resource
from weerstand.registry import services as registry
from weerstand.registry.models import Person

MIN_REASON = 10

# Which status may follow which here. Published is reached only through the gate
# (`crownwitness.publication`), never by a plain status change; stopped and published are final.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    TrajectoryStatus.CONSIDERED: (TrajectoryStatus.RUNNING, TrajectoryStatus.STOPPED),
    TrajectoryStatus.RUNNING: (TrajectoryStatus.STOPPED,),
    TrajectoryStatus.PUBLISHED: (),
    TrajectoryStatus.STOPPED: (),
}


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _check_version(expected: int | None, current: int) -> None:
    if expected is not None and expected != current:
        raise ConcurrencyConflict(
            f"Versie {expected} is verouderd; de huidige versie is {current}."
        )


# --- reading ------------------------------------------------------------------------------


def trajectories_for(user: Any, action: str = Action.VIEW) -> QuerySet[Trajectory]:
    """The trajectories the user may see: members of their compartments only."""
    return Trajectory.objects.visible_to(user, action).select_related("case", "compartment")


def get_trajectory(user: Any, trajectory_id: Any, action: str = Action.VIEW) -> Trajectory:
    """One trajectory, or 404 for absent and hidden alike."""
    return engine.get_for(
        Trajectory.objects.select_related("case", "compartment"), user, action, pk=trajectory_id
    )


def read_trajectory(user: Any, trajectory_id: Any) -> Trajectory:
    """A trajectory read for display: audited."""
    trajectory = get_trajectory(user, trajectory_id)
    audit.record(AuditAction.READ, trajectory, actor=user)
    return trajectory


def circle_for(user: Any, trajectory: Trajectory) -> QuerySet[CirclePerson]:
    """The circle of a trajectory the user may see (through the policy)."""
    return (
        CirclePerson.objects.visible_to(user)
        .filter(trajectory=trajectory.pk)
        .select_related("person", "protection_case")
    )


def date_history_for(user: Any, trajectory: Trajectory) -> QuerySet[PlannedDateChange]:
    return PlannedDateChange.objects.visible_to(user).filter(trajectory=trajectory.pk)


# --- opening ------------------------------------------------------------------------------


@dataclass
class TrajectoryData:
    title: str
    description: str = ""
    case: Any = None  # the witness's case id, optional
    co_owner: Any = None  # user id of a second OM officer (four eyes on membership)
    reason: str = ""


def open_trajectory(actor: Any, data: TrajectoryData) -> Trajectory:
    """Open a trajectory in a new crown-witness compartment with the actor and a co-owner.

    The compartment service creates the compartment (so its four-eyes membership rules
    apply from the start); the trajectory only adds what the deal is about.
    """
    from weerstand.accounts.models import User
    from weerstand.cases.models import Case

    engine.require_principal(actor)
    if not engine.can(actor, Resource.TRAJECTORY, Action.CREATE):
        raise NotPermitted("Alleen het OM opent een kroongetuigetraject.")
    title = (data.title or "").strip()
    if len(title) < 3:
        raise ValidationFailed(
            "Geef het traject een naam.",
            invalid_params=[InvalidParam("title", "required", "Minimaal 3 tekens.")],
        )
    co_owner_pk = _int(data.co_owner)
    co_owner = None if co_owner_pk is None else User.objects.filter(pk=co_owner_pk).first()
    with transaction.atomic():
        case = None
        if data.case not in (None, ""):
            case_pk = _int(data.case)
            case = (
                None
                if case_pk is None
                else Case.objects.visible_to(actor).filter(pk=case_pk).first()
            )
            if case is None:
                raise ValidationFailed(
                    "Deze casus bestaat niet of u mag hem niet zien.",
                    invalid_params=[InvalidParam("case", "does-not-exist", "Onbekend.")],
                )
        compartment = compartments.create(
            actor,
            CompartmentKind.CROWN_WITNESS,
            title,
            reason=data.reason,
            co_owner=co_owner,
        )
        trajectory = Trajectory.objects.create(
            compartment=compartment,
            case=case,
            title=title,
            description=(data.description or "").strip(),
            opened_by=actor,
        )
        audit.record(
            AuditAction.CREATE,
            trajectory,
            case_id=None,
            changes={"status": [None, trajectory.status], "case": [None, case and case.pk]},
            reason=data.reason,
            actor=actor,
        )
    return trajectory


# --- changing -----------------------------------------------------------------------------


def _for_change(actor: Any, trajectory_id: Any) -> Trajectory:
    engine.require_principal(actor)
    visible = get_trajectory(actor, trajectory_id)  # 404 to non-members first
    try:
        return engine.get_for(
            Trajectory.objects.select_for_update(), actor, Action.CHANGE, pk=visible.pk
        )
    except Http404 as exc:
        raise NotPermitted("Alleen het OM in dit traject wijzigt het.") from exc


def set_planned_date(
    actor: Any,
    trajectory_id: Any,
    new_date: date,
    *,
    reason: str,
    expected_version: int | None = None,
) -> Trajectory:
    """Set or move the date on which the deal may become known; always with a reason, kept
    as history."""
    with transaction.atomic():
        trajectory = _for_change(actor, trajectory_id)
        _check_version(expected_version, trajectory.version)
        reason = require_reason(reason, name="reason", minimum=MIN_REASON)
        if not isinstance(new_date, date):
            raise ValidationFailed(
                "Geef een datum.",
                invalid_params=[InvalidParam("plannedDate", "required", "Een datum.")],
            )
        if trajectory.status in (TrajectoryStatus.PUBLISHED, TrajectoryStatus.STOPPED):
            raise InvalidTransition("Dit traject is afgesloten; de datum ligt vast.")
        old = trajectory.planned_date
        if old == new_date:
            raise ValidationFailed(
                "Dit is al de geplande datum.",
                invalid_params=[InvalidParam("plannedDate", "unchanged", "Ongewijzigd.")],
            )
        PlannedDateChange.objects.create(
            trajectory=trajectory, old_date=old, new_date=new_date, reason=reason, changed_by=actor
        )
        trajectory.planned_date = new_date
        trajectory.version += 1
        trajectory.save(update_fields=["planned_date", "version"])
        audit.record(
            AuditAction.UPDATE,
            trajectory,
            changes={"planned_date": [str(old) if old else None, str(new_date)]},
            reason=reason,
            actor=actor,
        )
    return trajectory


def change_status(
    actor: Any,
    trajectory_id: Any,
    status: str,
    *,
    reason: str,
    expected_version: int | None = None,
) -> Trajectory:
    """Move the trajectory on (running, stopped; published is final). Stopping is a valid
    outcome of the weighing."""
    with transaction.atomic():
        trajectory = _for_change(actor, trajectory_id)
        _check_version(expected_version, trajectory.version)
        reason = require_reason(reason, name="reason", minimum=MIN_REASON)
        if status not in TrajectoryStatus.values:
            raise ValidationFailed(
                "Onbekende status.",
                invalid_params=[InvalidParam("status", "invalid-choice", "Onbekend.")],
            )
        old = trajectory.status
        if status == TrajectoryStatus.PUBLISHED and old != status:
            raise InvalidTransition(
                "Bekendmaken kan alleen via de bekendmaking zelf, die controleert of alles "
                "gereed is."
            )
        if status not in TRANSITIONS[old]:
            raise InvalidTransition(f"Van '{old}' naar '{status}' kan niet.")
        trajectory.status = status
        trajectory.version += 1
        trajectory.save(update_fields=["status", "version"])
        audit.record(
            AuditAction.TRANSITION,
            trajectory,
            changes={"status": [old, status]},
            reason=reason,
            actor=actor,
        )
    return trajectory


@dataclass
class CircleData:
    relation: str
    coverage: str
    person: Any = None  # an existing registry person id
    new_person: registry.PersonData | None = None
    programme: str = ""
    coverage_reason: str = ""
    protection_case: Any = None
    reason: str = ""


def add_person(actor: Any, trajectory_id: Any, data: CircleData) -> CirclePerson:
    """Add a person to the circle: an existing visible person or a new registration.

    Programme cover is recorded as that, by which programme, and why; nothing more.
    A person added after the planned date was set is flagged as added late: the circle
    should have been mapped from the start.
    """
    from weerstand.cases.models import Case

    with transaction.atomic():
        trajectory = _for_change(actor, trajectory_id)
        if trajectory.status in (TrajectoryStatus.PUBLISHED, TrajectoryStatus.STOPPED):
            raise InvalidTransition("Dit traject is afgesloten.")
        errors: list[InvalidParam] = []
        if data.relation not in Relation.values:
            errors.append(InvalidParam("relation", "invalid-choice", "Onbekende relatie."))
        if data.coverage not in Coverage.values:
            errors.append(InvalidParam("coverage", "invalid-choice", "Onbekende dekking."))
        programme = (data.programme or "").strip()
        coverage_reason = (data.coverage_reason or "").strip()
        protection_case = None
        if data.coverage == Coverage.PROGRAMME:
            if len(programme) < 2:
                errors.append(InvalidParam("programme", "required", "Welk programma."))
            if len(coverage_reason) < MIN_REASON:
                errors.append(InvalidParam("coverageReason", "required", "Minimaal 10 tekens."))
            if data.protection_case not in (None, ""):
                errors.append(
                    InvalidParam("protectionCase", "not-allowed", "Niet bij programmadekking.")
                )
        elif data.coverage == Coverage.WEERSTAND:
            if programme:
                errors.append(InvalidParam("programme", "not-allowed", "Alleen bij programma."))
            if data.protection_case not in (None, ""):
                case_pk = _int(data.protection_case)
                protection_case = (
                    None
                    if case_pk is None
                    else Case.objects.visible_to(actor).filter(pk=case_pk).first()
                )
                if protection_case is None:
                    errors.append(InvalidParam("protectionCase", "does-not-exist", "Onbekend."))
        if (data.person in (None, "")) == (data.new_person is None):
            errors.append(InvalidParam("person", "one-of", "Persoon of nieuwe persoon."))
        if errors:
            raise ValidationFailed("Controleer de gegevens van de persoon.", invalid_params=errors)
        reason = require_reason(data.reason, name="reason", minimum=MIN_REASON)
        if data.new_person is not None:
            person = registry.create_person(actor, data.new_person)
        else:
            person_pk = _int(data.person)
            found = (
                None
                if person_pk is None
                else Person.objects.visible_to(actor).filter(pk=person_pk).first()
            )
            if found is None:  # absent and hidden read the same
                raise ValidationFailed(
                    "Deze persoon bestaat niet of u mag hem niet zien.",
                    invalid_params=[InvalidParam("person", "does-not-exist", "Onbekend.")],
                )
            person = found
        try:
            with transaction.atomic():
                entry = CirclePerson.objects.create(
                    trajectory=trajectory,
                    person=person,
                    relation=data.relation,
                    coverage=data.coverage,
                    programme=programme,
                    coverage_reason=coverage_reason,
                    protection_case=protection_case,
                    added_late=trajectory.planned_date is not None,
                    added_by=actor,
                )
        except IntegrityError as exc:
            raise ValidationFailed(
                "Deze persoon staat al in de kring.",
                invalid_params=[InvalidParam("person", "already-linked", "Al in de kring.")],
            ) from exc
        trajectory.version += 1
        trajectory.save(update_fields=["version"])
        audit.record(
            AuditAction.CREATE,
            entry,
            changes={
                "person": [None, person.pk],
                "relation": [None, data.relation],
                "coverage": [None, data.coverage],
                "added_late": [None, entry.added_late],
            },
            reason=reason,
            actor=actor,
        )
    return entry
