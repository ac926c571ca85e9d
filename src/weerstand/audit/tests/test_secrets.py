"""Secrets never reach the audit trail in clear, not even when a caller forgets to mask them."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from weerstand import testing
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction, AuditRecord
from weerstand.registry.models import Employer, Person, ProgrammeCover

pytestmark = pytest.mark.django_db

OLD = "Geheimstraat 1, 1234 AB Nergenshuizen"
NEW = "Schuiladres 99, 9999 ZZ Ergens"


def _audit_table_text() -> str:
    """Everything stored in the audit tables (records and payloads), as the database returns it."""
    rows = []
    with connection.cursor() as cur:
        for table in ("audit_auditrecord", "audit_auditpayload"):
            cur.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            rows += cur.fetchall()
    return "\n".join(repr(row) for row in rows)


def _change_address(person: Person, address: str, **kwargs: Any) -> AuditRecord:
    before = {"home_address": person.home_address, "first_name": person.first_name}
    person.home_address = address
    person.first_name = "Pieter"
    person.save()
    after = {"home_address": person.home_address, "first_name": person.first_name}
    return audit.record(
        AuditAction.UPDATE, person, changes=audit.field_changes(before, after, **kwargs)
    )


def test_changing_home_address_is_audited_without_the_value() -> None:
    p = testing.person(home_address=OLD)
    rec = _change_address(p, NEW, model=Person)
    rec.refresh_from_db()
    assert rec.changes == {
        "first_name": ["Test", "Pieter"],
        "home_address": audit.SECRET_MARK,
    }
    text = _audit_table_text()
    assert "Pieter" in text  # the row really is what we searched
    for secret in (OLD, NEW, "Geheimstraat", "Schuiladres"):
        assert secret not in text
    with connection.cursor() as cur:
        cur.execute("SELECT home_address FROM registry_person WHERE id = %s", [p.pk])
        assert cur.fetchone()[0].startswith("enc:v")
    assert Person.objects.get(pk=p.pk).home_address == NEW


def test_record_masks_secret_fields_a_caller_forgot() -> None:
    p = testing.person(home_address=OLD)
    rec = _change_address(p, NEW)  # no model, no secret_fields: record() masks by itself
    assert rec.changes["home_address"] == audit.SECRET_MARK
    assert NEW not in _audit_table_text() and OLD not in _audit_table_text()


def test_field_changes_masks_every_encrypted_field_of_the_model() -> None:
    before = {"contact": "06-11111111", "name": "Bouwbedrijf"}
    after = {"contact": "06-22222222", "name": "Bouwbedrijf BV"}
    out = audit.field_changes(before, after, model=Employer)
    assert out == {"contact": audit.SECRET_MARK, "name": ["Bouwbedrijf", "Bouwbedrijf BV"]}
    assert audit.secret_field_names(Person) == {"home_address", "phone_numbers"}
    assert audit.secret_field_names(ProgrammeCover) == {"reason"}
    assert audit.field_changes({"x": 1}, {"x": 1}, ["x"]) == {}
    assert audit.field_changes({"pin": "1"}, {"pin": "2"}, ["pin"]) == {"pin": audit.SECRET_MARK}
