"""The start-page panel, the menu entry and the case-page section of the assessments app.

Everything here is computed from policy-scoped reads (`services.overview` reads cases and
assessments through `visible_to(user)`), so a hidden case never shows, not even as a count.
"""

from __future__ import annotations

from typing import Any

from weerstand.assessments import services
from weerstand.assessments.models import Assessment
from weerstand.core.extensions import Panel
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource


def sees_overview(user: Any) -> bool:
    return engine.can(user, Resource.ASSESSMENT, Action.VIEW)


def due_panel(user: Any) -> Panel | None:
    """Due and overdue recalibrations, for the analysts who do them."""
    if not user.has_role(*services.WRITER_ROLES) or not sees_overview(user):
        return None
    rows = [r for r in services.overview(user) if r["info"].due]
    return Panel(
        template="assessments/_panel.html",
        context={"rows": rows[:10], "total": len(rows)},
        order=20,
    )


def case_section(user: Any, case: Any) -> Panel | None:
    """The versions of the case's threat picture that the user may see."""
    if not sees_overview(user):
        return None
    versions = list(
        Assessment.objects.visible_to(user, Action.VIEW).filter(case=case.pk).order_by("-number")
    )
    return Panel(
        template="assessments/_case_assessments.html",
        context={
            "case": case,
            "versions": versions,
            "can_start": services.is_writer(user, case)
            and case.state in services.DRAFTABLE_CASE_STATES
            and not any(not v.is_final for v in versions),
        },
        order=40,
    )
