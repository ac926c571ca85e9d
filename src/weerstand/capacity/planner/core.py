"""Public entry point of the planner core: :func:`solve` a :class:`Problem` into a plan.

One core serves both the Curtois benchmark and national planning, so benchmark figures say
something about the production planner.  The result is plain data (no OR-Tools objects) so it
can be stored, serialised or shown without the solver around.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from ortools.sat.python import cp_model

from .analysis import Shortfall, analyse_shortfalls
from .bound import CoverageBound, coverage_bound
from .problem import (
    Assignment,
    DemandKey,
    KeepPublished,
    Problem,
    TierScales,
    balance_groups,
    objective_scales,
    published_cells_check,
    validate_problem,
)


class PlanStatus(StrEnum):
    """Solver outcome; FEASIBLE means a roster without proof that it is the best one."""

    OPTIMAL = "OPTIMAL"
    FEASIBLE = "FEASIBLE"
    INFEASIBLE = "INFEASIBLE"
    MODEL_INVALID = "MODEL_INVALID"
    UNKNOWN = "UNKNOWN"


@dataclass(frozen=True)
class SolveOptions:
    """Solver settings; the defaults suit the 2-core planning server."""

    time_limit: float | None = 60.0
    """Wall-clock budget in seconds for the whole call (checks, warm start, model building and
    search; the search always gets at least a tenth of it).  None searches until optimal."""
    num_workers: int = 2
    random_seed: int = 0
    deterministic: bool = False
    """Interleaved search: with ``deterministic_time_limit`` (instead of a wall-clock limit)
    the same input gives the same roster on any machine."""
    deterministic_time_limit: float | None = None
    log_search: bool = False
    analyse_shortfalls: bool = True
    allow_uncoverable: bool = False
    """Plan (and explain) demands nobody can staff instead of rejecting the input."""
    max_candidates_listed: int = 10
    large_model_threshold: int = 60_000
    """Above this many (employee, day, shift type) cells the problem counts as large: probing
    and symmetry detection are switched off (on two cores they cost more than they save) and
    with ``strategy="auto"`` the neighbourhood search is used."""
    strategy: str = "auto"
    """``auto``, ``single`` (one CP-SAT model) or ``neighbourhood`` (officer subsets)."""
    warm_start: bool | None = None
    """Start from the greedy roster; None decides: on unless minimum rules (minimum hours or
    consecutive shifts/days off) make a greedy start a poor guide.  Ignored on re-plans, which
    start from the previous roster."""
    coverage_bound: bool = True
    """Also compute a proven upper bound on coverage (see :mod:`.bound`); its time counts
    against ``time_limit``."""
    coverage_bound_share: float = 0.25
    """At most this share of ``time_limit`` goes to the bound; when the linear relaxation does
    not finish in it, the max-flow bound is reported.  Large problems (see
    ``large_model_threshold``) get the max-flow bound only."""


@dataclass(frozen=True)
class ObjectiveBreakdown:
    """The objective split per tier, recomputed exactly from the roster."""

    total: int
    cover: int
    stability: int
    balance: int
    preference: int
    missing: int
    """Officer-shifts short over all demands."""
    excess: int
    overtime_units: int
    unfairness_units: int
    changed_published: int


@dataclass(frozen=True)
class PlanResult:
    """What a solve produced; ``assignments`` is empty unless status is OPTIMAL/FEASIBLE."""

    status: PlanStatus
    objective: int | None
    best_bound: float | None
    gap: float | None
    """(objective - best_bound) / objective; 0 when proven optimal."""
    seconds: float
    """Wall-clock time of the whole call: checks, model building, search and analysis."""
    solver_seconds: float
    assignments: tuple[Assignment, ...]
    shortfalls: tuple[Shortfall, ...]
    breakdown: ObjectiveBreakdown | None
    scales: TierScales
    changed_published: tuple[tuple[str, int], ...]
    released_published: tuple[tuple[str, int], ...]
    """Published cells that could not be kept at all (leave, removed post, ...)."""
    required_total: int
    covered_total: int
    model_size: dict[str, int]
    message: str = ""
    source: str = "solver"
    """``solver``; ``neighbourhood search`` for large problems; ``warm start`` when the search
    found no roster in time and the (validator-checked) greedy roster is returned."""
    coverage_bound: CoverageBound | None = None
    """Proven upper bound on staffed officer-shifts (None when not computed)."""

    @property
    def coverage_upper_bound(self) -> float | None:
        """The most coverage any rule-abiding roster can reach (a share, like ``coverage``)."""
        return None if self.coverage_bound is None else self.coverage_bound.coverage

    @property
    def ok(self) -> bool:
        return self.status in (PlanStatus.OPTIMAL, PlanStatus.FEASIBLE)

    @property
    def coverage(self) -> float:
        """Share of required officer-shifts that is staffed (1.0 when nothing is required)."""
        return 1.0 if not self.required_total else self.covered_total / self.required_total

    def grid(self, problem: Problem) -> dict[str, list[str | None]]:
        """Employee id -> shift id or None per day, in problem order (for files and views)."""
        rows: dict[str, list[str | None]] = {
            e.id: [None] * problem.num_days for e in problem.employees
        }
        for a in self.assignments:
            rows[a.employee][a.day] = a.shift
        return rows


def evaluate(
    problem: Problem,
    assignments: Sequence[Assignment],
    keep: KeepPublished | None = None,
) -> ObjectiveBreakdown:
    """Exact objective of a roster (used for the reported objective, see problem docstring)."""
    cfg = problem.objective
    changeable = keep is not None and keep.mode == "penalise"
    scales = objective_scales(
        problem,
        len(keep.published) if keep is not None and changeable else 0,
        keep.change_weight if keep is not None and changeable else 0,
    )
    covered = Counter((a.post, a.day, a.shift) for a in assignments)
    cover = missing = excess = 0
    for dm in problem.demands:
        c = covered.get(dm.key, 0)
        short, extra = max(0, dm.required - c), max(0, c - dm.required)
        missing += short
        excess += extra
        cover += dm.priority * dm.under_weight * short + dm.over_weight * extra
    lengths = {s.id: s.length_minutes for s in problem.shift_types}
    worked: dict[str, int] = {e.id: 0 for e in problem.employees}
    cells: dict[tuple[str, int], Assignment] = {}
    for a in assignments:
        worked[a.employee] += lengths[a.shift]
        cells[(a.employee, a.day)] = a
    unit = cfg.balance_unit_minutes
    overtime = 0
    if cfg.overtime_weight:
        for e in problem.employees:
            if e.contract_minutes is not None:
                overtime += math.ceil(max(0, worked[e.id] - e.contract_minutes) / unit)
    unfair = 0
    if cfg.unfairness_weight:
        for members in balance_groups(problem).values():
            devs = [worked[e.id] - (e.contract_minutes or 0) for e in members]
            unfair += math.ceil((max(devs) - min(devs)) / unit)
    pref = 0
    for e in problem.employees:
        for pf in e.preferences:
            cell = cells.get((e.id, pf.day))
            hit = cell is not None and (pf.shift is None or cell.shift == pf.shift)
            if hit != pf.wanted:
                pref += pf.weight
    pref *= cfg.preference_scale
    changed = len(changed_cells(keep, cells)) if keep is not None else 0
    stability = keep.change_weight * changed if keep is not None and changeable else 0
    balance = cfg.overtime_weight * overtime + cfg.unfairness_weight * unfair
    total = (
        scales.cover * cover
        + scales.stability * stability
        + scales.balance * balance
        + scales.preference * pref
    )
    return ObjectiveBreakdown(
        total, cover, stability, balance, pref, missing, excess, overtime, unfair, changed
    )


def changed_cells(
    keep: KeepPublished, cells: dict[tuple[str, int], Assignment]
) -> list[tuple[str, int]]:
    """Published (employee, day) cells whose shift or post differs from the previous roster."""
    before = {(a.employee, a.day): (a.shift, a.post) for a in keep.previous}
    changed = []
    for cell in sorted(keep.published):
        now = cells.get(cell)
        if before.get(cell) != ((now.shift, now.post) if now else None):
            changed.append(cell)
    return changed


def _use_warm_start(problem: Problem, opts: SolveOptions) -> bool:
    if opts.warm_start is not None:
        return opts.warm_start
    return not any(
        e.min_total_minutes or e.min_consecutive_shifts or e.min_consecutive_days_off
        for e in problem.employees
    )


def _usable_previous(problem: Problem, keep: KeepPublished) -> list[Assignment]:
    """The previous roster minus cells that became impossible (leave, removed post, ...)."""
    employees = {e.id: e for e in problem.employees}
    demands = {dm.key: dm for dm in problem.demands}
    kept = []
    for a in keep.previous:
        e, dm = employees.get(a.employee), demands.get((a.post, a.day, a.shift))
        if e is not None and dm is not None and a.day not in e.unavailable_days and dm.admits(e):
            kept.append(a)
    return kept


@dataclass
class _Outcome:
    status: PlanStatus
    assignments: tuple[Assignment, ...]
    bound: float | None
    solver_seconds: float
    model_size: dict[str, int]
    released: tuple[tuple[str, int], ...]
    source: str
    message: str = ""


def solve(
    problem: Problem,
    options: SolveOptions | None = None,
    keep: KeepPublished | None = None,
) -> PlanResult:
    """Plan the problem; raises PlanInputError for data that cannot be planned as given.

    Small and medium problems are one CP-SAT model.  When ``employees x days x shift types``
    exceeds ``large_model_threshold`` and a rule-abiding start roster exists (greedy, or the
    previous roster on a re-plan), the search re-plans officer subsets instead (see
    :mod:`.lns`); such results are FEASIBLE without a global bound.
    """
    from .greedy import greedy_roster
    from .validator import validate_plan

    opts = options or SolveOptions()
    started = time.perf_counter()
    validate_problem(problem, allow_uncoverable=opts.allow_uncoverable)
    if keep is not None:
        published_cells_check(problem, keep)
    cells = len(problem.employees) * problem.num_days * len(problem.shift_types)
    large = cells > opts.large_model_threshold
    bound: CoverageBound | None = None
    if opts.coverage_bound:
        # the linear relaxation takes minutes on large problems (measured at national scale);
        # there the max-flow bound, seconds, is what fits next to the search
        budget = None if opts.time_limit is None else opts.coverage_bound_share * opts.time_limit
        bound = coverage_bound(problem, budget, use_lp=not large)
    changeable = keep is not None and keep.mode == "penalise"
    scales = objective_scales(
        problem,
        len(keep.published) if keep is not None and changeable else 0,
        keep.change_weight if keep is not None and changeable else 0,
    )
    hint: list[Assignment] | None = None
    if keep is None and _use_warm_start(problem, opts):
        hint = greedy_roster(problem)
    use_lns = opts.strategy == "neighbourhood" or (opts.strategy == "auto" and large)
    outcome: _Outcome | None = None
    if use_lns and opts.time_limit is not None:
        start = hint if keep is None else _usable_previous(problem, keep)
        if start is not None and validate_plan(problem, start, keep).ok:
            outcome = _solve_neighbourhoods(problem, scales, keep, start, opts, started)
    if outcome is None:
        outcome = _solve_single(problem, scales, keep, hint, opts, started, large)
    return replace(_result(problem, keep, scales, opts, started, outcome), coverage_bound=bound)


def _reserve(opts: SolveOptions) -> float:
    """Seconds kept back from the search for reading the roster and explaining shortfalls."""
    if opts.time_limit is None:
        return 0.0
    return 0.05 * opts.time_limit + (1.0 if opts.analyse_shortfalls else 0.0)


def _solver_for(opts: SolveOptions, started: float, large: bool) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    params = solver.parameters
    if opts.time_limit is not None:
        spent = time.perf_counter() - started
        search = opts.time_limit - spent - _reserve(opts)
        params.max_time_in_seconds = max(search, opts.time_limit / 10)
    if large:
        params.cp_model_probing_level = 0
        params.symmetry_level = 0
    if opts.deterministic_time_limit is not None:
        params.max_deterministic_time = float(opts.deterministic_time_limit)
    params.num_workers = max(1, opts.num_workers)
    params.random_seed = opts.random_seed
    params.log_search_progress = opts.log_search
    if opts.deterministic:
        params.interleave_search = True
    return solver


def _solve_single(
    problem: Problem,
    scales: TierScales,
    keep: KeepPublished | None,
    hint: list[Assignment] | None,
    opts: SolveOptions,
    started: float,
    large: bool,
) -> _Outcome:
    """One CP-SAT model for the whole problem."""
    from .model import build_model
    from .solution import assignments_from
    from .validator import validate_plan

    built = build_model(problem, scales, keep, hint)
    proto = built.model.proto
    model_size = {
        "variables": len(proto.variables),
        "constraints": len(proto.constraints),
        "shift_variables": len(built.x),
        "demand_groups": len(built.groups),
        "classes": len(built.classes),
    }
    solver = _solver_for(opts, started, large)
    status = PlanStatus(solver.status_name(solver.solve(built.model)))
    source, message = "solver", ""
    assignments: tuple[Assignment, ...] = ()
    if status in (PlanStatus.OPTIMAL, PlanStatus.FEASIBLE):
        assignments = tuple(assignments_from(problem, built, solver, keep))
    elif status == PlanStatus.UNKNOWN and hint is not None and validate_plan(problem, hint).ok:
        status, source, assignments = PlanStatus.FEASIBLE, "warm start", tuple(hint)
        message = "the search found no roster in time; this is the rule-checked greedy roster"
    bound = solver.best_objective_bound if status != PlanStatus.INFEASIBLE else None
    return _Outcome(
        status,
        assignments,
        bound,
        solver.wall_time,
        model_size,
        tuple(built.released),
        source,
        message,
    )


def _solve_neighbourhoods(
    problem: Problem,
    scales: TierScales,
    keep: KeepPublished | None,
    start: list[Assignment],
    opts: SolveOptions,
    started: float,
) -> _Outcome:
    """Neighbourhood search from a rule-abiding start roster until the time limit."""
    from .lns import improve

    search_started = time.perf_counter()
    deadline = started + (opts.time_limit or 0.0) - _reserve(opts)
    roster, stats = improve(
        problem,
        start,
        scales,
        keep,
        deadline,
        lambda r: evaluate(problem, r, keep).total,
        num_workers=max(1, opts.num_workers),
        seed=opts.random_seed,
    )
    return _Outcome(
        PlanStatus.FEASIBLE,
        tuple(roster),
        None,
        time.perf_counter() - search_started,
        {
            "moves": stats.moves,
            "improving_moves": stats.improving_moves,
            "start_objective": stats.start_objective,
            "last_neighbourhood": stats.last_size,
        },
        (),
        "neighbourhood search",
        "large problem: officer subsets re-planned exactly; no global bound",
    )


def _result(
    problem: Problem,
    keep: KeepPublished | None,
    scales: TierScales,
    opts: SolveOptions,
    started: float,
    out: _Outcome,
) -> PlanResult:
    required_total = sum(dm.required for dm in problem.demands)
    if out.status not in (PlanStatus.OPTIMAL, PlanStatus.FEASIBLE):
        messages = {
            PlanStatus.INFEASIBLE: "the hard rules cannot all be met (e.g. minimum hours, "
            "fixed published cells or leave conflict)",
            PlanStatus.MODEL_INVALID: "the solver rejected the model",
            PlanStatus.UNKNOWN: "no roster found within the time limit",
        }
        return PlanResult(
            status=out.status,
            objective=None,
            best_bound=out.bound,
            gap=None,
            seconds=time.perf_counter() - started,
            solver_seconds=out.solver_seconds,
            assignments=(),
            shortfalls=(),
            breakdown=None,
            scales=scales,
            changed_published=(),
            released_published=out.released,
            required_total=required_total,
            covered_total=0,
            model_size=out.model_size,
            message=messages[out.status],
            source=out.source,
        )
    assignments = out.assignments
    breakdown = evaluate(problem, assignments, keep)
    objective = breakdown.total
    bound = out.bound
    if bound is not None and out.source != "solver":
        bound = min(bound, float(objective))
    gap = None
    if bound is not None:
        gap = 0.0 if objective == bound else (objective - bound) / max(1.0, abs(objective))
    covered: Counter[DemandKey] = Counter((a.post, a.day, a.shift) for a in assignments)
    covered_total = sum(min(dm.required, covered.get(dm.key, 0)) for dm in problem.demands)
    shortfalls = (
        analyse_shortfalls(problem, assignments, max_candidates_listed=opts.max_candidates_listed)
        if opts.analyse_shortfalls
        else ()
    )
    changed: tuple[tuple[str, int], ...] = ()
    released = out.released
    if keep is not None:
        cells = {(a.employee, a.day): a for a in assignments}
        changed = tuple(changed_cells(keep, cells))
    return PlanResult(
        status=out.status,
        objective=objective,
        best_bound=bound,
        gap=gap,
        seconds=time.perf_counter() - started,
        solver_seconds=out.solver_seconds,
        assignments=assignments,
        shortfalls=shortfalls,
        breakdown=breakdown,
        scales=scales,
        changed_published=changed,
        released_published=released,
        required_total=required_total,
        covered_total=covered_total,
        model_size=out.model_size,
        message=out.message,
        source=out.source,
    )
