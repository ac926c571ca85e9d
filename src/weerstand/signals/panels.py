"""Start-page work and counts, and the case-page section of the signals app.

Every count and row here is read through `Signal.objects.visible_to(user)`, the same rule
as the queue, so the start page never counts what its reader may not see.
Who gets which is asked of `signals.rules` and the policy.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.extensions import Panel, WorkCount, WorkItem
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource
from weerstand.signals import rules, selectors
from weerstand.signals.models import Signal, SignalStatus

PANEL_ROWS = 10


WORK_ROWS = 10


def work(user: Any) -> list[WorkItem]:
    """New signals to triage, nearest deadline first: only for those who decide on a signal
    (the `change` grant). An inspector reads the queue but triages nothing, so gets none."""
    from weerstand.core.dashboard import audit_work

    if not rules.sees_queue(user) or not engine.can(user, Resource.SIGNAL, Action.CHANGE):
        return []
    rows = list(
        Signal.objects.visible_to(user, Action.CHANGE)
        .filter(status=SignalStatus.NEW)
        .order_by("triage_deadline", "pk")[:WORK_ROWS]
    )
    audit_work("signals.signal", [s.pk for s in rows], "signalen te beoordelen", user)
    return [
        WorkItem(
            title=_("Signaal %(ref)s beoordelen") % {"ref": s.reference},
            reason=(
                _("Nieuw signaal (%(kind)s), geëscaleerd: de termijn is verstreken")
                if s.escalated_at
                else _("Nieuw signaal (%(kind)s) voor de analysefunctie")
            )
            % {"kind": s.get_kind_display().lower()},
            url=reverse("signals:detail", args=[s.pk]),
            deadline=s.triage_deadline,
            priority=s.escalated_at is not None,
        )
        for s in rows
    ]


def counts(user: Any) -> list[WorkCount]:
    """How many signals wait for triage (within need-to-know), for those who triage."""
    if not rules.sees_queue(user) or not engine.can(user, Resource.SIGNAL, Action.CHANGE):
        return []
    n = selectors.queue_counts(user, now=timezone.now())["new"]
    label = ngettext("signaal te beoordelen", "signalen te beoordelen", n)
    return [WorkCount(label, n, reverse("signals:queue"), order=10)]


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
