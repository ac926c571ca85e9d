"""The contact app's rows of the access-policy table (merged into policy.table.GRANTS).

Who sees the contact person and the communication log: the case team's NCTV and LCC side
(analysts, decision-makers, the coordinator, the resilience expert) and the inspectorate.
Partners without need (police, KMar and intelligence liaisons, unit planners, the OM, the
information coordinator) do not, even when they are in the case team. Portal users see their
own contact person (when the case shares it with them) and the messages addressed to them
(`self`). The row rules are in `contact.rules`.
"""

from __future__ import annotations

from weerstand.accounts.roles import Role
from weerstand.policy.table import Action, GrantTable, Resource, Scope

A, T, OWN, S = Scope.ALL, Scope.TEAM, Scope.OWNER, Scope.SELF
CP, COM = Resource.CONTACT_PERSON, Resource.COMMUNICATION
V, C, N = Action.VIEW, Action.CHANGE, Action.CREATE

# The roles of the responsible side that may read the log and speak for a case.
_TEAM_READ = {(CP, V): (T,), (COM, V): (T,)}
_SPEAKERS = {**_TEAM_READ, (COM, N): (T,)}
_OWNERS = {**_SPEAKERS, (CP, C): (OWN,)}
_PORTAL = {(CP, V): (S,), (COM, V): (S,)}

GRANTS: GrantTable = {
    Role.ANALYST: dict(_OWNERS),
    Role.SENIOR_ANALYST: dict(_OWNERS),
    Role.RESILIENCE_EXPERT: dict(_SPEAKERS),
    Role.LCC_COORDINATOR: dict(_SPEAKERS),
    Role.DECISION_MAKER: dict(_TEAM_READ),
    Role.INSPECTOR: {(CP, V): (A,), (COM, V): (A,)},
    Role.PROTECTEE: dict(_PORTAL),
    Role.RELATIVE: dict(_PORTAL),
    Role.EMPLOYER: dict(_PORTAL),
}
NOTES: list[str] = [
    "- **One voice** (`contact_person`, `communication`): the case owner names the fixed",
    "  contact person and deputy (`owner` scope on change), who must be in the case team",
    "  with a speaking role of the NCTV. Only they (or, while none is named, the owner) log",
    "  a message to a person concerned (`create`, enforced in `contact.services`); a logged",
    "  message is never changed. The team's NCTV/LCC side and inspectors read the whole log;",
    "  partners in the team (liaisons, planners, OM) do not. Portal users (`self`) see their",
    "  own contact person only when the case shares `contact_person` with them (the",
    "  protectee always), never the team's note, and only the messages addressed to them.",
]
