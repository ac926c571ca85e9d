"""Triage: one analyst's decision on a signal (link to a case, dismiss with a reason, or
mark triaged with a note). A second, concurrent decision is refused, never silently applied
on top; a signal linked to an active case advises re-assessment."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.errors import (
    ConcurrencyConflict,
    InvalidParam,
    NotPermitted,
    ValidationFailed,
)
from weerstand.policy import engine
from weerstand.policy.table import Action
from weerstand.signals import rules
from weerstand.signals.models import Credibility, Reliability, Signal, SignalStatus
from weerstand.signals.services.common import MAX_TEXT, AlreadyTriaged
from weerstand.signals.services.reporting import advise, open_review


class Decision:
    LINK = "link"
    DISMISS = "dismiss"
    TRIAGE = "triage"
    ALL = (LINK, DISMISS, TRIAGE)


_TARGET = {
    Decision.LINK: SignalStatus.LINKED,
    Decision.DISMISS: SignalStatus.DISMISSED,
    Decision.TRIAGE: SignalStatus.TRIAGED,
}


def _validate_triage(decision: str, note: str, reliability: str, credibility: int | None) -> str:
    if decision not in Decision.ALL:
        raise ValidationFailed(
            "Onbekende beslissing.",
            invalid_params=[InvalidParam("decision", "invalid-choice", "link/dismiss/triage.")],
        )
    note = (note or "").strip()
    if decision in (Decision.DISMISS, Decision.TRIAGE) and len(note) < 5:
        raise ValidationFailed(
            "Een toelichting is verplicht (minimaal 5 tekens).",
            invalid_params=[InvalidParam("note", "required", "Geef een toelichting.")],
        )
    if len(note) > MAX_TEXT:
        raise ValidationFailed(
            "De toelichting is te lang.",
            invalid_params=[InvalidParam("note", "too-long", f"Hoogstens {MAX_TEXT} tekens.")],
        )
    if reliability and reliability not in Reliability.values:
        raise ValidationFailed(
            "Onbekende betrouwbaarheid.",
            invalid_params=[InvalidParam("reliability", "invalid-choice", "Kies A tot en met F.")],
        )
    if credibility is not None and credibility not in Credibility.values:
        raise ValidationFailed(
            "Onbekende geloofwaardigheid.",
            invalid_params=[InvalidParam("credibility", "invalid-choice", "Kies 1 tot en met 6.")],
        )
    return note


def triage_signal(
    actor: Any,
    signal_id: int,
    *,
    decision: str,
    note: str = "",
    case_id: int | None = None,
    reliability: str = "",
    credibility: int | None = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Signal:
    """One analyst's decision on a signal: link to a case, dismiss (with reason) or mark
    triaged (with a note). A new signal can be decided once; a triaged one can still be
    linked to a case later. Concurrent decisions: the first wins, the second gets 409."""
    engine.require_principal(actor)
    now = now or timezone.now()
    with transaction.atomic():
        signal = engine.get_for(
            Signal.objects.select_for_update(of=("self",)), actor, Action.VIEW, pk=signal_id
        )
        if not rules.may_triage(actor, signal):
            raise NotPermitted("Alleen de dreigingsanalysefunctie beoordeelt signalen.")
        note = _validate_triage(decision, note, reliability, credibility)
        decidable = signal.status == SignalStatus.NEW or (
            signal.status == SignalStatus.TRIAGED and decision == Decision.LINK
        )
        if not decidable:
            by = signal.triaged_by.display_name if signal.triaged_by else "een collega"
            when = timezone.localtime(signal.triaged_at).strftime("%d-%m-%Y %H:%M")
            raise AlreadyTriaged(
                f"Dit signaal is al beoordeeld door {by} op {when} "
                f"({signal.get_status_display()}). Er is niets veranderd."
            )
        if expected_version is not None and expected_version != signal.version:
            raise ConcurrencyConflict(
                f"Versie {expected_version} is verouderd; de huidige versie is {signal.version}."
            )
        case = None
        if decision == Decision.LINK:
            case = _case_for_link(actor, case_id)
        updates: dict[str, Any] = {
            "status": _TARGET[decision],
            "triaged_at": now,
            "triaged_by": actor,
        }
        if note:
            updates["triage_note"] = note
        if case is not None:
            updates["case"] = case
        if reliability:
            updates["reliability"] = reliability
        if credibility is not None:
            updates["credibility"] = credibility
        before = {
            "status": signal.status,
            "case": signal.case_id,
            "triage_note": signal.triage_note,
            "reliability": signal.reliability,
            "credibility": signal.credibility,
        }
        changed = Signal.objects.filter(pk=signal.pk, version=signal.version).update(
            version=F("version") + 1, **updates
        )
        if changed != 1:  # cannot happen under the row lock; refuse rather than guess
            raise AlreadyTriaged("Dit signaal is intussen door iemand anders beoordeeld.")
        signal.refresh_from_db()
        after = {
            "status": signal.status,
            "case": signal.case_id,
            "triage_note": signal.triage_note,
            "reliability": signal.reliability,
            "credibility": signal.credibility,
        }
        audit.record(
            AuditAction.UPDATE,
            signal,
            changes=audit.field_changes(before, after, secret_fields={"triage_note"}),
            reason=f"beoordeling: {decision}",
            actor=actor,
        )
        if case is not None:
            advise(case, signal, actor, reason=f"Signaal {signal.reference} gekoppeld")
        open_review(signal)  # an incident's review follows the signal to its case
    return signal


def _case_for_link(actor: Any, case_id: int | None) -> Any:
    from weerstand.cases.models import Case

    if case_id is None:
        raise ValidationFailed(
            "Kies de casus waaraan het signaal wordt gekoppeld.",
            invalid_params=[InvalidParam("case", "required", "Kies een casus.")],
        )
    try:
        return engine.get_for(Case.objects.all(), actor, Action.VIEW, pk=case_id)
    except Http404 as exc:
        raise ValidationFailed(
            "Deze casus bestaat niet of u mag hem niet zien.",
            invalid_params=[InvalidParam("case", "does-not-exist", "Onbekende casus.")],
        ) from exc
