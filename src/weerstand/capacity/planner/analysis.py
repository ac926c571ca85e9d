"""Why a demand was left short: the explanation planners need before they escalate.

Works on the finished roster only (plain Python, no solver), so the same explanation can be
produced for any roster, including one edited by hand.  For every officer who could staff the
short demand it finds what kept them away: leave, another demand (of higher, equal or lower
priority), or a hard rule that adding this shift would break.  Higher-priority demands that took
eligible officers are reported as *displacement*; lower-priority ones as a priority inversion,
which only a hard rule or an unfinished search can cause.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .problem import MINUTES_PER_DAY, Assignment, Demand, DemandKey, Employee, Problem

NO_ELIGIBLE = "no_eligible"
UNAVAILABLE = "unavailable"
ASSIGNED_HIGHER = "assigned_higher_priority"
ASSIGNED_EQUAL = "assigned_equal_priority"
ASSIGNED_LOWER = "assigned_lower_priority"
RULE_SHIFT_LENGTH = "max_shift_length"
RULE_SHIFTS_OF_TYPE = "max_shifts_of_type"
RULE_TOTAL_MINUTES = "max_total_minutes"
RULE_REST = "rest"
RULE_WEEKLY_HOURS = "weekly_hours"
RULE_CONSECUTIVE = "max_consecutive_shifts"
RULE_NIGHTS = "max_consecutive_nights"
RULE_WEEKENDS = "max_weekends"
RULE_MIN_CONSECUTIVE = "min_consecutive_shifts"
RULE_MIN_DAYS_OFF = "min_consecutive_days_off"
FREE = "free"

REASON_TEXT: dict[str, str] = {
    NO_ELIGIBLE: "no officer with the qualifications in the eligible units",
    UNAVAILABLE: "on leave/training",
    ASSIGNED_HIGHER: "assigned to a higher-priority demand",
    ASSIGNED_EQUAL: "assigned to an equal-priority demand",
    ASSIGNED_LOWER: "assigned to a lower-priority demand",
    RULE_SHIFT_LENGTH: "shift longer than the maximum shift length",
    RULE_SHIFTS_OF_TYPE: "at the maximum number of shifts of this type",
    RULE_TOTAL_MINUTES: "at the total-hours limit",
    RULE_REST: "blocked by the rest rule (rest between shifts / shift may not follow)",
    RULE_WEEKLY_HOURS: "at the weekly-hours limit (per 7 days)",
    RULE_CONSECUTIVE: "at the maximum of consecutive shifts",
    RULE_NIGHTS: "at the maximum of consecutive night shifts",
    RULE_WEEKENDS: "at the maximum of working weekends",
    RULE_MIN_CONSECUTIVE: "would create a too short block of shifts",
    RULE_MIN_DAYS_OFF: "would create a too short block of days off",
    FREE: "free and allowed (search stopped early or the penalty trade-off left it open)",
}
_ORDER = list(REASON_TEXT)


@dataclass(frozen=True)
class DemandRef:
    """A demand named in an explanation."""

    post: str
    day: int
    shift: str
    priority: int

    def __str__(self) -> str:
        return f"{self.post} day {self.day} {self.shift} (priority {self.priority})"


@dataclass(frozen=True)
class CandidateNote:
    """Why one eligible officer is not on the short demand."""

    employee: str
    reason: str
    detail: str
    other: DemandRef | None = None


@dataclass(frozen=True)
class Shortfall:
    """A demand with fewer officers than required, with the reasons."""

    post: str
    day: int
    shift: str
    priority: int
    required: int
    covered: int
    short: int
    qualifications: frozenset[str]
    eligible: int
    """Officers who hold the qualifications and belong to an eligible unit/organisation."""
    reason_counts: Mapping[str, int]
    binding: str
    """The reason code that kept most eligible officers away (see ``REASON_TEXT``)."""
    explanation: str
    displaced_by: tuple[DemandRef, ...]
    """Demands of higher or equal priority that took officers eligible here."""
    covered_instead: tuple[DemandRef, ...]
    """Lower-priority demands that got officers eligible here (priority inversions)."""
    candidates: tuple[CandidateNote, ...]

    @property
    def key(self) -> DemandKey:
        return (self.post, self.day, self.shift)


@dataclass
class _State:
    """One employee's roster in the shapes the rule checks need (built once per analysis)."""

    row: list[str | None]
    prefix: list[int]
    """prefix[i] = minutes worked on days before i, for O(1) 7-day windows."""
    total: int
    per_type: Counter[str]
    weeks: set[int]


