"""Writing the audit trail. Every domain service calls `record` in its own transaction."""

from __future__ import annotations

import base64
import json
import logging
import os
import secrets
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models.signals import post_save
from django.utils import timezone

from weerstand.audit import chain
from weerstand.audit.models import AuditAction, AuditCheckpoint, AuditPayload, AuditRecord
from weerstand.core import context

logger = logging.getLogger(__name__)

# PostgreSQL advisory locks (two-key form): (CHAIN_LOCK_CLASS, shard) serialises one shard,
# (CHECKPOINT_LOCK_CLASS, 0) the signing of checkpoints. See `_claim` and `_sign_checkpoint`.
CHAIN_LOCK_CLASS = 0x57455253  # "WERS"
CHECKPOINT_LOCK_CLASS = 0x57455243  # "WERC"
SECRET_MARK = "«versleuteld veld gewijzigd»"  # noqa: S105 - a label, not a secret

# Column widths of AuditRecord: values are cut before hashing, so the hash commits to exactly
# what the database stores (PostgreSQL would refuse longer values, SQLite would keep them).
_MAX_LENGTHS = {
    f.name: f.max_length
    for f in AuditRecord._meta.concrete_fields
    if isinstance(f, models.CharField) and f.max_length
}


_RECORD_TABLE = AuditRecord._meta.db_table
_PAYLOAD_TABLE = AuditPayload._meta.db_table
SEQUENCE = "audit_auditrecord_seq"  # PostgreSQL: the global seq (migration 0006)


def _shard_order(conn: Any, shards: int) -> list[int]:
    """The shards to try, starting at this connection's own one (sticky, so connections
    spread over the shards and mostly find theirs free)."""
    start = getattr(conn, "_audit_shard", None)
    if start is None or start >= shards:
        start = secrets.randbelow(shards)
        conn._audit_shard = start
    return [(start + i) % shards for i in range(shards)]


def _claim() -> tuple[int, int, str, int]:
    """Lock one shard for this transaction; (shard, its head's shard_seq, head hash, new seq).

    PostgreSQL: `weerstand_audit_claim` (migration 0006) tries the shards' advisory locks
    without waiting, starting at this connection's shard, takes the first free one (waits
    for the first only when all are busy), then reads that shard's head and the next global
    seq: one round trip. Each statement in the function takes a fresh snapshot, so the head is
    read after the lock is held. SQLite: one shard; IMMEDIATE transactions (settings) already
    hold the database's write lock.
    """
    if connection.vendor == "postgresql":
        shards = max(1, int(settings.AUDIT_SHARDS))
        with connection.cursor() as cur:
            cur.execute(
                "SELECT * FROM weerstand_audit_claim(%s::int[], %s)",
                [_shard_order(connection, shards), CHAIN_LOCK_CLASS],
            )
            shard, head_seq, head_hash, seq = cur.fetchone()
        connection._audit_shard = shard  # type: ignore[attr-defined]
        if head_seq is None:
            return shard, 0, chain.GENESIS_HASH, seq
        return shard, head_seq, head_hash, seq
    last = AuditRecord.objects.order_by("-seq").values("seq", "shard_seq", "hash").first()
    if last is None:
        return 0, 0, chain.GENESIS_HASH, 1
    head_seq = last["shard_seq"] if last["shard_seq"] is not None else last["seq"]
    return 0, head_seq, last["hash"], last["seq"] + 1


def _insert_sql() -> tuple[str, list[str], list[str]]:
    q = connection.ops.quote_name
    rec_cols = [*chain.CHAINED_FIELDS_V3, "prev_hash", "hash"]
    rec_cols = [c for c in rec_cols if c not in chain.ERASABLE_FIELDS]
    pay_cols = ["seq", "salt", *chain.ERASABLE_FIELDS]
    sql = (
        f"WITH r AS (INSERT INTO {q(_RECORD_TABLE)} ({', '.join(q(c) for c in rec_cols)}, "  # noqa: S608
        f"{', '.join(q(c) for c in chain.ERASABLE_FIELDS)}) "
        f"VALUES ({', '.join(['%s'] * len(rec_cols))}, '', '{{}}', '') RETURNING id), "
        f"p AS (INSERT INTO {q(_PAYLOAD_TABLE)} ({', '.join(q(c) for c in pay_cols)}) "
        f"VALUES ({', '.join(['%s'] * len(pay_cols))})) "
        "SELECT id FROM r"
    )
    return sql, rec_cols, pay_cols


