"""The independent validator catches every kind of hard-rule violation (one case per rule)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from weerstand.capacity.planner import (
    Assignment,
    Demand,
    Employee,
    KeepPublished,
    ObjectiveConfig,
    Problem,
    Rules,
    ShiftPreference,
    ShiftType,
    evaluate,
    parse_curtois,
    validate_curtois,
    validate_plan,
)
from weerstand.capacity.planner import validator as v

HORIZON = 14  # starts on a Monday: days 5, 6 and 12, 13 are weekend days

SHIFTS = (
    ShiftType("E", 480, start_minute=7 * 60),
    ShiftType("L", 480, start_minute=15 * 60, forbidden_next=frozenset({"E"})),
    ShiftType("N", 480, start_minute=23 * 60, is_night=True),
    ShiftType("D", 660, start_minute=8 * 60),
    ShiftType("X", 780, start_minute=8 * 60),
)

LIMITED = Employee(
    "a",
    qualifications=frozenset({"personal_protection"}),
    unit="u1",
    contract_minutes=2400,
    max_total_minutes=3000,
    min_total_minutes=480,
    max_shifts_per_type={"N": 3},
    max_consecutive_shifts=4,
    min_consecutive_shifts=2,
    min_consecutive_days_off=2,
    max_weekends=1,
    unavailable_days=frozenset({9}),
    preferences=(ShiftPreference(1, "E", True, 2), ShiftPreference(3, None, False, 5)),
)
FREE = Employee("b", unit="u1", contract_minutes=2400)


def base_problem() -> Problem:
    demands = [
        Demand(d, s.id, "P", 1, under_weight=100, over_weight=3)
        for d in range(HORIZON)
        for s in SHIFTS
    ]
    demands += [
        Demand(d, "E", "Q", 1, qualifications=frozenset({"personal_protection"}), priority=2)
        for d in range(HORIZON)
    ]
    return Problem(
        num_days=HORIZON,
        shift_types=SHIFTS,
        employees=(LIMITED, FREE),
        demands=tuple(demands),
        rules=Rules.dutch_working_hours_act(max_consecutive_nights=2),
        objective=ObjectiveConfig(tiered=True),
    )


def shifts(employee: str, days: list[int], shift: str = "E", post: str = "P") -> list[Assignment]:
    return [Assignment(employee, d, shift, post) for d in days]


VALID = shifts("a", [1, 2], post="Q") + shifts("a", [7, 8]) + shifts("b", [0, 1, 2, 3])


def test_valid_roster_passes_and_objective_matches_evaluate() -> None:
    problem = base_problem()
    report = validate_plan(problem, VALID)
    assert report.ok, report.violations
    assert report.objective == evaluate(problem, VALID).total


CASES: dict[str, list[Assignment]] = {
    v.ONE_PER_DAY: [*VALID, Assignment("b", 0, "L", "P")],
    v.UNAVAILABLE: shifts("a", [8, 9]) + shifts("a", [1, 2]),
    v.ELIGIBILITY: [*VALID, Assignment("b", 6, "E", "Q")],
    v.SHIFT_LENGTH: [*VALID, Assignment("b", 10, "X", "P")],
    v.FORBIDDEN_NEXT: [*VALID, Assignment("b", 9, "L", "P"), Assignment("b", 10, "E", "P")],
    v.REST: [*VALID, Assignment("b", 9, "N", "P"), Assignment("b", 10, "L", "P")],
    v.WEEKLY: [*VALID, *shifts("b", [6, 7, 8, 9, 10, 11], "D")],
    v.NIGHTS: [*VALID, *shifts("b", [8, 9, 10], "N")],
    v.MAX_TOTAL: shifts("a", [0, 1, 2]) + shifts("a", [5, 6, 7]) + shifts("a", [10, 11]),
    v.MIN_TOTAL: shifts("b", [0, 1]),
    v.MAX_OF_TYPE: shifts("a", [0, 1, 4, 5], "N"),
    v.MAX_CONSECUTIVE: shifts("a", [1, 2, 3, 4, 5]),
    v.MIN_CONSECUTIVE: shifts("a", [1, 2, 7]),
    v.MIN_DAYS_OFF: shifts("a", [1, 2, 4, 5]),
    v.MAX_WEEKENDS: shifts("a", [5, 6, 12, 13]),
    v.UNKNOWN: [*VALID, Assignment("nobody", 3, "E", "P")],
}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_each_broken_rule_is_reported(rule: str) -> None:
    report = validate_plan(base_problem(), CASES[rule])
    assert rule in report.rules, report.violations
    assert not report.ok


def test_rules_switched_off_are_not_checked() -> None:
    problem = dataclasses.replace(base_problem(), rules=Rules())
    report = validate_plan(problem, [*VALID, *shifts("b", [6, 7, 8, 9, 10, 11], "D")])
    assert v.WEEKLY not in report.rules


def test_boundary_blocks_are_exempt_only_when_configured() -> None:
    roster = shifts("a", [0]) + shifts("a", [4, 5])  # one-day block touching the first day
    assert v.MIN_CONSECUTIVE not in validate_plan(base_problem(), roster).rules
    strict = dataclasses.replace(
        base_problem(),
        rules=dataclasses.replace(base_problem().rules, exempt_boundary_blocks=False),
    )
    assert v.MIN_CONSECUTIVE in validate_plan(strict, roster).rules


def test_changed_published_cell_is_reported_in_fix_mode_only() -> None:
    problem = base_problem()
    keep = KeepPublished(previous=tuple(VALID), published=frozenset({("b", 0)}), mode="fix")
    moved = [a for a in VALID if (a.employee, a.day) != ("b", 0)] + shifts("b", [4])
    assert v.PUBLISHED in validate_plan(problem, moved, keep).rules
    soft = dataclasses.replace(keep, mode="penalise", change_weight=7)
    report = validate_plan(problem, moved, soft)
    assert report.ok
    assert report.components["published_changed"] == 1
    assert report.objective == evaluate(problem, moved, soft).total


TINY = """\
SECTION_HORIZON
7
SECTION_SHIFTS
E,480,
L,480,E
SECTION_STAFF
A,E=7|L=7,2400,960,3,2,2,1
B,E=7|L=0,1920,960,3,2,2,1
SECTION_DAYS_OFF
B,3
SECTION_COVER
0,E,1,100,10
"""

CURTOIS_VALID: dict[str, list[str | None]] = {
    "A": ["L", None, None, "E", "E", "E", None],
    "B": ["E", "E", "E", None, None, None, "E"],
}
CURTOIS_CASES: dict[str, dict[str, list[str | None]]] = {
    v.UNAVAILABLE: {**CURTOIS_VALID, "B": ["E", "E", None, "E", "E", None, None]},
    v.FORBIDDEN_NEXT: {**CURTOIS_VALID, "A": ["L", "E", None, None, "E", "E", None]},
    v.MAX_OF_TYPE: {**CURTOIS_VALID, "B": ["L", "L", None, None, None, None, None]},
    v.MAX_TOTAL: {
        **CURTOIS_VALID,
        "A": ["E", "E", "E", None, None, "E", "E"],
        "B": ["E"] * 3 + [None] + ["E"] * 3,
    },
    v.MIN_TOTAL: {**CURTOIS_VALID, "A": [None] * 7},
    v.MAX_CONSECUTIVE: {**CURTOIS_VALID, "A": ["E", "E", "E", "E", None, None, None]},
    v.MIN_CONSECUTIVE: {**CURTOIS_VALID, "A": ["E", "E", None, None, "E", None, None]},
    v.MIN_DAYS_OFF: {**CURTOIS_VALID, "A": ["E", "E", None, "E", "E", None, None]},
    v.FORMAT: {**CURTOIS_VALID, "A": ["Z", "E", "E", None, None, None, None]},
}


def test_curtois_valid_roster_passes() -> None:
    report = validate_curtois(parse_curtois(TINY), CURTOIS_VALID)
    assert report.ok, report.violations


@pytest.mark.parametrize("rule", sorted(CURTOIS_CASES))
def test_curtois_each_broken_rule_is_reported(rule: str) -> None:
    report = validate_curtois(parse_curtois(TINY), CURTOIS_CASES[rule])
    assert rule in report.rules, report.violations


def test_curtois_max_weekends() -> None:
    inst = parse_curtois(TINY)
    no_weekends = dataclasses.replace(
        inst, staff=tuple(dataclasses.replace(s, max_weekends=0) for s in inst.staff)
    )
    assert v.MAX_WEEKENDS in validate_curtois(no_weekends, CURTOIS_VALID).rules


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b"]),
            st.integers(0, HORIZON - 1),
            st.sampled_from([s.id for s in SHIFTS]),
            st.sampled_from(["P", "Q"]),
        ),
        max_size=20,
        unique_by=lambda t: (t[0], t[1]),
    )
)
def test_objective_recomputation_matches_the_core_for_any_roster(
    cells: list[tuple[str, int, str, str]],
) -> None:
    problem = base_problem()
    roster = [Assignment(e, d, s, post if s == "E" else "P") for e, d, s, post in cells]
    assert validate_plan(problem, roster).objective == evaluate(problem, roster).total