class _Context:
    """Per-problem lookups shared by all shortfalls of one roster."""

    def __init__(self, problem: Problem, assignments: Sequence[Assignment]) -> None:
        self.problem = problem
        self.shifts = {s.id: s for s in problem.shift_types}
        self.demands = {d.key: d for d in problem.demands}
        self.schedule: dict[str, dict[int, Assignment]] = {e.id: {} for e in problem.employees}
        for a in assignments:
            self.schedule.setdefault(a.employee, {})[a.day] = a
        self.covered: Counter[DemandKey] = Counter((a.post, a.day, a.shift) for a in assignments)
        max_span = max(s.start_minute + s.length_minutes for s in problem.shift_types)
        rest = problem.rules.min_rest_minutes or 0
        self.reach = (max_span + rest) // MINUTES_PER_DAY + 1
        self._states: dict[str, _State] = {}
        self._blocking: dict[tuple[str, int, str], list[tuple[str, str, int | None]]] = {}
        self._refs: dict[DemandKey, DemandRef] = {}

    def ref(self, key: DemandKey) -> DemandRef:
        found = self._refs.get(key)
        if found is None:
            dm = self.demands.get(key)
            found = DemandRef(key[0], key[1], key[2], dm.priority if dm else 0)
            self._refs[key] = found
        return found

    def week_of(self, day: int) -> int | None:
        weekday = (self.problem.start_weekday + day) % 7
        return (self.problem.start_weekday + day) // 7 if weekday >= 5 else None

    def state(self, employee_id: str) -> _State:
        found = self._states.get(employee_id)
        if found is None:
            sched = self.schedule.get(employee_id, {})
            horizon = self.problem.num_days
            row: list[str | None] = [None] * horizon
            prefix = [0] * (horizon + 1)
            per_type: Counter[str] = Counter()
            weeks: set[int] = set()
            for d in range(horizon):
                a = sched.get(d)
                length = 0
                if a is not None:
                    row[d] = a.shift
                    length = self.shifts[a.shift].length_minutes
                    per_type[a.shift] += 1
                    week = self.week_of(d)
                    if week is not None:
                        weeks.add(week)
                prefix[d + 1] = prefix[d] + length
            found = _State(row, prefix, prefix[-1], per_type, weeks)
            self._states[employee_id] = found
        return found

    def blocking(self, e: Employee, d: int, sid: str) -> list[tuple[str, str, int | None]]:
        """Hard rules that adding shift ``sid`` on day ``d`` would break, with blocking day."""
        key = (e.id, d, sid)
        found = self._blocking.get(key)
        if found is None:
            found = self._blocking_uncached(e, d, sid)
            self._blocking[key] = found
        return found

    def _blocking_uncached(
        self, e: Employee, d: int, sid: str
    ) -> list[tuple[str, str, int | None]]:
        p = self.problem
        rules = p.rules
        shift = self.shifts[sid]
        st = self.state(e.id)
        row = st.row
        horizon = p.num_days
        found: list[tuple[str, str, int | None]] = []
        if rules.max_shift_minutes is not None and shift.length_minutes > rules.max_shift_minutes:
            found.append((RULE_SHIFT_LENGTH, f"{shift.length_minutes} min", None))
        limit = e.max_shifts_per_type.get(sid)
        if limit is not None and st.per_type[sid] + 1 > limit:
            found.append((RULE_SHIFTS_OF_TYPE, f"max {limit} of {sid}", None))
        if e.max_total_minutes is not None and st.total + shift.length_minutes > (
            e.max_total_minutes
        ):
            found.append((RULE_TOTAL_MINUTES, f"{st.total} of {e.max_total_minutes} min", None))
        start = d * MINUTES_PER_DAY + shift.start_minute
        end = start + shift.length_minutes
        for other_day in range(max(0, d - self.reach), min(horizon, d + self.reach + 1)):
            other_id = row[other_day]
            if other_id is None or other_day == d:
                continue
            other = self.shifts[other_id]
            o_start = other_day * MINUTES_PER_DAY + other.start_minute
            o_end = o_start + other.length_minutes
            if other_day < d:
                gap = start - o_end
                follows = other_day == d - 1 and sid in other.forbidden_next
            else:
                gap = o_start - end
                follows = other_day == d + 1 and other_id in shift.forbidden_next
            short_rest = rules.min_rest_minutes is not None and gap < rules.min_rest_minutes
            if follows or short_rest:
                found.append((RULE_REST, f"{other_id} on day {other_day}", other_day))
        if rules.max_minutes_per_7_days is not None:
            last_start = max(0, horizon - 7)
            for w0 in range(max(0, d - 6), min(d, last_start) + 1):
                used = st.prefix[min(horizon, w0 + 7)] - st.prefix[w0]
                if used + shift.length_minutes > rules.max_minutes_per_7_days:
                    found.append((RULE_WEEKLY_HOURS, f"{used} min in days {w0}..{w0 + 6}", None))
                    break

        def run(step: int, night_only: bool) -> int:
            count, day = 0, d + step
            while 0 <= day < horizon and row[day] is not None:
                if night_only and not self.shifts[row[day] or ""].is_night:
                    break
                count, day = count + 1, day + step
            return count

        left, right = run(-1, False), run(1, False)
        if e.max_consecutive_shifts is not None and left + 1 + right > e.max_consecutive_shifts:
            found.append((RULE_CONSECUTIVE, f"{left + 1 + right} in a row", None))
        if rules.max_consecutive_nights is not None and shift.is_night:
            nights = run(-1, True) + 1 + run(1, True)
            if nights > rules.max_consecutive_nights:
                found.append((RULE_NIGHTS, f"{nights} nights in a row", None))
        week = self.week_of(d)
        if (
            e.max_weekends is not None
            and week is not None
            and week not in st.weeks
            and len(st.weeks) + 1 > e.max_weekends
        ):
            found.append((RULE_WEEKENDS, f"{len(st.weeks)} weekends worked", None))
        exempt = rules.exempt_boundary_blocks
        if e.min_consecutive_shifts:
            first, last = d - left, d + right
            touches = first == 0 or last == horizon - 1
            if left + 1 + right < e.min_consecutive_shifts and not (exempt and touches):
                found.append((RULE_MIN_CONSECUTIVE, f"block of {left + 1 + right}", None))
        if e.min_consecutive_days_off:
            before = d - 1
            while before >= 0 and row[before] is None:
                before -= 1
            after = d + 1
            while after < horizon and row[after] is None:
                after += 1
            for lo, hi in ((before + 1, d - 1), (d + 1, after - 1)):
                length = hi - lo + 1
                touches = lo == 0 or hi == horizon - 1
                if 0 < length < e.min_consecutive_days_off and not (exempt and touches):
                    found.append((RULE_MIN_DAYS_OFF, f"{length} day(s) off left", None))
                    break
        found.sort(key=lambda b: _ORDER.index(b[0]))
        return found