_INSERT: tuple[str, list[str], list[str]] | None = None
_FIELDS = {f.name: f for f in AuditRecord._meta.concrete_fields}
_PAYLOAD_FIELDS = {f.name: f for f in AuditPayload._meta.concrete_fields}


def _actor_fields(actor: Any) -> dict[str, Any]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {"actor_id": None, "actor_name": "systeem", "organisation": "", "roles": ""}
    org = getattr(actor, "organisation", None)
    return {
        "actor_id": actor.pk,
        "actor_name": f"{actor.display_name} ({actor.username})",
        "organisation": org.name if org else "",
        "roles": ",".join(sorted(actor.role_codes)),
    }


def secret_field_names(model: type[models.Model] | None) -> set[str]:
    """Fields whose values never enter the log: encrypted fields plus a model's SECRET_FIELDS."""
    if model is None:
        return set()
    from weerstand.core.crypto.fields import encrypted_fields

    names = {f.name for f in encrypted_fields(model)}
    names.update(getattr(model, "SECRET_FIELDS", ()))
    return names


def _stable_json(changes: dict[str, Any]) -> dict[str, Any]:
    """What the JSON column gives back on every database: str keys, no floats, no objects.

    Floats become strings because PostgreSQL's jsonb may print them differently from Python.
    """
    return json.loads(
        json.dumps(changes, default=str, ensure_ascii=False), parse_float=str, parse_constant=str
    )


def record(
    action: str | AuditAction,
    obj: models.Model | None = None,
    *,
    object_type: str = "",
    object_id: str | int = "",
    object_repr: str = "",
    case_id: int | None = None,
    changes: dict[str, Any] | None = None,
    result: str = "ok",
    reason: str = "",
    break_glass: bool = False,
    actor: Any = None,
) -> AuditRecord:
    """Append one record to the chain, inside the caller's transaction if there is one.

    When `obj` is given, changes to its secret fields are masked here as well, so a caller
    that forgot to pass `secret_fields` to `field_changes` still cannot log a secret.
    """
    ctx = context.current()
    actor = actor if actor is not None else ctx.user
    changes = dict(changes or {})
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        object_repr = object_repr or audit_repr(obj)
        if case_id is None:
            case_id = getattr(obj, "audit_case_id", None)
        for name in secret_field_names(type(obj)) & set(changes):
            changes[name] = SECRET_MARK
    values: dict[str, Any] = {
        "request_id": ctx.request_id,
        "client_ip": ctx.client_ip,
        "channel": ctx.channel,
        **_actor_fields(actor),
        "action": str(action),
        "object_type": object_type,
        "object_id": str(object_id),
        "object_repr": object_repr,
        "case_id": int(case_id) if case_id is not None else None,
        "changes": _stable_json(changes),
        "result": result,
        "reason": reason,
        "break_glass": bool(break_glass),
    }
    for name, length in _MAX_LENGTHS.items():
        if isinstance(values.get(name), str):
            values[name] = values[name][:length]
    # No savepoint: a failed append must fail the caller's whole transaction anyway, and the
    # two statements it would add are a third of the append's round trips.
    with transaction.atomic(savepoint=False):
        shard, head_seq, prev_hash, seq = _claim()
        fields = {"seq": seq, "created_at": timezone.now(), **values}
        payload = {name: fields.pop(name) for name in chain.ERASABLE_FIELDS}
        salt = chain.new_salt()
        fields["format"] = 3
        fields["payload_digest"] = chain.payload_digest(salt, payload)
        fields["shard"] = shard
        fields["shard_seq"] = head_seq + 1
        digest = chain.record_hash(prev_hash, fields)
        rec = _insert(fields, payload, salt, prev_hash, digest)
        every = settings.AUDIT_CHECKPOINT_EVERY
        if every and fields["shard_seq"] % every == 0:
            _sign_checkpoint()
    return rec


