"""Read models of the cases app that more than one way in needs.

`classification_floor` and `recalibration_limit` are what the case services measure a change
against (the same for page, API, command and demo). They read unscoped on purpose: a floor must
count what the actor may not see, or hiding a product would lower the bar. Only a level or a
date leaves them, never a row; `classification_changes` is the policy-scoped list for pages.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Max, Q, QuerySet

from weerstand.cases.models import Case, ClassificationChange
from weerstand.core.extensions import classification_floors, recalibration_limits
from weerstand.policy import engine
from weerstand.policy.table import Action
from weerstand.registry.models import Person


def classification_floor(case: Case) -> int:
    """The lowest classification the case may have: the highest of everything linked to it
    (its persons here; threat products, signals and picture versions from their apps)."""
    persons = Person.objects.filter(Q(pk=case.protectee_id) | Q(cases__case=case.pk))
    levels = [persons.aggregate(top=Max("classification"))["top"]]
    levels.extend(floor(case) for floor in classification_floors())
    return max((int(level) for level in levels if level is not None), default=0)


def recalibration_limit(case: Case) -> date | None:
    """The latest next recalibration the rules allow for the case (derived from the threat
    level by the assessments app), or None when no app sets one."""
    limits = [limit for fn in recalibration_limits() if (limit := fn(case)) is not None]
    return min(limits, default=None)


def classification_changes(user: Any, case: Case) -> QuerySet[ClassificationChange]:
    """The requests to lower the case's classification, as the user may see them."""
    return (
        engine.scope(ClassificationChange.objects.all(), user, Action.VIEW)
        .filter(case=case.pk)
        .order_by("-requested_at", "-pk")
    )


def portal_account_states(person_ids: list[int]) -> dict[int, str]:
    """Per linked person: 'active' (a portal account with a role) or 'pending' (a request
    waits for a second person), for the case team that asks accounts (no account: absent)."""
    from weerstand.accounts.models import AccessChangeRequest, AccessChangeStatus, User

    states: dict[int, str] = {}
    pending = AccessChangeRequest.objects.filter(
        target__person__in=person_ids, status=AccessChangeStatus.PENDING
    ).values_list("target__person_id", flat=True)
    for pid in pending:
        states[pid] = "pending"
    active = User.objects.filter(
        person__in=person_ids, is_active=True, role_assignments__isnull=False
    ).values_list("person_id", flat=True)
    for pid in active:
        states[pid] = "active"
    return states
