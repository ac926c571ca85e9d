"""Time travel: an expired product is destroyed, a held one is not, the signed report lists
both, the audit chain still verifies, search no longer finds it; and no audit record ever
held the product's content (the design that keeps the chain intact)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from weerstand import testing as t
from weerstand.audit import services as audit
from weerstand.audit.models import ERASED, AuditAction, AuditRecord
from weerstand.audit.verify import verify_chain
from weerstand.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from weerstand.information.models import Attachment, Entity, EntityLink, ThreatProduct
from weerstand.retention import services
from weerstand.retention.models import DestructionReport, LegalHold
from weerstand.retention.tests import builders as b
from weerstand.search.models import SearchDocument

pytestmark = pytest.mark.django_db

LATER = timedelta(days=400)


def _audit_text() -> str:
    rows = AuditRecord.objects.all()  # the reader joins each record's payload back in
    return "\n".join(
        f"{r.object_repr} {json.dumps(r.changes, ensure_ascii=False)} {r.reason}" for r in rows
    )


def _all_tables_text() -> str:
    """Every row of every table, as the database returns it (what a dump would hold)."""
    out = []
    with connection.cursor() as cur:
        for table in connection.introspection.table_names(cur):
            cur.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from the catalogue
            out += [repr(row) for row in cur.fetchall()]
    return "\n".join(out)


def test_withdrawal_reason_and_person_name_leave_no_trace_in_any_table() -> None:
    """The marker sits in a product's withdrawal reason (audit reason), in a registered
    person's name (their registration's audit changes) and in another record's reason that
    names the person; after the run it is in no table, and the chain still verifies."""
    from weerstand.cases.models import CasePerson
    from weerstand.information.services.products import withdraw_product
    from weerstand.registry.services import PersonData, create_person

    w = b.world()
    mark = b.marker()
    gone = b.product(w, b.marker())
    withdraw_product(w.liaison, gone.pk, reason=f"Ingetrokken wegens {mark}")
    person = create_person(t.user("mayor"), PersonData(first_name="Piet", last_name=f"Mark{mark}"))
    CasePerson.objects.create(case=w.case, person=person, role="partner")
    audit.record(
        AuditAction.UPDATE,
        object_type="cases.case",
        object_id=w.case.pk,
        reason=f"Gesprek gevoerd met Piet Mark{mark}",
    )
    b.rule(w)
    b.rule(w, object_type="person", counted_from="case_closed", action="anonymise", period_days=30)
    w.case.state = "ended"
    w.case.ended_at = timezone.now()
    w.case.save()
    assert mark in _audit_text() and mark in _all_tables_text()  # the check can see it

    report = services.apply_retention(timezone.now() + LATER)
    assert report is not None
    outcomes = {(i["objectType"], i["objectId"], i["outcome"]) for i in report.items}
    assert ("threat_product", gone.pk, "destroyed") in outcomes
    assert ("person", person.pk, "anonymised") in outcomes

    assert mark not in _all_tables_text()
    assert mark.lower() not in _all_tables_text().lower()
    data = verify_chain()
    assert data.ok, data.problem
    # The facts stay: the withdrawal and the registration are still in the trail, erased.
    withdrawal = AuditRecord.objects.filter(
        object_type="information.threatproduct", object_id=str(gone.pk), action="update"
    ).first()
    assert withdrawal is not None and withdrawal.erased
    assert withdrawal.reason == ERASED
    erasures = AuditRecord.objects.filter(object_type=audit.ERASURE_TYPE)
    assert erasures.count() == 2
    assert all("seqs" in e.changes and "rule" in e.changes for e in erasures)


def test_expired_destroyed_held_kept_report_lists_both_chain_verifies() -> None:
    w = b.world()
    gone_mark, kept_mark = b.marker(), b.marker()
    gone = b.product(w, gone_mark)
    kept = b.product(w, kept_mark)
    gone_entities = list(
        EntityLink.objects.filter(product=gone.pk).values_list("entity_id", flat=True)
    )
    assert SearchDocument.objects.filter(kind="product", object_id=gone.pk).exists()
    # The design: no audit record of a retention-governed object carries its content.
    assert gone_mark not in _audit_text() and kept_mark not in _audit_text()

    rule = b.rule(w)
    hold = services.place_hold(
        w.privacy,
        kind="litigation",
        reason="Rechtszaak loopt",
        object_type="threat_product",
        object_id=kept.pk,
    )
    # Before the period has passed nothing happens.
    assert services.apply_retention(timezone.now()) is None
    report = services.apply_retention(timezone.now() + LATER)
    assert report is not None

    assert not ThreatProduct.objects.filter(pk=gone.pk).exists()
    assert not Attachment.objects.filter(product=gone.pk).exists()
    assert not Entity.objects.filter(pk__in=gone_entities).exists()
    assert ThreatProduct.objects.filter(pk=kept.pk).exists()
    outcomes = {(i["objectId"], i["outcome"]) for i in report.items}
    assert outcomes == {(gone.pk, "destroyed"), (kept.pk, "withheld")}
    withheld = next(i for i in report.items if i["objectId"] == kept.pk)
    assert withheld["holds"] == [hold.pk] and withheld["holdKinds"] == ["litigation"]
    assert all(i["rule"] == rule.pk and i["legalBasis"] == "wpg-19" for i in report.items)
    assert (report.destroyed_count, report.withheld_count) == (1, 1)
    # No content in the report.
    text = json.dumps(report.items)
    assert gone_mark not in text and kept_mark not in text and "Titel" not in text

    assert services.verify_report(report)
    assert verify_chain().ok
    assert gone_mark not in _audit_text()
    assert not SearchDocument.objects.filter(kind="product", object_id=gone.pk).exists()
    from weerstand.search import engine

    results, _ = engine.search(w.analyst, engine.Filters(q=gone_mark))
    assert list(results) == []
    results, _ = engine.search(w.analyst, engine.Filters(q=kept_mark))
    assert [d.object_id for d in results] == [kept.pk]


def test_run_is_idempotent_and_a_lifted_hold_lets_it_go() -> None:
    w = b.world()
    kept = b.product(w, b.marker())
    b.rule(w)
    hold = services.place_hold(
        w.privacy,
        kind="inquiry",
        reason="Onderzoek",
        object_type="threat_product",
        object_id=kept.pk,
    )
    first = services.apply_retention(timezone.now() + LATER)
    second = services.apply_retention(timezone.now() + LATER)
    assert first is not None and second is not None
    assert [i["outcome"] for i in second.items] == ["withheld"]
    services.lift_hold(w.privacy, hold.pk, "Onderzoek afgerond")
    with pytest.raises(InvalidTransition):
        services.lift_hold(w.privacy, hold.pk, "nogmaals")
    third = services.apply_retention(timezone.now() + LATER)
    assert third is not None and [i["outcome"] for i in third.items] == ["destroyed"]
    assert services.apply_retention(timezone.now() + LATER) is None
    assert verify_chain().ok


def test_a_hold_on_the_case_holds_its_products() -> None:
    w = b.world()
    p = b.product(w, b.marker())
    b.rule(w)
    services.place_hold(w.privacy, kind="objection", reason="Bezwaar", case_id=w.case.pk)
    report = services.apply_retention(timezone.now() + LATER)
    assert report is not None and report.items[0]["outcome"] == "withheld"
    assert ThreatProduct.objects.filter(pk=p.pk).exists()


def test_rule_per_legal_basis_wins_over_the_general_one() -> None:
    w = b.world()
    p = b.product(w, b.marker())
    b.rule(w, period_days=10)
    b.rule(w, legal_basis="wpg-19", period_days=3650)
    assert services.apply_retention(timezone.now() + LATER) is None
    assert ThreatProduct.objects.filter(pk=p.pk).exists()


def test_counted_from_case_closed_waits_for_the_case() -> None:
    w = b.world()
    p = b.product(w, b.marker())
    b.rule(w, counted_from="case_closed", period_days=30)
    assert services.apply_retention(timezone.now() + LATER) is None
    w.case.state = "ended"
    w.case.ended_at = timezone.now()
    w.case.save()
    assert services.apply_retention(timezone.now() + timedelta(days=10)) is None
    report = services.apply_retention(timezone.now() + timedelta(days=31))
    assert report is not None and report.items[0]["objectId"] == p.pk
    assert not ThreatProduct.objects.filter(pk=p.pk).exists()


def test_closed_case_person_data_is_anonymised() -> None:
    w = b.world()
    from weerstand.cases.models import CasePerson
    from weerstand.registry.models import Person

    person = t.person(first="Jantje", last="Bewaarmans", home_address="Straat 1")
    CasePerson.objects.create(case=w.case, person=person, role="partner")
    b.rule(w, object_type="person", counted_from="case_closed", action="anonymise", period_days=30)
    assert services.apply_retention(timezone.now() + LATER) is None  # case still open
    w.case.state = "ended"
    w.case.ended_at = timezone.now()
    w.case.save()
    report = services.apply_retention(timezone.now() + LATER)
    assert report is not None
    anonymised = [i for i in report.items if i["outcome"] == "anonymised"]
    assert person.pk in {i["objectId"] for i in anonymised}
    person = Person.objects.get(pk=person.pk)
    assert person.first_name == "Geanonimiseerd" and "Bewaarmans" not in person.last_name
    assert person.home_address == ""
    again = services.apply_retention(timezone.now() + LATER)
    assert again is None or person.pk not in {i["objectId"] for i in again.items}


def test_a_product_cited_elsewhere_is_deferred_not_half_destroyed(monkeypatch) -> None:
    w = b.world()
    p = b.product(w, b.marker())
    b.rule(w)
    from weerstand.retention import builtin
    from weerstand.retention.types import Blocked

    real = builtin.destroy_product

    def destroy_then_fail(product_id: int) -> None:
        real(product_id)
        raise Blocked("cited_elsewhere")

    kinds = {k.code: k for k in builtin.TYPES}
    import dataclasses

    broken = dataclasses.replace(kinds["threat_product"], destroy=destroy_then_fail)
    monkeypatch.setattr(
        "weerstand.retention.types.governed_types",
        lambda: {"threat_product": broken},
    )
    report = services.apply_retention(timezone.now() + LATER)
    assert report is not None and report.items[0]["outcome"] == "deferred"
    assert report.items[0]["blockedBy"] == "cited_elsewhere"
    assert ThreatProduct.objects.filter(pk=p.pk).exists()  # the transaction rolled back


def test_report_signature_detects_tampering_and_report_is_append_only() -> None:
    w = b.world()
    b.product(w, b.marker())
    b.rule(w)
    report = services.apply_retention(timezone.now() + LATER)
    assert report is not None and services.verify_report(report)
    report.items[0]["objectId"] += 1
    assert not services.verify_report(report)
    fresh = DestructionReport.objects.get(pk=report.pk)
    fresh.withheld_count = 5
    with pytest.raises(RuntimeError):
        fresh.save()
    with pytest.raises(RuntimeError):
        fresh.delete()
    fresh.key_id = "unknown"
    fresh = DestructionReport.objects.get(pk=report.pk)
    fresh.key_id = "0" * 16
    assert not services.verify_report(fresh)


def test_rules_are_validated_audited_and_only_for_the_privacy_officer() -> None:
    w = b.world()
    with pytest.raises(NotPermitted):
        services.create_rule(w.inspector, {"object_type": "threat_product"})
    with pytest.raises(ValidationFailed) as exc:
        b.rule(w, object_type="person", action="destroy", counted_from="product_date")
    names = {p.name for p in exc.value.invalid_params}
    assert names == {"counted_from", "action"}
    rule = b.rule(w)
    with pytest.raises(ValidationFailed):
        b.rule(w)  # duplicate type and basis
    updated = services.update_rule(w.privacy, rule.pk, {"period_days": 10}, expected_version=1)
    assert updated.period_days == 10 and updated.version == 2
    last = t.last_audit(object_type="retention.retentionrule")
    assert last.changes == {"period_days": [365, 10]}
    from weerstand.core.errors import ConcurrencyConflict

    with pytest.raises(ConcurrencyConflict):
        services.update_rule(w.privacy, rule.pk, {"period_days": 11}, expected_version=1)
    with pytest.raises(ValidationFailed):
        services.place_hold(w.privacy, kind="inquiry", reason="")
    assert LegalHold.objects.count() == 0


def test_job_is_declared() -> None:
    from weerstand.core import extensions as ext

    job = next(j for j in ext.jobs() if j.name == "apply-retention")
    assert job.run(timezone.now()) == 0


def test_an_object_gone_meanwhile_is_skipped(monkeypatch) -> None:
    w = b.world()
    p = b.product(w, b.marker())
    b.rule(w)
    found = list(services.expired(timezone.now() + LATER))
    ThreatProduct.objects.filter(pk=p.pk).delete()  # e.g. a concurrent run took it
    monkeypatch.setattr(services, "expired", lambda _now: iter(found))
    assert services.apply_retention(timezone.now() + LATER) is None
