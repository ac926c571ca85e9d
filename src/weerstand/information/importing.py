"""Parsing a partner's JSON import document (schema: docs/import-schema.json).

Parsing is strict: an unknown field, a wrong type or a malformed date refuses that record,
with the reason, and never the whole batch. Only the document itself (not JSON, too large,
too many records, no `records` list) is refused as a whole.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from weerstand.conf.env import config_int
from weerstand.core.errors import InvalidParam, ValidationFailed

_DEFAULT_MAX_BYTES = config_int(
    "WEERSTAND_IMPORT_MAX_BYTES",
    20 * 1024 * 1024,
    help="Largest product-import document accepted, in bytes.",
)
_DEFAULT_MAX_RECORDS = config_int(
    "WEERSTAND_IMPORT_MAX_RECORDS",
    500,
    help="Most records accepted in one product-import document.",
)
SCHEMA_VERSION = "1"
_REQUIRED = ("partner_reference", "title", "legal_basis", "reliability", "credibility")


def max_bytes() -> int:
    override = getattr(settings, "WEERSTAND_IMPORT_MAX_BYTES", None)
    return int(override) if override is not None else _DEFAULT_MAX_BYTES


def max_records() -> int:
    override = getattr(settings, "WEERSTAND_IMPORT_MAX_RECORDS", None)
    return int(override) if override is not None else _DEFAULT_MAX_RECORDS


def _refuse(detail: str, code: str) -> ValidationFailed:
    return ValidationFailed(detail, invalid_params=[InvalidParam("document", code, detail)])


def parse_document(document: Any) -> list[Any]:
    """The records of a document given as bytes, text or already-parsed JSON."""
    if isinstance(document, bytes | str):
        raw = document.encode() if isinstance(document, str) else document
        if len(raw) > max_bytes():
            raise _refuse(
                _("Het importbestand is groter dan %(n)d bytes.") % {"n": max_bytes()}, "too-large"
            )
        try:
            document = json.loads(raw)
        except (ValueError, RecursionError) as exc:
            raise _refuse(_("Het importbestand is geen geldige JSON."), "not-json") from exc
    if not isinstance(document, dict) or not isinstance(document.get("records"), list):
        raise _refuse(_("Het importbestand moet een object met een lijst 'records' zijn."), "shape")
    version = document.get("schema_version", SCHEMA_VERSION)
    if str(version) != SCHEMA_VERSION:
        raise _refuse(_("Onbekende schemaversie."), "schema-version")
    records = document["records"]
    if len(records) > max_records():
        raise _refuse(
            _("Het importbestand bevat meer dan %(n)d records.") % {"n": max_records()},
            "too-many-records",
        )
    return records


def _str(record: dict[str, Any], name: str, *, max_len: int, default: str = "") -> str:
    value = record.get(name, default)
    if value is None:
        value = default
    if not isinstance(value, str):
        raise ValueError(f"{name}: {_('moet tekst zijn')}")
    if len(value) > max_len:
        raise ValueError(f"{name}: {_('te lang')}")
    return value


def _date(record: dict[str, Any], name: str) -> date | None:
    value = record.get(name)
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name}: {_('moet een datum (JJJJ-MM-DD) zijn')}")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{name}: {_('moet een datum (JJJJ-MM-DD) zijn')}") from exc


def _datetime(record: dict[str, Any], name: str) -> datetime | None:
    value = record.get(name)
    if value in (None, ""):
        return None
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None or parsed.tzinfo is None:
        raise ValueError(f"{name}: {_('moet een tijdstip met tijdzone (ISO 8601) zijn')}")
    return parsed


def _int(record: dict[str, Any], name: str, default: int | None = None) -> int:
    value = record.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name}: {_('moet een geheel getal zijn')}")
    return value


def parse_record(record: Any) -> Any:
    """A ProductData from one record, or ValidationFailed naming what is wrong."""
    from weerstand.information.services import AttachmentData, ProductData

    if not isinstance(record, dict):
        raise ValidationFailed(_("Een record moet een object zijn."))
    reasons: list[str] = []
    unknown = sorted(set(record) - _FIELDS)
    if unknown:
        reasons.append(_("onbekende velden: %(f)s") % {"f": ", ".join(unknown)[:200]})
    missing = [n for n in _REQUIRED if record.get(n) in (None, "")]
    if missing:
        reasons.append(_("verplichte velden ontbreken: %(f)s") % {"f": ", ".join(missing)})
    if reasons:
        raise ValidationFailed(_("Het record is niet geldig."), invalid_params=_params(reasons))
    values: dict[str, Any] = {}
    try:
        values["partner_reference"] = _str(record, "partner_reference", max_len=100).strip()
        values["title"] = _str(record, "title", max_len=200)
        values["summary"] = _str(record, "summary", max_len=20_000)
        values["body"] = _str(record, "body", max_len=200_000)
        values["legal_basis"] = _str(record, "legal_basis", max_len=64)
        values["classification"] = _int(record, "classification", 1)
        values["handling"] = _str(record, "handling", max_len=32, default="none")
        values["reliability"] = _str(record, "reliability", max_len=1)
        values["credibility"] = _int(record, "credibility")
        values["valid_from"] = _date(record, "valid_from")
        values["valid_until"] = _date(record, "valid_until")
        values["phenomenon"] = _str(record, "phenomenon", max_len=32)
        values["received_at"] = _datetime(record, "received_at")
        values["cases"] = _list_of_str(record, "cases")
        values["entities"] = _entities(record)
        values["attachments"] = [
            AttachmentData(filename=a[0], content_type=a[1], data=a[2])
            for a in _attachments(record)
        ]
    except ValueError as exc:
        raise ValidationFailed(
            _("Het record is niet geldig."), invalid_params=_params([str(exc)])
        ) from exc
    return ProductData(**values)


_FIELDS = {
    "partner_reference",
    "title",
    "summary",
    "body",
    "legal_basis",
    "classification",
    "handling",
    "reliability",
    "credibility",
    "valid_from",
    "valid_until",
    "phenomenon",
    "received_at",
    "cases",
    "entities",
    "attachments",
}


def _params(reasons: list[str]) -> list[InvalidParam]:
    return [InvalidParam("record", "invalid", r) for r in reasons]


def _list_of_str(record: dict[str, Any], name: str) -> list[str]:
    value = record.get(name) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{name}: {_('moet een lijst met teksten zijn')}")
    if len(value) > 50:
        raise ValueError(f"{name}: {_('te veel')}")
    return value


def _entities(record: dict[str, Any]) -> list[tuple[str, str]]:
    value = record.get("entities") or []
    if not isinstance(value, list) or len(value) > 100:
        raise ValueError(f"entities: {_('moet een lijst (hoogstens 100) zijn')}")
    out = []
    for item in value:
        if (
            not isinstance(item, dict)
            or set(item) - {"kind", "value"}
            or not isinstance(item.get("kind"), str)
            or not isinstance(item.get("value"), str)
            or len(item["value"]) > 500
        ):
            raise ValueError(f"entities: {_('elk item heeft een kind en een value (tekst)')}")
        out.append((item["kind"], item["value"]))
    return out


def _attachments(record: dict[str, Any]) -> list[tuple[str, str, bytes]]:
    value = record.get("attachments") or []
    if not isinstance(value, list) or len(value) > 10:
        raise ValueError(f"attachments: {_('moet een lijst (hoogstens 10) zijn')}")
    out = []
    for item in value:
        if (
            not isinstance(item, dict)
            or set(item) - {"filename", "content_type", "content_base64"}
            or not all(
                isinstance(item.get(k), str) for k in ("filename", "content_type", "content_base64")
            )
        ):
            raise ValueError(
                f"attachments: {_('elk item heeft filename, content_type en content_base64')}"
            )
        try:
            data = base64.b64decode(item["content_base64"], validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValueError(f"attachments: {_('content_base64 is geen geldige base64')}") from exc
        out.append((item["filename"], item["content_type"], data))
    return out
