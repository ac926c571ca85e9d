"""The one JSON parser of the API. It refuses a NUL character in any string of the body, with
the field's name, because PostgreSQL cannot store one: without this every lookup or filter that
is not a plain text field (an organisation code, a JSON column) answered a 500."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser


def _nul_paths(value: Any, path: str = "") -> list[str]:
    if isinstance(value, str):
        return [path or "body"] if "\x00" in value else []
    if isinstance(value, dict):
        found: list[str] = []
        for key, item in value.items():
            here = f"{path}.{key}" if path else str(key)
            found += [here] if "\x00" in str(key) else _nul_paths(item, here)
        return found
    if isinstance(value, list):
        return [
            p
            for i, item in enumerate(value)
            for p in _nul_paths(item, f"{path}.{i}" if path else str(i))
        ]
    return []


class StrictJSONParser(JSONParser):
    """JSON without NUL characters; anything else is a 400 problem naming the field."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        paths = _nul_paths(data)
        if paths:
            raise ValidationError({p: [_("Een NUL-teken is niet toegestaan.")] for p in paths})
        return data
