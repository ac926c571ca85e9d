"""The capacity app's rows of the access-policy table (merged into policy.table.GRANTS).

`capacity` = units' officers and their absences (personal data of officers);
`capacity_plan` = plan runs, their lines and shortages, the prioritisation confirmation.
"""

from __future__ import annotations

from weerstand.accounts.roles import Role
from weerstand.policy.table import Action, Resource, Scope

R, A, G = Resource, Scope.ALL, Scope.ORGANISATION
V, C, N = Action.VIEW, Action.CHANGE, Action.CREATE

GRANTS: dict[Role, dict[tuple[Resource, Action], tuple[Scope, ...]]] = {
    Role.LCC_COORDINATOR: {
        (R.CAPACITY, V): (A,),
        (R.CAPACITY, C): (A,),
        (R.CAPACITY, N): (A,),
        (R.CAPACITY_PLAN, V): (A,),
        (R.CAPACITY_PLAN, C): (A,),
        (R.CAPACITY_PLAN, N): (A,),
    },
    Role.UNIT_PLANNER: {
        (R.CAPACITY, V): (G,),
        (R.CAPACITY, C): (G,),
        (R.CAPACITY, N): (G,),
        (R.CAPACITY_PLAN, V): (G,),
    },
    Role.POLICE_LIAISON: {
        (R.CAPACITY, V): (G,),
        (R.CAPACITY_PLAN, V): (G,),
    },
    Role.KMAR_LIAISON: {
        (R.CAPACITY, V): (G,),
        (R.CAPACITY_PLAN, V): (G,),
    },
    Role.INSPECTOR: {
        (R.CAPACITY, V): (A,),
        (R.CAPACITY_PLAN, V): (A,),
    },
}
NOTES: list[str] = [
    "- **Capacity** (`capacity`, `capacity_plan`): officers and their leave are personal data"
    " of officers, scoped by the organisation of the officer's unit. Plan figures are"
    " national; plan lines follow the officer's organisation, shortages the executing"
    " organisation, and pages show a line or shortage only when the user may also see its"
    " security assignment. Only the coordination centre plans, publishes and confirms the"
    " prioritisation; the case owner gets the task to inform the protected person.",
]
