"""The database itself refuses to change or remove a signed destruction report, whoever asks
(the ORM's queryset update/delete and raw SQL bypass `DestructionReport.save`/`.delete`).
Runs on SQLite and, with DATABASE_URL pointing at PostgreSQL, on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from weerstand.retention import services
from weerstand.retention.models import DestructionReport
from weerstand.retention.tests import builders as b
from weerstand.retention.tests.test_retention import LATER

pytestmark = pytest.mark.django_db

TABLE = DestructionReport._meta.db_table


def refused(action: Callable[[], Any]) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        action()


def raw(sql: str, params: list[Any] | None = None) -> Callable[[], None]:
    def run() -> None:
        with connection.cursor() as cur:
            cur.execute(sql, params or [])

    return run


def _report() -> DestructionReport:
    w = b.world()
    b.product(w, b.marker())
    b.rule(w)
    report = services.apply_retention(timezone.now() + LATER)
    assert report is not None
    return report


def test_queryset_and_raw_update_and_delete_are_refused() -> None:
    report = _report()
    signed = (report.items, report.signature, report.destroyed_count)
    refused(lambda: DestructionReport.objects.filter(pk=report.pk).update(destroyed_count=0))
    refused(lambda: DestructionReport.objects.filter(pk=report.pk).update(items=[]))
    refused(lambda: DestructionReport._base_manager.all().delete())
    refused(raw(f"UPDATE {TABLE} SET signature = %s WHERE id = %s", ["0" * 128, report.pk]))  # noqa: S608
    refused(raw(f"DELETE FROM {TABLE} WHERE id = %s", [report.pk]))  # noqa: S608
    refused(raw(f"DELETE FROM {TABLE}"))  # noqa: S608
    if connection.vendor == "postgresql":
        refused(raw(f"TRUNCATE {TABLE}"))
    fresh = DestructionReport.objects.get(pk=report.pk)
    assert (fresh.items, fresh.signature, fresh.destroyed_count) == signed
    assert services.verify_report(fresh)


def test_a_new_report_can_still_be_written_after_refusals() -> None:
    report = _report()
    refused(raw(f"DELETE FROM {TABLE} WHERE id = %s", [report.pk]))  # noqa: S608
    w = b.world()
    b.product(w, b.marker())
    assert services.apply_retention(timezone.now() + LATER) is not None
    assert DestructionReport.objects.count() == 2
