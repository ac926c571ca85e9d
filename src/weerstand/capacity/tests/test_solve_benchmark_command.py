"""The `weerstand solve-benchmark` console command wraps the planner core."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

SMALL = """SECTION_HORIZON
7

SECTION_SHIFTS
D,480,

SECTION_STAFF
A,D=7,4320,0,7,1,1,2
B,D=7,4320,0,7,1,1,2

SECTION_DAYS_OFF
A,0

SECTION_SHIFT_ON_REQUESTS

SECTION_SHIFT_OFF_REQUESTS
B,3,D,5

SECTION_COVER
0,D,1,100,1
1,D,1,100,1
2,D,1,100,1
3,D,1,100,1
4,D,1,100,1
5,D,1,100,1
6,D,1,100,1
"""


def test_solves_a_small_instance_and_writes_a_checkable_roster(tmp_path: Path) -> None:
    instance = tmp_path / "small.txt"
    instance.write_text(SMALL)
    roster = tmp_path / "roster.txt"
    out = StringIO()
    call_command(
        "solve_benchmark",
        str(instance),
        "--time-limit",
        "10",
        "--solution",
        str(roster),
        stdout=out,
    )
    summary = json.loads(out.getvalue())
    # Day 0: only B may work (A is off); day 3: A covers, B's off-request is respected.
    assert summary["status"] == "OPTIMAL"
    assert summary["objective"] == 0
    assert summary["validator_ok"] is True
    lines = dict(line.split("\t") for line in roster.read_text().splitlines())
    assert lines["A"].split()[0] == "-"
    assert lines["B"].split()[3] == "-"
    for day in range(7):
        assert sum(lines[e].split()[day] == "D" for e in "AB") == 1


def test_malformed_instance_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(SMALL.replace("SECTION_HORIZON\n7", "SECTION_HORIZON\nzeven"))
    with pytest.raises(CommandError, match="line 2"):
        call_command("solve_benchmark", str(bad))


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read"):
        call_command("solve_benchmark", str(tmp_path / "absent.txt"))
