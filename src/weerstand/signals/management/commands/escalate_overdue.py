"""`weerstand escalate-overdue`: escalate signals past their triage deadline and requests for
information past their due date. Idempotent: each is escalated (and alerted) once, so the
command can run from cron as often as wanted; the queue and start page also run it lazily."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from weerstand.core import context
from weerstand.gaps.services import escalate_overdue_requests
from weerstand.signals.services import escalate_overdue_signals


class Command(BaseCommand):
    help = "Escaleer signalen en informatieverzoeken die over de termijn zijn (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        with context.use(context.RequestContext(channel="cli")):
            signals = escalate_overdue_signals(now=now)
            requests = escalate_overdue_requests(now=now)
        self.stdout.write(
            f"Geëscaleerd: {len(signals)} signalen, {len(requests)} informatieverzoeken.\n"
        )
