"""Decisions of the demo that were taken in the past, and the execution that followed them.

The decision service refuses an effective date before today, rightly: nobody decides in the
past. The demo's history still needs the decisions its cases rest on (a designation months
ago, a start, a continuation after the recalibration), so they are written here with the same
steps the service takes once a decision is approved: the decision with its packages and
measures, `_schedule` (assignments and notices to the local authorities) and `apply_decisions`
on its effective date, which puts it in force and moves the case along its life cycle with
the decision as the authority that carries the step. Nothing here moves a case by itself.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.decisions import services
from weerstand.decisions.models import (
    PROTECTION_TYPES,
    AssignmentStatus,
    Decision,
    DecisionStatus,
    SecurityAssignment,
)


def historic(
    case: Any,
    data: services.DecisionData,
    *,
    assessment: Any,
    previous: Decision | None,
    decider: Any,
    approver: Any,
    decided_at: datetime,
    approved_at: datetime,
) -> Decision:
    """A decision from the past, taken by `decider` (approved by `approver` where four eyes
    apply), with the steps the service takes once approved; it is in force afterwards."""
    kind = data.decision_type
    level = data.required_resistance
    packages: list[Any] = []
    measures: list[Any] = []
    if kind in PROTECTION_TYPES:
        packages, measures = services._packages(case, level or 1, previous, data)
    four_eyes = services.needs_four_eyes(kind, level, previous)
    decision = Decision.objects.create(
        reference=services._next_reference(Decision, "BS", 4),
        case=case,
        assessment=assessment,
        decision_type=kind,
        required_resistance=level,
        reasoning=data.reasoning,
        effective_date=data.effective_date,
        next_recalibration=data.next_recalibration,
        status=DecisionStatus.APPROVED,
        needs_approval=four_eyes,
        municipality=data.municipality,
        prosecutor_office=data.prosecutor_office,
        preferred_executor=data.preferred_executor,
        hand_over_to=data.hand_over_to,
        disagreement_acknowledged=data.acknowledge_disagreement,
        complexity_acknowledged=data.acknowledge_complexity,
        decided_by=decider,
        decided_at=decided_at,
        approved_by=approver if four_eyes else None,
        approved_at=approved_at if four_eyes else None,
        supersedes=previous,
    )
    decision.packages.set(packages)
    decision.measures.set(measures)
    audit.record(
        AuditAction.CREATE,
        decision,
        changes={
            "decision_type": [None, kind],
            "effective_date": [None, str(data.effective_date)],
            "needs_approval": [None, four_eyes],
        },
        reason="demobesluit (historisch)",
        actor=decider,
    )
    services._schedule(decision, approver if four_eyes else decider)
    services.apply_decisions(data.effective_date, only=decision.pk)
    decision.refresh_from_db()
    if decision.status not in (DecisionStatus.IN_FORCE, DecisionStatus.ENDED):
        raise RuntimeError(f"{decision.reference} is niet van kracht geworden.")
    return decision


def acknowledge_some(users: dict[str, Any], decision: Decision, rng: random.Random) -> None:
    """Most assignments acknowledged and staffed; some pending, a few overdue."""
    liaisons = {"politie": users["politie"], "kmar": users["kmar"]}
    for a in (
        SecurityAssignment.objects.filter(decision=decision.pk, status=AssignmentStatus.PENDING)
        .select_related("executing_organisation", "case")
        .order_by("pk")
    ):
        roll = rng.random()
        user = liaisons.get(a.executing_organisation.code)
        # The liaison reaches the assignment (own organisation) unless the case is in a
        # restricting compartment or above the liaison's clearance: those stay pending (and
        # escalate).
        visible = (
            user is not None
            and a.case.restricted_compartment_id is None
            and a.case.classification <= user.clearance
        )
        if roll < 0.65 and visible:
            services.acknowledge_assignment(user, a.pk, note="Opgepakt door de eenheid.")
            if rng.random() < 0.7:
                services.mark_staffed(user, a.pk)
            else:
                SecurityAssignment.objects.filter(pk=a.pk).update(
                    staffed_before=timezone.now() - timedelta(hours=rng.randint(2, 30))
                )
        elif roll < 0.85:
            SecurityAssignment.objects.filter(pk=a.pk).update(
                acknowledge_before=timezone.now() - timedelta(hours=rng.randint(1, 20))
            )


def fingerprint() -> list[list[Any]]:
    """What the decisions' demo steps decide (dates follow the timelines: left out)."""
    return [
        list(
            Decision.objects.order_by("reference").values_list(
                "reference",
                "case__reference",
                "decision_type",
                "status",
                "required_resistance",
                "decided_by__username",
                "approved_by__username",
                "rejected_by__username",
                "hand_over_to__code",
                "assessment__number",
                "supersedes__reference",
            )
        ),
        list(
            SecurityAssignment.objects.order_by("reference").values_list(
                "reference",
                "decision__reference",
                "measure__code",
                "executing_organisation__code",
                "status",
            )
        ),
    ]
