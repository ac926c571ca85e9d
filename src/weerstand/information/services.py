"""Domain services for threat-information products, attachments, entities and re-assessment
advice. Every write runs in one transaction with its audit record; views, the API, the import
command and other apps call these and never save these models themselves."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from weerstand.accounts.roles import Role
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases.models import Case, CaseEvent, Phenomenon
from weerstand.core.errors import (
    DomainError,
    InvalidParam,
    InvalidTransition,
    NotPermitted,
    ValidationFailed,
)
from weerstand.core.locks import serialise
from weerstand.core.references import next_reference
from weerstand.information import attachments as files
from weerstand.information import entities as entity_values
from weerstand.information.models import (
    Attachment,
    Credibility,
    Entity,
    EntityKind,
    EntityLink,
    Handling,
    LegalBasis,
    ProductCase,
    ProductPerson,
    ProductStatus,
    ReassessmentAdvice,
    Reliability,
    ThreatProduct,
)
from weerstand.organisations.models import Organisation, OrganisationKind
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource, Scope, scopes_for
from weerstand.registry.models import Person

# Case states in which new information may change the threat picture (contract).
ACTIVE_CASE_STATES = ("assessment", "decision", "protection_active", "recalibration")


@dataclass
class AttachmentData:
    filename: str
    content_type: str
    data: bytes


@dataclass
class ProductData:
    """What a partner delivers. `cases`/`persons` are objects or ids the actor may view."""

    title: str
    legal_basis: LegalBasis | int | str
    reliability: str
    credibility: int
    originator: Organisation | None = None  # default: the actor's organisation
    classification: int = 1
    handling: str = Handling.NONE
    summary: str = ""
    body: str = ""
    partner_reference: str = ""
    valid_from: date | None = None
    valid_until: date | None = None
    phenomenon: str = ""
    received_at: Any = None
    cases: list[Any] = field(default_factory=list)
    persons: list[Any] = field(default_factory=list)
    entities: list[tuple[str, str]] = field(default_factory=list)  # (kind, value)
    attachments: list[AttachmentData] = field(default_factory=list)


# --------------------------------------------------------------------------- helpers


def _invalid(detail: str, name: str, code: str, reason: str) -> ValidationFailed:
    return ValidationFailed(detail, invalid_params=[InvalidParam(name, code, reason)])


def _resolve_legal_basis(value: LegalBasis | int | str) -> LegalBasis:
    if isinstance(value, LegalBasis):
        return value
    lookup = {"pk": value} if isinstance(value, int) else {"code": value}
    basis = LegalBasis.objects.filter(active=True, **lookup).first()
    if basis is None:
        raise _invalid(
            _("Onbekende of niet actieve grondslag."),
            "legal_basis",
            "unknown",
            _("Kies een grondslag uit de lijst."),
        )
    return basis


def check_legal_basis(basis: LegalBasis, originator: Organisation) -> None:
    """The originator may provide under this basis, and it allows provision to the NCTV."""
    if not basis.active:
        raise _invalid(
            _("De grondslag %(law)s is niet meer actief.") % {"law": basis.law},
            "legal_basis",
            "inactive",
            _("Kies een actieve grondslag."),
        )
    if originator.kind not in (basis.provider_kinds or []):
        raise _invalid(
            _("Onder %(law)s kan %(org)s (%(kind)s) geen informatie verstrekken.")
            % {"law": basis.law, "org": originator.name, "kind": originator.get_kind_display()},
            "legal_basis",
            "provider-not-permitted",
            _("Deze grondslag geldt niet voor deze verstrekker."),
        )
    if OrganisationKind.NCTV not in (basis.recipient_kinds or []):
        raise _invalid(
            _("%(law)s staat verstrekking aan de NCTV niet toe.") % {"law": basis.law},
            "legal_basis",
            "recipient-not-permitted",
            _("Deze grondslag staat verstrekking aan de NCTV niet toe."),
        )


def _originator_for(actor: Any, requested: Organisation | None) -> Organisation:
    """Partners deliver as their own organisation; analysts (create scope `all`) may record a
    product received outside the system on behalf of the partner that provided it."""
    own = actor.organisation
    if requested is None or (own is not None and requested.pk == own.pk):
        if own is None:
            raise _invalid(
                _("Uw account hoort bij geen organisatie."), "originator", "required", "-"
            )
        return own
    if Scope.ALL not in scopes_for(actor.role_codes, Resource.THREAT_PRODUCT, Action.CREATE):
        raise _invalid(
            _("U kunt alleen producten van uw eigen organisatie aanleveren."),
            "originator",
            "not-permitted",
            _("Alleen uw eigen organisatie."),
        )
    return requested


def _validate(data: ProductData, actor: Any) -> list[InvalidParam]:
    errors: list[InvalidParam] = []
    if len((data.title or "").strip()) < 3:
        errors.append(InvalidParam("title", "required", _("Geef een titel (minimaal 3 tekens).")))
    if len(data.title or "") > 200:
        errors.append(InvalidParam("title", "too-long", _("Maximaal 200 tekens.")))
    if data.reliability not in Reliability.values:
        errors.append(InvalidParam("reliability", "invalid-choice", _("Kies A tot en met F.")))
    if data.credibility not in Credibility.values:
        errors.append(InvalidParam("credibility", "invalid-choice", _("Kies 1 tot en met 6.")))
    if data.handling not in Handling.values:
        errors.append(InvalidParam("handling", "invalid-choice", _("Onbekend voorschrift.")))
    if data.phenomenon and data.phenomenon not in Phenomenon.values:
        errors.append(InvalidParam("phenomenon", "invalid-choice", _("Onbekend fenomeen.")))
    if not isinstance(data.classification, int) or not 0 <= data.classification <= 4:
        errors.append(InvalidParam("classification", "invalid-choice", _("Kies 0 tot en met 4.")))
    elif data.classification > actor.clearance:
        errors.append(
            InvalidParam("classification", "too-high", _("Hoger dan uw screeningsniveau."))
        )
    start = data.valid_from or timezone.localdate()
    if data.valid_until is not None and data.valid_until < start:
        errors.append(
            InvalidParam("valid_until", "before-start", _("Ligt vóór het begin van de geldigheid."))
        )
    if len(data.partner_reference or "") > 100:
        errors.append(InvalidParam("partner_reference", "too-long", _("Maximaal 100 tekens.")))
    for kind, value in data.entities:
        if kind not in EntityKind.values:
            errors.append(
                InvalidParam("entities", "invalid-choice", _("Onbekende soort entiteit."))
            )
            continue
        try:
            entity_values.normalise(kind, value)
        except ValueError:
            errors.append(InvalidParam("entities", "empty", _("Lege waarde van een entiteit.")))
    return errors


def _visible_cases(actor: Any, refs: list[Any]) -> list[Case]:
    """Cases given by object, id or reference; unknown and invisible answer alike."""
    if not refs:
        return []
    keys = [r.pk if isinstance(r, Case) else r for r in refs]
    ids = [k for k in keys if isinstance(k, int)]
    names = [str(k) for k in keys if not isinstance(k, int)]
    found = {
        c.pk: c
        for c in Case.objects.visible_to(actor).filter(Q(pk__in=ids) | Q(reference__in=names))
    }
    by_ref = {c.reference: c for c in found.values()}
    out: list[Case] = []
    for key in keys:
        case = found.get(key) if isinstance(key, int) else by_ref.get(str(key))
        if case is None:
            raise _invalid(
                _("Onbekende casus: %(ref)s.") % {"ref": str(key)[:40]},
                "cases",
                "unknown",
                _("Deze casus bestaat niet of u heeft er geen inzage in."),
            )
        if case not in out:
            out.append(case)
    return out


def _visible_persons(actor: Any, refs: list[Any]) -> list[Person]:
    if not refs:
        return []
    out: list[Person] = []
    visible = Person.objects.visible_to(actor)
    for ref in refs:
        pk = ref.pk if isinstance(ref, Person) else ref
        person = visible.filter(pk=pk).first() if isinstance(pk, int) else None
        if person is None:
            raise _invalid(
                _("Onbekende persoon."),
                "persons",
                "unknown",
                _("Deze persoon bestaat niet of u heeft er geen inzage in."),
            )
        if person not in out:
            out.append(person)
    return out


def _inspect_all(items: list[AttachmentData]) -> list[files.InspectedFile]:
    return [files.inspect(a.filename, a.content_type, a.data) for a in items]


def _store_attachment(product: ThreatProduct, f: files.InspectedFile, actor: Any) -> Attachment:
    att = Attachment.objects.create(
        product=product,
        filename=f.filename,
        content_type=f.content_type,
        size=f.size,
        sha256=f.sha256,
        content=base64.b64encode(f.data).decode("ascii"),
        extracted_text=f.text,
        uploaded_by=actor,
    )
    audit.record(
        AuditAction.CREATE,
        att,
        changes={
            "content_type": [None, f.content_type],
            "size": [None, f.size],
            "sha256": [None, f.sha256],
        },
        actor=actor,
    )
    return att


def _link(
    product: ThreatProduct,
    cases: list[Case],
    persons: list[Person],
    entities: list[tuple[str, str]],
    actor: Any,
) -> None:
    for case in cases:
        ProductCase.objects.get_or_create(product=product, case=case)
    for person in persons:
        ProductPerson.objects.get_or_create(product=product, person=person)
    for kind, value in entities:
        entity = find_or_create_entity(kind, value, actor)
        EntityLink.objects.get_or_create(entity=entity, product=product)


def _advise_linked(product: ThreatProduct, reason: str, actor: Any) -> None:
    """Advise re-assessment on every active linked case. The reason names no product: the
    advice is read by case analysts who may not be cleared for this product; the product
    itself is shown next to the advice only to those who may see it."""
    case_ids = ProductCase.objects.filter(product=product).values_list("case_id", flat=True)
    for case in Case.objects.filter(pk__in=list(case_ids)).order_by("pk"):
        advise_reassessment(
            case, reason=reason, source_type="product", source_id=product.pk, actor=actor
        )


def _product_audit_changes(product: ThreatProduct) -> dict[str, Any]:
    return {
        "originator": [None, product.originator.code],
        "legal_basis": [None, product.legal_basis.code],
        "classification": [None, product.classification],
        "handling": [None, product.handling],
        "grading": [None, product.grading],
        "version": [None, product.version],
        "summary": audit.SECRET_MARK,
        "body": audit.SECRET_MARK,
    }


# --------------------------------------------------------------------------- products


def create_product(actor: Any, data: ProductData) -> ThreatProduct:
    """Register a partner's product after checking the legal basis of provision."""
    engine.require_principal(actor)
    if not engine.can(actor, Resource.THREAT_PRODUCT, Action.CREATE):
        raise NotPermitted(_("U mag geen informatieproducten aanleveren."))
    originator = _originator_for(actor, data.originator)
    errors = _validate(data, actor)
    if errors:
        raise ValidationFailed(
            _("Het product is niet volledig of niet geldig."), invalid_params=errors
        )
    basis = _resolve_legal_basis(data.legal_basis)
    check_legal_basis(basis, originator)
    cases = _visible_cases(actor, data.cases)
    persons = _visible_persons(actor, data.persons)
    inspected = _inspect_all(data.attachments)
    partner_ref = (data.partner_reference or "").strip()
    with transaction.atomic():
        if partner_ref:
            serialise(f"product-partner-ref:{originator.pk}:{partner_ref}")
            if ThreatProduct.objects.filter(
                originator=originator, partner_reference=partner_ref
            ).exists():
                raise _invalid(
                    _("Er is al een product met dit kenmerk van de verstrekker."),
                    "partner_reference",
                    "duplicate",
                    _("Lever een nieuwe versie van dat product aan."),
                )
        product = ThreatProduct.objects.create(
            reference=next_reference(ThreatProduct, "IP", 5),
            originator=originator,
            partner_reference=partner_ref,
            legal_basis=basis,
            classification=data.classification,
            handling=data.handling,
            title=data.title.strip(),
            summary=data.summary or "",
            body=data.body or "",
            reliability=data.reliability,
            credibility=data.credibility,
            valid_from=data.valid_from or timezone.localdate(),
            valid_until=data.valid_until,
            phenomenon=data.phenomenon or "",
            received_at=data.received_at or timezone.now(),
            created_by=actor,
        )
        _link(product, cases, persons, data.entities, actor)
        for f in inspected:
            _store_attachment(product, f, actor)
        audit.record(
            AuditAction.CREATE, product, changes=_product_audit_changes(product), actor=actor
        )
        _advise_linked(product, _("Nieuw dreigingsinformatieproduct gekoppeld."), actor)
    return product


