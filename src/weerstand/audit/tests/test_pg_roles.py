"""PostgreSQL: the application role cannot change audit rows even with the triggers off.

The triggers are the first line; privileges are the second. A table owner can disable
triggers, so the application must not connect as the owner: `db-grant-app-role` gives its
role only SELECT and INSERT on the audit tables.
"""

from __future__ import annotations

import io
import uuid
from typing import Any

import pytest
from django.core.management import call_command
from django.db import ProgrammingError, connection, transaction

from weerstand import testing
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction, AuditRecord

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL roles and grants"),
]

AUDIT_TABLES = ("audit_auditrecord", "audit_auditcheckpoint")


@pytest.fixture
def app_role() -> str:
    """A NOLOGIN role created inside the test transaction (gone again at rollback)."""
    role = f"weerstand_app_test_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cur:
        cur.execute(f"CREATE ROLE {role} NOLOGIN")
    out = io.StringIO()
    call_command("db_grant_app_role", role, stdout=out)
    assert "alleen SELECT, INSERT" in out.getvalue()
    return role


def as_role(role: str, sql: str, params: list[Any] | None = None) -> None:
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"SET LOCAL ROLE {role}")
        cur.execute(sql, params or [])


def denied(role: str, sql: str) -> None:
    with pytest.raises(ProgrammingError, match="permission denied"):
        as_role(role, sql)


def test_app_role_cannot_update_delete_or_truncate_audit_even_without_triggers(
    trail: list[AuditRecord], app_role: str
) -> None:
    with connection.cursor() as cur:
        for t in AUDIT_TABLES:
            cur.execute(f"ALTER TABLE {t} DISABLE TRIGGER USER")  # the owner, as a DBA could
    for t in AUDIT_TABLES:
        denied(app_role, f"UPDATE {t} SET seq = seq")  # noqa: S608 - fixed table names
        denied(app_role, f"DELETE FROM {t}")  # noqa: S608
        denied(app_role, f"TRUNCATE {t}")
    denied(app_role, "UPDATE audit_auditpayload SET reason = 'x'")
    denied(app_role, "TRUNCATE audit_auditpayload")
    assert AuditRecord.objects.count() == 12

    # The owner, by contrast, now could: that is why the application must not be the owner.
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditrecord WHERE seq = 12")
        assert cur.rowcount == 1
        transaction.set_rollback(True)


def test_app_role_can_still_write_audit_records_and_change_other_tables(
    trail: list[AuditRecord], app_role: str
) -> None:
    p = testing.person()
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"SET LOCAL ROLE {app_role}")
        rec = audit.record(AuditAction.UPDATE, p, changes={"first_name": ["Test", "Piet"]})
        cur.execute("UPDATE registry_person SET first_name = 'Piet' WHERE id = %s", [p.pk])
        cur.execute("SELECT count(*) FROM audit_auditrecord")
        assert cur.fetchone()[0] == 13
    assert rec.seq == 13
    denied(app_role, "UPDATE audit_auditrecord SET reason = 'x'")


def test_grants_name_only_select_and_insert_on_audit_tables(app_role: str) -> None:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT table_name, string_agg(privilege_type, ',' ORDER BY privilege_type) "
            "FROM information_schema.role_table_grants WHERE grantee = %s GROUP BY table_name",
            [app_role],
        )
        grants = dict(cur.fetchall())
    for t in AUDIT_TABLES:
        assert grants[t] == "INSERT,SELECT"
    # Payloads: DELETE for retention's erasure only (the trigger guards it), never UPDATE.
    assert grants["audit_auditpayload"] == "DELETE,INSERT,SELECT"
    assert grants["registry_person"] == "DELETE,INSERT,SELECT,UPDATE"
    assert grants["cases_case"] == "DELETE,INSERT,SELECT,UPDATE"


def test_dry_run_prints_statements_without_running_them(app_role: str) -> None:
    out = io.StringIO()
    call_command("db_grant_app_role", app_role, "--dry-run", stdout=out)
    text = out.getvalue()
    assert f'GRANT SELECT, INSERT ON "audit_auditrecord" TO "{app_role}";' in text
    assert f'REVOKE ALL ON "audit_auditcheckpoint" FROM "{app_role}";' in text
