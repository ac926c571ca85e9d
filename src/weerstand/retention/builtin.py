"""The first object types under retention: threat-information products (destroyed with
their attachments, entity links, orphaned entities and search entries), a registry person's
data once every case of theirs is closed (anonymised), and cases (referenced in access
requests only; their retention is future work)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.db import models
from django.utils import timezone

from weerstand.retention.models import CountedFrom
from weerstand.retention.types import (
    AuditTrace,
    Blocked,
    Candidate,
    ObjectType,
    PersonReference,
)

ANONYMOUS_FIRST_NAME = "Geanonimiseerd"


def _day(value: datetime | date | None) -> date | None:
    if value is None:
        return None
    return timezone.localdate(value) if isinstance(value, datetime) else value


def _closed_on(case_ids: list[int]) -> date | None:
    """The day the last of these cases closed, or None while any is still open."""
    from weerstand.cases.models import Case, CaseState

    if not case_ids:
        return None
    rows = list(Case._base_manager.filter(pk__in=case_ids).values_list("state", "ended_at"))
    if any(state != CaseState.ENDED or ended is None for state, ended in rows):
        return None
    return max(_day(ended) for _s, ended in rows)  # type: ignore[type-var]  # all set above


# --- threat-information products ------------------------------------------------------------


def product_candidates() -> Iterable[Candidate]:
    from weerstand.information.models import ProductCase, ThreatProduct

    links: dict[int, list[int]] = {}
    for product_id, case_id in ProductCase._base_manager.values_list("product_id", "case_id"):
        links.setdefault(product_id, []).append(case_id)
    rows = ThreatProduct._base_manager.order_by("pk").values_list(
        "pk", "legal_basis__code", "received_at"
    )
    for pk, basis, received_at in rows:
        case_ids = sorted(links.get(pk, []))
        closed = _closed_on(case_ids)
        yield Candidate(
            object_id=pk,
            legal_basis=basis,
            dates={
                CountedFrom.PRODUCT_DATE: _day(received_at),
                CountedFrom.CASE_CLOSED: closed,
                CountedFrom.PROTECTION_ENDED: closed,
            },
            case_ids=tuple(case_ids),
        )


def _entity_in_use(entity_id: int) -> bool:
    from weerstand.information.models import Entity

    entity = Entity._base_manager.get(pk=entity_id)
    for rel in entity._meta.related_objects:
        if (
            rel.one_to_many
            and rel.related_model._base_manager.filter(**{rel.field.name: entity_id}).exists()
        ):
            return True
    return False


def destroy_product(product_id: int) -> None:
    """Delete the product with everything that hangs on it; entities nothing else mentions go
    too. A newer version still kept, or a record elsewhere that cites the product (an
    assessment, a request's answer), blocks it: `Blocked`, tried again next run."""
    from weerstand.information.models import EntityLink, ReassessmentAdvice, ThreatProduct
    from weerstand.search import index

    product = ThreatProduct._base_manager.select_for_update().get(pk=product_id)
    if ThreatProduct._base_manager.filter(supersedes=product_id).exists():
        raise Blocked("newer_version_kept")
    entity_ids = list(
        EntityLink._base_manager.filter(product=product_id).values_list("entity_id", flat=True)
    )
    ReassessmentAdvice._base_manager.filter(source_type="product", source_id=product_id).update(
        source_id=None
    )
    try:
        product.delete()
    except models.ProtectedError as exc:
        raise Blocked("cited_elsewhere") from exc
    from weerstand.information.models import Entity

    for entity_id in entity_ids:
        if not _entity_in_use(entity_id):
            Entity._base_manager.filter(pk=entity_id).delete()
    index.remove_ids("product", [product_id])


def product_trace(product_id: int) -> AuditTrace:
    """The product, its attachments, and the entities only it mentions (destroyed with it)."""
    from weerstand.information.models import Attachment, EntityLink

    objects = [("information.threatproduct", str(product_id))]
    objects += [
        ("information.attachment", str(pk))
        for pk in Attachment._base_manager.filter(product=product_id).values_list("pk", flat=True)
    ]
    for entity_id in EntityLink._base_manager.filter(product=product_id).values_list(
        "entity_id", flat=True
    ):
        others = EntityLink._base_manager.filter(entity=entity_id).exclude(product=product_id)
        if not others.exists():
            objects.append(("information.entity", str(entity_id)))
    return AuditTrace(objects=tuple(objects))


def products_about(person_id: int) -> Iterable[PersonReference]:
    from weerstand.information.models import ProductPerson

    rows = (
        ProductPerson._base_manager.filter(person=person_id)
        .order_by("product_id")
        .values_list("product_id", "product__reference")
    )
    return [PersonReference(pk, f"product {ref}") for pk, ref in rows]


# --- registry persons of closed cases ---------------------------------------------------------


def person_candidates() -> Iterable[Candidate]:
    from weerstand.cases.models import CasePerson
    from weerstand.registry.models import Person

    cases: dict[int, list[int]] = {}
    for person_id, case_id in CasePerson._base_manager.values_list("person_id", "case_id"):
        cases.setdefault(person_id, []).append(case_id)
    done = set(
        Person._base_manager.filter(first_name=ANONYMOUS_FIRST_NAME).values_list("pk", flat=True)
    )
    for person_id, case_ids in sorted(cases.items()):
        if person_id in done:
            continue
        closed = _closed_on(case_ids)
        yield Candidate(
            object_id=person_id,
            legal_basis="",
            dates={CountedFrom.CASE_CLOSED: closed, CountedFrom.PROTECTION_ENDED: closed},
            case_ids=tuple(sorted(set(case_ids))),
        )


def anonymise_person(person_id: int) -> None:
    """Replace what identifies the person; the row stays so the closed cases keep their shape
    (roles, dates), but nobody can tell who it was."""
    from weerstand.registry.models import Person

    person = Person._base_manager.select_for_update().get(pk=person_id)
    person.first_name = ANONYMOUS_FIRST_NAME
    person.last_name = f"persoon {person_id}"
    person.date_of_birth = None
    person.home_address = ""
    person.phone_numbers = ""
    person.employer = None
    person.version += 1
    person.updated_at = timezone.now()
    person.save()


def person_trace(person_id: int) -> AuditTrace:
    """The person's own records, and any whose payload names them (full name only: a bare
    first or last name would erase records about others)."""
    from weerstand.registry.models import Person

    first, last = Person._base_manager.values_list("first_name", "last_name").get(pk=person_id)
    name = f"{first} {last}".strip()
    terms = (name,) if len(name) >= 5 and first != ANONYMOUS_FIRST_NAME else ()
    return AuditTrace(objects=(("registry.person", str(person_id)),), terms=terms)


def cases_about(person_id: int) -> Iterable[PersonReference]:
    from weerstand.cases.models import CasePerson

    rows = (
        CasePerson._base_manager.filter(person=person_id)
        .order_by("case_id")
        .values_list("case_id", "case__reference")
        .distinct()
    )
    return [PersonReference(pk, f"casus {ref}") for pk, ref in rows]


TYPES = (
    ObjectType(
        code="threat_product",
        label="dreigingsinformatieproduct",
        candidates=product_candidates,
        destroy=destroy_product,
        about_person=products_about,
        audit_trace=product_trace,
        counts_from=(
            CountedFrom.PRODUCT_DATE,
            CountedFrom.CASE_CLOSED,
            CountedFrom.PROTECTION_ENDED,
        ),
    ),
    ObjectType(
        code="person",
        label="persoonsgegevens (gesloten casussen)",
        candidates=person_candidates,
        anonymise=anonymise_person,
        audit_trace=person_trace,
        counts_from=(CountedFrom.CASE_CLOSED, CountedFrom.PROTECTION_ENDED),
    ),
    ObjectType(code="case", label="casus", about_person=cases_about),
)
