"""Replies of the local authorities to the measures that touch their powers.

A notice of a new measure (camera surveillance, a mayor's area measure, ...) asks the mayor or
chief prosecutor for a reply: agreed, declined (with a reason) or a question. The recipient
organisation replies once per notice; a changed measure arrives as a new notice, and only a
notice that asks for a reply takes one (`RESPONSE_KINDS`). The reply is written on the case
timeline and audited in the same transaction; a decline or a question alerts the case owner and
the decision-makers of the case team. Nothing of the case goes back to the local authority.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases.models import Case, CaseEvent
from weerstand.core.errors import (
    ConcurrencyConflict,
    InvalidParam,
    InvalidTransition,
    NotPermitted,
    ValidationFailed,
)
from weerstand.decisions.models import LocalNotification, NotificationResponse
from weerstand.decisions.rules import response_refusal
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource

R = NotificationResponse
MIN_RESPONSE_REASON = 10
MAX_RESPONSE_REASON = 2000
ANSWERS = (R.AGREED, R.DECLINED, R.NEEDS_INFORMATION)
# A decline needs its reason and a request for information its question.
NEEDS_TEXT = {R.DECLINED: "reden", R.NEEDS_INFORMATION: "vraag"}
EVENT_KINDS = {
    R.AGREED: "local_measure_agreed",
    R.DECLINED: "local_measure_declined",
    R.NEEDS_INFORMATION: "local_measure_question",
}


def _validate(response: str, reason: str) -> str:
    if response not in ANSWERS:
        raise ValidationFailed(
            "Kies akkoord, niet akkoord of een vraag om informatie.",
            invalid_params=[InvalidParam("response", "invalid-choice", "Onbekende reactie.")],
        )
    reason = (reason or "").strip()
    what = NEEDS_TEXT.get(R(response))
    if what and len(reason) < MIN_RESPONSE_REASON:
        raise ValidationFailed(
            f"Geef een {what} van minimaal {MIN_RESPONSE_REASON} tekens.",
            invalid_params=[InvalidParam("reason", "required", f"Geef een {what}.")],
        )
    if len(reason) > MAX_RESPONSE_REASON:
        raise ValidationFailed(
            f"De toelichting is te lang (maximaal {MAX_RESPONSE_REASON} tekens).",
            invalid_params=[InvalidParam("reason", "max-length", "Te lang.")],
        )
    return reason


def respond_to_notification(
    actor: Any,
    notification_id: int,
    *,
    response: str,
    reason: str = "",
    expected_version: int | None = None,
) -> LocalNotification:
    """The recipient organisation's reply to a notice of a new measure, once."""
    engine.require_principal(actor)
    if not engine.can(actor, Resource.LOCAL_NOTIFICATION, Action.CHANGE):
        raise NotPermitted("Alleen het lokaal gezag reageert op een bericht over een maatregel.")
    reason = _validate(response, reason)
    with transaction.atomic():
        n = engine.get_for(
            LocalNotification.objects.select_for_update(of=("self",)).select_related("recipient"),
            actor,
            Action.CHANGE,
            pk=notification_id,
        )
        refusal = response_refusal(actor, n)
        if refusal:
            raise NotPermitted(refusal)
        if expected_version is not None and expected_version != n.version:
            raise ConcurrencyConflict(
                f"Versie {expected_version} is verouderd; de huidige versie is {n.version}."
            )
        if n.response != R.PENDING:
            raise InvalidTransition(
                "Op dit bericht is al gereageerd; een gewijzigde maatregel komt als nieuw "
                "bericht, met een eigen reactie."
            )
        LocalNotification.objects.filter(pk=n.pk).update(
            response=response,
            response_reason=reason,
            responded_at=timezone.now(),
            responded_by=actor,
            version=F("version") + 1,
        )
        n.refresh_from_db()
        # The case is reached through the notice's own assignment: a system step on behalf of
        # the recipient, who never sees the case (only its timeline and its team hear back).
        case = Case.objects.get(assignments=n.source_assignment_id)
        label = n.get_response_display().lower()
        text = f"{n.recipient.name} over {n.measure_name} (vanaf {n.starts_on:%d-%m-%Y}): {label}"
        CaseEvent.objects.create(
            case=case,
            actor=actor,
            actor_name=actor.display_name,
            kind=EVENT_KINDS[R(response)],
            reason=f"{text}. {reason}".strip() if reason else f"{text}.",
        )
        audit.record(
            AuditAction.TRANSITION,
            n,
            changes={"response": [R.PENDING, response]},
            reason=reason or label,
            actor=actor,
        )
        if response in NEEDS_TEXT:
            _alert_team(case, f"{text}, in casus {case.reference}: {reason}")
    return n


def _alert_team(case: Case, message: str) -> None:
    """The case owner and the case team's decision-makers (their alerts are tied to the case,
    so they are re-checked against it when read)."""
    from weerstand.policy.models import Alert, CompartmentMembership

    seen: set[int] = set()
    for m in (
        CompartmentMembership.objects.filter(compartment=case.team_id)
        .select_related("user")
        .order_by("pk")
    ):
        user = m.user
        if user.pk in seen or not user.is_active:
            continue
        if m.function == "owner" or user.has_role("decision_maker"):
            seen.add(user.pk)
            Alert.objects.create(recipient=user, case=case, message=message)
