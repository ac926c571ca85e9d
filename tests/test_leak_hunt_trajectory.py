"""Leak hunt for crown-witness trajectories and their circle.

A unique marker is planted in a trajectory's description and in the name of a person in its
circle. Every role outside the trajectory's compartment (an inspector, a police liaison, an
analyst outside, the witness themselves as protectee, an OM officer who is not a member) and
a member after removal must not reach either marker through any page, API endpoint, list,
count, search or error message; the members do reach them (so the hunt can fail).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from weerstand import testing as t
from weerstand.accounts.models import User
from weerstand.crownwitness import services
from weerstand.crownwitness.tests.helpers import add_member, open_trajectory, remove_member
from weerstand.registry.services import PersonData

pytestmark = pytest.mark.django_db

DESC_MARK = "LEAKTRAJ7F3Q"
NAME_MARK = "Leakname9X2"
API = "/api/v1/crown-witness-trajectories"


def _world() -> dict[str, Any]:
    referrer = t.user("analyst")
    witness_case = t.case(referrer, summary="Casus van de getuige")
    s = open_trajectory(description=f"Verklaring {DESC_MARK} over de liquidaties")
    members = {
        "om": s.om,
        "om2": s.om2,
        "analyst": t.user("analyst"),
        "decision_maker": t.user("decision_maker"),
        "lcc": t.user("lcc_coordinator"),
    }
    for name in ("analyst", "decision_maker", "lcc"):
        add_member(s, members[name])
    entry = services.add_person(
        s.om,
        s.trajectory.pk,
        services.CircleData(
            relation="confidant",
            coverage="weerstand",
            new_person=PersonData(first_name="Vera", last_name=NAME_MARK),
            reason="Kring in kaart brengen",
        ),
    )
    protectee = t.user("protectee")
    User.objects.filter(pk=protectee.pk).update(person=witness_case.protectee)
    removed = t.user("analyst")
    add_member(s, removed)
    outsiders = {
        "inspector": t.user("inspector"),
        "police_liaison": t.user("police_liaison"),
        "analyst_outside": t.user("analyst"),
        "protectee": User.objects.get(pk=protectee.pk),
        "om_not_member": t.user("om_officer"),
        "removed_member": removed,
    }
    return {"setup": s, "members": members, "outsiders": outsiders, "entry": entry}


def _web_paths(w: dict[str, Any]) -> list[str]:
    pk, person = w["setup"].trajectory.pk, w["entry"].person_id
    return [
        "/",
        "/kroongetuigen/",
        f"/kroongetuigen/{pk}",
        "/zoeken/?q=liquidaties",
        "/zoeken/?q=Vera",
        "/register/personen?q=Vera",
        f"/register/personen/{person}",
    ]


def _api_paths(w: dict[str, Any]) -> list[str]:
    pk, person = w["setup"].trajectory.pk, w["entry"].person_id
    return [
        API,
        f"{API}/{pk}",
        f"{API}/{pk}/persons",
        f"{API}/{pk + 1000}",
        "/api/v1/search?q=liquidaties",
        "/api/v1/search?q=Vera",
        "/api/v1/persons?q=Vera",
        f"/api/v1/persons/{person}",
    ]


# Searches use other words of the same objects, so the echoed query never holds a marker.


def _seen(response: Any) -> str:
    headers = " ".join(f"{k}: {v}" for k, v in response.items())
    return response.content.decode(errors="replace") + headers


def _harvest(user: Any, w: dict[str, Any]) -> tuple[str, dict[str, int]]:
    client = Client()
    t.login(client, user)
    text, statuses = "", {}
    for path in _web_paths(w):
        r = client.get(path)
        statuses[path] = r.status_code
        text += _seen(r)
    pk = w["setup"].trajectory.pk
    for path, data in (
        (f"/kroongetuigen/{pk}/kring", {"first_name": "X", "last_name": "Y"}),
        (f"/kroongetuigen/{pk}/datum", {"planned_date": "2027-01-01", "reason": "x" * 12}),
    ):
        r = client.post(path, data)
        statuses[f"POST {path}"] = r.status_code
        text += _seen(r)
    api = t.api_client(user)
    for path in _api_paths(w):
        r = api.get(path)
        statuses[path] = r.status_code
        text += _seen(r)
        if path == API and r.status_code == 200:
            statuses["count"] = r.json().get("count", len(r.json().get("results", [])))
    r = api.patch(f"{API}/{pk}", {"status": "stopped", "reason": "x" * 12}, HTTP_IF_MATCH='"1"')
    statuses["PATCH"] = r.status_code
    text += _seen(r)
    r = api.post(f"{API}/{pk}/persons", {"person": w["entry"].person_id})
    text += _seen(r)
    return text, statuses


@pytest.fixture
def world() -> dict[str, Any]:
    w = _world()
    remove_member(w["setup"], w["outsiders"]["removed_member"])
    return w


@pytest.mark.parametrize(
    "who",
    [
        "inspector",
        "police_liaison",
        "analyst_outside",
        "protectee",
        "om_not_member",
        "removed_member",
    ],
)
def test_outsiders_never_reach_the_markers(world: dict[str, Any], who: str) -> None:
    user = world["outsiders"][who]
    text, statuses = _harvest(user, world)
    assert DESC_MARK not in text, who
    assert NAME_MARK not in text, who
    assert statuses.get("count", 0) == 0, (who, statuses)
    assert all(code < 500 for code in statuses.values()), (who, statuses)
    pk = world["setup"].trajectory.pk
    # Hidden answers exactly like absent.
    assert statuses[f"{API}/{pk}"] == statuses[f"{API}/{pk + 1000}"], (who, statuses)
    assert statuses["PATCH"] in (403, 404), (who, statuses)
    trajectory = world["setup"].trajectory
    trajectory.refresh_from_db()
    assert trajectory.status == "considered" and trajectory.planned_date is None


@pytest.mark.parametrize("who", ["om", "om2", "analyst", "decision_maker", "lcc"])
def test_members_reach_the_markers(world: dict[str, Any], who: str) -> None:
    user = world["members"][who]
    client = Client()
    t.login(client, user)
    page = client.get(f"/kroongetuigen/{world['setup'].trajectory.pk}").content.decode()
    assert DESC_MARK in page and NAME_MARK in page
    api = t.api_client(user)
    pk = world["setup"].trajectory.pk
    assert DESC_MARK in api.get(f"{API}/{pk}").content.decode()
    assert NAME_MARK in api.get(f"{API}/{pk}/persons").content.decode()
    assert api.get(API).json()["count"] == 1


def test_removed_member_had_access_before_removal() -> None:
    w = _world()
    removed = w["outsiders"]["removed_member"]
    pk = w["setup"].trajectory.pk
    assert DESC_MARK in t.api_client(removed).get(f"{API}/{pk}").content.decode()
    remove_member(w["setup"], removed)
    assert t.api_client(removed).get(f"{API}/{pk}").status_code == 404


# --- the readiness board and the publication gate (issue 16) ------------------------------

OUTSIDERS = [
    "inspector",
    "police_liaison",
    "analyst_outside",
    "protectee",
    "om_not_member",
    "removed_member",
]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_never_reach_the_readiness_board(world: dict[str, Any], who: str) -> None:
    user = world["outsiders"][who]
    pk = world["setup"].trajectory.pk
    client = Client()
    t.login(client, user)
    api = t.api_client(user)
    seen, statuses = "", {}
    for path in (f"/kroongetuigen/{pk}/gereedheid", f"/kroongetuigen/{pk + 1000}/gereedheid"):
        r = client.get(path)
        statuses[path] = r.status_code
        seen += _seen(r)
    for path, data in (
        (f"/kroongetuigen/{pk}/bekendmaking", {"reason": "x" * 12, "version": 1}),
        (f"/kroongetuigen/{pk}/verklaring", {"reference": "PV-1", "reason": "x" * 12}),
    ):
        r = client.post(path, data)
        statuses[f"POST {path}"] = r.status_code
        seen += _seen(r)
    for path in (f"{API}/{pk}/readiness", f"{API}/{pk + 1000}/readiness"):
        r = api.get(path)
        statuses[path] = r.status_code
        seen += _seen(r)
    r = api.post(f"{API}/{pk}/publication", {"reason": "x" * 12}, HTTP_IF_MATCH='"1"')
    statuses["publication"] = r.status_code
    seen += _seen(r)
    r = api.post(f"{API}/{pk}/statement-disclosures", {"reference": "PV-1", "reason": "x" * 12})
    statuses["disclosure"] = r.status_code
    seen += _seen(r)
    assert DESC_MARK not in seen and NAME_MARK not in seen, who
    assert statuses[f"{API}/{pk}/readiness"] == statuses[f"{API}/{pk + 1000}/readiness"] == 404
    assert statuses[f"/kroongetuigen/{pk}/gereedheid"] == 404, (who, statuses)
    assert statuses["publication"] in (403, 404) and statuses["disclosure"] in (403, 404)
    assert all(code in (403, 404) for k, code in statuses.items() if k.startswith("POST"))
    world["setup"].trajectory.refresh_from_db()
    assert world["setup"].trajectory.status == "considered"


@pytest.mark.parametrize("who", ["om", "analyst", "lcc"])
def test_members_see_the_circle_on_the_readiness_board(world: dict[str, Any], who: str) -> None:
    user = world["members"][who]
    pk = world["setup"].trajectory.pk
    client = Client()
    t.login(client, user)
    r = client.get(f"/kroongetuigen/{pk}/gereedheid")
    assert r.status_code == 200 and NAME_MARK in r.content.decode()
    # The board shows readiness, never the trajectory's description.
    assert DESC_MARK not in r.content.decode()
    r = t.api_client(user).get(f"{API}/{pk}/readiness")
    assert r.status_code == 200 and DESC_MARK not in r.content.decode()
