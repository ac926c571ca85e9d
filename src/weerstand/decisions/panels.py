"""Menu visibility, start-page panels and the case-page section of the decisions app.

Rows come from `decisions.selectors` (read through `visible_to(user)`); whether the user may
act is asked of `decisions.services`. Lists are audited like any list; nothing else is
written while a page is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases.models import CaseEvent, CaseState
from weerstand.core.errors import DomainError
from weerstand.core.extensions import Panel
from weerstand.decisions import selectors, services
from weerstand.decisions.models import (
    OPEN_ASSIGNMENT_STATUSES,
    Decision,
    LocalNotification,
    SecurityAssignment,
)
from weerstand.decisions.services.responses import EVENT_KINDS as REPLY_EVENT_KINDS
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource

PANEL_LIMIT = 20
# Who gets the local authorities' start-page panel (the LCC and inspectors use the page).
NOTIFICATION_PANEL_ROLES = ("mayor", "om_officer")


def sees_approvals(user: Any) -> bool:
    return engine.can(user, Resource.DECISION, Action.CHANGE)


def sees_assignments(user: Any) -> bool:
    return engine.can(user, Resource.SECURITY_ASSIGNMENT, Action.VIEW)


def sees_notifications(user: Any) -> bool:
    return engine.can(user, Resource.LOCAL_NOTIFICATION, Action.VIEW)


def audit_list(model: type[models.Model], rows: Sequence[models.Model], noun: str) -> None:
    if rows:
        audit.record(
            AuditAction.LIST,
            object_type=model._meta.label_lower,
            object_repr=f"{len(rows)} {noun} (startpagina)",
            changes={"ids": [r.pk for r in rows]},
        )


def refusal_offer(case: Any, refused: DomainError) -> dict[str, Any]:
    """Why "Besluit nemen" cannot be used now, and a link to what can be done instead."""
    pending = selectors.pending_decision(case)
    if pending is not None:
        link = (reverse("decisions:detail", args=[pending.pk]), _("Naar het besluit dat wacht"))
    elif (
        case.state != CaseState.DESIGNATION and selectors.latest_finalised_assessment(case) is None
    ):
        link = (reverse("assessments:case", args=[case.pk]), _("Naar het dreigingsbeeld"))
    else:
        link = (reverse("cases:detail", args=[case.pk]), _("Terug naar de casus"))
    return {"reason": refused.detail, "url": link[0], "label": link[1]}


def approvals_panel(user: Any) -> Panel | None:
    if not sees_approvals(user):
        return None
    rows = list(selectors.awaiting_approval(user)[:PANEL_LIMIT])
    audit_list(Decision, rows, "te accorderen besluiten")
    return Panel(template="decisions/_approvals_panel.html", context={"decisions": rows}, order=20)


def escalations_panel(user: Any) -> Panel | None:
    """Late assignments, computed from their deadlines: showing them writes nothing (the
    alerts come from the `escalate-assignments` job)."""
    if not services.receives_escalations(user):
        return None
    rows = list(selectors.overdue_assignments_for(user)[:PANEL_LIMIT])
    audit_list(SecurityAssignment, rows, "achterstallige beveiligingsopdrachten")
    return Panel(
        template="decisions/_escalations_panel.html", context={"assignments": rows}, order=21
    )


def notifications_panel(user: Any) -> Panel | None:
    if not user.has_role(*NOTIFICATION_PANEL_ROLES) or not sees_notifications(user):
        return None
    rows = list(selectors.notifications_for(user, unread_only=True)[:PANEL_LIMIT])
    audit_list(LocalNotification, rows, "berichten lokaal gezag")
    return Panel(
        template="decisions/_notifications_panel.html",
        context={"notifications": [selectors.notification_item(n) for n in rows]},
        order=22,
    )


def case_section(user: Any, case: Any) -> Panel | None:
    """Decisions and assignments of one case on the case page (only what the user may see)."""
    sees_decisions = engine.can(user, Resource.DECISION, Action.VIEW)
    if not sees_decisions and not sees_assignments(user):
        return None
    decisions = []
    if sees_decisions:
        decisions = list(
            selectors.decisions_for(user, case=case.pk).select_related("decided_by", "approved_by")
        )
    assignments = []
    if sees_assignments(user):
        assignments = list(
            selectors.assignments_for(user, case=case.pk, statuses=OPEN_ASSIGNMENT_STATUSES)
        )
    if not decisions and not assignments and not services.may_decide(user):
        return None
    # The local authorities' replies to measures that touch their powers, as they stand on
    # the case timeline (visible exactly when the case is).
    replies = list(
        engine.scope(CaseEvent.objects.all(), user, Action.VIEW)
        .filter(case=case.pk, kind__in=tuple(REPLY_EVENT_KINDS.values()))
        .order_by("-at", "-pk")
    )
    audit_list(Decision, decisions, "besluiten (casuspagina)")
    audit_list(SecurityAssignment, assignments, "beveiligingsopdrachten (casuspagina)")
    # "Besluit nemen" for a decision-maker of the team while the case is in a deciding phase:
    # usable, or shown disabled with the service's own reason and a way forward.
    offers_decision = services.open_for_decision(case) and services.may_decide(user, case)
    refused = services.decision_refusal(user, case) if offers_decision else None
    return Panel(
        template="decisions/_case_decisions.html",
        context={
            "case": case,
            "decisions": decisions,
            "assignments": assignments,
            "can_decide": offers_decision and refused is None,
            "decide_refusal": refusal_offer(case, refused) if refused else None,
            "replies": replies,
        },
        order=40,
    )
