"""Start-page work of the independent reviewer: the trajectories they are a member of whose
latest weighing waits for their review, so they find it without a trajectory grant."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from weerstand.audit.models import AuditAction
from weerstand.core.api.views import audit_rows
from weerstand.core.extensions import WorkItem
from weerstand.crownwitness import weighings
from weerstand.crownwitness.models import Review, Trajectory, Weighing
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource


def work(user: Any) -> list[WorkItem]:
    if not engine.can(user, Resource.TRAJECTORY_OUTLINE, Action.VIEW):
        return []
    rows = []
    for t in weighings.outlines_for(user).exclude(status__in=weighings.CLOSED)[:20]:
        latest = Weighing.objects.filter(trajectory=t.pk).order_by("-number").first()
        if latest is None or weighings.review_refusal(user, t) is not None:
            continue
        if Review.objects.filter(weighing=latest.pk, reviewer=user.pk).exists():
            continue
        rows.append((t, latest))
    if rows:
        audit_rows(
            AuditAction.LIST,
            Trajectory,
            [t for t, _w in rows],
            noun="te toetsen trajecten",
            actor=user,
        )
    return [
        WorkItem(
            title=_("%(title)s toetsen") % {"title": t.title},
            reason=_("Weging versie %(n)s wacht op uw onafhankelijke toetsing") % {"n": w.number},
            url=reverse("crownwitness:detail", args=[t.pk]),
        )
        for t, w in rows
    ]
