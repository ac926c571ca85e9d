"""Helpers shared by the decisions services (not part of their public surface)."""

from __future__ import annotations

from django.utils import timezone

from weerstand.core.locks import serialise
from weerstand.decisions.models import DecisionType
from weerstand.decisions.rules import is_challenger

T = DecisionType


_is_challenger = is_challenger


def _next_reference(model: type, prefix: str, width: int) -> str:
    serialise(f"{model._meta.label_lower}-reference")
    full = f"{prefix}-{timezone.now().year}-"
    last = (
        model.objects.filter(reference__startswith=full)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{full}{number:0{width}d}"
