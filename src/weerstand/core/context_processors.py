"""Navigation shown to a user depends on what the policy grants them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from weerstand.policy.table import Action, Resource


def navigation(request: HttpRequest) -> dict[str, Any]:
    from weerstand.policy import engine

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_verified():
        return {"nav": {}}
    return {
        "nav": {
            "cases": engine.can(user, Resource.CASE, Action.VIEW),
            "refer": engine.can(user, Resource.CASE, Action.CREATE),
            "registry": engine.can(user, Resource.PERSON, Action.VIEW),
            "limitative": engine.can(user, Resource.LIMITATIVE_ENTRY, Action.VIEW),
            "aggregates": engine.can(user, Resource.AGGREGATES, Action.VIEW),
            "accounts": engine.can(user, Resource.ACCOUNTS, Action.CHANGE),
        },
        "unread_alerts": user.alerts.filter(read_at__isnull=True).count(),
    }
