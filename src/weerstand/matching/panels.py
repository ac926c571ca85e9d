"""Start-page panel and case-page section of the matching app (policy-scoped rows only).

The work items "hits waiting for a decision" is for the coordinators who decide them; the case
section shows a case's selectors (kind and label) to its team, and nothing of any hit.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.extensions import Panel, WorkItem
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource

PANEL_ROWS = 10


def work(user: Any) -> list[WorkItem]:
    """Hits waiting for the coordinator's sharing decision, the oldest first."""
    from weerstand.core.dashboard import audit_work
    from weerstand.matching import services, sharing

    if not sharing.decides(user):
        return []
    rows = list(sharing.hits_waiting(user)[:PANEL_ROWS])
    services.describe_hits(rows)
    audit_work("matching.hit", [h.pk for h in rows], "hits die wachten op een besluit", user)
    return [
        WorkItem(
            title=_("Besluiten over hit %(n)s") % {"n": h.pk},
            reason=str(h.message),  # type: ignore[attr-defined]  # set by describe_hits
            url=reverse("matching:hit", args=[h.pk]),
        )
        for h in rows
    ]


def case_selectors_section(user: Any, case: Any) -> Panel | None:
    from weerstand.matching import services
    from weerstand.matching.views import case_selectors_context

    if not engine.can(user, Resource.CASE_SELECTOR, Action.VIEW):
        return None
    if not services.in_case_team(user, case):
        return None
    context = case_selectors_context(user, case)
    if context["selectors"]:
        audit.record(
            AuditAction.LIST,
            object_type="matching.selector",
            object_repr=f"{len(context['selectors'])} selectors van casus {case.pk}",
            case_id=case.pk,
            changes={"ids": [s.pk for s in context["selectors"]]},
        )
    return Panel(template="matching/_case_selectors.html", context=context, order=60)


def sees_investigations(user: Any) -> bool:
    return engine.can(user, Resource.SHIELDED_INVESTIGATION, Action.VIEW)


def sees_hits(user: Any) -> bool:
    return engine.can(user, Resource.HIT, Action.VIEW)