class _Notes:
    """Counts every candidate's reason but formats only the few that are listed."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.counts: Counter[str] = Counter()
        self.listed: list[CandidateNote] = []

    def add(self, emp_id: str, code: str, detail: str, other: DemandRef | None = None) -> None:
        self.counts[code] += 1
        if len(self.listed) < self.limit:
            text = detail.format(other) if other is not None else detail
            self.listed.append(CandidateNote(emp_id, code, text, other))


def _describe_quals(dm: Demand) -> str:
    quals = ", ".join(sorted(dm.qualifications)) or "no special qualification"
    where = ""
    if dm.eligible_units is not None:
        where += f" in units {', '.join(sorted(dm.eligible_units))}"
    if dm.eligible_organisations is not None:
        where += f" of {', '.join(sorted(dm.eligible_organisations))}"
    return f"qualification(s) [{quals}]{where}"


def analyse_shortfalls(
    problem: Problem,
    assignments: Sequence[Assignment],
    *,
    max_candidates_listed: int = 10,
) -> tuple[Shortfall, ...]:
    """Explain every demand whose cover is below its requirement, highest priority first."""
    ctx = _Context(problem, assignments)
    admitted_cache: dict[tuple[object, ...], list[Employee]] = {}
    results: list[Shortfall] = []
    for dm in problem.demands:
        covered = ctx.covered.get(dm.key, 0)
        if covered >= dm.required:
            continue
        profile = (dm.qualifications, dm.eligible_units, dm.eligible_organisations)
        if profile not in admitted_cache:
            admitted_cache[profile] = [e for e in problem.employees if dm.admits(e)]
        admitted = admitted_cache[profile]
        notes = _Notes(max_candidates_listed)
        higher: dict[DemandKey, DemandRef] = {}
        lower: dict[DemandKey, DemandRef] = {}
        for e in admitted:
            cell = ctx.schedule.get(e.id, {}).get(dm.day)
            if cell is not None and cell.post == dm.post and cell.shift == dm.shift:
                continue
            if dm.day in e.unavailable_days:
                notes.add(e.id, UNAVAILABLE, "unavailable")
                continue
            if cell is not None:
                ref = _note_other(ctx, (cell.post, cell.day, cell.shift), dm, higher, lower)
                code = (
                    ASSIGNED_HIGHER
                    if ref.priority > dm.priority
                    else ASSIGNED_EQUAL
                    if ref.priority == dm.priority
                    else ASSIGNED_LOWER
                )
                notes.add(e.id, code, "works {}", ref)
                continue
            blocks = ctx.blocking(e, dm.day, dm.shift)
            if not blocks:
                notes.add(e.id, FREE, "free")
                continue
            code, detail, day = blocks[0]
            other_ref = None
            if day is not None:
                a = ctx.schedule[e.id][day]
                other_ref = _note_other(ctx, (a.post, a.day, a.shift), dm, higher, lower)
                detail += " for {}"
            notes.add(e.id, code, detail, other_ref)
        counts = notes.counts
        binding = (
            NO_ELIGIBLE
            if not admitted
            else min(counts, key=lambda c: (-counts[c], _ORDER.index(c)))
            if counts
            else FREE
        )
        short = dm.required - covered
        text = (
            f"{dm.post} day {dm.day} shift {dm.shift}: {short} of {dm.required} short "
            f"(priority {dm.priority}). "
        )
        if not admitted:
            text += f"No officer with {_describe_quals(dm)} exists."
        else:
            parts = [
                f"{counts[c]} {REASON_TEXT[c]}"
                for c in sorted(counts, key=lambda c: (-counts[c], _ORDER.index(c)))
            ]
            text += f"{len(admitted)} officer(s) with {_describe_quals(dm)}: " + "; ".join(parts)
            text += "."
        if higher:
            names = ", ".join(str(r) for r in sorted(higher.values(), key=_ref_order))
            text += f" Displaced by {names}: higher priority is covered first."
        if lower:
            names = ", ".join(str(r) for r in sorted(lower.values(), key=_ref_order))
            text += (
                f" Lower-priority demand(s) got eligible officers instead: {names} "
                "(a rule or the unfinished search forced this)."
            )
        results.append(
            Shortfall(
                post=dm.post,
                day=dm.day,
                shift=dm.shift,
                priority=dm.priority,
                required=dm.required,
                covered=covered,
                short=short,
                qualifications=dm.qualifications,
                eligible=len(admitted),
                reason_counts=dict(counts),
                binding=binding,
                explanation=text,
                displaced_by=tuple(sorted(higher.values(), key=_ref_order)),
                covered_instead=tuple(sorted(lower.values(), key=_ref_order)),
                candidates=tuple(notes.listed),
            )
        )
    results.sort(key=lambda s: (-s.priority, s.day, s.shift, s.post))
    return tuple(results)


def _note_other(
    ctx: _Context,
    key: DemandKey,
    dm: Demand,
    higher: dict[DemandKey, DemandRef],
    lower: dict[DemandKey, DemandRef],
) -> DemandRef:
    """Record a demand that took an officer eligible for ``dm``, by relative priority."""
    ref = ctx.ref(key)
    (higher if ref.priority >= dm.priority else lower)[key] = ref
    return ref


def _ref_order(ref: DemandRef) -> tuple[int, int, str, str]:
    return (-ref.priority, ref.day, ref.shift, ref.post)
