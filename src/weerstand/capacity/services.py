"""Domain services of the capacity app: officers, absences, planning, publishing, displacement.

Every change goes through here and writes its audit record in the same transaction. The
solver runs outside any transaction (it takes seconds); its result is then checked by the
independent validator and stored in one transaction. The demand for the solver is read from
all open security assignments (system use: a plan must cover every protection, also those
the planner may not see); what the pages show is filtered per user again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.capacity import demand as dm
from weerstand.capacity.models import (
    Absence,
    AbsenceKind,
    InformTask,
    Officer,
    PlanCoverage,
    PlanLine,
    PlanRun,
    PrioritisationConfirmation,
    PriorityRule,
    ShiftWish,
    Shortage,
    TaskStatus,
)
from weerstand.capacity.planner import (
    Assignment,
    KeepPublished,
    PlanInputError,
    SolveOptions,
    solve,
    validate_plan,
)
from weerstand.capacity.qualifications import Qualification
from weerstand.core.errors import (
    ConcurrencyConflict,
    InvalidParam,
    NotPermitted,
    ValidationFailed,
)
from weerstand.core.locks import serialise
from weerstand.organisations.models import Organisation, OrganisationKind, Unit
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource

MAX_DAYS = 28
MIN_TIME_LIMIT, MAX_TIME_LIMIT = 1.0, 120.0
OPEN_STATUSES = ("pending", "acknowledged", "active")


def default_time_limit() -> float:
    """Seconds per solve; configurable with the CAPACITY_TIME_LIMIT setting (default 10)."""
    return float(getattr(settings, "CAPACITY_TIME_LIMIT", 10.0))


def _require_reason(reason: str, name: str = "reason") -> str:
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationFailed(
            _("Een motivering is verplicht (minimaal 5 tekens)."),
            invalid_params=[InvalidParam(name, "required", _("Geef een motivering op."))],
        )
    return reason


def _need(actor: Any, resource: Resource, action: Action, message: str) -> None:
    engine.require_principal(actor)
    if not engine.can(actor, resource, action):
        raise NotPermitted(message)


# --------------------------------------------------------------------------- officers


@dataclass
class OfficerData:
    unit: Unit
    first_name: str
    last_name: str
    badge: str
    qualifications: Sequence[str]
    contract_hours: int = 36
    active: bool = True
    shift_wish: str = ""


def units_for(user: Any, action: str = Action.VIEW) -> QuerySet[Unit]:
    """Protection units whose officers the user may see (or change): same scope as officers."""
    from weerstand.policy.table import Scope, scopes_for

    p = engine.principal(user)
    scopes = scopes_for(p.roles, Resource.CAPACITY, Action(action))
    units = Unit.objects.filter(kind__in=dm_unit_kinds()).select_related("organisation")
    if Scope.ALL in scopes:
        return units
    if Scope.ORGANISATION in scopes and p.organisation_id is not None:
        return units.filter(organisation=p.organisation_id)
    return units.none()


def _check_officer(data: OfficerData) -> None:
    errors = []
    if not data.first_name.strip() or not data.last_name.strip():
        errors.append(InvalidParam("last_name", "required", _("Naam is verplicht.")))
    if not data.badge.strip():
        errors.append(InvalidParam("badge", "required", _("Personeelsnummer is verplicht.")))
    unknown = sorted(set(data.qualifications) - set(Qualification.values))
    if unknown:
        errors.append(
            InvalidParam("qualifications", "invalid-choice", _("Onbekende kwalificatie."))
        )
    if not 0 <= int(data.contract_hours) <= 60:
        errors.append(InvalidParam("contract_hours", "range", _("Tussen 0 en 60 uur.")))
    if data.shift_wish not in ShiftWish.values:
        errors.append(InvalidParam("shift_wish", "invalid-choice", _("Onbekende voorkeur.")))
    if data.unit.kind not in dm_unit_kinds():
        errors.append(InvalidParam("unit", "invalid", _("Geen beveiligingseenheid.")))
    if errors:
        raise ValidationFailed(
            _("De gegevens van de medewerker zijn niet volledig."), invalid_params=errors
        )


def dm_unit_kinds() -> tuple[str, ...]:
    """Unit kinds that deliver protection officers."""
    return ("dkdb", "be", "bsb", "hrb", "kmar_pb", "police_pb", "regional", "private")


def _may_change_unit(actor: Any, unit: Unit, action: Action) -> bool:
    from weerstand.policy.table import Scope, scopes_for

    scopes = scopes_for(actor.role_codes, Resource.CAPACITY, action)
    if Scope.ALL in scopes:
        return True
    return Scope.ORGANISATION in scopes and unit.organisation_id == actor.organisation_id


def create_officer(actor: Any, data: OfficerData) -> Officer:
    _need(actor, Resource.CAPACITY, Action.CREATE, _("U mag geen medewerkers registreren."))
    if not _may_change_unit(actor, data.unit, Action.CREATE):
        raise NotPermitted(_("U mag alleen medewerkers van uw eigen organisatie registreren."))
    _check_officer(data)
    try:
        with transaction.atomic():
            officer = Officer.objects.create(
                unit=data.unit,
                first_name=data.first_name.strip(),
                last_name=data.last_name.strip(),
                badge=data.badge.strip(),
                qualifications=sorted(set(data.qualifications)),
                contract_hours=int(data.contract_hours),
                active=data.active,
                shift_wish=data.shift_wish,
            )
            audit.record(
                AuditAction.CREATE,
                officer,
                changes={"unit": [None, data.unit.code], "badge": [None, officer.badge]},
                actor=actor,
            )
    except IntegrityError as exc:
        raise ValidationFailed(
            _("Dit personeelsnummer bestaat al."),
            invalid_params=[InvalidParam("badge", "unique", _("Bestaat al."))],
        ) from exc
    return officer


def update_officer(
    actor: Any, officer_id: int, changes: dict[str, Any], *, expected_version: int
) -> Officer:
    """Edit an officer with optimistic concurrency; a stale version changes nothing."""
    unknown = sorted(set(changes) - set(Officer.EDITABLE_FIELDS))
    if unknown:
        raise ValidationFailed(
            _("Deze velden kunnen niet worden gewijzigd."),
            invalid_params=[InvalidParam(n, "read-only", _("Niet wijzigbaar.")) for n in unknown],
        )
    with transaction.atomic():
        officer = engine.get_for(
            Officer.objects.select_for_update().select_related("unit"),
            actor,
            Action.CHANGE,
            pk=officer_id,
        )
        if expected_version != officer.version:
            raise ConcurrencyConflict(
                _("Versie %(old)s is verouderd; de huidige versie is %(new)s.")
                % {"old": expected_version, "new": officer.version}
            )
        merged = OfficerData(
            unit=changes.get("unit", officer.unit),
            first_name=changes.get("first_name", officer.first_name),
            last_name=changes.get("last_name", officer.last_name),
            badge=officer.badge,
            qualifications=changes.get("qualifications", officer.qualifications),
            contract_hours=changes.get("contract_hours", officer.contract_hours),
            active=changes.get("active", officer.active),
            shift_wish=changes.get("shift_wish", officer.shift_wish),
        )
        if merged.unit.pk != officer.unit_id and not _may_change_unit(
            actor, merged.unit, Action.CHANGE
        ):
            raise NotPermitted(_("U mag geen medewerker naar een andere organisatie verplaatsen."))
        _check_officer(merged)
        if "qualifications" in changes:
            changes["qualifications"] = sorted(set(changes["qualifications"]))
        diff = {}
        for name, new in changes.items():
            old = getattr(officer, name)
            if old != new:
                diff[name] = [getattr(old, "code", old), getattr(new, "code", new)]
        Officer.objects.filter(pk=officer.pk, version=expected_version).update(
            version=F("version") + 1, updated_at=timezone.now(), **changes
        )
        officer.refresh_from_db()
        audit.record(AuditAction.UPDATE, officer, changes=diff, actor=actor)
    return officer


def record_absence(
    actor: Any, officer_id: int, *, kind: str, starts_on: date, ends_on: date, note: str = ""
) -> Absence:
    """Leave, training or sickness: the planner will not plan the officer on these days."""
    errors = []
    if kind not in AbsenceKind.values:
        errors.append(InvalidParam("kind", "invalid-choice", _("Onbekende soort.")))
    if starts_on is None or ends_on is None or ends_on < starts_on:
        errors.append(InvalidParam("ends_on", "range", _("De einddatum ligt voor de begindatum.")))
    elif (ends_on - starts_on).days > 366:
        errors.append(InvalidParam("ends_on", "range", _("Ten hoogste een jaar per keer.")))
    if errors:
        raise ValidationFailed(_("De afwezigheid is niet geldig."), invalid_params=errors)
    with transaction.atomic():
        officer = engine.get_for(
            Officer.objects.select_for_update(), actor, Action.CHANGE, pk=officer_id
        )
        absence = Absence.objects.create(
            officer=officer,
            kind=kind,
            starts_on=starts_on,
            ends_on=ends_on,
            note=note.strip(),
            created_by=actor,
        )
        audit.record(
            AuditAction.CREATE,
            absence,
            changes={
                "kind": [None, kind],
                "starts_on": [None, starts_on.isoformat()],
                "ends_on": [None, ends_on.isoformat()],
            },
            actor=actor,
        )
    return absence


# --------------------------------------------------------------------------- demand


def _police_and_kmar() -> frozenset[int]:
    return frozenset(
        Organisation.objects.filter(
            kind__in=(OrganisationKind.POLICE, OrganisationKind.KMAR)
        ).values_list("pk", flat=True)
    )


def open_assignments(start: date, days: int) -> list[dm.AssignmentDemand]:
    """Every open security assignment overlapping the horizon (system use, unscoped)."""
    from weerstand.decisions.models import SecurityAssignment

    end = start + timedelta(days=days - 1)
    rows = (
        SecurityAssignment.objects.filter(status__in=OPEN_STATUSES, starts_on__lte=end)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
        .select_related("decision", "decision__assessment")
        .order_by("pk")
    )
    return [from_model(a) for a in rows]


def from_model(a: Any) -> dm.AssignmentDemand:
    """The planner's view of a decisions.SecurityAssignment row."""
    decision = a.decision
    assessment = getattr(decision, "assessment", None)
    return dm.AssignmentDemand(
        pk=a.pk,
        reference=a.reference,
        case_id=a.case_id,
        executing_organisation_id=a.executing_organisation_id,
        officers=int(a.officers),
        qualifications=tuple(a.qualifications or ()),
        start_hour=int(a.start_hour),
        end_hour=int(a.end_hour),
        weekdays=tuple(int(d) for d in (a.weekdays or range(7))),
        starts_on=a.starts_on,
        ends_on=a.ends_on,
        mixed_team_allowed=bool(a.mixed_team_allowed),
        priority=int(a.priority),
        resistance_level=getattr(decision, "required_resistance", None),
        threat_level=getattr(assessment, "threat_level", None),
        decided_at=getattr(decision, "decided_at", None),
    )


