"""Four eyes: a second decision-maker approves or rejects a decision before it takes effect.

Four-eyes rule: a second decision-maker (not the one who decided) approves `start`, `stop`,
`scale_down` and an `adjust` that changes the required resistance (up: an upgrade; down: a
scale-down in effect) before it takes effect. `continue` and an `adjust` at the same level take
effect without a second pair of eyes: they keep the protection at the level already approved.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.errors import (
    ConcurrencyConflict,
    InvalidParam,
    InvalidTransition,
    NotPermitted,
    ValidationFailed,
)
from weerstand.decisions.models import Decision, DecisionStatus
from weerstand.decisions.rules import approval_refusal, may_approve
from weerstand.decisions.selectors import live_decision
from weerstand.decisions.services.common import T
from weerstand.decisions.services.execution import _schedule, apply_decisions
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource

# Types that always wait for a second decision-maker; `adjust` waits when the level changes,
# `continue` never. A new type of decision joins the tuple or gets its own branch below.
ALWAYS_FOUR_EYES = (T.DESIGNATE, T.REFUSE, T.START, T.NO_MEASURES, T.STOP, T.SCALE_DOWN)


def needs_four_eyes(decision_type: str, level: int | None, previous: Decision | None) -> bool:
    """See the module docstring for the rule."""
    if decision_type in ALWAYS_FOUR_EYES:
        return True
    if decision_type == T.ADJUST:
        return previous is None or level != previous.required_resistance
    return False  # continue


def _get_for_change(actor: Any, decision_id: int) -> Decision:
    engine.require_principal(actor)
    if not engine.can(actor, Resource.DECISION, Action.CHANGE):
        raise NotPermitted("U mag geen besluiten accorderen.")
    return engine.get_for(
        Decision.objects.select_for_update(of=("self",)).select_related("case", "assessment"),
        actor,
        Action.CHANGE,
        pk=decision_id,
    )


def approve_decision(
    actor: Any, decision_id: int, *, note: str = "", expected_version: int | None = None
) -> Decision:
    """The second decision-maker approves; the decision then takes effect on its date."""
    with transaction.atomic():
        decision = _get_for_change(actor, decision_id)
        _check_second_pair(actor, decision, expected_version)
        previous = live_decision(decision.case_id)
        if (previous.pk if previous else None) != decision.supersedes_id:
            raise InvalidTransition(
                "Het besluit dat dit besluit vervangt is intussen gewijzigd; neem opnieuw een "
                "besluit."
            )
        Decision.objects.filter(pk=decision.pk).update(
            status=DecisionStatus.APPROVED,
            approved_by=actor,
            approved_at=timezone.now(),
            version=F("version") + 1,
        )
        decision.refresh_from_db()
        audit.record(
            AuditAction.TRANSITION,
            decision,
            changes={"status": [DecisionStatus.AWAITING_APPROVAL, DecisionStatus.APPROVED]},
            reason=note or "geaccordeerd (vier ogen)",
            actor=actor,
        )
        _schedule(decision, actor)
    if decision.effective_date <= timezone.localdate():
        apply_decisions(timezone.localdate(), only=decision.pk)
    decision.refresh_from_db()
    return decision


def reject_decision(
    actor: Any, decision_id: int, *, reason: str, expected_version: int | None = None
) -> Decision:
    """The second decision-maker refuses, with a reason; nothing changes in the execution."""
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationFailed(
            "Geef de reden van de afwijzing.",
            invalid_params=[InvalidParam("reason", "required", "Minimaal 10 tekens.")],
        )
    with transaction.atomic():
        decision = _get_for_change(actor, decision_id)
        _check_second_pair(actor, decision, expected_version)
        Decision.objects.filter(pk=decision.pk).update(
            status=DecisionStatus.REJECTED,
            rejected_by=actor,
            rejected_at=timezone.now(),
            rejection_reason=reason,
            version=F("version") + 1,
        )
        decision.refresh_from_db()
        audit.record(
            AuditAction.TRANSITION,
            decision,
            changes={"status": [DecisionStatus.AWAITING_APPROVAL, DecisionStatus.REJECTED]},
            reason=reason,
            actor=actor,
        )
    return decision


def _check_second_pair(actor: Any, decision: Decision, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != decision.version:
        raise ConcurrencyConflict(
            f"Versie {expected_version} is verouderd; de huidige versie is {decision.version}."
        )
    if decision.status != DecisionStatus.AWAITING_APPROVAL:
        raise InvalidTransition("Dit besluit wacht niet (meer) op accordering.")
    refusal = approval_refusal(actor, decision)
    if refusal:
        raise NotPermitted(refusal)


# The old name of `may_approve` (for buttons only; the service checks again).
can_approve = may_approve
