"""Reader of the Curtois & Qu benchmark format: Instance1 and malformed input."""

from __future__ import annotations

import pytest

from weerstand.capacity.planner import (
    InstanceFormatError,
    curtois_to_problem,
    format_roster,
    parse_curtois,
    parse_roster,
    read_curtois,
)
from weerstand.capacity.tests.instances import TINY, instance1_path


def test_instance1_is_read_completely() -> None:
    inst = read_curtois(instance1_path())
    assert inst.name == "Instance1"
    assert inst.horizon == 14
    assert [(s.id, s.length, s.forbidden_next) for s in inst.shifts] == [("D", 480, ())]
    assert [s.id for s in inst.staff] == list("ABCDEFGH")
    a = inst.staff[0]
    assert dict(a.max_shifts) == {"D": 14}
    assert (a.max_total_minutes, a.min_total_minutes) == (4320, 3360)
    assert (a.max_consecutive_shifts, a.min_consecutive_shifts) == (5, 2)
    assert (a.min_consecutive_days_off, a.max_weekends) == (2, 1)
    assert inst.days_off["A"] == frozenset({0})
    assert inst.days_off["H"] == frozenset({7})
    assert len(inst.on_requests) == 21
    assert len(inst.off_requests) == 5
    assert (inst.on_requests[0].employee, inst.on_requests[0].day) == ("A", 2)
    assert inst.off_requests[2].weight == 3
    assert len(inst.cover) == 14
    assert inst.cover[1].requirement == 7
    assert (inst.cover[0].under_weight, inst.cover[0].over_weight) == (100, 1)


def test_instance1_maps_onto_the_generic_problem() -> None:
    problem = curtois_to_problem(read_curtois(instance1_path()))
    assert problem.num_days == 14
    assert len(problem.demands) == 14
    assert problem.rules.min_rest_minutes is None
    assert problem.rules.exempt_boundary_blocks
    assert not problem.objective.tiered
    assert problem.employees[0].unavailable_days == frozenset({0})
    assert len(problem.employees[1].preferences) == 5


def test_tolerates_crlf_trailing_space_no_comments_and_any_section_order() -> None:
    lines = [ln for ln in TINY.splitlines() if not ln.startswith("#")]
    cover_at = lines.index("SECTION_COVER")
    reordered = [*lines[cover_at:], "", *lines[:cover_at]]
    text = "\r\n".join(ln + "  \t" for ln in reordered) + "\r\n\r\n"
    inst = parse_curtois(text)
    reference = parse_curtois(TINY)
    assert inst == reference
    assert inst.shifts[1].forbidden_next == ("E",)
    assert dict(inst.staff[1].max_shifts) == {"E": 7, "L": 0}


def test_optional_sections_may_be_missing() -> None:
    text = "SECTION_HORIZON\n3\nSECTION_SHIFTS\nD,480,\nSECTION_STAFF\nA,D=3,1440,0,3,1,1,1\n"
    inst = parse_curtois(text)
    assert inst.cover == () and inst.on_requests == () and dict(inst.days_off) == {}


def _with(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


def _last_line_of(text: str, needle: str) -> int:
    """1-based number of the last line starting with ``needle`` (duplicates fail there)."""
    return [i for i, ln in enumerate(text.splitlines(), start=1) if ln.startswith(needle)][-1]


@pytest.mark.parametrize(
    ("old", "new", "needle", "expected"),
    [
        ("SECTION_COVER", "SECTION_COVERS", "SECTION_COVERS", "unknown section"),
        ("A,E=7|L=7,2400,960,3,2,2,1", "A,E=7|L=7,2400,960,3,2,2", "A,E=7", "8 comma separated"),
        ("A,E=7|L=7,2400,960,3,2,2,1", "A,E=7|L=7,24x0,960,3,2,2,1", "A,E=7", "MaxTotalMinutes"),
        ("A,E=7|L=7,2400,960,3,2,2,1", "A,E=7|Z=7,2400,960,3,2,2,1", "A,E=7", "shift id"),
        ("A,E=7|L=7,2400,960,3,2,2,1", "A,E7|L=7,2400,960,3,2,2,1", "A,E7", "ShiftID=Max"),
        ("B,3", "C,3", "C,3", "staff id"),
        ("B,3", "B,9", "B,9", "below the horizon 7"),
        ("A,0,L,5", "A,0,L", "A,0,L", "4 comma separated"),
        ("A,1,E,3", "A,1,E,-3", "A,1,E,-3", "the weight >= 0"),
        ("6,E,1,100,10", "6,Q,1,100,10", "6,Q", "shift id"),
        ("6,E,1,100,10", "5,E,1,100,10", "5,E,1,100,10", "given twice"),
        ("L,480,E", "L,480,X", "L,480,X", "unknown shift 'X'"),
        ("L,480,E", "E,480,", "E,480,", "defined twice"),
        ("SECTION_HORIZON\n7", "SECTION_HORIZON\nseven", "seven", "horizon length"),
    ],
)
def test_malformed_text_names_line_and_expectation(
    old: str, new: str, needle: str, expected: str
) -> None:
    text = _with(TINY, old, new)
    line = _last_line_of(text, needle)
    with pytest.raises(InstanceFormatError) as err:
        parse_curtois(text)
    assert expected in str(err.value)
    assert err.value.line == line
    assert str(err.value).startswith(f"line {line}: ")


def test_data_before_any_section_is_rejected() -> None:
    with pytest.raises(InstanceFormatError) as err:
        parse_curtois("# comment\n7\n" + TINY)
    assert err.value.line == 2
    assert "SECTION_" in str(err.value)


def test_missing_required_section_is_rejected() -> None:
    text = TINY.split("SECTION_STAFF")[0]
    with pytest.raises(InstanceFormatError, match="missing required section SECTION_STAFF"):
        parse_curtois(text)


def test_duplicate_section_is_rejected() -> None:
    with pytest.raises(InstanceFormatError, match="appears twice"):
        parse_curtois(TINY + "\nSECTION_HORIZON\n7\n")


def test_roster_file_round_trip() -> None:
    inst = parse_curtois(TINY)
    grid: dict[str, list[str | None]] = {
        "A": ["L", None, None, "E", "E", "E", None],
        "B": ["E", "E", "E", None, None, None, "E"],
    }
    text = format_roster(inst, grid)
    assert text.splitlines()[0] == "A\tL - - E E E -"
    assert parse_roster(text, inst) == grid
