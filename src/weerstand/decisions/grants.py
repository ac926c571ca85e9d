"""The decisions app's rows of the access-policy table (merged into policy.table.GRANTS)."""

from __future__ import annotations

from weerstand.accounts.roles import Role
from weerstand.policy.table import Action, Resource, Scope

A, T, G = Scope.ALL, Scope.TEAM, Scope.ORGANISATION
D, SA, LN = Resource.DECISION, Resource.SECURITY_ASSIGNMENT, Resource.LOCAL_NOTIFICATION
V, C, N = Action.VIEW, Action.CHANGE, Action.CREATE

GRANTS: dict[Role, dict[tuple[Resource, Action], tuple[Scope, ...]]] = {
    Role.ANALYST: {(D, V): (T,)},
    Role.SENIOR_ANALYST: {(D, V): (T,)},
    Role.DECISION_MAKER: {(D, V): (T,), (D, N): (T,), (D, C): (T,), (SA, V): (T,)},
    Role.LCC_COORDINATOR: {(D, V): (T,), (SA, V): (A,), (LN, V): (A,)},
    Role.POLICE_LIAISON: {(D, V): (T,), (SA, V): (T, G), (SA, C): (G,)},
    Role.KMAR_LIAISON: {(D, V): (T,), (SA, V): (T, G), (SA, C): (G,)},
    Role.UNIT_PLANNER: {(SA, V): (T, G), (SA, C): (G,)},
    Role.OM_OFFICER: {(D, V): (T,), (LN, V): (G,), (LN, C): (G,)},
    Role.MAYOR: {(LN, V): (G,), (LN, C): (G,)},
    Role.RESILIENCE_EXPERT: {(D, V): (T,)},
    Role.INSPECTOR: {(D, V): (A,), (SA, V): (A,), (LN, V): (A,)},
}
NOTES: list[str] = [
    "- **Decisions** are taken by a decision-maker in the case team, never by the author or"
    " challenger of the assessment; start, stop, scale-down and a change of level need a"
    " second decision-maker (four eyes).",
    "- **Security assignments** are visible to the case team, to the executing organisation"
    " (its liaisons and planners, `organisation` scope: they acknowledge and staff them) and"
    " to the LCC; always within clearance and restricting compartments of the case.",
    "- **Local notifications** hold only the permitted fields (measure, municipality, period,"
    " LCC contact point) and are visible to the recipient organisation's mayor or OM users.",
    "- **Replies to local-power measures**: the recipient organisation's mayor or OM officers"
    " (`organisation` scope on `local_notification:change`) answer a notice of a new measure"
    " once: agreed, declined (with a reason) or a question. The reply goes on the case"
    " timeline and a decline or question alerts the case owner and the decision-makers of the"
    " case team; nothing of the case reaches the local authority in return.",
]
