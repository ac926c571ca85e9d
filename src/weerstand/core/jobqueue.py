"""Scheduled jobs on a queue in the database.

The apps contribute jobs (`core.extensions.Job`). A scheduler (`run-jobs --schedule`, safe on
every machine) turns each job's interval into slots and enqueues one task per due slot on
Django's tasks framework with the database backend (django-tasks-db); workers
(`run-jobs --work`, any number, on any machine) claim each task with a row lock, so a run
happens exactly once. A run that raises is retried with a growing delay, at most
`MAX_ATTEMPTS` times, and then stays `failed` on the job health page (`job_health`).

`run-jobs --loop` (what `make run` starts) does both in one process, so the embedded SQLite
default needs no second process.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.tasks import task
from django.utils import timezone

from weerstand.core import context
from weerstand.core.extensions import Job, jobs
from weerstand.core.models import ScheduledRun

MAX_ATTEMPTS = 3
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5))
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def job_named(name: str) -> Job:
    for job in jobs():
        if job.name == name:
            return job
    raise LookupError(name)


def slot_of(job: Job, now: datetime) -> datetime:
    """The start of the interval `now` falls in: the same on every machine."""
    step = timedelta(minutes=job.every_minutes)
    return EPOCH + ((now - EPOCH) // step) * step


def schedule_due(now: datetime | None = None) -> list[ScheduledRun]:
    """Enqueue every job whose current slot has no run yet; return the runs enqueued here.

    The slot's unique row and its task are written in one transaction: a second scheduler
    that races for the same slot fails on the constraint and enqueues nothing."""
    now = now or timezone.now()
    enqueued = []
    for job in jobs():
        slot = slot_of(job, now)
        if ScheduledRun.objects.filter(job_name=job.name, slot=slot).exists():
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(job_name=job.name, slot=slot, enqueued_at=now)
                result = run_scheduled_job.enqueue(run.pk)
                run.task_id = str(result.id)
                run.save(update_fields=["task_id"])
        except IntegrityError:
            continue
        enqueued.append(run)
    return enqueued


@task()
def run_scheduled_job(run_id: int) -> str:
    """Run one slot of one job as the system. Idempotent: a run already done is not redone."""
    from weerstand.core import health

    with transaction.atomic():
        run = ScheduledRun.objects.select_for_update().get(pk=run_id)
        if run.state in (ScheduledRun.State.DONE, ScheduledRun.State.FAILED):
            return run.state
        run.state = ScheduledRun.State.RUNNING
        run.attempts += 1
        run.started_at = timezone.now()
        run.worker = health.runner_name()
        run.save(update_fields=["state", "attempts", "started_at", "worker"])
    try:
        with context.use(context.RequestContext(channel="job")):
            count = job_named(run.job_name).run(timezone.now())
    except Exception as exc:  # recorded by class only; retried below
        return _failed(run, exc)
    run.state, run.count, run.error_class = ScheduledRun.State.DONE, count, ""
    run.finished_at = timezone.now()
    run.save(update_fields=["state", "count", "error_class", "finished_at"])
    return run.state


def _failed(run: ScheduledRun, exc: Exception) -> str:
    run.error_class = f"{type(exc).__module__}.{type(exc).__qualname__}"[:200]
    run.finished_at = timezone.now()
    if run.attempts >= MAX_ATTEMPTS:
        run.state = ScheduledRun.State.FAILED
        run.save(update_fields=["state", "error_class", "finished_at"])
        return run.state
    delay = RETRY_DELAYS[min(run.attempts - 1, len(RETRY_DELAYS) - 1)]
    with transaction.atomic():
        result = run_scheduled_job.using(run_after=timezone.now() + delay).enqueue(run.pk)
        run.state, run.task_id = ScheduledRun.State.RETRYING, str(result.id)
        run.save(update_fields=["state", "error_class", "finished_at", "task_id"])
    return run.state


def work_available(*, worker_id: str, max_tasks: int | None = None) -> int:
    """Run the queue's ready tasks in this process until none is left (or `max_tasks`).

    Each task is claimed in its own short transaction with a row lock (`SKIP LOCKED` on
    PostgreSQL), as django-tasks-db's own worker does, then run outside it. The connection
    housekeeping between rounds is the caller's (`run-jobs`)."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction

    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    ran = 0
    while max_tasks is None or ran < max_tasks:
        ready = DBTaskResult.objects.ready().filter(backend_name="default", queue_name="default")
        with exclusive_transaction(ready.db):
            claimed = ready.get_locked()
            if claimed is not None:
                claimed.claim(worker_id)
        if claimed is None:
            return ran
        worker.run_task(claimed)
        ran += 1
    return ran


# --- the administrator's view ----------------------------------------------------------------


@dataclass(frozen=True)
class JobHealth:
    name: str
    help: str
    every_minutes: int
    last_done: datetime | None
    last_count: int | None
    waiting: int
    retrying: int
    failed_recently: int
    last_error_class: str
    overdue: bool


def job_health(now: datetime | None = None) -> list[JobHealth]:
    """Per job: its last good run, what waits, what failed in the last day, and whether it is
    overdue (no good run for three intervals). Names and counts only, no case data."""
    now = now or timezone.now()
    day_ago = now - timedelta(days=1)
    stats = {
        row["job_name"]: row
        for row in ScheduledRun.objects.values("job_name").annotate(
            last_done=Max("finished_at", filter=Q(state=ScheduledRun.State.DONE)),
            waiting=Count("pk", filter=Q(state=ScheduledRun.State.QUEUED)),
            retrying=Count("pk", filter=Q(state=ScheduledRun.State.RETRYING)),
            failed=Count("pk", filter=Q(state=ScheduledRun.State.FAILED, finished_at__gte=day_ago)),
        )
    }
    last_runs: dict[str, Any] = {}
    for run in ScheduledRun.objects.filter(state=ScheduledRun.State.DONE).order_by("-finished_at")[
        :200
    ]:
        last_runs.setdefault(run.job_name, run)
    errors: dict[str, str] = {}
    for run in ScheduledRun.objects.exclude(error_class="").order_by("-finished_at")[:200]:
        errors.setdefault(run.job_name, run.error_class)
    health = []
    for job in sorted(jobs(), key=lambda j: j.name):
        row: dict[str, Any] = dict(stats.get(job.name, {}))
        last_done = row.get("last_done")
        overdue = last_done is None or last_done < now - 3 * timedelta(minutes=job.every_minutes)
        last = last_runs.get(job.name)
        health.append(
            JobHealth(
                name=job.name,
                help=job.help,
                every_minutes=job.every_minutes,
                last_done=last_done,
                last_count=last.count if last else None,
                waiting=row.get("waiting", 0),
                retrying=row.get("retrying", 0),
                failed_recently=row.get("failed", 0),
                last_error_class=errors.get(job.name, ""),
                overdue=overdue,
            )
        )
    return health


def prune(before: datetime) -> int:
    """Forget finished runs older than `before` (the health page reads the last day only)."""
    from django_tasks_db.models import DBTaskResult

    done = [ScheduledRun.State.DONE, ScheduledRun.State.FAILED]
    deleted, _ = ScheduledRun.objects.filter(state__in=done, finished_at__lt=before).delete()
    DBTaskResult.objects.finished().filter(finished_at__lt=before).delete()
    return deleted
