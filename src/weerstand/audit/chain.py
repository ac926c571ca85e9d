"""Canonical serialisation, hashing and checkpoint signatures, shared by writer and verifier.

The record hash is a plain SHA-256 over the previous hash and the canonical form, so anyone
holding a copy of the table can recompute the chain. What a database administrator cannot
produce are the Ed25519 signatures on checkpoints: they need the application's private key.
Verifiers only need public keys, so retired keys can stay trusted without keeping their secrets.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

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


# Format 2: the erasable fields leave the hashed form; a salted digest of them takes their
# place, so erasing them (retention) leaves a record whose hash still verifies.
ERASABLE_FIELDS = ("object_repr", "changes", "reason")
CHAINED_FIELDS_V2 = (
    *(name for name in CHAINED_FIELDS if name not in ERASABLE_FIELDS),
    "format",
    "payload_digest",
)
SALT_BYTES = 32

# Format 3 (sharded chains): the record also commits to its shard and its place in it, so a
# record moved to another shard, or renumbered within one, no longer verifies.
CHAINED_FIELDS_V3 = (*CHAINED_FIELDS_V2, "shard", "shard_seq")


def _timestamp(value: datetime) -> str:
    """UTC with microseconds and a Z, e.g. 2026-01-31T12:00:00.000001Z (any input zone)."""
    return value.astimezone(UTC).isoformat(timespec="microseconds")[:-6] + "Z"


_SORTED_FIELDS = tuple(sorted(CHAINED_FIELDS))
_SORTED_FIELDS_V2 = tuple(sorted(CHAINED_FIELDS_V2))
_SORTED_FIELDS_V3 = tuple(sorted(CHAINED_FIELDS_V3))


def hashed_fields(format_: int) -> tuple[str, ...]:
    """The fields a record of this format commits to."""
    if format_ >= 3:
        return CHAINED_FIELDS_V3
    return CHAINED_FIELDS_V2 if format_ == 2 else CHAINED_FIELDS


def _dumps(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def canonical(fields: dict[str, Any]) -> bytes:
    """The bytes a record's hash commits to; stable across databases.

    Keys in sorted order, compact separators, UTF-8, created_at as a UTC timestamp string.
    Every value other than created_at must already be JSON-native (the writer ensures it).
    Format 1 (no `format` key, or 1) commits to the erasable fields themselves; format 2 to
    `payload_digest` and the format number instead; format 3 also to `shard` and `shard_seq`.
    """
    format_ = fields.get("format", 1)
    if format_ >= 3:
        names = _SORTED_FIELDS_V3
    else:
        names = _SORTED_FIELDS_V2 if format_ == 2 else _SORTED_FIELDS
    payload = {name: fields[name] for name in names}
    created = payload["created_at"]
    if not isinstance(created, str):  # the verifier may read it already in this form
        payload["created_at"] = _timestamp(created)
    return _dumps(payload)


def record_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + canonical(fields)).hexdigest()


def new_salt() -> str:
    return secrets.token_hex(SALT_BYTES)


def payload_digest(salt_hex: str, payload: dict[str, Any]) -> str:
    """sha256(salt || canonical payload). The random 32-byte salt per record means a short
    value (a name) cannot be found by hashing guesses once the payload is erased."""
    body = _dumps({name: payload[name] for name in ERASABLE_FIELDS})
    return hashlib.sha256(bytes.fromhex(salt_hex) + body).hexdigest()


def checkpoint_message(seq: int, record_hash_: str) -> bytes:
    return f"weerstand-audit-checkpoint:{seq}:{record_hash_}".encode()


def heads_text(heads: Iterable[tuple[int, int, str]]) -> str:
    """The canonical form of the heads of all shards: `shard:shard_seq:hash`, by shard."""
    return ",".join(f"{s}:{n}:{h}" for s, n, h in sorted(heads))


def parse_heads(text: str) -> dict[int, tuple[int, str]]:
    """{shard: (shard_seq, hash)} from `heads_text`; ValueError when malformed."""
    out: dict[int, tuple[int, str]] = {}
    for part in text.split(","):
        shard, shard_seq, digest = part.split(":")
        if len(digest) != 64 or int(shard) in out:
            raise ValueError(f"malformed head {part!r}")
        out[int(shard)] = (int(shard_seq), digest)
    return out


def heads_digest(text: str) -> str:
    """What a format-2 checkpoint stores as its `record_hash`: one hash over all heads."""
    return hashlib.sha256(text.encode()).hexdigest()


def checkpoint_message_v2(seq: int, heads: str) -> bytes:
    """A checkpoint over all shards: 'up to global seq N, shard i ends at (n_i, h_i)'."""
    return f"weerstand-audit-checkpoint:v2:{seq}:{heads}".encode()


def signing_key(seed_b64: str) -> Ed25519PrivateKey:
    """Ed25519 key from a base64 seed; shorter demo seeds are stretched to 32 bytes."""
    raw = base64.b64decode(seed_b64)
    seed = raw if len(raw) == 32 else hashlib.sha256(raw).digest()
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_bytes(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(public_key: Ed25519PublicKey) -> str:
    return hashlib.sha256(public_bytes(public_key)).hexdigest()[:16]


def public_key_b64(public_key: Ed25519PublicKey) -> str:
    """The form in which a public key is handed to verifiers (and kept after rotation)."""
    return base64.b64encode(public_bytes(public_key)).decode()


def load_public_key(b64: str) -> Ed25519PublicKey:
    try:
        raw = base64.b64decode(b64.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError(f"public key {b64!r} is not base64") from exc
    if len(raw) != 32:
        raise ValueError(f"public key {b64!r} must be 32 raw bytes, got {len(raw)}")
    return Ed25519PublicKey.from_public_bytes(raw)


def keyring(
    current_seed_b64: str, retired_public_b64: Iterable[str] = ()
) -> dict[str, Ed25519PublicKey]:
    """Trusted public keys by key id: the current signing key plus retired ones."""
    keys = {}
    current = signing_key(current_seed_b64).public_key()
    keys[key_id(current)] = current
    for b64 in retired_public_b64:
        if b64.strip():
            pub = load_public_key(b64)
            keys[key_id(pub)] = pub
    return keys


def signature_valid(
    public_key: Ed25519PublicKey,
    seq: int,
    record_hash_: str,
    signature_b64: str,
    heads: str = "",
) -> bool:
    """A format-1 checkpoint signs (seq, record hash); a format-2 one (seq, heads), and its
    record hash must be the digest of those heads."""
    if heads:
        if heads_digest(heads) != record_hash_:
            return False
        message = checkpoint_message_v2(seq, heads)
    else:
        message = checkpoint_message(seq, record_hash_)
    try:
        signature = base64.b64decode(signature_b64, validate=True)
        public_key.verify(signature, message)
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True
