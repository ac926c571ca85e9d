"""Start-page panel: the user's open tasks to inform a protected person."""

from __future__ import annotations

from typing import Any

from weerstand.core.extensions import Panel


def inform_task_panel(user: Any) -> Panel | None:
    """Open tasks assigned to this user on cases they may still see (policy-scoped)."""
    from weerstand.capacity import selectors

    tasks = selectors.open_tasks(user)
    if not tasks:
        return None
    return Panel(template="capacity/_panel.html", context={"tasks": tasks}, order=40)
