"""Writers on separate connections still produce a valid trail (one advisory lock per shard)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections, transaction

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction, AuditRecord
from weerstand.audit.verify import verify_chain
from weerstand.core import context

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections"),
]

THREADS = 6
PER_THREAD = 25


def test_concurrent_writers_keep_one_valid_chain(settings: Any) -> None:
    settings.AUDIT_CHECKPOINT_EVERY = 10
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            start.wait()
            with context.use(context.RequestContext(channel=f"t{n}")):
                for i in range(PER_THREAD):
                    with transaction.atomic():  # the caller's transaction, as in a service
                        audit.record(AuditAction.READ, object_type="cases.case", object_id=i)
        except BaseException as exc:  # reported in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors

    seqs = list(AuditRecord.objects.values_list("seq", flat=True))
    assert seqs == list(range(1, THREADS * PER_THREAD + 1))
    channels = set(AuditRecord.objects.values_list("channel", flat=True))
    assert channels == {f"t{n}" for n in range(THREADS)}
    report = verify_chain()
    assert report.ok, report.problem
    # A checkpoint over all heads whenever a shard reaches a multiple of 10 (same newest seq:
    # signed once).
    assert report.checkpoints >= 1
