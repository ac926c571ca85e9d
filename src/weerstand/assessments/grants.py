"""The assessments app's rows of the access-policy table (merged into policy.table.GRANTS).

Analysts of the case team write; another analyst of the team challenges; a senior analyst
checks complex cases. Decision-makers read finalised versions only (analysis and decision are
separated); inspectors read everything within their clearance and compartments, audited.
"""

from __future__ import annotations

from weerstand.accounts.roles import Role
from weerstand.policy.table import Action, Resource, Scope

_R = Resource.ASSESSMENT
_WRITER = {
    (_R, Action.VIEW): (Scope.TEAM,),
    (_R, Action.CHANGE): (Scope.TEAM,),
    (_R, Action.CREATE): (Scope.TEAM,),
}

GRANTS: dict[Role, dict[tuple[Resource, Action], tuple[Scope, ...]]] = {
    Role.ANALYST: dict(_WRITER),
    Role.SENIOR_ANALYST: dict(_WRITER),
    Role.DECISION_MAKER: {(_R, Action.VIEW): (Scope.TEAM,)},
    Role.INSPECTOR: {(_R, Action.VIEW): (Scope.ALL,)},
}
NOTES: list[str] = [
    "Assessments (integrated threat picture): only analysts of the case team draft and edit; "
    "the challenge is recorded by another analyst of the team than the author, the extra check "
    "of a complex case by a senior analyst who is not the author; decision-makers see only "
    "finalised and superseded versions and never edit; a finalised version never changes."
]
