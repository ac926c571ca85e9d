"""Property: no combination of the advisory body's queries reveals a count below k.

The attacker holds EVERY table ever published for a year: each quarter as it was released
(after quarter 1, after quarter 2, ...), and the year at the end; with and without the
phenomenon breakdown (all views of one grid, so their union is the set of published cells of
the last state). They solve every additive relation (row totals, year = sum of quarters, per
phenomenon and in total) with counts >= 0, and even know which hidden cells are not empty.
An independent integer solver (CP-SAT, not the LP the production code uses) computes, for each
hidden cell whose true value is 1..9, its smallest and largest feasible value: they must differ.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from weerstand.advisory import disclosure as d

COUNTS = st.one_of(
    st.integers(min_value=0, max_value=12),  # many small cells and zeros
    st.integers(min_value=10, max_value=60),
)


@st.composite
def grids(draw: st.DrawFn) -> d.Grid:
    width = draw(st.integers(min_value=1, max_value=4))
    return d.Grid(tuple(tuple(draw(COUNTS) for _ in range(width)) for _ in range(d.QUARTERS)))


def attacker_bounds(grid: d.Grid, published: frozenset[d.Cell], cell: d.Cell) -> tuple[int, int]:
    bounds = []
    for maximise in (False, True):
        m = cp_model.CpModel()
        var = {}
        for c in grid.all_cells():
            v = grid.value(c)
            if c in published:
                var[c] = m.new_int_var(v, v, str(c))
            else:
                var[c] = m.new_int_var(1 if v > 0 else 0, 100_000, str(c))
        for r in range(d.QUARTERS + 1):
            m.add(var[(r, -1)] == sum(var[(r, c)] for c in range(grid.width)))
        for c in (*range(grid.width), -1):
            m.add(var[(d.YEAR_ROW, c)] == sum(var[(q, c)] for q in range(d.QUARTERS)))
        (m.maximize if maximise else m.minimize)(var[cell])
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        assert solver.solve(m) == cp_model.OPTIMAL
        bounds.append(int(solver.value(var[cell])))
    return bounds[0], bounds[1]


def assert_safe(grid: d.Grid, published: frozenset[d.Cell]) -> None:
    for cell in grid.all_cells():
        value = grid.value(cell)
        if 0 < value < d.K:
            assert cell not in published, f"small count {value} published at {cell}"
            lo, hi = attacker_bounds(grid, published, cell)
            assert lo < hi, f"hidden count {value} at {cell} pinned to {lo} by {sorted(published)}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grids())
def test_no_combination_of_published_tables_pins_a_small_count(grid: d.Grid) -> None:
    everything: frozenset[d.Cell] = frozenset()
    for closed in range(1, d.QUARTERS + 1):
        state = d.publish(grid, closed, False)
        assert everything <= state, "a later release never withdraws what was published"
        everything = state
        assert_safe(grid, everything)
    final = d.publish(grid, d.QUARTERS, True)
    assert everything <= final
    assert_safe(grid, final)


def test_the_check_can_fail() -> None:
    """Publishing everything but the one small cell lets the attacker pin it."""
    grid = d.Grid(((3, 20, 15), (0, 0, 0), (0, 0, 0), (0, 0, 0)))
    published = frozenset(c for c in grid.all_cells() if c != (0, 0))
    assert attacker_bounds(grid, published, (0, 0)) == (3, 3)
    assert d.pinned(grid, published) == [(0, 0)]


def test_a_lone_small_cell_gets_a_complement() -> None:
    grid = d.Grid(((3, 20, 15), (12, 11, 0), (0, 0, 40), (10, 10, 10)))
    shown = d.publish(grid, 4, True)
    assert (0, 0) not in shown
    assert len([c for c in grid.all_cells() if c[0] == 0 and c not in shown]) >= 2
    assert_safe(grid, shown)
    assert (1, 2) in shown, "zero is published: it describes nobody"


@pytest.mark.parametrize("seed", range(4))
def test_full_width_grids_as_published_are_safe(seed: int) -> None:
    """The real width (eight phenomena and 'unknown'), sparse and small as national counts are."""
    rng = random.Random(seed)
    grid = d.Grid(
        tuple(
            tuple(rng.choice([0, 0, 0, 1, 2, 4, 7, 9, 10, 12, 25, 60]) for _ in range(9))
            for _ in range(d.QUARTERS)
        )
    )
    for closed in range(1, d.QUARTERS + 1):
        assert_safe(grid, d.publish(grid, closed, False))
    assert_safe(grid, d.publish(grid, d.QUARTERS, True))
