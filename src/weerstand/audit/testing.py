"""Test and benchmark helpers for the audit trail.

`dba_bypass` does what a database administrator with owner rights could do: switch the
append-only triggers off. Tamper tests use it to attack the chain; nothing in the application
calls it. `build_chain` appends many valid records fast (for benchmarks and volume tests).
"""

from __future__ import annotations

import base64
import contextlib
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from weerstand.audit import chain
from weerstand.audit.models import AuditAction, AuditCheckpoint, AuditPayload, AuditRecord

AUDIT_TABLES = (
    AuditRecord._meta.db_table,
    AuditCheckpoint._meta.db_table,
    AuditPayload._meta.db_table,
    # The retention app's signed destruction reports are append-only the same way.
    "retention_destructionreport",
)


@contextlib.contextmanager
def dba_bypass(using: str = "default") -> Iterator[None]:
    """Triggers off inside one transaction, back on when it ends (also on error: rollback)."""
    conn = connections[using]
    with transaction.atomic(using=using):
        with conn.cursor() as cur:
            if conn.vendor == "sqlite":
                cur.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "  # noqa: S608
                    f"AND tbl_name IN ({', '.join(['%s'] * len(AUDIT_TABLES))})",
                    AUDIT_TABLES,
                )
                saved = cur.fetchall()
                for name, _ in saved:
                    cur.execute(f'DROP TRIGGER "{name}"')
            elif conn.vendor == "postgresql":
                saved = []
                for t in AUDIT_TABLES:
                    cur.execute(f'ALTER TABLE "{t}" DISABLE TRIGGER USER')
            else:  # pragma: no cover - only SQLite and PostgreSQL are supported
                raise RuntimeError(f"unsupported database vendor: {conn.vendor}")
        yield
        with conn.cursor() as cur:
            if conn.vendor == "sqlite":
                for _, sql in saved:
                    cur.execute(sql)
            else:
                for t in AUDIT_TABLES:
                    cur.execute(f'ALTER TABLE "{t}" ENABLE TRIGGER USER')


def purge_trail(using: str = "default") -> None:
    """Empty the audit tables (tests only: lets the test runner flush the database)."""
    with dba_bypass(using), connections[using].cursor() as cur:
        for t in AUDIT_TABLES:
            cur.execute(f'DELETE FROM "{t}"')  # noqa: S608 - fixed table names


_ACTIONS = [AuditAction.READ, AuditAction.LIST, AuditAction.UPDATE, AuditAction.TRANSITION]


def build_chain(
    n: int,
    *,
    batch_size: int = 5000,
    checkpoint_every: int | None = None,
    shards: int = 1,
    legacy: bool = False,
) -> int:
    """Append `n` valid records (and signed checkpoints) after the current heads, in bulk.

    Format-3 records with their payloads, dealt round-robin over `shards` shards (seq stays
    gapless here). Computes the chains in Python and inserts with executemany, without model
    instances (a million records in minutes, not hours): the triggers only refuse UPDATE and
    DELETE. A checkpoint over all heads every `checkpoint_every` records; no anchor lines.
    Returns the new head's seq.

    `legacy=True` writes what the trail held before sharding instead: format-1 records in
    shard 0 without shard_seq and without payloads, and format-1 checkpoints (seq, hash).
    """
    from weerstand.audit import services

    if legacy:
        return _build_legacy(n, batch_size, checkpoint_every)

    every = settings.AUDIT_CHECKPOINT_EVERY if checkpoint_every is None else checkpoint_every
    key = chain.signing_key(settings.AUDIT_SIGNING_KEY)
    kid = chain.key_id(key.public_key())
    conn = connections["default"]
    q = conn.ops.quote_name
    meta = AuditRecord._meta
    columns = [
        *(c for c in chain.CHAINED_FIELDS_V3 if c not in chain.ERASABLE_FIELDS),
        "prev_hash",
        "hash",
        *chain.ERASABLE_FIELDS,  # empty in the record: the content is in the payload
    ]
    by_name = {f.name: f for f in meta.concrete_fields}
    db_fields = [by_name[c] for c in columns]
    prepared = {"created_at", "changes"}  # the rest are plain str/int/bool/None
    names = ", ".join(q(f.column or f.name) for f in db_fields)
    insert = (
        f"INSERT INTO {q(meta.db_table)} ({names}) "  # noqa: S608 - identifiers from the model
        f"VALUES ({', '.join(['%s'] * len(db_fields))})"
    )
    pay_columns = ["seq", "salt", *chain.ERASABLE_FIELDS]
    insert_payload = (
        f"INSERT INTO {q(AuditPayload._meta.db_table)} "  # noqa: S608 - fixed names
        f"({', '.join(q(c) for c in pay_columns)}) VALUES ({', '.join(['%s'] * 5)})"
    )
    changes_field = AuditPayload._meta.get_field("changes")
    heads = {s: (n_, h) for s, n_, h, _ in services.chain_heads()}
    last = AuditRecord.objects.order_by("-seq").values_list("seq", flat=True).first()
    seq = last or 0
    start = timezone.now()
    end = seq + n
    while seq < end:
        rows, payloads, checkpoints = [], [], []
        for _ in range(min(batch_size, end - seq)):
            seq += 1
            shard = seq % shards
            shard_seq, prev = heads.get(shard, (0, chain.GENESIS_HASH))
            fields = _bench_fields(seq, start + timedelta(microseconds=seq))
            payload = {name: fields.pop(name) for name in chain.ERASABLE_FIELDS}
            salt = chain.new_salt()
            fields.update(
                format=3,
                payload_digest=chain.payload_digest(salt, payload),
                shard=shard,
                shard_seq=shard_seq + 1,
            )
            digest = chain.record_hash(prev, fields)
            heads[shard] = (shard_seq + 1, digest)
            values = {
                **fields,
                "prev_hash": prev,
                "hash": digest,
                "object_repr": "",
                "changes": {},
                "reason": "",
            }
            rows.append(
                [
                    f.get_db_prep_save(values[c], conn) if c in prepared else values[c]
                    for c, f in zip(columns, db_fields, strict=True)
                ]
            )
            payloads.append(
                [
                    seq,
                    salt,
                    payload["object_repr"],
                    changes_field.get_db_prep_save(payload["changes"], conn),
                    payload["reason"],
                ]
            )
            if every and seq % every == 0:
                text = chain.heads_text((s, m, h) for s, (m, h) in heads.items())
                signature = key.sign(chain.checkpoint_message_v2(seq, text))
                checkpoints.append(
                    AuditCheckpoint(
                        seq=seq,
                        record_hash=chain.heads_digest(text),
                        heads=text,
                        created_at=fields["created_at"],
                        key_id=kid,
                        signature=base64.b64encode(signature).decode(),
                    )
                )
        with transaction.atomic(), conn.cursor() as cur:
            cur.executemany(insert, rows)
            cur.executemany(insert_payload, payloads)
            AuditCheckpoint.objects.bulk_create(checkpoints)
    if conn.vendor == "postgresql":
        with conn.cursor() as cur:
            cur.execute(f"SELECT setval('{services.SEQUENCE}', %s, false)", [seq + 1])
    return seq


