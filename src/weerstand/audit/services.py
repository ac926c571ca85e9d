"""Writing the audit trail. Every domain service calls `record` in its own transaction."""

from __future__ import annotations

import base64
import json
import logging
import os
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from weerstand.audit import chain
from weerstand.audit.models import AuditAction, AuditCheckpoint, AuditPayload, AuditRecord
from weerstand.core import context

logger = logging.getLogger(__name__)

_CHAIN_LOCK_ID = 0x57455253  # "WERS": one advisory lock serialises the chain on PostgreSQL
SECRET_MARK = "«versleuteld veld gewijzigd»"  # noqa: S105 - a label, not a secret

# Column widths of AuditRecord: values are cut before hashing, so the hash commits to exactly
# what the database stores (PostgreSQL would refuse longer values, SQLite would keep them).
_MAX_LENGTHS = {
    f.name: f.max_length
    for f in AuditRecord._meta.concrete_fields
    if isinstance(f, models.CharField) and f.max_length
}


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_ID])
    # SQLite: transactions begin IMMEDIATE (settings), so the writer holds the database lock.


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
    with transaction.atomic():
        _lock_chain()
        last = AuditRecord.objects.order_by("-seq").values("seq", "hash").first()
        seq = (last["seq"] + 1) if last else 1
        prev_hash = last["hash"] if last else chain.GENESIS_HASH
        fields = {"seq": seq, "created_at": timezone.now(), **values}
        payload = {name: fields.pop(name) for name in chain.ERASABLE_FIELDS}
        salt = chain.new_salt()
        fields["format"] = 2
        fields["payload_digest"] = chain.payload_digest(salt, payload)
        digest = chain.record_hash(prev_hash, fields)
        rec = AuditRecord.objects.create(prev_hash=prev_hash, hash=digest, **fields)
        AuditPayload.objects.create(record=rec, salt=salt, **payload)
        for name, value in payload.items():  # the caller sees the record as it reads back
            setattr(rec, name, value)
        every = settings.AUDIT_CHECKPOINT_EVERY
        if every and seq % every == 0:
            _sign_checkpoint(seq, digest)
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


def _sign_checkpoint(seq: int, digest: str) -> AuditCheckpoint:
    key = chain.signing_key(settings.AUDIT_SIGNING_KEY)
    signature = key.sign(chain.checkpoint_message(seq, digest))
    cp = AuditCheckpoint.objects.create(
        seq=seq,
        record_hash=digest,
        created_at=timezone.now(),
        key_id=chain.key_id(key.public_key()),
        signature=base64.b64encode(signature).decode(),
    )
    if settings.AUDIT_ANCHOR_FILE:
        # Only after commit: a rolled-back checkpoint must not leave a line that a later
        # record with the same seq would contradict (a false tamper alarm).
        line = f"{seq} {digest} {cp.key_id} {cp.signature}\n"
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
        _lock_chain()
        last = AuditRecord.objects.order_by("-seq").values("seq", "hash").first()
        if last is None or AuditCheckpoint.objects.filter(seq=last["seq"]).exists():
            return None
        return _sign_checkpoint(last["seq"], last["hash"])


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
