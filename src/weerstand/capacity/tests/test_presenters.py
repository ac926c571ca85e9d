"""The overview's summaries as pure functions: shortage days fold into ranges (gaps in the
days, another shift or another shortfall start a new range), tiers count per resistance level,
units over 100 % are picked out, and the assignment list puts what needs work first."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

from django.utils import translation

from weerstand.capacity import presenters as p
from weerstand.capacity.presenters import ShortageDay


def d(day: int) -> date:
    return date(2026, 12, day)


def test_consecutive_days_with_the_same_shift_and_shortfall_are_one_range() -> None:
    ranges = p.group_days([ShortageDay(d(i), "N", 2, 2) for i in (14, 12, 13, 16, 15, 18, 17)])
    assert [(r.start, r.end, r.shift, r.missing) for r in ranges] == [(d(12), d(18), "N", 2)]
    assert ranges[0].days == 7 and ranges[0].missing_total == 14


def test_a_gap_in_the_days_starts_a_new_range() -> None:
    ranges = p.group_days([ShortageDay(d(i), "E", 1, 2) for i in (1, 2, 4, 5, 7)])
    assert [(r.start.day, r.end.day) for r in ranges] == [(1, 2), (4, 5), (7, 7)]


def test_another_shift_or_shortfall_starts_a_new_range_sorted_by_day_then_shift() -> None:
    days = [
        ShortageDay(d(1), "N", 2, 2),
        ShortageDay(d(2), "N", 2, 2),
        ShortageDay(d(3), "N", 1, 2),  # same shift, fewer missing: new range
        ShortageDay(d(1), "E", 1, 1),
        ShortageDay(d(2), "L", 1, 1),
        ShortageDay(d(3), "L", 1, 3),  # same missing, another requirement: new range
    ]
    ranges = p.group_days(days)
    assert [(r.start.day, r.end.day, r.shift, r.missing, r.required) for r in ranges] == [
        (1, 1, "E", 1, 1),
        (1, 2, "N", 2, 2),
        (2, 2, "L", 1, 1),
        (3, 3, "L", 1, 3),
        (3, 3, "N", 1, 2),
    ]


def test_a_range_keeps_every_reason_and_rule_once() -> None:
    days = [
        ShortageDay(d(1), "N", 1, 1, "verlof", "Hogere prioriteit gaat voor"),
        ShortageDay(d(2), "N", 1, 1, "rusttijd", "Hogere prioriteit gaat voor"),
        ShortageDay(d(3), "N", 1, 1, "verlof", ""),
    ]
    (r,) = p.group_days(days)
    assert r.reasons == ("verlof", "rusttijd")
    assert r.rules == ("Hogere prioriteit gaat voor",)


def test_no_days_no_ranges() -> None:
    assert p.group_days([]) == []


def test_range_text_in_words() -> None:
    with translation.override("nl"):
        r = p.ShortageRange(d(12), d(18), "N", 2, 2)
        assert p.range_text(r) == "12\N{EN DASH}18 dec, nachtdienst, 2 van 2 agenten tekort"
        one = p.ShortageRange(d(3), d(3), "E", 1, 1)
        assert p.range_text(one) == "3 dec, vroege dienst, 1 van 1 agent tekort"
        across = p.ShortageRange(date(2026, 11, 30), d(2), "L", 1, 2)
        assert p.date_range_text(across.start, across.end) == "30 nov \N{EN DASH} 2 dec"


def _item(assignment: int, ref: str, day: int, shift: str, missing: int, priority: int, level):
    row = SimpleNamespace(
        assignment_id=assignment,
        assignment_reference=ref,
        date=d(day),
        shift=shift,
        missing=missing,
        required=2,
        priority=priority,
    )
    return {"row": row, "case": "", "binding": "b", "rule": "r", "level": level}


def test_shortages_grouped_per_assignment_highest_priority_first_and_tiers() -> None:
    items = [
        _item(1, "BO-1", 1, "N", 2, 12, 1),
        _item(2, "BO-2", 1, "E", 1, 43, 4),
        _item(1, "BO-1", 2, "N", 2, 12, 1),
        _item(2, "BO-2", 3, "E", 1, 43, 4),
        _item(3, "BO-3", 5, "L", 2, 14, 1),
    ]
    groups = p.group_shortages(items)
    assert [g.reference for g in groups] == ["BO-2", "BO-3", "BO-1"]
    assert [len(g.ranges) for g in groups] == [2, 1, 1]
    assert groups[2].shifts == 2 and groups[2].missing_total == 4
    tiers = p.shortage_tiers(groups)
    assert [(t.level, t.assignments, t.shifts, t.missing) for t in tiers] == [
        (4, 1, 2, 2),
        (1, 2, 3, 6),
    ]


def test_units_over_100_percent_are_overloaded_heaviest_first() -> None:
    load: list[dict[str, Any]] = [{"percent": p} for p in (99, 128, None, 101)]
    assert [e["percent"] for e in p.overloaded_units(load)] == [128, 101]
    assert not p.is_overloaded(100) and p.is_overloaded(101)


def test_assignment_listing_puts_shortages_and_new_starts_first_and_filters() -> None:
    rows = [
        SimpleNamespace(pk=i, reference=f"BO-{i}", case_label=f"C-{i}", starts_on=start)
        for i, start in ((1, d(1)), (2, d(20)), (3, d(1)), (4, d(8)))
    ]
    period = (d(7), d(13))
    listing = p.assignment_listing(rows, short={3}, period=period)
    assert [a.pk for a in listing.rows] == [3, 4, 1, 2]
    assert listing.show == "alle" and listing.total == 4
    assert [
        a.pk for a in p.assignment_listing(rows, short={3}, period=period, show="tekort").rows
    ] == [3]
    assert [
        a.pk for a in p.assignment_listing(rows, short=set(), period=period, show="periode").rows
    ] == [4]
    assert [a.pk for a in p.assignment_listing(rows, short=set(), period=None, q="c-2").rows] == [2]
    assert p.assignment_listing(rows, short=set(), period=None, show="onzin").show == "alle"
