"""The page-wide parts of base.html that depend on what a page shows.

`page_classification` finds the highest classification among the objects a page renders, so
every page that shows one case (or one classified record) carries that classification as a
banner at the top, with no view having to remember it.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from weerstand.accounts.roles import Classification

register = template.Library()

# The banner's colour per level (text names the level too: colour is never the only cue).
_TONE: dict[int, str] = {
    Classification.DEPV: "depv",
    Classification.STG_CONFIDENTIEEL: "confidentieel",
    Classification.STG_GEHEIM: "geheim",
    Classification.STG_ZEER_GEHEIM: "zeer-geheim",
}


def _level(obj: Any) -> int | None:
    """The classification of one rendered model object, or of the case it belongs to.

    The case counts only when the view already loaded it (no extra read outside the policy).
    """
    if not isinstance(obj, models.Model):
        return None
    levels: list[int] = []
    try:
        obj._meta.get_field("classification")
    except FieldDoesNotExist:
        pass
    else:
        own = getattr(obj, "classification", None)
        if isinstance(own, int):
            levels.append(own)
    try:
        case_field = obj._meta.get_field("case")
    except FieldDoesNotExist:
        case_field = None
    if isinstance(case_field, models.ForeignKey) and case_field.is_cached(obj):
        case_level = getattr(case_field.get_cached_value(obj), "classification", None)
        if isinstance(case_level, int):
            levels.append(case_level)
    return max(levels) if levels else None


@register.simple_tag(takes_context=True)
def page_classification(context: template.Context) -> dict[str, Any] | None:
    """The highest classification above "ongerubriceerd" shown on the page, or None.

    A view may set `page_classification` (a level) itself; otherwise every single object in
    the page's context counts (lists do not: their rows are each shown with their level).
    """
    flat = context.flatten()
    levels = [lvl for value in flat.values() if (lvl := _level(value)) is not None]
    explicit = flat.get("page_classification")
    if isinstance(explicit, int):
        levels.append(explicit)
    level = max(levels, default=Classification.UNCLASSIFIED)
    if level <= Classification.UNCLASSIFIED:
        return None
    return {"level": level, "label": Classification(level).label, "tone": _TONE[level]}
