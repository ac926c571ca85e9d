"""Neighbourhood search over officer subsets for problems too large for one CP-SAT model.

A national month (2,000 officers, 28 days, 3 shifts) is one model of ~125,000 shift variables;
on two cores CP-SAT spends most of a two-minute limit in presolve, and each of its own
neighbourhood moves copies that whole model (half a minute per move).  Here each move re-plans
a few dozen to a few hundred officers exactly (a small CP-SAT model in which everyone else keeps
their shifts as constant cover) and is kept when the full objective does not get worse.  The
officers are drawn around a short demand (those who may staff it, those who may take over their
current posts, and colleagues from their units), so that displacement chains between posts can
be resolved inside one move.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .model import build_model
from .problem import Assignment, KeepPublished, Problem, TierScales
from .solution import assignments_from


@dataclass(frozen=True)
class NeighbourhoodStats:
    """What the search did, for logs and benchmark reports."""

    moves: int
    improving_moves: int
    start_objective: int
    final_objective: int
    last_size: int


def _neighbourhood(
    problem: Problem,
    roster: Sequence[Assignment],
    size: int,
    rng: random.Random,
    units: dict[str, list[int]],
) -> set[int]:
    """Officers that can form a displacement chain towards one short demand.

    First ring: officers who may staff a short demand (picked with odds by its penalty).
    Second ring: officers who may take over the posts the first ring works now, so that the
    first ring can move.  Random officers from the same units fill up the rest.
    """
    covered = Counter((a.post, a.day, a.shift) for a in roster)
    short = [
        dm
        for dm in problem.demands
        if covered.get(dm.key, 0) < dm.required and dm.under_weight and dm.priority
    ]
    employees = problem.employees
    index = {e.id: i for i, e in enumerate(employees)}
    chosen: set[int] = set()
    if short:
        weights = [dm.priority * dm.under_weight for dm in short]
        seed = rng.choices(short, weights=weights)[0]
        first = [
            e
            for e, emp in enumerate(employees)
            if seed.admits(emp) and seed.day not in emp.unavailable_days
        ]
        rng.shuffle(first)
        ring = first[: max(1, size // 3)]
        chosen.update(ring)
        demands = {dm.key: dm for dm in problem.demands}
        taken = [demands[(a.post, a.day, a.shift)] for a in roster if index[a.employee] in chosen]
        profiles = {
            (dm.qualifications, dm.eligible_units, dm.eligible_organisations): dm for dm in taken
        }
        second = [
            e
            for e, emp in enumerate(employees)
            if e not in chosen and any(dm.admits(emp) for dm in profiles.values())
        ]
        rng.shuffle(second)
        chosen.update(second[: max(0, (2 * size) // 3 - len(chosen))])
    unit_names = sorted({employees[e].unit for e in chosen}) or sorted(units)
    while len(chosen) < size and unit_names:
        unit = rng.choice(unit_names)
        members = [e for e in units[unit] if e not in chosen]
        if not members:
            unit_names.remove(unit)
            continue
        chosen.update(rng.sample(members, min(len(members), max(1, size // 8), size - len(chosen))))
    return chosen


def improve(
    problem: Problem,
    roster: Sequence[Assignment],
    scales: TierScales,
    keep: KeepPublished | None,
    deadline: float,
    score: Callable[[Sequence[Assignment]], int],
    *,
    num_workers: int = 2,
    seed: int = 0,
    start_size: int = 100,
    move_seconds: float = 3.0,
) -> tuple[list[Assignment], NeighbourhoodStats]:
    """Improve a rule-abiding roster until ``deadline`` (a ``time.perf_counter`` value).

    ``score`` is the exact objective of a whole roster; a move is kept when it does not
    increase it, so the result is never worse than the start.
    """
    rng = random.Random(seed)
    best = list(roster)
    best_total = score(best)
    start_total = best_total
    index = {e.id: i for i, e in enumerate(problem.employees)}
    units: dict[str, list[int]] = {}
    for i, emp in enumerate(problem.employees):
        units.setdefault(emp.unit, []).append(i)
    size = min(start_size, len(problem.employees))
    moves = improving = 0
    while time.perf_counter() < deadline - 1.0:
        free = _neighbourhood(problem, best, size, rng, units)
        built = build_model(problem, scales, keep, hint=best, free=free, fixed=best)
        left = deadline - time.perf_counter()
        if left < 1.0:
            break
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = min(move_seconds, left)
        solver.parameters.num_workers = num_workers
        solver.parameters.random_seed = seed + moves
        code = solver.solve(built.model)
        moves += 1
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            size = max(20, int(size * 0.8))
            continue
        moved = assignments_from(problem, built, solver, keep)
        candidate = [a for a in best if index[a.employee] not in free] + moved
        total = score(candidate)
        improved = total < best_total
        if total <= best_total:
            improving += improved
            best, best_total = candidate, total
        # grow after an optimal move (room for more), shrink when a move ran out of time
        # without finding anything
        if code == cp_model.OPTIMAL:
            size = min(len(problem.employees), int(size * 1.2) + 1)
        elif not improved and solver.wall_time >= move_seconds * 0.9:
            size = max(20, int(size * 0.9))
    order = {e.id: i for i, e in enumerate(problem.employees)}
    best.sort(key=lambda a: (order[a.employee], a.day))
    return best, NeighbourhoodStats(moves, improving, start_total, best_total, size)
