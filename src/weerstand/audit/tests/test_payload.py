"""Erasable payloads (format 2): the chain commits to a salted digest, the payload table
refuses UPDATE and every DELETE except retention's erasure, and the verifier tells an erasure
from a removal."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from weerstand.audit import chain
from weerstand.audit import services as audit
from weerstand.audit.models import ERASED, AuditAction, AuditPayload, AuditRecord
from weerstand.audit.testing import build_chain, dba_bypass
from weerstand.audit.tests.conftest import verify, write_records

pytestmark = pytest.mark.django_db


def _assert_first_bad(data: dict[str, Any], seq: int, kind: str) -> None:
    assert data["ok"] is False and data["exit_code"] == 1, data
    assert (data["problem"]["seq"], data["problem"]["kind"]) == (seq, kind), data["problem"]


def test_new_records_keep_no_content_in_the_record_row_and_read_back_whole() -> None:
    rec = audit.record(
        AuditAction.UPDATE,
        object_type="cases.case",
        object_id=3,
        object_repr="casus 3",
        changes={"state": ["a", "b"]},
        reason="omdat het moest",
    )
    raw = AuditRecord.objects.filter(seq=rec.seq).values("object_repr", "changes", "reason")
    assert raw.get() == {"object_repr": "", "changes": {}, "reason": ""}
    assert rec.format == 3 and len(rec.payload_digest) == 64
    back = AuditRecord.objects.get(seq=rec.seq)
    assert (back.object_repr, back.changes, back.reason) == (
        "casus 3",
        {"state": ["a", "b"]},
        "omdat het moest",
    )
    assert not back.erased
    salt = AuditPayload.objects.get(record_id=rec.seq).salt
    assert len(bytes.fromhex(salt)) == 32
    assert verify()["ok"]


def test_digest_is_salted_so_a_short_value_cannot_be_guessed() -> None:
    a = audit.record(AuditAction.READ, object_type="registry.person", object_repr="Jan")
    b = audit.record(AuditAction.READ, object_type="registry.person", object_repr="Jan")
    assert a.payload_digest != b.payload_digest
    unsalted = hashlib.sha256(
        json.dumps({"changes": {}, "object_repr": "Jan", "reason": ""}).encode()
    ).hexdigest()
    assert unsalted not in (a.payload_digest, b.payload_digest)


def test_old_format_records_before_new_ones_still_verify() -> None:
    build_chain(25, batch_size=10, checkpoint_every=0, legacy=True)  # as written before
    assert set(AuditRecord.objects.values_list("format", flat=True)) == {1}
    write_records(4)
    assert AuditRecord.objects.filter(format=3).count() == 4
    old = AuditRecord.objects.get(seq=3)
    assert old.object_repr.startswith("casus") and not old.erased
    data = verify()
    assert data["ok"] and data["records"] == 29


def test_tampered_payload_is_detected() -> None:
    write_records(5)
    with dba_bypass():
        AuditPayload.objects.filter(record_id=4).update(reason="achteraf verzonnen")
    _assert_first_bad(verify(), 4, "payload_mismatch")


def test_swapped_salt_is_detected() -> None:
    write_records(3)
    with dba_bypass():
        AuditPayload.objects.filter(record_id=2).update(salt=chain.new_salt())
    _assert_first_bad(verify(), 2, "payload_mismatch")


def test_payload_removed_without_erasure_record_is_detected() -> None:
    write_records(5)
    with dba_bypass():
        AuditPayload.objects.filter(record_id=3).delete()
    _assert_first_bad(verify(), 3, "payload_missing")
    erased = AuditRecord.objects.get(seq=3)
    assert erased.erased and erased.object_repr == ERASED and erased.changes == {}


def test_erasure_through_the_service_verifies_and_records_only_the_fact() -> None:
    write_records(5)
    erased = audit.erase_payloads(
        [2, 4, 99], rule_id=7, object_type="information.threatproduct", object_id=12
    )
    assert erased == [2, 4]
    assert not AuditPayload.objects.filter(record_id__in=[2, 4]).exists()
    fact = AuditRecord.objects.get(object_type=audit.ERASURE_TYPE)
    assert fact.changes == {"seqs": [2, 4], "rule": 7, "about": "information.threatproduct:12"}
    assert fact.action == AuditAction.DELETE
    shown = AuditRecord.objects.get(seq=2)
    assert shown.erased and shown.reason == ERASED
    data = verify()
    assert data["ok"], data["problem"]
    # Erasure records themselves are never erased.
    assert audit.erase_payloads([fact.seq], rule_id=7, object_type="x", object_id=1) == []


def test_erasure_record_must_cover_the_seq() -> None:
    write_records(5)
    audit.erase_payloads([2], rule_id=1, object_type="x", object_id=1)
    with dba_bypass():
        AuditPayload.objects.filter(record_id=3).delete()
    _assert_first_bad(verify(), 3, "payload_missing")


def _refused(sql: str) -> None:
    with (
        pytest.raises(DatabaseError, match="audit payload"),
        transaction.atomic(),
        connection.cursor() as cur,
    ):
        cur.execute(sql)


def test_database_refuses_update_and_delete_of_payloads_outside_erasure() -> None:
    write_records(3)
    _refused("UPDATE audit_auditpayload SET reason = 'x' WHERE seq = 1")
    _refused("DELETE FROM audit_auditpayload WHERE seq = 1")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditPayload.objects.filter(record_id=2).delete()
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute("TRUNCATE audit_auditpayload")
    assert AuditPayload.objects.count() == 3
    # The erasure path is closed again once erase_payloads is done.
    audit.erase_payloads([1], rule_id=None, object_type="x", object_id=1)
    _refused("DELETE FROM audit_auditpayload WHERE seq = 2")
    assert verify()["ok"]


def test_filters_on_erasable_fields_read_the_payload_of_new_and_the_column_of_old_records() -> None:
    build_chain(4, batch_size=10, checkpoint_every=0, legacy=True)  # format 1: reason "" throughout
    audit.record(AuditAction.READ, object_type="cases.case", object_id=1, reason="inzage")
    audit.record(AuditAction.READ, object_type="cases.case", object_id=2, reason="")
    assert AuditRecord.objects.filter(reason="inzage").count() == 1
    assert AuditRecord.objects.filter(reason="").count() == 5
    assert AuditRecord.objects.exclude(reason="").count() == 1
    assert AuditRecord.objects.filter(object_repr__startswith="casus").count() == 4


def test_case_access_log_shows_an_erased_reason_as_erased() -> None:
    from django.test import Client
    from django.urls import reverse

    from weerstand import testing as t

    owner = t.user("analyst")
    case = t.case(t.user("police_liaison"), owner=owner)
    rec = audit.record(AuditAction.UPDATE, case, reason="opmerking wismerk7f3a")
    kept = audit.record(AuditAction.UPDATE, case, reason="opmerking blijft")
    audit.erase_payloads([rec.seq], rule_id=None, object_type="cases.case", object_id=case.pk)
    client = Client()
    t.login(client, owner)
    resp = client.get(reverse("audit:case-log", args=[case.pk]))
    assert resp.status_code == 200
    body = resp.content.decode()
    assert "wismerk7f3a" not in body
    assert "gewist (bewaartermijn)" in body and kept.reason in body
