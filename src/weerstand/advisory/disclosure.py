"""Statistical disclosure control for the advisory body's aggregates (pure functions).

What is published, per indicator and calendar year, is one grid: four quarter rows and a
year row, one column per breakdown value (phenomenon) and a total column. Every query the
advisory body can make (a quarter or a year, with or without the phenomenon breakdown) is a
view of that grid, so all the published numbers obey the same additive relations:

    row total     = sum of the row's cells          (a quarter or the year, all phenomena)
    year cell     = sum of the four quarter cells   (per phenomenon, and for the totals)

Rules (see docs/advisory-aggregates.md for the reasoning):

- Periods are fixed calendar quarters and years. A quarter is published only once it has
  ended, the year row only once the year has ended; there is no arbitrary window, so
  shifting windows cannot be differenced.
- Primary suppression: a count 1..9 (k = 10) is never published. Zero is published: it
  describes nobody.
- Secondary (complementary) suppression, checked by an attacker: after the primary cells are
  hidden, an LP (GLOP) computes, for every hidden cell whose true value is 1..9, the smallest
  and largest value consistent with everything published so far, assuming counts are >= 0
  and that the attacker even knows which hidden cells are not empty (>= 1). While some such
  cell has a single feasible value, one more cell that shares a relation with it is hidden
  (preferring counts >= k, then the smallest), and the check runs again.
- Publication is sequential, as it happens in time: quarter 1 when it ends, then quarter 2,
  ...; the year row last. Each step may only hide cells of its own new row; everything
  published before counts as known to the attacker. So no combination of the tables ever
  published, over any sequence of downloads, pins a small cell.

The constraint matrix of a table with margins is totally unimodular, so the LP's bounds are
the exact integer bounds; the property test checks the outcome independently with an
integer solver (CP-SAT).

A share (numerator, denominator) adds a relation per cell: 0 <= numerator <= denominator.
Only the numerator is published, where both grids may be shown (`publish_pair`); the
attacker is assumed to know every denominator cell its own control would publish (it may be
published elsewhere, e.g. as a volume) and the bound per cell. With that coupling the matrix
need not be totally unimodular, so this check uses an integer solver (CP-SAT) directly, and
hides further numerator cells of the step's row while a small numerator or denominator is
pinned.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from ortools.linear_solver import pywraplp  # type: ignore[import-untyped]  # no stubs shipped
from ortools.sat.python import cp_model

K = 10  # counts below K (and above 0) are never published
QUARTERS = 4
YEAR_ROW = QUARTERS  # row index of the year in the grid

BIG = 10**6  # far above any national count per quarter: "no upper bound" for the solver
Cell = tuple[int, int]  # (row, column); column -1 is the total
ALL_ROWS = frozenset(range(QUARTERS + 1))


@dataclass(frozen=True)
class Grid:
    """True counts: `cells[q][c]` for quarter q (0..3) and breakdown column c."""

    cells: tuple[tuple[int, ...], ...]

    @property
    def width(self) -> int:
        return len(self.cells[0]) if self.cells else 0

    def value(self, cell: Cell) -> int:
        row, col = cell
        rows = range(QUARTERS) if row == YEAR_ROW else (row,)
        cols = range(self.width) if col == -1 else (col,)
        return sum(self.cells[r][c] for r in rows for c in cols)

    def all_cells(self) -> list[Cell]:
        return [(r, c) for r in range(QUARTERS + 1) for c in (*range(self.width), -1)]

    def relations(self) -> list[tuple[Cell, list[Cell]]]:
        """(total, parts): every additive relation between published numbers."""
        out: list[tuple[Cell, list[Cell]]] = []
        for r in range(QUARTERS + 1):
            out.append(((r, -1), [(r, c) for c in range(self.width)]))
        for c in (*range(self.width), -1):
            out.append(((YEAR_ROW, c), [(q, c) for q in range(QUARTERS)]))
        return out


def sensitive(value: int) -> bool:
    return 0 < value < K


def feasible_ranges(
    grid: Grid,
    published: Iterable[Cell],
    targets: Iterable[Cell],
    due: frozenset[int] = ALL_ROWS,
) -> dict[Cell, tuple[float, float]]:
    """The attacker's bounds on each target cell, from every published cell and relation.

    Unpublished cells are >= 0, and (conservatively: zeros are published, so a hidden cell is
    usually not empty) an unpublished cell of a `due` row that truly is not empty is known to
    be >= 1. Rows not yet due (later quarters, the year before it ends) are unknown (>= 0),
    so what a step publishes depends only on the data of its own and earlier quarters.
    """
    shown = set(published)
    out: dict[Cell, tuple[float, float]] = {}
    for cell in targets:
        bounds = []
        for maximise in (False, True):
            # A fresh model per solve: GLOP's incremental re-solve after a change of
            # objective has been seen to report a feasible problem as infeasible.
            solver, var = _model(grid, shown, due)
            if maximise:
                solver.Maximize(var[cell])
            else:
                solver.Minimize(var[cell])
            status = solver.Solve()
            if status != pywraplp.Solver.OPTIMAL:  # pragma: no cover - the truth is feasible
                raise RuntimeError(f"disclosure check failed to solve ({status})")
            bounds.append(var[cell].solution_value())
        out[cell] = (bounds[0], bounds[1])
    return out


def _model(
    grid: Grid, shown: set[Cell], due: frozenset[int]
) -> tuple[pywraplp.Solver, dict[Cell, pywraplp.Variable]]:
    solver = pywraplp.Solver.CreateSolver("GLOP")
    assert solver is not None
    var = {}
    for cell in grid.all_cells():
        v = grid.value(cell)
        if cell in shown:
            var[cell] = solver.NumVar(v, v, str(cell))
        else:  # a finite cap: GLOP may call an unbounded problem infeasible
            floor = 1 if v > 0 and cell[0] in due else 0
            var[cell] = solver.NumVar(floor, BIG, str(cell))
    for total, parts in grid.relations():
        solver.Add(var[total] == sum(var[p] for p in parts))
    return solver, var


def pinned(grid: Grid, published: Iterable[Cell], due: frozenset[int] = ALL_ROWS) -> list[Cell]:
    """Hidden small cells of the due rows whose feasible range is a single value."""
    shown = set(published)
    targets = [
        c for c in grid.all_cells() if c[0] in due and c not in shown and sensitive(grid.value(c))
    ]
    ranges = feasible_ranges(grid, shown, targets, due)
    return [c for c, (lo, hi) in ranges.items() if hi - lo < 0.5]


def _protect_step(grid: Grid, known: set[Cell], row: int) -> set[Cell]:
    """Which cells of `row` to publish, given the `known` (already published) ones."""
    new = [(row, c) for c in (*range(grid.width), -1)]
    due = ALL_ROWS if row == YEAR_ROW else frozenset(range(row + 1))
    shown = {c for c in new if not sensitive(grid.value(c))}
    relations = grid.relations()
    while True:
        bad = pinned(grid, known | shown, due)
        if not bad:
            return shown
        related = {
            c
            for total, parts in relations
            if any(b == total or b in parts for b in bad)
            for c in (total, *parts)
        }
        pool = [c for c in shown if c in related] or list(shown)
        candidates = sorted(pool, key=lambda c: (grid.value(c) < K, grid.value(c), c))
        if not candidates:  # pragma: no cover - hiding the whole new row always suffices
            raise RuntimeError("no complementary cell left to suppress")
        shown.discard(candidates[0])


@functools.lru_cache(maxsize=512)
def publish(grid: Grid, closed_quarters: int, year_closed: bool) -> frozenset[Cell]:
    """The published cells after `closed_quarters` quarters (and the year) were released.

    Step q decides only about quarter q's row and sees only quarters 1..q, so the outcome of
    an earlier step is the same whenever it is recomputed (given the frozen counts).
    """
    known: set[Cell] = set()
    for q in range(min(closed_quarters, QUARTERS)):
        known |= _protect_step(grid, known, q)
    if year_closed and closed_quarters >= QUARTERS:
        known |= _protect_step(grid, known, YEAR_ROW)
    return frozenset(known)


def published_values(grid: Grid, shown: frozenset[Cell]) -> dict[Cell, int | None]:
    """Every cell of the grid: its count when published, None when suppressed or not yet due."""
    return {c: (grid.value(c) if c in shown else None) for c in grid.all_cells()}


# --- shares: a numerator that never exceeds its denominator ------------------------------------


def _steps(closed_quarters: int, year_closed: bool) -> list[int]:
    rows = list(range(min(closed_quarters, QUARTERS)))
    if year_closed and closed_quarters >= QUARTERS:
        rows.append(YEAR_ROW)
    return rows


def _pair_solution(
    num: Grid,
    den: Grid,
    num_shown: set[Cell],
    den_shown: frozenset[Cell],
    due: frozenset[int],
    avoid: tuple[int, Cell],
) -> list[dict[Cell, int]] | None:
    """A solution the attacker cannot tell from the truth in which the `avoid` cell differs
    from its true value (both grids' values), or None when there is none: then it is pinned."""
    m = cp_model.CpModel()
    var: list[dict[Cell, cp_model.IntVar]] = []
    for g, shown in ((num, num_shown), (den, den_shown)):
        v = {}
        for cell in g.all_cells():
            value = g.value(cell)
            if cell in shown:
                v[cell] = m.new_int_var(value, value, str(cell))
            else:
                floor = 1 if value > 0 and cell[0] in due else 0
                v[cell] = m.new_int_var(floor, BIG, str(cell))
        for total, parts in g.relations():
            m.add(v[total] == sum(v[p] for p in parts))
        var.append(v)
    for cell in num.all_cells():
        m.add(var[0][cell] <= var[1][cell])
    which, cell = avoid
    m.add(var[which][cell] != (num, den)[which].value(cell))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    if solver.solve(m) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return [{c: int(solver.value(x)) for c, x in v.items()} for v in var]


def pair_pinned(
    num: Grid,
    den: Grid,
    num_shown: Iterable[Cell],
    den_shown: Iterable[Cell],
    due: frozenset[int] = ALL_ROWS,
) -> list[tuple[int, Cell]]:
    """Hidden small cells of the due rows (0: numerator, 1: denominator) pinned by the
    published numerator, the denominator cells the attacker may know, every additive relation
    and 0 <= numerator <= denominator per cell (exact: an integer solver looks for a solution
    in which the cell differs from the truth; one solution clears every cell it moves)."""
    shown_n, shown_d = set(num_shown), frozenset(den_shown)
    grids = (num, den)
    open_: list[tuple[int, Cell]] = [
        (which, cell)
        for which, shown in ((0, shown_n), (1, shown_d))
        for cell in grids[which].all_cells()
        if cell[0] in due and cell not in shown and sensitive(grids[which].value(cell))
    ]
    out = []
    while open_:
        target = open_.pop(0)
        found = _pair_solution(num, den, shown_n, shown_d, due, target)
        if found is None:
            out.append(target)
            continue
        open_ = [(w, c) for w, c in open_ if found[w][c] == grids[w].value(c)]
    return out


@functools.lru_cache(maxsize=512)
def publish_pair(num: Grid, den: Grid, closed_quarters: int, year_closed: bool) -> frozenset[Cell]:
    """The published numerator cells of a share: where both grids may be shown on their own,
    less what the relation numerator <= denominator would let an attacker pin (sequential,
    like `publish`: a step hides only cells of its own row)."""
    relations = num.relations()
    known: set[Cell] = set()
    for row in _steps(closed_quarters, year_closed):
        at_year = row == YEAR_ROW
        upto = QUARTERS if at_year else row + 1
        den_known = publish(den, upto, at_year)
        own = publish(num, upto, at_year) & den_known
        shown = {c for c in own if c[0] == row}
        due = ALL_ROWS if at_year else frozenset(range(row + 1))
        while True:
            bad = pair_pinned(num, den, known | shown, den_known, due)
            if not bad:
                break
            cells = {c for _, c in bad}
            related = {
                c
                for total, parts in relations
                if any(b == total or b in parts for b in cells)
                for c in (total, *parts)
            }
            pool = [c for c in shown if c in related or c in cells] or list(shown)
            candidates = sorted(pool, key=lambda c: (num.value(c) < K, num.value(c), c))
            if not candidates:  # pragma: no cover - see the property test
                raise RuntimeError("no numerator cell left to suppress")
            shown.discard(candidates[0])
        known |= shown
    return frozenset(known)
