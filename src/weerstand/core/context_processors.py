"""Navigation shown to a user depends on what the policy grants them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from weerstand.accounts.roles import is_portal_user
from weerstand.accounts.services import is_verified
from weerstand.policy.table import Action, Resource


def navigation(request: HttpRequest) -> dict[str, Any]:
    from weerstand.core.dashboard import unread_alert_count
    from weerstand.core.extensions import nav_for, search_for
    from weerstand.policy import engine

    user = getattr(request, "user", None)
    # `is_verified` is bound by django-otp only to a session's user; a token-authenticated API
    # user has none, and the error page rendered for them must not crash on it.
    if not is_verified(user):
        return {"nav": {}}
    return {
        "nav": {"accounts": engine.can(user, Resource.ACCOUNTS, Action.CHANGE)},
        # Protectee, relative, employer: plain words, no officials' tools (API tokens).
        "portal_user": is_portal_user(user),
        # Task groups, each with the entries the policy lets the user use (`nav_for`).
        "nav_items": nav_for(
            user, request.resolver_match.view_name if request.resolver_match else None
        ),
        # The header's search field, for those who may search.
        "search": search_for(user),
        # Re-checked against the policy: no count of alerts about cases no longer visible.
        "unread_alerts": unread_alert_count(user),
    }
