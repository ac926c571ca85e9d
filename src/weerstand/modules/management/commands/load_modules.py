"""`weerstand load_modules`: publish the module files shipped with the app (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from weerstand.modules import services


class Command(BaseCommand):
    help = "De meegeleverde modules weerbaarheid publiceren (per code en versie één keer)."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = services.load_content()
        self.stdout.write(
            f"{counts['published']} moduleversies gepubliceerd, {counts['present']} waren er al."
        )
