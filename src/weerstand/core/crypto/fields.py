"""Authenticated field encryption (AES-256-GCM) with versioned keys.

Stored form: ``enc:v<version>:<base64 nonce+ciphertext>``. The associated data binds each
value to its model and field, so a ciphertext copied into another column does not decrypt.
Reads accept every configured key version; writes use the newest. `weerstand rotate-keys`
re-encrypts old versions row by row while the system keeps running.
"""

from __future__ import annotations

import base64
import os
from functools import lru_cache
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "enc:v"


@lru_cache(maxsize=8)
def _parse_keys(spec: str) -> dict[int, bytes]:
    keys: dict[int, bytes] = {}
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        version, _, b64 = part.partition(":")
        try:
            key = base64.b64decode(b64)
            keys[int(version)] = key
        except ValueError as exc:
            raise ImproperlyConfigured(f"WEERSTAND_FIELD_KEYS: bad entry for {version!r}") from exc
        if len(key) != 32:
            raise ImproperlyConfigured(f"WEERSTAND_FIELD_KEYS: key {version} must be 32 bytes")
    if not keys:
        raise ImproperlyConfigured("WEERSTAND_FIELD_KEYS holds no key")
    return keys


def keyring() -> dict[int, bytes]:
    return _parse_keys(settings.FIELD_ENCRYPTION_KEYS)


def current_version() -> int:
    return max(keyring())


def encrypt(plaintext: str, aad: str) -> str:
    version = current_version()
    nonce = os.urandom(12)
    ct = AESGCM(keyring()[version]).encrypt(nonce, plaintext.encode(), aad.encode())
    return f"{PREFIX}{version}:{base64.b64encode(nonce + ct).decode()}"


def key_version(stored: str) -> int | None:
    if not stored.startswith(PREFIX):
        return None
    return int(stored[len(PREFIX) :].split(":", 1)[0])


def decrypt(stored: str, aad: str) -> str:
    version = key_version(stored)
    if version is None:
        raise ValueError("value is not encrypted")
    blob = base64.b64decode(stored.split(":", 2)[2])
    key = keyring().get(version)
    if key is None:
        raise ImproperlyConfigured(f"field key version {version} is not configured")
    return AESGCM(key).decrypt(blob[:12], blob[12:], aad.encode()).decode()


class EncryptedTextField(models.TextField):
    """A text field stored encrypted. Not searchable or orderable in the database, by design."""

    def contribute_to_class(self, cls: type[models.Model], name: str, **kwargs: Any) -> None:
        super().contribute_to_class(cls, name, **kwargs)
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
