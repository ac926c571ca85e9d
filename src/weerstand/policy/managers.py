"""The one way views and APIs ask for protected rows: `Model.objects.visible_to(user, action)`."""

from __future__ import annotations

from typing import Any

from django.db import models


class PolicyQuerySet(models.QuerySet):
    def visible_to(self, user: Any, action: str = "view") -> PolicyQuerySet:
        """Rows this user may see for `action`; fails closed; raises without a principal."""
        from weerstand.policy import engine

        return engine.scope(self, user, action)


class PolicyManager(models.Manager.from_queryset(PolicyQuerySet)):  # type: ignore[misc]  # dynamic base
    """Default manager of protected models; records which policy resource it belongs to."""

    def __init__(self, resource: str) -> None:
        super().__init__()
        self.resource = resource

    def deconstruct(self) -> tuple[bool, str, None, tuple[Any, ...], dict[str, Any]]:
        return (False, "weerstand.policy.managers.PolicyManager", None, (self.resource,), {})