def _get_changeable(actor: Any, product_id: int) -> ThreatProduct:
    engine.require_principal(actor)
    product = engine.get_for(
        ThreatProduct.objects.select_for_update(), actor, Action.VIEW, pk=product_id
    )
    if not engine.can(actor, Resource.THREAT_PRODUCT, Action.CHANGE, product):
        raise NotPermitted(_("Alleen de verstrekkende organisatie kan dit product wijzigen."))
    return product


def new_version(actor: Any, product_id: int, data: ProductData) -> ThreatProduct:
    """Issue a new version: the old one is marked superseded; links carry over."""
    with transaction.atomic():
        old = _get_changeable(actor, product_id)
        if old.status != ProductStatus.ACTIVE:
            raise InvalidTransition(
                _("Alleen een actuele versie kan worden vervangen; dit product is %(s)s.")
                % {"s": old.get_status_display().lower()}
            )
        errors = _validate(data, actor)
        if errors:
            raise ValidationFailed(
                _("De nieuwe versie is niet volledig of niet geldig."), invalid_params=errors
            )
        basis = _resolve_legal_basis(data.legal_basis)
        check_legal_basis(basis, old.originator)
        cases = _visible_cases(actor, data.cases)
        persons = _visible_persons(actor, data.persons)
        inspected = _inspect_all(data.attachments)
        ThreatProduct.objects.filter(pk=old.pk).update(status=ProductStatus.SUPERSEDED)
        product = ThreatProduct.objects.create(
            reference=next_reference(ThreatProduct, "IP", 5),
            originator=old.originator,
            partner_reference=old.partner_reference,
            legal_basis=basis,
            classification=data.classification,
            handling=data.handling,
            title=data.title.strip(),
            summary=data.summary or "",
            body=data.body or "",
            reliability=data.reliability,
            credibility=data.credibility,
            valid_from=data.valid_from or timezone.localdate(),
            valid_until=data.valid_until,
            phenomenon=data.phenomenon or old.phenomenon,
            received_at=data.received_at or timezone.now(),
            created_by=actor,
            version=old.version + 1,
            supersedes=old,
            import_fingerprint="",
        )
        # Links the originator cannot see (an analyst linked the product to a case) stay.
        old_cases = list(ProductCase.objects.filter(product=old).values_list("case_id", flat=True))
        old_persons = list(
            ProductPerson.objects.filter(product=old).values_list("person_id", flat=True)
        )
        for case_id in old_cases:
            ProductCase.objects.get_or_create(product=product, case_id=case_id)
        for person_id in old_persons:
            ProductPerson.objects.get_or_create(product=product, person_id=person_id)
        for link in EntityLink.objects.filter(product=old):
            EntityLink.objects.get_or_create(product=product, entity_id=link.entity_id)
        _link(product, cases, persons, data.entities, actor)
        for f in inspected:
            _store_attachment(product, f, actor)
        audit.record(
            AuditAction.UPDATE,
            old,
            changes={"status": [ProductStatus.ACTIVE, ProductStatus.SUPERSEDED]},
            reason=_("Vervangen door %(ref)s") % {"ref": product.reference},
            actor=actor,
        )
        changes = _product_audit_changes(product)
        changes["supersedes"] = [None, old.reference]
        audit.record(AuditAction.CREATE, product, changes=changes, actor=actor)
        _advise_linked(
            product, _("Nieuwe versie van een gekoppeld dreigingsinformatieproduct."), actor
        )
    return product


