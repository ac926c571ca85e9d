"""The kernel's own table: the heartbeat of each job runner, read by the readiness check."""

from __future__ import annotations

from django.db import models


class JobRunnerHeartbeat(models.Model):
    """One row per running `weerstand run-jobs` (host and process), touched on every round.

    The readiness check (`core.health`) asks only whether any runner beat recently; the rows
    are never shown to anyone and carry no personal data.
    """

    runner = models.CharField(max_length=200, unique=True)
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.runner} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"
