"""The information app's rows of the access-policy table (merged into policy.table.GRANTS).

The scopes below are only the *reach* of a grant. `information.rules` adds, for every product:
clearance, the legal basis (may it be provided to the user's kind of organisation?), the
handling restriction, and the restricting compartments of every linked case.
"""

from __future__ import annotations

from weerstand.accounts.roles import Role
from weerstand.policy.table import Action, Resource, Scope

A, T, INT, G = Scope.ALL, Scope.TEAM, Scope.INTAKE, Scope.ORGANISATION
P, E = Resource.THREAT_PRODUCT, Resource.ENTITY
V, C, N = Action.VIEW, Action.CHANGE, Action.CREATE

_ANALYSIS = {
    (P, V): (T, INT),
    # Analysts record products received outside the system on behalf of any partner.
    (P, N): (A,),
    # New version / withdrawal: products whose originator is the analyst's own organisation.
    (P, C): (G,),
    (E, V): (T, INT),
    (E, N): (A,),
}

# Partner liaisons deliver their own organisation's products and read those of their teams.
_PARTNER = {
    (P, V): (G, T),
    (P, N): (G,),
    (P, C): (G,),
    (E, V): (G, T),
    (E, N): (G,),
}

GRANTS: dict[Role, dict[tuple[Resource, Action], tuple[Scope, ...]]] = {
    Role.ANALYST: dict(_ANALYSIS),
    Role.SENIOR_ANALYST: dict(_ANALYSIS),
    Role.DECISION_MAKER: {(P, V): (T,), (E, V): (T,)},
    Role.POLICE_LIAISON: dict(_PARTNER),
    Role.KMAR_LIAISON: dict(_PARTNER),
    Role.INTELLIGENCE_LIAISON: dict(_PARTNER),
    Role.OM_OFFICER: dict(_PARTNER),
    Role.INFORMATION_COORDINATOR: dict(_PARTNER),
    Role.LCC_COORDINATOR: {(P, V): (T,), (E, V): (T,)},
    Role.INSPECTOR: {(P, V): (A,), (E, V): (A,)},
}

NOTES: list[str] = [
    "- **Threat-information products** (`threat_product`) are visible only when *all* hold:",
    "  (1) clearance >= the product's classification; (2) its legal basis permits provision to",
    "  the user's kind of organisation (`recipient_kinds`), unless the user's organisation is",
    "  the originator; (3) the handling restriction admits the user: `none`; `analysis_only` =",
    "  analysts, senior analysts and the originator; `orcon` (originator control) = the",
    "  originator, and analysts in the team of a linked case; `no_operational_use` = not for",
    "  operational roles (police/KMar liaison, LCC coordinator, unit planner) outside the",
    "  originator; (4) reach: the originator's own organisation (`organisation` scope), or at",
    "  least one linked case the user may view within the product grant (`team`, `intake`);",
    "  `intake` also reaches products linked to no case yet (the analysts' intake);",
    "  (5) every linked case in a restricting compartment requires membership, whatever other",
    "  case the product is reached through. Inspectors (`all`) read every product within",
    "  clearance and compartments, regardless of legal basis and handling (oversight), audited.",
    "  Change (new version, withdrawal) is for the originator's organisation only. Attachments",
    "  and case/person/entity links follow their product.",
    "- **Re-assessment advice** on a case is visible to product readers who may change the",
    "  case (its analysts) and to inspectors; its reason never names the product.",
    "- **Entities** (`entity`: phone numbers, vehicles, addresses) are visible only through at",
    "  least one visible linked product or signal; otherwise they answer as absent.",
]
