"""A partner's product through its life: intake, new versions, withdrawal.

The legal basis of provision is checked on every way in (page, API, import): the originator
may provide under it, and it allows provision to the NCTV.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases.models import Case, Phenomenon
from weerstand.core.errors import InvalidParam, InvalidTransition, NotPermitted, ValidationFailed
from weerstand.core.locks import serialise
from weerstand.core.references import next_reference
from weerstand.information import entities as entity_values
from weerstand.information import rules
from weerstand.information.models import (
    Credibility,
    EntityKind,
    Handling,
    LegalBasis,
    ProductStatus,
    Reliability,
    ThreatProduct,
)
from weerstand.information.services.advice import advise_linked
from weerstand.information.services.attachments import inspect_all, store_attachment
from weerstand.information.services.common import ProductData, changeable_product, invalid
from weerstand.information.services.links import carry_links_over, link_delivered
from weerstand.organisations.models import Organisation, OrganisationKind
from weerstand.policy import engine
from weerstand.registry.models import Person

# --------------------------------------------------------------------------- checks


def resolve_legal_basis(value: LegalBasis | int | str) -> LegalBasis:
    if isinstance(value, LegalBasis):
        return value
    lookup = {"pk": value} if isinstance(value, int) else {"code": value}
    basis = LegalBasis.objects.filter(active=True, **lookup).first()
    if basis is None:
        raise invalid(
            _("Onbekende of niet actieve grondslag."),
            "legal_basis",
            "unknown",
            _("Kies een grondslag uit de lijst."),
        )
    return basis


def check_legal_basis(basis: LegalBasis, originator: Organisation) -> None:
    """The originator may provide under this basis, and it allows provision to the NCTV."""
    if not basis.active:
        raise invalid(
            _("De grondslag %(law)s is niet meer actief.") % {"law": basis.law},
            "legal_basis",
            "inactive",
            _("Kies een actieve grondslag."),
        )
    if originator.kind not in (basis.provider_kinds or []):
        raise invalid(
            _("Onder %(law)s kan %(org)s (%(kind)s) geen informatie verstrekken.")
            % {"law": basis.law, "org": originator.name, "kind": originator.get_kind_display()},
            "legal_basis",
            "provider-not-permitted",
            _("Deze grondslag geldt niet voor deze verstrekker."),
        )
    if OrganisationKind.NCTV not in (basis.recipient_kinds or []):
        raise invalid(
            _("%(law)s staat verstrekking aan de NCTV niet toe.") % {"law": basis.law},
            "legal_basis",
            "recipient-not-permitted",
            _("Deze grondslag staat verstrekking aan de NCTV niet toe."),
        )


def originator_for(actor: Any, requested: Organisation | None) -> Organisation:
    """Partners deliver as their own organisation; analysts (create scope `all`) may record a
    product received outside the system on behalf of the partner that provided it."""
    own = actor.organisation
    if requested is None or (own is not None and requested.pk == own.pk):
        if own is None:
            raise invalid(
                _("Uw account hoort bij geen organisatie."), "originator", "required", "-"
            )
        return own
    if not rules.may_provide_for(actor, requested):
        raise invalid(
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
            raise invalid(
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
            raise invalid(
                _("Onbekende persoon."),
                "persons",
                "unknown",
                _("Deze persoon bestaat niet of u heeft er geen inzage in."),
            )
        if person not in out:
            out.append(person)
    return out


def _audit_changes(product: ThreatProduct) -> dict[str, Any]:
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


# --------------------------------------------------------------------------- intake


def create_product(actor: Any, data: ProductData) -> ThreatProduct:
    """Register a partner's product after checking the legal basis of provision."""
    engine.require_principal(actor)
    if not rules.may_provide(actor):
        raise NotPermitted(_("U mag geen informatieproducten aanleveren."))
    originator = originator_for(actor, data.originator)
    errors = _validate(data, actor)
    if errors:
        raise ValidationFailed(
            _("Het product is niet volledig of niet geldig."), invalid_params=errors
        )
    basis = resolve_legal_basis(data.legal_basis)
    check_legal_basis(basis, originator)
    cases = _visible_cases(actor, data.cases)
    persons = _visible_persons(actor, data.persons)
    inspected = inspect_all(data.attachments)
    partner_ref = (data.partner_reference or "").strip()
    with transaction.atomic():
        if partner_ref:
            serialise(f"product-partner-ref:{originator.pk}:{partner_ref}")
            if ThreatProduct.objects.filter(
                originator=originator, partner_reference=partner_ref
            ).exists():
                raise invalid(
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
        link_delivered(product, cases, persons, data.entities, actor)
        for f in inspected:
            store_attachment(product, f, actor)
        audit.record(AuditAction.CREATE, product, changes=_audit_changes(product), actor=actor)
        advise_linked(product, _("Nieuw dreigingsinformatieproduct gekoppeld."), actor)
    return product


# --------------------------------------------------------------------------- versions


def new_version(actor: Any, product_id: int, data: ProductData) -> ThreatProduct:
    """Issue a new version: the old one is marked superseded; links carry over."""
    with transaction.atomic():
        old = changeable_product(actor, product_id)
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
        basis = resolve_legal_basis(data.legal_basis)
        check_legal_basis(basis, old.originator)
        cases = _visible_cases(actor, data.cases)
        persons = _visible_persons(actor, data.persons)
        inspected = inspect_all(data.attachments)
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
        carry_links_over(old, product)
        link_delivered(product, cases, persons, data.entities, actor)
        for f in inspected:
            store_attachment(product, f, actor)
        audit.record(
            AuditAction.UPDATE,
            old,
            changes={"status": [ProductStatus.ACTIVE, ProductStatus.SUPERSEDED]},
            reason=_("Vervangen door %(ref)s") % {"ref": product.reference},
            actor=actor,
        )
        changes = _audit_changes(product)
        changes["supersedes"] = [None, old.reference]
        audit.record(AuditAction.CREATE, product, changes=changes, actor=actor)
        advise_linked(
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


# --------------------------------------------------------------------------- withdrawal


def withdraw_product(actor: Any, product_id: int, *, reason: str) -> ThreatProduct:
    """Withdraw the current version; it stays visible to its readers, flagged, with why."""
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise invalid(
            _("Een reden voor de intrekking is verplicht (minimaal 5 tekens)."),
            "reason",
            "required",
            _("Geef een reden op."),
        )
    with transaction.atomic():
        product = changeable_product(actor, product_id)
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
        advise_linked(product, _("Een gekoppeld dreigingsinformatieproduct is ingetrokken."), actor)
    return product
