"""Generic planning problem: plain frozen dataclasses, no solver and no Django.

The same description feeds the Curtois benchmark and Weerstand's national planning, so that the
benchmark really measures the model that plans protection teams.  Everything a rule needs is
stated here; a rule set to ``None`` is switched off, which is how the benchmark mapping keeps
exactly the Curtois rules.

Objective (what both the solver and the independent validator compute)::

    cover      = sum_k priority_k * under_weight_k * max(0, required_k - covered_k)
                 + over_weight_k * max(0, covered_k - required_k)
    stability  = change_weight * (published cells changed)            # only when penalising
    balance    = overtime_weight * sum_e ceil(max(0, W_e - C_e) / unit)
                 + unfairness_weight * sum_unit ceil((max_e dev_e - min_e dev_e) / unit)
    preference = preference_scale * (weights of unmet preferences)
    total      = S_cover * cover + S_stab * stability + S_bal * balance + preference

``W_e`` is worked minutes, ``C_e`` contract minutes, ``dev_e = W_e - C_e``.  With a tiered
objective the scales ``S`` are derived from upper bounds of the lower tiers (see
:func:`objective_scales`), so the order cover > stability > overtime/fairness > preferences is
strict; with a flat objective all scales are 1 (the Curtois objective).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from .errors import PlanInputError

MINUTES_PER_DAY = 1440
DemandKey = tuple[str, int, str]
"""(post, day, shift) identifies one demand."""


def _fs(values: Iterable[str] | None) -> frozenset[str] | None:
    return None if values is None else frozenset(values)


@dataclass(frozen=True)
class ShiftType:
    """A shift type; times allow the rest rule to be derived instead of listed by hand."""

    id: str
    length_minutes: int
    start_minute: int = 0
    forbidden_next: frozenset[str] = frozenset()
    """Shift types that may not be worked on the day after this one ("cannot follow")."""
    is_night: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "forbidden_next", frozenset(self.forbidden_next))


@dataclass(frozen=True)
class ShiftPreference:
    """A wish of an employee; ``shift=None`` means any shift (a day on or a day off)."""

    day: int
    shift: str | None
    wanted: bool
    """True: wants to work it (penalised when not worked); False: wants it off."""
    weight: int = 1


@dataclass(frozen=True)
class Employee:
    """An officer with contract and personal limits; ``None`` switches a limit off."""

    id: str
    qualifications: frozenset[str] = frozenset()
    unit: str = ""
    organisation: str = ""
    contract_minutes: int | None = None
    """Contracted minutes over the whole horizon; basis for overtime and fairness."""
    max_total_minutes: int | None = None
    min_total_minutes: int | None = None
    max_shifts_per_type: Mapping[str, int] = field(default_factory=dict)
    max_consecutive_shifts: int | None = None
    min_consecutive_shifts: int | None = None
    min_consecutive_days_off: int | None = None
    max_weekends: int | None = None
    unavailable_days: frozenset[int] = frozenset()
    """Leave, training or sickness: no shift may start on these days."""
    preferences: tuple[ShiftPreference, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "qualifications", frozenset(self.qualifications))
        object.__setattr__(self, "unavailable_days", frozenset(self.unavailable_days))
        object.__setattr__(self, "preferences", tuple(self.preferences))
        object.__setattr__(self, "max_shifts_per_type", dict(self.max_shifts_per_type))

    def __hash__(self) -> int:
        """By id: the per-type maxima are a dict, which the generated hash could not take."""
        return hash(self.id)


@dataclass(frozen=True)
class Demand:
    """Officers needed on one post for one shift on one day."""

    day: int
    shift: str
    post: str
    required: int
    qualifications: frozenset[str] = frozenset()
    """Every assigned officer must hold all of these."""
    eligible_units: frozenset[str] | None = None
    """None: any unit may staff the post."""
    eligible_organisations: frozenset[str] | None = None
    priority: int = 1
    under_weight: int = 1
    """Penalty per missing officer, multiplied by ``priority``."""
    over_weight: int = 0
    """Penalty per officer above ``required``."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "qualifications", frozenset(self.qualifications))
        object.__setattr__(self, "eligible_units", _fs(self.eligible_units))
        object.__setattr__(self, "eligible_organisations", _fs(self.eligible_organisations))

    @property
    def key(self) -> DemandKey:
        return (self.post, self.day, self.shift)

    def admits(self, employee: Employee) -> bool:
        """Whether the officer may staff this post at all (qualifications, unit, organisation)."""
        if not self.qualifications <= employee.qualifications:
            return False
        if self.eligible_units is not None and employee.unit not in self.eligible_units:
            return False
        return not (
            self.eligible_organisations is not None
            and employee.organisation not in self.eligible_organisations
        )


