"""The policy kernel's parts of the start page: break-glass, and its oversight."""

from __future__ import annotations

from typing import Any

from weerstand.core.extensions import Panel
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource, Scope, scopes_for


def oversight_panel(user: Any) -> Panel | None:
    """Unreviewed uses of break-glass, for those who oversee every case's audit trail."""
    from weerstand.policy.models import BreakGlassGrant

    if Scope.ALL not in scopes_for(user.role_codes, Resource.CASE_AUDIT, Action.VIEW):
        return None
    count = engine.scope(BreakGlassGrant.objects.all(), user).filter(reviewed_at__isnull=True)
    return Panel("policy/panels/oversight.html", {"unreviewed": count.count()}, order=90)


def break_glass_panel(user: Any) -> Panel | None:
    if not engine.can(user, Resource.BREAK_GLASS, Action.USE):
        return None
    return Panel("policy/panels/break_glass.html", {}, order=96)
