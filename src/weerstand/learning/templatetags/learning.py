"""`{% linked_lessons "method_template" template.pk %}`: the lessons (visible to the reader)
that led to a version of a method template or catalogue row: the other end of the link,
shown on those apps' own pages without touching their tables."""

from __future__ import annotations

from typing import Any

from django import template

from weerstand.learning import panels, selectors

register = template.Library()


@register.inclusion_tag("learning/_linked_lessons.html", takes_context=True)
def linked_lessons(context: dict[str, Any], target_type: str, target_pk: int) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    lessons: list[Any] = []
    if user is not None and panels.sees_learning(user):
        lessons = selectors.lessons_for_target(user, target_type, target_pk)
        panels.audit_list(user, f"lessen bij {target_type} {target_pk}", lessons)
    return {"lessons": lessons, "anchor": f"{target_type}-{target_pk}"}
