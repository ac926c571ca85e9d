"""Start-page panels and the case-page section of the signals app.

Every count and row here comes from `signals.selectors`, read through
`Signal.objects.visible_to(user)`, the same rule as the queue, so a panel never counts what
its reader may not see. Who sees which panel is asked of `signals.rules`.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.extensions import Panel
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource
from weerstand.signals import rules, selectors
from weerstand.signals.models import Signal

PANEL_ROWS = 10


def queue_panel(user: Any) -> Panel | None:
    """Overdue and escalated signals for the analysis function, counted within need-to-know."""
    if not rules.sees_queue(user):
        return None
    now = timezone.now()
    overdue = selectors.overdue_signals(user, now, PANEL_ROWS)
    counts = selectors.queue_counts(user, now=now)
    _audit_shown(overdue, "achterstallige signalen (startpagina)")
    return Panel(
        template="signals/_panel.html",
        context={"counts": counts, "overdue": overdue, "now": now},
        order=20,
    )


def my_signals_panel(user: Any) -> Panel | None:
    """An officer's own recent signals and what became of them (never the triage note).

    Portal users get theirs, in their own words, from the portal's "Wat u aan ons meldde"."""
    if rules.sees_queue(user) or not rules.may_report_as_officer(user):
        return None
    mine = list(selectors.own_signals(user)[:5])
    return Panel(
        template="signals/_my_panel.html",
        context={"signals": mine, "portal": False},
        order=21,
    )


def case_signals_section(user: Any, case: Any) -> Panel | None:
    """Signals about this case, as far as the reader may see them."""
    if not engine.can(user, Resource.SIGNAL, Action.VIEW):
        return None
    rows = selectors.case_signals(user, case)
    if not rows:
        return None
    _audit_shown(rows, f"signalen bij casus {case.reference}")
    return Panel(
        template="signals/_case_signals.html",
        context={"signals": rows, "case": case},
        order=30,
    )


def _audit_shown(rows: list[Signal], what: str) -> None:
    if rows:
        audit.record(
            AuditAction.LIST,
            object_type="signals.signal",
            object_repr=f"{len(rows)} {what}",
            changes={"ids": [s.pk for s in rows]},
        )
