"""Products, versions, withdrawal, entities and re-assessment advice through the services."""

from __future__ import annotations

import pytest

from weerstand import testing as t
from weerstand.audit.models import AuditAction, AuditRecord
from weerstand.cases.models import CaseEvent
from weerstand.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from weerstand.information import services
from weerstand.information.models import Entity, ProductStatus, ReassessmentAdvice, ThreatProduct
from weerstand.information.services import ProductData

pytestmark = pytest.mark.django_db


def data(world, **kw) -> ProductData:
    base = dict(
        title="Observatie bij woning",
        legal_basis=world.bases["wpg-19"],
        reliability="B",
        credibility=2,
        summary="Geheime samenvatting MARKER-S",
        cases=[world.case],
    )
    base.update(kw)
    return ProductData(**base)


def test_create_checks_legal_basis_provider_and_recipient(world) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.create_product(world.liaison, data(world, legal_basis=world.bases["wiv-64"]))
    assert exc.value.invalid_params[0].code == "provider-not-permitted"
    world.bases["wpg-20"].recipient_kinds = ["om"]
    world.bases["wpg-20"].save()
    with pytest.raises(ValidationFailed) as exc:
        services.create_product(world.liaison, data(world, legal_basis=world.bases["wpg-20"]))
    assert exc.value.invalid_params[0].code == "recipient-not-permitted"


def test_create_grading_advice_and_encryption(world) -> None:
    p = services.create_product(world.liaison, data(world))
    assert p.grading == "B2" and p.originator == world.police
    advice = services.open_advice(world.case)
    assert advice.count() == 1 and advice.get().source_id == p.pk
    # The reason names no product: case analysts may not be cleared for it.
    assert p.reference not in advice.get().reason
    assert ReassessmentAdvice.objects.visible_to(world.analyst).count() == 1
    assert not ReassessmentAdvice.objects.visible_to(world.liaison).exists()
    assert not ReassessmentAdvice.objects.visible_to(world.outsider).exists()
    assert CaseEvent.objects.filter(case=world.case, kind="reassessment_advised").exists()
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT summary FROM information_threatproduct WHERE id = %s", [p.pk])
        assert "MARKER-S" not in cur.fetchone()[0]
    assert AuditRecord.objects.filter(action=AuditAction.CREATE, object_id=str(p.pk)).exists()


def test_no_advice_for_inactive_cases(world) -> None:
    intake = t.case(t.user("mayor"), team=(world.liaison,), state="referral")
    services.create_product(world.liaison, data(world, cases=[intake]))
    assert not services.open_advice(intake).exists()


def test_partner_cannot_provide_for_another_organisation_or_link_hidden_case(world) -> None:
    with pytest.raises(ValidationFailed):
        services.create_product(world.liaison, data(world, originator=world.aivd))
    hidden = t.case(t.user("mayor"))
    with pytest.raises(ValidationFailed) as exc:
        services.create_product(world.liaison, data(world, cases=[hidden]))
    assert exc.value.invalid_params[0].name == "cases"
    with pytest.raises(NotPermitted):
        services.create_product(t.user("mayor"), data(world))


def test_new_version_and_withdrawal_only_by_originator(world) -> None:
    p = services.create_product(world.liaison, data(world))
    with pytest.raises(NotPermitted):
        services.withdraw_product(world.analyst, p.pk, reason="Niet meer juist")
    v2 = services.new_version(world.liaison, p.pk, data(world, title="Aangevuld", credibility=1))
    p.refresh_from_db()
    assert p.status == ProductStatus.SUPERSEDED and v2.supersedes_id == p.pk and v2.version == 2
    assert [x.pk for x in services.product_chain(p, world.analyst)] == [p.pk, v2.pk]
    with pytest.raises(InvalidTransition):
        services.withdraw_product(world.liaison, p.pk, reason="Oude versie intrekken")
    with pytest.raises(ValidationFailed):
        services.withdraw_product(world.liaison, v2.pk, reason="")
    w = services.withdraw_product(world.liaison, v2.pk, reason="Bron onbetrouwbaar gebleken")
    assert w.status == ProductStatus.WITHDRAWN and w.withdrawn_reason
    # Withdrawn products stay visible to their readers, flagged.
    assert ThreatProduct.objects.visible_to(world.analyst).filter(pk=w.pk).exists()


def test_entities_normalise_and_dedupe(world) -> None:
    a = services.find_or_create_entity("phone", "06-12 34 56 78", world.liaison)
    b = services.find_or_create_entity("phone", "+31 (0)6 12345678", world.liaison)
    c = services.find_or_create_entity("phone", "0031612345678", world.liaison)
    assert a.pk == b.pk == c.pk and a.value == "+31612345678"
    v1 = services.find_or_create_entity("vehicle", "gx-123-b", world.liaison)
    v2 = services.find_or_create_entity("vehicle", "GX 123 B", world.liaison)
    assert v1.pk == v2.pk and v1.value == "GX123B"
    ad1 = services.find_or_create_entity("address", " Havenstraat  1,\nRotterdam ", world.liaison)
    ad2 = services.find_or_create_entity("address", "havenstraat 1, rotterdam", world.liaison)
    assert ad1.pk == ad2.pk
    assert "612345678" not in Entity.objects.filter(pk=a.pk).values_list("lookup", flat=True)[0]


def test_resolve_advice(world) -> None:
    services.create_product(world.liaison, data(world))
    with pytest.raises(NotPermitted):
        services.resolve_advice(world.case, actor=world.liaison, resolution="Gezien en gewogen")
    assert services.resolve_advice(world.case, actor=world.analyst, resolution="Herbeoordeeld") == 1
    assert not services.open_advice(world.case).exists()
    assert ReassessmentAdvice.objects.filter(case=world.case, resolved_by=world.analyst).exists()
    with pytest.raises(InvalidTransition):
        services.resolve_advice(world.case, actor=world.analyst, resolution="Nogmaals afgehandeld")


def test_advise_reassessment_contract_is_idempotent_per_source(world) -> None:
    a = services.advise_reassessment(
        world.case, reason="Nieuw signaal", source_type="signal", source_id=7, actor=world.analyst
    )
    b = services.advise_reassessment(
        world.case, reason="Nieuw signaal", source_type="signal", source_id=7, actor=world.analyst
    )
    assert a is not None and b is not None and a.pk == b.pk
