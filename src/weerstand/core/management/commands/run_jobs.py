"""`weerstand run-jobs`: the scheduled jobs every app contributes (escalations, decisions
taking effect, audit checkpoints). Nothing of this runs when a page is opened.

`--once` runs every job one time (cron, tests); `--loop` keeps running each job at its own
interval (what `make run` starts beside the web server). Every job is idempotent, so running
one twice or on two machines changes nothing more.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from weerstand.core import context, health
from weerstand.core.extensions import Job, jobs

# How often `--loop` tells the readiness check it is alive (`core.health.beat`).
HEARTBEAT_SECONDS = 30


class Command(BaseCommand):
    help = (
        "Draait de geplande taken van alle apps (escalaties, besluiten op hun ingangsdatum, "
        "auditcheckpoints). --once: elke taak één keer; --loop: elke taak op haar eigen "
        "interval, tot Ctrl+C."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--once", action="store_true", help="Elke taak één keer (standaard).")
        mode.add_argument("--loop", action="store_true", help="Blijf draaien, per taak-interval.")
        parser.add_argument("--only", action="append", default=[], help="Alleen deze taak.")
        parser.add_argument("--list", action="store_true", help="Toon de taken en stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        selected = [j for j in jobs() if not options["only"] or j.name in options["only"]]
        unknown = set(options["only"]) - {j.name for j in jobs()}
        if unknown:
            raise CommandError(f"Onbekende taak: {', '.join(sorted(unknown))}.")
        if options["list"]:
            for job in selected:
                self.stdout.write(f"{job.name}  (elke {job.every_minutes} min)  {job.help}\n")
            return
        if not options["loop"]:
            health.beat()
            failed = [job.name for job in selected if not self._run(job)]
            if failed:
                raise CommandError(f"Mislukt: {', '.join(failed)}.")
            return
        last: dict[str, float] = {}
        last_beat = -1e9
        while True:
            now = time.monotonic()
            if now - last_beat >= HEARTBEAT_SECONDS:
                last_beat = now
                self._beat()
            for job in selected:
                if now - last.get(job.name, -1e9) >= job.every_minutes * 60:
                    last[job.name] = now
                    self._run(job)
            time.sleep(5)

    def _beat(self) -> None:
        """The readiness check's sign of life; a database hiccup must not stop the loop."""
        try:
            health.beat()
        except Exception as exc:  # reported; the next round beats again
            self.stderr.write(f"heartbeat: mislukt: {exc!r}\n")

    def _run(self, job: Job) -> bool:
        """Run one job as the system; a failing job is reported and never stops the others."""
        try:
            with context.use(context.RequestContext(channel="job")):
                count = job.run(timezone.now())
        except Exception as exc:  # reported, and the next job still runs
            self.stderr.write(f"{job.name}: mislukt: {exc!r}\n")
            return False
        self.stdout.write(f"{job.name}: {count}\n")
        return True