def data_from_product(product: ThreatProduct) -> ProductData:
    """A ProductData pre-filled from a product (the start of a new version)."""
    return ProductData(
        title=product.title,
        legal_basis=product.legal_basis,
        reliability=product.reliability,
        credibility=product.credibility,
        originator=product.originator,
        classification=product.classification,
        handling=product.handling,
        summary=product.summary,
        body=product.body,
        partner_reference=product.partner_reference,
        valid_from=product.valid_from,
        valid_until=product.valid_until,
        phenomenon=product.phenomenon,
    )


def withdraw_product(actor: Any, product_id: int, *, reason: str) -> ThreatProduct:
    """Withdraw the current version; it stays visible to its readers, flagged, with why."""
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise _invalid(
            _("Een reden voor de intrekking is verplicht (minimaal 5 tekens)."),
            "reason",
            "required",
            _("Geef een reden op."),
        )
    with transaction.atomic():
        product = _get_changeable(actor, product_id)
        if product.status != ProductStatus.ACTIVE:
            raise InvalidTransition(
                _("Alleen een actuele versie kan worden ingetrokken; dit product is %(s)s.")
                % {"s": product.get_status_display().lower()}
            )
        now = timezone.now()
        ThreatProduct.objects.filter(pk=product.pk).update(
            status=ProductStatus.WITHDRAWN,
            withdrawn_reason=reason,
            withdrawn_at=now,
            withdrawn_by=actor,
        )
        product.refresh_from_db()
        audit.record(
            AuditAction.UPDATE,
            product,
            changes={"status": [ProductStatus.ACTIVE, ProductStatus.WITHDRAWN]},
            reason=reason,
            actor=actor,
        )
        _advise_linked(
            product, _("Een gekoppeld dreigingsinformatieproduct is ingetrokken."), actor
        )
    return product


