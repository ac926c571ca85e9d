"""`weerstand solve-benchmark PATH`: solve a Curtois & Qu instance with the planner core."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from weerstand.capacity.planner.cli import DEFAULT_TIME_LIMIT, solve_benchmark
from weerstand.capacity.planner.errors import PlannerError


class Command(BaseCommand):
    help = (
        "Solve a shift-scheduling benchmark instance (Curtois & Qu text format) with the same "
        "CP-SAT planner core the coordination centre uses; prints one JSON object with "
        "objective, best_bound, seconds and status. --solution writes the roster: one line per "
        "employee, the id, a TAB, then one shift id or '-' per day separated by spaces."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT)
        parser.add_argument("--solution", default=None)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["time_limit"] is not None and options["time_limit"] <= 0:
            raise CommandError("--time-limit must be positive")
        try:
            summary = solve_benchmark(
                options["path"],
                options["time_limit"],
                options["solution"],
                num_workers=options["workers"],
                random_seed=options["seed"],
            )
        except OSError as exc:
            raise CommandError(f"cannot read {options['path']}: {exc.strerror or exc}") from exc
        except PlannerError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(summary))
