"""The kernel's own tables: the heartbeat of each job runner (read by the readiness check) and
the scheduled runs of the jobs on the queue (`core.jobqueue`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRunnerHeartbeat(models.Model):
    """One row per running `weerstand run-jobs` (host and process), touched on every round.

    The readiness check (`core.health`) asks only whether any runner beat recently; the rows
    are never shown to anyone and carry no personal data.
    """

    runner = models.CharField(max_length=200, unique=True)
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.runner} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"


class ScheduledRun(models.Model):
    """One due run of a scheduled job: the queue's unit of work and its record.

    `(job_name, slot)` is unique, so any number of schedulers (one per machine) enqueue a job
    once per interval; the task on the queue (`task_id`, Django's tasks framework on the
    database) is claimed by exactly one worker. Failures keep the exception's class only,
    never its message (which may quote data), and are retried with a growing delay.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("in de wachtrij")
        RUNNING = "running", _("bezig")
        RETRYING = "retrying", _("wacht op nieuwe poging")
        DONE = "done", _("klaar")
        FAILED = "failed", _("mislukt")

    job_name = models.CharField(max_length=100)
    slot = models.DateTimeField()
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED)
    task_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    enqueued_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    count = models.IntegerField(null=True, blank=True)
    error_class = models.CharField(max_length=200, blank=True)
    worker = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job_name", "slot"], name="scheduled_run_once_per_slot")
        ]
        indexes = [models.Index(fields=["job_name", "-slot"])]

    def __str__(self) -> str:
        return f"{self.job_name} @ {self.slot:%Y-%m-%d %H:%M} ({self.state})"
