"""Leak hunt for crown-witness trajectories, their circle, weighing and review.

Unique markers are planted in a trajectory's description, in the name of a person in its
circle, in the texts of its weighing, in an expert's contribution and in the reasons of an
independent review. Every role outside the trajectory's compartment (an inspector, a police
liaison, an analyst outside, the witness themselves as protectee, an OM officer and an
independent reviewer who are not members) and members after removal must not reach any
marker through any page, API endpoint, list, count, search or error message; the members do
reach them (so the hunt can fail). The independent reviewer, a member, reaches the weighing,
the contribution and the review, but never the description or a person's name.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from weerstand import testing as t
from weerstand.accounts.models import User
from weerstand.crownwitness import services, weighings
from weerstand.crownwitness.models import Review, Weighing, WeighingContribution
from weerstand.crownwitness.tests.helpers import (
    add_member,
    open_trajectory,
    remove_member,
    weighing_data,
)
from weerstand.registry.services import PersonData

pytestmark = pytest.mark.django_db

DESC_MARK = "LEAKTRAJ7F3Q"
NAME_MARK = "Leakname9X2"
WEIGH_MARK = "LEAKWEIGH4K8P"
CONTRIB_MARK = "LEAKCONTRIB2W6"
REVIEW_MARK = "LEAKREVIEW5M1"
WORK_MARKS = (WEIGH_MARK, CONTRIB_MARK, REVIEW_MARK)
ALL_MARKS = (DESC_MARK, NAME_MARK, *WORK_MARKS)
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
    reviewer = t.user("independent_reviewer")
    removed_reviewer = t.user("independent_reviewer")
    for member in (reviewer, removed_reviewer):
        add_member(s, member)
    members["reviewer"] = reviewer
    weighings.record_weighing(
        s.om,
        s.trajectory.pk,
        weighing_data(
            safety_risks=f"Dreiging {WEIGH_MARK} tegen de kring",
            conclusion=f"Doorgaan {WEIGH_MARK} na afweging",
        ),
    )
    weighings.add_contribution(
        members["analyst"], s.trajectory.pk, "safety", f"Dreigingsbeeld {CONTRIB_MARK} actueel"
    )
    weighings.record_review(
        reviewer,
        s.trajectory.pk,
        "independent_committee",
        "negative",
        f"Motivering {REVIEW_MARK} van de toetser",
    )
    outsiders = {
        "inspector": t.user("inspector"),
        "police_liaison": t.user("police_liaison"),
        "analyst_outside": t.user("analyst"),
        "protectee": User.objects.get(pk=protectee.pk),
        "om_not_member": t.user("om_officer"),
        "removed_member": removed,
        "reviewer_outside": t.user("independent_reviewer"),
        "removed_reviewer": removed_reviewer,
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
        f"{API}/{pk}/weighings",
        f"{API}/{pk}/weighings/1",
        f"{API}/{pk}/weighing-contributions",
        f"{API}/{pk}/reviews",
        f"{API}/{pk}/outline",
        f"{API}/{pk + 1000}/weighings",
        f"{API}/{pk + 1000}/outline",
        "/api/v1/search?q=Dreiging",
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
        (f"/kroongetuigen/{pk}/weging", {"based_on": 0}),
        (f"/kroongetuigen/{pk}/bijdrage", {"kind": "ethics", "text": "kort"}),
        (f"/kroongetuigen/{pk}/toetsing", {"body": "examining_judge", "reasons": "kort"}),
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
    for path, body in (
        ("weighings", {"outcome": "stop"}),
        ("weighing-contributions", {"kind": "ethics", "text": "kort"}),
        ("reviews", {"body": "examining_judge", "verdict": "positive", "reasons": "kort"}),
    ):
        r = api.post(f"{API}/{pk}/{path}", body)
        statuses[f"POST {path}"] = r.status_code
        text += _seen(r)
    return text, statuses


def _counts() -> tuple[int, int, int]:
    return (Weighing.objects.count(), WeighingContribution.objects.count(), Review.objects.count())


@pytest.fixture
def world() -> dict[str, Any]:
    w = _world()
    remove_member(w["setup"], w["outsiders"]["removed_member"])
    remove_member(w["setup"], w["outsiders"]["removed_reviewer"])
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
        "reviewer_outside",
        "removed_reviewer",
    ],
)
def test_outsiders_never_reach_the_markers(world: dict[str, Any], who: str) -> None:
    user = world["outsiders"][who]
    before = _counts()
    text, statuses = _harvest(user, world)
    for marker in ALL_MARKS:
        assert marker not in text, (who, marker)
    assert _counts() == before, who
    for key in ("POST weighings", "POST weighing-contributions", "POST reviews"):
        assert statuses[key] in (400, 403, 404), (who, key, statuses)
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
    for marker in ALL_MARKS:
        assert marker in page, (who, marker)
    api = t.api_client(user)
    pk = world["setup"].trajectory.pk
    assert DESC_MARK in api.get(f"{API}/{pk}").content.decode()
    assert NAME_MARK in api.get(f"{API}/{pk}/persons").content.decode()
    assert WEIGH_MARK in api.get(f"{API}/{pk}/weighings/1").content.decode()
    assert CONTRIB_MARK in api.get(f"{API}/{pk}/weighing-contributions").content.decode()
    assert REVIEW_MARK in api.get(f"{API}/{pk}/reviews").content.decode()
    assert api.get(API).json()["count"] == 1


def test_reviewer_reaches_the_review_material_but_no_names_or_description(
    world: dict[str, Any],
) -> None:
    """Through every page and endpoint of the hunt, the reviewer's own included."""
    reviewer = world["members"]["reviewer"]
    before = _counts()
    text, statuses = _harvest(reviewer, world)
    assert DESC_MARK not in text and NAME_MARK not in text
    for marker in WORK_MARKS:
        assert marker in text, marker
    assert _counts() == before
    pk = world["setup"].trajectory.pk
    assert statuses[f"/kroongetuigen/{pk}"] == 200
    assert statuses[f"{API}/{pk}/outline"] == 200
    # The trajectory row, its circle and its persons stay closed, like absent ones.
    for path in (f"{API}/{pk}", f"{API}/{pk}/persons", "/api/v1/persons?q=Vera"):
        assert statuses[path] in (403, 404) or statuses.get("count", 0) == 0, (path, statuses)
    assert statuses[f"{API}/{pk}"] == statuses[f"{API}/{pk + 1000}"] == 404
    assert statuses.get("count", 0) == 0  # the trajectory list shows it to members in full only
    assert all(code < 500 for code in statuses.values()), statuses


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
