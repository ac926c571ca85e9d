"""The `weerstand` console command: every Django management command goes through it."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "weerstand.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else ["weerstand", *argv])
    args[0] = "weerstand"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