@dataclass(frozen=True)
class Rules:
    """Problem-wide hard rules; ``None`` switches a rule off."""

    max_shift_minutes: int | None = None
    max_minutes_per_7_days: int | None = None
    """Applied to every window of 7 consecutive days in the horizon (shift counted on its
    start day)."""
    min_rest_minutes: int | None = None
    """Minimum rest between the end of one shift and the start of the next."""
    max_consecutive_nights: int | None = None
    exempt_boundary_blocks: bool = True
    """Minimum-consecutive rules ignore a block touching the first or last day, because it may
    continue in the neighbouring planning period (the Curtois reading)."""

    @classmethod
    def dutch_working_hours_act(cls, *, max_consecutive_nights: int = 5) -> Rules:
        """Arbeidstijdenwet defaults: 12 h per shift, 60 h per 7 days, 11 h rest, 5 nights."""
        return cls(
            max_shift_minutes=12 * 60,
            max_minutes_per_7_days=60 * 60,
            min_rest_minutes=11 * 60,
            max_consecutive_nights=max_consecutive_nights,
        )


@dataclass(frozen=True)
class ObjectiveConfig:
    """Weights of the objective; tiered makes the priority order strict, flat sums raw weights."""

    tiered: bool = True
    overtime_weight: int = 1
    unfairness_weight: int = 1
    balance_unit_minutes: int = 60
    """Overtime and spread are counted in these units (hours) to keep coefficients small."""
    preference_scale: int = 1

    @classmethod
    def flat(cls) -> ObjectiveConfig:
        """Plain sum of cover and preference penalties, as in the Curtois benchmark."""
        return cls(tiered=False, overtime_weight=0, unfairness_weight=0, balance_unit_minutes=1)


@dataclass(frozen=True)
class Problem:
    """Everything the planner needs; horizon days are numbered 0..num_days-1."""

    num_days: int
    shift_types: tuple[ShiftType, ...]
    employees: tuple[Employee, ...]
    demands: tuple[Demand, ...]
    start_weekday: int = 0
    """0 = Monday ... 6 = Sunday, for weekend rules."""
    rules: Rules = field(default_factory=Rules)
    objective: ObjectiveConfig = field(default_factory=ObjectiveConfig)
    name: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "shift_types", tuple(self.shift_types))
        object.__setattr__(self, "employees", tuple(self.employees))
        object.__setattr__(self, "demands", tuple(self.demands))

    def shift(self, shift_id: str) -> ShiftType:
        for shift in self.shift_types:
            if shift.id == shift_id:
                return shift
        raise KeyError(shift_id)


@dataclass(frozen=True)
class Assignment:
    """One roster cell: employee works ``shift`` on ``day`` on ``post``."""

    employee: str
    day: int
    shift: str
    post: str


PublishMode = Literal["fix", "penalise"]


@dataclass(frozen=True)
class KeepPublished:
    """Re-plan input: the previous roster and the (employee, day) cells already published.

    Every previous cell becomes a solver hint.  Published cells are either fixed (``fix``) or
    cost ``change_weight`` each when changed (``penalise``, its own tier above overtime).
    A published day without an assignment means a published day off.
    """

    previous: tuple[Assignment, ...]
    published: frozenset[tuple[str, int]]
    mode: PublishMode = "fix"
    change_weight: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "previous", tuple(self.previous))
        object.__setattr__(self, "published", frozenset(self.published))


@dataclass(frozen=True)
class TierScales:
    """Multipliers of the objective tiers (all 1 for a flat objective)."""

    cover: int
    stability: int
    balance: int
    preference: int


def max_workable_minutes(problem: Problem, employee: Employee) -> int:
    """An upper bound of what the employee can work; used to size the objective tiers."""
    limit = problem.rules.max_shift_minutes
    lengths = [
        s.length_minutes
        for s in problem.shift_types
        if employee.max_shifts_per_type.get(s.id, 1) != 0
        and (limit is None or s.length_minutes <= limit)
    ]
    longest = max(lengths, default=0)
    days = sum(1 for d in range(problem.num_days) if d not in employee.unavailable_days)
    bound = longest * days
    if employee.max_total_minutes is not None:
        bound = min(bound, employee.max_total_minutes)
    return bound


