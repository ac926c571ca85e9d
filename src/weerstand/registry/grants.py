"""The registry's rows of the access-policy table: persons, their secret fields, their
witness-protection programme cover, the limitative list. Merged into `policy.table.GRANTS`
through the app's AppConfig."""

from __future__ import annotations

from weerstand.accounts.roles import Role
from weerstand.policy.table import Action, GrantTable, Resource, Scope

A, T, INT, G = Scope.ALL, Scope.TEAM, Scope.INTAKE, Scope.ORGANISATION
P, PC, PGC, LE = (
    Resource.PERSON,
    Resource.PERSON_CONTACT,
    Resource.PROGRAMME_COVER,
    Resource.LIMITATIVE_ENTRY,
)
V, C = Action.VIEW, Action.CHANGE

GRANTS: GrantTable = {
    Role.ANALYST: {(P, V): (T, INT), (P, C): (T,), (PC, V): (T,), (LE, V): (A,)},
    Role.SENIOR_ANALYST: {(P, V): (T, INT), (P, C): (T,), (PC, V): (T,), (LE, V): (A,)},
    Role.DECISION_MAKER: {(P, V): (T,), (LE, V): (A,)},
    Role.LCC_COORDINATOR: {(P, V): (T,), (PC, V): (T,), (LE, V): (A,)},
    Role.POLICE_LIAISON: {(P, V): (T,), (PC, V): (T,), (LE, V): (G,)},
    Role.KMAR_LIAISON: {(P, V): (T,), (PC, V): (T,), (LE, V): (G,)},
    Role.UNIT_PLANNER: {(P, V): (T,), (PC, V): (T,)},
    # The OM runs the crown-witness agreement: it records that a person is covered by the
    # witness protection programme (and by which), inside the crown-witness compartment.
    Role.OM_OFFICER: {(P, V): (T,), (PGC, V): (T,), (PGC, C): (T,), (LE, V): (G,)},
    Role.MAYOR: {(LE, V): (G,)},
    Role.RESILIENCE_EXPERT: {(P, V): (T,)},
    Role.INSPECTOR: {(P, V): (A,), (PC, V): (A,), (LE, V): (A,)},
}
NOTES: list[str] = []
