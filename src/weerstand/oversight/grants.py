"""The oversight app's rows of the access-policy table (merged into policy.table.GRANTS).

The quality monitor is the NCTV's quality function's instrument; the inspectorate reads it
too (read-only, like everything it reads). Its figures are national counts (aggregate scope):
no case, person or free text. Its drill-down lists cases only through the case policy
(`Case.objects.visible_to`), so a role without case grants sees how many cases lie outside
its need-to-know and nothing about them.
"""

from __future__ import annotations

from weerstand.accounts.roles import Role
from weerstand.policy.table import Action, Resource, Scope

R = Resource.QUALITY_MONITOR
V = Action.VIEW
AGG = Scope.AGGREGATE

GRANTS: dict[Role, dict[tuple[Resource, Action], tuple[Scope, ...]]] = {
    Role.QUALITY_OFFICER: {(R, V): (AGG,)},
    Role.INSPECTOR: {(R, V): (AGG,)},
}

NOTES: list[str] = [
    "Quality monitor (the oversight app):",
    "",
    "- `quality_monitor:view` (aggregate scope): the national indicators per period, counts",
    "  only, for the quality function and (read-only) the inspectorate. Every read of the",
    "  monitor and of a drill-down is audited.",
    "- The drill-down lists only the cases the viewer may see under the case policy; how many",
    "  other cases lie behind the figure is said as a number, nothing more.",
    "",
]
