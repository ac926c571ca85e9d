"""The consultations app's rows of the access-policy table (merged into policy.table.GRANTS).

Both sides of the consultation, within the case team only: the protection side (analysts,
decision-makers, the LCC coordinator) and the investigation side (OM officers, police
liaisons). Partners without that need (unit planners, KMar and intelligence liaisons,
mayors, resilience experts, portal users) get nothing, even as team members. Inspectors read
consultations like other case content (all, within clearance and restricting compartments).
"""

from __future__ import annotations

from weerstand.accounts.roles import Role
from weerstand.policy.table import Action, Resource, Scope

A, T = Scope.ALL, Scope.TEAM
R = Resource.CONSULTATION
V, C, N = Action.VIEW, Action.CHANGE, Action.CREATE

_BOTH_SIDES = {(R, V): (T,), (R, N): (T,), (R, C): (T,)}
PROTECTION_ROLES = (
    Role.ANALYST,
    Role.SENIOR_ANALYST,
    Role.DECISION_MAKER,
    Role.LCC_COORDINATOR,
)
INVESTIGATION_ROLES = (Role.OM_OFFICER, Role.POLICE_LIAISON)

GRANTS: dict[Role, dict[tuple[Resource, Action], tuple[Scope, ...]]] = {
    **{role: dict(_BOTH_SIDES) for role in PROTECTION_ROLES + INVESTIGATION_ROLES},
    Role.INSPECTOR: {(R, V): (A,)},
}

NOTES: list[str] = [
    "Consultation between protection and prosecution (the consultations app):",
    "",
    "- **Consultations** (`consultation`: participants, interests weighed, agreements on",
    "  sharing information and on timing, follow-up actions, and the case's link with a",
    "  running investigation) are recorded and read by the case team members of both sides:",
    "  analysts, decision-makers and the LCC coordinator (protection), OM officers and",
    "  police liaisons (investigation). Unit planners, other liaisons, mayors and portal",
    "  users get nothing, even as team members. Inspectors read them (`all`, within",
    "  clearance and restricting compartments, audited). A recorded consultation is never",
    "  changed: `change` only marks a follow-up action done; a correction is a new",
    "  consultation naming the earlier one.",
    "",
]
