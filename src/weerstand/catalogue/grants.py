"""The catalogue app's rows of the access-policy table (merged into policy.table.GRANTS).

The catalogue is configuration, not case content: everyone who works with decisions and their
execution reads it. Decision-makers (the authority) own it, because a package is a promise
of the authority about what a level of resistance means; analysts advise, they do not edit.
"""

from __future__ import annotations

from weerstand.accounts.roles import Role
from weerstand.policy.table import Action, Resource, Scope

_VIEW = {(Resource.CATALOGUE, Action.VIEW): (Scope.ALL,)}

GRANTS: dict[Role, dict[tuple[Resource, Action], tuple[Scope, ...]]] = {
    Role.ANALYST: dict(_VIEW),
    Role.SENIOR_ANALYST: dict(_VIEW),
    Role.DECISION_MAKER: {**_VIEW, (Resource.CATALOGUE, Action.CHANGE): (Scope.ALL,)},
    Role.LCC_COORDINATOR: dict(_VIEW),
    Role.POLICE_LIAISON: dict(_VIEW),
    Role.KMAR_LIAISON: dict(_VIEW),
    Role.UNIT_PLANNER: dict(_VIEW),
    Role.INSPECTOR: dict(_VIEW),
}
NOTES: list[str] = [
    "- **Catalogue** (phenomena, measures, packages) is versioned configuration: changes are"
    " new versions with an effective date, made by decision-makers (the authority owns what a"
    " package promises) and audited; a decision keeps the versions it used.",
]
