"""`weerstand seed-demo`: fill an empty database with the fictional demo world."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from weerstand.core.demo import seed as demo


class Command(BaseCommand):
    help = (
        "Vult een lege database met fictieve, deterministische demodata: organisaties, "
        "demogebruikers per rol (met TOTP), personen en ongeveer zestig casussen in alle "
        "statussen. Weigert in productie en op een database die al gegevens bevat."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Niets doen (met een melding) als de database al gegevens bevat.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.MODE == "production":
            raise CommandError(
                "Demodata met bekende wachtwoorden wordt nooit in productie geladen "
                "(WEERSTAND_MODE=production)."
            )
        if not demo.is_empty():
            if options["if_empty"]:
                self.stdout.write("Database bevat al gegevens; demodata niet opnieuw geladen.")
                return
            raise CommandError(
                "De database is niet leeg; seed-demo vult alleen een lege database "
                "(gebruik --if-empty om dan niets te doen)."
            )
        try:
            demo.seed(stdout=self.stdout)
        except demo.DatabaseNotEmpty as exc:  # another process seeded in the meantime
            raise CommandError(str(exc)) from exc
