"""Row rule of the advisory app: advice, themes and responses hold no case content, so every
row is visible to whoever holds an `all` grant on `advice` for the action."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from weerstand.core.extensions import RowRule
from weerstand.policy import engine
from weerstand.policy.engine import NOTHING, ROW_ACTIONS
from weerstand.policy.table import Action, Resource, Scope, scopes_for


def advice_q(user: Any, action: str) -> Q:
    p = engine.principal(user)
    action = Action(action)
    if action not in ROW_ACTIONS:
        return NOTHING
    return Q() if Scope.ALL in scopes_for(p.roles, Resource.ADVICE, action) else NOTHING


RULES = (RowRule("advice", advice_q, ("advisory.advice",)),)
