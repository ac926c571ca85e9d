"""The accounts app's part of the start page: where a system administrator works, and the
queue of access changes waiting for this user as the second person."""

from __future__ import annotations

from typing import Any

from weerstand.core.extensions import Panel
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource


def administration_panel(user: Any) -> Panel | None:
    if not engine.can(user, Resource.ACCOUNTS, Action.CHANGE):
        return None
    return Panel("accounts/panels/administration.html", {}, order=99)


def access_change_panel(user: Any) -> Panel | None:
    if not engine.can(user, Resource.ACCESS_CHANGE, Action.CHANGE):
        return None
    from weerstand.accounts import access_changes

    pending = access_changes.queue(user)
    return Panel("accounts/panels/access_changes.html", {"pending": pending}, order=98)
