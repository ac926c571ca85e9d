"""The coverage bound is a proof: never below what CP-SAT proves optimal, equal where it must be."""

from __future__ import annotations

import random

import pytest

from weerstand.capacity.planner import (
    Demand,
    Employee,
    ObjectiveConfig,
    Problem,
    Rules,
    ShiftType,
    SolveOptions,
    coverage_bound,
    solve,
)
from weerstand.capacity.planner.bound import flow_bound, lp_bound

EARLY = ShiftType("E", 480, 7 * 60)
LATE = ShiftType("L", 480, 15 * 60)
NIGHT = ShiftType("N", 480, 23 * 60, is_night=True)
SHIFTS = (EARLY, LATE, NIGHT)


def random_problem(seed: int, employees: int = 6, days: int = 7) -> Problem:
    """A small tight problem with every maximum rule and some minimum rules in play."""
    rnd = random.Random(seed)
    quals = ["a", "b", "c"]
    staff = []
    for i in range(employees):
        staff.append(
            Employee(
                f"e{i}",
                qualifications=frozenset(rnd.sample(quals, rnd.randint(0, 2))),
                unit=rnd.choice(["u1", "u2"]),
                max_total_minutes=rnd.choice([None, 480 * rnd.randint(2, 6)]),
                min_total_minutes=rnd.choice([None, 480]),
                max_consecutive_shifts=rnd.choice([None, 2, 3]),
                min_consecutive_days_off=rnd.choice([None, 2]),
                max_weekends=rnd.choice([None, 0, 1]),
                unavailable_days=frozenset(rnd.sample(range(days), rnd.randint(0, 2))),
                max_shifts_per_type={"N": rnd.randint(0, 3)} if rnd.random() < 0.3 else {},
            )
        )
    demands = []
    for d in range(days):
        for shift in SHIFTS:
            for post in ("p1", "p2"):
                if rnd.random() < 0.6:
                    demands.append(
                        Demand(
                            d,
                            shift.id,
                            post,
                            rnd.randint(1, 2),
                            qualifications=frozenset(rnd.sample(quals, rnd.randint(0, 1))),
                            eligible_units=rnd.choice([None, frozenset({"u1"})]),
                            over_weight=rnd.choice([0, 1]),
                        )
                    )
    rules = Rules(
        max_minutes_per_7_days=rnd.choice([None, 480 * 4]),
        min_rest_minutes=11 * 60,
        max_consecutive_nights=rnd.choice([None, 2]),
    )
    # flat objective with equal weights: the optimum is the roster with the most coverage
    return Problem(days, SHIFTS, tuple(staff), tuple(demands), 5, rules, ObjectiveConfig.flat())


def optimum(problem: Problem) -> int:
    result = solve(
        problem,
        SolveOptions(
            time_limit=None,
            strategy="single",
            analyse_shortfalls=False,
            allow_uncoverable=True,
            coverage_bound=False,
        ),
    )
    assert result.status.value == "OPTIMAL"
    return result.covered_total


@pytest.mark.parametrize("seed", range(12))
def test_bound_is_never_below_the_proven_optimum(seed: int) -> None:
    problem = random_problem(seed)
    best = optimum(problem)
    bound = coverage_bound(problem)
    required = sum(dm.required for dm in problem.demands)
    assert best <= bound.covered_max <= required
    # each relaxation on its own is a valid bound too
    assert flow_bound(problem) >= best
    lp, status = lp_bound(problem)
    assert status == "OPTIMAL" and lp is not None and lp >= best
    assert bound.covered_max == min(required, flow_bound(problem), lp)


def test_enough_officers_bound_equals_required() -> None:
    staff = tuple(Employee(f"e{i}") for i in range(4))
    demands = tuple(Demand(d, "E", "p", 2) for d in range(5))
    problem = Problem(5, SHIFTS, staff, demands)
    bound = coverage_bound(problem)
    assert bound.covered_max == 10 == optimum(problem)
    assert bound.coverage == 1.0


def test_scarce_qualification_bound_equals_optimum() -> None:
    # Two qualified officers, each at most three shifts: six of ten shifts can be staffed.
    staff = (
        Employee("q1", qualifications=frozenset({"pp"}), max_total_minutes=3 * 480),
        Employee("q2", qualifications=frozenset({"pp"}), max_total_minutes=3 * 480),
        Employee("other"),
    )
    demands = tuple(Demand(d, "L", "close", 2, qualifications=frozenset({"pp"})) for d in range(5))
    problem = Problem(5, SHIFTS, staff, demands)
    bound = coverage_bound(problem)
    assert bound.covered_max == 6 == optimum(problem)
    assert bound.coverage == pytest.approx(0.6)


def test_rest_rule_makes_the_lp_tighter_than_the_flow() -> None:
    # One officer, a night on day 0 and an early on day 1: 8 hours apart, 11 h rest needed.
    staff = (Employee("solo"),)
    demands = (Demand(0, "N", "p", 1), Demand(1, "E", "p", 1))
    problem = Problem(2, SHIFTS, staff, demands, rules=Rules(min_rest_minutes=11 * 60))
    assert flow_bound(problem) == 2
    bound = coverage_bound(problem)
    assert bound.method == "lp"
    assert bound.covered_max == 1 == optimum(problem)


def test_solve_reports_the_bound_with_the_plan() -> None:
    problem = random_problem(3)
    result = solve(problem, SolveOptions(time_limit=10, allow_uncoverable=True))
    assert result.coverage_bound is not None
    assert result.coverage_bound.required_total == result.required_total
    assert result.coverage_upper_bound is not None
    assert result.coverage <= result.coverage_upper_bound
    skipped = solve(
        problem, SolveOptions(time_limit=10, allow_uncoverable=True, coverage_bound=False)
    )
    assert skipped.coverage_bound is None and skipped.coverage_upper_bound is None


def test_without_time_for_the_lp_the_flow_bound_is_reported() -> None:
    problem = random_problem(5)
    bound = coverage_bound(problem, time_limit=0.0)
    assert bound.method == "flow" and bound.lp_max is None and bound.lp_status == "NO_TIME"
    assert bound.covered_max == min(bound.required_total, flow_bound(problem))


def test_nothing_required() -> None:
    problem = Problem(3, SHIFTS, (Employee("e"),), ())
    bound = coverage_bound(problem)
    assert bound.method == "trivial" and bound.covered_max == 0 and bound.coverage == 1.0
