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


# --- shares: numerator <= denominator ----------------------------------------------------------


@st.composite
def pairs(draw: st.DrawFn) -> tuple[d.Grid, d.Grid]:
    """A denominator grid and a numerator that never exceeds it, cell by cell (often equal:
    a share of 100 % is where the relation says most)."""
    width = draw(st.integers(min_value=1, max_value=3))
    den = [[draw(COUNTS) for _ in range(width)] for _ in range(d.QUARTERS)]
    num = [
        [
            draw(st.one_of(st.just(x), st.just(0), st.integers(min_value=0, max_value=x)))
            for x in row
        ]
        for row in den
    ]
    return d.Grid(tuple(map(tuple, num))), d.Grid(tuple(map(tuple, den)))


def pair_attacker_bounds(
    num: d.Grid,
    den: d.Grid,
    num_shown: frozenset[d.Cell],
    den_shown: frozenset[d.Cell],
    target: tuple[int, d.Cell],
) -> tuple[int, int]:
    """Min and max of a hidden cell (0: numerator, 1: denominator) for an attacker holding the
    published numerator, every denominator cell its own control publishes, every relation,
    0 <= numerator <= denominator, and which hidden cells are not empty."""
    bounds = []
    for maximise in (False, True):
        m = cp_model.CpModel()
        var: list[dict[d.Cell, cp_model.IntVar]] = []
        for grid, shown in ((num, num_shown), (den, den_shown)):
            v = {}
            for c in grid.all_cells():
                value = grid.value(c)
                if c in shown:
                    v[c] = m.new_int_var(value, value, str(c))
                else:
                    v[c] = m.new_int_var(1 if value > 0 else 0, 100_000, str(c))
            for r in range(d.QUARTERS + 1):
                m.add(v[(r, -1)] == sum(v[(r, c)] for c in range(grid.width)))
            for c in (*range(grid.width), -1):
                m.add(v[(d.YEAR_ROW, c)] == sum(v[(q, c)] for q in range(d.QUARTERS)))
            var.append(v)
        for c in num.all_cells():
            m.add(var[0][c] <= var[1][c])
        which, cell = target
        (m.maximize if maximise else m.minimize)(var[which][cell])
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        assert solver.solve(m) == cp_model.OPTIMAL
        bounds.append(int(solver.value(var[which][cell])))
    return bounds[0], bounds[1]


def assert_pair_safe(
    num: d.Grid, den: d.Grid, num_shown: frozenset[d.Cell], den_shown: frozenset[d.Cell]
) -> None:
    for which, grid, shown in ((0, num, num_shown), (1, den, den_shown)):
        for cell in grid.all_cells():
            value = grid.value(cell)
            if 0 < value < d.K:
                assert cell not in shown, f"small count {value} published at {cell}"
                lo, hi = pair_attacker_bounds(num, den, num_shown, den_shown, (which, cell))
                assert lo < hi, f"hidden {('numerator', 'denominator')[which]} {value} at {cell}"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pairs())
def test_a_published_share_numerator_pins_no_small_count(pair: tuple[d.Grid, d.Grid]) -> None:
    num, den = pair
    everything: frozenset[d.Cell] = frozenset()
    states = [(q, False) for q in range(1, d.QUARTERS + 1)] + [(d.QUARTERS, True)]
    for closed, year_closed in states:
        shown = d.publish_pair(num, den, closed, year_closed)
        assert everything <= shown, "a later release never withdraws what was published"
        assert shown <= d.publish(num, closed, year_closed) & d.publish(den, closed, year_closed)
        everything = shown
        # The denominator itself is published at most under its own control.
        assert_pair_safe(num, den, shown, d.publish(den, closed, year_closed))


def test_numerator_below_denominator_can_pin_what_the_margins_alone_do_not() -> None:
    """Why the relation is in the model: numerator and denominator shown wherever each may be
    on its own lets an attacker pin a small count through numerator <= denominator."""
    num = d.Grid(((0, 1, 0), (30, 12, 3), (0, 0, 12), (15, 0, 0)))
    den = d.Grid(((5, 5, 1), (30, 12, 3), (1, 0, 12), (15, 12, 10)))
    den_shown = d.publish(den, 4, True)
    naive = d.publish(num, 4, True) & den_shown
    bad = d.pair_pinned(num, den, naive, den_shown)
    assert bad, "the margins alone leave it hidden, the relation pins it"
    which, cell = bad[0]
    lo, hi = pair_attacker_bounds(num, den, naive, den_shown, (which, cell))
    assert lo == hi == den.value(cell)
    safe = d.publish_pair(num, den, 4, True)
    assert safe < naive
    assert_pair_safe(num, den, safe, den_shown)
