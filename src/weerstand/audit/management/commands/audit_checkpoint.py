"""`weerstand audit-checkpoint`: sign the current head of the audit trail."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from weerstand.audit.services import checkpoint_now


class Command(BaseCommand):
    help = (
        "Sign the current head of the audit trail with the Ed25519 audit key (and append it "
        "to WEERSTAND_AUDIT_ANCHOR_FILE when set). Records after the latest checkpoint are "
        "protected only by the database until the next one is signed, so run this every few "
        "minutes, e.g. from a systemd timer or cron: '*/5 * * * * weerstand audit-checkpoint'. "
        "Does nothing when the head is already signed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        cp = checkpoint_now()
        if cp is None:
            self.stdout.write(
                "Geen nieuw checkpoint: de keten is leeg of de kop is al ondertekend."
            )
        else:
            self.stdout.write(f"Checkpoint ondertekend bij seq {cp.seq} (sleutel {cp.key_id}).")