def officer_supply(start: date, days: int) -> list[dm.OfficerSupply]:
    """Active officers with their absent days in the horizon (system use, unscoped)."""
    end = start + timedelta(days=days - 1)
    absent: dict[int, set[date]] = defaultdict(set)
    for a in Absence.objects.filter(starts_on__lte=end, ends_on__gte=start):
        day = max(a.starts_on, start)
        while day <= min(a.ends_on, end):
            absent[a.officer_id].add(day)
            day += timedelta(days=1)
    return [
        dm.OfficerSupply(
            pk=o.pk,
            unit_id=o.unit_id,
            organisation_id=o.unit.organisation_id,
            qualifications=tuple(o.qualifications),
            contract_hours=o.contract_hours,
            absent=frozenset(absent.get(o.pk, ())),
            shift_wish=o.shift_wish,
        )
        for o in Officer.objects.filter(active=True).select_related("unit").order_by("pk")
    ]


def _check_demand(assignments: Iterable[dm.AssignmentDemand]) -> None:
    errors = []
    for a in assignments:
        if a.officers < 0:
            errors.append(
                InvalidParam(
                    "officers",
                    "negative",
                    _("Opdracht %(ref)s vraagt een negatief aantal beveiligers.")
                    % {"ref": a.reference},
                )
            )
        if not (0 <= a.start_hour <= 24 and 0 <= a.end_hour <= 24):
            errors.append(
                InvalidParam(
                    "hours",
                    "range",
                    _("Opdracht %(ref)s heeft ongeldige uren.") % {"ref": a.reference},
                )
            )
        if any(not 0 <= d <= 6 for d in a.weekdays):
            errors.append(
                InvalidParam(
                    "weekdays",
                    "range",
                    _("Opdracht %(ref)s heeft ongeldige weekdagen.") % {"ref": a.reference},
                )
            )
    if errors:
        raise ValidationFailed(_("De vraag naar capaciteit is ongeldig."), invalid_params=errors)


