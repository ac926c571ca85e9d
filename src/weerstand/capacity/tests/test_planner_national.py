"""National planning with the generic core: priorities, reasons, rules, input errors, re-plans."""

from __future__ import annotations

import dataclasses
import itertools
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from weerstand.capacity.planner import (
    Assignment,
    Demand,
    Employee,
    KeepPublished,
    NationalScale,
    ObjectiveConfig,
    PlanInputError,
    PlanStatus,
    Problem,
    Rules,
    ShiftPreference,
    ShiftType,
    SolveOptions,
    evaluate,
    generate_national,
    greedy_roster,
    solve,
    validate_plan,
)
from weerstand.capacity.planner import analysis as why

EARLY = ShiftType("E", 480, start_minute=7 * 60)
LATE = ShiftType("L", 480, start_minute=15 * 60)
NIGHT = ShiftType("N", 480, start_minute=23 * 60, is_night=True)
DAY12 = ShiftType("D", 720, start_minute=8 * 60)
ATW = Rules.dutch_working_hours_act()
QUICK = SolveOptions(time_limit=15)


def officer(oid: str, *quals: str, unit: str = "bsb", **limits: Any) -> Employee:
    return Employee(oid, qualifications=frozenset(quals), unit=unit, **limits)


def problem_of(
    days: int,
    shifts: tuple[ShiftType, ...],
    employees: tuple[Employee, ...],
    demands: tuple[Demand, ...],
    rules: Rules = ATW,
) -> Problem:
    return Problem(days, shifts, employees, demands, rules=rules, objective=ObjectiveConfig())


# --- displacement and reasons ---------------------------------------------------------------


def test_higher_priority_demand_gets_the_only_qualified_officer() -> None:
    problem = problem_of(
        1,
        (EARLY,),
        (officer("o1", "high_risk"), officer("o2", "surveillance")),
        (
            Demand(0, "E", "vip-low", 1, frozenset({"high_risk"}), priority=2, under_weight=10),
            Demand(0, "E", "vip-high", 1, frozenset({"high_risk"}), priority=9, under_weight=10),
        ),
    )
    result = solve(problem, QUICK)
    assert result.status == PlanStatus.OPTIMAL
    assert [(a.employee, a.post) for a in result.assignments] == [("o1", "vip-high")]
    assert len(result.shortfalls) == 1
    short = result.shortfalls[0]
    assert (short.post, short.day, short.shift, short.short) == ("vip-low", 0, "E", 1)
    assert short.eligible == 1
    assert short.binding == why.ASSIGNED_HIGHER
    assert [r.post for r in short.displaced_by] == ["vip-high"]
    assert short.covered_instead == ()
    assert "qualification(s) [high_risk]" in short.explanation
    assert "higher priority is covered first" in short.explanation
    assert validate_plan(problem, result.assignments).ok


def test_leave_is_named_when_the_qualified_officer_is_away() -> None:
    problem = problem_of(
        2,
        (EARLY,),
        (officer("o1", "secure_driving", unavailable_days=frozenset({1})),),
        tuple(Demand(d, "E", "car", 1, frozenset({"secure_driving"})) for d in range(2)),
    )
    result = solve(problem, QUICK)
    (short,) = result.shortfalls
    assert (short.day, short.binding) == (1, why.UNAVAILABLE)
    assert "on leave/training" in short.explanation


def test_weekly_hours_limit_is_named() -> None:
    # 12-hour shifts: 5 fit in 60 hours, the sixth day stays short
    problem = problem_of(
        6,
        (DAY12,),
        (officer("o1"),),
        tuple(Demand(d, "D", "post", 1, priority=1 + d) for d in range(6)),
    )
    result = solve(problem, QUICK)
    assert result.status == PlanStatus.OPTIMAL
    assert len(result.assignments) == 5
    (short,) = result.shortfalls
    assert short.day == 0  # the lowest priority one
    assert short.binding == why.RULE_WEEKLY_HOURS


