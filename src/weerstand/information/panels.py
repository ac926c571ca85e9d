"""Start-page panel and case-page section of the information app (policy-scoped rows only)."""

from __future__ import annotations

from typing import Any

from weerstand.core.extensions import Panel
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource

PANEL_LIMIT = 20


def advice_panel(user: Any) -> Panel | None:
    """Cases with open re-assessment advice, for those who assess (case change grant)."""
    from weerstand.information import rules, selectors

    if not rules.sees_advice(user):
        return None
    cases = list(selectors.cases_with_open_advice(user)[:PANEL_LIMIT])
    return Panel(template="information/_advice_panel.html", context={"cases": cases}, order=40)


def case_section(user: Any, case: Any) -> Panel | None:
    from weerstand.information import selectors

    if not engine.can(user, Resource.THREAT_PRODUCT, Action.VIEW):
        return None
    context = selectors.case_information(user, case)
    from weerstand.audit import services as audit
    from weerstand.audit.models import AuditAction

    if context["products"]:
        audit.record(
            AuditAction.LIST,
            object_type="information.threatproduct",
            object_repr=f"{len(context['products'])} producten bij casus {case.reference}",
            case_id=case.pk,
            changes={"ids": [p.pk for p in context["products"]]},
        )
    return Panel(template="information/_case_information.html", context=context, order=20)
