"""`weerstand rotate-keys`: re-encrypt stored secrets under the newest field key."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core import context
from weerstand.core.crypto.rotation import rotate


class Command(BaseCommand):
    help = (
        "Re-encrypt every EncryptedTextField value that is not under the newest key version "
        "of WEERSTAND_FIELD_KEYS, in batches, while Weerstand keeps running: each row is "
        "updated only if it still holds the value read (a concurrent edit wins and the row is "
        "retried in the next pass). Procedure: add the new key with a higher version "
        "('1:old,2:new'), restart, run this command until it reports nothing left, then "
        "remove the old key. Writes one audit record with counts (never values)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only count what would change.")
        parser.add_argument("--batch-size", type=int, default=500, help="Rows per transaction.")
        parser.add_argument(
            "--max-passes", type=int, default=5, help="Passes to retry rows edited concurrently."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with context.use(context.RequestContext(channel="cli")):
            result = rotate(
                batch_size=options["batch_size"],
                dry_run=options["dry_run"],
                max_passes=options["max_passes"],
            )
            per_version = (
                ", ".join(f"v{v}: {n}" for v, n in sorted(result.by_version.items())) or "geen"
            )
            if result.dry_run:
                self.stdout.write(
                    f"Proefdraai: {result.total_remaining} waarden nog niet onder sleutel "
                    f"v{result.target_version} ({per_version})."
                )
                for label, n in sorted(result.remaining.items()):
                    self.stdout.write(f"  {label}: {n}")
                return
            audit.record(
                AuditAction.KEY_ROTATION,
                object_type="crypto.field_keys",
                object_id=str(result.target_version),
                object_repr=f"veldsleutels naar versie {result.target_version}",
                changes={
                    "target_version": result.target_version,
                    "rotated": result.total_rotated,
                    "per_field": dict(sorted(result.rotated.items())),
                    "old_versions": {str(v): n for v, n in sorted(result.by_version.items())},
                    "conflicts_retried": result.conflicts,
                    "unreadable": sum(result.failed.values()),
                    "remaining": result.total_remaining,
                    "passes": result.passes,
                },
                result="ok" if result.total_remaining == 0 else "partial",
            )
        self.stdout.write(
            f"{result.total_rotated} waarden opnieuw versleuteld met sleutel "
            f"v{result.target_version} (gevonden: {per_version}; {result.conflicts} gelijktijdige "
            f"wijzigingen opnieuw geprobeerd; {result.passes} ronde(n))."
        )
        for label, n in sorted(result.rotated.items()):
            self.stdout.write(f"  {label}: {n}")
        if result.total_remaining:
            unreadable = sum(result.failed.values())
            raise CommandError(
                f"{result.total_remaining} waarden staan nog onder een oude sleutel "
                f"({unreadable} onleesbaar); draai het commando opnieuw of onderzoek ze.",
                returncode=1,
            )
