"""What the inspection export remembers: the signed checkpoints whose chain it verified.

An export verifies the audit trail from the newest checkpoint already verified (its seq and
record hash, copied here) to the newest checkpoint, instead of from the first record, so an
export stays fast on a long trail. The full walk stays with `weerstand audit-verify`.
A row is appended once and never changed or deleted.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone

from weerstand.core.errors import DomainError


class VerifiedCheckpointFinal(DomainError):
    status = 409
    code = "verified-checkpoint-final"
    title = "Een geverifieerd checkpoint wordt niet gewijzigd"


class VerifiedCheckpoint(models.Model):
    """A signed checkpoint up to which the chain was verified when an export was made."""

    seq = models.PositiveBigIntegerField(unique=True)
    record_hash = models.CharField(max_length=64)
    verified_at = models.DateTimeField(default=timezone.now)
    full = models.BooleanField(default=False)

    class Meta:
        ordering = ["-seq"]

    def __str__(self) -> str:
        return f"geverifieerd tot seq {self.seq}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise VerifiedCheckpointFinal("Een geverifieerd checkpoint wordt niet gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise VerifiedCheckpointFinal("Een geverifieerd checkpoint wordt niet verwijderd.")
