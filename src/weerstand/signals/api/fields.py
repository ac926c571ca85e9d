"""A choice field whose OpenAPI enum is written inline.

drf-spectacular turns every property enum into a component named after the field ("status",
"kind"); with several apps each having their own `status` choices those names collide and
get hash suffixes. Wrapped in `allOf`, the enum stays inline in this property: exact, valid
OpenAPI, and independent of what other apps call their fields.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


def inline_choice(choices: Any, **kwargs: Any) -> serializers.ChoiceField:
    values = [value for value, _label in choices]
    kind = "integer" if values and all(isinstance(v, int) for v in values) else "string"
    schema: dict[str, Any] = {"allOf": [{"type": kind, "enum": values}]}

    @extend_schema_field(schema)
    class _Inline(serializers.ChoiceField):
        pass

    return _Inline(choices=choices, **kwargs)
