"""`weerstand verify-inspection-export <zip>`: check an inspection package's signature and hashes.

Trusts the application's current and retired audit public keys (settings), or only the keys
given with `--public-key` (base64, repeatable): a verifier outside the application needs
nothing else. Exit 0 when the package verifies, 1 with every problem otherwise.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from weerstand.audit import chain
from weerstand.inspection import package


class Command(BaseCommand):
    help = "Verifieer een inspectie-export (handtekening, hashes, checkpoint, auditrecords)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--public-key", action="append", default=[])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["public_key"]:
            keys = {}
            for b64 in options["public_key"]:
                pub = chain.load_public_key(b64)
                keys[chain.key_id(pub)] = pub
        else:
            from weerstand.audit.verify import trusted_keys

            keys = trusted_keys()
        problems = package.verify_package(Path(options["path"]).read_bytes(), keys)
        if problems:
            raise CommandError(
                "Inspectie-export NIET geldig:\n" + "\n".join(problems), returncode=1
            )
        self.stdout.write("Inspectie-export geldig: handtekening, hashes en checkpoint kloppen.")