# --------------------------------------------------------------------------- planning


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
    _need(actor, Resource.CAPACITY_PLAN, Action.CREATE, _("U mag geen plannen maken."))
    start, days, limit = _check_plan_input(
        start, days, default_time_limit() if time_limit is None else time_limit
    )
    demand = open_assignments(start, days) if assignments is None else list(assignments)
    _check_demand(demand)
    supply = officer_supply(start, days)
    if not supply:
        raise ValidationFailed(
            _("Er zijn geen inzetbare medewerkers: registreer eerst medewerkers per eenheid."),
            invalid_params=[InvalidParam("officers", "empty", _("Geen medewerkers."))],
        )
    built = dm.build_problem(start, days, demand, supply, police_and_kmar=_police_and_kmar())
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
    _need(actor, Resource.CAPACITY_PLAN, Action.CHANGE, _("U mag geen plannen publiceren."))
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


# --------------------------------------------------------------------------- displacement


def task_summary(reference: str, shortages: Sequence[Shortage]) -> str:
    """What the case owner tells the protected person: when, how much short, and why.

    Never the names of officers nor of other protected persons: only this assignment.
    """
    rules = {str(PriorityRule(s.priority_rule).label) for s in shortages}
    dates = sorted({s.date for s in shortages})
    missing = sum(s.missing for s in shortages)
    when = (
        dates[0].strftime("%d-%m-%Y")
        if len(dates) == 1
        else f"{dates[0]:%d-%m-%Y} t/m {dates[-1]:%d-%m-%Y}"
    )
    return _(
        "Informeer de beschermde persoon over minder beveiliging bij opdracht %(ref)s: "
        "%(shifts)s dienst(en) met in totaal %(missing)s beveiliger(s) te weinig, %(when)s. "
        "Regel: %(rules)s."
    ) % {
        "ref": reference,
        "shifts": len(shortages),
        "missing": missing,
        "when": when,
        "rules": "; ".join(sorted(rules)),
    }


