"""The row rule of `signal`: who sees (and who triages) which signal.

- The threat-analysis function (and inspectors, read-only and audited) reach every signal
  within clearance (`all`), except that a signal about a case in a restricting compartment
  (crown witness, shielded investigation) is reachable only for that compartment's members,
  and a signal about a case also needs the case's classification within clearance.
- The reporter always sees their own signal (what they wrote), whatever happens to the case.
- Nobody else sees a signal: soft information about a person is not for the wider circle.

Below the row rules, the action checks: who reports as an officer or through the portal, who
works the queue, who triages. The services ask them first and refuse; menus, pages, panels
and the API ask the same functions only to decide what to offer.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from weerstand.accounts.roles import Role
from weerstand.core.extensions import RowRule
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource, Scope, scopes_for
from weerstand.signals.models import ReporterKind

_NOTHING = Q(pk__in=[])

# Portal roles report about their own case only, as this kind of reporter.
PORTAL_ROLES = {
    Role.PROTECTEE: ReporterKind.PROTECTEE,
    Role.RELATIVE: ReporterKind.RELATIVE,
    Role.EMPLOYER: ReporterKind.EMPLOYER,
}
ANALYSIS_ROLES = (Role.ANALYST, Role.SENIOR_ANALYST)


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


# --- action checks ---------------------------------------------------------------------------


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def reporter_kind(user: Any) -> str:
    """Officer, unless the user only holds portal roles (protectee, relative, employer)."""
    roles = set(user.role_codes)
    portal = roles & set(PORTAL_ROLES)
    if portal and not (roles - set(PORTAL_ROLES)):
        return PORTAL_ROLES[Role(sorted(portal)[0])]
    return ReporterKind.OFFICER


def may_report(user: Any) -> bool:
    """Whether the user may record a signal at all (officers and portal users)."""
    return engine.can(user, Resource.SIGNAL, Action.CREATE)


def may_report_as_officer(user: Any) -> bool:
    """Officers' menu item 'Signaal melden'."""
    return _authenticated(user) and may_report(user) and reporter_kind(user) == ReporterKind.OFFICER


def may_report_in_portal(user: Any) -> bool:
    """The portal's 'Iets gezien of gehoord?' for protectees, relatives and employers."""
    return _authenticated(user) and may_report(user) and reporter_kind(user) != ReporterKind.OFFICER


def sees_queue(user: Any) -> bool:
    """The analysis function and inspectors: the whole queue (within need-to-know)."""
    return _authenticated(user) and Scope.ALL in scopes_for(
        user.role_codes, Resource.SIGNAL, Action.VIEW
    )


def may_triage(user: Any, signal: Any = None) -> bool:
    """Only the threat-analysis function decides on a signal (the `change` grant)."""
    return engine.can(user, Resource.SIGNAL, Action.CHANGE, signal)


# --- what signals put under a case -----------------------------------------------------------


def classification_floor(case: Any) -> int | None:
    """The highest classification of the signals linked to the case (dismissed ones too: they
    were case content). The case is never classified below it
    (`cases.selectors.classification_floor`).

    A system read, unscoped on purpose: only the level leaves this function, never a row.
    """
    from django.db.models import Max

    from weerstand.signals.models import Signal

    case_pk = getattr(case, "pk", case)
    found = Signal.objects.filter(case=case_pk).aggregate(top=Max("classification"))["top"]
    return None if found is None else int(found)
