"""Command line for the Curtois benchmark: solve one instance and print one JSON object.

Usage::

    python -m weerstand.capacity.planner.cli solve-benchmark PATH [--time-limit S]
        [--solution FILE] [--workers N] [--seed N]

The printed object has ``instance``, ``status``, ``objective``, ``best_bound``, ``gap``,
``seconds``, ``validator_ok``, ``validator_objective`` (the independent validator's verdict on
the roster), ``time_limit``, ``workers`` and ``seed``; on bad input it has ``error`` instead and
the exit code is 2.

Solution file format (``--solution``): one line per employee, in the order of the instance's
``SECTION_STAFF``: the employee id, a TAB, then one value per day separated by single spaces,
either the shift id worked that day or ``-`` for a day off.  Example for 7 days::

    A<TAB>D D - - D D D
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .core import SolveOptions, solve
from .curtois import curtois_to_problem, format_roster, read_curtois
from .errors import PlannerError
from .validator import validate_curtois

DEFAULT_TIME_LIMIT = 60.0


def solve_benchmark(
    path: str,
    time_limit: float | None,
    solution_path: str | None,
    *,
    num_workers: int = 2,
    random_seed: int = 0,
) -> dict[str, Any]:
    """Solve a benchmark file and return a JSON-ready summary; ``None`` means no time limit.

    Raises ``InstanceFormatError`` for a malformed file and ``OSError`` when it cannot be read.
    """
    instance = read_curtois(path)
    problem = curtois_to_problem(instance)
    options = SolveOptions(
        time_limit=time_limit,
        num_workers=num_workers,
        random_seed=random_seed,
        analyse_shortfalls=False,
    )
    result = solve(problem, options)
    summary: dict[str, Any] = {
        "instance": instance.name or Path(path).stem,
        "status": result.status.value,
        "objective": result.objective,
        "best_bound": result.best_bound,
        "gap": result.gap,
        "seconds": round(result.seconds, 3),
        "time_limit": time_limit,
        "workers": num_workers,
        "seed": random_seed,
        "validator_ok": None,
        "validator_objective": None,
    }
    if result.ok:
        grid = result.grid(problem)
        report = validate_curtois(instance, grid)
        summary["validator_ok"] = report.ok
        summary["validator_objective"] = report.objective
        if not report.ok:
            summary["validator_violations"] = [v.message for v in report.violations[:20]]
        if solution_path:
            Path(solution_path).write_text(format_roster(instance, grid), encoding="utf-8")
            summary["solution"] = solution_path
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; prints exactly one JSON object on stdout."""
    parser = argparse.ArgumentParser(prog="python -m weerstand.capacity.planner.cli")
    commands = parser.add_subparsers(dest="command", required=True)
    bench = commands.add_parser("solve-benchmark", help="solve a Curtois & Qu instance file")
    bench.add_argument("path")
    bench.add_argument(
        "--time-limit",
        type=float,
        default=DEFAULT_TIME_LIMIT,
        help="seconds (default %(default)s; 0 means no limit)",
    )
    bench.add_argument("--solution", default=None, help="write the roster to this file")
    bench.add_argument("--workers", type=int, default=2)
    bench.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    limit = args.time_limit if args.time_limit and args.time_limit > 0 else None
    try:
        summary = solve_benchmark(
            args.path, limit, args.solution, num_workers=args.workers, random_seed=args.seed
        )
    except (PlannerError, OSError) as exc:
        print(json.dumps({"instance": args.path, "error": str(exc)}))
        return 2
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
