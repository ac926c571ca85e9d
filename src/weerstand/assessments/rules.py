"""The row rule of the `assessment` resource (contributed through AssessmentsConfig).

An assessment is reachable through its case: the case must be visible to the user (clearance,
restricting compartments such as a crown-witness trajectory, team or other scope) AND within
the scope the table grants for assessments. On top of that the assessment's own
classification must be within clearance (it can be higher than the case's when it cites a
higher-classified product), and roles that do not write assessments see only finalised and
superseded versions: a draft is the analysts' work in progress, not a basis for a decision.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from weerstand.accounts.roles import Role
from weerstand.core.extensions import RowRule
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource, scopes_for

NOTHING = Q(pk__in=[])
FINAL = ("finalised", "superseded")
# Roles that see work in progress: the writers, and oversight (every inspector read is audited).
SEES_DRAFTS = frozenset({Role.ANALYST, Role.SENIOR_ANALYST, Role.INSPECTOR})


def assessment_q(user: Any, action: str) -> Q:
    p = engine.principal(user)
    action = Action(action)
    if action not in (Action.VIEW, Action.CHANGE):
        return NOTHING
    if not scopes_for(p.roles, Resource.ASSESSMENT, action):
        return NOTHING
    # reach_q: the case is visible and within the assessment grant's scope (no break-glass:
    # break-glass is for reaching a person in an emergency, not for reading the analysis).
    q = engine.reach_q(p, Resource.ASSESSMENT, action, "case__")
    q &= Q(classification__lte=p.clearance)
    if not (p.roles & {r.value for r in SEES_DRAFTS}):
        q &= Q(status__in=FINAL)
    return q


def sees_drafts(user: Any) -> bool:
    return bool(set(user.role_codes) & {r.value for r in SEES_DRAFTS})


RULES = (RowRule("assessment", assessment_q, ("assessments.assessment",)),)
