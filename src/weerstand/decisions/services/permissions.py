"""May this actor do this on this decision or assignment? One home for each such check.

The services ask these first and refuse with the reason given here; pages, panels and the API
ask the same functions only to decide what to offer (a button, a link, a queue). A `*_refusal`
function names why not (None: allowed); `may_*` is the yes/no form for offering. Row scope
(which decisions and assignments a user reaches at all) stays the row rule in `rules.py`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from weerstand.cases.models import Case
from weerstand.decisions.models import AssignmentStatus, Decision, DecisionStatus
from weerstand.decisions.services.common import _is_challenger
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource

# Liaisons acknowledge for their organisation; unit planners report the staffing.
ACKNOWLEDGING_ROLES = ("police_liaison", "kmar_liaison")
# Who is alerted about late assignments (and sees them on the start page).
ESCALATION_ROLES = ("lcc_coordinator", "decision_maker")


# --------------------------------------------------------------------------- deciding


def in_decision_team(actor: Any, case: Case) -> bool:
    """The decision grant reaches this case: a decision-maker in its team."""
    p = engine.principal(actor)
    grant = engine._reach_q(p, Resource.DECISION, Action.CREATE, "")
    return Case.objects.filter(pk=case.pk).filter(grant).exists()


def decide_refusal(actor: Any, case: Case | None = None) -> str | None:
    """Why `actor` may not take decisions (on `case`, when given); None when they may."""
    if not engine.can(actor, Resource.DECISION, Action.CREATE):
        return "U mag geen besluiten nemen."
    if case is not None and not in_decision_team(actor, case):
        return "Alleen een besluitvormer in het casusteam mag hier besluiten."
    return None


def may_decide(actor: Any, case: Case | None = None) -> bool:
    return decide_refusal(actor, case) is None


def wrote_the_assessment(actor: Any, assessment: Any) -> bool:
    """Author or challenger: analysis and decision are separated."""
    return assessment.author_id == actor.pk or _is_challenger(assessment, actor)


# --------------------------------------------------------------------------- four eyes


def approval_refusal(actor: Any, decision: Decision) -> str | None:
    """Why `actor` may not be the second pair of eyes on `decision`; None when they may."""
    if decision.decided_by_id == actor.pk:
        return "Vier ogen: een andere besluitvormer accordeert dit besluit."
    if wrote_the_assessment(actor, decision.assessment):
        return "U heeft aan het dreigingsbeeld meegeschreven."
    return None


def four_eyes_conflict_q(actor: Any) -> Q:
    """The same rule as `approval_refusal`, as a filter on decisions (for queues)."""
    return (
        Q(decided_by=actor.pk)
        | Q(assessment__author=actor.pk)
        | Q(assessment__challenge__challenger=actor.pk)
    )


def may_approve(actor: Any, decision: Decision) -> bool:
    """Approve or reject: for buttons only; approve_decision/reject_decision check again."""
    return (
        decision.status == DecisionStatus.AWAITING_APPROVAL
        and approval_refusal(actor, decision) is None
        and engine.can(actor, Resource.DECISION, Action.CHANGE, decision)
    )


# --------------------------------------------------------------------------- assignments


def acknowledge_refusal(actor: Any, assignment: Any) -> str | None:
    """Only a liaison of the executing organisation acknowledges (planners staff)."""
    if actor.organisation_id != assignment.executing_organisation_id or not actor.has_role(
        *ACKNOWLEDGING_ROLES
    ):
        return "Alleen de liaison van de uitvoerende organisatie bevestigt."
    return None


def _in_change_scope(actor: Any, assignment: Any, known: bool | None) -> bool:
    if known is not None:
        return known
    return engine.can(actor, Resource.SECURITY_ASSIGNMENT, Action.CHANGE, assignment)


def may_acknowledge(actor: Any, assignment: Any, *, in_change_scope: bool | None = None) -> bool:
    """For buttons; acknowledge_assignment checks again. A page that already knows which rows
    the actor reaches for change passes `in_change_scope` instead of a query per row."""
    return (
        assignment.status == AssignmentStatus.PENDING
        and acknowledge_refusal(actor, assignment) is None
        and _in_change_scope(actor, assignment, in_change_scope)
    )


def may_mark_staffed(actor: Any, assignment: Any, *, in_change_scope: bool | None = None) -> bool:
    """For buttons; mark_staffed checks again (acknowledged first, staffed once)."""
    return (
        assignment.status in (AssignmentStatus.ACKNOWLEDGED, AssignmentStatus.ACTIVE)
        and assignment.staffed_at is None
        and _in_change_scope(actor, assignment, in_change_scope)
    )


def receives_escalations(user: Any) -> bool:
    """LCC coordinators and decision-makers who may see assignments at all."""
    return user.has_role(*ESCALATION_ROLES) and engine.can(
        user, Resource.SECURITY_ASSIGNMENT, Action.VIEW
    )
