"""Normalising entity values and their keyed lookup hash.

The same phone number written as "06-12 34 56 78", "+31 6 12345678" or "0031612345678" must
be one entity. The normalised value is stored encrypted; to find it again without a plaintext
column, `lookup` holds an HMAC-SHA256 of (kind, normalised value) under a key derived (HKDF)
from the field-encryption key. Every configured key version yields a candidate hash, so an
entity written before a key rotation is still found (and its lookup moved to the newest key).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from weerstand.core.crypto import fields as crypto

_SPACES = re.compile(r"\s+")


def normalise(kind: str, value: str) -> str:
    """The canonical form of an entity value (raises ValueError when nothing is left)."""
    text = unicodedata.normalize("NFKC", value or "").strip()
    if kind == "phone":
        out = _phone(text)
    elif kind == "vehicle":
        out = re.sub(r"[^0-9A-Z]", "", text.upper())
    else:  # address, person, organisation
        out = _SPACES.sub(" ", text).strip()
    if not out:
        raise ValueError("empty entity value")
    return out


def _phone(text: str) -> str:
    """Digits in an E.164-like form; Dutch national numbers get +31."""
    text = text.replace("(0)", "")
    plus = text.startswith("+")
    digits = re.sub(r"\D", "", text)
    if not digits:
        return ""
    if plus:
        return "+" + digits
    if digits.startswith("00"):
        return "+" + digits[2:]
    if digits.startswith("0") and len(digits) == 10:
        return "+31" + digits[1:]
    return digits


def _lookup_key(version: int) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=b"weerstand.information.entity-lookup",
    ).derive(crypto.keyring()[version])


def lookup_hash(kind: str, normalised: str, version: int | None = None) -> str:
    """HMAC of the kind and (case-folded) normalised value under one key version."""
    version = version or crypto.current_version()
    message = f"{kind}\x1f{normalised.casefold()}".encode()
    return hmac.new(_lookup_key(version), message, hashlib.sha256).hexdigest()


def candidate_hashes(kind: str, normalised: str) -> list[str]:
    """The current hash first, then those of older configured keys."""
    current = crypto.current_version()
    versions = [current, *sorted((v for v in crypto.keyring() if v != current), reverse=True)]
    return [lookup_hash(kind, normalised, v) for v in versions]


def display(kind: str, normalised: str) -> str:
    """A readable label, e.g. "+31 6 12345678" for a Dutch mobile number."""
    if kind == "phone" and normalised.startswith("+316") and len(normalised) == 12:
        return f"+31 6 {normalised[4:]}"
    return normalised
