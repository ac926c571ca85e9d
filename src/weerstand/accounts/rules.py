"""The row rule of `access_change`: who sees which four-eyes request about access.

System administrators and inspectors see every request; a security officer sees the requests
about accounts of their own organisation (and decides them, `accounts.access_changes`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from weerstand.core.extensions import RowRule
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource, Scope, scopes_for

_NOTHING = Q(pk__in=[])


def access_change_q(user: Any, action: str = Action.VIEW) -> Q:
    p = engine.principal(user)
    scopes = scopes_for(p.roles, Resource.ACCESS_CHANGE, Action(action))
    if Scope.ALL in scopes:
        return Q()
    if Scope.ORGANISATION in scopes and p.organisation_id is not None:
        return Q(target__organisation=p.organisation_id)
    return _NOTHING


RULES = (RowRule("access_change", access_change_q, ("accounts.accesschangerequest",)),)
