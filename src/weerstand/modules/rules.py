"""Row rules and action checks of the modules app.

- `module` (modules, versions and sections): every published row to whoever holds a view
  grant; change (a new version) only with the change grant (`all`).
- `module_assignment`: the case team through the case (`engine.reach_q`: team scope,
  clearance, restricting compartments; inspectors `all`), and the person themselves (self
  scope: `person` is the registry person of the portal account).
- `module_progress`: exactly when its assignment is visible (for the action asked).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from weerstand.core.extensions import RowRule
from weerstand.policy import engine
from weerstand.policy.engine import NOTHING, ROW_ACTIONS
from weerstand.policy.table import Action, Resource, Scope, scopes_for

# Persons concerned who may follow a module (never the lawyer, employer or professionals).
ASSIGNABLE_ROLES = ("protectee", "partner", "child", "parent", "sibling", "relative")
# The portal roles that follow a module themselves.
PORTAL_ROLES = ("protectee", "relative")


def own_person_ids(p: engine.Principal) -> QuerySet:
    """The registry person of the portal account, as a subquery (empty for staff)."""
    from weerstand.accounts.models import User

    return User.objects.filter(pk=p.pk, person__isnull=False, is_active=True).values("person_id")


def _module_q(user: Any, action: str) -> Q:
    p = engine.principal(user)
    action = Action(action)
    if action not in ROW_ACTIONS:
        return NOTHING
    return Q() if Scope.ALL in scopes_for(p.roles, Resource.MODULE, action) else NOTHING


def assignment_q(user: Any, action: str) -> Q:
    p = engine.principal(user)
    action = Action(action)
    if action not in ROW_ACTIONS:
        return NOTHING
    scopes = scopes_for(p.roles, Resource.MODULE_ASSIGNMENT, action)
    q = NOTHING
    if scopes - {Scope.SELF}:
        q |= engine.reach_q(p, Resource.MODULE_ASSIGNMENT, action, "case__")
    if Scope.SELF in scopes:
        q |= Q(person__in=own_person_ids(p))
    return q


def _progress_q(user: Any, action: str) -> Q:
    from weerstand.modules.models import ModuleAssignment

    inner = assignment_q(user, action)
    return Q(assignment__in=ModuleAssignment._default_manager.filter(inner).values("pk"))


RULES = (
    RowRule(
        "module",
        _module_q,
        ("modules.module", "modules.moduleversion", "modules.modulesection"),
    ),
    RowRule("module_assignment", assignment_q, ("modules.moduleassignment",)),
    RowRule("module_progress", _progress_q, ("modules.sectionprogress",)),
)


# --- action checks ---------------------------------------------------------------------------


def may_publish(user: Any) -> bool:
    """A new version of a module: the resilience expert or the system administrator."""
    return Scope.ALL in scopes_for(user.role_codes, Resource.MODULE, Action.CHANGE)


def may_assign(user: Any, case: Any) -> bool:
    """The resilience expert of the case team assigns modules in that case."""
    return engine.reaches(user, case, Resource.MODULE_ASSIGNMENT, Action.CREATE)


def follows_modules(user: Any) -> bool:
    """A portal user with a registry person who may follow their own modules."""
    return bool(getattr(user, "person_id", None)) and Scope.SELF in scopes_for(
        user.role_codes, Resource.MODULE_ASSIGNMENT, Action.VIEW
    )


def may_follow(user: Any, assignment: Any) -> bool:
    """Only the person themselves marks sections done."""
    return (
        follows_modules(user)
        and assignment.person_id == user.person_id
        and engine.can(user, Resource.MODULE_ASSIGNMENT, Action.CHANGE, assignment)
    )
