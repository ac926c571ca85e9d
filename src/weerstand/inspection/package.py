"""The signed inspection package: building the ZIP and checking it, without the database.

A package holds four files:

- `case.json`: what the inspectorate may read of one case (timeline, decisions, assessments,
  team, and the case's audit records with every chained field, `prev_hash` and `hash`);
- `case.pdf`: the same content, readable;
- `manifest.json`: the SHA-256 of both files, the signed audit checkpoint the chain was
  verified against, the key id of the signing key, export time and exporter;
- `manifest.sig`: the base64 Ed25519 signature of the exact bytes of `manifest.json`, with the
  application's audit signing key.

A verifier needs only the public key the manifest names by key id (`verify_package`): it checks
the signature, the hashes, the checkpoint's signature, and recomputes each audit record's hash
from its fields and `prev_hash` (so a record cannot have been changed in the package).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import zipfile
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from weerstand.audit import chain

FORMAT = "weerstand-inspection-export/1"
CASE_JSON = "case.json"
CASE_PDF = "case.pdf"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
CONTENT_FILES = (CASE_JSON, CASE_PDF)
ALL_FILES = (*CONTENT_FILES, MANIFEST, SIGNATURE)


def dumps(data: Any) -> bytes:
    # ASCII escapes only where needed would hide a marker's text; keep UTF-8 as written.
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False).encode()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def assemble(
    case_json: bytes, case_pdf: bytes, manifest: dict[str, Any], key: Ed25519PrivateKey
) -> bytes:
    """The ZIP: the manifest gets the files' hashes and the signing key's id, then is signed."""
    manifest = {
        **manifest,
        "format": FORMAT,
        "files": {CASE_JSON: sha256(case_json), CASE_PDF: sha256(case_pdf)},
        "keyId": chain.key_id(key.public_key()),
        "publicKey": chain.public_key_b64(key.public_key()),
    }
    manifest_bytes = dumps(manifest)
    signature = base64.b64encode(key.sign(manifest_bytes))
    buf = io.BytesIO()
    # Stored, not deflated: the package is small, and its text stays greppable, so the leak
    # hunts that search every response for planted markers see inside exports too.
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as zf:
        for name, data in (
            (CASE_JSON, case_json),
            (CASE_PDF, case_pdf),
            (MANIFEST, manifest_bytes),
            (SIGNATURE, signature),
        ):
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            zf.writestr(info, data)
    return buf.getvalue()


def _record_ok(rec: dict[str, Any]) -> bool:
    """The record's hash (format 1: over its fields; format 2: over the fields outside the
    payload, and the payload against its salted digest, unless it was erased)."""
    try:
        format_ = int(rec.get("format", 1))
        if format_ >= 2:
            fields = {name: rec[name] for name in chain.hashed_fields(format_)}
            salt = rec.get("payload_salt")
            if salt is not None:
                values = {name: rec[name] for name in chain.ERASABLE_FIELDS}
                if chain.payload_digest(str(salt), values) != rec["payload_digest"]:
                    return False
            elif any(rec.get(name) for name in chain.ERASABLE_FIELDS):
                return False  # content without a payload: nothing vouches for it
        else:
            fields = {name: rec[name] for name in chain.CHAINED_FIELDS}
        fields["created_at"] = datetime.fromisoformat(rec["created_at"])
        return chain.record_hash(rec["prev_hash"], fields) == rec["hash"]
    except (KeyError, TypeError, ValueError):
        return False


def verify_package(data: bytes, keys: dict[str, Ed25519PublicKey]) -> list[str]:
    """Problems found in a package (empty: it verifies). `keys`: trusted public keys by id.

    The public key inside the manifest is a convenience for reading; it is never trusted:
    the signature must verify under a key the verifier already holds.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            files = {n: zf.read(n) for n in names if n in ALL_FILES}
    except (zipfile.BadZipFile, OSError, KeyError) as exc:
        return [f"geen leesbaar zip-bestand: {exc}"]
    problems: list[str] = []
    if names != set(ALL_FILES):
        problems.append(f"onverwachte inhoud: {sorted(names ^ set(ALL_FILES))}")
    if MANIFEST not in files or SIGNATURE not in files:
        return [*problems, "manifest of handtekening ontbreekt"]
    try:
        manifest = json.loads(files[MANIFEST])
    except ValueError:
        return [*problems, "manifest.json is geen JSON"]
    key = keys.get(str(manifest.get("keyId", "")))
    if key is None:
        problems.append(f"onbekende sleutel {manifest.get('keyId')!r}")
    else:
        try:
            key.verify(base64.b64decode(files[SIGNATURE], validate=True), files[MANIFEST])
        except (InvalidSignature, binascii.Error, ValueError):
            problems.append("handtekening van manifest.json klopt niet")
    for name, digest in (manifest.get("files") or {}).items():
        if name not in CONTENT_FILES or name not in files:
            problems.append(f"{name}: ontbreekt")
        elif sha256(files[name]) != digest:
            problems.append(f"{name}: hash klopt niet")
    if set(manifest.get("files") or {}) != set(CONTENT_FILES):
        problems.append("manifest noemt niet precies case.json en case.pdf")
    cp = manifest.get("checkpoint") or {}
    cp_key = keys.get(str(cp.get("keyId", "")))
    if cp_key is None or not chain.signature_valid(
        cp_key,
        int(cp.get("seq", 0)),
        str(cp.get("recordHash", "")),
        str(cp.get("signature", "")),
        str(cp.get("heads", "")),
    ):
        problems.append("audit-checkpoint in het manifest is niet geldig ondertekend")
    if CASE_JSON in files and not problems:
        content = json.loads(files[CASE_JSON])
        for rec in content.get("auditRecords", []):
            if not _record_ok(rec):
                problems.append(f"auditrecord seq {rec.get('seq')}: hash klopt niet")
            elif rec["seq"] > int(cp.get("seq", 0)):
                problems.append(f"auditrecord seq {rec.get('seq')} ligt na het checkpoint")
    return problems
