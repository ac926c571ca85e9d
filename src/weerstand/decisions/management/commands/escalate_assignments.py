"""`weerstand escalate-assignments`: alert the LCC and the NCTV about late assignments."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from weerstand.core import context
from weerstand.decisions import services


class Command(BaseCommand):
    help = (
        "Escaleert beveiligingsopdrachten die niet vóór de termijn zijn bevestigd of bemensd "
        "naar LCC-coördinatoren en NCTV-besluitvormers. Idempotent: elke opdracht één keer."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with context.use(context.RequestContext(channel="cli")):
            count = services.escalate_assignments()
        self.stdout.write(f"{count} escalatie(s).\n")
