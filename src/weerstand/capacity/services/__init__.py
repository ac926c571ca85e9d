"""Domain services of the capacity app: officers, absences, planning, publishing, displacement.

Every change goes through here and writes its audit record in the same transaction; pages,
the API and commands only parse input and call these. The package is cut along the work, and
this module names everything callers use, so `from weerstand.capacity import services;
services.plan(...)` keeps working:

- `officers`: the officer register of the units, and absences
- `inputs`: what the solver plans with (open security assignments, available officers)
- `planning`: solve, validate and store a plan; publish it
- `prioritisation`: confirm the displacement choices, and the tasks to inform protectees

Who may do what is in `capacity.rules`; what pages, exports and the API show is in
`capacity.selectors`; the solver itself is `capacity.planner`.
"""

from weerstand.capacity.selectors import (
    OPEN_STATUSES,
    dm_unit_kinds,
    latest_run,
    published_run,
    units_for,
    visible_assignment_ids,
)
from weerstand.capacity.services.inputs import (
    check_demand,
    from_model,
    officer_supply,
    open_assignments,
    police_and_kmar,
)
from weerstand.capacity.services.officers import (
    OfficerData,
    create_officer,
    record_absence,
    update_officer,
)
from weerstand.capacity.services.planning import (
    MAX_DAYS,
    MAX_TIME_LIMIT,
    MIN_TIME_LIMIT,
    _keep_for,
    default_time_limit,
    plan,
    priority_rule,
    publish,
)
from weerstand.capacity.services.prioritisation import (
    complete_task,
    confirm_prioritisation,
    task_summary,
)

# The tests rebuild a stored run's problem with the service's own steps.
_police_and_kmar = police_and_kmar

__all__ = [
    "MAX_DAYS",
    "MAX_TIME_LIMIT",
    "MIN_TIME_LIMIT",
    "OPEN_STATUSES",
    "OfficerData",
    "_keep_for",
    "_police_and_kmar",
    "check_demand",
    "complete_task",
    "confirm_prioritisation",
    "create_officer",
    "default_time_limit",
    "dm_unit_kinds",
    "from_model",
    "latest_run",
    "officer_supply",
    "open_assignments",
    "plan",
    "police_and_kmar",
    "priority_rule",
    "publish",
    "published_run",
    "record_absence",
    "task_summary",
    "units_for",
    "update_officer",
    "visible_assignment_ids",
]
