"""Row rules of the decisions app, registered with the policy engine from AppConfig.ready().

Every rule ends in the case's clearance and restricting-compartment tests (through the
engine's building blocks), so a crown-witness case's decisions and assignments stay inside
its compartment whatever the scope.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from weerstand.core.extensions import RowRule
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
    unclassified fields by construction. LCC and inspectors see them within the case's
    clearance and compartments."""
    p = engine.principal(user)
    if Action(action) != Action.VIEW:
        return _NOTHING
    scopes = scopes_for(p.roles, Resource.LOCAL_NOTIFICATION, Action.VIEW)
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