def add_attachment(actor: Any, product_id: int, item: AttachmentData) -> Attachment:
    """Add a file to a product of the actor's organisation, after inspection."""
    inspected = files.inspect(item.filename, item.content_type, item.data)
    with transaction.atomic():
        product = _get_changeable(actor, product_id)
        if product.status != ProductStatus.ACTIVE:
            raise InvalidTransition(_("Aan een vervangen of ingetrokken product kan niets meer."))
        return _store_attachment(product, inspected, actor)


def link_product_to_case(actor: Any, product_id: int, case_id: int) -> ProductCase:
    """An analyst attaches a visible product (e.g. from the intake) to a case of theirs.

    Needs view of the product and change of the case. Linking to a case in a restricting
    compartment narrows who sees the product (rule 5 in information.rules), never widens it.
    """
    engine.require_principal(actor)
    with transaction.atomic():
        product = engine.get_for(ThreatProduct.objects.all(), actor, Action.VIEW, pk=product_id)
        case = engine.get_for(Case.objects.all(), actor, Action.VIEW, pk=case_id)
        if not engine.can(actor, Resource.CASE, Action.CHANGE, case):
            raise NotPermitted(_("U kunt geen informatie aan deze casus koppelen."))
        serialise(f"product-case:{product.pk}:{case.pk}")
        link, created = ProductCase.objects.get_or_create(product=product, case=case)
        if not created:
            raise InvalidTransition(_("Het product is al aan deze casus gekoppeld."))
        audit.record(
            AuditAction.CREATE,
            link,
            object_repr=f"product {product.reference} aan casus {case.reference}",
            case_id=case.pk,
            changes={"product": [None, product.reference], "case": [None, case.reference]},
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


def find_or_create_entity(kind: str, value: str, actor: Any) -> Entity:
    """The one entity for this normalised value; created (encrypted) when new.

    Not a read path for users: it returns the entity regardless of visibility, so callers
    must only link it to information the actor provides, never show it on its own.
    """
    if kind not in EntityKind.values:
        raise _invalid(_("Onbekende soort entiteit."), "kind", "invalid-choice", "-")
    try:
        normalised = entity_values.normalise(kind, value)
    except ValueError as exc:
        raise _invalid(_("Lege waarde van een entiteit."), "value", "empty", "-") from exc
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


# --------------------------------------------------------------------------- re-assessment


def advise_reassessment(
    case: Case, *, reason: str, source_type: str, source_id: int | None, actor: Any
) -> ReassessmentAdvice | None:
    """Mark an active case "re-assessment advised" with the reason (no-op otherwise).

    The same source advising the same case twice while the first is open gives the open one.
    """
    state = Case.objects.filter(pk=case.pk).values_list("state", flat=True).first()
    if state not in ACTIVE_CASE_STATES:
        return None
    with transaction.atomic():
        serialise(f"reassessment-advice:{case.pk}")
        existing = ReassessmentAdvice.objects.filter(
            case=case.pk, source_type=source_type, source_id=source_id, resolved_at__isnull=True
        ).first()
        if existing is not None:
            return existing
        advice = ReassessmentAdvice.objects.create(
            case_id=case.pk,
            reason=reason[:2000],
            source_type=source_type,
            source_id=source_id,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        # The timeline is read by every case viewer; the reason (which may name a product
        # under a handling restriction) stays in the advice, shown to product readers only.
        CaseEvent.objects.create(
            case_id=case.pk,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            actor_name=getattr(actor, "display_name", "") or "systeem",
            kind="reassessment_advised",
            reason=_("Herbeoordeling geadviseerd op grond van nieuwe informatie."),
        )
        audit.record(
            AuditAction.CREATE,
            advice,
            changes={"source_type": [None, source_type], "source_id": [None, source_id]},
            actor=actor,
        )
    return advice


def open_advice(case: Case | int) -> QuerySet[ReassessmentAdvice]:
    """Unresolved advice of one case (the caller has already checked the case is visible)."""
    case_id = case.pk if isinstance(case, Case) else case
    return ReassessmentAdvice.objects.filter(case=case_id, resolved_at__isnull=True).order_by(
        "created_at", "pk"
    )


def resolve_advice(case: Case | int, *, actor: Any, resolution: str) -> int:
    """Close all open advice of a case with what was done; needs change on the case."""
    engine.require_principal(actor)
    resolution = (resolution or "").strip()
    if len(resolution) < 5:
        raise _invalid(
            _("Geef aan wat er met het advies is gedaan (minimaal 5 tekens)."),
            "resolution",
            "required",
            _("Verplicht."),
        )
    case_id = case.pk if isinstance(case, Case) else case
    with transaction.atomic():
        case_obj = engine.get_for(Case.objects.all(), actor, Action.VIEW, pk=case_id)
        if not engine.can(actor, Resource.CASE, Action.CHANGE, case_obj):
            raise NotPermitted(_("U kunt het advies bij deze casus niet afhandelen."))
        advice = list(open_advice(case_id).select_for_update())
        if not advice:
            raise InvalidTransition(_("Er is geen openstaand advies bij deze casus."))
        now = timezone.now()
        ReassessmentAdvice.objects.filter(pk__in=[a.pk for a in advice]).update(
            resolved_at=now, resolved_by=actor, resolution=resolution
        )
        CaseEvent.objects.create(
            case_id=case_id,
            actor=actor,
            actor_name=actor.display_name,
            kind="reassessment_advice_resolved",
            reason=resolution,
        )
        for a in advice:
            audit.record(
                AuditAction.UPDATE,
                a,
                changes={"resolved": [False, True]},
                reason=resolution,
                actor=actor,
            )
    return len(advice)


def cases_with_open_advice(user: Any) -> QuerySet[Case]:
    """Cases the user may see that have open advice (for the analysts' start page)."""
    advice = ReassessmentAdvice.objects.visible_to(user).filter(resolved_at__isnull=True)
    return (
        Case.objects.visible_to(user).filter(pk__in=advice.values("case_id")).order_by("reference")
    )


# --------------------------------------------------------------------------- import


@dataclass
class RecordResult:
    index: int
    partner_reference: str
    outcome: str  # accepted | unchanged | new_version | refused
    reference: str = ""
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "partner_reference": self.partner_reference,
            "outcome": self.outcome,
            "reference": self.reference,
            "reasons": self.reasons,
        }


def fingerprint(record: dict[str, Any]) -> str:
    return hashlib.sha256(
        json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    ).hexdigest()


def import_record(actor: Any, originator: Organisation, index: int, record: Any) -> RecordResult:
    """One record in its own savepoint: all of it is written, or nothing."""
    from weerstand.information import importing

    ref = str(record.get("partner_reference", "")) if isinstance(record, dict) else ""
    result = RecordResult(index=index, partner_reference=ref[:100], outcome="refused")
    try:
        data = importing.parse_record(record)
        data.originator = originator
        digest = fingerprint(record)
        with transaction.atomic():
            serialise(f"product-partner-ref:{originator.pk}:{data.partner_reference}")
            latest = (
                ThreatProduct.objects.filter(
                    originator=originator, partner_reference=data.partner_reference
                )
                .order_by("-version")
                .first()
            )
            if latest is None:
                product = create_product(actor, data)
                result.outcome = "accepted"
            elif latest.import_fingerprint == digest:
                result.outcome, result.reference = "unchanged", latest.reference
                return result
            elif latest.status != ProductStatus.ACTIVE:
                raise InvalidTransition(
                    _("Het product met dit kenmerk is ingetrokken; er kan geen nieuwe versie meer.")
                )
            else:
                product = new_version(actor, latest.pk, data)
                result.outcome = "new_version"
            ThreatProduct.objects.filter(pk=product.pk).update(import_fingerprint=digest)
            result.reference = product.reference
    except DomainError as exc:
        result.outcome = "refused"
        result.reasons = [exc.detail] + [
            f"{p.name}: {p.reason}" for p in exc.invalid_params if p.reason not in ("-", "")
        ]
    except (IntegrityError, ValueError, TypeError) as exc:  # nothing of the record was kept
        result.outcome = "refused"
        result.reasons = [
            _("Het record kon niet worden verwerkt (%(e)s).") % {"e": type(exc).__name__}
        ]
    return result


def import_products(
    actor: Any, document: Any, *, originator: Organisation | None
) -> dict[str, Any]:
    """Import a partner's batch; a bad record never blocks the good ones.

    `originator` None means the actor's own organisation (refused when it has none).

    Returns a report: counts per outcome and one entry per record.
    """
    from weerstand.information import importing

    engine.require_principal(actor)
    if not engine.can(actor, Resource.THREAT_PRODUCT, Action.CREATE):
        raise NotPermitted(_("U mag geen informatieproducten aanleveren."))
    originator = _originator_for(actor, originator)
    records = importing.parse_document(document)
    results = [import_record(actor, originator, i, r) for i, r in enumerate(records)]
    counts = {k: 0 for k in ("accepted", "unchanged", "new_version", "refused")}
    for r in results:
        counts[r.outcome] += 1
    audit.record(
        AuditAction.CREATE,
        object_type="information.productimport",
        object_repr=f"import {originator.code}: {len(results)} records",
        changes={"counts": counts, "references": [r.reference for r in results if r.reference]},
        actor=actor,
    )
    return {
        "originator": originator.code,
        "counts": counts,
        "records": [r.as_dict() for r in results],
    }


def is_analysis_role(user: Any) -> bool:
    return bool(set(user.role_codes) & {Role.ANALYST.value, Role.SENIOR_ANALYST.value})
