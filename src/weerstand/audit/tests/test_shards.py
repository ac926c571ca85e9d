"""Sharded chains (issue 19): several chains appended in parallel, joined by checkpoints.

The tamper tests build a three-shard trail in bulk (`build_chain(shards=3)`), so they run on
SQLite too, where the application itself appends to one shard only. Concurrent appends and
the parallel walk need PostgreSQL.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections, transaction
from django.db.models import F

from weerstand.audit import chain
from weerstand.audit import services as audit
from weerstand.audit import verify as verify_module
from weerstand.audit.models import AuditAction, AuditCheckpoint, AuditPayload, AuditRecord
from weerstand.audit.testing import build_chain, dba_bypass
from weerstand.audit.tests.conftest import verify, write_records
from weerstand.audit.verify import verify_chain
from weerstand.core import context

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent appends and shard locks need PostgreSQL"
)


@pytest.fixture
def sharded(settings: Any) -> None:
    """30 records over shards 0, 1, 2 (seq % 3); checkpoints over all heads at 10, 20, 30."""
    settings.AUDIT_ANCHOR_FILE = ""
    build_chain(30, batch_size=7, checkpoint_every=10, shards=3)


def _where(seq: int) -> dict[str, Any]:
    return AuditRecord.objects.filter(seq=seq).values("shard", "shard_seq", "hash").get()


def _first_bad(data: dict[str, Any]) -> tuple[int, str, int]:
    assert data["exit_code"] == 1 and not data["ok"], data
    p = data["problem"]
    return p["seq"], p["kind"], p["shard"]


@pytest.mark.django_db
def test_sharded_trail_verifies(sharded: None) -> None:
    data = verify()
    assert data["ok"], data["problem"]
    assert (data["records"], data["shards"], data["checkpoints"]) == (30, 3, 3)
    cp = AuditCheckpoint.objects.get(seq=30)
    assert chain.parse_heads(cp.heads) == {
        s: (10, h) for s, h in ((r % 3, _where(r)["hash"]) for r in (28, 29, 30))
    }


@pytest.mark.django_db
def test_changed_record_in_one_shard_is_detected(sharded: None) -> None:
    with dba_bypass():
        AuditRecord.objects.filter(seq=14).update(actor_name="Iemand Anders (x)")
    assert _first_bad(verify()) == (14, "hash_mismatch", 2)


@pytest.mark.django_db
def test_deleted_record_in_the_middle_of_a_shard_is_detected(sharded: None) -> None:
    with dba_bypass():
        AuditRecord.objects.filter(seq=13).delete()  # shard 1, shard_seq 5
    seq, kind, shard = _first_bad(verify())
    assert (seq, kind, shard) == (5, "missing", 1)


@pytest.mark.django_db
def test_reordered_records_within_a_shard_are_detected(sharded: None) -> None:
    """Swap the places (seq and shard_seq) of two records of shard 1."""
    a, b = _where(4), _where(7)
    with dba_bypass():
        AuditRecord.objects.filter(seq=4).update(seq=-4, shard_seq=-1)
        AuditRecord.objects.filter(seq=7).update(seq=4, shard_seq=a["shard_seq"])
        AuditRecord.objects.filter(seq=-4).update(seq=7, shard_seq=b["shard_seq"])
    _seq, kind, shard = _first_bad(verify())
    assert kind in ("broken_link", "hash_mismatch") and shard == 1


@pytest.mark.django_db
def test_cut_shard_tail_before_a_checkpoint_is_detected(sharded: None) -> None:
    """Shard 1's last two records (seq 25, 28) are signed by checkpoint 30 over all heads."""
    with dba_bypass():
        AuditRecord.objects.filter(seq__in=[25, 28]).delete()
    data = verify()
    assert _first_bad(data) == (9, "truncated", 1)
    assert "checkpoint tot seq 10, shard 1" in data["problem"]["detail"]


@pytest.mark.django_db
def test_deleted_whole_shard_is_detected(sharded: None) -> None:
    with dba_bypass():
        AuditRecord.objects.filter(shard=2).delete()
    assert _first_bad(verify()) == (1, "truncated", 2)


