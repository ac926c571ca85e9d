"""Menu visibility, the start-page work and the case-page section of the gaps app.

Every row and count is read through `visible_to(user)`: the case team sees its own cases'
requests, the addressee's liaisons only the requests to their organisation (reference, case
reference, due date; never the case file).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.extensions import Panel, WorkCount, WorkItem
from weerstand.gaps.models import Gap, InformationRequest, RequestStatus
from weerstand.gaps.services import is_addressee
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource

PANEL_ROWS = 10


def sees_requests(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and engine.can(
        user, Resource.RFI, Action.VIEW
    )


def work(user: Any) -> list[WorkItem]:
    """Requests addressed to the user's organisation that they answer (its liaisons, with the
    change grant), the nearest due date first. The case team's own requests are a count."""
    from weerstand.core.dashboard import audit_work
    from weerstand.gaps.grants import ADDRESSEE_ROLES

    if not sees_requests(user) or not user.has_role(*ADDRESSEE_ROLES):
        return []
    org = getattr(user, "organisation_id", None)
    rows = [
        r
        for r in InformationRequest.objects.visible_to(user, Action.CHANGE)
        .filter(status=RequestStatus.OPEN, addressee=org)
        .select_related("case")
        .order_by("due_date", "pk")[:PANEL_ROWS]
        if is_addressee(user, r)
    ]
    audit_work("gaps.informationrequest", [r.pk for r in rows], "informatieverzoeken", user)
    return [
        WorkItem(
            title=_("Informatieverzoek %(ref)s beantwoorden") % {"ref": r.reference},
            reason=_("Gericht aan uw organisatie"),
            url=reverse("gaps:request", args=[r.pk]),
            deadline=r.due_date,
            case_reference=r.case.reference,
            priority=r.escalated_at is not None,
        )
        for r in rows
    ]


def counts(user: Any) -> list[WorkCount]:
    """The case team's open requests to others, and how many are late (to chase)."""
    from weerstand.gaps.grants import ADDRESSEE_ROLES

    if not sees_requests(user) or user.has_role(*ADDRESSEE_ROLES):
        return []
    if not engine.can(user, Resource.RFI, Action.CHANGE):
        return []
    today = timezone.localdate()
    visible = InformationRequest.objects.visible_to(user, Action.CHANGE).filter(
        status=RequestStatus.OPEN
    )
    n = visible.filter(due_date__lt=today).count()
    label = ngettext("informatieverzoek over de termijn", "informatieverzoeken over de termijn", n)
    return [WorkCount(label, n, reverse("gaps:requests"), 40)]


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