def test_rest_rule_generalises_cannot_follow() -> None:
    demands = (
        Demand(0, "L", "evening", 1, priority=5),
        Demand(1, "E", "morning", 1, priority=1),
    )
    strict = problem_of(2, (EARLY, LATE), (officer("o1"),), demands)
    result = solve(strict, QUICK)
    assert [a.post for a in result.assignments] == ["evening"]  # 8 h rest < 11 h
    (short,) = result.shortfalls
    assert short.binding == why.RULE_REST
    assert [r.post for r in short.displaced_by] == ["evening"]
    relaxed = dataclasses.replace(strict, rules=Rules())
    assert len(solve(relaxed, QUICK).assignments) == 2


def test_consecutive_nights_are_limited() -> None:
    problem = problem_of(
        7, (NIGHT,), (officer("o1"),), tuple(Demand(d, "N", "night", 1) for d in range(7))
    )
    result = solve(problem, QUICK)
    assert result.status == PlanStatus.OPTIMAL
    worked = sorted(a.day for a in result.assignments)
    assert len(worked) == 6  # five in a row, one off, one more
    assert all(any(day not in worked for day in range(start, start + 6)) for start in range(2))
    assert result.shortfalls[0].binding == why.RULE_NIGHTS


def test_shortfall_for_a_qualification_nobody_has_when_allowed() -> None:
    problem = problem_of(
        1, (EARLY,), (officer("o1"),), (Demand(0, "E", "pilot", 1, frozenset({"flying"})),)
    )
    with pytest.raises(PlanInputError, match=r"nobody has qualification\(s\) \[flying\]"):
        solve(problem, QUICK)
    result = solve(problem, dataclasses.replace(QUICK, allow_uncoverable=True))
    (short,) = result.shortfalls
    assert short.binding == why.NO_ELIGIBLE
    assert "No officer with qualification(s) [flying]" in short.explanation


# --- malformed or impossible input ------------------------------------------------------------


def _base() -> Problem:
    return problem_of(2, (EARLY, LATE), (officer("o1"),), (Demand(0, "E", "p", 1),))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: dataclasses.replace(p, demands=(Demand(0, "E", "p", -1),)), "is negative"),
        (lambda p: dataclasses.replace(p, demands=(Demand(0, "Z", "p", 1),)), "unknown shift"),
        (lambda p: dataclasses.replace(p, demands=(Demand(5, "E", "p", 1),)), "outside"),
        (lambda p: dataclasses.replace(p, demands=p.demands * 2), "duplicate (post, day, shift)"),
        (lambda p: dataclasses.replace(p, employees=p.employees * 2), "duplicate employee ids"),
        (lambda p: dataclasses.replace(p, start_weekday=7), "start_weekday"),
        (
            lambda p: dataclasses.replace(
                p, employees=(officer("o1", max_shifts_per_type={"Z": 1}),)
            ),
            "unknown shift id 'Z'",
        ),
        (
            lambda p: dataclasses.replace(
                p, employees=(officer("o1", preferences=(ShiftPreference(0, "Q", True),)),)
            ),
            "preference names unknown shift",
        ),
        (
            lambda p: dataclasses.replace(
                p, employees=(officer("o1", min_total_minutes=900, max_total_minutes=480),)
            ),
            "exceeds max_total_minutes",
        ),
        (
            lambda p: dataclasses.replace(
                p,
                shift_types=(ShiftType("E", 780, start_minute=420), LATE),
            ),
            "maximum shift length is 720 min",
        ),
    ],
)
def test_bad_input_gives_a_clear_message(
    change: Callable[[Problem], Problem], message: str
) -> None:
    problem = change(_base())
    with pytest.raises(PlanInputError) as err:
        solve(problem, QUICK)
    assert message in str(err.value)


def test_bad_replan_input_gives_a_clear_message() -> None:
    keep = KeepPublished(previous=(Assignment("ghost", 0, "E", "p"),), published=frozenset())
    with pytest.raises(PlanInputError, match="unknown employee 'ghost'"):
        solve(_base(), QUICK, keep)