@pytest.mark.django_db
def test_cut_after_the_last_checkpoint_is_what_the_next_checkpoint_would_catch(
    sharded: None, settings: Any
) -> None:
    """The documented window: records after the latest checkpoint are only as safe as the
    database. Once a checkpoint signs them, cutting them is caught."""
    settings.AUDIT_CHECKPOINT_EVERY = 0
    write_records(2)  # shard 0 on SQLite; any shard on PostgreSQL
    newest = AuditRecord.objects.order_by("-seq").values_list("seq", flat=True)[0]
    with dba_bypass():
        AuditRecord.objects.filter(seq=newest).delete()
    assert verify()["ok"]  # not detectable yet: no checkpoint covered it
    audit.checkpoint_now()
    with dba_bypass():
        last = AuditRecord.objects.order_by("-seq").values_list("seq", flat=True)[0]
        AuditRecord.objects.filter(seq=last).delete()
    assert _first_bad(verify())[1] == "truncated"


@pytest.mark.django_db
def test_record_moved_to_another_shard_is_detected(sharded: None) -> None:
    """Move shard 1's head to shard 2 as if it were shard 2's next record (links fitted)."""
    head2 = _where(29)
    with dba_bypass():
        AuditRecord.objects.filter(seq=28).update(
            shard=2, shard_seq=head2["shard_seq"] + 1, prev_hash=head2["hash"]
        )
    data = verify()
    assert not data["ok"]
    assert data["problem"]["kind"] in ("missing", "hash_mismatch", "truncated")


@pytest.mark.django_db
def test_rows_swapped_between_shards_are_detected(sharded: None) -> None:
    """Two records of the same place in shards 1 and 2 swap shards: each fails its hash."""
    with dba_bypass():
        AuditRecord.objects.filter(seq=4).update(shard=99)
        AuditRecord.objects.filter(seq=5).update(shard=1)
        AuditRecord.objects.filter(seq=4).update(shard=2)
    seq, kind, _shard = _first_bad(verify())
    assert kind in ("broken_link", "hash_mismatch") and seq in (4, 5)


@pytest.mark.django_db
def test_altered_heads_of_a_checkpoint_fail_the_signature(sharded: None) -> None:
    cp = AuditCheckpoint.objects.get(seq=20)
    heads = chain.parse_heads(cp.heads)
    heads[1] = (heads[1][0] - 1, _where(16)["hash"])
    text = chain.heads_text((s, n, h) for s, (n, h) in heads.items())
    with dba_bypass():
        AuditCheckpoint.objects.filter(seq=20).update(
            heads=text, record_hash=chain.heads_digest(text)
        )
    assert _first_bad(verify())[:2] == (20, "bad_signature")


@pytest.mark.django_db
def test_rehashed_shard_is_caught_by_the_checkpoint_over_all_heads(sharded: None) -> None:
    """A DBA rewrites record seq 16 (shard 1) and rehashes shard 1 after it: its links hold,
    but checkpoint 20 signed shard 1's old head."""
    with dba_bypass():
        rows = list(
            AuditRecord.objects.filter(shard=1, seq__gte=16)
            .order_by("seq")
            .values_list("seq", flat=True)
        )
        prev = AuditRecord.objects.get(seq=13).hash
        AuditRecord.objects.filter(seq=16).update(actor_name="Iemand Anders (x)")
        for seq in rows:
            rec = AuditRecord.objects.filter(seq=seq).values(*chain.CHAINED_FIELDS_V3).get()
            digest = chain.record_hash(prev, rec)
            AuditRecord.objects.filter(seq=seq).update(prev_hash=prev, hash=digest)
            prev = digest
    seq, kind, shard = _first_bad(verify())
    assert (kind, shard) == ("checkpoint_mismatch", 1)


@pytest.mark.django_db
def test_old_records_and_checkpoints_stay_valid_as_shard_zero(settings: Any) -> None:
    """What migration 0006 leaves: format-1 records with seq only, format-1 checkpoints; new
    records continue shard 0 from there (and start new shards on PostgreSQL)."""
    settings.AUDIT_CHECKPOINT_EVERY = 5
    build_chain(12, checkpoint_every=5, legacy=True)
    assert set(AuditRecord.objects.values_list("shard_seq", flat=True)) == {None}
    write_records(8)
    data = verify()
    assert data["ok"], data["problem"]
    assert data["records"] == 20
    new_cp = AuditCheckpoint.objects.exclude(heads="").order_by("-seq").first()
    assert new_cp is not None
    if connection.vendor == "sqlite":
        assert AuditRecord.objects.filter(seq=13).values_list("shard_seq", flat=True).get() == 13
    # An old record changed is still caught, and an old checkpoint still binds shard 0.
    with dba_bypass():
        AuditRecord.objects.filter(seq=7).update(object_repr="anders")
    assert _first_bad(verify())[:2] == (7, "hash_mismatch")


