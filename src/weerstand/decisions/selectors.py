"""Read models of the decisions app: what pages, the API and the planner read.

Nothing here writes. Functions that take a user read through `visible_to(user)`, so views and
API list the same rows; the few system reads (the services' own look-ups, the planner's demand)
say so. Whether a user may *act* on a row is asked of `decisions.services` (`may_*`), never
decided here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from weerstand.cases.models import Case
from weerstand.catalogue import services as catalogue
from weerstand.catalogue.models import Package
from weerstand.decisions.models import (
    LIVE_STATUSES,
    OPEN_ASSIGNMENT_STATUSES,
    PROTECTION_TYPES,
    AssignmentStatus,
    Decision,
    DecisionStatus,
    DecisionType,
    Deviation,
    LocalNotification,
    SecurityAssignment,
)
from weerstand.policy.table import Action

if TYPE_CHECKING:
    from weerstand.assessments.models import Assessment

T = DecisionType


# --------------------------------------------------------------------------- a case's decisions
# System reads: the services rest their rules on them; pages show them for a case the user
# already reaches.


def latest_finalised_assessment(case: Case) -> Assessment | None:
    """The finalised assessment a decision can rest on (system read inside a service)."""
    from weerstand.assessments.services import latest_finalised

    return latest_finalised(case)


def live_decision(case: Case | int) -> Decision | None:
    """The decision whose measures run (or are about to): a start or a follow-up that keeps
    protection going; never a stop, and never an admission decision (it carries no measures)."""
    case_pk = getattr(case, "pk", case)
    return (
        Decision.objects.filter(
            case=case_pk, status__in=LIVE_STATUSES, decision_type__in=PROTECTION_TYPES
        )
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


def chosen_packages(
    case: Case,
    kind: str,
    level: int | None,
    previous: Decision | None,
    codes: list[str] | None,
    on: date,
) -> list[Package]:
    """The packages a decision would use on `on`: the ones named; none named, a continuation
    keeps the previous decision's packages, anything else gets the standard package for the
    case's phenomenon and `level`. Lenient (the service validates what comes out)."""
    if kind == T.CONTINUE and previous is not None and codes is None:
        kept = list(previous.packages.values_list("code", flat=True))
        return list(Package.objects.in_force(on).filter(code__in=kept))
    if codes is None:
        package = catalogue.standard_package(case.phenomenon, level, on) if level else None
        return [package] if package else []
    return list(Package.objects.in_force(on).filter(code__in=codes))


def proposed_measure_codes(
    case: Case, kind: str, level: int | None, package_code: str, on: date
) -> set[str]:
    """The measures of the chosen (or standard) package on the decision screen: ticks that
    differ from these are deviations."""
    if kind not in PROTECTION_TYPES:
        return set()
    codes = [package_code] if package_code else None
    packages = chosen_packages(case, kind, level, live_decision(case), codes, on)
    return {m.code for p in packages for m in p.measures_on(on)}


def visible_assessment(user: Any, assessment_id: int | None) -> Assessment | None:
    """The assessment as the user may see it (its content has its own classification)."""
    from weerstand.assessments.models import Assessment

    if assessment_id is None:
        return None
    return Assessment.objects.visible_to(user).filter(pk=assessment_id).first()


# --------------------------------------------------------------------------- decisions


def decisions_for(
    user: Any, *, case: int | None = None, statuses: Iterable[str] | None = None
) -> QuerySet:
    """Decisions the user may see, optionally of one case and in some statuses."""
    qs = Decision.objects.visible_to(user)
    if case:
        qs = qs.filter(case=case)
    if statuses:
        qs = qs.filter(status__in=sorted(statuses))
    return qs


def awaiting_approval(user: Any) -> QuerySet:
    """Decisions this user could approve: in the change scope, awaiting a second pair of eyes,
    and not ones the four-eyes rule keeps from them (their own, or on an assessment they
    wrote or challenged)."""
    from weerstand.decisions.rules import four_eyes_conflict_q

    return (
        Decision.objects.visible_to(user, Action.CHANGE)
        .filter(status=DecisionStatus.AWAITING_APPROVAL)
        .exclude(four_eyes_conflict_q(user))
        .select_related("case", "decided_by")
        .order_by("effective_date", "pk")
    )


