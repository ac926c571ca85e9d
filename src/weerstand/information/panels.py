"""Start-page work items and case-page section of the information app (policy-scoped rows only)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from weerstand.core.extensions import Panel, WorkItem
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource

PANEL_LIMIT = 20


def work(user: Any) -> list[WorkItem]:
    """Open advice to re-assess a case, for those who assess (change grant on the case): the
    job is to weigh the new information and settle the advice on the case's information page.
    Source kind and date only: the advice text may name a product the user cannot see."""
    from weerstand.cases.models import Case
    from weerstand.core.dashboard import audit_work
    from weerstand.information import rules
    from weerstand.information.models import ReassessmentAdvice

    if not rules.sees_advice(user):
        return []
    cases = Case.objects.visible_to(user, Action.CHANGE)
    advice = list(
        ReassessmentAdvice.objects.visible_to(user)
        .filter(resolved_at__isnull=True, case__in=cases)
        .select_related("case")
        .order_by("created_at", "pk")[:PANEL_LIMIT]
    )
    first: dict[int, Any] = {}
    for a in advice:
        first.setdefault(a.case_id, a)
    audit_work("cases.case", list(first), "casussen met advies herbeoordeling", user)
    return [
        WorkItem(
            title=_("Advies tot herbeoordeling afhandelen"),
            reason=_("Nieuwe informatie (%(source)s, %(d)s) kan het dreigingsbeeld veranderen")
            % {"source": a.source_type, "d": f"{timezone.localtime(a.created_at):%d-%m-%Y}"},
            url=reverse("information:case", args=[a.case_id]),
            case_reference=a.case.reference,
        )
        for a in first.values()
    ]


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
