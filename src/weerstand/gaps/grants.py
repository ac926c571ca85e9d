"""The gaps app's rows of the access-policy table (merged into policy.table.GRANTS).

Gaps are case content for the case team's analysts. Requests for information (RFIs) are seen
by the case team and, limited to question, due date and case reference, by the liaisons of the
addressed organisation (`organisation` scope), who answer them. The row rule is `gaps.rules`.
"""

from __future__ import annotations

from weerstand.accounts.roles import Role
from weerstand.policy.table import Action, Resource, Scope

A, T, G = Scope.ALL, Scope.TEAM, Scope.ORGANISATION
_TEAM_ANALYST = {
    (Resource.GAP, Action.VIEW): (T,),
    (Resource.GAP, Action.CHANGE): (T,),
    (Resource.GAP, Action.CREATE): (T,),
    (Resource.RFI, Action.VIEW): (T,),
    (Resource.RFI, Action.CHANGE): (T,),
    (Resource.RFI, Action.CREATE): (T,),
}
_ADDRESSEE = {
    (Resource.RFI, Action.VIEW): (G,),
    (Resource.RFI, Action.CHANGE): (G,),
}
ADDRESSEE_ROLES = (
    Role.POLICE_LIAISON,
    Role.KMAR_LIAISON,
    Role.INTELLIGENCE_LIAISON,
    Role.OM_OFFICER,
    Role.INFORMATION_COORDINATOR,
)

GRANTS: dict[Role, dict[tuple[Resource, Action], tuple[Scope, ...]]] = {
    Role.ANALYST: dict(_TEAM_ANALYST),
    Role.SENIOR_ANALYST: dict(_TEAM_ANALYST),
    Role.DECISION_MAKER: {(Resource.GAP, Action.VIEW): (T,), (Resource.RFI, Action.VIEW): (T,)},
    Role.INSPECTOR: {(Resource.GAP, Action.VIEW): (A,), (Resource.RFI, Action.VIEW): (A,)},
    **{role: dict(_ADDRESSEE) for role in ADDRESSEE_ROLES},
}
NOTES: list[str] = [
    "- **Gaps and requests for information** (`gap`, `rfi`): reached through their case",
    "  (team scope, clearance, restricting compartments). `organisation` on `rfi` = requests",
    "  addressed to the user's own organisation, within clearance of the case and only for",
    "  members of any restricting compartment on it; the addressee sees the question, due",
    "  date and case reference, never the case file, and answers with a threat product.",
]
