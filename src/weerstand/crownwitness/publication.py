"""The hard gate of a crown-witness trajectory: the deal becomes known only when everyone in
the circle is protected on the planned date and the review is positive.

`publish` and `record_statement_in_case_file` are the only ways a trajectory becomes
published; `services.change_status` refuses it. The gate has no override: no role, flag or
superuser bypasses it; the only way forward is to complete what is missing or move the date.
The facts are read under the trajectory's row lock, so a change to the trajectory itself
(its date, its circle) waits for the step and is never missed by it.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import transaction

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.errors import (
    GateClosed,
    InvalidParam,
    InvalidTransition,
    ValidationFailed,
    require_reason,
)
from weerstand.crownwitness import readiness
from weerstand.crownwitness.models import StatementDisclosure, Trajectory, TrajectoryStatus
from weerstand.crownwitness.services import MIN_REASON, _check_version, _for_change, get_trajectory

GATE_REFUSED = "De bekendmaking is geweigerd: nog niet alles is gereed."


def readiness_for(user: Any, trajectory_id: Any) -> readiness.Readiness:
    """The readiness board's data for a member of the trajectory (404 to anyone else);
    audited as a read of the trajectory."""
    trajectory = get_trajectory(user, trajectory_id)
    audit.record(AuditAction.READ, trajectory, changes={"view": [None, "readiness"]}, actor=user)
    return readiness.compute(trajectory)


def _refuse(actor: Any, trajectory: Trajectory, step: str, state: readiness.Readiness) -> NoReturn:
    """Refuse with everything missing. Called after the locked transaction ends, so the
    refusal stays on the record while nothing else of the attempt does."""
    missing = state.missing()
    audit.record(
        AuditAction.DENIED,
        trajectory,
        changes={"gate": [step, missing]},
        result="refused",
        actor=actor,
    )
    raise GateClosed(GATE_REFUSED, missing=missing)


def _mark_published(actor: Any, trajectory: Trajectory, reason: str) -> Trajectory:
    """Set the status; only ever called with the gate open and the row locked."""
    old = trajectory.status
    trajectory.status = TrajectoryStatus.PUBLISHED
    trajectory.version += 1
    trajectory.save(update_fields=["status", "version"])
    audit.record(
        AuditAction.TRANSITION,
        trajectory,
        changes={"status": [old, trajectory.status]},
        reason=reason,
        actor=actor,
    )
    return trajectory


def publish(
    actor: Any, trajectory_id: Any, *, reason: str, expected_version: int | None = None
) -> Trajectory:
    """Take the step "the deal becomes known": only through the gate."""
    with transaction.atomic():
        trajectory = _for_change(actor, trajectory_id)  # 404 / 403 before anything else
        _check_version(expected_version, trajectory.version)
        reason = require_reason(reason, name="reason", minimum=MIN_REASON)
        if trajectory.status == TrajectoryStatus.PUBLISHED:
            raise InvalidTransition("Dit traject is al bekendgemaakt.")
        state = readiness.compute(trajectory)
        if state.ready:
            return _mark_published(actor, trajectory, reason)
    _refuse(actor, trajectory, "publish", state)


def record_statement_in_case_file(
    actor: Any, trajectory_id: Any, *, reference: str, reason: str
) -> StatementDisclosure:
    """Record that the witness's statement was added to a criminal case file. That makes the
    deal known, so it passes the same gate and publishes the trajectory if not yet so."""
    with transaction.atomic():
        trajectory = _for_change(actor, trajectory_id)  # 404 / 403 before anything else
        reason = require_reason(reason, name="reason", minimum=MIN_REASON)
        reference = (reference or "").strip()
        if len(reference) < 3:
            raise ValidationFailed(
                "Geef het kenmerk van het strafdossier.",
                invalid_params=[InvalidParam("reference", "required", "Minimaal 3 tekens.")],
            )
        state = readiness.compute(trajectory)
        if state.ready:
            disclosure = StatementDisclosure.objects.create(
                trajectory=trajectory, reference=reference, reason=reason, recorded_by=actor
            )
            audit.record(
                AuditAction.CREATE,
                disclosure,
                changes={"reference": [None, reference]},
                reason=reason,
                actor=actor,
            )
            if trajectory.status != TrajectoryStatus.PUBLISHED:
                _mark_published(actor, trajectory, reason)
            return disclosure
    _refuse(actor, trajectory, "statement", state)
