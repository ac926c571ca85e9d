"""Read models of the decisions app: what pages, the API and the planner read.

Nothing here writes. Functions that take a user read through `visible_to(user)`; the few
system reads (the services' own look-ups, the planner's demand) say so.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from weerstand.cases.models import Case
from weerstand.catalogue import services as catalogue
from weerstand.decisions.models import (
    LIVE_STATUSES,
    OPEN_ASSIGNMENT_STATUSES,
    AssignmentStatus,
    Decision,
    DecisionStatus,
    DecisionType,
    SecurityAssignment,
)

T = DecisionType


def latest_finalised_assessment(case: Case) -> Any:
    """The finalised assessment a decision can rest on (system read inside a service)."""
    from weerstand.assessments.models import Assessment

    try:
        from weerstand.assessments.services import latest_finalised
    except ImportError:  # the assessment services may not offer it yet
        latest_finalised = None
    if latest_finalised is not None:
        return latest_finalised(case)
    return Assessment.objects.filter(case=case.pk, status="finalised").order_by("-number").first()


def live_decision(case: Case | int) -> Decision | None:
    """The decision whose measures run (or are about to), never a stop."""
    case_pk = getattr(case, "pk", case)
    return (
        Decision.objects.filter(case=case_pk, status__in=LIVE_STATUSES)
        .exclude(decision_type=T.STOP)
        .order_by("-effective_date", "-pk")
        .first()
    )


def pending_decision(case: Case | int) -> Decision | None:
    case_pk = getattr(case, "pk", case)
    return Decision.objects.filter(case=case_pk, status=DecisionStatus.AWAITING_APPROVAL).first()


def proposal(case: Case, level: int, on: date) -> dict[str, Any]:
    """What the decision screen proposes: the standard package and its measures."""
    package = catalogue.standard_package(case.phenomenon, level, on)
    return {
        "package": package,
        "measures": package.measures_on(on) if package else [],
    }


def active_assignments(on: date) -> QuerySet:
    """Assignments that demand capacity on `on` (system use by the planner; pages use
    `SecurityAssignment.objects.visible_to(user)`)."""
    return (
        SecurityAssignment.objects.filter(
            status__in=OPEN_ASSIGNMENT_STATUSES,
            starts_on__lte=on,
            decision__status__in=(*LIVE_STATUSES, DecisionStatus.SUPERSEDED, DecisionStatus.ENDED),
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .select_related("measure", "executing_organisation")
    )


def overdue_assignments(qs: QuerySet, now: datetime | None = None) -> QuerySet:
    """Of `qs` (already scoped), those late in acknowledgement or staffing."""
    now = now or timezone.now()
    return qs.filter(
        Q(status=AssignmentStatus.PENDING, acknowledge_before__lt=now)
        | Q(
            status__in=OPEN_ASSIGNMENT_STATUSES,
            staffed_at__isnull=True,
            staffed_before__lt=now,
        )
    )
