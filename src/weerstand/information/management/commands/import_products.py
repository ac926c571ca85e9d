"""`weerstand import-products FILE.json --originator CODE --user USERNAME`: batch import.

The import runs as USERNAME (an active account of the originating organisation, or an analyst
recording on its behalf), under the same policy and audit as the API; it prints the per-record
report as JSON. Exit status 1 when any record was refused.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from weerstand.core import context
from weerstand.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Importeert informatieproducten uit een JSON-bestand (schema: docs/import-schema.json). "
        "Idempotent per kenmerk van de verstrekker; per record een verslag."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Het JSON-bestand.")
        parser.add_argument("--originator", required=True, help="Code van de verstrekker.")
        parser.add_argument(
            "--user",
            required=True,
            help="Gebruikersnaam waaronder de import wordt uitgevoerd (en geaudit).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from weerstand.accounts.models import User
        from weerstand.information import importing, services
        from weerstand.organisations.models import Organisation

        originator = Organisation.objects.filter(code=options["originator"]).first()
        if originator is None:
            raise CommandError(f"Onbekende organisatie '{options['originator']}'.")
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"Onbekende of inactieve gebruiker '{options['user']}'.")
        path = Path(options["file"])
        try:
            size = path.stat().st_size
            if size > importing.max_bytes():
                raise CommandError(f"Het bestand is groter dan {importing.max_bytes()} bytes.")
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Kan het bestand niet lezen: {exc.strerror}") from exc
        with context.use(context.RequestContext(channel="cli", user=user)):
            try:
                report = services.import_products(user, raw, originator=originator)
            except DomainError as exc:
                raise CommandError(exc.detail) from exc
        self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        if report["counts"]["refused"]:
            raise SystemExit(1)
