"""`weerstand totp USERNAME`: the current TOTP code of a demo user (demo mode only)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Toont de huidige TOTP-code van een gebruiker, zodat u zich in de demo kunt aanmelden "
        "zonder authenticator-app. Werkt alleen in demomodus (WEERSTAND_MODE=demo)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="Gebruikersnaam.")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.MODE != "demo":
            raise CommandError(
                "TOTP-codes worden alleen in demomodus getoond (WEERSTAND_MODE=demo)."
            )
        from weerstand.accounts.models import User
        from weerstand.accounts.services import SignInError, current_totp

        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"Onbekende of inactieve gebruiker '{options['username']}'.")
        try:
            code = current_totp(user)
        except SignInError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(code)
