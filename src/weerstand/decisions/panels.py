"""Menu visibility, start-page work items and the case-page section of the decisions app.

Rows come from `decisions.selectors` (read through `visible_to(user)`); whether the user may
act is asked of `decisions.services`. Lists are audited like any list; nothing else is
written while a page is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases.models import CaseEvent, CaseState
from weerstand.core.errors import DomainError
from weerstand.core.extensions import Panel, WorkCount, WorkItem
from weerstand.decisions import rules, selectors, services
from weerstand.decisions.models import (
    OPEN_ASSIGNMENT_STATUSES,
    AssignmentStatus,
    Decision,
    LocalNotification,
    NotificationResponse,
    SecurityAssignment,
)
from weerstand.decisions.services.responses import EVENT_KINDS as REPLY_EVENT_KINDS
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource

PANEL_LIMIT = 20
# Who gets the local authorities' start-page work (the LCC and inspectors use the page).
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


def work(user: Any) -> list[WorkItem]:
    return approval_work(user) + escalation_work(user) + execution_work(user) + reply_work(user)


def approval_work(user: Any) -> list[WorkItem]:
    """Decisions waiting for this user as the second decision-maker (four eyes)."""
    if not sees_approvals(user):
        return []
    rows = list(selectors.awaiting_approval(user)[:PANEL_LIMIT])
    audit_list(Decision, rows, "te accorderen besluiten")
    return [
        WorkItem(
            title=_("Besluit %(ref)s accorderen") % {"ref": d.reference},
            reason=_("%(type)s wacht op uw akkoord als tweede besluitvormer")
            % {"type": d.get_decision_type_display()},
            url=reverse("decisions:detail", args=[d.pk]),
            deadline=d.effective_date,
            case_reference=d.case.reference,
        )
        for d in rows
    ]


def escalation_work(user: Any) -> list[WorkItem]:
    """Late assignments, computed from their deadlines: showing them writes nothing but the
    audit record (the alerts come from the `escalate-assignments` job)."""
    if not services.receives_escalations(user):
        return []
    now = timezone.now()
    rows = list(selectors.overdue_assignments_for(user, now)[:PANEL_LIMIT])
    audit_list(SecurityAssignment, rows, "achterstallige beveiligingsopdrachten")
    items = []
    for a in rows:
        late_ack = a.status == AssignmentStatus.PENDING and a.acknowledge_before < now
        items.append(
            WorkItem(
                title=_("Achterstallige opdracht %(ref)s opvolgen") % {"ref": a.reference},
                reason=(
                    _("%(org)s heeft %(measure)s niet op tijd bevestigd")
                    if late_ack
                    else _("%(org)s heeft %(measure)s niet op tijd bemensd")
                )
                % {"org": a.executing_organisation.name, "measure": a.measure.name},
                url=reverse("decisions:assignments"),
                deadline=a.acknowledge_before if late_ack else a.staffed_before,
                case_reference=a.case.reference,
                priority=a.priority > 0,
            )
        )
    return items


def execution_work(user: Any) -> list[WorkItem]:
    """The executing organisation's own jobs: acknowledge a new assignment (its liaison) and
    report it staffed (liaison or planner), each before its deadline."""
    if not sees_assignments(user) or not engine.can(
        user, Resource.SECURITY_ASSIGNMENT, Action.CHANGE
    ):
        return []
    org = getattr(user, "organisation_id", None)
    if org is None:
        return []
    base = (
        SecurityAssignment.objects.visible_to(user, Action.CHANGE)
        .filter(executing_organisation=org)
        .select_related("measure", "case")
    )
    rows: list[tuple[SecurityAssignment, bool]] = []
    if rules.acknowledge_refusal(user, SecurityAssignment(executing_organisation_id=org)) is None:
        pending = base.filter(status=AssignmentStatus.PENDING).order_by("acknowledge_before")
        rows += [(a, True) for a in pending[:PANEL_LIMIT]]
    unstaffed = base.filter(
        status__in=(AssignmentStatus.ACKNOWLEDGED, AssignmentStatus.ACTIVE),
        staffed_at__isnull=True,
    ).order_by("staffed_before")
    rows += [(a, False) for a in unstaffed[:PANEL_LIMIT]]
    audit_list(SecurityAssignment, [a for a, _ack in rows], "uit te voeren opdrachten")
    return [
        WorkItem(
            title=(_("Opdracht %(ref)s bevestigen") if ack else _("Bemensing van %(ref)s melden"))
            % {"ref": a.reference},
            reason=_("Uw organisatie voert %(measure)s uit") % {"measure": a.measure.name},
            url=reverse("decisions:assignments"),
            deadline=a.acknowledge_before if ack else a.staffed_before,
            case_reference=a.case.reference,
            priority=a.priority > 0,
        )
        for a, ack in rows
    ]


def reply_work(user: Any) -> list[WorkItem]:
    """Notices about a new measure in the local authority's area that wait for its reply."""
    if not user.has_role(*NOTIFICATION_PANEL_ROLES) or not sees_notifications(user):
        return []
    pending = [
        n
        for n in selectors.notifications_for(user).filter(response=NotificationResponse.PENDING)[
            :PANEL_LIMIT
        ]
        if rules.may_respond(user, n)
    ]
    audit_list(LocalNotification, pending, "berichten lokaal gezag om op te reageren")
    items = []
    for n in pending:
        item = selectors.notification_item(n)
        items.append(
            WorkItem(
                title=_("Reageren op bericht over %(measure)s") % {"measure": item["measure_name"]},
                reason=_(
                    "%(kind)s in %(place)s vanaf %(d)s; uw reactie als lokaal gezag wordt gevraagd"
                )
                % {
                    "kind": item["kind"],
                    "place": item["municipality"],
                    "d": f"{item['starts_on']:%d-%m-%Y}",
                },
                url=reverse("decisions:notifications"),
            )
        )
    return items


def counts(user: Any) -> list[WorkCount]:
    """Unread notices for the local authority (read them on the notices page)."""
    if not user.has_role(*NOTIFICATION_PANEL_ROLES) or not sees_notifications(user):
        return []
    n = selectors.notifications_for(user, unread_only=True).count()
    return [
        WorkCount(
            ngettext("nieuw bericht over maatregelen", "nieuwe berichten over maatregelen", n),
            n,
            reverse("decisions:notifications"),
            30,
        )
    ]


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
