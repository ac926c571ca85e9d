"""Trajectory API and pages: strict bodies, If-Match, problem+json, audit of reads, and the
web pages for members only."""

from __future__ import annotations

import pytest
from django.test import Client

from weerstand import testing as t
from weerstand.audit.models import AuditAction
from weerstand.crownwitness.models import CirclePerson, PlannedDateChange, Trajectory
from weerstand.crownwitness.tests.helpers import add_member, add_weerstand_person, open_trajectory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/crown-witness-trajectories"


def test_api_open_list_and_read() -> None:
    om, om2 = t.user("om_officer"), t.user("om_officer")
    api = t.api_client(om)
    r = api.post(
        BASE,
        {"title": "Traject API", "coOwner": om2.pk, "reason": "Toezegging in overweging"},
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["status"] == "considered"
    assert r["Location"].endswith(f"/{pk}")
    r = api.get(BASE)
    assert r.status_code == 200
    assert [row["id"] for row in r.json()["results"]] == [pk]
    r = api.get(f"{BASE}/{pk}")
    assert r.status_code == 200 and r["ETag"] == '"1"'
    assert t.last_audit(object_type="crownwitness.trajectory").action == AuditAction.READ


def test_api_strict_body_and_non_om() -> None:
    om2 = t.user("om_officer")
    r = t.api_client(t.user("om_officer")).post(
        BASE, {"title": "Traject", "coOwner": om2.pk, "reason": "r" * 12, "identity": "x"}
    )
    assert r.status_code == 400
    assert r["Content-Type"].startswith("application/problem+json")
    r = t.api_client(t.user("analyst")).post(
        BASE, {"title": "Traject", "coOwner": om2.pk, "reason": "r" * 12}
    )
    assert r.status_code == 403


def test_api_patch_date_and_status_with_if_match() -> None:
    s = open_trajectory()
    api = t.api_client(s.om)
    url = f"{BASE}/{s.trajectory.pk}"
    r = api.patch(url, {"plannedDate": "2027-03-01", "reason": "Zitting gepland"})
    assert r.status_code == 428
    r = api.patch(
        url, {"plannedDate": "2027-03-01", "reason": "Zitting gepland"}, HTTP_IF_MATCH='"9"'
    )
    assert r.status_code == 412
    r = api.patch(
        url,
        {"plannedDate": "2027-03-01", "status": "running", "reason": "Zitting gepland"},
        HTTP_IF_MATCH='"1"',
    )
    assert r.status_code == 200, r.content
    assert r.json()["plannedDate"] == "2027-03-01"
    assert r.json()["status"] == "running"
    assert r["ETag"] == '"3"'
    assert PlannedDateChange.objects.filter(trajectory=s.trajectory).count() == 1
    r = api.patch(url, {"plannedDate": "2027-04-01"}, HTTP_IF_MATCH='"3"')
    assert r.status_code == 400  # a reason is required


def test_api_persons_add_and_list() -> None:
    s = open_trajectory()
    api = t.api_client(s.om)
    url = f"{BASE}/{s.trajectory.pk}/persons"
    r = api.post(
        url,
        {
            "newPerson": {"firstName": "Kees", "lastName": "Broer"},
            "relation": "sibling",
            "coverage": "weerstand",
            "reason": "Kring in kaart brengen",
        },
    )
    assert r.status_code == 201, r.content
    assert r.json()["addedLate"] is False
    r = api.post(
        url,
        {
            "newPerson": {"firstName": "Moe", "lastName": "Der", "address": "x"},
            "relation": "parent",
            "coverage": "weerstand",
            "reason": "Kring in kaart brengen",
        },
    )
    assert r.status_code == 400
    r = api.post(
        url,
        {
            "newPerson": {"firstName": "Moe", "lastName": "Der"},
            "relation": "parent",
            "coverage": "programme",
            "programme": "Getuigenbescherming",
            "coverageReason": "Nieuwe identiteit met de getuige.",
            "reason": "Kring in kaart brengen",
        },
    )
    assert r.status_code == 201, r.content
    r = api.get(url)
    assert r.status_code == 200
    rows = r.json()["results"]
    assert [p["relation"] for p in rows] == ["sibling", "parent"]
    assert rows[1]["programme"] == "Getuigenbescherming"
    assert t.last_audit(object_type="crownwitness.circleperson").action == AuditAction.LIST


def test_api_non_member_gets_404() -> None:
    s = open_trajectory()
    add_weerstand_person(s)
    for u in (t.user("om_officer"), t.user("inspector"), t.user("analyst")):
        api = t.api_client(u)
        assert api.get(f"{BASE}/{s.trajectory.pk}").status_code == 404
        assert api.get(f"{BASE}/{s.trajectory.pk}/persons").status_code in (403, 404)
        listed = api.get(BASE)
        assert listed.status_code in (200, 403)
        if listed.status_code == 200:
            assert listed.json()["results"] == []


def test_pages_for_members() -> None:
    s = open_trajectory(description="Beschrijving van het traject")
    analyst = t.user("analyst")
    add_member(s, analyst)
    client = Client()
    t.login(client, s.om)
    r = client.get("/kroongetuigen/")
    assert r.status_code == 200 and "Traject Test" in r.content.decode()
    r = client.get(f"/kroongetuigen/{s.trajectory.pk}")
    assert r.status_code == 200 and "Beschrijving van het traject" in r.content.decode()
    r = client.post(
        f"/kroongetuigen/{s.trajectory.pk}/kring",
        {
            "first_name": "Anna",
            "last_name": "Zus",
            "relation": "sibling",
            "coverage": "weerstand",
            "reason": "Kring in kaart brengen",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    assert CirclePerson.objects.filter(trajectory=s.trajectory, person__first_name="Anna").exists()
    r = client.post(
        f"/kroongetuigen/{s.trajectory.pk}/datum",
        {"planned_date": "2027-03-01", "reason": "Zitting gepland", "version": 2},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    assert str(Trajectory.objects.get(pk=s.trajectory.pk).planned_date) == "2027-03-01"
    # A member without the change grant sees the page without the forms.
    other = Client()
    t.login(other, analyst)
    r = other.get(f"/kroongetuigen/{s.trajectory.pk}")
    assert r.status_code == 200
    body = r.content.decode()
    assert "Anna" in body and "/kring" not in body
    r = other.post(
        f"/kroongetuigen/{s.trajectory.pk}/datum",
        {"planned_date": "2027-05-01", "reason": "Zitting verplaatst", "version": 3},
    )
    assert r.status_code == 403
    assert str(Trajectory.objects.get(pk=s.trajectory.pk).planned_date) == "2027-03-01"
