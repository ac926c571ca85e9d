"""The resilience services without HTTP: who plans, what is held and followed up, what the
jobs do, and the buddy's consent and sharing rules."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from weerstand.core.errors import (
    ConcurrencyConflict,
    InvalidTransition,
    NotPermitted,
    ValidationFailed,
)
from weerstand.policy.models import Alert
from weerstand.resilience import selectors, services
from weerstand.resilience.models import (
    BuddyMatch,
    BuddyStatus,
    ConversationNotes,
    ConversationStatus,
    FollowUp,
)
from weerstand.resilience.tests import builders as b

pytestmark = pytest.mark.django_db


def test_only_the_case_expert_plans_and_only_with_the_protectee_or_a_relative() -> None:
    w = b.world()
    c = b.plan(w)
    assert c.status == ConversationStatus.PLANNED and c.expert == w.expert
    b.plan(w, person=w.relative, phase="consolidation")
    # Another expert (not in this team), the owner and a liaison in the team may not.
    for actor in (w.other_expert, w.owner, w.liaison):
        with pytest.raises((NotPermitted, Exception)) as refused:
            services.plan_conversation(
                actor,
                w.case.pk,
                services.ConversationPlan(
                    person_id=w.case.protectee_id, phase="impact", planned_at=b.at(2)
                ),
            )
        assert refused.type.__name__ in ("NotPermitted", "Http404")
    stranger = w.other_case.protectee
    with pytest.raises(ValidationFailed):
        services.plan_conversation(
            w.expert,
            w.case.pk,
            services.ConversationPlan(person_id=stranger.pk, phase="impact", planned_at=b.at(2)),
        )
    with pytest.raises(ValidationFailed):
        services.plan_conversation(
            w.expert,
            w.case.pk,
            services.ConversationPlan(
                person_id=w.case.protectee_id, phase="impact", planned_at=b.at(-5)
            ),
        )


def test_notes_make_a_conversation_held_and_follow_ups_are_alerted_once_when_overdue() -> None:
    w = b.world()
    c = b.plan(w)
    with pytest.raises(InvalidTransition):  # not yet taken place
        services.record_notes(w.expert, c.pk, services.NotesData(wellbeing="Gaat redelijk goed"))
    c = b.held(w, marker="M1")
    assert c.status == ConversationStatus.HELD and c.held_at is not None
    assert ConversationNotes.objects.get(conversation=c).worries.endswith("M1")
    with pytest.raises(InvalidTransition):  # notes are written once
        services.record_notes(w.expert, c.pk, services.NotesData(wellbeing="Nog een keer"))
    follow_up = FollowUp.objects.get(conversation=c)
    # The owner must be someone of the team who may read it: not the police liaison.
    with pytest.raises(ValidationFailed):
        services.add_follow_up(
            w.expert, c.pk, description="Iets regelen", owner_id=w.liaison.pk, due_on=b.at(3).date()
        )
    services.add_follow_up(
        w.expert,
        c.pk,
        description="Besluitvormer informeren",
        owner_id=w.owner.pk,
        due_on=timezone.localdate(),
    )
    assert Alert.objects.filter(recipient=w.owner, message__contains="vervolgafspraak").exists()
    later = timezone.now() + timedelta(days=10)
    assert services.alert_overdue_follow_ups(later) == 2
    assert services.alert_overdue_follow_ups(later) == 0  # idempotent
    assert (
        Alert.objects.filter(recipient=w.expert, message__contains="over de termijn").count() == 1
    )
    services.complete_follow_up(w.expert, follow_up.pk)
    with pytest.raises(InvalidTransition):
        services.complete_follow_up(w.expert, follow_up.pk)
    with pytest.raises(NotPermitted):  # the decision-maker may read but is not the owner
        other = FollowUp.objects.exclude(pk=follow_up.pk).get()
        services.complete_follow_up(w.decision_maker, other.pk)


def test_a_plan_changes_with_the_version_and_a_cancellation_needs_a_reason() -> None:
    w = b.world()
    c = b.plan(w)
    with pytest.raises(ConcurrencyConflict):
        services.update_conversation(w.expert, c.pk, {"channel": "phone"}, expected_version=9)
    c = services.update_conversation(
        w.expert, c.pk, {"channel": "phone", "planned_at": b.at(4)}, expected_version=1
    )
    assert c.channel == "phone" and c.version == 2
    with pytest.raises(ValidationFailed):
        services.cancel_conversation(w.expert, c.pk, reason="")
    c = services.cancel_conversation(w.expert, c.pk, reason="Persoon is ziek", expected_version=2)
    assert c.status == ConversationStatus.CANCELLED
    with pytest.raises(InvalidTransition):
        services.update_conversation(w.expert, c.pk, {"channel": "video"})


def test_the_portal_shows_only_the_persons_own_upcoming_conversations() -> None:
    w = b.world()
    mine = b.plan(w)
    b.plan(w, person=w.relative)
    b.held(w)
    assert [c.pk for c in selectors.own_upcoming(w.protectee_user)] == [mine.pk]
    assert [c.person_id for c in selectors.own_upcoming(w.relative_user)] == [w.relative.pk]
    assert selectors.own_upcoming(w.other_protectee_user) == []
    # Notes and follow-ups never reach a portal user, not even their own.
    for u in (w.protectee_user, w.relative_user):
        assert not ConversationNotes.objects.visible_to(u).exists()
        assert not FollowUp.objects.visible_to(u).exists()


def test_a_buddy_is_active_only_when_both_consented_and_sees_only_what_is_shared() -> None:
    w = b.world()
    with pytest.raises(ValidationFailed):  # not on the list of available buddies yet
        services.propose_match(
            w.expert, w.case.pk, buddy_id=w.buddy_person.pk, ends_on=b.at(30).date()
        )
    services.register_volunteer(w.expert, w.buddy_person.pk)
    with pytest.raises(ValidationFailed):  # someone still protected is no buddy
        services.register_volunteer(w.expert, w.case.protectee_id)
    m = services.propose_match(
        w.expert, w.case.pk, buddy_id=w.buddy_person.pk, ends_on=b.at(30).date()
    )
    assert m.status == BuddyStatus.PROPOSED
    with pytest.raises(NotPermitted):  # the expert cannot consent for them
        services.consent(w.expert, m.pk)
    m = services.consent(w.protectee_user, m.pk)
    assert m.status == BuddyStatus.PROPOSED and m.shared_with_buddy() == {}
    with pytest.raises(InvalidTransition):
        services.consent(w.protectee_user, m.pk)
    services.set_shares(w.protectee_user, m.pk, items=["message"], message="Hoi", contact="06-000")
    m.refresh_from_db()
    assert m.shared_with_buddy() == {}  # nothing before both said yes
    m = services.consent(w.buddy_user, m.pk)
    assert m.status == BuddyStatus.ACTIVE
    assert m.shared_with_buddy() == {"message": "Hoi"}  # the contact was not chosen
    assert m.contact_text == ""
    with pytest.raises(NotPermitted):  # only the protectee chooses
        services.set_shares(w.buddy_user, m.pk, items=["first_name"])
    with pytest.raises(Exception) as hidden:  # another protectee cannot reach it
        services.consent(w.other_protectee_user, m.pk)
    assert hidden.type.__name__ == "Http404"
    m = services.withdraw(w.buddy_user, m.pk)
    assert m.status == BuddyStatus.WITHDRAWN and m.shared_with_buddy() == {}


def test_a_match_ends_on_its_end_date() -> None:
    w = b.world()
    m = b.active_match(w)
    assert services.end_expired_matches(timezone.now()) == 0
    later = timezone.now() + timedelta(days=91)
    assert services.end_expired_matches(later) == 1
    assert services.end_expired_matches(later) == 0
    assert BuddyMatch.objects.get(pk=m.pk).status == BuddyStatus.ENDED