def _insert(
    fields: dict[str, Any], payload: dict[str, Any], salt: str, prev_hash: str, digest: str
) -> AuditRecord:
    """Record and payload: on PostgreSQL in one statement (two inserts in a CTE)."""
    if connection.vendor != "postgresql":
        rec = AuditRecord.objects.create(prev_hash=prev_hash, hash=digest, **fields)
        AuditPayload.objects.create(record=rec, salt=salt, **payload)
    else:
        global _INSERT
        if _INSERT is None:
            _INSERT = _insert_sql()
        sql, rec_cols, pay_cols = _INSERT
        values = {**fields, "prev_hash": prev_hash, "hash": digest}
        params = [_FIELDS[c].get_db_prep_save(values[c], connection) for c in rec_cols]
        pay = {"seq": fields["seq"], "salt": salt, **payload}
        params += [
            pay[c] if c == "seq" else _PAYLOAD_FIELDS[c].get_db_prep_save(pay[c], connection)
            for c in pay_cols
        ]
        with connection.cursor() as cur:
            cur.execute(sql, params)
            (pk,) = cur.fetchone()
        rec = AuditRecord(id=pk, prev_hash=prev_hash, hash=digest, **fields)
        rec._state.adding, rec._state.db = False, connection.alias
        stored = AuditPayload(record=rec, salt=salt, **payload)
        stored._state.adding, stored._state.db = False, connection.alias
    for name, value in payload.items():  # the caller sees the record as it reads back
        setattr(rec, name, value)
    if connection.vendor == "postgresql":
        # The raw insert bypasses save(): announce the record as save() would, so what listens
        # for new audit records (the search index follows every audited write) still hears it.
        post_save.send(
            sender=AuditRecord, instance=rec, created=True, update_fields=None, raw=False,
            using=connection.alias,
        )  # fmt: skip
    return rec


def record_reads(
    objects: Iterable[models.Model], *, action: str = AuditAction.READ, reason: str = ""
) -> None:
    """One record per object shown, so 'who looked at this case' is answerable."""
    for obj in objects:
        record(action, obj, reason=reason)


def audit_repr(obj: models.Model) -> str:
    """Text for the log that never contains secrets: models define `audit_label`."""
    label = getattr(obj, "audit_label", None)
    if callable(label):
        return str(label())
    return f"{obj._meta.verbose_name} {obj.pk}"


def field_changes(
    before: dict[str, Any],
    after: dict[str, Any],
    secret_fields: Iterable[str] = (),
    *,
    model: type[models.Model] | None = None,
) -> dict[str, Any]:
    """Changed fields as {name: [old, new]}; secret fields only say that they changed.

    Pass `model` to mask its encrypted fields and SECRET_FIELDS without listing them.
    """
    secrets_ = set(secret_fields) | secret_field_names(model)
    out: dict[str, Any] = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        out[name] = SECRET_MARK if name in secrets_ else [_jsonable(old), _jsonable(new)]
    return out


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, str | int | bool):
        return value
    return str(value)


def chain_heads() -> list[tuple[int, int, str, int]]:
    """(shard, shard_seq, hash, seq) of every shard's last record, as this transaction sees
    them. Within a shard records commit in order (its lock is held to commit), so any
    snapshot sees a prefix of every shard: a set of true heads, without stopping appends.
    Walks the (shard, seq) index: one short probe per shard, however long the trail."""
    t = connection.ops.quote_name(_RECORD_TABLE)
    sql = (
        "WITH RECURSIVE s(shard) AS ("  # noqa: S608 - table name from the model
        f"SELECT min(shard) FROM {t} "
        f"UNION ALL SELECT (SELECT min(shard) FROM {t} WHERE shard > s.shard) "
        "FROM s WHERE s.shard IS NOT NULL) "
        f"SELECT s.shard, (SELECT id FROM {t} r WHERE r.shard = s.shard "
        "ORDER BY r.seq DESC LIMIT 1) FROM s WHERE s.shard IS NOT NULL"
    )
    with connection.cursor() as cur:
        cur.execute(sql)
        ids = [pk for _, pk in cur.fetchall()]
    rows = AuditRecord.objects.filter(id__in=ids).values_list("shard", "shard_seq", "hash", "seq")
    return sorted((s, n if n is not None else seq, h, seq) for s, n, h, seq in rows)


