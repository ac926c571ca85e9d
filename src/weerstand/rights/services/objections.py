"""Objections to the independent appeal body (Awb): lodged by the protectee in the portal or
recorded on paper by the case team, late ones accepted and marked; taken in treatment,
extended once, decided. A founded objection sends the case back to the authority."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.errors import InvalidParam, InvalidTransition, NotPermitted, ValidationFailed
from weerstand.core.references import next_reference
from weerstand.policy import engine
from weerstand.policy.table import Action
from weerstand.rights import rules
from weerstand.rights.models import (
    NEW_DECISION_OUTCOMES,
    OPEN_STATUSES,
    Objection,
    ObjectionChannel,
    ObjectionOutcome,
    ObjectionStatus,
)
from weerstand.rights.services.common import (
    DECISION_PERIOD,
    EXTENSION,
    MIN_REASON,
    OBJECTION_PERIOD,
    alert,
    appeal_officers_for,
    case_decision_makers,
    check_version,
    letter_date,
    require_text,
)


@dataclass
class ObjectionData:
    grounds: str
    lateness_reason: str = ""
    # Only for an objection received on paper and recorded by the case team:
    objector_name: str = ""
    received_on: date | None = None


def _decision_for_objection(actor: Any, decision_id: int) -> tuple[Any, str]:
    """The decision and the channel: the protectee through the portal (own letter), or a
    case-team member recording a paper objection (team scope on the case)."""
    if not rules.may_lodge_objections(actor):
        raise NotPermitted("U mag geen bezwaar registreren.")
    decision = rules.get_objection_decision(actor, decision_id)
    if decision.status not in rules.LETTER_STATUSES:
        raise InvalidTransition("Tegen een besluit dat nog niet is genomen kan geen bezwaar.")
    channel = rules.objection_channel(actor, decision)
    if channel is None:
        raise NotPermitted("U mag voor dit besluit geen bezwaar registreren.")
    return decision, channel


def lodge_objection(actor: Any, decision_id: int, data: ObjectionData) -> Objection:
    """Register an objection. Late ones are accepted and marked late (Awb 6:11: the appeal
    body judges whether the lateness is excusable); the deadline to decide starts when the
    objection period ends, or on receipt when that is later."""
    engine.require_principal(actor)
    grounds = require_text(
        data.grounds, "grounds", "Schrijf op waarom u het niet eens bent met het besluit.", 10
    )
    today = timezone.localdate()
    with transaction.atomic():
        decision, channel = _decision_for_objection(actor, decision_id)
        if channel == ObjectionChannel.PAPER:
            name = require_text(data.objector_name, "objector_name", "Wie maakt bezwaar?", 2)
            received = data.received_on or today
            if received > today:
                raise ValidationFailed(
                    "De ontvangstdatum ligt in de toekomst.",
                    invalid_params=[InvalidParam("received_on", "future", "Niet na vandaag.")],
                )
        else:
            name = actor.display_name
            received = today
            if Objection.objects.filter(
                decision=decision, lodged_by=actor, status__in=OPEN_STATUSES
            ).exists():
                raise InvalidTransition("U hebt al bezwaar gemaakt tegen dit besluit.")
        written = letter_date(decision)
        if received < written:
            raise ValidationFailed(
                "De ontvangstdatum ligt vóór de datum van de besluitbrief.",
                invalid_params=[InvalidParam("received_on", "too-early", "Na de briefdatum.")],
            )
        period_end = written + OBJECTION_PERIOD
        late = received > period_end
        objection = Objection.objects.create(
            reference=next_reference(Objection, "BZ", 4, year=timezone.localdate().year),
            decision=decision,
            case_id=decision.case_id,
            lodged_by=actor,
            objector_name=name,
            objector_person_id=(
                actor.person_id
                if channel == ObjectionChannel.PORTAL
                else decision.case.protectee_id
            ),
            channel=channel,
            received_on=received,
            grounds=grounds,
            letter_date=written,
            objection_period_ends=period_end,
            is_late=late,
            lateness_reason=(data.lateness_reason or "").strip() if late else "",
            deadline=max(period_end, received) + DECISION_PERIOD,
        )
        audit.record(
            AuditAction.CREATE,
            objection,
            changes={
                "decision": [None, decision.reference],
                "channel": [None, channel],
                "is_late": [None, late],
                "grounds": [None, "…"],
            },
            actor=actor,
        )
        officers = appeal_officers_for(objection)
        alert(
            officers,
            f"Nieuw bezwaar {objection.reference} ontvangen"
            f"{' (te laat ingediend)' if late else ''}. "
            f"Beslissen uiterlijk op {objection.deadline:%d-%m-%Y}.",
            None,
        )
        unseen = (
            ""
            if officers
            else " Let op: geen bezwaarbehandelaar kan dit bezwaar zien (afgeschermde casus); "
            "voeg een behandelaar toe aan het compartiment."
        )
        alert(
            case_decision_makers(decision.case_id),
            f"Bezwaar {objection.reference} tegen besluit {decision.reference} is ingediend en "
            f"gaat naar de onafhankelijke bezwaarcommissie.{unseen}",
            decision.case_id,
        )
    return objection


def _get_for_change(actor: Any, objection_id: int) -> Objection:
    engine.require_principal(actor)
    return engine.get_for(
        Objection.objects.select_for_update(), actor, Action.CHANGE, pk=objection_id
    )


def take_in_treatment(actor: Any, objection_id: int) -> Objection:
    with transaction.atomic():
        objection = _get_for_change(actor, objection_id)
        if objection.status != ObjectionStatus.RECEIVED:
            raise InvalidTransition("Dit bezwaar is al in behandeling of beslist.")
        Objection.objects.filter(pk=objection.pk).update(
            status=ObjectionStatus.IN_TREATMENT, version=F("version") + 1
        )
        objection.refresh_from_db()
        audit.record(
            AuditAction.TRANSITION,
            objection,
            changes={"status": [ObjectionStatus.RECEIVED, ObjectionStatus.IN_TREATMENT]},
            actor=actor,
        )
    return objection


def extend_objection(
    actor: Any, objection_id: int, *, reason: str, expected_version: int | None = None
) -> Objection:
    """Extend the decision period once by six weeks, with a reason (Awb 7:10 lid 3)."""
    reason = require_text(reason, "reason", "Geef de reden van de verdaging.", MIN_REASON)
    with transaction.atomic():
        objection = _get_for_change(actor, objection_id)
        check_version(expected_version, objection.version)
        if not objection.is_open:
            raise InvalidTransition("Op dit bezwaar is al beslist.")
        if objection.extended_until is not None:
            raise InvalidTransition("De beslistermijn is al eens verdaagd; dat kan maar één keer.")
        until = objection.deadline + EXTENSION
        Objection.objects.filter(pk=objection.pk).update(
            extended_until=until,
            extension_reason=reason,
            escalated_at=None,  # a new due date: escalate again if this one is missed too
            version=F("version") + 1,
        )
        objection.refresh_from_db()
        audit.record(
            AuditAction.UPDATE,
            objection,
            changes={"extended_until": [None, str(until)]},
            reason=reason,
            actor=actor,
        )
    return objection


def decide_objection(
    actor: Any,
    objection_id: int,
    *,
    outcome: str,
    reasoning: str,
    expected_version: int | None = None,
) -> Objection:
    """The appeal body's outcome. Founded or partly founded means the authority must decide
    again (through the normal decision flow); its decision-makers are alerted."""
    if outcome not in ObjectionOutcome.values:
        raise ValidationFailed(
            "Kies ongegrond, gegrond of gedeeltelijk gegrond.",
            invalid_params=[InvalidParam("outcome", "invalid-choice", "Onbekende uitkomst.")],
        )
    reasoning = require_text(
        reasoning, "reasoning", "Motiveer de uitkomst van het bezwaar.", MIN_REASON
    )
    with transaction.atomic():
        objection = _get_for_change(actor, objection_id)
        check_version(expected_version, objection.version)
        if not objection.is_open:
            raise InvalidTransition("Op dit bezwaar is al beslist.")
        before = objection.status
        new_decision = outcome in NEW_DECISION_OUTCOMES
        now = timezone.now()
        Objection.objects.filter(pk=objection.pk).update(
            status=ObjectionStatus.DECIDED,
            outcome=outcome,
            outcome_reasoning=reasoning,
            decided_by=actor,
            decided_at=now,
            requires_new_decision=new_decision,
            version=F("version") + 1,
        )
        objection.refresh_from_db()
        audit.record(
            AuditAction.TRANSITION,
            objection,
            changes={
                "status": [before, ObjectionStatus.DECIDED],
                "outcome": [None, outcome],
                "requires_new_decision": [False, new_decision],
            },
            actor=actor,
        )
        label = ObjectionOutcome(outcome).label
        if new_decision:
            alert(
                case_decision_makers(objection.case_id),
                f"Bezwaar {objection.reference} is {str(label).lower()} verklaard. Neem een "
                f"nieuw besluit in plaats van besluit {objection.decision.reference}.",
                objection.case_id,
            )
        if objection.lodged_by_id and objection.channel == ObjectionChannel.PORTAL:
            from weerstand.accounts.models import User

            # The portal names the objection by its date, never by its reference.
            with translation.override("nl"):
                received = date_format(objection.received_on, "j F Y")
            alert(
                User.objects.filter(pk=objection.lodged_by_id, is_active=True),
                f"Er is beslist op uw bezwaar van {received}: "
                f"{str(label).lower()}. Lees de uitleg in het portaal.",
                None,
            )
    return objection