@pytest.mark.django_db
def test_old_record_moved_into_a_shard_is_detected(settings: Any) -> None:
    build_chain(6, checkpoint_every=0, legacy=True)
    with dba_bypass():
        AuditRecord.objects.filter(seq=6).update(shard_seq=6)
    assert _first_bad(verify())[:2] == (6, "hash_mismatch")


@on_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_walk_in_segments_finds_the_same(settings: Any, monkeypatch: Any) -> None:
    """Segments of a few hundred records walked by two processes in one exported snapshot:
    an intact trail verifies; a record deleted where a segment begins is still missed by no
    one (the join between segments checks it)."""
    settings.AUDIT_ANCHOR_FILE = ""
    monkeypatch.setattr(verify_module, "SEGMENT_MIN", 100)
    build_chain(1200, batch_size=500, checkpoint_every=100, shards=2)
    report = verify_chain(workers=2)
    assert report.ok, report.problem
    assert (report.records, report.shards, report.workers) == (1200, 2, 2)
    plans = verify_module._plan(verify_module._shard_bounds(), {0: None, 1: None}, 2)
    second = next(p for p in plans if p.shard == 1 and p.start is None)
    first_of_segment = (
        AuditRecord.objects.filter(shard=1, seq__gte=second.lo).order_by("seq").first()
    )
    with dba_bypass():
        AuditRecord.objects.filter(pk=first_of_segment.pk).delete()
    report = verify_chain(workers=2)
    assert report.problem is not None
    assert (report.problem.kind, report.problem.shard) == ("missing", 1)
    assert report.problem.seq == first_of_segment.shard_seq


@on_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_spread_over_shards_and_verify(settings: Any) -> None:
    settings.AUDIT_SHARDS = 4
    settings.AUDIT_CHECKPOINT_EVERY = 10
    settings.AUDIT_ANCHOR_FILE = ""
    threads_n, per_thread = 8, 30
    start = threading.Barrier(threads_n)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            start.wait()
            with context.use(context.RequestContext(channel=f"t{n}")):
                for i in range(per_thread):
                    with transaction.atomic():
                        audit.record(AuditAction.READ, object_type="cases.case", object_id=i)
        except BaseException as exc:  # reported in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    total = threads_n * per_thread
    assert AuditRecord.objects.count() == AuditPayload.objects.count() == total
    by_shard: dict[int, list[int]] = {}
    for shard, shard_seq in AuditRecord.objects.order_by("seq").values_list("shard", "shard_seq"):
        by_shard.setdefault(shard, []).append(shard_seq)
    assert len(by_shard) >= 2, by_shard.keys()
    for numbers in by_shard.values():
        assert numbers == list(range(1, len(numbers) + 1))
    report = verify_chain(workers=2)
    assert report.ok, report.problem
    assert report.records == total and report.shards == len(by_shard)
    assert report.checkpoints >= 1
    # The newest checkpoint names a head for every shard it saw.
    newest = AuditCheckpoint.objects.order_by("-seq").first()
    assert newest is not None
    assert set(chain.parse_heads(newest.heads)) <= set(by_shard)


@on_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_append_holds_exactly_one_shard_lock(settings: Any) -> None:
    settings.AUDIT_SHARDS = 8
    with transaction.atomic():
        audit.record(AuditAction.READ, object_type="cases.case", object_id=1)
        with connection.cursor() as cur:
            cur.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                "AND pid = pg_backend_pid() AND classid = %s",
                [audit.CHAIN_LOCK_CLASS],
            )
            assert cur.fetchone()[0] == 1


@pytest.mark.django_db
def test_health_reports_every_shard_head(sharded: None) -> None:
    from weerstand.core.health import check_audit_head

    assert check_audit_head()
    assert len(audit.chain_heads()) == 3
    with dba_bypass():
        AuditRecord.objects.filter(seq=29).update(hash="nothex")
    assert not check_audit_head()


@pytest.mark.django_db
def test_payload_rows_follow_their_records(sharded: None) -> None:
    assert AuditPayload.objects.count() == 30
    assert not AuditPayload.objects.exclude(
        record_id__in=AuditRecord.objects.values("seq")
    ).exists()
    assert AuditRecord.objects.filter(shard_seq=F("seq")).count() < 30
