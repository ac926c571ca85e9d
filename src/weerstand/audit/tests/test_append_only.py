"""The database itself refuses to change or remove audit rows, whoever asks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from weerstand.audit.models import AuditCheckpoint, AuditRecord
from weerstand.audit.tests.conftest import verify

pytestmark = pytest.mark.django_db


def refused(action: Callable[[], Any]) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        action()


def raw(sql: str, params: list[Any] | None = None) -> Callable[[], None]:
    def run() -> None:
        with connection.cursor() as cur:
            cur.execute(sql, params or [])

    return run


def test_orm_update_and_delete_are_refused(trail: list[AuditRecord]) -> None:
    rec = AuditRecord.objects.get(seq=3)
    rec.reason = "achteraf aangepast"
    refused(rec.save)
    refused(lambda: AuditRecord.objects.filter(seq=3).update(reason="x"))
    refused(lambda: AuditRecord.objects.filter(seq__gte=10).delete())
    refused(AuditRecord.objects.get(seq=12).delete)
    refused(lambda: AuditCheckpoint.objects.filter(seq=5).update(record_hash="0" * 64))
    refused(lambda: AuditCheckpoint.objects.all().delete())
    assert AuditRecord.objects.count() == 12 and AuditCheckpoint.objects.count() == 2
    assert verify()["ok"]


def test_raw_sql_update_and_delete_are_refused(trail: list[AuditRecord]) -> None:
    refused(raw("UPDATE audit_auditrecord SET actor_name = %s WHERE seq = 2", ["iemand anders"]))
    refused(raw("DELETE FROM audit_auditrecord WHERE seq = 12"))
    refused(raw("DELETE FROM audit_auditrecord"))
    refused(raw("UPDATE audit_auditcheckpoint SET seq = seq + 1"))
    refused(raw("DELETE FROM audit_auditcheckpoint"))
    if connection.vendor == "postgresql":
        refused(raw("TRUNCATE audit_auditrecord"))
        refused(raw("TRUNCATE audit_auditcheckpoint CASCADE"))
    assert AuditRecord.objects.count() == 12
    assert verify()["ok"]


def test_insert_still_works_after_refusals(trail: list[AuditRecord]) -> None:
    from weerstand.audit import services as audit
    from weerstand.audit.models import AuditAction

    refused(raw("DELETE FROM audit_auditrecord WHERE seq = 1"))
    rec = audit.record(AuditAction.READ, object_type="cases.case", object_id=9)
    assert rec.seq == 13
    assert verify()["ok"]
