"""`weerstand policy-table`: print, write or check `docs/access-policy.md` from the code.

The document is generated, never edited by hand: `--check` (run by a test) fails as soon as
the table in `policy.table` and the document drift apart.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from weerstand.policy.table import render_markdown

DOC_RELATIVE = Path("docs") / "access-policy.md"


def default_path() -> Path:
    return Path(settings.PROJECT_DIR) / DOC_RELATIVE


class Command(BaseCommand):
    help = (
        "Print the access-policy table as Markdown; --write updates the document, --check compares."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--write", action="store_true", help="Write the document.")
        group.add_argument(
            "--check", action="store_true", help="Exit non-zero when the document differs."
        )
        parser.add_argument(
            "--path", default=None, help=f"Document path (default: {DOC_RELATIVE})."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"]) if options["path"] else default_path()
        text = render_markdown()
        if options["write"]:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            self.stdout.write(f"{path.name} bijgewerkt.")
            return
        if options["check"]:
            current = path.read_text(encoding="utf-8") if path.exists() else None
            if current != text:
                raise CommandError(
                    f"{DOC_RELATIVE} wijkt af van policy/table.py; "
                    "draai `weerstand policy-table --write`."
                )
            self.stdout.write(f"{path.name} is actueel.")
            return
        self.stdout.write(text, ending="")
