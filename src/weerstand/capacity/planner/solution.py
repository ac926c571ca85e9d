"""Between a roster and the CP-SAT model: a roster written in as a complete solution hint
(the previous plan or the greedy one, so search starts from it), and the solved model read
back as a roster with aggregated cover split into posts (internal; see :mod:`.model`)."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from .problem import Assignment, KeepPublished, Problem

if TYPE_CHECKING:
    from .model import BuiltModel


def add_hints(
    p: Problem,
    built: BuiltModel,
    hinted: dict[tuple[int, int], tuple[int, str]],
    demand_index: dict[tuple[str, int, str], int],
    demand_group: list[int],
) -> None:
    """Hint every variable from a roster (previous plan or greedy) so search starts from it.

    A partial hint is often not completed by the solver on large models; deriving every
    auxiliary value here makes a rule-abiding roster an immediate first solution.
    """
    hints: list[tuple[cp_model.IntVar, int]] = []
    x_value: dict[tuple[int, int, int], int] = {}
    day_value: dict[tuple[int, int], int] = defaultdict(int)
    minutes: dict[int, int] = defaultdict(int, enumerate(built.aux.fixed_minutes))
    lengths = [s.length_minutes for s in p.shift_types]
    for (e, d, s), var in built.x.items():
        cell = hinted.get((e, d))
        v = 1 if cell is not None and cell[0] == s else 0
        x_value[(e, d, s)] = v
        hints.append((var, v))
        if v:
            day_value[(e, d)] = 1
            minutes[e] += lengths[s]
    aux = built.aux
    hints.extend((lit, day_value[key]) for key, lit in aux.work.items())
    for lit, vs in aux.weekends:
        hints.append((lit, int(any(x_value[_key(built, v)] for v in vs))))
    shift_ids = [s.id for s in p.shift_types]
    cover = [grp.fixed for grp in built.groups]
    for cls in built.classes:
        working = [e for e in cls.members if x_value[(e, cls.day, cls.shift)]]
        if not cls.count_vars:
            cover[cls.groups[0]] += len(working)
            continue
        counts = dict.fromkeys(cls.count_vars, 0)
        for e in working:
            k = demand_index.get((hinted[(e, cls.day)][1], cls.day, shift_ids[cls.shift]))
            g = demand_group[k] if k is not None else -1
            counts[g if g in counts else cls.groups[0]] += 1
        for g, var in cls.count_vars.items():
            hints.append((var, counts[g]))
            cover[g] += counts[g]
    for var, g in aux.under:
        hints.append((var, max(0, built.groups[g].required - cover[g])))
    for var, g in aux.over:
        hints.append((var, max(0, cover[g] - built.groups[g].required)))
    unit = p.objective.balance_unit_minutes
    for var, e, contract in aux.overtime:
        hints.append((var, -(-max(0, minutes[e] - contract) // unit)))
    for hi, lo, spread, idx in aux.spread:
        devs = [minutes[i] - (p.employees[i].contract_minutes or 0) for i in idx]
        hints += [(hi, max(devs)), (lo, min(devs))]
        hints.append((spread, -(-(max(devs) - min(devs)) // unit)))
    # every value above lies in its variable's domain by construction; bulk-extend the proto
    # because one add_hint call per variable costs seconds on national models
    solution_hint = built.model.proto.solution_hint
    solution_hint.vars.extend([var.index for var, _ in hints])
    solution_hint.values.extend([v for _, v in hints])


def _key(built: BuiltModel, var: cp_model.IntVar) -> tuple[int, int, int]:
    return built.x_key[var.index]


def assignments_from(
    problem: Problem,
    built: BuiltModel,
    solver: cp_model.CpSolver,
    keep: KeepPublished | None,
) -> list[Assignment]:
    """Read the roster and split aggregated cover back into posts."""
    p = problem
    previous_post: dict[tuple[int, int], str] = {}
    if keep is not None:
        eidx = {e.id: i for i, e in enumerate(p.employees)}
        for a in keep.previous:
            previous_post[(eidx[a.employee], a.day)] = a.post
    pool: dict[int, list[int]] = defaultdict(list)
    for cls in built.classes:
        working = [e for e in cls.members if solver.boolean_value(built.x[(e, cls.day, cls.shift)])]
        if not working:
            continue
        counts = {g: int(solver.value(expr)) for g, expr in cls.counts.items()}
        # keep employees on the group of their previous post where the counts allow it
        rest: list[int] = []
        for e in working:
            post = previous_post.get((e, cls.day))
            g_prev = next(
                (
                    g
                    for g in cls.groups
                    if counts[g] > 0
                    and post is not None
                    and any(p.demands[k].post == post for k in built.groups[g].demands)
                ),
                None,
            )
            if g_prev is None:
                rest.append(e)
            else:
                counts[g_prev] -= 1
                pool[g_prev].append(e)
        for e in rest:
            g = next(g for g in cls.groups if counts[g] > 0)
            counts[g] -= 1
            pool[g].append(e)
    shift_ids = [s.id for s in p.shift_types]
    result: list[Assignment] = []
    for g, emps in pool.items():
        group = built.groups[g]
        remaining = {k: p.demands[k].required - built.fixed_per_demand[k] for k in group.demands}
        by_post = {p.demands[k].post: k for k in group.demands}
        chosen: dict[int, int] = {}
        for e in emps:
            k = by_post.get(previous_post.get((e, group.day), ""))
            if k is not None and remaining[k] > 0:
                remaining[k] -= 1
                chosen[e] = k
        for e in emps:
            if e in chosen:
                continue
            k = next((k for k in group.demands if remaining[k] > 0), None)
            if k is None:
                k = by_post.get(previous_post.get((e, group.day), ""), group.demands[0])
            else:
                remaining[k] -= 1
            chosen[e] = k
        for e, k in chosen.items():
            result.append(
                Assignment(p.employees[e].id, group.day, shift_ids[group.shift], p.demands[k].post)
            )
    order = {e.id: i for i, e in enumerate(p.employees)}
    result.sort(key=lambda a: (order[a.employee], a.day))
    return result
