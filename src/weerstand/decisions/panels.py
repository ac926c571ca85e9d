"""Menu visibility, start-page panels and the case-page section of the decisions app.

Every row shown here is read through `visible_to(user)`; lists are audited like any list.
"""

from __future__ import annotations

from typing import Any

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.extensions import Panel
from weerstand.decisions import services
from weerstand.decisions.models import (
    OPEN_ASSIGNMENT_STATUSES,
    Decision,
    DecisionStatus,
    LocalNotification,
    SecurityAssignment,
)
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource

PANEL_LIMIT = 20
ESCALATION_ROLES = ("lcc_coordinator", "decision_maker")


def sees_approvals(user: Any) -> bool:
    return engine.can(user, Resource.DECISION, Action.CHANGE)


def sees_assignments(user: Any) -> bool:
    return engine.can(user, Resource.SECURITY_ASSIGNMENT, Action.VIEW)


def sees_notifications(user: Any) -> bool:
    return engine.can(user, Resource.LOCAL_NOTIFICATION, Action.VIEW)


def awaiting_approval(user: Any) -> Any:
    """Decisions this user could approve: not their own, in the change scope."""
    return (
        Decision.objects.visible_to(user, Action.CHANGE)
        .filter(status=DecisionStatus.AWAITING_APPROVAL)
        .exclude(decided_by=user.pk)
        .select_related("case", "decided_by")
        .order_by("effective_date", "pk")
    )


def _list_audit(model: type, rows: list[Any], noun: str) -> None:
    if rows:
        audit.record(
            AuditAction.LIST,
            object_type=model._meta.label_lower,
            object_repr=f"{len(rows)} {noun} (startpagina)",
            changes={"ids": [r.pk for r in rows]},
        )


def approvals_panel(user: Any) -> Panel | None:
    if not sees_approvals(user):
        return None
    rows = list(awaiting_approval(user)[:PANEL_LIMIT])
    _list_audit(Decision, rows, "te accorderen besluiten")
    return Panel(template="decisions/_approvals_panel.html", context={"decisions": rows}, order=20)


def escalations_panel(user: Any) -> Panel | None:
    """Late assignments, computed from their deadlines: showing them writes nothing (the
    alerts come from the `escalate-assignments` job)."""
    if not user.has_role(*ESCALATION_ROLES) or not sees_assignments(user):
        return None
    visible = SecurityAssignment.objects.visible_to(user).select_related(
        "measure", "executing_organisation", "case"
    )
    rows = list(
        services.overdue_assignments(visible).order_by("-priority", "acknowledge_before")[
            :PANEL_LIMIT
        ]
    )
    _list_audit(SecurityAssignment, rows, "achterstallige beveiligingsopdrachten")
    return Panel(
        template="decisions/_escalations_panel.html", context={"assignments": rows}, order=21
    )


def notifications_panel(user: Any) -> Panel | None:
    if not user.has_role("mayor", "om_officer") or not sees_notifications(user):
        return None
    rows = list(
        LocalNotification.objects.visible_to(user).filter(read_at__isnull=True)[:PANEL_LIMIT]
    )
    _list_audit(LocalNotification, rows, "berichten lokaal gezag")
    return Panel(
        template="decisions/_notifications_panel.html",
        context={
            "notifications": [
                {"pk": n.pk, "kind": n.get_kind_display(), **n.content()} for n in rows
            ]
        },
        order=22,
    )


def case_section(user: Any, case: Any) -> Panel | None:
    """Decisions and assignments of one case on the case page (only what the user may see)."""
    if not engine.can(user, Resource.DECISION, Action.VIEW) and not sees_assignments(user):
        return None
    decisions = []
    if engine.can(user, Resource.DECISION, Action.VIEW):
        decisions = list(
            Decision.objects.visible_to(user)
            .filter(case=case.pk)
            .select_related("decided_by", "approved_by")
        )
    assignments = []
    if sees_assignments(user):
        assignments = list(
            SecurityAssignment.objects.visible_to(user)
            .filter(case=case.pk, status__in=OPEN_ASSIGNMENT_STATUSES)
            .select_related("measure", "executing_organisation")
        )
    if not decisions and not assignments and not engine.can(user, Resource.DECISION, Action.CREATE):
        return None
    _list_audit(Decision, decisions, "besluiten (casuspagina)")
    _list_audit(SecurityAssignment, assignments, "beveiligingsopdrachten (casuspagina)")
    can_decide = engine.can(user, Resource.DECISION, Action.CREATE) and case.state in (
        "decision",
        "protection_active",
        "recalibration",
    )
    return Panel(
        template="decisions/_case_decisions.html",
        context={
            "case": case,
            "decisions": decisions,
            "assignments": assignments,
            "can_decide": can_decide,
        },
        order=40,
    )