def _sign_checkpoint() -> AuditCheckpoint | None:
    """Sign the heads of all shards, unless a checkpoint at the same newest seq exists.

    Takes only the checkpoint lock, never a shard lock, so an append that holds its shard's
    lock can sign without deadlocking with another; the lock makes 'exists' and 'create' one
    step, and ends with the transaction.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s, 0)", [CHECKPOINT_LOCK_CLASS])
    heads = chain_heads()
    if not heads:
        return None
    seq = max(h[3] for h in heads)
    if AuditCheckpoint.objects.filter(seq=seq).exists():
        return None
    text = chain.heads_text((s, n, h) for s, n, h, _ in heads)
    digest = chain.heads_digest(text)
    key = chain.signing_key(settings.AUDIT_SIGNING_KEY)
    signature = key.sign(chain.checkpoint_message_v2(seq, text))
    cp = AuditCheckpoint.objects.create(
        seq=seq,
        record_hash=digest,
        heads=text,
        created_at=timezone.now(),
        key_id=chain.key_id(key.public_key()),
        signature=base64.b64encode(signature).decode(),
    )
    if settings.AUDIT_ANCHOR_FILE:
        # Only after commit: a rolled-back checkpoint must not leave a line that a later
        # checkpoint with the same seq would contradict (a false tamper alarm).
        line = f"{seq} {digest} {cp.key_id} {cp.signature} {text}\n"
        transaction.on_commit(
            partial(_append_anchor, settings.AUDIT_ANCHOR_FILE, line), robust=True
        )
    return cp


def _append_anchor(path: str, line: str) -> None:
    """Append one checkpoint line; a single short write, so concurrent appends do not mix."""
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(line)
        fh.flush()
        os.fsync(fh.fileno())


def checkpoint_now() -> AuditCheckpoint | None:
    """Sign the current head (run periodically), unless it is already signed.

    Between checkpoints the chain can only prove its own consistency; a signed checkpoint is
    what a database administrator cannot forge. `weerstand audit-checkpoint` calls this.
    """
    with transaction.atomic():
        return _sign_checkpoint()


ERASURE_TYPE = "audit.auditpayload"  # object_type of an erasure record


def erase_payloads(
    seqs: Iterable[int], *, rule_id: int | None, object_type: str, object_id: str | int
) -> list[int]:
    """Erase the payloads of these records (retention only) and record that it happened.

    The erasure is itself a record (object_type `ERASURE_TYPE`): which seqs, under which
    retention rule, about which object (type and id, never content). Erasure records are never
    erased themselves: they are what lets the verifier accept a missing payload. Only inside
    this function does the database allow DELETE on the payload table: PostgreSQL checks
    `weerstand.erasure` (SET LOCAL, so it ends with the transaction at the latest), SQLite a
    row in the guard table. Returns the seqs erased.
    """
    with transaction.atomic():
        present = list(
            AuditPayload.objects.filter(record_id__in=sorted(set(seqs)))
            .exclude(record__object_type=ERASURE_TYPE)
            .order_by("record_id")
            .values_list("record_id", flat=True)
        )
        if not present:
            return []
        record(
            AuditAction.DELETE,
            object_type=ERASURE_TYPE,
            object_id=present[0],
            changes={"seqs": present, "rule": rule_id, "about": f"{object_type}:{object_id}"},
            reason="bewaartermijn",
        )
        with connection.cursor() as cur:
            if connection.vendor == "postgresql":
                cur.execute("SET LOCAL weerstand.erasure = 'on'")
            else:
                cur.execute("INSERT INTO audit_erasure_guard (active) VALUES (1)")
            AuditPayload.objects.filter(record_id__in=present).delete()
            if connection.vendor == "postgresql":
                cur.execute("SET LOCAL weerstand.erasure = 'off'")
            else:
                cur.execute("DELETE FROM audit_erasure_guard")
    return present


def erasures() -> dict[int, int]:
    """{erased seq: seq of the erasure record that covers it} (for the verifier)."""
    out: dict[int, int] = {}
    rows = AuditPayload.objects.filter(
        record__object_type=ERASURE_TYPE, record__action=AuditAction.DELETE
    ).values_list("record_id", "changes")
    for seq, changes in rows:
        for erased in (changes or {}).get("seqs", []):
            if isinstance(erased, int) and erased < seq:
                out.setdefault(erased, seq)
    return out
