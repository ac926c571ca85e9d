"""The accounts app's part of the start page: where a system administrator works."""

from __future__ import annotations

from typing import Any

from weerstand.core.extensions import Panel
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource


def administration_panel(user: Any) -> Panel | None:
    if not engine.can(user, Resource.ACCOUNTS, Action.CHANGE):
        return None
    return Panel("accounts/panels/administration.html", {}, order=99)
