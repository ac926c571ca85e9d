"""Escalation of signals left lying past their triage deadline: done by the system, exactly
once per signal, and told only to those who may see the signal (senior analysts, else
analysts; failing those, the case's compartment members learn that an analyst is needed)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from weerstand.accounts.roles import Role
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core import context
from weerstand.signals.models import Signal
from weerstand.signals.selectors import overdue


def _recipients(signal: Signal, candidates: Iterable[Any]) -> list[Any]:
    """Only those who may see the signal are told about it (the alert names it)."""
    return [u for u in candidates if Signal.objects.visible_to(u).filter(pk=signal.pk).exists()]


def _users_with(*roles: str) -> list[Any]:
    from weerstand.accounts.models import User

    return list(
        User.objects.filter(is_active=True, role_assignments__role__in=roles)
        .distinct()
        .order_by("pk")
    )


def system_context() -> Any:
    """Escalation is done by the system, also when a page view triggers it lazily: the audit
    record names "systeem" (with the triggering request's id), not the reader of the page."""
    ctx = context.current()
    return context.use(context.RequestContext(request_id=ctx.request_id, channel="system"))


def _compartment_people(signal: Signal) -> list[Any]:
    """Members of the case's restricting compartment and case team (for the last resort)."""
    from weerstand.accounts.models import User
    from weerstand.cases.models import Case

    if signal.case_id is None:
        return []
    case = Case.objects.filter(pk=signal.case_id).values("team_id", "restricted_compartment_id")
    row = case.first()
    if row is None:
        return []
    compartments = [c for c in (row["restricted_compartment_id"], row["team_id"]) if c]
    return list(
        User.objects.filter(is_active=True, memberships__compartment__in=compartments)
        .distinct()
        .order_by("pk")
    )


def _alert_compartment(signal: Signal, now: datetime) -> list[Any]:
    """Last resort: no analyst may see the signal (a compartment without an analyst in it).
    Those in the case's compartments who may see the case are told that the case has an
    untriaged signal and that an analyst must be added; neither its content nor reference."""
    from weerstand.cases.models import Case
    from weerstand.policy.models import Alert

    case_id = signal.case_id
    if case_id is None:  # a signal without a case has no compartment to turn to
        return []
    people = [
        u
        for u in _compartment_people(signal)
        if Case.objects.visible_to(u).filter(pk=case_id).exists()
    ]
    if not people:
        return []
    reference = Case.objects.filter(pk=case_id).values_list("reference", flat=True)[0]
    for user in people:
        Alert.objects.create(
            recipient=user,
            case=None,
            message=(
                f"Over casus {reference} is een signaal binnengekomen dat niemand van de "
                "dreigingsanalysefunctie mag inzien: er zit geen analist in het compartiment. "
                "Voeg een analist toe zodat het signaal beoordeeld kan worden."
            ),
            created_at=now,
        )
    return people


def escalate_overdue_signals(*, now: datetime | None = None) -> list[Signal]:
    """Mark every overdue, not yet escalated signal as escalated and alert senior analysts
    (or, when none may see the signal, the analysts who may; failing those, the case's
    compartment members are told to add an analyst). Idempotent: a signal is escalated once;
    running again changes and sends nothing."""
    from weerstand.policy.models import Alert

    now = now or timezone.now()
    done: list[Signal] = []
    with system_context(), transaction.atomic():
        due = list(
            overdue(Signal.objects.select_for_update(of=("self",)), now)
            .filter(escalated_at__isnull=True)
            .order_by("triage_deadline", "pk")
        )
        if not due:
            return done
        seniors = _users_with(Role.SENIOR_ANALYST)
        analysts = _users_with(Role.ANALYST)
        for signal in due:
            if (
                Signal.objects.filter(pk=signal.pk, escalated_at__isnull=True).update(
                    escalated_at=now
                )
                != 1
            ):
                continue
            signal.escalated_at = now
            recipients = _recipients(signal, seniors) or _recipients(signal, analysts)
            deadline = timezone.localtime(signal.triage_deadline).strftime("%d-%m-%Y %H:%M")
            for user in recipients:
                Alert.objects.create(
                    recipient=user,
                    case=None,
                    message=(
                        f"Signaal {signal.reference} ({signal.get_kind_display().lower()}) is "
                        f"niet beoordeeld vóór de termijn ({deadline}). Beoordeel het nu."
                    ),
                    created_at=now,
                )
            if not recipients:
                recipients = _alert_compartment(signal, now)
            audit.record(
                AuditAction.UPDATE,
                signal,
                changes={"escalated_at": [None, now.isoformat()], "alerts": len(recipients)},
                reason="termijn voor beoordeling verstreken",
                actor=None,
            )
            done.append(signal)
    return done
