"""Row rules of the capacity resources (registered with the policy engine in apps.ready()).

Officers and their absences are not case content but personal data of officers: they are
scoped by the organisation the officer's unit belongs to (`organisation`), or seen in full by
the national coordination centre and the inspectorate (`all`). A plan run itself (horizon,
solver figures) is national and visible to every role with a `capacity_plan` grant; its
lines follow the officer's organisation and its shortages the executing organisation. The
pages add one more filter on top: a line or shortage is shown only when the user may see the
security assignment it belongs to (`services.visible_assignment_ids`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from weerstand.core.extensions import RowRule
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource, Scope, scopes_for

_NOTHING = Q(pk__in=[])


def _org_scoped(resource: Resource, field: str) -> Any:
    """A builder: `all` reaches every row, `organisation` the rows of the user's organisation."""

    def build(user: Any, action: str) -> Q:
        p = engine.principal(user)
        action = Action(action)
        if action not in (Action.VIEW, Action.CHANGE):
            return _NOTHING
        scopes = scopes_for(p.roles, resource, action)
        if Scope.ALL in scopes:
            return Q()
        if Scope.ORGANISATION in scopes and p.organisation_id is not None:
            return Q(**{field: p.organisation_id})
        return _NOTHING

    build.__name__ = f"{resource.value}_{field}_q"
    return build


officer_q = _org_scoped(Resource.CAPACITY, "unit__organisation")
absence_q = _org_scoped(Resource.CAPACITY, "officer__unit__organisation")
plan_line_q = _org_scoped(Resource.CAPACITY_PLAN, "officer__unit__organisation")
shortage_q = _org_scoped(Resource.CAPACITY_PLAN, "executing_organisation")
coverage_q = _org_scoped(Resource.CAPACITY_PLAN, "executing_organisation")


def plan_run_q(user: Any, action: str) -> Q:
    """Run figures are national: any capacity_plan grant sees them; change needs `all`."""
    p = engine.principal(user)
    action = Action(action)
    if action not in (Action.VIEW, Action.CHANGE):
        return _NOTHING
    scopes = scopes_for(p.roles, Resource.CAPACITY_PLAN, action)
    if action == Action.VIEW and scopes:
        return Q()
    return Q() if Scope.ALL in scopes else _NOTHING


def inform_task_q(user: Any, action: str) -> Q:
    """The assignee sees and completes the task while the case is visible to them; whoever
    sees the plan sees the tasks of cases they may view (the coordinator's follow-up)."""
    p = engine.principal(user)
    action = Action(action)
    case_visible = engine.case_q(p, Action.VIEW, prefix="case__")
    own = Q(assignee=p.pk) & case_visible
    if action == Action.CHANGE:
        return own
    if action != Action.VIEW:
        return _NOTHING
    if scopes_for(p.roles, Resource.CAPACITY_PLAN, Action.VIEW):
        return own | case_visible
    return own


RULES = (
    RowRule("capacity", officer_q, ("capacity.officer",)),
    RowRule("capacity_absence", absence_q, ("capacity.absence",)),
    RowRule(
        "capacity_plan", plan_run_q, ("capacity.planrun", "capacity.prioritisationconfirmation")
    ),
    RowRule("capacity_plan_line", plan_line_q, ("capacity.planline",)),
    RowRule("capacity_shortage", shortage_q, ("capacity.shortage",)),
    RowRule("capacity_coverage", coverage_q, ("capacity.plancoverage",)),
    RowRule("inform_task", inform_task_q, ("capacity.informtask",)),
)
