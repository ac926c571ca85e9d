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

import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction

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

# Format 2 records carry their erasable fields in the payload table (LEFT JOIN: NULL salt
# means the payload is gone, which only an erasure record may explain).
_HASHED = (*chain.CHAINED_FIELDS, "format", "payload_digest")
_PAYLOAD = ("payload__salt", "payload__object_repr", "payload__changes", "payload__reason")
_COLUMNS = ("id", "prev_hash", "hash", *_HASHED, *_PAYLOAD)
_SEQ_AT = _COLUMNS.index("seq")
_FIELDS_FROM = 3
_FIELDS_TO = _FIELDS_FROM + len(_HASHED)


@dataclass(frozen=True)
class Problem:
    seq: int
    record_id: int | None
    kind: str
    detail: str

    def describe(self) -> str:
        ident = f"id {self.record_id}" if self.record_id is not None else "record ontbreekt"
        return f"eerste fout bij record seq {self.seq} ({ident}): {self.kind}: {self.detail}"


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

    @property
    def ok(self) -> bool:
        return self.problem is None

    def summary(self) -> str:
        if self.problem is not None:
            return f"Audittrail NIET intact: {self.problem.describe()}"
        anchored = f", {self.anchors} ankerregels" if self.anchor_file else ""
        span = f"seq 1-{self.last_seq}" if self.records else "leeg"
        return (
            f"Audittrail intact: {self.records} records ({span}), "
            f"{self.checkpoints} ondertekende checkpoints{anchored}, {self.seconds:.1f} s"
        )

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ok"] = self.ok
        data["summary"] = self.summary()
        return data


@dataclass
class _Expected:
    """A hash some trusted source (checkpoint row or anchor line) says seq must have."""

    digest: str
    source: str


def trusted_keys() -> dict[str, Any]:
    return chain.keyring(settings.AUDIT_SIGNING_KEY, settings.AUDIT_RETIRED_PUBLIC_KEYS)


def verify_chain(
    *,
    batch_size: int = 10_000,
    anchor_file: str | None = None,
    after: tuple[int, str] | None = None,
) -> Report:
    """Walk the whole trail and report the first problem (lowest seq), if any.

    `after=(seq, hash)` walks only the records after a checkpoint the caller verified before
    (the record at `seq` must still hash to `hash`; the checkpoints' signatures and the anchor
    file are checked in full). That is fast on a long trail but does not re-read the older
    records: a rewrite before `seq` is caught by the full walk (`weerstand audit-verify`).

    On PostgreSQL the walk runs in one read transaction, so the server-side cursor streams
    (outside a transaction Django declares it WITH HOLD, which makes the server copy the whole
    result first). On SQLite it must not: a transaction there takes the write lock, and the
    WAL reader already sees one snapshot for the duration of the query.
    """
    if connection.vendor == "postgresql":
        with transaction.atomic():
            return _verify(batch_size, anchor_file, after)
    return _verify(batch_size, anchor_file, after)


