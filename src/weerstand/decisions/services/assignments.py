"""Security assignments after they are written: the executing organisation acknowledges and
reports staffing; what is late in either escalates to the LCC and the NCTV (a job, never a
page view)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.errors import ConcurrencyConflict, InvalidTransition, NotPermitted
from weerstand.decisions.models import AssignmentStatus, DecisionStatus, SecurityAssignment
from weerstand.decisions.rules import ESCALATION_ROLES, acknowledge_refusal
from weerstand.decisions.selectors import late_acknowledgement_q, late_staffing_q
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource


def _assignment_for_change(actor: Any, assignment_id: int) -> SecurityAssignment:
    engine.require_principal(actor)
    if not engine.can(actor, Resource.SECURITY_ASSIGNMENT, Action.CHANGE):
        raise NotPermitted("U mag beveiligingsopdrachten niet bevestigen.")
    return engine.get_for(
        SecurityAssignment.objects.select_for_update(of=("self",)).select_related("decision"),
        actor,
        Action.CHANGE,
        pk=assignment_id,
    )


def acknowledge_assignment(
    actor: Any, assignment_id: int, *, note: str = "", expected_version: int | None = None
) -> SecurityAssignment:
    """The executing organisation confirms it will carry out the assignment."""
    with transaction.atomic():
        a = _assignment_for_change(actor, assignment_id)
        if expected_version is not None and expected_version != a.version:
            raise ConcurrencyConflict(
                f"Versie {expected_version} is verouderd; de huidige versie is {a.version}."
            )
        if a.status != AssignmentStatus.PENDING:
            raise InvalidTransition("Deze opdracht wacht niet (meer) op bevestiging.")
        refusal = acknowledge_refusal(actor, a)
        if refusal:
            raise NotPermitted(refusal)
        today = timezone.localdate()
        active = a.decision.status == DecisionStatus.IN_FORCE and a.starts_on <= today
        status = AssignmentStatus.ACTIVE if active else AssignmentStatus.ACKNOWLEDGED
        SecurityAssignment.objects.filter(pk=a.pk).update(
            status=status,
            acknowledged_at=timezone.now(),
            acknowledged_by=actor,
            acknowledgement_note=(note or "").strip(),
            version=F("version") + 1,
        )
        audit.record(
            AuditAction.TRANSITION,
            a,
            changes={"status": [a.status, status]},
            reason=(note or "bevestigd").strip()[:200],
            actor=actor,
        )
        a.refresh_from_db()
    return a


def mark_staffed(actor: Any, assignment_id: int, *, note: str = "") -> SecurityAssignment:
    """The executing organisation reports the assignment staffed (capacity in place)."""
    with transaction.atomic():
        a = _assignment_for_change(actor, assignment_id)
        if a.status not in (AssignmentStatus.ACKNOWLEDGED, AssignmentStatus.ACTIVE):
            raise InvalidTransition("Bevestig de opdracht eerst.")
        if a.staffed_at is not None:
            return a
        SecurityAssignment.objects.filter(pk=a.pk).update(
            staffed_at=timezone.now(), staffed_by=actor, version=F("version") + 1
        )
        audit.record(
            AuditAction.UPDATE,
            a,
            changes={"staffed_at": [None, "nu"]},
            reason=(note or "bemensd").strip()[:200],
            actor=actor,
        )
        a.refresh_from_db()
    return a


# --------------------------------------------------------------------------- escalation


def escalate_assignments(now: datetime | None = None) -> int:
    """Alert the LCC and the NCTV decision-makers about assignments not acknowledged or not
    staffed in time. Idempotent: each assignment escalates once per reason.

    Recipients are LCC coordinators and decision-makers who may see the assignment (so a
    crown-witness case reaches only the compartment's members); the alert itself names the
    assignment, the measure and the executing organisation, never threat content.
    """
    from weerstand.accounts.models import User
    from weerstand.policy.models import Alert

    now = now or timezone.now()
    count = 0
    candidates = list(
        User.objects.filter(is_active=True, role_assignments__role__in=ESCALATION_ROLES).distinct()
    )
    late_ack = SecurityAssignment.objects.filter(
        late_acknowledgement_q(now), escalated_at__isnull=True
    )
    late_staff = SecurityAssignment.objects.filter(
        late_staffing_q(now), staffing_escalated_at__isnull=True
    )
    for qs, column, what in (
        (late_ack, "escalated_at", "niet tijdig bevestigd"),
        (late_staff, "staffing_escalated_at", "niet tijdig bemensd"),
    ):
        for pk in list(qs.values_list("pk", flat=True)):
            with transaction.atomic():
                a = (
                    SecurityAssignment.objects.select_for_update(of=("self",))
                    .select_related("measure", "executing_organisation", "case")
                    .get(pk=pk)
                )
                if getattr(a, column) is not None:
                    continue
                SecurityAssignment.objects.filter(pk=a.pk).update(**{column: now})
                deadline = a.acknowledge_before if column == "escalated_at" else a.staffed_before
                message = (
                    f"Escalatie: beveiligingsopdracht {a.reference} ({a.measure.name}, "
                    f"{a.executing_organisation.name}, casus {a.case.reference}) is {what} "
                    f"(uiterlijk {timezone.localtime(deadline):%d-%m-%Y %H:%M})."
                )
                for user in candidates:
                    if SecurityAssignment.objects.visible_to(user).filter(pk=a.pk).exists():
                        Alert.objects.create(recipient=user, case=None, message=message)
                audit.record(
                    AuditAction.UPDATE,
                    a,
                    changes={column: [None, now.isoformat()]},
                    reason=f"escalatie: {what}",
                )
                count += 1
    return count
