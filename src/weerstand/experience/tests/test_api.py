"""`/api/v1/experience-questionnaires`: the person's own, the team's; answering once."""

from __future__ import annotations

import pytest

from weerstand import testing as t
from weerstand.experience import services
from weerstand.experience.models import ExperienceQuestionnaire
from weerstand.experience.tests import builders as b

pytestmark = pytest.mark.django_db
API = "/api/v1/experience-questionnaires"


def _answers(scores: dict[str, int]) -> list[dict]:
    return [{"question": k, "score": v} for k, v in scores.items()]


def test_the_person_answers_once_and_the_team_reads_it() -> None:
    world = b.started()
    b.stop(world)
    person = t.api_client(world.portal)
    mine = person.get(API).json()["results"]
    assert len(mine) == 1 and mine[0]["status"] == "invited" and mine[0]["trigger"] == "stop"
    assert [q["code"] for q in mine[0]["questions"]][-1] == "open"
    pk = mine[0]["id"]
    url = f"{API}/{pk}/answers"
    assert person.post(url, {"answers": _answers(b.SCORES), "extra": 1}).status_code == 400
    nested = [{**a, "note": "x"} for a in _answers(b.SCORES)]
    assert person.post(url, {"answers": nested}).status_code == 400
    assert person.post(url, {"answers": _answers({"one_voice": 3})}).status_code == 400
    twice = [*_answers(b.SCORES), {"question": "one_voice", "score": 1}]
    assert person.post(url, {"answers": twice}).status_code == 400
    assert person.post(url, {"declined": True, "openAnswer": "x"}).status_code == 400
    done = person.post(url, {"answers": _answers(b.SCORES), "openAnswer": "Duidelijk."})
    assert done.status_code == 201, done.content
    assert done.json()["status"] == "answered" and done.json()["openAnswer"] == "Duidelijk."
    assert person.post(url, {"answers": _answers(b.SCORES)}).status_code == 409
    # The team: the resilience expert lists by case and reads the answers.
    team = t.api_client(world.expert).get(f"{API}?case={world.case.pk}").json()["results"]
    assert {r["id"] for r in team} == set(
        ExperienceQuestionnaire.objects.filter(case=world.case).values_list("pk", flat=True)
    )
    detail = t.api_client(world.expert).get(f"{API}/{pk}").json()
    assert {a["question"]: a["score"] for a in detail["answers"]} == b.SCORES
    assert t.api_client(world.expert).post(url, {"declined": True}).status_code == 404
    # The partner declines their own; never reaches the protectee's.
    partner = t.api_client(world.partner_portal)
    assert partner.get(f"{API}/{pk}").status_code == 404
    own = partner.get(API).json()["results"]
    declined = partner.post(f"{API}/{own[0]['id']}/answers", {"declined": True})
    assert declined.status_code == 201 and declined.json()["status"] == "declined"
    # Roles without a grant: the 404 of an absent resource.
    assert t.api_client(t.user("police_liaison")).get(API).status_code == 404
    assert t.api_client(t.user("inspector")).get(f"{API}/{pk}").status_code == 404


def test_only_a_material_change_invites() -> None:
    world = b.started()
    assert services.invite_after_decision(world.start) == []
    assert t.api_client(world.portal).get(API).json()["results"] == []
