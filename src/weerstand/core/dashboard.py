"""What each role sees first: my cases, the intake queue, what is due, and unread alerts.

Every list here is built from `visible_to(user)` and each case shown is written to the audit
trail as one LIST record, exactly like the case list itself.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource, Scope, scopes_for

ANALYST_ROLES = ("analyst", "senior_analyst")
RECALIBRATION_HORIZON = timedelta(days=14)
LIST_LIMIT = 20


def visible_alerts(user: Any) -> QuerySet:
    """The user's own alerts, minus those about a case the user can no longer see.

    An alert is a notification built from an event; it is re-checked against the policy
    when shown so that someone who left a case team does not keep reading about it.
    """
    from weerstand.cases.models import Case
    from weerstand.policy.models import Alert

    visible_cases = Case.objects.visible_to(user).values("pk")
    return Alert.objects.filter(recipient=user).filter(
        Q(case__isnull=True) | Q(case__in=visible_cases)
    )


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
    from weerstand.cases.models import Case, CaseState

    today = timezone.localdate()
    data: dict[str, Any] = {
        "today": today,
        "is_system_admin": user.has_role("system_admin"),
        "can_aggregates": engine.can(user, Resource.AGGREGATES, Action.VIEW),
        "can_break_glass": engine.can(user, Resource.BREAK_GLASS, Action.USE),
        "can_refer": engine.can(user, Resource.CASE, Action.CREATE),
        "can_oversee_break_glass": Scope.ALL
        in scopes_for(user.role_codes, Resource.CASE_AUDIT, Action.VIEW),
    }
    shown: dict[int, Any] = {}
    # Team work (my cases, recalibration) for roles that work in case teams; an inspector's
    # read-everything grant is oversight, not a case load.
    if Scope.TEAM in scopes_for(user.role_codes, Resource.CASE, Action.VIEW):
        cases = Case.objects.visible_to(user).select_related("protectee")
        mine = cases.filter(team__memberships__user=user)
        data["my_cases"] = list(mine.order_by("-updated_at")[:LIST_LIMIT])
        if user.has_role(*ANALYST_ROLES):
            data["intake"] = list(
                cases.filter(state__in=engine.INTAKE_STATES).order_by("referred_at")[:LIST_LIMIT]
            )
        active = mine.filter(
            state__in=(CaseState.PROTECTION_ACTIVE, CaseState.RECALIBRATION),
            next_recalibration__isnull=False,
        ).order_by("next_recalibration")
        data["recalibration_overdue"] = list(active.filter(next_recalibration__lt=today))
        data["recalibration_due"] = list(
            active.filter(
                next_recalibration__gte=today,
                next_recalibration__lte=today + RECALIBRATION_HORIZON,
            )
        )
        for key in ("my_cases", "intake", "recalibration_overdue", "recalibration_due"):
            for c in data.get(key, ()):
                shown[c.pk] = c
    if data["can_oversee_break_glass"]:
        from weerstand.policy.models import BreakGlassGrant

        data["unreviewed_break_glass"] = BreakGlassGrant.objects.filter(
            reviewed_at__isnull=True, case__in=Case.objects.visible_to(user).values("pk")
        ).count()
    data["alerts"] = list(
        visible_alerts(user).filter(read_at__isnull=True).select_related("case")[:LIST_LIMIT]
    )
    data["recalibration_horizon_days"] = RECALIBRATION_HORIZON.days
    # Sections of the domain apps (signal queue, assessments due, decisions to approve, ...).
    from weerstand.core.extensions import panels_for

    data["panels"] = panels_for(user)
    if shown:
        audit.record(
            AuditAction.LIST,
            object_type="cases.case",
            object_repr=f"startpagina: {len(shown)} casussen",
            changes={"ids": sorted(shown)},
            actor=user,
        )
    return data
