"""The cases app's rows of the access-policy table: cases, their audit trail, aggregates.

Merged into `policy.table.GRANTS` through the app's AppConfig (`core.extensions`).
"""

from __future__ import annotations

from weerstand.accounts.roles import Role
from weerstand.policy.table import Action, GrantTable, Resource, Scope

A, T, INT, OWN, AGG = Scope.ALL, Scope.TEAM, Scope.INTAKE, Scope.OWNER, Scope.AGGREGATE
CASE, AUDIT, AGGREGATES = Resource.CASE, Resource.CASE_AUDIT, Resource.AGGREGATES
V, C, N = Action.VIEW, Action.CHANGE, Action.CREATE

GRANTS: GrantTable = {
    Role.ANALYST: {(CASE, V): (T, INT), (CASE, C): (T,), (CASE, N): (A,), (AUDIT, V): (OWN,)},
    Role.SENIOR_ANALYST: {
        (CASE, V): (T, INT),
        (CASE, C): (T,),
        (CASE, N): (A,),
        (AUDIT, V): (OWN,),
    },
    Role.DECISION_MAKER: {(CASE, V): (T,), (AUDIT, V): (OWN,), (AGGREGATES, V): (AGG,)},
    Role.LCC_COORDINATOR: {(CASE, V): (T,), (CASE, N): (A,), (AGGREGATES, V): (AGG,)},
    Role.POLICE_LIAISON: {(CASE, V): (T,), (CASE, N): (A,)},
    Role.KMAR_LIAISON: {(CASE, V): (T,), (CASE, N): (A,)},
    Role.UNIT_PLANNER: {(CASE, V): (T,)},
    Role.INTELLIGENCE_LIAISON: {(CASE, V): (T,), (CASE, N): (A,)},
    Role.OM_OFFICER: {(CASE, V): (T,), (CASE, N): (A,)},
    Role.MAYOR: {(CASE, N): (A,)},
    Role.INFORMATION_COORDINATOR: {(CASE, V): (T,), (CASE, N): (A,)},
    Role.RESILIENCE_EXPERT: {(CASE, V): (T,)},
    Role.INSPECTOR: {(CASE, V): (A,), (AUDIT, V): (A,), (AGGREGATES, V): (AGG,)},
    Role.ADVISORY_BODY: {(AGGREGATES, V): (AGG,)},
}
NOTES: list[str] = []
