"""`weerstand escalate-objections`: the daily job that escalates objections past their due
date to the appeal body and the case's decision-makers (once per due date)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from weerstand.core import context


class Command(BaseCommand):
    help = "Escaleer bezwaren waarvan de beslistermijn is verstreken (dagelijks draaien)."

    def handle(self, *args: Any, **options: Any) -> None:
        from weerstand.rights.services import escalate_overdue

        with context.use(context.RequestContext(channel="cli")):
            count = escalate_overdue()
        self.stdout.write(f"{count} bezwaren geëscaleerd.\n")
