"""The benchmark command line: JSON summary, solution file and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from weerstand.capacity.planner import parse_curtois, parse_roster, validate_curtois
from weerstand.capacity.planner.cli import main, solve_benchmark
from weerstand.capacity.tests.instances import TINY


@pytest.fixture
def tiny_file(tmp_path: Path) -> Path:
    path = tmp_path / "Tiny.txt"
    path.write_text(TINY, encoding="utf-8")
    return path


def test_solve_benchmark_returns_summary_and_writes_roster(tiny_file: Path, tmp_path: Path) -> None:
    solution = tmp_path / "tiny.roster"
    summary = solve_benchmark(str(tiny_file), 20.0, str(solution))
    assert summary["instance"] == "Tiny"
    assert summary["status"] == "OPTIMAL"
    assert summary["objective"] == 400
    assert summary["best_bound"] == 400
    assert summary["validator_ok"] is True
    assert summary["validator_objective"] == 400
    assert isinstance(summary["seconds"], float)
    json.dumps(summary)  # JSON-ready
    lines = solution.read_text(encoding="utf-8").splitlines()
    assert [ln.split("\t")[0] for ln in lines] == ["A", "B"]
    for ln in lines:
        _, days = ln.split("\t")
        assert len(days.split(" ")) == 7
        assert set(days.split(" ")) <= {"E", "L", "-"}
    inst = parse_curtois(TINY)
    report = validate_curtois(inst, parse_roster(solution.read_text(encoding="utf-8"), inst))
    assert report.ok and report.objective == 400


def test_main_prints_exactly_one_json_object(
    tiny_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["solve-benchmark", str(tiny_file), "--time-limit", "20"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.count("\n") == 1
    data = json.loads(out)
    assert {"objective", "best_bound", "seconds", "status"} <= set(data)
    assert data["objective"] == 400


def test_main_reports_a_malformed_file_as_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(TINY.replace("B,3", "Z,3"), encoding="utf-8")
    code = main(["solve-benchmark", str(bad)])
    data = json.loads(capsys.readouterr().out)
    assert code == 2
    bad_line = 1 + TINY.splitlines().index("B,3")
    assert f"line {bad_line}:" in data["error"] and "staff id" in data["error"]