def _build_legacy(n: int, batch_size: int, checkpoint_every: int | None) -> int:
    every = settings.AUDIT_CHECKPOINT_EVERY if checkpoint_every is None else checkpoint_every
    key = chain.signing_key(settings.AUDIT_SIGNING_KEY)
    kid = chain.key_id(key.public_key())
    conn = connections["default"]
    last = AuditRecord.objects.order_by("-seq").values("seq", "hash").first()
    seq = last["seq"] if last else 0
    prev = last["hash"] if last else chain.GENESIS_HASH
    start = timezone.now()
    end = seq + n
    while seq < end:
        records, checkpoints = [], []
        for _ in range(min(batch_size, end - seq)):
            seq += 1
            fields = _bench_fields(seq, start + timedelta(microseconds=seq))
            digest = chain.record_hash(prev, fields)
            records.append(AuditRecord(prev_hash=prev, hash=digest, format=1, **fields))
            if every and seq % every == 0:
                signature = key.sign(chain.checkpoint_message(seq, digest))
                checkpoints.append(
                    AuditCheckpoint(
                        seq=seq,
                        record_hash=digest,
                        created_at=fields["created_at"],
                        key_id=kid,
                        signature=base64.b64encode(signature).decode(),
                    )
                )
            prev = digest
        with transaction.atomic():
            AuditRecord.objects.bulk_create(records)
            AuditCheckpoint.objects.bulk_create(checkpoints)
    if conn.vendor == "postgresql":
        with conn.cursor() as cur:
            cur.execute("SELECT setval('audit_auditrecord_seq', %s, false)", [seq + 1])
    return seq


def _bench_fields(i: int, created_at: datetime) -> dict[str, Any]:
    """Plausible, varied record content (roughly the size of a real one)."""
    return {
        "seq": i,
        "created_at": created_at,
        "request_id": f"{i:032x}",
        "client_ip": f"10.0.{i % 250}.{i % 200}",
        "channel": "web" if i % 3 else "api",
        "actor_id": i % 97 + 1,
        "actor_name": f"Medewerker {i % 97 + 1} (gebruiker-{i % 97 + 1})",
        "organisation": "NCTV" if i % 2 else "Politie",
        "roles": "lcc_coordinator,nctv_analyst",
        "action": str(_ACTIONS[i % len(_ACTIONS)]),
        "object_type": "cases.case",
        "object_id": str(i % 5000 + 1),
        "object_repr": f"casus {i % 5000 + 1}",
        "case_id": i % 5000 + 1,
        "changes": {"state": ["assessment", "decision"]} if i % 4 == 2 else {},
        "result": "ok",
        "reason": "",
        "break_glass": False,
    }
