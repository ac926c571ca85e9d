"""What the retention pages and API show: every row through the policy."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from weerstand.policy import engine
from weerstand.policy.table import Action, Resource
from weerstand.retention.models import (
    AccessRequest,
    AccessRequestItem,
    DestructionReport,
    LegalHold,
    RetentionRule,
)


def rules_for(user: Any) -> QuerySet[RetentionRule]:
    return RetentionRule.objects.visible_to(user, Action.VIEW).order_by(
        "object_type", "legal_basis"
    )


def holds_for(user: Any) -> QuerySet[LegalHold]:
    return LegalHold.objects.visible_to(user, Action.VIEW).order_by("-placed_at", "-pk")


def reports_for(user: Any) -> QuerySet[DestructionReport]:
    return DestructionReport.objects.visible_to(user, Action.VIEW).order_by("-run_at", "-pk")


def requests_for(user: Any) -> QuerySet[AccessRequest]:
    return AccessRequest.objects.visible_to(user, Action.VIEW).order_by("-received_on", "-pk")


def items_of(user: Any, request: AccessRequest) -> list[AccessRequestItem]:
    return list(
        AccessRequestItem.objects.visible_to(user, Action.VIEW)
        .filter(request=request.pk)
        .order_by("object_type", "object_id")
    )


def may(user: Any, resource: Resource, action: Action) -> bool:
    return engine.can(user, resource, action)