def test_infeasible_hard_rules_return_a_status_not_a_crash() -> None:
    problem = dataclasses.replace(
        _base(),
        employees=(officer("o1", min_total_minutes=960, unavailable_days=frozenset({1})),),
    )
    result = solve(problem, QUICK)
    assert result.status == PlanStatus.INFEASIBLE
    assert result.objective is None and result.assignments == ()
    assert "cannot all be met" in result.message


# --- generated instances ----------------------------------------------------------------------

SMALL = NationalScale(protectees=6, officers=30, days=14, seed=3)
FAST = 3.0
"""Seconds per solve on generated instances: enough for a valid plan, not for a proof."""


def test_generator_is_deterministic_and_plannable() -> None:
    first, again = generate_national(SMALL), generate_national(SMALL)
    assert first == again
    assert generate_national(dataclasses.replace(SMALL, seed=4)) != first
    problem = first.problem
    national = generate_national(NationalScale(protectees=20, officers=200, days=7)).problem
    assert {e.organisation for e in national.employees} == {"politie", "kmar", "particulier"}
    assert {p.resistance_level for p in first.protectees} <= {1, 2, 3, 4, 5}
    for dm in problem.demands:
        assert any(dm.admits(e) for e in problem.employees), dm


def test_working_hours_act_holds_on_a_generated_instance() -> None:
    problem = generate_national(SMALL).problem
    result = solve(problem, SolveOptions(time_limit=FAST, strategy="single"))
    assert result.ok
    report = validate_plan(problem, result.assignments)
    assert report.ok, report.violations[:5]
    assert report.objective == result.objective
    lengths = {s.id: s.length_minutes for s in problem.shift_types}
    starts = {s.id: s.start_minute for s in problem.shift_types}
    nights = {s.id for s in problem.shift_types if s.is_night}
    by_employee: dict[str, dict[int, str]] = {}
    for a in result.assignments:
        by_employee.setdefault(a.employee, {})[a.day] = a.shift
    for days in by_employee.values():
        assert all(lengths[s] <= 12 * 60 for s in days.values())
        for start in range(problem.num_days - 6):
            assert sum(lengths[days[d]] for d in range(start, start + 7) if d in days) <= 3600
        ordered = sorted(days)
        for d1, d2 in itertools.pairwise(ordered):
            end = d1 * 1440 + starts[days[d1]] + lengths[days[d1]]
            assert d2 * 1440 + starts[days[d2]] - end >= 11 * 60
        run = 0
        for d in range(problem.num_days):
            run = run + 1 if days.get(d) in nights else 0
            assert run <= 5


def test_neighbourhood_search_never_worsens_the_start() -> None:
    problem = generate_national(SMALL).problem
    start = evaluate(problem, greedy_roster(problem)).total
    result = solve(problem, SolveOptions(time_limit=FAST + 2, strategy="neighbourhood"))
    assert result.source == "neighbourhood search"
    assert result.status == PlanStatus.FEASIBLE
    assert result.objective is not None and result.objective <= start
    report = validate_plan(problem, result.assignments)
    assert report.ok and report.objective == result.objective


def test_replan_keeps_published_cells() -> None:
    problem = generate_national(SMALL).problem
    first = solve(problem, SolveOptions(time_limit=FAST, strategy="single"))
    assert first.ok
    busy = Counter(a.employee for a in first.assignments if a.day < 7)
    sick, _ = busy.most_common(1)[0]
    sick_day = min(a.day for a in first.assignments if a.employee == sick)
    employees = tuple(
        dataclasses.replace(e, unavailable_days=e.unavailable_days | {sick_day})
        if e.id == sick
        else e
        for e in problem.employees
    )
    changed = dataclasses.replace(problem, employees=employees)
    published = frozenset((e.id, d) for e in problem.employees for d in range(7))
    keep = KeepPublished(previous=first.assignments, published=published, mode="fix")
    again = solve(changed, SolveOptions(time_limit=FAST, strategy="single"), keep)
    assert again.ok
    assert again.released_published == ((sick, sick_day),)
    assert again.changed_published == ((sick, sick_day),)
    report = validate_plan(changed, again.assignments, keep)
    assert report.ok, report.violations[:5]
    soft = dataclasses.replace(keep, mode="penalise", change_weight=1)
    gentle = solve(changed, SolveOptions(time_limit=FAST, strategy="single"), soft)
    assert gentle.ok
    assert (sick, sick_day) in gentle.changed_published
    assert validate_plan(changed, gentle.assignments, soft).objective == gentle.objective


