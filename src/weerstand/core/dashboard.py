"""The start page: unread alerts, then what each app contributes (`core.extensions`).

Each panel is built by the app that owns its content, from `visible_to(user)`, and audits
what it shows; the kernel only arranges them.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.extensions import panels_for
from weerstand.policy import engine

LIST_LIMIT = 20


def visible_alerts(user: Any) -> QuerySet:
    """The user's own alerts, re-checked against the policy (the kernel's alert rule):
    someone who left a case team does not keep reading about it."""
    from weerstand.policy.models import Alert

    return engine.scope(Alert.objects.all(), user)


def unread_alert_count(user: Any) -> int:
    return visible_alerts(user).filter(read_at__isnull=True).count()


def mark_alert_read(user: Any, alert_id: int) -> None:
    """The recipient acknowledges an alert; acknowledging a break-glass notice is audited."""
    with transaction.atomic():
        alert = visible_alerts(user).select_for_update().filter(pk=alert_id).first()
        if alert is None:
            raise Http404("Niet gevonden")
        if alert.read_at is not None:
            return
        alert.read_at = timezone.now()
        alert.save(update_fields=["read_at"])
        audit.record(
            AuditAction.UPDATE,
            alert,
            object_repr=f"melding {alert.pk}",
            case_id=alert.case_id,
            changes={"read_at": [None, alert.read_at.isoformat()]},
            reason="melding gelezen",
            actor=user,
        )


def dashboard_for(user: Any) -> dict[str, Any]:
    return {
        "today": timezone.localdate(),
        "alerts": list(
            visible_alerts(user).filter(read_at__isnull=True).select_related("case")[:LIST_LIMIT]
        ),
        "panels": panels_for(user),
    }
