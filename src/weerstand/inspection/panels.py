"""The case-page section with the inspector's download button (no content of its own)."""

from __future__ import annotations

from typing import Any

from weerstand.core.extensions import Panel
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource


def case_section(user: Any, case: Any) -> Panel | None:
    if not engine.can(user, Resource.INSPECTION_EXPORT, Action.VIEW):
        return None
    return Panel(template="inspection/_case_section.html", context={"case": case}, order=99)