def balance_groups(problem: Problem) -> dict[str, list[Employee]]:
    """Units whose load spread counts as unfairness (employees with a contract only)."""
    groups: dict[str, list[Employee]] = {}
    for employee in problem.employees:
        if employee.contract_minutes is not None:
            groups.setdefault(employee.unit, []).append(employee)
    return {unit: members for unit, members in groups.items() if len(members) >= 2}


def objective_scales(
    problem: Problem, published_count: int = 0, change_weight: int = 0
) -> TierScales:
    """Tier multipliers that make each tier outweigh everything below it, whatever happens."""
    cfg = problem.objective
    if not cfg.tiered:
        return TierScales(1, 1, 1, 1)
    unit = cfg.balance_unit_minutes
    pref_ub = cfg.preference_scale * sum(p.weight for e in problem.employees for p in e.preferences)
    bal_ub = 0
    if cfg.overtime_weight:
        for e in problem.employees:
            if e.contract_minutes is not None:
                excess = max(0, max_workable_minutes(problem, e) - e.contract_minutes)
                bal_ub += cfg.overtime_weight * math.ceil(excess / unit)
    if cfg.unfairness_weight:
        for members in balance_groups(problem).values():
            hi = max(max_workable_minutes(problem, e) - (e.contract_minutes or 0) for e in members)
            lo = min(-(e.contract_minutes or 0) for e in members)
            bal_ub += cfg.unfairness_weight * math.ceil((hi - lo) / unit)
    stab_ub = change_weight * published_count
    preference = 1
    balance = pref_ub + 1
    stability = balance * bal_ub + pref_ub + 1
    cover = stability * stab_ub + balance * bal_ub + pref_ub + 1
    return TierScales(cover=cover, stability=stability, balance=balance, preference=preference)


def _check(condition: bool, message: str, problems: list[str]) -> None:
    if not condition:
        problems.append(message)


