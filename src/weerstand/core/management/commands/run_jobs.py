"""`weerstand run-jobs`: the scheduled jobs every app contributes (escalations, decisions
taking effect, audit checkpoints). Nothing of this runs when a page is opened.

`--once` runs every job one time, directly (cron, tests). The rest goes through the queue in
the database (`core.jobqueue`): `--schedule` enqueues each job once per interval slot (safe on
every machine), `--work` runs what is on the queue (any number of workers; each task runs once),
and `--loop` does both in one process (what `make run` starts beside the web server). Every
job is idempotent, so a retried run changes nothing more.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections
from django.utils import timezone

from weerstand.core import context, health, jobqueue
from weerstand.core.extensions import Job, jobs

# How often `--loop` tells the readiness check it is alive (`core.health.beat`).
HEARTBEAT_SECONDS = 30
# How long a loop waits between rounds (scheduling is by slot, so this only bounds the delay).
SLEEP_SECONDS = 5
KEEP_RUNS = timedelta(days=7)


class Command(BaseCommand):
    help = (
        "Draait de geplande taken van alle apps (escalaties, besluiten op hun ingangsdatum, "
        "auditcheckpoints). --once: elke taak één keer; --loop: elke taak op haar eigen "
        "interval, tot Ctrl+C."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--once", action="store_true", help="Elke taak één keer (standaard).")
        mode.add_argument(
            "--loop", action="store_true", help="Plannen en uitvoeren in één proces, tot Ctrl+C."
        )
        mode.add_argument(
            "--schedule",
            action="store_true",
            help="Alleen plannen: elke taak eenmaal per interval in de wachtrij (op elke machine).",
        )
        mode.add_argument(
            "--work",
            action="store_true",
            help="Alleen uitvoeren wat in de wachtrij staat (zoveel werkers als nodig).",
        )
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
        if not (options["loop"] or options["schedule"] or options["work"]):
            health.beat()
            failed = [job.name for job in selected if not self._run(job)]
            if failed:
                raise CommandError(f"Mislukt: {', '.join(failed)}.")
            return
        if options["only"]:
            raise CommandError("--only gaat alleen samen met --once.")
        schedule = options["loop"] or options["schedule"]
        work = options["loop"] or options["work"]
        worker_id = f"{health.runner_name()}:{secrets.token_hex(4)}"[:64]
        last_beat = -1e9
        while True:
            now = time.monotonic()
            if now - last_beat >= HEARTBEAT_SECONDS:
                last_beat = now
                self._beat()
                if schedule:  # the queue keeps a week of finished runs
                    self._guarded("opruimen", lambda: jobqueue.prune(timezone.now() - KEEP_RUNS))
            if schedule:
                self._guarded("plannen", lambda: len(jobqueue.schedule_due()))
            if work:
                self._guarded("uitvoeren", lambda: jobqueue.work_available(worker_id=worker_id))
            close_old_connections()  # as after a request: drop a broken or stale connection
            time.sleep(SLEEP_SECONDS)

    def _guarded(self, what: str, step: Callable[[], int]) -> None:
        """One round of scheduling or working; a database hiccup must not stop the loop."""
        try:
            step()
        except Exception as exc:  # reported; the next round tries again
            self.stderr.write(f"{what}: mislukt: {exc!r}\n")
            close_old_connections()

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
