"""The row rule of `signal`: who sees (and who triages) which signal.

- The threat-analysis function (and inspectors, read-only and audited) reach every signal
  within clearance (`all`), except that a signal about a case in a restricting compartment
  (crown witness, shielded investigation) is reachable only for that compartment's members,
  and a signal about a case also needs the case's classification within clearance.
- The reporter always sees their own signal (what they wrote), whatever happens to the case.
- Nobody else sees a signal: soft information about a person is not for the wider circle.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from weerstand.core.extensions import RowRule
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource, Scope, scopes_for

_NOTHING = Q(pk__in=[])


def _case_ok_q(p: engine.Principal) -> Q:
    """No case, or a case within clearance that is not in a compartment the user is outside."""
    restricted_ok = Q(case__restricted_compartment__isnull=True) | Q(
        case__restricted_compartment__in=sorted(p.member_of)
    )
    return Q(case__isnull=True) | (Q(case__classification__lte=p.clearance) & restricted_ok)


def signal_q(user: Any, action: str = Action.VIEW) -> Q:
    p = engine.principal(user)
    action = Action(action)
    if action not in (Action.VIEW, Action.CHANGE):
        return _NOTHING
    rule = _NOTHING
    if Scope.ALL in scopes_for(p.roles, Resource.SIGNAL, action):
        rule = Q(classification__lte=p.clearance) & _case_ok_q(p)
    if action == Action.VIEW and scopes_for(p.roles, Resource.SIGNAL, Action.CREATE):
        rule = rule | Q(reported_by=p.pk)
    return rule


def signal_entity_q(user: Any, action: str = Action.VIEW) -> Q:
    """A signal's entity link is visible exactly when the signal is (it names what the
    reporter wrote down); the entity page itself follows the information app's rule."""
    from weerstand.signals.models import Signal

    p = engine.principal(user)
    if Action(action) != Action.VIEW:
        return _NOTHING
    return Q(signal__in=Signal.objects.filter(signal_q(p, Action.VIEW)).values("pk"))


RULES = (
    RowRule("signal", signal_q, ("signals.signal",)),
    RowRule("signal_entity", signal_entity_q, ("signals.signalentity",)),
)
