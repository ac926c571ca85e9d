"""The mapping from security assignments to the planner's demands (documented in demand.py)."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from weerstand.capacity import demand as dm

MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("start", "end", "shifts"),
    [
        (7, 15, ["E"]),
        (8, 20, ["E", "L"]),
        (7, 22, ["E", "L"]),
        (0, 24, ["E", "L", "N"]),
        (7, 7, ["E", "L", "N"]),
        (18, 2, ["L", "N"]),
        (22, 23, ["L"]),
        (14, 15, ["E"]),
        (23, 7, ["N"]),
        (5, 7, ["N"]),
    ],
)
def test_hours_map_onto_shifts(start: int, end: int, shifts: list[str]) -> None:
    assert dm.shifts_for(start, end) == shifts


def _assignment(**kw: object) -> dm.AssignmentDemand:
    base: dict = dict(
        pk=1,
        reference="BO-1",
        case_id=1,
        executing_organisation_id=10,
        officers=2,
        qualifications=("personal_protection",),
        start_hour=18,
        end_hour=2,
        weekdays=(0, 1, 2, 3, 4),
        starts_on=MONDAY,
        ends_on=None,
        priority=7,
    )
    return dm.AssignmentDemand(**(base | kw))


def test_weekdays_dates_and_the_night_belongs_to_its_start_day() -> None:
    a = _assignment(ends_on=MONDAY + timedelta(days=3))
    built = dm.build_problem(MONDAY, 7, [a], [])
    keys = sorted((d.day, d.shift) for d in built.problem.demands)
    # Monday..Thursday (ends_on), L and N each; nothing at the weekend or after the end.
    assert keys == [(d, s) for d in range(4) for s in ("L", "N")]
    assert all(d.required == 2 for d in built.problem.demands)
    assert all(d.qualifications == {"personal_protection"} for d in built.problem.demands)


def test_mixed_team_opens_police_and_kmar_units_only_when_allowed() -> None:
    police_and_kmar = frozenset({10, 20})
    alone = dm.build_problem(MONDAY, 1, [_assignment()], [], police_and_kmar=police_and_kmar)
    assert alone.problem.demands[0].eligible_organisations == frozenset({"10"})
    mixed = dm.build_problem(
        MONDAY, 1, [_assignment(mixed_team_allowed=True)], [], police_and_kmar=police_and_kmar
    )
    assert mixed.problem.demands[0].eligible_organisations == frozenset({"10", "20"})
    private = dm.build_problem(
        MONDAY,
        1,
        [_assignment(mixed_team_allowed=True, executing_organisation_id=30)],
        [],
        police_and_kmar=police_and_kmar,
    )
    assert private.problem.demands[0].eligible_organisations == frozenset({"30"})


def test_priority_is_strict_and_ties_go_to_the_earlier_decision() -> None:
    from datetime import UTC, datetime

    early = datetime(2026, 1, 1, tzinfo=UTC)
    late = datetime(2026, 6, 1, tzinfo=UTC)
    a = _assignment(pk=1, priority=7, decided_at=late)
    b = _assignment(pk=2, priority=7, decided_at=early)
    c = _assignment(pk=3, priority=8, decided_at=late)
    built = dm.build_problem(MONDAY, 1, [a, b, c], [])
    prio = {d.post: d.priority for d in built.problem.demands}
    assert prio["a3"] > prio["a2"] > prio["a1"]


def test_absence_and_contract_limits_reach_the_employee() -> None:
    officer = dm.OfficerSupply(
        pk=5,
        unit_id=1,
        organisation_id=10,
        qualifications=("firearms",),
        contract_hours=36,
        absent=frozenset({MONDAY + timedelta(days=2)}),
        shift_wish="no_nights",
    )
    built = dm.build_problem(MONDAY, 7, [], [officer])
    e = built.problem.employees[0]
    assert e.unavailable_days == {2}
    assert e.contract_minutes == 36 * 60
    assert e.max_total_minutes == dm.max_total_minutes(36, 7) == 7 * 480
    assert {p.shift for p in e.preferences} == {"N"} and not any(p.wanted for p in e.preferences)


@pytest.mark.django_db
def test_demo_seed_is_fast_deterministic_and_fits_the_units() -> None:
    from django.utils import timezone

    from weerstand import testing as t
    from weerstand.capacity import demo
    from weerstand.capacity.models import Absence, Officer
    from weerstand.organisations.models import Unit

    units = {}
    for code in demo.UNITS:
        org = t.org("kmar" if code.startswith("kmar") else "police", code=code.split("-")[0])
        units[code] = Unit.objects.create(organisation=org, code=code, name=code, kind="dkdb")
    seeder = SimpleNamespace(units=units, today=timezone.localdate())
    counts = demo.seed(seeder)
    assert counts["officers"] == sum(n for n, _ in demo.UNITS.values())
    assert Officer.objects.filter(qualifications=[]).count() == 0
    first = list(Officer.objects.order_by("badge").values_list("badge", "qualifications"))
    assert Absence.objects.count() == counts["absences"] > 0
    Absence.objects.all().delete()
    Officer.objects.all().delete()
    demo.seed(seeder)
    assert list(Officer.objects.order_by("badge").values_list("badge", "qualifications")) == first
