"""The cases app's parts of the start page: intake, my cases, recalibration, aggregates.

Every list is built from `visible_to(user)`, and the cases shown are written to the audit
trail as one LIST record, exactly like the case list itself.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases import rules
from weerstand.cases.models import Case, CaseState
from weerstand.core.extensions import Panel
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource, Scope, scopes_for

RECALIBRATION_HORIZON = timedelta(days=14)
LIST_LIMIT = 20


def case_work_panel(user: Any) -> Panel | None:
    """Intake (analysts), my cases and their recalibration (roles that work in case teams).

    An inspector's read-everything grant is oversight, not a case load: no panel.
    """
    if Scope.TEAM not in scopes_for(user.role_codes, Resource.CASE, Action.VIEW):
        return None
    today = timezone.localdate()
    cases = Case.objects.visible_to(user).select_related("protectee")
    mine = cases.filter(team__memberships__user=user)
    ctx: dict[str, Any] = {
        "my_cases": list(mine.order_by("-updated_at")[:LIST_LIMIT]),
        "intake": None,
        "recalibration_horizon_days": RECALIBRATION_HORIZON.days,
    }
    if rules.works_intake(user):
        ctx["intake"] = list(
            cases.filter(state__in=engine.INTAKE_STATES).order_by("referred_at")[:LIST_LIMIT]
        )
    active = mine.filter(
        state__in=(CaseState.PROTECTION_ACTIVE, CaseState.RECALIBRATION),
        next_recalibration__isnull=False,
    ).order_by("next_recalibration")
    ctx["recalibration_overdue"] = list(active.filter(next_recalibration__lt=today))
    ctx["recalibration_due"] = list(
        active.filter(
            next_recalibration__gte=today, next_recalibration__lte=today + RECALIBRATION_HORIZON
        )
    )
    shown = {
        c.pk
        for key in ("my_cases", "intake", "recalibration_overdue", "recalibration_due")
        for c in ctx[key] or ()
    }
    if shown:
        audit.record(
            AuditAction.LIST,
            object_type="cases.case",
            object_repr=f"startpagina: {len(shown)} casussen",
            changes={"ids": sorted(shown)},
            actor=user,
        )
    return Panel("cases/panels/case_work.html", ctx, order=5)


def aggregates_panel(user: Any) -> Panel | None:
    """A pointer to the suppressed counts, for roles holding the aggregates grant."""
    if not engine.can(user, Resource.AGGREGATES, Action.VIEW):
        return None
    return Panel("cases/panels/aggregates.html", {}, order=95)


def handovers_panel(user: Any) -> Panel | None:
    """The local authority's hand-overs that wait for its answer (allow-listed fields only)."""
    from weerstand.cases import local_domain
    from weerstand.cases.models import HandoverStatus

    if not user.has_role(*rules.ANSWERING_ROLE.values()) or not engine.can(
        user, Resource.LOCAL_HANDOVER, Action.CHANGE
    ):
        return None
    rows = list(
        local_domain.handovers_for(user)
        .filter(authority=user.organisation_id, status=HandoverStatus.OFFERED)
        .order_by("handed_over_at", "pk")[:LIST_LIMIT]
    )
    if rows:
        audit.record(
            AuditAction.LIST,
            object_type="cases.localhandover",
            object_repr=f"startpagina: {len(rows)} overdrachten lokaal domein",
            changes={"ids": [h.pk for h in rows]},
            actor=user,
        )
    return Panel(
        "cases/panels/handovers.html",
        {"handovers": [local_domain.shared_item(h) for h in rows]},
        order=6,
    )


def case_handover_section(user: Any, case: Any) -> Panel | None:
    """The case's hand-overs to the local domain, for those who reach them through the case
    (the team, inspectors): status, the local authority's answer, the NCTV contact."""
    from weerstand.cases import local_domain

    if not engine.reaches(user, case, Resource.LOCAL_HANDOVER, Action.VIEW):
        return None
    rows = list(local_domain.handovers_of_case(user, case).order_by("-handed_over_at", "-pk"))
    if not rows:
        return None
    full = rules.handovers_in_full(user, [h.pk for h in rows])
    audit.record(
        AuditAction.LIST,
        object_type="cases.localhandover",
        object_repr=f"{len(rows)} overdrachten lokaal domein (casuspagina)",
        changes={"ids": [h.pk for h in rows]},
        actor=user,
    )
    return Panel(
        "cases/_case_handovers.html",
        {"handovers": [local_domain.team_item(h) for h in rows if h.pk in full]},
        order=35,
    )


def sees_handover_page(user: Any) -> bool:
    """The menu entry: for the local authority (mayor, OM officers) who answer hand-overs.
    The case team finds a hand-over on its case page."""
    return user.has_role(*rules.ANSWERING_ROLE.values()) and engine.can(
        user, Resource.LOCAL_HANDOVER, Action.CHANGE
    )
