"""The decisions app's rules: which decisions, assignments and notices a user reaches (row
rules, contributed through the AppConfig), and may this actor do this on them (action checks).

Every row rule ends in the case's clearance and restricting-compartment tests (through the
engine's building blocks), so a crown-witness case's decisions and assignments stay inside
its compartment whatever the scope.

The services ask the action checks first and refuse with the reason given here; pages, panels
and the API ask the same functions only to decide what to offer (a button, a link, a queue).
A `*_refusal` function names why not (None: allowed); `may_*` is the yes/no form for offering.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from weerstand.core.extensions import RowRule
from weerstand.decisions.models import ADMISSION_TYPES, AssignmentStatus, DecisionStatus
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource, Scope, scopes_for

_NOTHING = Q(pk__in=[])
_ROW_ACTIONS = (Action.VIEW, Action.CHANGE)


def decision_q(user: Any, action: str, prefix: str = "") -> Q:
    """A decision: within the decision grant on a case the user may reach (team / all)."""
    p = engine.principal(user)
    action = Action(action)
    if action not in _ROW_ACTIONS or not scopes_for(p.roles, Resource.DECISION, action):
        return _NOTHING
    return engine.reach_q(p, Resource.DECISION, action, f"{prefix}case__")


def deviation_q(user: Any, action: str) -> Q:
    return decision_q(user, action, prefix="decision__")


def assignment_q(user: Any, action: str) -> Q:
    """Case team or all (LCC, inspector) through the case; the executing organisation's own
    liaisons and planners through `executing_organisation` (still within the case's
    clearance and compartments)."""
    p = engine.principal(user)
    action = Action(action)
    if action not in _ROW_ACTIONS:
        return _NOTHING
    scopes = scopes_for(p.roles, Resource.SECURITY_ASSIGNMENT, action)
    if not scopes:
        return _NOTHING
    q = _NOTHING
    if scopes & {Scope.ALL, Scope.TEAM}:
        q = engine.case_rows_q(p, scopes, "case__", break_glass=False)
    if Scope.ORGANISATION in scopes and p.organisation_id is not None:
        q |= (
            Q(executing_organisation=p.organisation_id)
            & engine.clearance_q(p, "case__")
            & engine.restricted_ok_q(p, "case__")
        )
    return q


def notification_q(user: Any, action: str) -> Q:
    """The recipient organisation (mayor, OM) sees its notices: they hold only permitted,
    unclassified fields by construction, and replies to them (change, `organisation` scope).
    LCC and inspectors see them within the case's clearance and compartments."""
    p = engine.principal(user)
    action = Action(action)
    if action not in _ROW_ACTIONS:
        return _NOTHING
    scopes = scopes_for(p.roles, Resource.LOCAL_NOTIFICATION, action)
    q = _NOTHING
    if Scope.ALL in scopes:
        prefix = "source_assignment__case__"
        q |= engine.clearance_q(p, prefix) & engine.restricted_ok_q(p, prefix)
    if Scope.ORGANISATION in scopes and p.organisation_id is not None:
        q |= Q(recipient=p.organisation_id)
    return q


RULES = (
    RowRule("decision", decision_q, ("decisions.decision",)),
    RowRule("decision_deviation", deviation_q, ("decisions.deviation",)),
    RowRule("security_assignment", assignment_q, ("decisions.securityassignment",)),
    RowRule("local_notification", notification_q, ("decisions.localnotification",)),
)


# --------------------------------------------------------------------------- action checks


def is_challenger(assessment: Any, user: Any) -> bool:
    from weerstand.assessments.models import Challenge

    return Challenge.objects.filter(assessment=assessment.pk, challenger=user.pk).exists()


# Liaisons acknowledge for their organisation; unit planners report the staffing.
ACKNOWLEDGING_ROLES = ("police_liaison", "kmar_liaison")
# Who is alerted about late assignments (and sees them on the start page).
ESCALATION_ROLES = ("lcc_coordinator", "decision_maker")


# --------------------------------------------------------------------------- deciding


def in_decision_team(actor: Any, case: Any) -> bool:
    """The decision grant reaches this case: a decision-maker in its team."""
    return engine.reaches(actor, case, Resource.DECISION, Action.CREATE)


