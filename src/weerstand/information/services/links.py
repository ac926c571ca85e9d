"""What a product is about: its cases, persons and entities.

Entities (phone numbers, vehicles, addresses) are kept once per normalised value, so what is
known about one number from several products and signals meets in one place.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases.models import Case
from weerstand.core.errors import InvalidTransition, NotPermitted
from weerstand.core.locks import serialise
from weerstand.information import entities as entity_values
from weerstand.information import rules
from weerstand.information.models import (
    Entity,
    EntityKind,
    EntityLink,
    ProductCase,
    ProductPerson,
    ProductStatus,
    ThreatProduct,
)
from weerstand.information.services.advice import advise_reassessment
from weerstand.information.services.common import invalid
from weerstand.policy import engine
from weerstand.policy.table import Action
from weerstand.registry.models import Person


def link_delivered(
    product: ThreatProduct,
    cases: list[Case],
    persons: list[Person],
    entities: list[tuple[str, str]],
    actor: Any,
) -> None:
    """The links a delivery names (cases and persons already checked as visible)."""
    for case in cases:
        ProductCase.objects.get_or_create(product=product, case=case)
    for person in persons:
        ProductPerson.objects.get_or_create(product=product, person=person)
    for kind, value in entities:
        entity = find_or_create_entity(kind, value, actor)
        EntityLink.objects.get_or_create(entity=entity, product=product)


def carry_links_over(old: ThreatProduct, new: ThreatProduct) -> None:
    """A new version keeps the old one's links, also those the originator cannot see (an
    analyst linked the product to a case)."""
    old_cases = list(ProductCase.objects.filter(product=old).values_list("case_id", flat=True))
    old_persons = list(
        ProductPerson.objects.filter(product=old).values_list("person_id", flat=True)
    )
    for case_id in old_cases:
        ProductCase.objects.get_or_create(product=new, case_id=case_id)
    for person_id in old_persons:
        ProductPerson.objects.get_or_create(product=new, person_id=person_id)
    for link in EntityLink.objects.filter(product=old):
        EntityLink.objects.get_or_create(product=new, entity_id=link.entity_id)


def link_product_to_case(actor: Any, product_id: int, case_id: int) -> ProductCase:
    """An analyst attaches a visible product (e.g. from the intake) to a case of theirs.

    Needs view of the product and change of the case. Linking to a case in a restricting
    compartment narrows who sees the product (rule 5 in information.rules), never widens it.
    """
    engine.require_principal(actor)
    with transaction.atomic():
        product = engine.get_for(ThreatProduct.objects.all(), actor, Action.VIEW, pk=product_id)
        case = engine.get_for(Case.objects.all(), actor, Action.VIEW, pk=case_id)
        if not rules.may_link_to_case(actor, case):
            raise NotPermitted(_("U kunt geen informatie aan deze casus koppelen."))
        link = _link(
            actor,
            product,
            case,
            object_repr=f"product {product.reference} aan casus {case.reference}",
            changes={"product": [None, product.reference], "case": [None, case.reference]},
        )
    return link


def find_or_create_entity(kind: str, value: str, actor: Any) -> Entity:
    """The one entity for this normalised value; created (encrypted) when new.

    Not a read path for users: it returns the entity regardless of visibility, so callers
    must only link it to information the actor provides, never show it on its own.
    """
    if kind not in EntityKind.values:
        raise invalid(_("Onbekende soort entiteit."), "kind", "invalid-choice", "-")
    try:
        normalised = entity_values.normalise(kind, value)
    except ValueError as exc:
        raise invalid(_("Lege waarde van een entiteit."), "value", "empty", "-") from exc
    hashes = entity_values.candidate_hashes(kind, normalised)
    with transaction.atomic():
        serialise(f"entity:{hashes[0]}")
        existing = Entity.objects.filter(kind=kind, lookup__in=hashes).order_by("pk").first()
        if existing is not None:
            if existing.lookup != hashes[0]:  # written under an older key: move it along
                Entity.objects.filter(pk=existing.pk).update(lookup=hashes[0])
            return existing
        try:
            with transaction.atomic():
                entity = Entity.objects.create(
                    kind=kind,
                    value=normalised,
                    label=entity_values.display(kind, normalised),
                    lookup=hashes[0],
                )
        except IntegrityError:  # a concurrent writer won (SQLite has no advisory lock)
            return Entity.objects.get(kind=kind, lookup=hashes[0])
        audit.record(AuditAction.CREATE, entity, changes={"kind": [None, kind]}, actor=actor)
    return entity


def link_for_shared_hit(actor: Any, product: ThreatProduct, case_id: int, *, hit_id: int) -> None:
    """Link a product its originator just delivered to a case the originator cannot see,
    justified by a hit of the matching app (`matching.sharing`, which checked that `actor`
    is a coordinator of the hit's investigation and the product theirs).

    No read path: it returns nothing of the case and never loads it for the actor. The link
    is audited on the case's trail (from now on the case team is meant to know of the
    product, not of the hit or the investigation behind it), and an
    active case gets re-assessment advice like any newly linked product.
    """
    with transaction.atomic():
        _link(
            actor,
            product,
            Case._base_manager.get(pk=case_id),
            object_repr=f"product {product.reference} aan casus",
            changes={"product": [None, product.reference]},
            reason=_("Gekoppeld door de verstrekker."),
        )
        # Which hit justified it stays off the case's trail: on the coordinator's side only.
        audit.record(
            AuditAction.CREATE,
            object_type="matching.hit",
            object_id=hit_id,
            object_repr=f"product {product.reference} gedeeld na hit {hit_id}",
            changes={"product": [None, product.reference], "hit": [None, hit_id]},
            actor=actor,
        )


def _link(
    actor: Any,
    product: ThreatProduct,
    case: Case,
    *,
    object_repr: str,
    changes: dict[str, Any],
    reason: str = "",
) -> ProductCase:
    """The link itself, once the caller has decided it may be made: one per pair (a second
    is refused), on the case's trail, and re-assessment advice when the product is active."""
    serialise(f"product-case:{product.pk}:{case.pk}")
    link, created = ProductCase.objects.get_or_create(product=product, case=case)
    if not created:
        raise InvalidTransition(_("Het product is al aan deze casus gekoppeld."))
    audit.record(
        AuditAction.CREATE,
        link,
        object_repr=object_repr,
        case_id=case.pk,
        changes=changes,
        reason=reason,
        actor=actor,
    )
    if product.status == ProductStatus.ACTIVE:
        advise_reassessment(
            case,
            reason=_("Dreigingsinformatieproduct aan de casus gekoppeld."),
            source_type="product",
            source_id=product.pk,
            actor=actor,
        )
    return link
