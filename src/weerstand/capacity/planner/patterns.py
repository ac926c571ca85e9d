"""Clause builders for the sequence rules: sliding-window sums for the maxima (consecutive
working days, nights) and forbidden-pattern clauses for the minimum block lengths (internal;
see :mod:`.model`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from ortools.sat.python import cp_model

WorkFn = Callable[[int], cp_model.IntVar | None]
_sum = cp_model.LinearExpr.sum


def weekend_groups(horizon: int, start_weekday: int) -> list[list[int]]:
    weeks: dict[int, list[int]] = defaultdict(list)
    for d in range(horizon):
        if (start_weekday + d) % 7 >= 5:
            weeks[(start_weekday + d) // 7].append(d)
    return [weeks[w] for w in sorted(weeks)]


def max_window(
    m: cp_model.CpModel, per_day: Sequence[Sequence[cp_model.IntVar]], limit: int
) -> None:
    """At most ``limit`` working days in every ``limit + 1`` consecutive days."""
    horizon = len(per_day)
    size = limit + 1
    for start in range(0, horizon - size + 1):
        window = [v for d in range(start, start + size) for v in per_day[d]]
        days_possible = sum(1 for d in range(start, start + size) if per_day[d])
        if days_possible > limit:
            m.add(_sum(window) <= limit)


def forbid_blocks(
    m: cp_model.CpModel,
    work: WorkFn,
    horizon: int,
    length: int,
    working: bool,
    exempt: bool,
) -> None:
    """Forbid a block of exactly ``length`` working (or free) days between two opposite days.

    With ``exempt`` a block touching the first or last day is allowed (it may continue in the
    neighbouring period); otherwise outside the horizon counts as the opposite state.
    """
    first = 1 if exempt else 0
    last = horizon - length - 1 if exempt else horizon - length
    for start in range(first, last + 1):
        clause: list[cp_model.LiteralT] = []
        satisfied = False
        # day before and after the block must not be in the opposite state on both sides
        for edge in (start - 1, start + length):
            lit = work(edge) if 0 <= edge < horizon else None
            if working:
                # pattern: off, work*length, off -> clause needs edge worked
                if lit is not None:
                    clause.append(lit)
            else:
                # pattern: work, off*length, work -> clause needs edge off
                if 0 <= edge < horizon:
                    if lit is None:
                        satisfied = True
                    else:
                        clause.append(~lit)
                elif exempt:
                    satisfied = True
        for d in range(start, start + length):
            lit = work(d)
            if working:
                if lit is None:
                    satisfied = True
                else:
                    clause.append(~lit)
            elif lit is not None:
                clause.append(lit)
        if satisfied:
            continue
        m.add_bool_or(clause)  # an empty clause makes the model infeasible, as it should
