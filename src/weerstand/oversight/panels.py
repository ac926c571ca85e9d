"""The oversight app's part of the start page: a pointer to the quality monitor."""

from __future__ import annotations

from typing import Any

from weerstand.core.extensions import Panel
from weerstand.oversight import rules


def monitor_panel(user: Any) -> Panel | None:
    if not rules.sees_monitor(user):
        return None
    return Panel("oversight/panels/monitor.html", {}, order=96)
