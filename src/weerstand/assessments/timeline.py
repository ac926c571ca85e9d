"""The timeline chart of one case: threat level over time, with case events, products and
decisions as marks. Rendered on the server as SVG (no script), with a title, a description
and the same data as a table for screen readers and for anyone who cannot read the chart.

Every row comes through the policy for this user: a product or decision the user may not see
is not drawn, not counted and leaves no gap a reader could notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from weerstand.assessments.models import Assessment, AssessmentStatus
from weerstand.policy import engine
from weerstand.policy.table import Action

WIDTH, HEIGHT = 760, 300
LEFT, RIGHT, TOP, BOTTOM = 60, 20, 20, 90
LANES = {"event": 0, "product": 1, "decision": 2}


@dataclass
class Mark:
    at: datetime
    kind: str  # level | event | product | decision
    label: str
    level: int | None = None
    x: float = 0.0
    y: float = 0.0


def _decisions(user: Any, case: Any) -> list[Mark]:
    """Decisions of the case, when the decisions app is there (it is built alongside)."""
    try:
        from weerstand.decisions.models import Decision
    except ImportError:
        return []
    out = []
    for d in Decision.objects.visible_to(user, Action.VIEW).filter(case=case.pk):
        at = getattr(d, "decided_at", None) or getattr(d, "created_at", None)
        if at is None:
            continue
        out.append(Mark(at, "decision", f"{d.reference} {d.get_decision_type_display()}"))
    return out


def collect(user: Any, case: Any) -> list[Mark]:
    from weerstand.cases.forms import event_label
    from weerstand.cases.models import CaseEvent
    from weerstand.information.models import ThreatProduct

    marks: list[Mark] = []
    for a in Assessment.objects.visible_to(user, Action.VIEW).filter(
        case=case.pk, status__in=(AssessmentStatus.FINALISED, AssessmentStatus.SUPERSEDED)
    ):
        if a.finalised_at and a.threat_level:
            marks.append(
                Mark(
                    a.finalised_at,
                    "level",
                    _("versie %(n)s: niveau %(level)s") % {"n": a.number, "level": a.threat_level},
                    a.threat_level,
                )
            )
    for e in engine.scope(CaseEvent.objects.filter(case=case.pk), user, Action.VIEW):
        if e.kind.startswith("assessment_"):
            continue  # already drawn as a level point
        marks.append(Mark(e.at, "event", event_label(e.kind)))
    for p in ThreatProduct.objects.visible_to(user, Action.VIEW).filter(case_links__case=case.pk):
        marks.append(Mark(p.received_at, "product", f"{p.reference} [{p.grading}]"))
    marks += _decisions(user, case)
    marks.sort(key=lambda m: m.at)
    return marks


def case_timeline(user: Any, case: Any) -> dict[str, Any]:
    """Coordinates for the SVG template and rows for the table alternative."""
    marks = collect(user, case)
    now = timezone.now()
    start = min([m.at for m in marks], default=now - timedelta(days=30))
    end = max([now, *[m.at for m in marks]])
    span = max((end - start).total_seconds(), 86400.0)
    plot_w = WIDTH - LEFT - RIGHT
    level_h = HEIGHT - TOP - BOTTOM

    def x_of(at: datetime) -> float:
        return round(LEFT + plot_w * (at - start).total_seconds() / span, 1)

    def y_of(level: int) -> float:
        return round(TOP + level_h * (5 - level) / 4, 1)

    levels = [m for m in marks if m.kind == "level"]
    for m in marks:
        m.x = x_of(m.at)
        if m.kind == "level":
            m.y = y_of(m.level or 1)
        else:
            m.y = HEIGHT - BOTTOM + 22 + LANES[m.kind] * 22
    steps = []
    for i, m in enumerate(levels):
        nxt = levels[i + 1].x if i + 1 < len(levels) else x_of(end)
        steps.append({"x1": m.x, "x2": nxt, "y": m.y})
    grid = [{"level": n, "y": y_of(n)} for n in range(1, 6)]
    ticks = []
    for n in range(5):
        at = start + timedelta(seconds=span * n / 4)
        ticks.append({"x": x_of(at), "label": timezone.localtime(at).strftime("%d-%m-%Y")})
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "axis_y": HEIGHT - BOTTOM,
        "lanes": [{"kind": k, "y": HEIGHT - BOTTOM + 22 + n * 22} for k, n in LANES.items()],
        "marks": marks,
        "steps": steps,
        "grid": grid,
        "ticks": ticks,
        "levels": levels,
        "counts": {
            kind: sum(1 for m in marks if m.kind == kind)
            for kind in ("level", "event", "product", "decision")
        },
    }
