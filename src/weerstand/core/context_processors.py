"""Navigation shown to a user depends on what the policy grants them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from weerstand.policy.table import Action, Resource


def navigation(request: HttpRequest) -> dict[str, Any]:
    from weerstand.core.dashboard import unread_alert_count
    from weerstand.core.extensions import nav_for
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
            "break_glass": engine.can(user, Resource.BREAK_GLASS, Action.USE),
            "oversight": engine.can(user, Resource.CASE_AUDIT, Action.VIEW),
            "om_transfer": engine.can(user, Resource.CASE, Action.CREATE)
            and user.has_role("om_officer", "analyst", "senior_analyst"),
        },
        "nav_extra": nav_for(
            user, request.resolver_match.view_name if request.resolver_match else None
        ),
        # Re-checked against the policy: no count of alerts about cases no longer visible.
        "unread_alerts": unread_alert_count(user),
    }