def decide_refusal(actor: Any, case: Any = None) -> str | None:
    """Why `actor` may not take decisions (on `case`, when given); None when they may."""
    if not engine.can(actor, Resource.DECISION, Action.CREATE):
        return "U mag geen besluiten nemen."
    if case is not None and not in_decision_team(actor, case):
        return "Alleen een besluitvormer in het casusteam mag hier besluiten."
    return None


def may_decide(actor: Any, case: Any = None) -> bool:
    return decide_refusal(actor, case) is None


def wrote_the_assessment(actor: Any, assessment: Any) -> bool:
    """Author or challenger: analysis and decision are separated."""
    if assessment is None:  # an admission decision rests on the triage advice
        return False
    return assessment.author_id == actor.pk or is_challenger(assessment, actor)


# --------------------------------------------------------------------------- four eyes


def gave_the_advice(actor: Any, case: Any) -> bool:
    """The analyst who advised the authority after triage: analysis and decision are separated
    for admission too, even for someone who holds both roles."""
    from weerstand.cases.models import CaseEvent

    case_pk = getattr(case, "pk", case)
    return CaseEvent.objects.filter(case=case_pk, kind="advise_authority", actor=actor.pk).exists()


def analysis_refusal(actor: Any, decision_type: str, case: Any, assessment: Any) -> str | None:
    """Why `actor` is too close to the analysis behind this decision to decide or approve it."""
    if decision_type in ADMISSION_TYPES and gave_the_advice(actor, case):
        return "U heeft het gezag geadviseerd over deze aanwijzing; een ander besluit."
    if wrote_the_assessment(actor, assessment):
        return "U heeft aan het dreigingsbeeld meegeschreven; een andere besluitvormer besluit."
    return None


def approval_refusal(actor: Any, decision: Any) -> str | None:
    """Why `actor` may not be the second pair of eyes on `decision`; None when they may."""
    if decision.decided_by_id == actor.pk:
        return "Vier ogen: een andere besluitvormer accordeert dit besluit."
    return analysis_refusal(actor, decision.decision_type, decision.case_id, decision.assessment)


def four_eyes_conflict_q(actor: Any) -> Q:
    """The same rule as `approval_refusal`, as a filter on decisions (for queues)."""
    from weerstand.cases.models import CaseEvent

    advised = CaseEvent.objects.filter(kind="advise_authority", actor=actor.pk).values("case")
    return (
        Q(decided_by=actor.pk)
        | Q(decision_type__in=ADMISSION_TYPES, case__in=advised)
        | Q(assessment__author=actor.pk)
        | Q(assessment__challenge__challenger=actor.pk)
    )


def may_approve(actor: Any, decision: Any) -> bool:
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


# --------------------------------------------------------------------------- local authorities

# Who replies for the recipient organisation of a notice: the mayor for a municipality, an
# officer of justice for an OM office.
RESPONDING_ROLE = {"municipality": "mayor", "om": "om_officer"}


def response_refusal(actor: Any, notification: Any) -> str | None:
    """Why `actor` may not reply to this notice; None when they may. (Whether a reply is
    still open is the service's check: a second reply is a conflict, not a refusal.)"""
    from weerstand.decisions.models import RESPONSE_KINDS

    role = RESPONDING_ROLE.get(getattr(notification.recipient, "kind", ""))
    if (
        role is None
        or actor.organisation_id != notification.recipient_id
        or not actor.has_role(role)
    ):
        return (
            "Alleen de burgemeester of de officier van justitie van de ontvangende organisatie "
            "reageert op dit bericht."
        )
    if notification.kind not in RESPONSE_KINDS:
        return "Dit bericht is ter informatie; er is geen reactie nodig."
    return None


def may_respond(actor: Any, notification: Any) -> bool:
    """For the reply form; `respond_to_notification` checks again."""
    from weerstand.decisions.models import NotificationResponse

    return (
        notification.response == NotificationResponse.PENDING
        and response_refusal(actor, notification) is None
        and engine.can(actor, Resource.LOCAL_NOTIFICATION, Action.CHANGE, notification)
    )