# --- random small problems: solver, validator and brute force agree ---------------------------


@st.composite
def small_problems(draw: st.DrawFn) -> Problem:
    days = 3
    rest = draw(st.sampled_from([None, 11 * 60]))
    rules = Rules(
        min_rest_minutes=rest,
        max_minutes_per_7_days=draw(st.sampled_from([None, 960])),
        max_consecutive_nights=draw(st.sampled_from([None, 1])),
        exempt_boundary_blocks=draw(st.booleans()),
    )
    shifts = (EARLY, draw(st.sampled_from([LATE, NIGHT])))
    employees = []
    for oid in ("o1", "o2"):
        employees.append(
            Employee(
                oid,
                qualifications=frozenset(draw(st.sets(st.sampled_from(["pp", "sd"])))),
                unit=draw(st.sampled_from(["u1", "u2"])),
                contract_minutes=draw(st.sampled_from([None, 480, 960])),
                max_total_minutes=draw(st.sampled_from([None, 960, 1440])),
                max_consecutive_shifts=draw(st.sampled_from([None, 1, 2])),
                min_consecutive_shifts=draw(st.sampled_from([None, 2])),
                max_weekends=draw(st.sampled_from([None, 0])),
                unavailable_days=frozenset(draw(st.sets(st.integers(0, days - 1), max_size=1))),
                preferences=tuple(
                    draw(
                        st.lists(
                            st.builds(
                                ShiftPreference,
                                st.integers(0, days - 1),
                                st.sampled_from([None, "E"]),
                                st.booleans(),
                                st.integers(1, 3),
                            ),
                            max_size=2,
                        )
                    )
                ),
            )
        )
    demands = []
    for d in range(days):
        for shift in shifts:
            demands.append(
                Demand(
                    d,
                    shift.id,
                    "P",
                    draw(st.integers(0, 2)),
                    priority=draw(st.integers(1, 3)),
                    under_weight=draw(st.integers(0, 5)),
                    over_weight=draw(st.integers(0, 2)),
                )
            )
        if draw(st.booleans()):
            quals = frozenset(draw(st.sets(st.sampled_from(["pp", "sd"]), max_size=1)))
            if any(quals <= e.qualifications for e in employees):
                demands.append(Demand(d, "E", "Q", 1, quals, priority=draw(st.integers(1, 4))))
    return Problem(
        days,
        shifts,
        tuple(employees),
        tuple(demands),
        start_weekday=draw(st.sampled_from([0, 4, 5])),
        rules=rules,
        objective=ObjectiveConfig(tiered=draw(st.booleans())),
    )


def brute_force(problem: Problem) -> int | None:
    options: list[list[tuple[str, str] | None]] = []
    for _employee in problem.employees:
        for d in range(problem.num_days):
            cell: list[tuple[str, str] | None] = [None]
            cell += [(dm.shift, dm.post) for dm in problem.demands if dm.day == d]
            options.append(cell)
    best = None
    n = problem.num_days
    for combo in itertools.product(*options):
        roster = [
            Assignment(problem.employees[i // n].id, i % n, c[0], c[1])
            for i, c in enumerate(combo)
            if c is not None
        ]
        report = validate_plan(problem, roster)
        if report.ok and (best is None or report.objective < best):
            best = report.objective
    return best


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_problems())
def test_random_problems_solver_validator_and_brute_force_agree(problem: Problem) -> None:
    result = solve(problem, SolveOptions(time_limit=20, warm_start=False))
    best = brute_force(problem)
    if best is None:
        assert result.status == PlanStatus.INFEASIBLE
        return
    assert result.status == PlanStatus.OPTIMAL
    assert result.objective == best
    report = validate_plan(problem, result.assignments)
    assert report.ok, report.violations
    assert report.objective == best
