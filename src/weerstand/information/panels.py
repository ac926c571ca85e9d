"""Start-page panel and case-page section of the information app (policy-scoped rows only)."""

from __future__ import annotations

from typing import Any

from weerstand.core.extensions import Panel
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource

PANEL_LIMIT = 20


def advice_panel(user: Any) -> Panel | None:
    """Cases with open re-assessment advice, for those who assess (case change grant)."""
    from weerstand.information import services

    if not (
        engine.can(user, Resource.THREAT_PRODUCT, Action.VIEW)
        and engine.can(user, Resource.CASE, Action.CHANGE)
    ):
        return None
    cases = list(services.cases_with_open_advice(user)[:PANEL_LIMIT])
    return Panel(template="information/_advice_panel.html", context={"cases": cases}, order=40)


def case_context(user: Any, case: Any) -> dict[str, Any]:
    """Products of one case and its open advice, as `user` may see them."""
    from weerstand.information.models import ReassessmentAdvice, ThreatProduct

    products = list(
        ThreatProduct.objects.visible_to(user)
        .filter(pk__in=_product_ids_of_case(case))
        .select_related("originator", "legal_basis")
        .order_by("-received_at", "-pk")
    )
    advice = list(
        ReassessmentAdvice.objects.visible_to(user)
        .filter(case=case.pk, resolved_at__isnull=True)
        .order_by("created_at", "pk")
    )
    by_pk = {p.pk: p for p in products}
    for a in advice:
        a.source_product = by_pk.get(a.source_id) if a.source_type == "product" else None
    return {
        "case": case,
        "products": products,
        "advice": advice,
        "can_resolve": bool(advice) and engine.can(user, Resource.CASE, Action.CHANGE, case),
    }


def _product_ids_of_case(case: Any) -> Any:
    from weerstand.information.models import ProductCase

    # Link rows of this one case; the product rule applies on top of this.
    return ProductCase.objects.filter(case=case.pk).values("product_id")


def case_section(user: Any, case: Any) -> Panel | None:
    if not engine.can(user, Resource.THREAT_PRODUCT, Action.VIEW):
        return None
    context = case_context(user, case)
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
