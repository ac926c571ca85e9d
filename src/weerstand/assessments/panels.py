"""The start-page panel, the menu entry and the case-page section of the assessments app.

Everything here is computed from policy-scoped reads (`selectors` read cases and assessments
through `visible_to(user)`), so a hidden case never shows, not even as a count. Nothing here
writes: the panel is shown on every start page.
"""

from __future__ import annotations

from typing import Any

from weerstand.assessments import selectors, services
from weerstand.core.extensions import Panel


def sees_overview(user: Any) -> bool:
    return selectors.sees_assessments(user)


def due_panel(user: Any) -> Panel | None:
    """Due and overdue recalibrations, for the analysts who do them."""
    if not services.may_write_assessments(user) or not sees_overview(user):
        return None
    rows = selectors.due_rows(user)
    return Panel(
        template="assessments/_panel.html",
        context={"rows": rows[:10], "total": len(rows)},
        order=20,
    )


def case_section(user: Any, case: Any) -> Panel | None:
    """The versions of the case's threat picture that the user may see."""
    if not sees_overview(user):
        return None
    versions = selectors.versions(user, case)
    return Panel(
        template="assessments/_case_assessments.html",
        context={
            "case": case,
            "versions": versions,
            "can_start": services.may_start_version(user, case),
        },
        order=40,
    )
