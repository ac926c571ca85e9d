"""The signals app's rows of the access-policy table (merged into policy.table.GRANTS).

Anyone in the protection system may record a signal; the threat-analysis function reads and
triages the queue; inspectors read (always audited). The row rule is `signals.rules`.
"""

from __future__ import annotations

from weerstand.accounts.roles import Role
from weerstand.policy.table import Action, Resource, Scope

_CREATE = {(Resource.SIGNAL, Action.CREATE): (Scope.ALL,)}
_ANALYSIS = {
    (Resource.SIGNAL, Action.VIEW): (Scope.ALL,),
    (Resource.SIGNAL, Action.CHANGE): (Scope.ALL,),
    **_CREATE,
}

# Officers who may report; portal users too, but only about their own case (service rule).
REPORTING_ROLES = (
    Role.POLICE_LIAISON,
    Role.KMAR_LIAISON,
    Role.UNIT_PLANNER,
    Role.LCC_COORDINATOR,
    Role.OM_OFFICER,
    Role.INTELLIGENCE_LIAISON,
    Role.INFORMATION_COORDINATOR,
    Role.RESILIENCE_EXPERT,
    Role.MAYOR,
    Role.DECISION_MAKER,
    Role.PROTECTEE,
    Role.RELATIVE,
    Role.EMPLOYER,
)

GRANTS: dict[Role, dict[tuple[Resource, Action], tuple[Scope, ...]]] = {
    Role.ANALYST: dict(_ANALYSIS),
    Role.SENIOR_ANALYST: dict(_ANALYSIS),
    Role.INSPECTOR: {(Resource.SIGNAL, Action.VIEW): (Scope.ALL,)},
    **{role: dict(_CREATE) for role in REPORTING_ROLES},
}
NOTES: list[str] = [
    "- **Signals** (`signal`): whoever may create one always sees the signals they reported",
    "  themselves (never their triage note). `all` for the analysis function and inspectors",
    "  means every signal within clearance; a signal about a case in a restricting",
    "  compartment (crown witness, shielded investigation) only for its members, and a signal",
    "  about a case needs the case's classification within clearance too. Protectees,",
    "  relatives and employers may only report about their own case (enforced in",
    "  `signals.services`).",
]
