"""Small pieces every service module of the threat picture shares: the case states it works
in, the locked read of a version, the status and version guards, and the compare-and-swap
that bumps a version. Private to the services package; callers use `services`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.utils import timezone

from weerstand.assessments.models import (
    FINAL_STATUSES,
    Assessment,
    AssessmentStatus,
    ImmutableVersion,
)
from weerstand.assessments.rules import DRAFTABLE_CASE_STATES
from weerstand.cases.models import Case, CaseEvent
from weerstand.core.errors import ConcurrencyConflict, InvalidTransition
from weerstand.policy import engine
from weerstand.policy.table import Action

ACTIVE_CASE_STATES = DRAFTABLE_CASE_STATES
DUE_SOON_DAYS = 14
NESTED_KEYS = ("factors", "products", "signals", "gaps", "scenarios", "assumptions")


def latest_finalised(case: Any) -> Assessment | None:
    """The version in force for a case (the decision rests on it), or None.

    Unscoped on purpose: callers (the decision service) already hold a case the user may see;
    a view that shows the result must still read it through `visible_to(user)`.
    """
    case_pk = getattr(case, "pk", case)
    return (
        Assessment.objects.filter(case=case_pk, status=AssessmentStatus.FINALISED)
        .order_by("-number")
        .first()
    )


def locked(actor: Any, pk: int) -> Assessment:
    """The assessment, locked for this transaction, if the actor may see it (else 404)."""
    engine.require_principal(actor)
    qs = Assessment.objects.select_for_update().select_related("case")
    return engine.get_for(qs, actor, Action.VIEW, pk=pk)


def require_status(a: Assessment, *statuses: str, what: str) -> None:
    if a.status in FINAL_STATUSES:
        raise ImmutableVersion("Een vastgestelde versie kan niet meer veranderen.")
    if a.status not in statuses:
        raise InvalidTransition(f"{what} kan niet in status '{a.get_status_display()}'.")


def check_version(a: Assessment, expected_version: int | None) -> None:
    if expected_version is not None and int(expected_version) != a.version:
        raise ConcurrencyConflict(
            f"Versie {expected_version} is verouderd; de huidige versie is {a.version}."
        )


def bump(a: Assessment, **updates: Any) -> Assessment:
    """Compare-and-swap on the version column: a concurrent writer loses, never both win."""
    done = Assessment.objects.filter(pk=a.pk, version=a.version).update(
        version=F("version") + 1, updated_at=timezone.now(), **updates
    )
    if not done:
        raise ConcurrencyConflict("Het dreigingsbeeld is intussen door iemand anders gewijzigd.")
    a.refresh_from_db()
    return a


def clean_text(value: Any) -> str:
    """Free text as stored: never None, no surrounding white space."""
    return str(value or "").strip()


def case_event(case: Case, actor: Any, kind: str, reason: str) -> None:
    CaseEvent.objects.create(
        case=case, actor=actor, actor_name=actor.display_name, kind=kind, reason=reason
    )
