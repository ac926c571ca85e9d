"""`weerstand apply-decisions [--date YYYY-MM-DD]`: daily, idempotent."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from weerstand.core import context
from weerstand.decisions import services


class Command(BaseCommand):
    help = (
        "Zet geaccordeerde besluiten op hun ingangsdatum in werking, laat de casusstatus "
        "volgen en sluit beveiligingsopdrachten na hun einddatum. Idempotent; draai dagelijks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Peildatum (JJJJ-MM-DD); standaard vandaag.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            on = (
                date.fromisoformat(options["date"]) if options.get("date") else timezone.localdate()
            )
        except ValueError as exc:
            raise CommandError("Ongeldige datum; gebruik JJJJ-MM-DD.") from exc
        with context.use(context.RequestContext(channel="cli")):
            counts = services.apply_decisions(on)
        self.stdout.write(
            f"{on}: {counts['decisions']} besluit(en) in werking, {counts['activated']} "
            f"opdracht(en) actief, {counts['closed']} opdracht(en) afgesloten.\n"
        )
