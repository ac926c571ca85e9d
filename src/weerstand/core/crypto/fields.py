"""Authenticated field encryption (AES-256-GCM) with versioned keys.

Stored form: ``enc:v<version>:<base64 nonce+ciphertext>``. The associated data binds each
value to its model and field, so a ciphertext copied into another column does not decrypt.
Reads accept every configured key version; writes use the newest. `weerstand rotate-keys`
re-encrypts old versions row by row while the system keeps running.
"""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "enc:v"
_NONCE = 12


class DecryptionFailed(ValueError):
    """A stored value is not a ciphertext of this field: tampered, moved or malformed.

    The message names the field, never the value.
    """


class UnknownKeyVersion(ImproperlyConfigured):
    """A value was written with a key version that is not (or no longer) configured."""


@lru_cache(maxsize=8)
def _parse_keys(spec: str) -> Mapping[int, bytes]:
    """The keys by version. Cached and shared by every request thread, so read-only: no
    caller can add or swap a key for everyone else."""
    keys: dict[int, bytes] = {}
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        version_text, _, b64 = part.partition(":")
        try:
            version = int(version_text)
            key = base64.b64decode(b64, validate=True)
        except (ValueError, binascii.Error) as exc:
            raise ImproperlyConfigured(
                f"WEERSTAND_FIELD_KEYS: bad entry for version {version_text!r}"
            ) from exc
        if version < 1:
            raise ImproperlyConfigured(f"WEERSTAND_FIELD_KEYS: version {version} must be >= 1")
        if version in keys:
            raise ImproperlyConfigured(f"WEERSTAND_FIELD_KEYS: version {version} given twice")
        if len(key) != 32:
            raise ImproperlyConfigured(f"WEERSTAND_FIELD_KEYS: key {version} must be 32 bytes")
        keys[version] = key
    if not keys:
        raise ImproperlyConfigured("WEERSTAND_FIELD_KEYS holds no key")
    return MappingProxyType(keys)


def keyring() -> Mapping[int, bytes]:
    return _parse_keys(settings.FIELD_ENCRYPTION_KEYS)


def current_version() -> int:
    return max(keyring())


def current_prefix() -> str:
    """What every value written under the current key starts with."""
    return f"{PREFIX}{current_version()}:"


def encrypt(plaintext: str, aad: str) -> str:
    version = current_version()
    nonce = os.urandom(_NONCE)
    ct = AESGCM(keyring()[version]).encrypt(nonce, plaintext.encode(), aad.encode())
    return f"{PREFIX}{version}:{base64.b64encode(nonce + ct).decode()}"


def key_version(stored: str) -> int | None:
    """The key version of a stored value, or None when it is not in the encrypted form."""
    if not stored.startswith(PREFIX):
        return None
    version_text, sep, _ = stored[len(PREFIX) :].partition(":")
    if not sep or not version_text.isdigit():
        return None
    return int(version_text)


def decrypt(stored: str, aad: str) -> str:
    version = key_version(stored)
    if version is None:
        raise DecryptionFailed(f"{aad}: stored value is not in the encrypted form")
    key = keyring().get(version)
    if key is None:
        raise UnknownKeyVersion(
            f"{aad}: written with field key version {version}, which WEERSTAND_FIELD_KEYS does "
            f"not hold (configured: {sorted(keyring())}); add that key back to read it"
        )
    try:
        blob = base64.b64decode(stored.split(":", 2)[2], validate=True)
        if len(blob) < _NONCE + 16:
            raise ValueError("too short")
        return AESGCM(key).decrypt(blob[:_NONCE], blob[_NONCE:], aad.encode()).decode()
    except (InvalidTag, binascii.Error, ValueError) as exc:
        raise DecryptionFailed(
            f"{aad}: ciphertext (key version {version}) does not authenticate: "
            "altered, or copied from another field"
        ) from exc


def reencrypt(stored: str, aad: str) -> str:
    """The same plaintext under the current key (used by key rotation)."""
    return encrypt(decrypt(stored, aad), aad)


class EncryptedTextField(models.TextField):
    """A text field stored encrypted. Not searchable or orderable in the database, by design."""

    def contribute_to_class(
        self, cls: type[models.Model], name: str, private_only: bool = False
    ) -> None:
        super().contribute_to_class(cls, name, private_only=private_only)
        self._aad = f"{cls._meta.app_label}.{cls.__name__}.{name}"

    @property
    def aad(self) -> str:
        return self._aad

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value, self._aad)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value), self._aad)


def encrypted_fields(model: type[models.Model]) -> list[EncryptedTextField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
