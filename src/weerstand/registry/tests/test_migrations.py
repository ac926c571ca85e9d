"""The removed witness-protection identity: existing identities become a programme-cover record
that says only *that* the person is covered and by which programme, and the identity itself
is left nowhere in the database."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from weerstand.audit.verify import verify_chain
from weerstand.core.crypto import fields as crypto

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("registry", "0002_programmecover")]
AAD = "registry.Person.witness_protection_identity"


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _leaves() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def old_schema() -> Iterator[Any]:
    """The registry as it was before the identity field went; migrated back to the newest
    state afterwards, whatever the test did."""
    apps = _migrate(BEFORE)
    try:
        yield apps
    finally:
        _migrate(_leaves())


def _every_text_value() -> Iterator[tuple[str, str, str]]:
    """(table, column, value) of every text-like value of every table."""
    with connection.cursor() as cur:
        for table in connection.introspection.table_names(cur):
            cur.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            columns = [d[0] for d in cur.description]
            for row in cur.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("utf-8", errors="replace")
                    if value is not None and not isinstance(value, int | float | bool):
                        yield table, column, str(value)


def test_identities_become_a_programme_cover_and_leave_no_trace(old_schema: Any) -> None:
    Person = old_schema.get_model("registry", "Person")
    tag = uuid.uuid4().hex[:12]
    identity = f"Nieuwe naam Jan {tag}, Dorpsweg 3 Ergens"
    covered = Person.objects.create(
        first_name="Kroon", last_name="Getuige", witness_protection_identity=identity
    )
    never = Person.objects.create(first_name="Zonder", last_name="Identiteit")
    blank = Person.objects.create(first_name="Leeg", last_name="Versleuteld")
    # An empty identity stored encrypted (as an older field version could write it).
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE registry_person SET witness_protection_identity = %s WHERE id = %s",
            [crypto.encrypt("", AAD), blank.pk],
        )
        cur.execute(
            "SELECT witness_protection_identity FROM registry_person WHERE id = %s",
            [covered.pk],
        )
        (ciphertext,) = cur.fetchone()
    assert ciphertext.startswith("enc:v") and tag not in ciphertext

    apps = _migrate(_leaves())

    cover_model = apps.get_model("registry", "ProgrammeCover")
    covers = list(cover_model.objects.all())
    assert [(c.person_id, c.programme) for c in covers] == [
        (covered.pk, "Getuigenbeschermingsprogramma")
    ]
    cover = covers[0]
    assert "Overgenomen" in cover.reason and "niet overgenomen" in cover.reason
    assert cover.recorded_by_id is None and cover.version == 1
    assert {never.pk, blank.pk}.isdisjoint({c.person_id for c in covers})
    assert "witness_protection_identity" not in {
        f.name for f in apps.get_model("registry", "Person")._meta.get_fields()
    }

    # One audit record per migrated person, in the chain, which still verifies.
    audit_model = apps.get_model("audit", "AuditRecord")
    records = list(audit_model.objects.filter(object_type="registry.programmecover"))
    assert [(r.action, r.object_id, r.actor_name) for r in records] == [
        ("create", str(cover.pk), "systeem")
    ]
    assert records[0].changes["person"] == covered.pk
    assert verify_chain().ok

    # The identity is nowhere: not in clear, not as its ciphertext, not in any column.
    found = [
        (table, column)
        for table, column, value in _every_text_value()
        if tag in value or ciphertext in value
    ]
    assert found == []
    assert tag not in cover.reason and tag not in str(records[0].changes)


def test_a_person_without_identity_gets_no_cover(old_schema: Any) -> None:
    Person = old_schema.get_model("registry", "Person")
    Person.objects.create(first_name="Gewoon", last_name="Persoon")
    apps = _migrate(_leaves())
    assert not apps.get_model("registry", "ProgrammeCover").objects.exists()
    assert (
        not apps.get_model("audit", "AuditRecord")
        .objects.filter(object_type="registry.programmecover")
        .exists()
    )
