"""Menu visibility, start-page panels and the case-page section of the signals app.

Every count and row here is read through `Signal.objects.visible_to(user)`, the same rule as
the queue, so a panel never counts what its reader may not see.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.extensions import Panel
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource, Scope, scopes_for
from weerstand.signals import services
from weerstand.signals.models import ReporterKind, Signal

PANEL_ROWS = 10


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def can_report(user: Any) -> bool:
    """Officers' menu item 'Signaal melden'."""
    return (
        _authenticated(user)
        and engine.can(user, Resource.SIGNAL, Action.CREATE)
        and services.reporter_kind(user) == ReporterKind.OFFICER
    )


def can_report_portal(user: Any) -> bool:
    """The portal's 'Iets gezien of gehoord?' for protectees, relatives and employers."""
    return (
        _authenticated(user)
        and engine.can(user, Resource.SIGNAL, Action.CREATE)
        and services.reporter_kind(user) != ReporterKind.OFFICER
    )


def sees_queue(user: Any) -> bool:
    """The analysis function and inspectors: the whole queue (within need-to-know)."""
    return _authenticated(user) and Scope.ALL in scopes_for(
        user.role_codes, Resource.SIGNAL, Action.VIEW
    )


def can_triage(user: Any) -> bool:
    return _authenticated(user) and engine.can(user, Resource.SIGNAL, Action.CHANGE)


def queue_panel(user: Any) -> Panel | None:
    """Overdue and escalated signals for the analysis function, counted within need-to-know."""
    if not sees_queue(user):
        return None
    now = timezone.now()
    visible = Signal.objects.visible_to(user, Action.VIEW)
    overdue = list(services.overdue(visible, now).order_by("triage_deadline", "pk")[:PANEL_ROWS])
    counts = services.queue_counts(user, now=now)
    _audit_shown(overdue, "achterstallige signalen (startpagina)")
    return Panel(
        template="signals/_panel.html",
        context={"counts": counts, "overdue": overdue, "now": now},
        order=20,
    )


def my_signals_panel(user: Any) -> Panel | None:
    """A reporter's own recent signals and what became of them (never the triage note)."""
    if sees_queue(user) or not engine.can(user, Resource.SIGNAL, Action.CREATE):
        return None
    mine = list(
        Signal.objects.visible_to(user, Action.VIEW)
        .filter(reported_by=user.pk)
        .order_by("-created_at", "-pk")[:5]
    )
    return Panel(
        template="signals/_my_panel.html",
        context={"signals": mine, "portal": can_report_portal(user)},
        order=21,
    )


def case_signals_section(user: Any, case: Any) -> Panel | None:
    """Signals about this case, as far as the reader may see them."""
    if not engine.can(user, Resource.SIGNAL, Action.VIEW):
        return None
    rows = list(
        Signal.objects.visible_to(user, Action.VIEW)
        .filter(case=case.pk)
        .order_by("-created_at", "-pk")[:50]
    )
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
