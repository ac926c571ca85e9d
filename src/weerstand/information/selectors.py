"""Read models of the information app: what the pages, panels and the API show.

Pages and the API both ask these, so a list or a detail is assembled once and the API never
imports a view. Every row comes through `visible_to(user)` or `engine.scope`, so a relation
is shown only when it and both its ends are visible. Nothing here writes; the callers record
the read in the audit trail. Whether a user may act is asked of `information.rules`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q, QuerySet

from weerstand.cases.models import Case
from weerstand.information import rules
from weerstand.information.models import (
    Attachment,
    Entity,
    EntityLink,
    ProductCase,
    ProductPerson,
    ReassessmentAdvice,
    ThreatProduct,
)
from weerstand.policy import engine
from weerstand.policy.table import Action

# --------------------------------------------------------------------------- products


def filter_products(qs: QuerySet, user: Any, filters: Mapping[str, Any]) -> QuerySet:
    """The product list's filters, for the page's form and the API's query alike.

    `originator` is an organisation code; `case` a case id (its links through the policy).
    """
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(
            Q(title__icontains=q) | Q(reference__icontains=q) | Q(partner_reference__icontains=q)
        )
    for name in ("status", "phenomenon", "reliability", "credibility", "handling"):
        if filters.get(name) not in (None, ""):
            qs = qs.filter(**{name: filters[name]})
    if filters.get("originator"):
        qs = qs.filter(originator__code=filters["originator"])
    if filters.get("received_from"):
        qs = qs.filter(received_at__date__gte=filters["received_from"])
    if filters.get("received_until"):
        qs = qs.filter(received_at__date__lte=filters["received_until"])
    if filters.get("case"):
        links = ProductCase.objects.visible_to(user).filter(case=filters["case"])
        qs = qs.filter(pk__in=links.values("product_id"))
    return qs.order_by("-received_at", "-pk")


def product_for(user: Any, pk: int) -> ThreatProduct:
    """One product with what its page shows; 404 for hidden and absent alike."""
    return engine.get_for(
        ThreatProduct.objects.select_related(
            "originator", "legal_basis", "supersedes", "withdrawn_by"
        ),
        user,
        Action.VIEW,
        pk=pk,
    )


def product_relations(user: Any, product: ThreatProduct) -> dict[str, list[Any]]:
    """The product's cases, persons, entities and attachments as the user may see them."""
    return {
        "cases": [
            link.case
            for link in ProductCase.objects.visible_to(user)
            .filter(product=product)
            .select_related("case")
            .order_by("case__reference")
        ],
        "persons": [
            link.person
            for link in ProductPerson.objects.visible_to(user)
            .filter(product=product)
            .select_related("person")
            .order_by("person__last_name", "person__pk")
        ],
        "entities": list(
            Entity.objects.visible_to(user).filter(
                pk__in=EntityLink.objects.visible_to(user)
                .filter(product=product)
                .values("entity_id")
            )
        ),
        "attachments": list(Attachment.objects.visible_to(user).filter(product=product)),
    }


def product_chain(product: ThreatProduct, user: Any) -> list[ThreatProduct]:
    """All versions of a product (oldest first) the user may see."""
    first = product
    seen = {first.pk}
    while first.supersedes_id and first.supersedes_id not in seen:
        seen.add(first.supersedes_id)
        first = ThreatProduct.objects.only("pk", "supersedes").get(pk=first.supersedes_id)
    chain_ids = [first.pk]
    current = first.pk
    while True:
        nxt = ThreatProduct.objects.filter(supersedes=current).values_list("pk", flat=True).first()
        if nxt is None or nxt in chain_ids:
            break
        chain_ids.append(nxt)
        current = nxt
    visible = {
        p.pk: p
        for p in ThreatProduct.objects.visible_to(user)
        .filter(pk__in=chain_ids)
        .select_related("originator")
    }
    return [visible[pk] for pk in chain_ids if pk in visible]


# --------------------------------------------------------------------------- entities


def entity_products(user: Any, entity: Entity) -> list[ThreatProduct]:
    """The visible products that mention an entity, newest first."""
    return list(
        ThreatProduct.objects.visible_to(user)
        .filter(
            pk__in=EntityLink.objects.visible_to(user).filter(entity=entity).values("product_id")
        )
        .select_related("originator")
        .order_by("-received_at", "-pk")
    )


def entity_signals(user: Any, entity: Entity) -> list[models.Model]:
    """The visible signals that mention an entity (none while the signals app is absent)."""
    try:
        signal_model = apps.get_model("signals", "Signal")
        link_model = apps.get_model("signals", "SignalEntity")
    except LookupError:
        return []
    try:
        visible = engine.scope(signal_model._default_manager.all(), user, Action.VIEW)
    except LookupError:
        return []
    links = engine.scope(link_model._default_manager.all(), user, Action.VIEW)
    ids = links.filter(entity=entity.pk).values("signal_id")
    return list(visible.filter(pk__in=ids).order_by("-pk")[:100])


def entity_context(user: Any, entity: Entity) -> dict[str, Any]:
    """What else is known about an entity, within need-to-know."""
    return {
        "entity": entity,
        "products": entity_products(user, entity),
        "signals": entity_signals(user, entity),
    }


# --------------------------------------------------------------------------- cases and advice


def open_advice(case: Case | int) -> QuerySet[ReassessmentAdvice]:
    """Unresolved advice of one case (system read: the caller has checked the case)."""
    case_id = case.pk if isinstance(case, Case) else case
    return ReassessmentAdvice.objects.filter(case=case_id, resolved_at__isnull=True).order_by(
        "created_at", "pk"
    )


def cases_with_open_advice(user: Any) -> QuerySet[Case]:
    """Cases the user may see that have open advice (for the analysts' start page)."""
    advice = ReassessmentAdvice.objects.visible_to(user).filter(resolved_at__isnull=True)
    return (
        Case.objects.visible_to(user).filter(pk__in=advice.values("case_id")).order_by("reference")
    )


def case_information(user: Any, case: Any) -> dict[str, Any]:
    """Products of one case and its open advice, as `user` may see them."""
    # Link rows of this one case; the product rule applies on top of this.
    product_ids = ProductCase.objects.filter(case=case.pk).values("product_id")
    products = list(
        ThreatProduct.objects.visible_to(user)
        .filter(pk__in=product_ids)
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
        product_pk = a.source_id if a.source_type == "product" else None
        a.source_product = None if product_pk is None else by_pk.get(product_pk)
    return {
        "case": case,
        "products": products,
        "advice": advice,
        "can_resolve": bool(advice) and rules.may_resolve_advice(user, case),
    }
