"""`weerstand audit-verify`: prove the audit trail is whole, or name the first bad record."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from weerstand.audit import chain
from weerstand.audit.verify import verify_chain


class Command(BaseCommand):
    help = (
        "Verify the whole audit trail, every shard: recompute every record hash, check the "
        "prev_hash links and that each shard's shard_seq runs from 1 without gaps, verify "
        "every checkpoint's Ed25519 signature "
        "(current key and WEERSTAND_AUDIT_RETIRED_PUBLIC_KEYS) and that every shard head it "
        "signed is still there with that hash, "
        "and compare with the anchor file (WEERSTAND_AUDIT_ANCHOR_FILE) when one is kept. "
        "Exit code 0 and a one-line summary when intact; exit code 1 and the first bad record "
        "(seq and id) otherwise."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")
        parser.add_argument(
            "--batch-size", type=int, default=10_000, help="Records fetched per round trip."
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="PostgreSQL: processes that walk the shards' segments in parallel "
            "(default: the number of CPUs, at most 8; 1 walks in this process).",
        )
        parser.add_argument(
            "--anchor-file",
            default=None,
            help="Anchor file to compare with (default: WEERSTAND_AUDIT_ANCHOR_FILE).",
        )
        parser.add_argument(
            "--print-public-key",
            action="store_true",
            help="Print the current signing key's public key (base64) and stop. Keep it: after "
            "a key rotation it goes into WEERSTAND_AUDIT_RETIRED_PUBLIC_KEYS.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["print_public_key"]:
            pub = chain.signing_key(settings.AUDIT_SIGNING_KEY).public_key()
            self.stdout.write(f"{chain.public_key_b64(pub)}  (key id {chain.key_id(pub)})")
            return
        report = verify_chain(
            batch_size=options["batch_size"],
            anchor_file=options["anchor_file"],
            workers=options["workers"],
        )
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
        elif report.ok:
            self.stdout.write(report.summary())
        if not report.ok:
            raise CommandError(report.summary(), returncode=1)
