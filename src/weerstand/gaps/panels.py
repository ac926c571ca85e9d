"""Menu visibility, the start-page panel and the case-page section of the gaps app.

Every row and count is read through `visible_to(user)`: the case team sees its own cases'
requests, the addressee's liaisons only the requests to their organisation (reference, case
reference, due date; never the case file).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.extensions import Panel
from weerstand.gaps.models import Gap, InformationRequest, RequestStatus
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource

PANEL_ROWS = 10


def sees_requests(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and engine.can(
        user, Resource.RFI, Action.VIEW
    )


def requests_panel(user: Any) -> Panel | None:
    """Open requests by due date, overdue ones marked, for the case team and the addressee."""
    if not sees_requests(user):
        return None
    now = timezone.now()
    today = timezone.localdate(now)
    visible = InformationRequest.objects.visible_to(user, Action.VIEW).filter(
        status=RequestStatus.OPEN
    )
    rows = list(visible.select_related("case", "addressee").order_by("due_date", "pk")[:PANEL_ROWS])
    if rows:
        audit.record(
            AuditAction.LIST,
            object_type="gaps.informationrequest",
            object_repr=f"{len(rows)} informatieverzoeken (startpagina)",
            changes={"ids": [r.pk for r in rows]},
        )
    return Panel(
        template="gaps/_panel.html",
        context={
            "rows": [{"rfi": r, "overdue": r.due_date < today} for r in rows],
            "open": visible.count(),
            "overdue": visible.filter(due_date__lt=today).count(),
        },
        order=22,
    )


def case_gaps_section(user: Any, case: Any) -> Panel | None:
    """Gaps and requests of one case for the case page (only for readers of gaps)."""
    if not engine.can(user, Resource.GAP, Action.VIEW):
        return None
    gaps = list(Gap.objects.visible_to(user, Action.VIEW).filter(case=case.pk))
    if not gaps and not engine.can(user, Resource.GAP, Action.CREATE):
        return None  # nothing to show and nothing to add
    requests = list(
        InformationRequest.objects.visible_to(user, Action.VIEW)
        .filter(case=case.pk)
        .select_related("addressee")
    )
    if gaps:
        audit.record(
            AuditAction.LIST,
            object_type="gaps.gap",
            object_repr=f"{len(gaps)} leemten bij casus {case.reference}",
            changes={"ids": [g.pk for g in gaps]},
        )
    return Panel(
        template="gaps/_case_gaps.html",
        context={"case": case, "gaps": gaps, "requests": requests, "today": timezone.localdate()},
        order=31,
    )
