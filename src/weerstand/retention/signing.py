"""Ed25519 signatures on destruction reports, with the audit trail's key and keyring.

The signed message is the canonical JSON of the run's moments and items (sorted keys,
compact, UTF-8) under a purpose prefix, so a report signature can never be confused with an
audit checkpoint signature made by the same key.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from django.conf import settings

from weerstand.audit import chain

PURPOSE = b"weerstand-destruction-report:"


def _ts(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def message(run_at: datetime, as_of: datetime, items: list[dict[str, Any]]) -> bytes:
    body = {"runAt": _ts(run_at), "asOf": _ts(as_of), "items": items}
    return (
        PURPOSE
        + json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    )


def sign(run_at: datetime, as_of: datetime, items: list[dict[str, Any]]) -> tuple[str, str]:
    """(key id, base64 signature) with the current audit signing key."""
    key = chain.signing_key(settings.AUDIT_SIGNING_KEY)
    signature = key.sign(message(run_at, as_of, items))
    return chain.key_id(key.public_key()), base64.b64encode(signature).decode()


def verify(report: Any) -> bool:
    """Is the report's signature valid for its content under a trusted (current or retired)
    key? Any change to a moment or an item makes it False."""
    keys = chain.keyring(settings.AUDIT_SIGNING_KEY, settings.AUDIT_RETIRED_PUBLIC_KEYS)
    public = keys.get(report.key_id)
    if public is None:
        return False
    try:
        raw = base64.b64decode(report.signature, validate=True)
        public.verify(raw, message(report.run_at, report.as_of, report.items))
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True
