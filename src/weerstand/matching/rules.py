"""Row rules of shielded investigations, selectors and hits.

Membership is read per call from the principal, so a removed member loses access at once.
The case side of selectors follows the case team, and the restricting compartment a case may
be in closes it to non-members as it does the case itself.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from weerstand.core.extensions import RowRule
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource, Scope, scopes_for

_NOTHING = Q(pk__in=[])


def _granted(p: Any, resource: Resource, action: str) -> bool:
    try:
        return bool(scopes_for(p.roles, resource, Action(action)))
    except ValueError:
        return False


def _investigation_q(user: Any, action: str) -> Q:
    p = engine.principal(user)
    if not _granted(p, Resource.SHIELDED_INVESTIGATION, action):
        return _NOTHING
    return Q(compartment_id__in=sorted(p.member_of))


def _selector_q(user: Any, action: str) -> Q:
    p = engine.principal(user)
    q = _NOTHING
    if _granted(p, Resource.SELECTOR, action):
        q |= Q(side="investigation", investigation__compartment_id__in=sorted(p.member_of))
    if _granted(p, Resource.CASE_SELECTOR, action):
        scopes = scopes_for(p.roles, Resource.CASE_SELECTOR, Action(action))
        q |= Q(side="case") & engine.case_rows_q(p, scopes, "case__")
    return q


def _scoped(user: Any, resource: Resource, action: str, prefix: str) -> Q:
    """`all` (the inspectorate's oversight): every row; `team`: rows of investigations the
    user is a member of."""
    p = engine.principal(user)
    if not _granted(p, resource, action):
        return _NOTHING
    if Scope.ALL in scopes_for(p.roles, resource, Action(action)):
        return Q()
    return Q(**{f"{prefix}compartment_id__in": sorted(p.member_of)})


def _hit_q(user: Any, action: str) -> Q:
    return _scoped(user, Resource.HIT, action, "investigation__")


def _decision_q(user: Any, action: str) -> Q:
    return _scoped(user, Resource.SHARING_DECISION, action, "hit__investigation__")


RULES = (
    RowRule("shielded_investigation", _investigation_q, ("matching.shieldedinvestigation",)),
    RowRule("selector", _selector_q, ("matching.selector",)),
    RowRule("hit", _hit_q, ("matching.hit",)),
    RowRule("sharing_decision", _decision_q, ("matching.sharingdecision",)),
)
