"""API and pages of the weighing and the review: 201 with the versions, problem+json 400,
403, 404 for outsiders and absent versions, 412 on an outdated version; the detail page
with its forms and Dutch errors, and the reviewer's page without names or description."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from weerstand import testing as t
from weerstand.crownwitness.models import Review, Trajectory, Weighing
from weerstand.crownwitness.tests.helpers import (
    add_member,
    add_reviewer,
    add_weerstand_person,
    open_trajectory,
    weigh,
)
from weerstand.crownwitness.weighings import INTERESTS

pytestmark = pytest.mark.django_db

BASE = "/api/v1/crown-witness-trajectories"


def _body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {api: f"Afweging {api} in voldoende woorden" for _n, api in INTERESTS}
    body.update(outcome="continue", conclusion="Doorgaan met het traject, zo besloten")
    body.update(overrides)
    return body


def test_api_record_weighing_versions_and_read() -> None:
    s = open_trajectory()
    api = t.api_client(s.om)
    url = f"{BASE}/{s.trajectory.pk}/weighings"
    r = api.post(url, _body(basedOn=0))
    assert r.status_code == 201, r.content
    assert r.json()["number"] == 1 and r["Location"].endswith("/weighings/1")
    r = api.post(url, _body(basedOn=1, safetyRisks="Nieuwe dreiging tegen de partner"))
    assert r.status_code == 201 and r.json()["number"] == 2
    r = api.get(url)
    assert [w["number"] for w in r.json()["results"]] == [2, 1]
    r = api.get(f"{url}/1")
    assert r.status_code == 200 and r.json()["safetyRisks"].startswith("Afweging")
    assert t.last_audit(object_type="crownwitness.weighing").action == "read"
    assert api.get(f"{url}/9").status_code == 404


def test_api_weighing_errors() -> None:
    s = open_trajectory()
    api = t.api_client(s.om)
    url = f"{BASE}/{s.trajectory.pk}/weighings"
    r = api.post(url, _body(bearability="   "))
    assert r.status_code == 400
    assert r["Content-Type"].startswith("application/problem+json")
    r = api.post(url, {**_body(), "identity": "x"})
    assert r.status_code == 400
    weigh(s)
    r = api.post(url, _body(basedOn=0))
    assert r.status_code == 412
    analyst = t.user("analyst")
    assert t.api_client(analyst).post(url, _body()).status_code == 404  # not a member
    add_member(s, analyst)
    assert t.api_client(analyst).post(url, _body()).status_code == 403
    assert t.api_client(t.user("om_officer")).get(url).status_code == 404
    r = api.post(url, _body(outcome="stop"))
    assert r.status_code == 201
    assert Trajectory.objects.get(pk=s.trajectory.pk).status == "stopped"
    assert api.post(url, _body()).status_code == 409
    assert Weighing.objects.count() == 2


def test_api_contributions() -> None:
    s = open_trajectory()
    lcc = t.user("lcc_coordinator")
    add_member(s, lcc)
    api = t.api_client(lcc)
    url = f"{BASE}/{s.trajectory.pk}/weighing-contributions"
    r = api.post(url, {"kind": "protection", "text": "Twee teams beschikbaar vanaf mei"})
    assert r.status_code == 201, r.content
    assert r.json()["weighing"] is None
    assert api.post(url, {"kind": "safety", "text": "Niet mijn expertise hier"}).status_code == 403
    assert api.post(url, {"kind": "protection", "text": "kort"}).status_code == 400
    r = t.api_client(s.om).get(url)
    assert [c["kind"] for c in r.json()["results"]] == ["protection"]
    assert t.api_client(t.user("lcc_coordinator")).get(url).status_code == 404


def test_api_reviews_and_outline() -> None:
    s = open_trajectory(description="Omschrijving APIDESC")
    add_weerstand_person(s, "Api", "Naamloos")
    reviewer = add_reviewer(s)
    api = t.api_client(reviewer)
    url = f"{BASE}/{s.trajectory.pk}/reviews"
    review = {"body": "examining_judge", "verdict": "negative", "reasons": "Kring niet compleet"}
    assert api.post(url, review).status_code == 409  # no weighing yet
    weigh(s)
    assert api.post(url, {**review, "reasons": "kort"}).status_code == 400
    assert api.post(url, {**review, "weighing": 2}).status_code == 412
    r = api.post(url, {**review, "weighing": 1})
    assert r.status_code == 201, r.content
    assert r.json()["circleSize"] == 1 and r.json()["weighing"] == 1
    assert t.api_client(s.om).post(url, review).status_code == 403
    assert [x["verdict"] for x in t.api_client(s.om).get(url).json()["results"]] == ["negative"]
    r = api.get(f"{BASE}/{s.trajectory.pk}/outline")
    assert r.status_code == 200 and r.json()["circle"][0]["relation"] == "sibling"
    assert "Naamloos" not in r.content.decode() and "APIDESC" not in r.content.decode()
    assert api.get(f"{BASE}/{s.trajectory.pk}").status_code == 404
    assert api.get(f"{BASE}/{s.trajectory.pk}/persons").status_code == 404
    assert api.get(f"{BASE}/{s.trajectory.pk}/weighings").status_code == 200
    outsider = t.api_client(t.user("independent_reviewer"))
    assert outsider.get(url).status_code == 404
    assert outsider.post(url, review).status_code == 404
    assert outsider.get(f"{BASE}/{s.trajectory.pk}/outline").status_code == 404
    assert Review.objects.count() == 1


# --- pages --------------------------------------------------------------------------------


def _client(user: Any) -> Client:
    client = Client()
    t.login(client, user)
    return client


def _form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {n: f"Afweging {n} in voldoende woorden" for n, _a in INTERESTS}
    data.update(outcome="continue", conclusion="Doorgaan met het traject", based_on=0)
    data.update(overrides)
    return data


def test_page_weighing_form_versions_and_dutch_errors() -> None:
    s = open_trajectory()
    client = _client(s.om)
    pk = s.trajectory.pk
    page = client.get(f"/kroongetuigen/{pk}").content.decode()
    assert "Integrale weging" in page and "Weging vastleggen" in page
    r = client.post(f"/kroongetuigen/{pk}/weging", _form(bearability=""))
    assert r.status_code == 400
    assert 'id="id_bearability_error"' in r.content.decode()
    assert "Vul draagbaarheid voor de getuige en de kring in" in r.content.decode()
    assert "Dit veld is vereist." not in r.content.decode()
    r = client.post(f"/kroongetuigen/{pk}/weging", _form())
    assert r.status_code == 302
    r = client.post(f"/kroongetuigen/{pk}/weging", _form(based_on=0))
    assert r.status_code == 412
    assert "nieuwere versie van de weging" in r.content.decode()
    client.post(f"/kroongetuigen/{pk}/weging", _form(based_on=1, conclusion="Tweede afweging hier"))
    page = client.get(f"/kroongetuigen/{pk}").content.decode()
    assert page.index("Versie 2") < page.index("Versie 1")
    r = client.post(f"/kroongetuigen/{pk}/weging", _form(based_on=2, outcome="stop"))
    assert r.status_code == 302
    assert Trajectory.objects.get(pk=pk).status == "stopped"


def test_page_contribution_form_per_role() -> None:
    s = open_trajectory()
    analyst = t.user("analyst")
    add_member(s, analyst)
    client = _client(analyst)
    pk = s.trajectory.pk
    page = client.get(f"/kroongetuigen/{pk}").content.decode()
    assert "Bijdrage aan de weging" in page and "Weging vastleggen" not in page
    assert 'value="protection"' not in page and 'value="safety"' in page
    r = client.post(f"/kroongetuigen/{pk}/bijdrage", {"kind": "safety", "text": "kort"})
    assert r.status_code == 400 and "ten minste 10 tekens" in r.content.decode()
    r = client.post(f"/kroongetuigen/{pk}/bijdrage", {"kind": "safety", "text": "Dreiging reëel"})
    assert r.status_code == 302
    assert "Dreiging reëel" in client.get(f"/kroongetuigen/{pk}").content.decode()
    r = client.post(f"/kroongetuigen/{pk}/weging", _form())
    assert r.status_code == 403


def test_reviewer_page_without_names_or_description() -> None:
    s = open_trajectory(description="Omschrijving PAGEDESC")
    add_weerstand_person(s, "Pagina", "Geheimnaam")
    reviewer = add_reviewer(s)
    client = _client(reviewer)
    pk = s.trajectory.pk
    index = client.get("/kroongetuigen/").content.decode()
    assert "Traject Test" in index
    page = client.get(f"/kroongetuigen/{pk}").content.decode()
    assert "Traject Test" in page and "Broer of zus" in page
    assert "Geheimnaam" not in page and "PAGEDESC" not in page
    assert "nog geen weging om te toetsen" in page
    assert "Traject Test toetsen" not in client.get("/").content.decode()  # nothing to review
    weigh(s)
    page = client.get(f"/kroongetuigen/{pk}").content.decode()
    assert "Toetsing vastleggen" in page
    start = client.get("/").content.decode()  # the start page asks for the review
    assert "Traject Test toetsen" in start and f"/kroongetuigen/{pk}" in start
    assert "Geheimnaam" not in start and "PAGEDESC" not in start
    r = client.post(
        f"/kroongetuigen/{pk}/toetsing",
        {"body": "examining_judge", "verdict": "positive", "reasons": "kort", "weighing": 1},
    )
    assert r.status_code == 400 and "Geheimnaam" not in r.content.decode()
    r = client.post(
        f"/kroongetuigen/{pk}/toetsing",
        {
            "body": "examining_judge",
            "verdict": "positive",
            "reasons": "Zorgvuldig gewogen",
            "weighing": 1,
        },
    )
    assert r.status_code == 302
    page = client.get(f"/kroongetuigen/{pk}").content.decode()
    assert "Zorgvuldig gewogen" in page
    start = client.get("/").content.decode()  # reviewed: no longer asked for
    assert "Traject Test toetsen" not in start
    om_page = _client(s.om).get(f"/kroongetuigen/{pk}").content.decode()
    assert "Zorgvuldig gewogen" in om_page and "Geheimnaam" in om_page
