"""`weerstand create-token USERNAME`: issue a personal API token from the console."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from weerstand.core import context

MAX_DAYS = 365


class Command(BaseCommand):
    help = (
        "Geeft een persoonlijk API-token uit voor USERNAME en schrijft alleen het token naar "
        "stdout, zodat scripts het kunnen opvangen (Authorization: Token <token>). Het token "
        "wordt niet opgeslagen, alleen de hash; de uitgifte komt in het audittrail. Alleen in "
        "demomodus: in productie maakt de persoon zelf een token aan na aanmelden."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="Gebruikersnaam van de eigenaar van het token.")
        parser.add_argument(
            "--days", type=int, default=None, help=f"Geldigheid in dagen (1 tot {MAX_DAYS})."
        )
        parser.add_argument("--label", default="console", help="Omschrijving van het token.")

    def handle(self, *args: Any, **options: Any) -> None:
        # A token for someone else's account is that account's credential in an operator's
        # hands, past the four eyes every credential needs (`accounts.access_changes`).
        if settings.MODE != "demo":
            raise CommandError(
                "API-tokens voor anderen worden alleen in demomodus op de console uitgegeven; "
                "de persoon maakt een token aan op de pagina API-tokens."
            )
        from weerstand.accounts.models import User
        from weerstand.accounts.services import issue_token

        days = options["days"]
        if days is not None and not 1 <= days <= MAX_DAYS:
            raise CommandError(f"--days moet tussen 1 en {MAX_DAYS} liggen.")
        label = (options["label"] or "").strip()[:100]
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Onbekende gebruiker '{options['username']}'.")
        if not user.is_active:
            raise CommandError(f"Gebruiker '{user.username}' is niet actief.")
        with context.use(context.RequestContext(channel="cli", user=user)):
            _token, raw = issue_token(user, days=days, label=label)
        self.stdout.write(raw)
