"""The row rules of `gap` and `rfi` (requests for information).

A gap is case content: reached through its case within the `gap` grant (team, or all for
inspectors), with clearance and restricting compartments applied by the engine's case rule.

An RFI is reached the same way by the case team, and additionally by the addressed
organisation's liaisons (`organisation` scope): only requests to their own organisation, only
when the case's classification is within their clearance, and only as members of a
restricting compartment on the case (crown witness, shielded investigation). What they are
shown of it (question, due date, case reference) is decided by the pages, never the case file.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from weerstand.core.extensions import RowRule
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource, Scope, scopes_for

_NOTHING = Q(pk__in=[])


def gap_q(user: Any, action: str = Action.VIEW) -> Q:
    p = engine.principal(user)
    action = Action(action)
    if action not in (Action.VIEW, Action.CHANGE):
        return _NOTHING
    if not scopes_for(p.roles, Resource.GAP, action):
        return _NOTHING
    return engine.reach_q(p, Resource.GAP, action, "case__")


def addressee_q(p: engine.Principal, prefix: str = "") -> Q:
    """Requests addressed to the user's organisation, within clearance and compartments."""
    if p.organisation_id is None:
        return _NOTHING
    restricted_ok = Q(**{f"{prefix}case__restricted_compartment__isnull": True}) | Q(
        **{f"{prefix}case__restricted_compartment__in": sorted(p.member_of)}
    )
    return (
        Q(**{f"{prefix}addressee": p.organisation_id})
        & Q(**{f"{prefix}case__classification__lte": p.clearance})
        & restricted_ok
    )


def rfi_q(user: Any, action: str = Action.VIEW) -> Q:
    p = engine.principal(user)
    action = Action(action)
    if action not in (Action.VIEW, Action.CHANGE):
        return _NOTHING
    scopes = scopes_for(p.roles, Resource.RFI, action)
    if not scopes:
        return _NOTHING
    rule = _NOTHING
    if scopes - {Scope.ORGANISATION}:
        rule = engine.reach_q(p, Resource.RFI, action, "case__")
    if Scope.ORGANISATION in scopes:
        rule = rule | addressee_q(p)
    return rule


RULES = (
    RowRule("gap", gap_q, ("gaps.gap",)),
    RowRule("rfi", rfi_q, ("gaps.informationrequest",)),
)
