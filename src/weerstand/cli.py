"""The `weerstand` console command: every Django management command goes through it."""

from __future__ import annotations

import os
import sys

# Django's own commands that would let one operator set someone's password on the console,
# past the four eyes every credential reset needs (`accounts.access_changes`). Django's auth
# app comes first in INSTALLED_APPS, so its commands cannot be overridden by an app; they
# are refused here, at the one entry point.
REFUSED_COMMANDS = {
    "changepassword": (
        "Een wachtwoord van een ander stelt u niet op de console in. Vraag een reset aan onder "
        "'Toegangswijzigingen'; na akkoord van een tweede persoon kiest de persoon zelf een "
        "nieuw wachtwoord via een koppellink."
    ),
}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "weerstand.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else ["weerstand", *argv])
    args[0] = "weerstand"
    # Commands are spelled with hyphens on the console (seed-demo), underscores in Django.
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
        if args[1] in REFUSED_COMMANDS:
            sys.stderr.write(REFUSED_COMMANDS[args[1]] + "\n")
            raise SystemExit(2)
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
