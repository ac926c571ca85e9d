"""Read models of the resilience app, for pages, panels and the API alike. Every row comes
through `visible_to(user)`; what a portal user is shown of a row is decided here as well."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from weerstand.resilience import rules
from weerstand.resilience.models import (
    BuddyMatch,
    BuddyStatus,
    ConversationNotes,
    ConversationStatus,
    FollowUp,
    ResilienceConversation,
)


def conversations(user: Any) -> QuerySet[ResilienceConversation]:
    return ResilienceConversation.objects.visible_to(user).select_related(
        "person", "expert", "case"
    )


def case_conversations(user: Any, case: Any) -> list[ResilienceConversation]:
    return list(conversations(user).filter(case=case.pk).order_by("-created_at", "-pk"))


def notes_of(user: Any, conversation: Any) -> ConversationNotes | None:
    return ConversationNotes.objects.visible_to(user).filter(conversation=conversation.pk).first()


def follow_ups_of(user: Any, conversation: Any) -> list[FollowUp]:
    return list(
        FollowUp.objects.visible_to(user)
        .filter(conversation=conversation.pk)
        .select_related("owner")
        .order_by("due_on", "pk")
    )


def own_upcoming(user: Any, limit: int = 10) -> list[ResilienceConversation]:
    """The portal user's own planned conversations from today on (never anyone else's)."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return []
    since = timezone.now() - timedelta(hours=2)
    return list(
        conversations(user)
        .filter(person=person_id, status=ConversationStatus.PLANNED, planned_at__gte=since)
        .order_by("planned_at", "pk")[:limit]
    )


def expert_work(user: Any, limit: int = 20) -> dict[str, list[Any]]:
    """For the resilience expert's start page: end phases to plan, and follow-ups that are
    theirs and open (the overdue first)."""
    to_plan = list(
        conversations(user)
        .filter(status=ConversationStatus.TO_PLAN, case__team__memberships__user=user.pk)
        .distinct()
        .order_by("created_at", "pk")[:limit]
    )
    follow_ups = list(
        FollowUp.objects.visible_to(user)
        .filter(owner=user.pk, done_at__isnull=True)
        .select_related("case")
        .order_by("due_on", "pk")[:limit]
    )
    return {"to_plan": to_plan, "follow_ups": follow_ups}


def matches(user: Any) -> QuerySet[BuddyMatch]:
    return BuddyMatch.objects.visible_to(user).select_related("protectee", "buddy", "case")


def case_matches(user: Any, case: Any) -> list[BuddyMatch]:
    return list(matches(user).filter(case=case.pk).order_by("-proposed_at", "-pk"))


def own_matches(user: Any) -> list[tuple[BuddyMatch, str]]:
    """The portal user's open matches with their side ('protectee' or 'buddy')."""
    if getattr(user, "person_id", None) is None:
        return []
    rows = matches(user).filter(status__in=(BuddyStatus.PROPOSED, BuddyStatus.ACTIVE))
    return [(m, side) for m in rows if (side := rules.side_of(user, m)) is not None]


def portal_view(match: BuddyMatch, side: str) -> dict[str, Any]:
    """What one side of a match is shown in the portal: the buddy only what was shared; the
    protectee the buddy's first name (the buddy agreed to that by saying yes) and their own
    choices. Never the case, its measures or anything the other did not choose."""
    view: dict[str, Any] = {
        "id": match.pk,
        "status": match.status,
        "status_label": match.get_status_display(),
        "ends_on": match.ends_on,
        "side": side,
        "i_consented": getattr(match, f"{side}_consent_at") is not None,
        "version": match.version,
    }
    if side == "buddy":
        view["shared"] = match.shared_with_buddy()
    else:
        view["buddy_first_name"] = match.buddy.first_name
        view["shared_items"] = list(match.shared_items or [])
        view["contact_text"] = match.contact_text
        view["message_text"] = match.message_text
    return view


def is_volunteer(person_id: int | None) -> bool:
    """Whether the person is already on the list of available buddies (a yes/no for the
    expert of their ended case deciding whether to offer the list; no row leaves here)."""
    from weerstand.resilience.models import BuddyVolunteer

    return BuddyVolunteer.objects.filter(person=person_id, active=True).exists()
