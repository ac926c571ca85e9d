"""Verifying the audit trail end to end: chain, sequence, signed checkpoints and the anchor file.

The walk streams the records in seq order as plain tuples (no model instances), so a chain
of millions of records verifies in constant memory. What each layer proves:

- the hash chain: no record was edited, removed or inserted *between* other records without
  rewriting everything after it;
- the signed checkpoints: such a rewrite, and a cut-off tail, are caught at the next
  checkpoint, because only the application's private key can sign a new head;
- the anchor file (optional, kept outside the database): deleting checkpoint rows together
  with the tail is caught too.

Records appended after the latest checkpoint are only as trustworthy as the database until the
next checkpoint is signed; `weerstand audit-checkpoint` run every few minutes keeps that window
small.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Max, Min, Q

from weerstand.audit import chain
from weerstand.audit import services as audit_services
from weerstand.audit.models import AuditCheckpoint, AuditRecord

# Kinds of problems, in the words used by the JSON output.
MISSING = "missing"
UNEXPECTED_SEQ = "unexpected_seq"
BROKEN_LINK = "broken_link"
HASH_MISMATCH = "hash_mismatch"
CHECKPOINT_MISMATCH = "checkpoint_mismatch"
BAD_SIGNATURE = "bad_signature"
UNKNOWN_KEY = "unknown_key"
TRUNCATED = "truncated"
CHECKPOINT_DELETED = "checkpoint_deleted"
CHECKPOINT_ALTERED = "checkpoint_altered"
ANCHOR_UNREADABLE = "anchor_unreadable"
PAYLOAD_MISMATCH = "payload_mismatch"
PAYLOAD_MISSING = "payload_missing"

_DETAIL = {
    MISSING: "record ontbreekt (verwijderd)",
    UNEXPECTED_SEQ: "volgnummer past niet in de reeks",
    BROKEN_LINK: "prev_hash wijst niet naar de hash van het vorige record",
    HASH_MISMATCH: "inhoud komt niet overeen met de opgeslagen hash (gewijzigd)",
    CHECKPOINT_MISMATCH: "hash wijkt af van het ondertekende checkpoint (keten herschreven)",
    BAD_SIGNATURE: "handtekening van het checkpoint is ongeldig",
    UNKNOWN_KEY: "checkpoint is ondertekend met een onbekende sleutel",
    TRUNCATED: "staart van de keten afgeknipt: een checkpoint wijst voorbij het laatste record",
    CHECKPOINT_DELETED: "checkpoint uit het ankerbestand ontbreekt in de database",
    CHECKPOINT_ALTERED: "checkpoint in de database wijkt af van het ankerbestand",
    ANCHOR_UNREADABLE: "regel in het ankerbestand is onleesbaar",
    PAYLOAD_MISMATCH: "inhoud (payload) komt niet overeen met de digest in de keten (gewijzigd)",
    PAYLOAD_MISSING: "inhoud (payload) ontbreekt zonder wisrecord (verwijderd buiten retentie)",
}

# Same seq, several problems: report the most specific first.
_PRIORITY = [
    MISSING,
    UNEXPECTED_SEQ,
    BROKEN_LINK,
    HASH_MISMATCH,
    PAYLOAD_MISMATCH,
    PAYLOAD_MISSING,
    TRUNCATED,
    CHECKPOINT_MISMATCH,
    CHECKPOINT_DELETED,
    CHECKPOINT_ALTERED,
    BAD_SIGNATURE,
    UNKNOWN_KEY,
    ANCHOR_UNREADABLE,
]

# One row as the walk reads it: identity and links, then the hashed fields (format 3's set,
# which contains format 1's and 2's), then the payload (LEFT JOIN: NULL salt means the payload
# is gone, which only an erasure record may explain).
_HASHED = chain.CHAINED_FIELDS_V3 + tuple(
    n for n in chain.CHAINED_FIELDS if n not in chain.CHAINED_FIELDS_V3
)
_PAYLOAD = ("salt", *chain.ERASABLE_FIELDS)
_ID, _SEQ, _SHARD_SEQ, _PREV, _HASH = range(5)
_FIELDS_FROM = 5
_FIELDS_TO = _FIELDS_FROM + len(_HASHED)
_ORM_COLUMNS = (
    "id",
    "seq",
    "shard_seq",
    "prev_hash",
    "hash",
    *_HASHED,
    *(f"payload__{n}" for n in _PAYLOAD),
)


def _pg_select(where: str) -> str:
    """The walk's query on PostgreSQL: only the needed columns, created_at already in the
    canonical text form (no datetime objects per row)."""
    cols = []
    for name in _HASHED:
        if name == "created_at":
            cols.append(
                "to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
            )
        else:
            cols.append(f"r.{name}")
    return (
        "SELECT r.id, r.seq, r.shard_seq, r.prev_hash, r.hash, "  # noqa: S608 - fixed names
        f"{', '.join(cols)}, p.salt, p.object_repr, p.changes, p.reason "
        "FROM audit_auditrecord r LEFT JOIN audit_auditpayload p ON p.seq = r.seq "
        f"WHERE {where} ORDER BY r.seq"
    )


_SEGMENT_SQL = _pg_select("r.shard = %s AND r.seq BETWEEN %s AND %s")


@dataclass(frozen=True)
class Problem:
    seq: int
    record_id: int | None
    kind: str
    detail: str
    shard: int | None = None

    def describe(self) -> str:
        ident = f"id {self.record_id}" if self.record_id is not None else "record ontbreekt"
        where = f" in shard {self.shard}" if self.shard else ""
        return f"eerste fout bij record seq {self.seq} ({ident}){where}: {self.kind}: {self.detail}"


@dataclass
class Report:
    records: int = 0
    last_seq: int = 0
    checkpoints: int = 0
    anchors: int = 0
    anchor_file: str = ""
    seconds: float = 0.0
    problem: Problem | None = None
    keys: list[str] = field(default_factory=list)
    shards: int = 0
    workers: int = 1

    @property
    def ok(self) -> bool:
        return self.problem is None

    def summary(self) -> str:
        if self.problem is not None:
            return f"Audittrail NIET intact: {self.problem.describe()}"
        anchored = f", {self.anchors} ankerregels" if self.anchor_file else ""
        span = f"seq 1-{self.last_seq}" if self.records else "leeg"
        sharded = f", {self.shards} shards" if self.shards > 1 else ""
        return (
            f"Audittrail intact: {self.records} records ({span}{sharded}), "
            f"{self.checkpoints} ondertekende checkpoints{anchored}, {self.seconds:.1f} s"
        )

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ok"] = self.ok
        data["summary"] = self.summary()
        return data


@dataclass
class _Expected:
    """A hash some trusted source (checkpoint row or anchor line) says a record must have."""

    digest: str
    source: str


# (shard, shard_seq) -> what trusted sources say the record there hashes to.
Expected = dict[tuple[int, int], list[_Expected]]


def trusted_keys() -> dict[str, Any]:
    return chain.keyring(settings.AUDIT_SIGNING_KEY, settings.AUDIT_RETIRED_PUBLIC_KEYS)


def default_workers() -> int:
    return max(1, min(8, os.cpu_count() or 1))


def verify_chain(
    *,
    batch_size: int = 10_000,
    anchor_file: str | None = None,
    after: tuple[int, str] | None = None,
    workers: int | None = None,
) -> Report:
    """Walk every shard of the trail and report the first problem (lowest seq), if any.

    `after=(seq, hash)` names a checkpoint the caller verified before: each shard is walked
    from the head that checkpoint signed (that record must still hash to it; the checkpoints'
    signatures and the anchor file are checked in full). That is fast on a long trail but
    does not re-read the older records: a rewrite there is caught by the full walk
    (`weerstand audit-verify`).

    PostgreSQL: the walk runs in one REPEATABLE READ transaction whose snapshot is exported,
    and `workers` processes (default: the CPU count, at most 8) walk segments of the shards
    in that same snapshot, each over its own connection, streaming with a server-side cursor;
    the segments' ends are joined here (the first record of a segment must link to the last
    of the one before). Inside an already open transaction (tests, a caller's atomic block)
    it walks in this process. SQLite: one process, no transaction (one would take the write
    lock; the WAL reader already sees one snapshot per query).
    """
    workers = default_workers() if workers is None else max(1, workers)
    if connection.vendor == "postgresql":
        if connection.in_atomic_block:
            return _verify(batch_size, anchor_file, after, 1)
        with transaction.atomic():
            with connection.cursor() as cur:
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            return _verify(batch_size, anchor_file, after, workers)
    return _verify(batch_size, anchor_file, after, 1)


def _verify(
    batch_size: int, anchor_file: str | None, after: tuple[int, str] | None, workers: int
) -> Report:
    started = time.monotonic()
    keys = trusted_keys()
    report = Report(keys=sorted(keys))
    problems: list[Problem] = []
    expected: Expected = {}

    def add(
        seq: int, kind: str, extra: str = "", record_id: int | None = None, shard: int = 0
    ) -> None:
        detail = _DETAIL[kind] + (f" ({extra})" if extra else "")
        problems.append(Problem(seq, record_id, kind, detail, shard))

    # 1. Checkpoints: few (one per N records), so they fit in memory.
    db_checkpoints: dict[int, tuple[str, str]] = {}
    signed: dict[tuple[int, str], dict[int, tuple[int, str]]] = {}
    for seq, digest, heads, kid, signature in AuditCheckpoint.objects.order_by("seq").values_list(
        "seq", "record_hash", "heads", "key_id", "signature"
    ):
        report.checkpoints += 1
        db_checkpoints[seq] = (digest, signature)
        key = keys.get(kid)
        if key is None:
            add(seq, UNKNOWN_KEY, f"sleutel {kid}")
        elif not chain.signature_valid(key, seq, digest, signature, heads):
            add(seq, BAD_SIGNATURE)
        else:
            signed[(seq, digest)] = _expect(expected, seq, digest, heads, f"checkpoint {seq}")

    # 2. The anchor file, if kept: every line must still be in the database.
    anchor_path = settings.AUDIT_ANCHOR_FILE if anchor_file is None else anchor_file
    if anchor_path:
        report.anchor_file = str(anchor_path)
        _read_anchor(Path(anchor_path), keys, db_checkpoints, expected, report, add)

    # 3. Where each shard's walk starts: its first record, or (after=) the signed head.
    erased = audit_services.erasures()
    bounds = _shard_bounds()
    starts: dict[int, tuple[int, str, int] | None] = dict.fromkeys(bounds)
    if after is not None:
        base_seq, base_hash = after
        base = signed.get((base_seq, base_hash)) or {0: (base_seq, base_hash)}
        for shard, (shard_seq, digest) in base.items():
            expected.setdefault((shard, shard_seq), []).append(
                _Expected(digest, "eerdere verificatie")
            )
            row = (
                AuditRecord.objects.filter(shard=shard)
                .filter(Q(shard_seq=shard_seq) | Q(shard_seq__isnull=True, seq=shard_seq))
                .values_list("seq", "prev_hash")
                .first()
            )
            # A signed head whose record is gone: walk from the start, TRUNCATED/MISSING follow.
            if row is not None and shard in bounds:
                starts[shard] = (shard_seq, row[1], row[0])
    report.shards = len(bounds)

    # 4. The records, per shard (in segments, possibly in parallel).
    segments = _plan(bounds, starts, workers)
    results = _walk_all(segments, expected, erased, batch_size, workers)
    report.workers = workers if len(segments) > 1 else 1
    last_by_shard: dict[int, int] = {}
    broken: set[int] = set()
    for shard in sorted(bounds):
        prev_result: _Segment | None = None
        start = starts[shard]
        for result in (r for r in results if r.shard == shard):
            if result.records == 0 and result.problem is None:
                continue
            join = _join_problem(prev_result, result, start)
            if join is not None:
                problems.append(join)
                broken.add(shard)
                break
            report.records += result.records
            if result.records:
                report.last_seq = max(report.last_seq, result.last_seq)
            if result.problem is not None:
                problems.append(result.problem)
                broken.add(shard)
                break
            prev_result = result
        if prev_result is not None:
            last_by_shard[shard] = prev_result.last_chain_seq
        elif start is not None:
            last_by_shard[shard] = start[0] - 1

    # 5. A signed head beyond a shard's last record: its tail was cut off.
    for shard in sorted({s for s, _ in expected} - broken):
        last = last_by_shard.get(shard, 0)
        beyond = [n for s, n in expected if s == shard and n > last]
        if beyond:
            where = f", shard {shard}" if shard else ""
            add(
                last + 1,
                TRUNCATED,
                f"laatste record seq {last}, checkpoint tot seq {max(beyond)}{where}",
                shard=shard,
            )

    if problems:
        first = min(problems, key=lambda p: (p.seq, _PRIORITY.index(p.kind)))
        if first.record_id is None and first.kind not in (MISSING, TRUNCATED):
            rid = AuditRecord.objects.filter(seq=first.seq).values_list("id", flat=True).first()
            first = Problem(first.seq, rid, first.kind, first.detail, first.shard)
        report.problem = first
    report.seconds = time.monotonic() - started
    return report


def _expect(
    expected: Expected, seq: int, digest: str, heads: str, source: str
) -> dict[int, tuple[int, str]]:
    """Note what a validly signed checkpoint (or anchor line) says; returns its heads."""
    if heads:
        try:
            signed = chain.parse_heads(heads)
        except ValueError:
            signed = {}
    else:  # format 1, before sharding: shard 0, where shard_seq is seq
        signed = {0: (seq, digest)}
    for shard, (shard_seq, head_hash) in signed.items():
        expected.setdefault((shard, shard_seq), []).append(_Expected(head_hash, source))
    return signed


def _shard_bounds() -> dict[int, tuple[int, int, int]]:
    """{shard: (first seq, last seq, records)}."""
    rows = (
        AuditRecord.objects.order_by()
        .values("shard")
        .annotate(lo=Min("seq"), hi=Max("seq"), n=Count("id"))
        .values_list("shard", "lo", "hi", "n")
    )
    return {shard: (lo, hi, n) for shard, lo, hi, n in rows}


@dataclass(frozen=True)
class _Plan:
    shard: int
    lo: int  # seq range [lo, hi]
    hi: int
    # Where the shard starts for this segment's walk: (shard_seq, prev hash) of its first
    # record when known (the shard's first segment), else None (joined afterwards).
    start: tuple[int, str] | None


SEGMENT_MIN = 50_000  # below this a segment costs more to start than it saves


def _plan(
    bounds: dict[int, tuple[int, int, int]],
    starts: dict[int, tuple[int, str, int] | None],
    workers: int,
) -> list[_Plan]:
    total = sum(n for _, _, n in bounds.values())
    size = max(SEGMENT_MIN, total // (workers * 3) + 1) if workers > 1 else total + 1
    plans = []
    for shard in sorted(bounds):
        lo, hi, n = bounds[shard]
        begin = starts[shard]
        first = (1, chain.GENESIS_HASH)
        if begin is not None:
            lo, first = begin[2], (begin[0], begin[1])
        pieces = max(1, min(n // size + (1 if n % size else 0), workers * 3))
        step = (hi - lo + 1) // pieces + 1
        for i in range(pieces):
            a = lo + i * step
            b = min(hi, a + step - 1)
            if a > hi:
                break
            plans.append(_Plan(shard, a, b, first if i == 0 else None))
    return plans


@dataclass
class _Segment:
    shard: int
    records: int = 0
    first_seq: int = 0
    first_id: int = 0
    first_chain_seq: int = 0
    first_prev: str = ""
    last_seq: int = 0
    last_chain_seq: int = 0
    last_hash: str = ""
    problem: Problem | None = None


def _join_problem(
    before: _Segment | None, seg: _Segment, start: tuple[int, str, int] | None
) -> Problem | None:
    """The first record of `seg` must follow the last of `before` (the segment walk checked
    everything inside)."""
    if before is None or seg.records == 0:
        return None
    want = before.last_chain_seq + 1
    if seg.first_chain_seq > want:
        extra = f"volgende aanwezige record: seq {seg.first_seq}, id {seg.first_id}"
        return Problem(want, None, MISSING, f"{_DETAIL[MISSING]} ({extra})", seg.shard)
    if seg.first_chain_seq < want:
        detail = f"{_DETAIL[UNEXPECTED_SEQ]} (verwacht seq {want})"
        return Problem(seg.first_seq, seg.first_id, UNEXPECTED_SEQ, detail, seg.shard)
    if seg.first_prev != before.last_hash:
        return Problem(seg.first_seq, seg.first_id, BROKEN_LINK, _DETAIL[BROKEN_LINK], seg.shard)
    return None


def _walk_all(
    plans: list[_Plan], expected: Expected, erased: dict[int, int], batch_size: int, workers: int
) -> list[_Segment]:
    if workers <= 1 or len(plans) <= 1:
        return [_walk_here(p, expected, erased, batch_size) for p in plans]
    with connection.cursor() as cur:
        cur.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cur.fetchone()
    global _JOB
    _JOB = (connection.get_connection_params(), snapshot, expected, erased, batch_size)
    try:
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(min(workers, len(plans))) as pool:
            return pool.map(_walk_in_worker, plans, chunksize=1)
    finally:
        _JOB = None


_JOB: tuple[dict[str, Any], str, Expected, dict[int, int], int] | None = None


def _walk_in_worker(plan: _Plan) -> _Segment:
    """A worker process: its own connection, in the coordinator's exported snapshot."""
    import psycopg

    assert _JOB is not None
    params, snapshot, expected, erased, batch_size = _JOB
    params = {k: v for k, v in params.items() if k not in ("cursor_factory", "context")}
    with psycopg.connect(**params) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        conn.execute(f"SET TRANSACTION SNAPSHOT {_quote(snapshot)}")
        with conn.cursor(name="audit_walk") as cur:
            cur.itersize = batch_size
            cur.execute(_SEGMENT_SQL, [plan.shard, plan.lo, plan.hi])
            return _walk(plan, cur, expected, erased)


def _quote(snapshot: str) -> str:
    if not all(c.isalnum() or c == "-" for c in snapshot):
        raise ValueError(f"unexpected snapshot id {snapshot!r}")
    return f"'{snapshot}'"


def _walk_here(
    plan: _Plan, expected: Expected, erased: dict[int, int], batch_size: int
) -> _Segment:
    if connection.vendor == "postgresql":
        with connection.chunked_cursor() as cur:
            cur.execute(_SEGMENT_SQL, [plan.shard, plan.lo, plan.hi])
            return _walk(plan, _fetch(cur, batch_size), expected, erased)
    rows = (
        AuditRecord.objects.filter(shard=plan.shard, seq__gte=plan.lo, seq__lte=plan.hi)
        .order_by("seq")
        .values_list(*_ORM_COLUMNS)
        .iterator(chunk_size=batch_size)
    )
    return _walk(plan, rows, expected, erased)


def _fetch(cur: Any, batch_size: int) -> Iterator[tuple[Any, ...]]:
    while rows := cur.fetchmany(batch_size):
        yield from rows


def _walk(
    plan: _Plan, rows: Iterable[tuple[Any, ...]], expected: Expected, erased: dict[int, int]
) -> _Segment:
    """Walk one segment of one shard; stop at its first problem."""
    shard = plan.shard
    seg = _Segment(shard)
    want, prev = plan.start if plan.start is not None else (None, None)
    record_hash = chain.record_hash
    hashed = _HASHED
    for row in rows:
        seq, rid = row[_SEQ], row[_ID]
        shard_seq = row[_SHARD_SEQ]
        chain_seq = seq if shard_seq is None else shard_seq
        if want is None:  # first record of a later segment: joined afterwards
            want, prev = chain_seq, row[_PREV]
        if not seg.records:
            seg.first_seq, seg.first_id, seg.first_chain_seq = seq, rid, chain_seq
            seg.first_prev = row[_PREV]

        def fail(at: int, kind: str, extra: str = "", rid: int | None = rid) -> _Segment:
            detail = _DETAIL[kind] + (f" ({extra})" if extra else "")
            seg.problem = Problem(at, rid, kind, detail, shard)
            return seg

        if chain_seq > want:
            return fail(want, MISSING, f"volgende aanwezige record: seq {seq}, id {rid}", None)
        if chain_seq < want:
            return fail(seq, UNEXPECTED_SEQ, f"verwacht seq {want}")
        if row[_PREV] != prev:
            return fail(seq, BROKEN_LINK)
        fields = dict(zip(hashed, row[_FIELDS_FROM:_FIELDS_TO], strict=True))
        if type(fields["changes"]) is str:  # Django's connection loads jsonb as text
            fields["changes"] = json.loads(fields["changes"])
        format_ = fields["format"]
        if format_ < 3 and (fields["shard"] != 0 or shard_seq is not None):
            return fail(seq, HASH_MISMATCH)  # an old record moved: not what was chained
        digest = row[_HASH]
        if record_hash(str(prev), fields) != digest:
            return fail(seq, HASH_MISMATCH)
        if format_ >= 2:
            kind = _payload_problem(fields, row[_FIELDS_TO:], seq, erased)
            if kind is not None:
                return fail(seq, kind)
        for exp in expected.get((shard, chain_seq), ()):
            if exp.digest != digest:
                return fail(seq, CHECKPOINT_MISMATCH, f"volgens {exp.source}")
        seg.records += 1
        seg.last_seq, seg.last_chain_seq, seg.last_hash = seq, chain_seq, digest
        prev, want = digest, chain_seq + 1
    return seg


def _payload_problem(
    fields: dict[str, Any], payload: tuple[Any, ...], seq: int, erased: dict[int, int]
) -> str | None:
    """A format-2 record: its payload must match the digest, or be erased by a later
    erasure record; the record's own erasable columns must stay empty."""
    if any(fields[name] for name in chain.ERASABLE_FIELDS):
        return HASH_MISMATCH  # content written into the record itself: not what was chained
    salt, object_repr, changes, reason = payload
    if type(changes) is str:
        changes = json.loads(changes)
    if salt is None:
        return None if seq in erased else PAYLOAD_MISSING
    values = {"object_repr": object_repr, "changes": changes, "reason": reason}
    try:
        if chain.payload_digest(salt, values) == fields["payload_digest"]:
            return None
    except ValueError:  # a salt that is not hex
        pass
    return PAYLOAD_MISMATCH


def _read_anchor(
    path: Path,
    keys: dict[str, Any],
    db_checkpoints: dict[int, tuple[str, str]],
    expected: Expected,
    report: Report,
    add: Any,
) -> None:
    if not path.exists():
        return  # nothing anchored yet: the first checkpoint creates the file
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            parts = line.split()
            if not parts:
                continue
            try:
                seq_text, digest, kid, signature, *rest = parts
                seq = int(seq_text)
                if len(rest) > 1:
                    raise ValueError("too many fields")
                heads = rest[0] if rest else ""
            except ValueError:
                add(0, ANCHOR_UNREADABLE, f"{path.name} regel {lineno}")
                continue
            report.anchors += 1
            key = keys.get(kid)
            if key is None:
                add(seq, UNKNOWN_KEY, f"ankerbestand regel {lineno}, sleutel {kid}")
                continue
            if not chain.signature_valid(key, seq, digest, signature, heads):
                add(seq, BAD_SIGNATURE, f"ankerbestand regel {lineno}")
                continue
            in_db = db_checkpoints.get(seq)
            if in_db is None:
                add(seq, CHECKPOINT_DELETED, f"ankerbestand regel {lineno}")
            elif in_db[0] != digest:
                add(seq, CHECKPOINT_ALTERED, f"ankerbestand regel {lineno}")
            _expect(expected, seq, digest, heads, f"ankerbestand regel {lineno}")
