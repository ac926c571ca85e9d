"""`weerstand search-reindex`: rebuild the blinded search index."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core import context
from weerstand.search import index


class Command(BaseCommand):
    help = (
        "Rebuild the search index of products (with attachments), signals and cases: every "
        "entry is recomputed under the newest field key and entries of removed objects are "
        "dropped. Run it after `weerstand rotate-keys` and BEFORE removing the old key from "
        "WEERSTAND_FIELD_KEYS (until then searches also match entries under the old key), "
        "after restoring a backup, and after changing the Dutch normalisation. "
        "`--stale` only redoes entries under an older key. Writes one audit record with counts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--kind", action="append", choices=sorted(index.SOURCES), help="Only this kind."
        )
        parser.add_argument(
            "--stale", action="store_true", help="Only entries written under an older key."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with context.use(context.RequestContext(channel="cli")):
            counts = index.rebuild(options["kind"], stale_only=options["stale"])
            audit.record(
                AuditAction.ADMIN,
                object_type="search.searchdocument",
                object_repr="zoekindex opnieuw opgebouwd",
                changes={"indexed": counts, "stale_only": bool(options["stale"])},
            )
        for kind, n in sorted(counts.items()):
            self.stdout.write(f"{kind}: {n} opnieuw geïndexeerd")
