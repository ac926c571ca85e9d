"""Independent roster checker: plain loops, no solver and no model code.

A plan is only trusted when a second, deliberately simple implementation agrees that every hard
rule holds and arrives at the same objective.  Two entry points: :func:`validate_curtois` reads
the benchmark instance directly (so the mapping onto the generic problem is checked too) and
:func:`validate_plan` checks a generic problem, national rules included.  Only the tier
multipliers (:func:`problem.objective_scales`) are shared, because they *define* the objective.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .curtois import CurtoisInstance
from .problem import Assignment, Demand, Employee, KeepPublished, Problem, objective_scales

DAY = 1440

FORMAT = "format"
UNKNOWN = "unknown_reference"
ONE_PER_DAY = "one_shift_per_day"
UNAVAILABLE = "unavailable"
ELIGIBILITY = "eligibility"
SHIFT_LENGTH = "max_shift_length"
FORBIDDEN_NEXT = "forbidden_next"
REST = "min_rest"
WEEKLY = "max_minutes_per_7_days"
NIGHTS = "max_consecutive_nights"
MAX_TOTAL = "max_total_minutes"
MIN_TOTAL = "min_total_minutes"
MAX_OF_TYPE = "max_shifts_of_type"
MAX_CONSECUTIVE = "max_consecutive_shifts"
MIN_CONSECUTIVE = "min_consecutive_shifts"
MIN_DAYS_OFF = "min_consecutive_days_off"
MAX_WEEKENDS = "max_weekends"
PUBLISHED = "published_fixed"


@dataclass(frozen=True)
class Violation:
    rule: str
    employee: str | None
    day: int | None
    message: str


@dataclass(frozen=True)
class ValidationReport:
    """All hard-rule violations found and the objective recomputed from scratch."""

    violations: tuple[Violation, ...]
    objective: int
    components: Mapping[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.violations

    @property
    def rules(self) -> set[str]:
        """Names of the violated rules, handy in tests and logs."""
        return {v.rule for v in self.violations}


def _runs(flags: Sequence[bool]) -> list[tuple[int, int]]:
    """Maximal runs of True as (first, last) day pairs."""
    runs: list[tuple[int, int]] = []
    start = None
    for d, flag in enumerate(flags):
        if flag and start is None:
            start = d
        if not flag and start is not None:
            runs.append((start, d - 1))
            start = None
    if start is not None:
        runs.append((start, len(flags) - 1))
    return runs


def _weekends_worked(worked: Sequence[bool], start_weekday: int) -> int:
    weeks = set()
    for d, w in enumerate(worked):
        weekday = (start_weekday + d) % 7
        if w and weekday in (5, 6):
            weeks.add((start_weekday + d) // 7)
    return len(weeks)


def _block_checks(
    out: list[Violation],
    emp: str,
    worked: Sequence[bool],
    max_consecutive: int | None,
    min_consecutive: int | None,
    min_days_off: int | None,
    exempt: bool,
) -> None:
    horizon = len(worked)
    for a, b in _runs(worked):
        length = b - a + 1
        touches = a == 0 or b == horizon - 1
        if max_consecutive is not None and length > max_consecutive:
            out.append(
                Violation(
                    MAX_CONSECUTIVE,
                    emp,
                    a,
                    f"{length} shifts in a row from day {a} (max {max_consecutive})",
                )
            )
        if min_consecutive and length < min_consecutive and not (exempt and touches):
            out.append(
                Violation(
                    MIN_CONSECUTIVE,
                    emp,
                    a,
                    f"only {length} shift(s) in a row from day {a} (min {min_consecutive})",
                )
            )
    if min_days_off:
        for a, b in _runs([not w for w in worked]):
            length = b - a + 1
            touches = a == 0 or b == horizon - 1
            if length < min_days_off and not (exempt and touches):
                out.append(
                    Violation(
                        MIN_DAYS_OFF,
                        emp,
                        a,
                        f"only {length} day(s) off from day {a} (min {min_days_off})",
                    )
                )


def validate_curtois(
    instance: CurtoisInstance, grid: Mapping[str, Sequence[str | None]]
) -> ValidationReport:
    """Check a benchmark roster (employee -> shift id or None per day) against the instance."""
    out: list[Violation] = []
    horizon = instance.horizon
    shifts = {s.id: s for s in instance.shifts}
    staff_ids = [s.id for s in instance.staff]
    for emp in grid:
        if emp not in staff_ids:
            out.append(Violation(FORMAT, emp, None, f"unknown employee {emp!r}"))
    rows: dict[str, list[str | None]] = {}
    for st in instance.staff:
        row = list(grid.get(st.id, [None] * horizon))
        if len(row) != horizon:
            out.append(Violation(FORMAT, st.id, None, f"{len(row)} days instead of {horizon}"))
            row = (row + [None] * horizon)[:horizon]
        for d, v in enumerate(row):
            if v is not None and v not in shifts:
                out.append(Violation(FORMAT, st.id, d, f"unknown shift {v!r}"))
                row[d] = None
        rows[st.id] = row

        worked = [v is not None for v in row]
        for d in sorted(instance.days_off.get(st.id, ())):
            if row[d] is not None:
                out.append(Violation(UNAVAILABLE, st.id, d, f"works {row[d]} on a day off"))
        for d in range(horizon - 1):
            a, b = row[d], row[d + 1]
            if a is not None and b is not None and b in shifts[a].forbidden_next:
                out.append(
                    Violation(
                        FORBIDDEN_NEXT, st.id, d + 1, f"{b} on day {d + 1} may not follow {a}"
                    )
                )
        for sid, limit in st.max_shifts.items():
            count = sum(1 for v in row if v == sid)
            if count > limit:
                out.append(
                    Violation(MAX_OF_TYPE, st.id, None, f"{count} shifts {sid} (max {limit})")
                )
        minutes = sum(shifts[v].length for v in row if v is not None)
        if minutes > st.max_total_minutes:
            out.append(
                Violation(MAX_TOTAL, st.id, None, f"{minutes} min (max {st.max_total_minutes})")
            )
        if minutes < st.min_total_minutes:
            out.append(
                Violation(MIN_TOTAL, st.id, None, f"{minutes} min (min {st.min_total_minutes})")
            )
        _block_checks(
            out,
            st.id,
            worked,
            st.max_consecutive_shifts,
            st.min_consecutive_shifts,
            st.min_consecutive_days_off,
            exempt=True,
        )
        weekends = _weekends_worked(worked, 0)
        if weekends > st.max_weekends:
            out.append(
                Violation(MAX_WEEKENDS, st.id, None, f"{weekends} weekends (max {st.max_weekends})")
            )

    requests = 0
    for r in instance.on_requests:
        if rows[r.employee][r.day] != r.shift:
            requests += r.weight
    for r in instance.off_requests:
        if rows[r.employee][r.day] == r.shift:
            requests += r.weight
    cover = 0
    for c in instance.cover:
        have = sum(1 for row in rows.values() if row[c.day] == c.shift)
        if have < c.requirement:
            cover += (c.requirement - have) * c.under_weight
        else:
            cover += (have - c.requirement) * c.over_weight
    return ValidationReport(tuple(out), cover + requests, {"cover": cover, "requests": requests})


def _admits(
    emp_quals: frozenset[str],
    unit: str,
    org: str,
    dm_quals: frozenset[str],
    units: frozenset[str] | None,
    orgs: frozenset[str] | None,
) -> bool:
    return (
        all(q in emp_quals for q in dm_quals)
        and (units is None or unit in units)
        and (orgs is None or org in orgs)
    )


def validate_plan(
    problem: Problem,
    assignments: Sequence[Assignment],
    keep: KeepPublished | None = None,
) -> ValidationReport:
    """Check every hard rule of a generic problem and recompute its objective."""
    out: list[Violation] = []
    p = problem
    horizon = p.num_days
    rules = p.rules
    shifts = {s.id: s for s in p.shift_types}
    employees = {e.id: e for e in p.employees}
    demands = {(dm.post, dm.day, dm.shift): dm for dm in p.demands}
    max_end = max(s.start_minute + s.length_minutes for s in p.shift_types)

    schedule: dict[str, dict[int, Assignment]] = {e.id: {} for e in p.employees}
    covered: dict[tuple[str, int, str], int] = {}
    for a in assignments:
        dm = demands.get((a.post, a.day, a.shift))
        if a.employee not in employees or a.shift not in shifts or dm is None:
            out.append(
                Violation(
                    UNKNOWN,
                    a.employee,
                    a.day,
                    f"assignment {a} names an unknown employee, shift or demand",
                )
            )
            continue
        if a.day in schedule[a.employee]:
            out.append(Violation(ONE_PER_DAY, a.employee, a.day, "two shifts on one day"))
        schedule[a.employee][a.day] = a
        covered[(a.post, a.day, a.shift)] = covered.get((a.post, a.day, a.shift), 0) + 1
        e = employees[a.employee]
        if not _admits(
            e.qualifications,
            e.unit,
            e.organisation,
            dm.qualifications,
            dm.eligible_units,
            dm.eligible_organisations,
        ):
            out.append(Violation(ELIGIBILITY, a.employee, a.day, f"not eligible for post {a.post}"))

    for e in p.employees:
        sched = schedule[e.id]
        days = sorted(sched)
        for d in days:
            if d in e.unavailable_days:
                out.append(Violation(UNAVAILABLE, e.id, d, "works while unavailable"))
            length = shifts[sched[d].shift].length_minutes
            if rules.max_shift_minutes is not None and length > rules.max_shift_minutes:
                out.append(Violation(SHIFT_LENGTH, e.id, d, f"{length} min shift"))
        # pairwise rest / may-not-follow between shifts on different days
        for i, d1 in enumerate(days):
            s1 = shifts[sched[d1].shift]
            end1 = d1 * DAY + s1.start_minute + s1.length_minutes
            for d2 in days[i + 1 :]:
                s2 = shifts[sched[d2].shift]
                start2 = d2 * DAY + s2.start_minute
                if d2 == d1 + 1 and s2.id in s1.forbidden_next:
                    out.append(
                        Violation(
                            FORBIDDEN_NEXT, e.id, d2, f"{s2.id} on day {d2} may not follow {s1.id}"
                        )
                    )
                gap = start2 - end1
                if rules.min_rest_minutes is not None and gap < rules.min_rest_minutes:
                    out.append(
                        Violation(
                            REST,
                            e.id,
                            d2,
                            f"{gap} min rest before day {d2} (min {rules.min_rest_minutes})",
                        )
                    )
                if (d2 - d1) * DAY - max_end >= (rules.min_rest_minutes or 0) and d2 > d1 + 1:
                    break
        minutes = [
            shifts[sched[d].shift].length_minutes if d in sched else 0 for d in range(horizon)
        ]
        if rules.max_minutes_per_7_days is not None:
            for w0 in range(max(1, horizon - 6)):
                used = sum(minutes[w0 : w0 + 7])
                if used > rules.max_minutes_per_7_days:
                    out.append(
                        Violation(
                            WEEKLY,
                            e.id,
                            w0,
                            f"{used} min in days {w0}..{w0 + 6} "
                            f"(max {rules.max_minutes_per_7_days})",
                        )
                    )
        if rules.max_consecutive_nights is not None:
            nights = [d in sched and shifts[sched[d].shift].is_night for d in range(horizon)]
            for lo, hi in _runs(nights):
                if hi - lo + 1 > rules.max_consecutive_nights:
                    out.append(
                        Violation(NIGHTS, e.id, lo, f"{hi - lo + 1} nights in a row from day {lo}")
                    )
        total = sum(minutes)
        if e.max_total_minutes is not None and total > e.max_total_minutes:
            out.append(Violation(MAX_TOTAL, e.id, None, f"{total} min (max {e.max_total_minutes})"))
        if e.min_total_minutes is not None and total < e.min_total_minutes:
            out.append(Violation(MIN_TOTAL, e.id, None, f"{total} min (min {e.min_total_minutes})"))
        for sid, limit in e.max_shifts_per_type.items():
            count = sum(1 for a in sched.values() if a.shift == sid)
            if count > limit:
                out.append(
                    Violation(MAX_OF_TYPE, e.id, None, f"{count} shifts {sid} (max {limit})")
                )
        worked = [d in sched for d in range(horizon)]
        _block_checks(
            out,
            e.id,
            worked,
            e.max_consecutive_shifts,
            e.min_consecutive_shifts,
            e.min_consecutive_days_off,
            rules.exempt_boundary_blocks,
        )
        if e.max_weekends is not None:
            weekends = _weekends_worked(worked, p.start_weekday)
            if weekends > e.max_weekends:
                out.append(
                    Violation(
                        MAX_WEEKENDS, e.id, None, f"{weekends} weekends (max {e.max_weekends})"
                    )
                )

    # published cells
    changed = 0
    if keep is not None:
        before = {(a.employee, a.day): a for a in keep.previous}
        for emp_id, d in sorted(keep.published):
            now = schedule.get(emp_id, {}).get(d)
            was = before.get((emp_id, d))
            same = (now is None and was is None) or (
                now is not None
                and was is not None
                and (now.shift, now.post) == (was.shift, was.post)
            )
            if same:
                continue
            changed += 1
            if keep.mode == "fix" and _keepable(p, employees, demands, was, emp_id, d):
                out.append(
                    Violation(PUBLISHED, emp_id, d, f"published cell changed from {was} to {now}")
                )

    # objective, recomputed
    cfg = p.objective
    cover = 0
    for dm in p.demands:
        c = covered.get((dm.post, dm.day, dm.shift), 0)
        if c < dm.required:
            cover += dm.priority * dm.under_weight * (dm.required - c)
        elif c > dm.required:
            cover += dm.over_weight * (c - dm.required)
    prefs = 0
    for e in p.employees:
        for pf in e.preferences:
            cell = schedule[e.id].get(pf.day)
            works = cell is not None and (pf.shift is None or cell.shift == pf.shift)
            if pf.wanted and not works:
                prefs += pf.weight
            if not pf.wanted and works:
                prefs += pf.weight
    prefs *= cfg.preference_scale
    worked_minutes = {
        e.id: sum(shifts[a.shift].length_minutes for a in schedule[e.id].values())
        for e in p.employees
    }
    unit = cfg.balance_unit_minutes
    overtime = 0
    if cfg.overtime_weight:
        for e in p.employees:
            if e.contract_minutes is not None and worked_minutes[e.id] > e.contract_minutes:
                overtime += math.ceil((worked_minutes[e.id] - e.contract_minutes) / unit)
    unfair = 0
    if cfg.unfairness_weight:
        by_unit: dict[str, list[int]] = {}
        for e in p.employees:
            if e.contract_minutes is not None:
                by_unit.setdefault(e.unit, []).append(worked_minutes[e.id] - e.contract_minutes)
        for devs in by_unit.values():
            if len(devs) >= 2:
                unfair += math.ceil((max(devs) - min(devs)) / unit)
    balance = cfg.overtime_weight * overtime + cfg.unfairness_weight * unfair
    penalise = keep is not None and keep.mode == "penalise"
    stability = keep.change_weight * changed if keep is not None and penalise else 0
    scales = objective_scales(
        p,
        len(keep.published) if keep is not None and penalise else 0,
        keep.change_weight if keep is not None and penalise else 0,
    )
    objective = (
        scales.cover * cover
        + scales.stability * stability
        + scales.balance * balance
        + scales.preference * prefs
    )
    components = {
        "cover": cover,
        "stability": stability,
        "overtime_units": overtime,
        "unfairness_units": unfair,
        "balance": balance,
        "preferences": prefs,
        "published_changed": changed,
    }
    return ValidationReport(tuple(out), objective, components)


def _keepable(
    p: Problem,
    employees: Mapping[str, Employee],
    demands: Mapping[tuple[str, int, str], Demand],
    was: Assignment | None,
    emp_id: str,
    day: int,
) -> bool:
    """A published cell can only be demanded back if it is still possible at all."""
    if was is None:
        return True
    e = employees.get(emp_id)
    dm = demands.get((was.post, day, was.shift))
    shift = next((s for s in p.shift_types if s.id == was.shift), None)
    if e is None or dm is None or shift is None or day in e.unavailable_days:
        return False
    if p.rules.max_shift_minutes is not None and shift.length_minutes > p.rules.max_shift_minutes:
        return False
    if e.max_total_minutes is not None and shift.length_minutes > e.max_total_minutes:
        return False
    if e.max_shifts_per_type.get(was.shift, 1) == 0:
        return False
    return _admits(
        e.qualifications,
        e.unit,
        e.organisation,
        dm.qualifications,
        dm.eligible_units,
        dm.eligible_organisations,
    )
