"""The resilience pages: the case section and page for the team, the forms for the expert,
the portal panels and the buddy's consent page in plain Dutch."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from weerstand import testing as t
from weerstand.resilience.models import BuddyStatus, ConversationStatus, ResilienceConversation
from weerstand.resilience.tests import builders as b

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    c = Client()
    t.login(c, user)
    return c


def test_the_case_page_shows_the_section_to_the_team_not_to_partners() -> None:
    w = b.world()
    b.plan(w)
    url = f"/casussen/{w.case.pk}"
    for user in (w.expert, w.decision_maker, w.owner):
        page = client_for(user).get(url).content.decode()
        assert "weerbaarheid-kop" in page, user
    for user in (w.liaison, w.planner):
        response = client_for(user).get(url)
        assert response.status_code == 200 and "weerbaarheid-kop" not in response.content.decode()
        assert client_for(user).get(f"/weerbaarheid/casussen/{w.case.pk}").status_code == 404


def test_the_expert_plans_writes_up_and_follows_up_on_the_pages() -> None:
    w = b.world()
    web = client_for(w.expert)
    page = web.get(f"/weerbaarheid/casussen/{w.case.pk}")
    assert page.status_code == 200 and 'id="form-plan"' in page.content.decode()
    when = b.at(2).strftime("%Y-%m-%dT%H:%M")
    posted = web.post(
        f"/weerbaarheid/casussen/{w.case.pk}/plannen",
        {
            "person": w.relative.pk,
            "phase": "impact",
            "planned_at": when,
            "channel": "phone",
            "place": "",
        },
    )
    assert posted.status_code == 302, posted.content[:2000]
    c = ResilienceConversation.objects.get(case=w.case)
    assert c.person == w.relative and c.status == ConversationStatus.PLANNED
    # An invalid plan shows the form again with the reason.
    bad = web.post(
        f"/weerbaarheid/casussen/{w.case.pk}/plannen",
        {
            "person": w.relative.pk,
            "phase": "impact",
            "planned_at": "2001-01-01T10:00",
            "channel": "phone",
        },
    )
    assert bad.status_code == 400 and "vandaag of later" in bad.content.decode()
    ResilienceConversation.objects.filter(pk=c.pk).update(planned_at=b.at(-1))
    detail = web.get(f"/weerbaarheid/gesprekken/{c.pk}").content.decode()
    assert 'id="form-notes"' in detail
    done = web.post(
        f"/weerbaarheid/gesprekken/{c.pk}/verslag",
        {
            "wellbeing": "Rustiger dan vorige week",
            "worries": "",
            "strengths": "Familie",
            "agreements": "",
            "version": 1,
        },
    )
    assert done.status_code == 302
    due = (timezone.localdate() + timedelta(days=4)).isoformat()
    web.post(
        f"/weerbaarheid/gesprekken/{c.pk}/vervolgafspraak",
        {"description": "Huisarts informeren", "owner": w.expert.pk, "due_on": due},
    )
    detail = web.get(f"/weerbaarheid/gesprekken/{c.pk}").content.decode()
    assert "Rustiger dan vorige week" in detail and "Huisarts informeren" in detail
    # The decision-maker reads, without forms.
    read = client_for(w.decision_maker).get(f"/weerbaarheid/gesprekken/{c.pk}").content.decode()
    assert "Rustiger dan vorige week" in read and 'id="form-follow-up"' not in read
    # Portal users never reach the staff pages.
    assert client_for(w.relative_user).get(f"/weerbaarheid/gesprekken/{c.pk}").status_code == 404


def test_portal_start_page_shows_own_conversations_and_the_buddy_in_plain_words() -> None:
    w = b.world()
    b.plan(w, place="Geheime plek Zuidwal")
    b.plan(w, person=w.relative, phase="consolidation")
    protectee = client_for(w.protectee_user)
    start = protectee.get("/").content.decode()
    assert "kort na de start" in start and "Geheime plek Zuidwal" not in start
    home = protectee.get("/uw-beveiliging").content.decode()
    assert "Uw gesprekken" in home and "kort na de start" in home
    assert w.expert.display_name in home and "Geheime plek Zuidwal" not in home
    assert "Impactfase" not in home  # no internal words
    relative_home = client_for(w.relative_user).get("/uw-beveiliging").content.decode()
    assert "nu de beveiliging loopt" in relative_home and "kort na de start" not in relative_home
    assert (
        "Er staat nu geen gesprek"
        in client_for(w.other_protectee_user).get("/uw-beveiliging").content.decode()
    )

    m = b.active_match(w)
    assert m.status == BuddyStatus.ACTIVE
    home = protectee.get("/uw-beveiliging").content.decode()
    assert "Uw buddy" in home and w.buddy_person.first_name in home
    buddy = client_for(w.buddy_user)
    assert "Iemand die u helpt" in buddy.get("/uw-beveiliging").content.decode()
    saved = protectee.post(
        f"/weerbaarheid/buddy/{m.pk}/delen",
        {"items": ["message"], "message": "Bel me gerust", "contact": "", "version": m.version},
    )
    assert saved.status_code == 302
    page = buddy.get(f"/weerbaarheid/buddy/{m.pk}").content.decode()
    assert "Bel me gerust" in page and w.case.protectee.first_name not in page
    assert client_for(w.other_protectee_user).get(f"/weerbaarheid/buddy/{m.pk}").status_code == 404


def test_consent_on_the_portal_page() -> None:
    w = b.world()
    from weerstand.resilience import services

    services.register_volunteer(w.expert, w.buddy_person.pk)
    m = services.propose_match(
        w.expert,
        w.case.pk,
        buddy_id=w.buddy_person.pk,
        ends_on=timezone.localdate() + timedelta(days=30),
    )
    for user in (w.protectee_user, w.buddy_user):
        web = client_for(user)
        assert "Ja, ik doe mee" in web.get(f"/weerbaarheid/buddy/{m.pk}").content.decode()
        assert web.post(f"/weerbaarheid/buddy/{m.pk}/toestemming").status_code == 302
    m.refresh_from_db()
    assert m.status == BuddyStatus.ACTIVE
