"""The crownwitness app's rows of the access-policy table (merged into policy.table.GRANTS).

Every grant is `team` scope, which for a trajectory means: a member of its restricting
compartment. Without membership no role sees anything, inspectors included.
"""

from __future__ import annotations

from weerstand.accounts.roles import Role
from weerstand.policy.table import Action, Resource, Scope

T = Scope.TEAM
R = Resource
V, C, N = Action.VIEW, Action.CHANGE, Action.CREATE

_READ = {(R.TRAJECTORY, V): (T,)}

GRANTS: dict[Role, dict[tuple[Resource, Action], tuple[Scope, ...]]] = {
    Role.OM_OFFICER: {(R.TRAJECTORY, V): (T,), (R.TRAJECTORY, N): (T,), (R.TRAJECTORY, C): (T,)},
    Role.ANALYST: dict(_READ),
    Role.SENIOR_ANALYST: dict(_READ),
    Role.DECISION_MAKER: dict(_READ),
    Role.LCC_COORDINATOR: dict(_READ),
    Role.INSPECTOR: dict(_READ),
}

NOTES: list[str] = [
    "Crown-witness trajectories (the crownwitness app):",
    "",
    "- Scope `team` on `trajectory` = members of the trajectory's own restricting",
    "  compartment (kind crown_witness). The OM opens a trajectory (create) with a second",
    "  OM officer as co-owner and changes its date, status and circle (change); NCTV",
    "  analysts and decision-makers and the LCC coordinator read it when they are members.",
    "- Inspectors read a trajectory only as members; nobody has an `all` scope here.",
    "- Membership changes are proposed by one OM member and take effect only when a second",
    "  OM member approves (`policy.compartments`). A removed member loses access at once.",
    "",
]
