"""The modules app's rows of the access-policy table (merged into policy.table.GRANTS).

Module content is not case content: every role that works with the person may read the
published versions. Publishing a new version is for the resilience expert and the system
administrator. An assignment (and the progress on it) is case content: the NCTV roles of the
case team see it, the resilience expert of the team assigns it, the person follows their own
(self scope), inspectors read it for oversight. Partners' liaisons and planners do not.
"""

from __future__ import annotations

from weerstand.accounts.roles import Role
from weerstand.policy.table import Action, Resource, Scope

A, T, S = Scope.ALL, Scope.TEAM, Scope.SELF
R = Resource
V, C, N = Action.VIEW, Action.CHANGE, Action.CREATE

_READ_CONTENT = {(R.MODULE, V): (A,)}
_TEAM_READ = {**_READ_CONTENT, (R.MODULE_ASSIGNMENT, V): (T,)}

GRANTS: dict[Role, dict[tuple[Resource, Action], tuple[Scope, ...]]] = {
    Role.RESILIENCE_EXPERT: {
        **_READ_CONTENT,
        (R.MODULE, C): (A,),
        (R.MODULE_ASSIGNMENT, V): (T,),
        (R.MODULE_ASSIGNMENT, N): (T,),
        (R.MODULE_ASSIGNMENT, C): (T,),
    },
    Role.SYSTEM_ADMIN: {**_READ_CONTENT, (R.MODULE, C): (A,)},
    Role.ANALYST: dict(_TEAM_READ),
    Role.SENIOR_ANALYST: dict(_TEAM_READ),
    Role.DECISION_MAKER: dict(_TEAM_READ),
    Role.INSPECTOR: {**_READ_CONTENT, (R.MODULE_ASSIGNMENT, V): (A,)},
    Role.PROTECTEE: {
        **_READ_CONTENT,
        (R.MODULE_ASSIGNMENT, V): (S,),
        (R.MODULE_ASSIGNMENT, C): (S,),
    },
    Role.RELATIVE: {
        **_READ_CONTENT,
        (R.MODULE_ASSIGNMENT, V): (S,),
        (R.MODULE_ASSIGNMENT, C): (S,),
    },
}

NOTES: list[str] = [
    "Digital resilience modules (the modules app):",
    "",
    "- Module content (`module`) is versioned data; a published version never changes.",
    "  Every role with a view grant reads the published versions; the resilience expert and",
    "  the system administrator publish new versions.",
    "- An assignment (`module_assignment`) hangs from its case: the NCTV roles of the case",
    "  team see it (team scope, clearance, restricting compartments), the resilience expert",
    "  of the team assigns it to a person concerned who has a portal account. Scope `self`",
    "  = the assignments of the portal user's own registry person: they read the note and",
    "  mark sections done; one person never reaches another's assignments.",
    "",
]