def validate_problem(problem: Problem, *, allow_uncoverable: bool = False) -> None:
    """Reject data the planner cannot meaningfully plan, listing every problem found."""
    problems: list[str] = []
    horizon = problem.num_days
    _check(horizon >= 1, f"num_days must be at least 1, got {horizon}", problems)
    _check(
        0 <= problem.start_weekday <= 6,
        f"start_weekday must be 0..6, got {problem.start_weekday}",
        problems,
    )
    shift_ids = [s.id for s in problem.shift_types]
    known_shifts = set(shift_ids)
    _check(bool(shift_ids), "there are no shift types", problems)
    _check(len(known_shifts) == len(shift_ids), "duplicate shift type ids", problems)
    for s in problem.shift_types:
        _check(bool(s.id), "a shift type has an empty id", problems)
        _check(s.length_minutes > 0, f"shift {s.id!r}: length must be positive", problems)
        _check(
            0 <= s.start_minute < MINUTES_PER_DAY,
            f"shift {s.id!r}: start_minute must be 0..1439, got {s.start_minute}",
            problems,
        )
        unknown = sorted(s.forbidden_next - known_shifts)
        _check(
            not unknown, f"shift {s.id!r}: unknown shift ids in forbidden_next: {unknown}", problems
        )
    rules = problem.rules
    for name in ("max_shift_minutes", "max_minutes_per_7_days", "max_consecutive_nights"):
        value = getattr(rules, name)
        _check(value is None or value >= 0, f"rules.{name} must not be negative", problems)
    _check(
        rules.min_rest_minutes is None or rules.min_rest_minutes >= 0,
        "rules.min_rest_minutes must not be negative",
        problems,
    )
    cfg = problem.objective
    for name in ("overtime_weight", "unfairness_weight", "preference_scale"):
        _check(getattr(cfg, name) >= 0, f"objective.{name} must not be negative", problems)
    _check(cfg.balance_unit_minutes >= 1, "objective.balance_unit_minutes must be >= 1", problems)

    emp_ids = [e.id for e in problem.employees]
    _check(len(set(emp_ids)) == len(emp_ids), "duplicate employee ids", problems)
    for e in problem.employees:
        label = f"employee {e.id!r}"
        for name in (
            "contract_minutes",
            "max_total_minutes",
            "min_total_minutes",
            "max_consecutive_shifts",
            "min_consecutive_shifts",
            "min_consecutive_days_off",
            "max_weekends",
        ):
            value = getattr(e, name)
            _check(value is None or value >= 0, f"{label}: {name} must not be negative", problems)
        if e.min_total_minutes is not None and e.max_total_minutes is not None:
            _check(
                e.min_total_minutes <= e.max_total_minutes,
                f"{label}: min_total_minutes {e.min_total_minutes} exceeds max_total_minutes "
                f"{e.max_total_minutes}",
                problems,
            )
        for shift_id, count in e.max_shifts_per_type.items():
            _check(
                shift_id in known_shifts,
                f"{label}: unknown shift id {shift_id!r} in max_shifts_per_type",
                problems,
            )
            _check(
                count >= 0, f"{label}: max shifts of {shift_id!r} must not be negative", problems
            )
        bad_days = sorted(d for d in e.unavailable_days if not 0 <= d < horizon)
        _check(not bad_days, f"{label}: unavailable days outside the horizon: {bad_days}", problems)
        for p in e.preferences:
            _check(
                0 <= p.day < horizon,
                f"{label}: preference day {p.day} outside the horizon",
                problems,
            )
            _check(
                p.shift is None or p.shift in known_shifts,
                f"{label}: preference names unknown shift {p.shift!r}",
                problems,
            )
            _check(p.weight >= 0, f"{label}: preference weight must not be negative", problems)

    seen: set[DemandKey] = set()
    max_len = rules.max_shift_minutes
    lengths = {s.id: s.length_minutes for s in problem.shift_types}
    for dm in problem.demands:
        label = f"demand {dm.post!r} day {dm.day} shift {dm.shift!r}"
        _check(dm.key not in seen, f"{label}: duplicate (post, day, shift)", problems)
        seen.add(dm.key)
        _check(
            0 <= dm.day < horizon, f"{label}: day outside the horizon 0..{horizon - 1}", problems
        )
        _check(dm.shift in known_shifts, f"{label}: unknown shift id {dm.shift!r}", problems)
        _check(dm.required >= 0, f"{label}: required count {dm.required} is negative", problems)
        _check(dm.priority >= 0, f"{label}: priority must not be negative", problems)
        _check(
            dm.under_weight >= 0 and dm.over_weight >= 0,
            f"{label}: weights must not be negative",
            problems,
        )
        if dm.required > 0 and not allow_uncoverable:
            if dm.shift in lengths and max_len is not None and lengths[dm.shift] > max_len:
                problems.append(
                    f"{label}: no possible employee, shift is {lengths[dm.shift]} min and the "
                    f"maximum shift length is {max_len} min"
                )
            elif not any(dm.admits(e) for e in problem.employees):
                what = ", ".join(sorted(dm.qualifications)) or "none"
                where = ""
                if dm.eligible_units is not None:
                    where += f" in units {sorted(dm.eligible_units)}"
                if dm.eligible_organisations is not None:
                    where += f" of organisations {sorted(dm.eligible_organisations)}"
                problems.append(
                    f"{label}: no possible employee: nobody has qualification(s) [{what}]{where}"
                )
    if problems:
        shown = problems[:20]
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        raise PlanInputError(
            "invalid planning problem: " + "; ".join(shown) + more, problems=problems
        )


def published_cells_check(problem: Problem, keep: KeepPublished) -> None:
    """Reject re-plan input that names unknown employees, days, shifts or posts."""
    problems: list[str] = []
    emp_ids = {e.id for e in problem.employees}
    shift_ids = {s.id for s in problem.shift_types}
    _check(keep.mode in ("fix", "penalise"), f"unknown publish mode {keep.mode!r}", problems)
    _check(keep.change_weight >= 0, "change_weight must not be negative", problems)
    cells: set[tuple[str, int]] = set()
    for a in keep.previous:
        if a.employee not in emp_ids:
            problems.append(f"previous roster names unknown employee {a.employee!r}")
        if a.shift not in shift_ids:
            problems.append(f"previous roster names unknown shift {a.shift!r}")
        if (a.employee, a.day) in cells:
            problems.append(f"previous roster has two shifts for {a.employee!r} on day {a.day}")
        cells.add((a.employee, a.day))
    for employee, day in keep.published:
        if employee not in emp_ids:
            problems.append(f"published cell names unknown employee {employee!r}")
        if not 0 <= day < problem.num_days:
            problems.append(f"published cell ({employee!r}, {day}) is outside the horizon")
    if problems:
        raise PlanInputError("invalid re-plan input: " + "; ".join(problems[:20]), problems)
