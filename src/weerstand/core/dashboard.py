"""What each role sees first: my cases and what is due."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from weerstand.policy import engine
from weerstand.policy.table import Action, Resource


def dashboard_for(user: Any) -> dict[str, Any]:
    from weerstand.cases.models import Case

    data: dict[str, Any] = {"today": timezone.localdate()}
    if engine.can(user, Resource.CASE, Action.VIEW):
        cases = Case.objects.visible_to(user)
        data["my_cases"] = list(
            cases.filter(team__memberships__user=user).order_by("-updated_at")[:10]
        )
        if user.has_role("analyst", "senior_analyst"):
            data["intake"] = list(cases.filter(state__in=engine.INTAKE_STATES)[:20])
        data["recalibration_due"] = list(
            cases.filter(
                state="protection_active", next_recalibration__lte=timezone.localdate()
            )[:20]
        )
    data["alerts"] = list(user.alerts.filter(read_at__isnull=True)[:10])
    return data
