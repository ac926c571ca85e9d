"""Row rules of the consultations app: every row hangs from a case and is reached through
`engine.reach_q` (the grant's scope, the case visible, clearance and restricting
compartments always). A member removed from the case team loses the team scope at once."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from weerstand.core.extensions import RowRule
from weerstand.policy import engine
from weerstand.policy.engine import NOTHING, ROW_ACTIONS
from weerstand.policy.table import Action, Resource

R = Resource.CONSULTATION


def consultation_q(user: Any, action: str = Action.VIEW) -> Q:
    p = engine.principal(user)
    action = Action(action)
    if action not in ROW_ACTIONS:
        return NOTHING
    return engine.reach_q(p, R, action, "case__")


RULES = (
    RowRule(
        "consultation",
        consultation_q,
        (
            "consultations.consultation",
            "consultations.participant",
            "consultations.followup",
            "consultations.caseinvestigationlink",
        ),
    ),
)


def may_read(user: Any, case: Any) -> bool:
    return engine.reaches(user, case, R, Action.VIEW)


def may_record(user: Any, case: Any) -> bool:
    return engine.reaches(user, case, R, Action.CREATE)
