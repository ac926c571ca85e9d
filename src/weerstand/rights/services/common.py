"""What the rights services share: the Awb periods, small checks, and who is told (not part
of the public surface)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from weerstand.core.errors import ConcurrencyConflict, InvalidParam, ValidationFailed
from weerstand.rights.models import Objection

# Awb: six weeks to object (6:7), six weeks to decide after that period (7:10), once
# extendable by six weeks.
OBJECTION_PERIOD = timedelta(weeks=6)
DECISION_PERIOD = timedelta(weeks=6)
EXTENSION = timedelta(weeks=6)
MIN_REASON = 20


def require_text(value: str, name: str, message: str, minimum: int = 5) -> str:
    value = (value or "").strip()
    if len(value) < minimum:
        raise ValidationFailed(message, invalid_params=[InvalidParam(name, "required", message)])
    return value


def check_version(expected: int | None, current: int) -> None:
    if expected is not None and expected != current:
        raise ConcurrencyConflict(
            f"Versie {expected} is verouderd; de huidige versie is {current}."
        )


def letter_date(decision: Any) -> date:
    """The date on the letter: the day the decision was approved, or taken (no four-eyes)."""
    moment = decision.approved_at or decision.decided_at
    return timezone.localdate(moment)


def objection_deadline(decision: Any) -> date:
    return letter_date(decision) + OBJECTION_PERIOD


def _users_with_role(role: str) -> QuerySet:
    from weerstand.accounts.models import User

    return User.objects.filter(role_assignments__role=role, is_active=True).distinct()


def appeal_officers_for(objection: Objection) -> list[Any]:
    """Appeal officers who may see this objection (a restricting compartment binds them too),
    so an alert never names an objection to someone who cannot open it."""
    return [
        u
        for u in _users_with_role("appeal_officer")
        if Objection.objects.visible_to(u).filter(pk=objection.pk).exists()
    ]


def case_decision_makers(case_id: int) -> QuerySet:
    """Decision-makers in the case team: those who take the new decision after an objection."""
    from weerstand.accounts.models import User

    return User.objects.filter(
        is_active=True,
        role_assignments__role="decision_maker",
        memberships__compartment__team_case=case_id,
    ).distinct()


def alert(recipients: Any, message: str, case_id: int | None) -> int:
    from weerstand.policy.models import Alert

    rows = [Alert(recipient=u, case_id=case_id, message=message) for u in recipients]
    Alert.objects.bulk_create(rows)
    return len(rows)


def case_owners(case_id: int) -> QuerySet:
    """The owners of the case team: they follow up what the employer must do."""
    from weerstand.accounts.models import User

    return User.objects.filter(
        is_active=True,
        memberships__compartment__team_case=case_id,
        memberships__function="owner",
    ).distinct()
