"""Canonical serialisation and hashing of audit records, shared by writer and verifier."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

GENESIS_HASH = "0" * 64

CHAINED_FIELDS = (
    "seq",
    "created_at",
    "request_id",
    "client_ip",
    "channel",
    "actor_id",
    "actor_name",
    "organisation",
    "roles",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "case_id",
    "changes",
    "result",
    "reason",
    "break_glass",
)


def _normalise(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def canonical(fields: dict[str, Any]) -> bytes:
    """The bytes a record's hash commits to; stable across databases."""
    payload = {name: _normalise(fields[name]) for name in CHAINED_FIELDS}
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def record_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + canonical(fields)).hexdigest()


def checkpoint_message(seq: int, record_hash_: str) -> bytes:
    return f"weerstand-audit-checkpoint:{seq}:{record_hash_}".encode()


def signing_key(seed_b64: str) -> Ed25519PrivateKey:
    """Ed25519 key from a base64 seed; shorter demo seeds are stretched to 32 bytes."""
    raw = base64.b64decode(seed_b64)
    seed = raw if len(raw) == 32 else hashlib.sha256(raw).digest()
    return Ed25519PrivateKey.from_private_bytes(seed)


def key_id(public_key: Ed25519PublicKey) -> str:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]
