"""A proven upper bound on coverage: how many required officer-shifts any roster can staff.

The solver's own bound is a bound on the weighted objective and says nothing useful about
coverage at national scale (the tier multipliers swamp it).  This module answers the
coordinator's question directly: *at most how many of the required officer-shifts can be
staffed at all*, whatever the priorities.

Two relaxations, both solved with OR-Tools:

``flow``
    A maximum flow (``SimpleMaxFlow``): source -> officer (capacity: the most shifts the officer
    can work, from available days, total minutes, per-type maxima, the 7-day rule and the
    weekend limit) -> officer-day (1) -> (day, shift, eligibility class) -> demand group
    (capacity: officers required) -> sink.  Fast and always available.
``lp``
    The linear relaxation (GLOP) of the cover part of the rostering model with every *maximum*
    rule kept: one shift per day, rest and "cannot follow", total minutes, maxima per shift
    type, minutes per 7 days, maximum consecutive shifts and nights, maximum weekends.  Rules
    that can only take shifts away from what is possible (minimum hours, minimum consecutive
    shifts or days off, fixed published cells) are dropped.  The flow bound's per-officer
    capacities (total shifts, weekend days) are added as rows, so the LP is never weaker than
    the flow.

Why this is an upper bound: every rule-abiding roster, with over-cover removed (an officer
above ``required`` adds nothing to coverage), is a feasible point of both relaxations with the
same number of staffed officer-shifts; dropping constraints and allowing fractions can only
raise the maximum.  The LP optimum is rounded *down* to an integer only after adding a
tolerance that covers GLOP's feasibility tolerance, so rounding cannot cut below the true
optimum.  The reported bound is the smaller of the two.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .greedy import shift_conflicts
from .patterns import weekend_groups
from .problem import Demand, Problem


@dataclass(frozen=True)
class CoverageBound:
    """Upper bound on staffed officer-shifts; ``covered_max <= required_total`` always."""

    covered_max: int
    required_total: int
    method: str
    """``lp`` (linear relaxation with the maximum rules), ``flow`` (max-flow) or ``trivial``."""
    seconds: float
    flow_max: int | None = None
    lp_max: int | None = None
    lp_status: str = ""

    @property
    def coverage(self) -> float:
        """The bound as a share of what is required (1.0 when nothing is required)."""
        return 1.0 if not self.required_total else self.covered_max / self.required_total


@dataclass
class _Cells:
    """Which (officer, day, shift) cells can contribute to coverage, grouped for the bounds."""

    cells: dict[tuple[int, int, int], tuple[int, ...]]
    """(employee, day, shift) -> demand groups the officer may staff there."""
    group_required: list[int]


def _cells(problem: Problem) -> _Cells:
    p = problem
    sidx = {s.id: i for i, s in enumerate(p.shift_types)}
    limit = p.rules.max_shift_minutes
    group_of: dict[tuple[object, ...], int] = {}
    group_required: list[int] = []
    profiles: list[tuple[object, ...]] = []
    groups_at: dict[tuple[int, int], list[int]] = defaultdict(list)
    for dm in p.demands:
        if dm.required <= 0:
            continue
        s = sidx[dm.shift]
        key = (dm.day, s, dm.qualifications, dm.eligible_units, dm.eligible_organisations)
        g = group_of.get(key)
        if g is None:
            g = group_of[key] = len(group_required)
            group_required.append(0)
            profiles.append(key[2:])
            groups_at[(dm.day, s)].append(g)
        group_required[g] += dm.required
    sample: dict[tuple[object, ...], Demand] = {}  # profile -> a demand, for Demand.admits
    for dm in p.demands:
        sample.setdefault((dm.qualifications, dm.eligible_units, dm.eligible_organisations), dm)
    admits: dict[tuple[object, ...], set[tuple[object, ...]]] = {}
    cells: dict[tuple[int, int, int], tuple[int, ...]] = {}
    for e, emp in enumerate(p.employees):
        ep = (emp.qualifications, emp.unit, emp.organisation)
        allowed = admits.get(ep)
        if allowed is None:
            allowed = admits[ep] = {prof for prof, dm in sample.items() if dm.admits(emp)}
        for s, shift in enumerate(p.shift_types):
            if emp.max_shifts_per_type.get(shift.id, 1) == 0:
                continue
            if limit is not None and shift.length_minutes > limit:
                continue
            if emp.max_total_minutes is not None and shift.length_minutes > emp.max_total_minutes:
                continue
            for d in range(p.num_days):
                if d in emp.unavailable_days:
                    continue
                gs = tuple(g for g in groups_at.get((d, s), ()) if profiles[g] in allowed)
                if gs:
                    cells[(e, d, s)] = gs
    return _Cells(cells, group_required)


def _shift_capacity(problem: Problem, e: int, days: dict[int, list[int]]) -> int:
    """The most shifts officer ``e`` can work, from rules that count shifts or minutes."""
    p = problem
    emp = p.employees[e]
    lengths = [s.length_minutes for s in p.shift_types]
    cap = len(days)
    if not cap:
        return 0
    shortest = min(lengths[s] for ss in days.values() for s in ss)
    if emp.max_total_minutes is not None:
        cap = min(cap, emp.max_total_minutes // shortest)
    per_type = 0
    for s, shift in enumerate(p.shift_types):
        n = sum(1 for ss in days.values() if s in ss)
        per_type += min(n, emp.max_shifts_per_type.get(shift.id, n))
    cap = min(cap, per_type)
    week_cap = p.rules.max_minutes_per_7_days
    if week_cap is not None:
        # disjoint 7-day blocks, each holding at most week_cap // shortest shifts
        total = 0
        for start in range(0, p.num_days, 7):
            n = sum(1 for d in range(start, min(p.num_days, start + 7)) if d in days)
            total += min(n, week_cap // shortest)
        cap = min(cap, total)
    if emp.max_consecutive_shifts is not None:
        size = emp.max_consecutive_shifts + 1
        total = 0
        for start in range(0, p.num_days, size):
            n = sum(1 for d in range(start, min(p.num_days, start + size)) if d in days)
            total += min(n, emp.max_consecutive_shifts)
        cap = min(cap, total)
    if emp.max_weekends is not None:
        weekends = weekend_groups(p.num_days, p.start_weekday)
        weekend = {d for g in weekends for d in g}
        sizes = sorted((sum(1 for d in g if d in days) for g in weekends), reverse=True)
        cap = min(cap, sum(1 for d in days if d not in weekend) + sum(sizes[: emp.max_weekends]))
    return cap


def flow_bound(problem: Problem) -> int:
    """Maximum flow through officers, officer-days and eligibility classes to demand groups."""
    from ortools.graph.python import max_flow  # type: ignore[import-untyped]

    data = _cells(problem)
    per_emp_days: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for e, d, s in data.cells:
        per_emp_days[e][d].append(s)
    weekends = weekend_groups(problem.num_days, problem.start_weekday)
    weekend_days = {d for g in weekends for d in g}
    flow = max_flow.SimpleMaxFlow()
    source, sink = 0, 1
    nodes = 2
    group_node = {}
    for g, req in enumerate(data.group_required):
        group_node[g] = nodes
        flow.add_arc_with_capacity(nodes, sink, req)
        nodes += 1
    class_node: dict[tuple[int, int, tuple[int, ...]], int] = {}
    for e, days in per_emp_days.items():
        cap = _shift_capacity(problem, e, days)
        if cap <= 0:
            continue
        emp_node = nodes
        nodes += 1
        flow.add_arc_with_capacity(source, emp_node, cap)
        weekend_node = None
        limit = problem.employees[e].max_weekends
        if limit is not None:
            # weekend days go through one node: at most the days of the `limit` fullest weekends
            sizes = sorted((sum(1 for d in g if d in days) for g in weekends), reverse=True)
            weekend_node = nodes
            nodes += 1
            flow.add_arc_with_capacity(emp_node, weekend_node, sum(sizes[:limit]))
        for d, ss in days.items():
            day_node = nodes
            nodes += 1
            via = weekend_node if weekend_node is not None and d in weekend_days else emp_node
            flow.add_arc_with_capacity(via, day_node, 1)
            for s in ss:
                gs = data.cells[(e, d, s)]
                key = (d, s, gs)
                node = class_node.get(key)
                if node is None:
                    node = class_node[key] = nodes
                    nodes += 1
                    for g in gs:
                        flow.add_arc_with_capacity(node, group_node[g], data.group_required[g])
                flow.add_arc_with_capacity(day_node, node, 1)
    if flow.solve(source, sink) != flow.OPTIMAL:
        return sum(data.group_required)
    return int(flow.optimal_flow())


def lp_bound(problem: Problem, time_limit: float | None = None) -> tuple[int | None, str]:
    """LP relaxation (GLOP) with every maximum rule; (bound or None, solver status name)."""
    from ortools.linear_solver import pywraplp  # type: ignore[import-untyped]

    p = problem
    data = _cells(problem)
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:  # pragma: no cover - GLOP ships with OR-Tools
        return None, "NOT_AVAILABLE"
    if time_limit is not None:
        solver.SetTimeLimit(max(1, int(time_limit * 1000)))
    inf = solver.infinity()
    lengths = [s.length_minutes for s in p.shift_types]
    x: dict[tuple[int, int, int], Any] = {}
    for key in data.cells:
        x[key] = solver.NumVar(0.0, 1.0, "")
    by_emp: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for e, d, s in data.cells:
        by_emp[e][d].append(s)

    # cover: officers of one eligibility class on (day, shift) flow to the groups they may staff
    classes: dict[tuple[int, int, tuple[int, ...]], list[Any]] = defaultdict(list)
    for (e, d, s), gs in data.cells.items():
        classes[(d, s, gs)].append(x[(e, d, s)])
    into_group: list[list[Any]] = [[] for _ in data.group_required]
    objective = solver.Objective()
    for (_d, _s, gs), members in classes.items():
        if len(gs) == 1:
            for v in members:
                into_group[gs[0]].append(v)
                objective.SetCoefficient(v, 1.0)
            continue
        balance = solver.Constraint(0.0, 0.0)
        for v in members:
            balance.SetCoefficient(v, 1.0)
        for g in gs:
            z = solver.NumVar(0.0, inf, "")
            balance.SetCoefficient(z, -1.0)
            into_group[g].append(z)
            objective.SetCoefficient(z, 1.0)
    for g, terms in enumerate(into_group):
        if terms:
            row = solver.Constraint(0.0, float(data.group_required[g]))
            for v in terms:
                row.SetCoefficient(v, 1.0)

    def at_most(terms: list[tuple[Any, float]], rhs: float) -> None:
        if not terms or sum(c for _, c in terms) <= rhs:
            return
        row = solver.Constraint(-inf, rhs)
        for v, c in terms:
            row.SetCoefficient(v, c)

    conflicts = shift_conflicts(p)
    rules = p.rules
    weekends = weekend_groups(p.num_days, p.start_weekday)
    for e, days in by_emp.items():
        emp = p.employees[e]

        def day_terms(
            d: int,
            pick: Callable[[int], bool] | None = None,
            e: int = e,
            days: dict[int, list[int]] = days,
        ) -> list[tuple[Any, float]]:
            return [(x[(e, d, s)], 1.0) for s in days.get(d, ()) if pick is None or pick(s)]

        for d, ss in days.items():
            if len(ss) > 1:
                at_most(day_terms(d), 1.0)
            for s in ss:
                for delta, targets in conflicts[s].items():
                    later = [
                        (x[(e, d + delta, t)], 1.0) for t in days.get(d + delta, ()) if t in targets
                    ]
                    if later:
                        at_most([(x[(e, d, s)], 1.0), *later], 1.0)
        all_terms = [(x[(e, d, s)], float(lengths[s])) for d, ss in days.items() for s in ss]
        # the integer reasoning of the flow bound (whole weekends, disjoint blocks) cuts off
        # fractional rosters the rows below alone would allow
        at_most([(v, 1.0) for v, _c in all_terms], float(_shift_capacity(p, e, days)))
        if emp.max_total_minutes is not None:
            at_most(all_terms, float(emp.max_total_minutes))
        for shift_id, limit in emp.max_shifts_per_type.items():
            s_i = next(i for i, st in enumerate(p.shift_types) if st.id == shift_id)
            at_most([(x[(e, d, s)], 1.0) for d, ss in days.items() for s in ss if s == s_i], limit)
        if rules.max_minutes_per_7_days is not None:
            for w0 in range(max(1, p.num_days - 6)):
                terms = [
                    (x[(e, d, s)], float(lengths[s]))
                    for d in range(w0, min(p.num_days, w0 + 7))
                    for s in days.get(d, ())
                ]
                at_most(terms, float(rules.max_minutes_per_7_days))
        windows: list[tuple[int, Callable[[int], bool] | None]] = []
        if emp.max_consecutive_shifts is not None:
            windows.append((emp.max_consecutive_shifts, None))
        if rules.max_consecutive_nights is not None:
            nights = {i for i, st in enumerate(p.shift_types) if st.is_night}
            windows.append((rules.max_consecutive_nights, nights.__contains__))
        for limit, pick in windows:
            for start in range(0, p.num_days - limit):
                terms = [t for d in range(start, start + limit + 1) for t in day_terms(d, pick)]
                at_most(terms, float(limit))
        if emp.max_weekends is not None:
            # the flow bound's weekend node: at most the days of the fullest allowed weekends
            sizes = sorted((sum(1 for d in g if d in days) for g in weekends), reverse=True)
            at_most(
                [t for g in weekends for d in g for t in day_terms(d)],
                float(sum(sizes[: emp.max_weekends])),
            )
            lits: list[tuple[Any, float]] = []
            for group in weekends:
                terms = [t for d in group for t in day_terms(d)]
                if not terms:
                    continue
                w = solver.NumVar(0.0, 1.0, "")
                for v, _c in terms:
                    row = solver.Constraint(-inf, 0.0)
                    row.SetCoefficient(v, 1.0)
                    row.SetCoefficient(w, -1.0)
                lits.append((w, 1.0))
            at_most(lits, float(emp.max_weekends))
    objective.SetMaximization()
    status = solver.Solve()
    names = {
        pywraplp.Solver.OPTIMAL: "OPTIMAL",
        pywraplp.Solver.FEASIBLE: "FEASIBLE",
        pywraplp.Solver.INFEASIBLE: "INFEASIBLE",
        pywraplp.Solver.UNBOUNDED: "UNBOUNDED",
        pywraplp.Solver.ABNORMAL: "ABNORMAL",
        pywraplp.Solver.NOT_SOLVED: "NOT_SOLVED",
    }
    name = names.get(status, str(status))
    if status != pywraplp.Solver.OPTIMAL:
        return None, name
    value = objective.Value()
    # GLOP's primal feasibility tolerance is 1e-6 per row; be generous before rounding down
    slack = 1e-5 * max(1.0, abs(value)) + 1e-5
    return math.floor(value + slack), name


def coverage_bound(
    problem: Problem, time_limit: float | None = None, *, use_lp: bool = True
) -> CoverageBound:
    """The tightest bound available within ``time_limit`` seconds (see the module docstring)."""
    started = time.perf_counter()
    required = sum(max(0, dm.required) for dm in problem.demands)
    if not required:
        return CoverageBound(0, 0, "trivial", time.perf_counter() - started)
    flow = min(required, flow_bound(problem))
    best, method = flow, "flow"
    lp_value, lp_status = None, ""
    if use_lp:
        left = None
        if time_limit is not None:
            left = time_limit - (time.perf_counter() - started)
        if left is None or left > 0.5:
            lp_value, lp_status = lp_bound(problem, left)
            if lp_value is not None and lp_value < best:
                best, method = max(0, lp_value), "lp"
        else:
            lp_status = "NO_TIME"
    return CoverageBound(
        best, required, method, time.perf_counter() - started, flow, lp_value, lp_status
    )
