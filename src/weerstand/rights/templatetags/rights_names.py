"""How the portal names a decision or an objection: by date and subject, never by the
internal reference (which officials keep seeing)."""

from __future__ import annotations

from typing import Any

from django import template

from weerstand.rights import selectors

register = template.Library()


@register.filter
def decision_name(decision: Any, in_sentence: str = "") -> str:
    """`{{ d|decision_name }}`, or `{{ d|decision_name:"zin" }}` after "Tegen het"."""
    return selectors.decision_name(decision, in_sentence=bool(in_sentence))


@register.filter
def objection_name(objection: Any) -> str:
    return selectors.objection_name(objection)
