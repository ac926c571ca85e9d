"""A brand-new case carried from referral to a stop decision, by the roles that own each
step; the stop in force opens the end phase: a conversation to plan for the protectee and an
alert to the case's resilience expert, who plans it through the API; the protectee then sees
it on the portal start page. A scale-down does the same; a continue does not."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from weerstand import testing as t
from weerstand.assessments.models import Assessment, Challenge
from weerstand.cases import team
from weerstand.cases.models import Case, CaseState
from weerstand.cases.services import transition_case
from weerstand.decisions import services as decisions
from weerstand.decisions.services import DecisionData
from weerstand.decisions.tests import builders as db
from weerstand.policy.models import Alert
from weerstand.resilience.models import ConversationStatus, Phase, ResilienceConversation
from weerstand.resilience.tests.builders import at, portal_user

pytestmark = pytest.mark.django_db
WHY = "De dreiging is weggenomen; de persoon kan zelf weer voldoende weerstand bieden."


def _protected_case(w: db.World, expert: Any) -> Case:
    """Referral → triage → advice → designation (four eyes) → assessment → start (four eyes)."""
    analyst = t.user("analyst", organisation=w.nctv)
    challenger = t.user("analyst", organisation=w.nctv)
    case = t.case(w.police_liaison, summary="Bedreigd na een getuigenverklaring")
    transition_case(analyst, case.pk, "start_triage", reason="Nieuwe aanmelding van de politie.")
    transition_case(
        analyst, case.pk, "advise_authority", reason="Dreiging tegen het leven.", advice="national"
    )
    for user, function in (
        (w.dm1, "decision_maker"),
        (w.dm2, "decision_maker"),
        (challenger, "challenger"),
        (expert, "resilience_expert"),
    ):
        team.add_member(analyst, case.pk, user.pk, function=function, reason="Voor de casus")
    designation = decisions.create_decision(
        w.dm1,
        case.pk,
        DecisionData(decision_type="designate", reasoning=WHY, effective_date=timezone.localdate()),
    )
    decisions.approve_decision(w.dm2, designation.pk)
    # The picture's own flow is the assessments app's to test; here it is written finalised.
    assessment = Assessment.objects.create(
        case=case,
        number=1,
        status="finalised",
        author=analyst,
        threat_level=4,
        recommended_resistance=3,
        residual_risk="Restrisico beperkt",
        finalised_at=timezone.now(),
        finalised_by=analyst,
        next_recalibration=timezone.localdate() + timedelta(days=60),
    )
    Challenge.objects.create(assessment=assessment, challenger=challenger)
    transition_case(analyst, case.pk, "submit_for_decision", reason="Dreigingsbeeld is af.")
    start = decisions.create_decision(w.dm1, case.pk, db.start_data(w))
    decisions.approve_decision(w.dm2, start.pk)
    case.refresh_from_db()
    assert case.state == CaseState.PROTECTION_ACTIVE
    return case


def test_a_stop_in_force_opens_the_end_phase_for_the_protectee() -> None:
    w = db.world()
    expert = t.user("resilience_expert", organisation=w.nctv)
    case = _protected_case(w, expert)
    protectee = portal_user("protectee", case.protectee)
    assert not ResilienceConversation.objects.filter(case=case).exists()
    tomorrow = timezone.localdate() + timedelta(days=1)
    stop = decisions.create_decision(
        w.dm2,
        case.pk,
        DecisionData(decision_type="stop", reasoning=WHY, effective_date=tomorrow),
    )
    decisions.approve_decision(w.dm1, stop.pk)
    assert not ResilienceConversation.objects.filter(case=case).exists()  # not in force yet
    decisions.apply_decisions(tomorrow)  # the daily job on the stop's date
    case.refresh_from_db()
    assert case.state == CaseState.ENDED
    end = ResilienceConversation.objects.get(case=case)
    assert (end.phase, end.status, end.person_id) == (
        Phase.END,
        ConversationStatus.TO_PLAN,
        case.protectee_id,
    )
    assert end.origin_decision_id == stop.pk and end.expert_id == expert.pk
    assert Alert.objects.filter(recipient=expert, message__contains="eindfase").exists()
    # Idempotent: running the hook again (the daily job) opens nothing new.
    from weerstand.resilience import services

    stop.refresh_from_db()
    services.start_end_phase(stop)
    assert ResilienceConversation.objects.filter(case=case).count() == 1
    # Not yet planned: nothing on the portal.
    client = Client()
    t.login(client, protectee)
    assert "Gesprek over de tijd na de beveiliging" not in client.get("/").content.decode()
    assert "Gesprek over de tijd na de beveiliging" not in client.get("/uw-beveiliging").text

    # The expert sees the task on the start page and plans it through the API (If-Match).
    web = Client()
    t.login(web, expert)
    assert f"/weerbaarheid/gesprekken/{end.pk}" in web.get("/").content.decode()
    api = t.api_client(expert)
    url = f"/api/v1/resilience-conversations/{end.pk}"
    assert api.patch(url, {"plannedAt": at(4).isoformat()}).status_code == 428
    answer = api.patch(url, {"plannedAt": at(4).isoformat()}, HTTP_IF_MATCH='"1"')
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "planned"

    for url in ("/", "/uw-beveiliging"):  # waiting on the start page, and in the overview
        page = client.get(url).content.decode()
        assert "Gesprek over de tijd na de beveiliging" in page
        assert expert.display_name in page


def test_a_scale_down_opens_the_end_phase_and_a_continue_does_not() -> None:
    w = db.world()
    expert = t.user("resilience_expert", organisation=w.nctv)
    case = _protected_case(w, expert)
    today = timezone.localdate() + timedelta(days=1)
    transition_case(w.dm1, case.pk, "start_recalibration", reason="Periodieke herijking.")
    # A new finalised picture for the recalibration is not needed for this step's hook.
    down = decisions.create_decision(
        w.dm1,
        case.pk,
        db.start_data(
            w,
            decision_type="scale_down",
            required_resistance=2,
            effective_date=today,
            next_recalibration=today + timedelta(days=90),
        ),
    )
    decisions.approve_decision(w.dm2, down.pk)
    decisions.apply_decisions(today)
    end = ResilienceConversation.objects.get(case=case, phase=Phase.END)
    assert end.origin_decision_id == down.pk
    assert case.protectee_id == end.person_id
    # A continue afterwards opens nothing more.
    transition_case(w.dm1, case.pk, "start_recalibration", reason="Periodieke herijking.")
    later = today + timedelta(days=1)
    cont = decisions.create_decision(
        w.dm1,
        case.pk,
        db.start_data(
            w,
            decision_type="continue",
            effective_date=later,
            next_recalibration=later + timedelta(days=90),
        ),
    )
    assert not cont.needs_approval  # a continue takes effect without a second person
    decisions.apply_decisions(later)
    assert ResilienceConversation.objects.filter(case=case).count() == 1
