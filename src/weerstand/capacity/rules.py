"""Row rules of the capacity resources (registered with the policy engine in apps.ready()).

Officers and their absences are not case content but personal data of officers: they are
scoped by the organisation the officer's unit belongs to (`organisation`), or seen in full by
the national coordination centre and the inspectorate (`all`). A plan run itself (horizon,
solver figures) is national and visible to every role with a `capacity_plan` grant; its
lines follow the officer's organisation and its shortages the executing organisation. The
pages add one more filter on top: a line or shortage is shown only when the user may see the
security assignment it belongs to (`selectors.visible_assignment_ids`).

Below the row rules, the action checks (`may_*`): the services ask them first and refuse;
pages and the API ask the same functions only to decide what to offer.
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


# --- action checks ---------------------------------------------------------------------------


def may_register_officers(user: Any) -> bool:
    """Whether the user keeps an officer register at all (their organisation's, or every)."""
    return engine.can(user, Resource.CAPACITY, Action.CREATE)


def may_manage_unit(user: Any, unit: Any, action: Action) -> bool:
    """Officers are registered in (and moved to) a unit of the user's own organisation; the
    `all` scope reaches every unit."""
    scopes = scopes_for(user.role_codes, Resource.CAPACITY, action)
    if Scope.ALL in scopes:
        return True
    return Scope.ORGANISATION in scopes and unit.organisation_id == user.organisation_id


def may_change_officer(user: Any, officer: Any) -> bool:
    """The officer's data and absences: the organisation of the officer's unit (or `all`)."""
    return engine.can(user, Resource.CAPACITY, Action.CHANGE, officer)


def may_plan(user: Any) -> bool:
    """Whether the user may solve a plan (the coordination centre)."""
    return engine.can(user, Resource.CAPACITY_PLAN, Action.CREATE)


def may_coordinate(user: Any) -> bool:
    """Publishing a plan and confirming its displacement choices: the coordination centre,
    which therefore also learns THAT shortages exist it cannot see (a count, nothing more)."""
    return engine.can(user, Resource.CAPACITY_PLAN, Action.CHANGE)
