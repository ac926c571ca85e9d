"""Who may read the quality monitor (the grant); which cases its drill-down shows is the case
policy's business (`Case.objects.visible_to`), not this app's."""

from __future__ import annotations

from typing import Any

from weerstand.policy import engine
from weerstand.policy.table import Action, Resource


def sees_monitor(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and engine.can(
        user, Resource.QUALITY_MONITOR, Action.VIEW
    )
