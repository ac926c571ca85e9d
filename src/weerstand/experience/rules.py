"""Row rules and action checks of the experience app.

- `experience_questionnaire`: the case team through the case (`engine.reach_q`: team scope,
  clearance, restricting compartments), and the person themselves (self scope).
- `experience_answer`: exactly when its questionnaire is visible.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from weerstand.core.extensions import RowRule
from weerstand.policy import engine
from weerstand.policy.engine import NOTHING, ROW_ACTIONS
from weerstand.policy.table import Action, Resource, Scope, scopes_for

# Decisions that end or materially change protection: the person is asked how it went.
TRIGGERS = ("stop", "scale_down", "adjust")
# Persons concerned who are invited besides the protectee (relatives, not professionals).
RELATIVE_ROLES = ("partner", "child", "parent", "sibling", "relative")
PORTAL_ROLES = ("protectee", "relative")
# No figure for a question answered fewer times than this (quality monitor).
MIN_GROUP = 5


def own_person_ids(p: engine.Principal) -> QuerySet:
    from weerstand.accounts.models import User

    return User.objects.filter(pk=p.pk, person__isnull=False, is_active=True).values("person_id")


def questionnaire_q(user: Any, action: str) -> Q:
    p = engine.principal(user)
    action = Action(action)
    if action not in ROW_ACTIONS:
        return NOTHING
    scopes = scopes_for(p.roles, Resource.EXPERIENCE_QUESTIONNAIRE, action)
    q = NOTHING
    if Scope.TEAM in scopes:
        q |= engine.reach_q(p, Resource.EXPERIENCE_QUESTIONNAIRE, action, "case__")
    if Scope.SELF in scopes:
        q |= Q(person__in=own_person_ids(p), recipient=p.pk)
    return q


def _answer_q(user: Any, action: str) -> Q:
    from weerstand.experience.models import ExperienceQuestionnaire

    inner = questionnaire_q(user, action)
    return Q(questionnaire__in=ExperienceQuestionnaire._default_manager.filter(inner).values("pk"))


RULES = (
    RowRule("experience_questionnaire", questionnaire_q, ("experience.experiencequestionnaire",)),
    RowRule("experience_answer", _answer_q, ("experience.experienceanswer",)),
)


def answers_own(user: Any) -> bool:
    """A portal user who may answer their own invitations."""
    return bool(getattr(user, "person_id", None)) and Scope.SELF in scopes_for(
        user.role_codes, Resource.EXPERIENCE_QUESTIONNAIRE, Action.CHANGE
    )


def may_answer(user: Any, questionnaire: Any) -> bool:
    """Only the invited person answers (or declines), once."""
    return (
        answers_own(user)
        and questionnaire.recipient_id == user.pk
        and questionnaire.person_id == user.person_id
    )


def sees_aggregates(user: Any) -> bool:
    """The quality monitor: whoever holds the aggregate grant."""
    return Scope.AGGREGATE in scopes_for(user.role_codes, Resource.AGGREGATES, Action.VIEW)
