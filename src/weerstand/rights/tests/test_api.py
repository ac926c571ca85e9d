"""The rights API: objections (+ outcomes, extensions), framework versions, acknowledgements."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from weerstand import testing as t
from weerstand.rights.tests import builders as b

pytestmark = pytest.mark.django_db

GROUNDS = "Ik ben het niet eens met het stoppen van de beveiliging."


def test_objection_lifecycle_through_the_api() -> None:
    w = b.world()
    officer = t.user("appeal_officer", organisation=t.org("appeal_body"))
    person = t.api_client(w.protectee_user)
    resp = person.post("/api/v1/objections", {"decision": w.decision.pk, "grounds": GROUNDS})
    assert resp.status_code == 201, resp.content
    body = resp.json()
    assert body["grounds"] == GROUNDS and body["isLate"] is False and body["channel"] == "portal"
    assert resp["Location"] == f"/api/v1/objections/{body['id']}"
    oid = body["id"]
    unknown = person.post("/api/v1/objections", {"decision": w.decision.pk, "grounds": GROUNDS,
                                                 "status": "decided"})  # fmt: skip
    assert unknown.status_code == 400
    # The person cannot decide on their own objection.
    assert person.post(f"/api/v1/objections/{oid}/outcomes", {"outcome": "founded",
                       "reasoning": "x" * 30}).status_code == 404  # fmt: skip
    api = t.api_client(officer)
    got = api.get(f"/api/v1/objections/{oid}")
    assert got.status_code == 200 and got["ETag"] == '"1"'
    ext = api.post(
        f"/api/v1/objections/{oid}/extensions",
        {"reason": "Hoorzitting gepland met de indiener."},
        HTTP_IF_MATCH='"1"',
    )
    assert ext.status_code == 201 and ext.json()["extendedUntil"]
    stale = api.post(f"/api/v1/objections/{oid}/outcomes",
                     {"outcome": "founded", "reasoning": "De gevolgen zijn niet gewogen."},
                     HTTP_IF_MATCH='"1"')  # fmt: skip
    assert stale.status_code == 412
    assert stale["Content-Type"].startswith("application/problem+json")
    done = api.post(f"/api/v1/objections/{oid}/outcomes",
                    {"outcome": "founded", "reasoning": "De gevolgen zijn niet gewogen."},
                    HTTP_IF_MATCH='"2"')  # fmt: skip
    assert done.status_code == 201
    assert done.json()["requiresNewDecision"] is True and done.json()["outcome"] == "founded"
    again = api.post(f"/api/v1/objections/{oid}/outcomes",
                     {"outcome": "unfounded", "reasoning": "Toch maar niet gegrond."})  # fmt: skip
    assert again.status_code == 409
    listed = api.get("/api/v1/objections").json()
    assert [o["id"] for o in listed["results"]] == [oid]


def test_paper_objection_through_the_api_by_the_team() -> None:
    w = b.world(approved_at=timezone.now() - timedelta(weeks=7))
    api = t.api_client(w.analyst)
    resp = api.post(
        "/api/v1/objections",
        {
            "decision": w.decision.pk,
            "grounds": GROUNDS,
            "objectorName": "S. Wijnberg",
            "receivedOn": timezone.localdate().isoformat(),
            "latenessReason": "Brief kwam niet aan.",
        },
    )
    assert resp.status_code == 201, resp.content
    assert resp.json()["channel"] == "paper" and resp.json()["isLate"] is True


def test_frameworks_and_acknowledgements_through_the_api() -> None:
    w = b.world()
    dm = t.api_client(w.decider)
    payload = {
        "title": "Kader",
        "effectiveFrom": timezone.localdate().isoformat(),
        "personText": "U volgt de afspraken.",
        "employerText": "De werkgever helpt.",
        "stateText": "De overheid beveiligt.",
    }
    resp = dm.post("/api/v1/rights-frameworks", payload)
    assert resp.status_code == 201, resp.content
    fid = resp.json()["id"]
    assert (
        t.api_client(w.protectee_user).post("/api/v1/rights-frameworks", payload).status_code == 403
    )
    # In force: frozen (409); without If-Match: 428.
    assert dm.patch(f"/api/v1/rights-frameworks/{fid}", {"title": "X"}).status_code == 428
    frozen = dm.patch(f"/api/v1/rights-frameworks/{fid}", {"title": "X"}, HTTP_IF_MATCH='"1"')
    assert frozen.status_code == 409
    person = t.api_client(w.protectee_user)
    ack = person.post("/api/v1/framework-acknowledgements", {"framework": fid})
    assert ack.status_code == 201 and ack.json()["framework"] == fid
    mine = person.get("/api/v1/framework-acknowledgements").json()
    assert len(mine["results"]) == 1
    # Another portal user does not see this person's acknowledgement.
    stranger = t.user("protectee", clearance=0)
    assert t.api_client(stranger).get("/api/v1/framework-acknowledgements").json()["results"] == []
    # The case owner does (the person is in their case).
    owner = t.api_client(w.analyst).get("/api/v1/framework-acknowledgements").json()
    assert len(owner["results"]) == 1
