"""Read models of the signals app: the queue, a reporter's own signals, a case's signals, the
counts on the start page, and the cases a signal may name.

Pages, panels and the API all ask these, so a list is assembled once and the API never
imports a view. Every row comes through `visible_to(user)` (the same rule as the queue), so a
count never counts what its reader may not see. Nothing here writes; the callers record the
read in the audit trail. Whether a user may act is asked of `signals.rules`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from weerstand.cases.models import Case
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource
from weerstand.signals.models import Signal, SignalEntity, SignalStatus


def overdue[S: QuerySet[Signal]](qs: S, now: datetime | None = None) -> S:
    """New signals past their triage deadline (apply to an already scoped queryset)."""
    return qs.filter(status=SignalStatus.NEW, triage_deadline__lt=now or timezone.now())


def signal_for(user: Any, pk: int) -> Signal:
    """One signal with its reporter and triager; 404 for hidden and absent alike."""
    return engine.get_for(
        Signal.objects.select_related("reported_by", "triaged_by"), user, Action.VIEW, pk=pk
    )


def queue(user: Any, choice: str, now: datetime) -> QuerySet[Signal]:
    """The analysis queue by deadline: new signals (""), overdue ones, one status, or all."""
    qs = Signal.objects.visible_to(user, Action.VIEW).select_related("reported_by")
    if choice == "":
        qs = qs.filter(status=SignalStatus.NEW)
    elif choice == "overdue":
        qs = overdue(qs, now)
    elif choice != "all":
        qs = qs.filter(status=choice)
    return qs.order_by("triage_deadline", "pk")


def filter_signals(
    qs: QuerySet, user: Any, filters: Mapping[str, Any], now: datetime | None = None
) -> QuerySet:
    """The API list's filters: status, overdue, case, and the caller's own reports."""
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("overdue"):
        qs = overdue(qs, now or timezone.now())
    if filters.get("case"):
        qs = qs.filter(case=filters["case"])
    if filters.get("mine"):
        qs = qs.filter(reported_by=user.pk)
    return qs


def queue_counts(user: Any, *, now: datetime | None = None) -> dict[str, int]:
    """Counts for the start page, within need-to-know (the same rule as the queue)."""
    now = now or timezone.now()
    visible = Signal.objects.visible_to(user, Action.VIEW)
    new = visible.filter(status=SignalStatus.NEW)
    return {
        "new": new.count(),
        "overdue": overdue(visible, now).count(),
        "escalated": overdue(visible, now).filter(escalated_at__isnull=False).count(),
    }


def overdue_signals(user: Any, now: datetime, limit: int) -> list[Signal]:
    """The most overdue signals the user may see (the start-page panel)."""
    visible = Signal.objects.visible_to(user, Action.VIEW)
    return list(overdue(visible, now).order_by("triage_deadline", "pk")[:limit])


def own_signals(user: Any) -> QuerySet[Signal]:
    """The signals the user reported, newest first (what became of them, never the note)."""
    return (
        Signal.objects.visible_to(user, Action.VIEW)
        .filter(reported_by=user.pk)
        .order_by("-created_at", "-pk")
    )


def case_signals(user: Any, case: Any, limit: int = 50) -> list[Signal]:
    """Signals about one case, as far as the reader may see them."""
    return list(
        Signal.objects.visible_to(user, Action.VIEW)
        .filter(case=case.pk)
        .order_by("-created_at", "-pk")[:limit]
    )


def visible_case_ids(user: Any, signals: Iterable[Signal]) -> set[int]:
    """Of the cases these signals name, those the user may see (the others stay unnamed)."""
    ids = {s.case_id for s in signals if s.case_id}
    return set(
        Case.objects.visible_to(user, Action.VIEW).filter(pk__in=ids).values_list("pk", flat=True)
    )


def signal_case(user: Any, signal: Signal) -> Case | None:
    """The signal's case when the user may see it, else None."""
    if not signal.case_id:
        return None
    return Case.objects.visible_to(user, Action.VIEW).filter(pk=signal.case_id).first()


def signal_entities(user: Any, signal: Signal) -> list[SignalEntity]:
    return list(
        SignalEntity.objects.visible_to(user, Action.VIEW)
        .filter(signal=signal.pk)
        .select_related("entity")
    )


def reportable_cases(user: Any) -> QuerySet:
    """Cases an officer may name in a signal (or link it to): exactly the cases they may view."""
    if not engine.can(user, Resource.CASE, Action.VIEW):
        return Case.objects.none()
    return Case.objects.visible_to(user, Action.VIEW).order_by("-referred_at", "-pk")