def confirm_prioritisation(actor: Any, run_id: int, reason: str) -> PrioritisationConfirmation:
    """The coordinator confirms the run's displacement choices with a reason (once per run);
    each affected case's owner then gets a task to inform the protected person."""
    from weerstand.policy.models import CompartmentMembership

    _need(
        actor,
        Resource.CAPACITY_PLAN,
        Action.CHANGE,
        _("Alleen het LCC bevestigt de prioritering."),
    )
    reason = _require_reason(reason)
    with transaction.atomic():
        run = engine.get_for(PlanRun.objects.select_for_update(), actor, Action.CHANGE, pk=run_id)
        if PrioritisationConfirmation.objects.filter(run=run).exists():
            raise ValidationFailed(_("De prioritering van dit plan is al bevestigd."))
        shortages = list(Shortage.objects.filter(run=run).select_related("case").order_by("pk"))
        if not shortages:
            raise ValidationFailed(_("Dit plan heeft geen tekorten; er valt niets te bevestigen."))
        confirmation = PrioritisationConfirmation.objects.create(
            run=run, confirmed_by=actor, reason=reason
        )
        by_case: dict[int, list[Shortage]] = defaultdict(list)
        for s in shortages:
            by_case[s.case_id].append(s)
        tasks = []
        for case_id, rows in sorted(by_case.items()):
            case = rows[0].case
            owner = (
                CompartmentMembership.objects.filter(compartment=case.team_id, function="owner")
                .order_by("pk")
                .values_list("user_id", flat=True)
                .first()
            )
            per_assignment: dict[str, list[Shortage]] = defaultdict(list)
            for s in rows:
                per_assignment[s.assignment_reference].append(s)
            summary = "\n".join(task_summary(ref, group) for ref, group in per_assignment.items())
            tasks.append(InformTask(case_id=case_id, assignee_id=owner, run=run, summary=summary))
        created = InformTask.objects.bulk_create(tasks)
        PrioritisationConfirmation.objects.filter(pk=confirmation.pk).update(
            tasks_created=len(created)
        )
        confirmation.tasks_created = len(created)
        audit.record(
            AuditAction.CREATE,
            confirmation,
            changes={"shortages": [None, len(shortages)], "tasks": [None, len(created)]},
            reason=reason,
            actor=actor,
        )
        for task in InformTask.objects.filter(run=run):
            audit.record(
                AuditAction.CREATE,
                task,
                changes={"assignee": [None, task.assignee_id], "status": [None, task.status]},
                actor=actor,
            )
    return confirmation


def complete_task(actor: Any, task_id: int, note: str) -> InformTask:
    """The case owner records that (and how) the protected person was informed."""
    note = _require_reason(note, "note")
    with transaction.atomic():
        task = engine.get_for(
            InformTask.objects.select_for_update(), actor, Action.CHANGE, pk=task_id
        )
        if task.status == TaskStatus.DONE:
            raise ValidationFailed(_("Deze taak is al afgerond."))
        InformTask.objects.filter(pk=task.pk).update(
            status=TaskStatus.DONE, note=note, done_at=timezone.now(), done_by=actor
        )
        task.refresh_from_db()
        audit.record(AuditAction.UPDATE, task, changes={"status": ["open", "done"]}, actor=actor)
    return task


# --------------------------------------------------------------------------- reading


def visible_assignment_ids(user: Any) -> set[int]:
    """Security assignments the user may see (the decisions app's rule)."""
    from weerstand.decisions.models import SecurityAssignment

    try:
        return set(SecurityAssignment.objects.visible_to(user).values_list("pk", flat=True))
    except LookupError:
        # The decisions app has not registered its rule: fall back to "the case is visible",
        # never to "everything".
        return set(
            SecurityAssignment.objects.filter(
                engine.case_q(user, Action.VIEW, prefix="case__")
            ).values_list("pk", flat=True)
        )


def latest_run(user: Any) -> PlanRun | None:
    return PlanRun.objects.visible_to(user).order_by("-created_at", "-pk").first()


def published_run(user: Any) -> PlanRun | None:
    return PlanRun.objects.visible_to(user).filter(published=True).order_by("-pk").first()
