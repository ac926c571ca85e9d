"""Start-page panel of the independent reviewer: the trajectories they are a member of, so
they find what to review without a trajectory grant of their own."""

from __future__ import annotations

from typing import Any

from weerstand.audit.models import AuditAction
from weerstand.core.api.views import audit_rows
from weerstand.core.extensions import Panel
from weerstand.crownwitness import weighings
from weerstand.crownwitness.models import Trajectory
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource


def review_panel(user: Any) -> Panel | None:
    if not engine.can(user, Resource.TRAJECTORY_OUTLINE, Action.VIEW):
        return None
    rows = list(weighings.outlines_for(user)[:20])
    if rows:
        audit_rows(AuditAction.LIST, Trajectory, rows, noun="te toetsen trajecten", actor=user)
    return Panel(template="crownwitness/_review_panel.html", context={"rows": rows}, order=25)
