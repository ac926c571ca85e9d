"""PostgreSQL: after the retention run, a pg_dump holds no trace of the destroyed product's
unique marker (not in its own tables, the search index, nor the audit trail), while the held
product's title is still there (the check can fail)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from weerstand.audit.tests.test_pg_dump import _pg_dump
from weerstand.audit.verify import verify_chain
from weerstand.retention import services
from weerstand.retention.tests import builders as b

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump needs PostgreSQL"),
]


def test_dump_after_destruction_has_no_trace_of_the_product() -> None:
    w = b.world()
    gone_mark, kept_mark = b.marker(), b.marker()
    b.product(w, gone_mark)
    kept = b.product(w, kept_mark)
    b.rule(w)
    services.place_hold(
        w.privacy,
        kind="inspection",
        reason="Inspectieonderzoek",
        object_type="threat_product",
        object_id=kept.pk,
    )
    assert gone_mark in _pg_dump()  # the title is plaintext until it is destroyed
    report = services.apply_retention(timezone.now() + timedelta(days=400))
    assert report is not None and report.destroyed_count == 1
    dump = _pg_dump()
    assert gone_mark not in dump
    assert kept_mark in dump  # the held product's title: the check can see a title
    assert verify_chain().ok
