"""Row rules and action checks of the learning app.

- `evaluation`: through its case, with the kernel's blocks: team scope (`case_rows_q` with
  `team`), or `all` (the quality function, inspectors) within clearance and outside
  restricting compartments the user is not in (`clearance_q`, `restricted_ok_q`).
- `incident_review`: the same through its case, plus its own classification (the signal's);
  a review whose signal has no case yet is reached only through `all`.
- contributions, actions, lessons and lesson links: exactly when their parent is visible
  (for `view`; for `change` when the parent may be changed).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from weerstand.core.extensions import RowRule
from weerstand.policy import engine
from weerstand.policy.engine import NOTHING
from weerstand.policy.table import Action, Resource, Scope, scopes_for

_ACTIONS = (Action.VIEW, Action.CHANGE, Action.CREATE)


def _case_q(p: engine.Principal, resource: Resource, action: Action) -> Q:
    scopes = scopes_for(p.roles, resource, action)
    q = NOTHING
    if Scope.ALL in scopes:
        q |= engine.case_rows_q(p, frozenset({Scope.ALL}), "case__")
    if Scope.TEAM in scopes:
        q |= engine.case_rows_q(p, frozenset({Scope.TEAM}), "case__")
    return q


def evaluation_q(user: Any, action: str = Action.VIEW) -> Q:
    p = engine.principal(user)
    action = Action(action)
    if action not in _ACTIONS:
        return NOTHING
    return _case_q(p, Resource.EVALUATION, action)


def review_q(user: Any, action: str = Action.VIEW) -> Q:
    p = engine.principal(user)
    action = Action(action)
    if action not in _ACTIONS:
        return NOTHING
    scopes = scopes_for(p.roles, Resource.INCIDENT_REVIEW, action)
    if not scopes:
        return NOTHING
    q = _case_q(p, Resource.INCIDENT_REVIEW, action)
    if Scope.ALL in scopes:
        q |= Q(case__isnull=True)
    return q & engine.clearance_q(p)


def _child_q(user: Any, action: str, prefix: str = "") -> Q:
    from weerstand.learning.models import Evaluation, IncidentReview

    a = Action(action)
    if a not in _ACTIONS:
        return NOTHING
    p = engine.principal(user)
    evaluations = Evaluation._default_manager.filter(evaluation_q(p, a)).values("pk")
    reviews = IncidentReview._default_manager.filter(review_q(p, a)).values("pk")
    return Q(**{f"{prefix}evaluation__in": evaluations}) | Q(**{f"{prefix}review__in": reviews})


def child_q(user: Any, action: str = Action.VIEW) -> Q:
    return _child_q(user, action)


def lesson_link_q(user: Any, action: str = Action.VIEW) -> Q:
    return _child_q(user, action, "lesson__")


RULES = (
    RowRule("evaluation", evaluation_q, ("learning.evaluation",)),
    RowRule("incident_review", review_q, ("learning.incidentreview",)),
    RowRule("learning_contribution", child_q, ("learning.contribution",)),
    RowRule("learning_action", child_q, ("learning.followupaction",)),
    RowRule("lesson", child_q, ("learning.lesson",)),
    RowRule("lesson_link", lesson_link_q, ("learning.lessonlink",)),
)


def resource_of(obj: Any) -> Resource:
    from weerstand.learning.models import Evaluation

    return Resource.EVALUATION if isinstance(obj, Evaluation) else Resource.INCIDENT_REVIEW


def may(user: Any, obj: Any, action: Action) -> bool:
    """May `user` do `action` on this evaluation or review (the same filter as the rows)."""
    if not engine.can(user, resource_of(obj), action):
        return False
    return engine.scope(type(obj)._default_manager.filter(pk=obj.pk), user, action).exists()


def may_change(user: Any, obj: Any) -> bool:
    return may(user, obj, Action.CHANGE)


def may_contribute(user: Any, obj: Any) -> bool:
    return may(user, obj, Action.CREATE)


def may_complete_action(user: Any, action: Any) -> bool:
    """The assignee, or whoever may change the evaluation or review."""
    return action.assignee_id == user.pk or may_change(user, action.parent)


def is_quality_function(user: Any) -> bool:
    return Scope.ALL in scopes_for(
        engine.principal(user).roles, Resource.INCIDENT_REVIEW, Action.CHANGE
    )
