"""The invitation when protection ends (the `decision_in_force` hook, on a brand-new case
carried to a stop), answering once, declining, and the aggregates for the quality monitor."""

from __future__ import annotations

import pytest
from django.http import Http404

from weerstand import testing as t
from weerstand.core.errors import NotPermitted, ValidationFailed, VersionMismatch
from weerstand.decisions.models import DecisionStatus
from weerstand.experience import selectors, services
from weerstand.experience.models import ExperienceAnswer, ExperienceQuestionnaire
from weerstand.experience.tests import builders as b
from weerstand.policy.models import Alert

pytestmark = pytest.mark.django_db


def test_a_stop_in_force_invites_the_protectee_and_relatives_with_an_account() -> None:
    world = b.started()
    assert world.start.status == DecisionStatus.IN_FORCE
    assert not ExperienceQuestionnaire.objects.exists()  # a start invites nobody
    later = b.stop(world, days=7, apply=False)
    assert later.status == DecisionStatus.APPROVED
    assert not ExperienceQuestionnaire.objects.exists()  # not before it is in force
    from weerstand.decisions import services as decisions

    decisions.apply_decisions(later.effective_date)
    later.refresh_from_db()
    assert later.status == DecisionStatus.IN_FORCE
    world.case.refresh_from_db()
    assert world.case.state == "ended"
    invited = ExperienceQuestionnaire.objects.order_by("pk")
    assert [q.recipient_id for q in invited] == [world.portal.pk, world.partner_portal.pk]
    assert {q.trigger for q in invited} == {"stop"}
    assert {q.decision_id for q in invited} == {later.pk}
    for u in (world.portal, world.partner_portal):
        alert = Alert.objects.get(recipient=u, message__contains="ervaren")
        assert alert.case_id is None and "ervaren" in alert.message
    # Idempotent: the hook again for the same decision invites nobody twice.
    assert services.invite_after_decision(later) == []
    assert ExperienceQuestionnaire.objects.count() == 2


def test_answer_once_and_only_the_person() -> None:
    world = b.started()
    b.stop(world)
    mine = ExperienceQuestionnaire.objects.get(recipient=world.portal)
    with pytest.raises(ValidationFailed):
        services.answer_questionnaire(world.portal, mine.pk, {"knew_whom_to_call": 4})
    with pytest.raises(ValidationFailed):
        services.answer_questionnaire(world.portal, mine.pk, {**b.SCORES, "bogus": 3})
    with pytest.raises(ValidationFailed):
        services.answer_questionnaire(world.portal, mine.pk, {**b.SCORES, "one_voice": 6})
    with pytest.raises(Http404):  # the partner does not reach the protectee's invitation
        services.answer_questionnaire(world.partner_portal, mine.pk, b.SCORES)
    with pytest.raises(Http404):  # the team reads, never answers
        services.answer_questionnaire(world.expert, mine.pk, b.SCORES)
    done = services.answer_questionnaire(world.portal, mine.pk, b.SCORES, "  Goed geregeld.  ")
    assert done.status == "answered" and done.open_answer == "Goed geregeld."
    assert (
        dict(ExperienceAnswer.objects.filter(questionnaire=mine).values_list("question", "score"))
        == b.SCORES
    )
    with pytest.raises(VersionMismatch):
        services.answer_questionnaire(world.portal, mine.pk, b.SCORES)
    with pytest.raises(VersionMismatch):
        services.decline_questionnaire(world.portal, mine.pk)
    partner = ExperienceQuestionnaire.objects.get(recipient=world.partner_portal)
    declined = services.decline_questionnaire(world.partner_portal, partner.pk)
    assert (
        declined.status == "declined"
        and not ExperienceAnswer.objects.filter(questionnaire=partner).exists()
    )


def test_the_case_team_reads_the_answers_nobody_else() -> None:
    world = b.started()
    b.stop(world)
    mine = ExperienceQuestionnaire.objects.get(recipient=world.portal)
    services.answer_questionnaire(world.portal, mine.pk, b.SCORES, "Open tekst")
    for u in (world.expert, world.w.author, world.w.dm1, world.portal):
        assert ExperienceQuestionnaire.objects.visible_to(u).filter(pk=mine.pk).exists()
        assert ExperienceAnswer.objects.visible_to(u).filter(questionnaire=mine).count() == 5
    for u in (
        world.partner_portal,
        world.w.police_liaison,  # not a team member, and no grant at all
        world.w.lcc,
        t.user("analyst"),
        t.user("resilience_expert"),
        t.user("inspector"),
    ):
        assert not ExperienceQuestionnaire.objects.visible_to(u).filter(pk=mine.pk).exists()
        assert not ExperienceAnswer.objects.visible_to(u).exists()


def test_aggregates_have_a_minimum_group_and_no_free_text() -> None:
    with pytest.raises(NotPermitted):
        selectors.aggregate_scores(t.user("analyst"))
    monitor = t.user("advisory_body")
    world = b.started()
    b.stop(world)
    for q in ExperienceQuestionnaire.objects.all():
        services.answer_questionnaire(q.recipient, q.pk, b.SCORES, "GEHEIM-OPEN-ANTWOORD")
    scores = selectors.aggregate_scores(monitor)
    assert all(s.mean is None and s.answers == 0 for s in scores)  # 2 answers: no figures
    scores = selectors.aggregate_scores(monitor, min_group=2)
    by_code = {s.code: s for s in scores}
    assert by_code["knew_whom_to_call"].mean == 4.0 and by_code["knew_whom_to_call"].answers == 2
    assert "GEHEIM-OPEN-ANTWOORD" not in repr(scores)