def _verify(batch_size: int, anchor_file: str | None, after: tuple[int, str] | None) -> Report:
    started = time.monotonic()
    keys = trusted_keys()
    report = Report(keys=sorted(keys))
    problems: list[Problem] = []
    expected: dict[int, list[_Expected]] = {}

    def add(seq: int, kind: str, extra: str = "", record_id: int | None = None) -> None:
        detail = _DETAIL[kind] + (f" ({extra})" if extra else "")
        problems.append(Problem(seq, record_id, kind, detail))

    # 1. Checkpoints: few (one per N records), so they fit in memory.
    db_checkpoints: dict[int, tuple[str, str]] = {}
    for seq, digest, kid, signature in AuditCheckpoint.objects.order_by("seq").values_list(
        "seq", "record_hash", "key_id", "signature"
    ):
        report.checkpoints += 1
        db_checkpoints[seq] = (digest, signature)
        key = keys.get(kid)
        if key is None:
            add(seq, UNKNOWN_KEY, f"sleutel {kid}")
        elif not chain.signature_valid(key, seq, digest, signature):
            add(seq, BAD_SIGNATURE)
        else:
            expected.setdefault(seq, []).append(_Expected(digest, f"checkpoint {seq}"))

    # 2. The anchor file, if kept: every line must still be in the database.
    anchor_path = settings.AUDIT_ANCHOR_FILE if anchor_file is None else anchor_file
    if anchor_path:
        report.anchor_file = str(anchor_path)
        _read_anchor(Path(anchor_path), keys, db_checkpoints, expected, report, add)

    # 3. The records, streamed. Stop at the first broken record: everything after it follows.
    erased = audit_services.erasures()
    stop_after = min((p.seq for p in problems), default=None)
    expected_seq, prev = 1, chain.GENESIS_HASH
    records = AuditRecord.objects.order_by("seq")
    record_problem = False
    if after is not None:
        # Start at the verified record itself: its stored link is taken as read, but its
        # fields must still hash to the verified hash, so it cannot be rewritten either.
        base_seq, base_hash = after
        expected.setdefault(base_seq, []).append(_Expected(base_hash, "eerdere verificatie"))
        records = records.filter(seq__gte=base_seq)
        start = AuditRecord.objects.filter(seq=base_seq).values_list("prev_hash", flat=True)
        expected_seq, prev = base_seq, start.first() or ""
    rows = records.values_list(*_COLUMNS).iterator(chunk_size=batch_size)
    for row in rows:
        seq = row[_SEQ_AT]
        if stop_after is not None and seq > stop_after:
            record_problem = True  # the first problem is already known; no need to read on
            break
        rid = row[0]
        if seq > expected_seq:
            add(expected_seq, MISSING, f"volgende aanwezige record: seq {seq}, id {rid}")
            record_problem = True
            break
        if seq < expected_seq:
            add(seq, UNEXPECTED_SEQ, f"verwacht seq {expected_seq}", rid)
            record_problem = True
            break
        if row[1] != prev:
            add(seq, BROKEN_LINK, "", rid)
            record_problem = True
            break
        fields = dict(zip(_HASHED, row[_FIELDS_FROM:_FIELDS_TO], strict=True))
        digest = row[2]
        if chain.record_hash(prev, fields) != digest:
            add(seq, HASH_MISMATCH, "", rid)
            record_problem = True
            break
        if fields["format"] >= 2:
            kind = _payload_problem(fields, row[_FIELDS_TO:], seq, erased)
            if kind is not None:
                add(seq, kind, "", rid)
                record_problem = True
                break
        for exp in expected.get(seq, ()):
            if exp.digest != digest:
                add(seq, CHECKPOINT_MISMATCH, f"volgens {exp.source}", rid)
                record_problem = True
        if record_problem:
            break
        report.records += 1
        prev, expected_seq = digest, seq + 1
    report.last_seq = expected_seq - 1

    # 4. A signed checkpoint (or anchor line) beyond the last record: the tail was cut off.
    if not record_problem:
        beyond = [s for s in expected if s > report.last_seq]
        if beyond:
            add(
                report.last_seq + 1,
                TRUNCATED,
                f"laatste record seq {report.last_seq}, checkpoint tot seq {max(beyond)}",
            )

    if problems:
        first = min(problems, key=lambda p: (p.seq, _PRIORITY.index(p.kind)))
        if first.record_id is None and first.kind not in (MISSING, TRUNCATED):
            rid = AuditRecord.objects.filter(seq=first.seq).values_list("id", flat=True).first()
            first = Problem(first.seq, rid, first.kind, first.detail)
        report.problem = first
    report.seconds = time.monotonic() - started
    return report


def _payload_problem(
    fields: dict[str, Any], payload: tuple[Any, ...], seq: int, erased: dict[int, int]
) -> str | None:
    """A format-2 record: its payload must match the digest, or be erased by a later
    erasure record; the record's own erasable columns must stay empty."""
    if any(fields[name] for name in chain.ERASABLE_FIELDS):
        return HASH_MISMATCH  # content written into the record itself: not what was chained
    salt, object_repr, changes, reason = payload
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
    expected: dict[int, list[_Expected]],
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
                seq_text, digest, kid, signature = parts
                seq = int(seq_text)
            except ValueError:
                add(0, ANCHOR_UNREADABLE, f"{path.name} regel {lineno}")
                continue
            report.anchors += 1
            key = keys.get(kid)
            if key is None:
                add(seq, UNKNOWN_KEY, f"ankerbestand regel {lineno}, sleutel {kid}")
                continue
            if not chain.signature_valid(key, seq, digest, signature):
                add(seq, BAD_SIGNATURE, f"ankerbestand regel {lineno}")
                continue
            in_db = db_checkpoints.get(seq)
            if in_db is None:
                add(seq, CHECKPOINT_DELETED, f"ankerbestand regel {lineno}")
            elif in_db[0] != digest:
                add(seq, CHECKPOINT_ALTERED, f"ankerbestand regel {lineno}")
            expected.setdefault(seq, []).append(_Expected(digest, f"ankerbestand regel {lineno}"))
