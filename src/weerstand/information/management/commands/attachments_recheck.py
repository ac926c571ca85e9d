"""`weerstand attachments-recheck`: inspect every stored attachment again with today's checks."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from weerstand.core import context


class Command(BaseCommand):
    help = (
        "Controleert alle opgeslagen bijlagen opnieuw met de huidige controles (actieve PDF's, "
        "macro's, verborgen archieven) en noemt de geweigerde bij nummer en product; er wordt "
        "niets gewijzigd. Eén auditregel. Afsluitstatus 1 als er een bijlage geweigerd wordt."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        from weerstand.information.services.attachments import recheck_stored

        with context.use(context.RequestContext(channel="cli")):
            checked, refused = recheck_stored()
        for item in refused:
            self.stdout.write(
                f"bijlage {item['attachment']} bij product {item['product']}: {item['code']}"
            )
        self.stdout.write(f"{checked} bijlagen gecontroleerd, {len(refused)} geweigerd")
        if refused:
            raise CommandError(f"{len(refused)} opgeslagen bijlage(n) voldoen niet meer")
