"""The cases app's rows of the access-policy table: cases, their audit trail, aggregates, and
hand-overs to the local domain.

Merged into `policy.table.GRANTS` through the app's AppConfig (`core.extensions`).
"""

from __future__ import annotations

from weerstand.accounts.roles import Role
from weerstand.policy.table import Action, GrantTable, Resource, Scope

A, T, INT, OWN, AGG = Scope.ALL, Scope.TEAM, Scope.INTAKE, Scope.OWNER, Scope.AGGREGATE
G = Scope.ORGANISATION
CASE, AUDIT, AGGREGATES = Resource.CASE, Resource.CASE_AUDIT, Resource.AGGREGATES
LH = Resource.LOCAL_HANDOVER
V, C, N = Action.VIEW, Action.CHANGE, Action.CREATE

GRANTS: GrantTable = {
    Role.ANALYST: {
        (CASE, V): (T, INT),
        (CASE, C): (T,),
        (CASE, N): (A,),
        (AUDIT, V): (OWN,),
        (LH, V): (T,),
    },
    Role.SENIOR_ANALYST: {
        (CASE, V): (T, INT),
        (CASE, C): (T,),
        (CASE, N): (A,),
        (AUDIT, V): (OWN,),
        (LH, V): (T,),
    },
    Role.DECISION_MAKER: {
        (CASE, V): (T,),
        (AUDIT, V): (OWN,),
        (AGGREGATES, V): (AGG,),
        (LH, V): (T,),
    },
    Role.LCC_COORDINATOR: {(CASE, V): (T,), (CASE, N): (A,), (AGGREGATES, V): (AGG,)},
    Role.POLICE_LIAISON: {(CASE, V): (T,), (CASE, N): (A,)},
    Role.KMAR_LIAISON: {(CASE, V): (T,), (CASE, N): (A,)},
    Role.UNIT_PLANNER: {(CASE, V): (T,)},
    Role.INTELLIGENCE_LIAISON: {(CASE, V): (T,), (CASE, N): (A,)},
    Role.OM_OFFICER: {(CASE, V): (T,), (CASE, N): (A,), (LH, V): (T, G), (LH, C): (G,)},
    Role.MAYOR: {(CASE, N): (A,), (LH, V): (G,), (LH, C): (G,)},
    Role.INFORMATION_COORDINATOR: {(CASE, V): (T,), (CASE, N): (A,)},
    Role.RESILIENCE_EXPERT: {(CASE, V): (T,)},
    Role.INSPECTOR: {
        (CASE, V): (A,),
        (AUDIT, V): (A,),
        (AGGREGATES, V): (AGG,),
        (LH, V): (A,),
    },
    Role.ADVISORY_BODY: {(AGGREGATES, V): (AGG,)},
    # The NCTV's quality function drills down from the quality monitor to the cases behind a
    # figure: it reads a case (within its clearance, outside restricting compartments it is
    # not a member of), never changes one, and reads no person's contact details.
    Role.QUALITY_OFFICER: {(CASE, V): (A,)},
}
NOTES: list[str] = [
    "- **Hand-overs to the local domain** (`local_handover`) are seen by the case team (and"
    " inspectors) in full, and by the receiving organisation's mayor or OM officers"
    " (`organisation` scope) only as the allow-listed fields of"
    " `cases.models.HANDOVER_SHARED_FIELDS` (case reference, phenomenon, authority, date,"
    " NCTV contact, hand-over note, and their own answer): never the case file. Only they"
    " accept or return it (`organisation` scope on change); a return takes the case back to"
    " triage on behalf of its owner.",
]
