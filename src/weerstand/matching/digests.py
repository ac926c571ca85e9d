"""Keyed hashes of normalised selectors: HMAC-SHA256 under a key per matching domain.

The key of each domain (one per selector kind) is derived with HKDF from the field-encryption
key ring, as the blind search index derives its key (`search.text.index_key`): configured from
the environment, with public demo defaults refused in production, and rotated with the other
keys. Every digest records the key version it was made under; only digests of the same kind and
version can be equal. Without the key, a digest cannot be tested against guessed values.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from weerstand.core.crypto import fields as crypto
from weerstand.matching.normalise import normalise

_INFO = b"weerstand-matching-v1:"


@lru_cache(maxsize=64)
def _domain_key(kind: str, key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO + kind.encode()).derive(
        key
    )


def current_version() -> int:
    return crypto.current_version()


def key_versions() -> list[int]:
    return sorted(crypto.keyring())


def digest_normalised(kind: str, canonical: str, version: int | None = None) -> tuple[int, str]:
    """(key version, hex HMAC) of an already normalised value."""
    version = crypto.current_version() if version is None else version
    key = _domain_key(kind, crypto.keyring()[version])
    return version, hmac.new(key, canonical.encode("utf-8"), hashlib.sha256).hexdigest()


def digest(kind: str, value: str, version: int | None = None) -> tuple[int, str]:
    """(key version, hex HMAC) of `value` as a selector of `kind` (InvalidSelector if unusable)."""
    return digest_normalised(kind, normalise(kind, value), version)
