"""Start-page panel and case-page section of the matching app (policy-scoped rows only).

The panel "hits waiting for a decision" is for the coordinators who decide them; the case
section shows a case's selectors (kind and label) to its team, and nothing of any hit.
"""

from __future__ import annotations

from typing import Any

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.extensions import Panel
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource

PANEL_ROWS = 10


def waiting_hits_panel(user: Any) -> Panel | None:
    from weerstand.matching import services, sharing

    if not sharing.decides(user):
        return None
    rows = list(sharing.hits_waiting(user)[:PANEL_ROWS])
    services.describe_hits(rows)
    if rows:
        audit.record(
            AuditAction.LIST,
            object_type="matching.hit",
            object_repr=f"{len(rows)} hits die wachten op een besluit (startpagina)",
            changes={"ids": [h.pk for h in rows]},
        )
    return Panel(template="matching/_waiting_panel.html", context={"hits": rows}, order=25)


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
