"""Instances shared by the planner tests: one small hand-made instance and Instance1."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[4]

TINY = """\
# tiny instance, optimum 400 (brute force in test_planner_solve_curtois.py)
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

SECTION_SHIFT_ON_REQUESTS
A,0,L,5

SECTION_SHIFT_OFF_REQUESTS
A,1,E,3

SECTION_COVER
0,E,1,100,10
1,E,1,100,10
2,E,1,100,10
3,E,1,100,10
4,E,1,100,10
5,E,1,100,10
6,E,1,100,10
0,L,1,100,10
1,L,1,100,10
2,L,1,100,10
3,L,1,100,10
4,L,1,100,10
"""
TINY_OPTIMUM = 400


def instance1_path() -> Path:
    """Instance1 from the shared benchmark folder; a missing file fails loudly, never skips."""
    base = Path(
        os.environ.get(
            "WEERSTAND_BENCHMARK_DIR", REPO_ROOT / "../shared/benchmarks/shift-scheduling"
        )
    )
    path = base / "Instance1.txt"
    if not path.is_file():
        pytest.fail(
            f"benchmark instance not found at {path}; set WEERSTAND_BENCHMARK_DIR to the folder "
            "holding the Curtois & Qu shift-scheduling instances"
        )
    return path
