"""How the advice pages and API read: advice through the policy, themes and responses only
for someone who may read advice (they hold no case content)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from weerstand.advisory.models import Advice, AdviceResponse, AdviceTheme
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource


def themes(user: Any) -> QuerySet[AdviceTheme]:
    engine.require_principal(user)
    if not engine.can(user, Resource.ADVICE, Action.VIEW):
        return AdviceTheme.objects.none()
    return AdviceTheme.objects.all()


def parts() -> tuple[Prefetch, ...]:
    """Themes and responses of advice rows, as plain lists (`theme_list`, `response_list`)."""
    return (
        Prefetch("themes", queryset=AdviceTheme.objects.all(), to_attr="theme_list"),
        Prefetch(
            "responses",
            queryset=AdviceResponse.objects.select_related("responded_by"),
            to_attr="response_list",
        ),
    )


def with_parts(qs: QuerySet[Advice]) -> QuerySet[Advice]:
    """Advice (already scoped) with its themes and responses."""
    return qs.prefetch_related(*parts())


def advice_list(user: Any) -> QuerySet[Advice]:
    return with_parts(Advice.objects.visible_to(user))
