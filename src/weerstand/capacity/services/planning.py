"""Planning: solve a horizon, store the plan with its shortages and coverage, publish it.

The solver runs outside any transaction (it takes seconds); its result is then checked by the
independent validator and stored in one transaction. When a published plan overlaps the
horizon its lines are kept where possible, so a re-plan changes as little as it can.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.capacity import demand as dm
from weerstand.capacity import rules
from weerstand.capacity.models import PlanCoverage, PlanLine, PlanRun, PriorityRule, Shortage
from weerstand.capacity.planner import (
    Assignment,
    KeepPublished,
    PlanInputError,
    SolveOptions,
    solve,
    validate_plan,
)
from weerstand.capacity.services.inputs import (
    check_demand,
    officer_supply,
    open_assignments,
    police_and_kmar,
)
from weerstand.core.errors import ConcurrencyConflict, InvalidParam, NotPermitted, ValidationFailed
from weerstand.core.locks import serialise
from weerstand.policy import engine
from weerstand.policy.table import Action

MAX_DAYS = 28
MIN_TIME_LIMIT, MAX_TIME_LIMIT = 1.0, 120.0


def default_time_limit() -> float:
    """Seconds per solve; configurable with the CAPACITY_TIME_LIMIT setting (default 10)."""
    return float(getattr(settings, "CAPACITY_TIME_LIMIT", 10.0))


def _check_plan_input(start: Any, days: Any, time_limit: Any) -> tuple[date, int, float]:
    errors = []
    if not isinstance(start, date):
        errors.append(InvalidParam("start", "invalid", _("Geef een geldige begindatum.")))
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= MAX_DAYS:
        errors.append(
            InvalidParam(
                "days",
                "range",
                _("De horizon is 1 tot en met %(max)s dagen.") % {"max": MAX_DAYS},
            )
        )
    try:
        limit = float(time_limit)
    except (TypeError, ValueError):
        limit = -1.0
    if not MIN_TIME_LIMIT <= limit <= MAX_TIME_LIMIT:
        errors.append(
            InvalidParam(
                "time_limit",
                "range",
                _("De tijdslimiet is %(lo)s tot en met %(hi)s seconden.")
                % {"lo": int(MIN_TIME_LIMIT), "hi": int(MAX_TIME_LIMIT)},
            )
        )
    if errors:
        raise ValidationFailed(_("Het plan kan zo niet worden gemaakt."), invalid_params=errors)
    return start, days, limit


def _published_overlap(start: date, days: int) -> PlanRun | None:
    end = start + timedelta(days=days - 1)
    return (
        PlanRun.objects.filter(published=True, horizon_start__lte=end)
        .order_by("-published_at", "-pk")
        .first()
    )


def _keep_for(built: dm.Built, published: PlanRun | None) -> KeepPublished | None:
    """The published lines inside the new horizon: hints, and a penalty for each change."""
    if published is None:
        return None
    days = built.problem.num_days
    end = built.start + timedelta(days=days - 1)
    pub_end = published.horizon_start + timedelta(days=published.days - 1)
    if pub_end < built.start:
        return None
    previous = []
    for line in PlanLine.objects.filter(
        run=published, date__gte=built.start, date__lte=end
    ).order_by("pk"):
        emp = dm.officer_id(line.officer_id)
        if emp in built.officers:
            previous.append(
                Assignment(emp, built.day_of(line.date), line.shift, dm.post_id(line.assignment_id))
            )
    first = max(built.start, published.horizon_start)
    last = min(end, pub_end)
    cells = frozenset(
        (emp, built.day_of(first + timedelta(days=i)))
        for emp in built.officers
        for i in range((last - first).days + 1)
    )
    return KeepPublished(previous=tuple(previous), published=cells, mode="penalise")


def plan(
    actor: Any,
    start: date,
    days: int,
    time_limit: float | None = None,
    *,
    assignments: Sequence[dm.AssignmentDemand] | None = None,
) -> PlanRun:
    """Solve the plan for a horizon and store it with its shortages.

    When a published plan overlaps the horizon, its lines are kept where possible (each
    changed published cell costs more than any overtime or fairness gain, less than any
    uncovered post). `assignments` replaces the open assignments (tests, what-if runs).
    """
    engine.require_principal(actor)
    if not rules.may_plan(actor):
        raise NotPermitted(_("U mag geen plannen maken."))
    start, days, limit = _check_plan_input(
        start, days, default_time_limit() if time_limit is None else time_limit
    )
    demand = open_assignments(start, days) if assignments is None else list(assignments)
    check_demand(demand)
    supply = officer_supply(start, days)
    if not supply:
        raise ValidationFailed(
            _("Er zijn geen inzetbare medewerkers: registreer eerst medewerkers per eenheid."),
            invalid_params=[InvalidParam("officers", "empty", _("Geen medewerkers."))],
        )
    built = dm.build_problem(start, days, demand, supply, police_and_kmar=police_and_kmar())
    published = _published_overlap(start, days)
    keep = _keep_for(built, published)
    options = SolveOptions(time_limit=limit, allow_uncoverable=True, num_workers=2)
    try:
        result = solve(built.problem, options, keep)
    except PlanInputError as exc:
        raise ValidationFailed(
            _("De planningsgegevens zijn ongeldig: %(detail)s") % {"detail": str(exc)[:500]}
        ) from exc
    report = validate_plan(built.problem, result.assignments, keep) if result.ok else None
    if report is not None and not report.ok:
        # Never store a roster that breaks a hard rule; this is a bug, not a user error.
        raise RuntimeError(f"planner returned a roster with violations: {report.violations[:3]}")
    return _store(actor, built, result, limit, published, report is not None)


def _store(
    actor: Any,
    built: dm.Built,
    result: Any,
    limit: float,
    published: PlanRun | None,
    validated: bool,
) -> PlanRun:
    bound = result.coverage_bound
    with transaction.atomic():
        serialise("capacity-plan")
        run = PlanRun.objects.create(
            horizon_start=built.start,
            days=built.problem.num_days,
            time_limit=limit,
            status=str(result.status),
            source=result.source,
            message=result.message[:300],
            solve_seconds=round(result.seconds, 3),
            objective=result.objective,
            best_bound=result.best_bound,
            gap=result.gap,
            required_total=result.required_total,
            covered_total=result.covered_total,
            covered_upper_bound=bound.covered_max if bound is not None else None,
            coverage_bound_method=bound.method if bound is not None else "",
            officers_total=len(built.officers),
            assignments_total=len(built.assignments),
            changed_published=len(result.changed_published),
            validator_ok=validated,
            based_on=published,
            created_by=actor,
        )
        PlanLine.objects.bulk_create(
            [
                PlanLine(
                    run=run,
                    officer_id=built.officers[a.employee].pk,
                    date=built.date_of(a.day),
                    shift=a.shift,
                    assignment_id=built.assignments[a.post].pk,
                    assignment_reference=built.assignments[a.post].reference,
                    case_id=built.assignments[a.post].case_id,
                )
                for a in result.assignments
            ]
        )
        Shortage.objects.bulk_create([_shortage(run, built, s) for s in result.shortfalls])
        PlanCoverage.objects.bulk_create(_coverage(run, built, result.assignments))
        audit.record(
            AuditAction.CREATE,
            run,
            changes={
                "status": [None, str(result.status)],
                "coverage": [None, round(run.coverage, 4)],
                "shortages": [None, len(result.shortfalls)],
                "changed_published": [None, run.changed_published],
            },
            actor=actor,
        )
    return run


def _coverage(run: PlanRun, built: dm.Built, assignments: Sequence[Assignment]) -> list[Any]:
    covered: dict[tuple[str, int], int] = defaultdict(int)
    for a in assignments:
        covered[(a.post, a.day)] += 1
    required: dict[tuple[str, int], int] = defaultdict(int)
    for d in built.problem.demands:
        required[(d.post, d.day)] += d.required
    cells = []
    for (post, day), need in sorted(required.items()):
        demand = built.assignments[post]
        cells.append(
            PlanCoverage(
                run=run,
                assignment_id=demand.pk,
                assignment_reference=demand.reference,
                case_id=demand.case_id,
                executing_organisation_id=demand.executing_organisation_id,
                date=built.date_of(day),
                required=need,
                covered=min(need, covered.get((post, day), 0)),
            )
        )
    return cells


def _shortage(run: PlanRun, built: dm.Built, s: Any) -> Shortage:
    a = built.assignments[s.post]
    others = [
        built.assignments[r.post]
        for r in s.displaced_by
        if r.post != s.post and r.post in built.assignments
    ]
    return Shortage(
        run=run,
        assignment_id=a.pk,
        assignment_reference=a.reference,
        case_id=a.case_id,
        executing_organisation_id=a.executing_organisation_id,
        date=built.date_of(s.day),
        shift=s.shift,
        priority=a.priority,
        required=s.required,
        covered=s.covered,
        missing=s.short,
        qualifications=sorted(s.qualifications),
        eligible=s.eligible,
        binding=s.binding,
        reason_counts=dict(s.reason_counts),
        priority_rule=priority_rule(a, others),
        displaced_by=sorted({o.pk for o in others}),
    )


def priority_rule(short: dm.AssignmentDemand, displacers: Sequence[dm.AssignmentDemand]) -> str:
    """Which rule gave the officers to another assignment (the one that decided most)."""
    if not displacers:
        return PriorityRule.NO_CAPACITY
    top = max(displacers, key=lambda a: (a.priority, -_decided_key(a)))
    if (
        top.resistance_level is not None
        and short.resistance_level is not None
        and top.resistance_level > short.resistance_level
    ):
        return PriorityRule.HIGHER_RESISTANCE
    same_resistance = top.resistance_level == short.resistance_level
    if (
        same_resistance
        and top.threat_level is not None
        and short.threat_level is not None
        and top.threat_level > short.threat_level
    ):
        return PriorityRule.HIGHER_THREAT
    if top.priority > short.priority:
        return PriorityRule.HIGHER_PRIORITY
    return PriorityRule.EARLIER_DECISION


def _decided_key(a: dm.AssignmentDemand) -> float:
    return a.decided_at.timestamp() if a.decided_at is not None else float("inf")


def publish(actor: Any, run_id: int, *, expected_version: int) -> PlanRun:
    """Publish a plan: units roster from it, and a later re-plan keeps its lines."""
    engine.require_principal(actor)
    if not rules.may_coordinate(actor):
        raise NotPermitted(_("U mag geen plannen publiceren."))
    with transaction.atomic():
        serialise("capacity-plan")
        run = engine.get_for(PlanRun.objects.select_for_update(), actor, Action.CHANGE, pk=run_id)
        if expected_version != run.version:
            raise ConcurrencyConflict(_("Het plan is intussen gewijzigd."))
        if run.published:
            raise ValidationFailed(_("Dit plan is al gepubliceerd."))
        if run.status not in ("OPTIMAL", "FEASIBLE"):
            raise ValidationFailed(_("Een plan zonder rooster kan niet worden gepubliceerd."))
        PlanRun.objects.filter(published=True).update(published=False)
        PlanRun.objects.filter(pk=run.pk).update(
            published=True,
            published_at=timezone.now(),
            published_by=actor,
            version=F("version") + 1,
        )
        run.refresh_from_db()
        audit.record(AuditAction.UPDATE, run, changes={"published": [False, True]}, actor=actor)
    return run