def deviations_of(user: Any, decision: Decision) -> list[Deviation]:
    return list(
        Deviation.objects.visible_to(user).filter(decision=decision.pk).select_related("measure")
    )


# --------------------------------------------------------------------------- assignments


def assignments_for(
    user: Any,
    *,
    case: int | None = None,
    decision: int | None = None,
    statuses: Iterable[str] | None = None,
    on: date | None = None,
) -> QuerySet:
    """Security assignments the user may see: own organisation's, case team's, or all (LCC);
    optionally of one case or decision, in some statuses, or demanding capacity on `on`."""
    qs = SecurityAssignment.objects.visible_to(user).select_related(
        "measure", "executing_organisation", "case", "decision"
    )
    if case:
        qs = qs.filter(case=case)
    if decision:
        qs = qs.filter(decision=decision)
    if statuses:
        qs = qs.filter(status__in=sorted(statuses))
    if on:
        qs = qs.filter(pk__in=active_assignments(on).values("pk"))
    return qs


def changeable_assignment_ids(user: Any, ids: Iterable[int]) -> set[int]:
    """Of `ids`, the assignments the user reaches for change (one query for a whole page)."""
    return set(
        SecurityAssignment.objects.visible_to(user, Action.CHANGE)
        .filter(pk__in=list(ids))
        .values_list("pk", flat=True)
    )


# --------------------------------------------------------------------------- demand, deadlines


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


def late_acknowledgement_q(now: datetime) -> Q:
    """Still waiting for acknowledgement after its deadline."""
    return Q(status=AssignmentStatus.PENDING, acknowledge_before__lt=now)


def late_staffing_q(now: datetime) -> Q:
    """Open and not reported staffed after its staffing deadline."""
    return Q(status__in=OPEN_ASSIGNMENT_STATUSES, staffed_at__isnull=True, staffed_before__lt=now)


def is_overdue(a: SecurityAssignment, now: datetime) -> bool:
    """The two filters above, for one row already read."""
    late_ack = a.status == AssignmentStatus.PENDING and a.acknowledge_before < now
    late_staff = (
        a.status in OPEN_ASSIGNMENT_STATUSES and a.staffed_at is None and a.staffed_before < now
    )
    return late_ack or late_staff


def overdue_assignments(qs: QuerySet, now: datetime | None = None) -> QuerySet:
    """Of `qs` (already scoped), those late in acknowledgement or staffing. Read-only: the
    alerts are the `escalate-assignments` job's."""
    now = now or timezone.now()
    return qs.filter(late_acknowledgement_q(now) | late_staffing_q(now))


def overdue_assignments_for(user: Any, now: datetime | None = None) -> QuerySet:
    """Late assignments the user may see, most urgent first (the start-page panel)."""
    visible = SecurityAssignment.objects.visible_to(user).select_related(
        "measure", "executing_organisation", "case"
    )
    return overdue_assignments(visible, now).order_by("-priority", "acknowledge_before")


# --------------------------------------------------------------------------- local authorities


def notifications_for(user: Any, *, unread_only: bool = False) -> QuerySet:
    qs = LocalNotification.objects.visible_to(user).select_related("recipient")
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs


def notification_item(n: LocalNotification, *, with_recipient: bool = False) -> dict[str, Any]:
    """What a page shows of a notice: its kind and the allow-listed content, nothing else."""
    item: dict[str, Any] = {"pk": n.pk, "kind": n.get_kind_display(), **n.content()}
    # The recipient's own reply (empty for notices that are for information only).
    item.update(
        response=n.response,
        response_label=n.get_response_display() if n.response else "",
        response_reason=n.response_reason,
        responded_at=n.responded_at,
    )
    if with_recipient:
        item["recipient"] = n.recipient.name
    return item
