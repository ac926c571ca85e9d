"""`/api/v1/plan-runs`, `/officers`, `/units`: same policy as the pages, problem+json errors."""

from __future__ import annotations

import pytest
from django.utils import timezone

from weerstand import testing as t
from weerstand.capacity.models import Officer, PlanRun
from weerstand.capacity.tests import builders as b

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def world() -> dict:
    police = t.org("police", code="pol")
    kmar = t.org("kmar", code="km")
    lcc = t.user("lcc_coordinator")
    owner = t.user("analyst")
    pu, ku = b.unit(police, "dkdb"), b.unit(kmar, "hrb")
    seen = t.case(owner, owner=owner, team=(lcc,))
    hidden = t.case(owner, owner=owner)
    t.restrict(hidden, members=(owner,))
    b.officer(pu, "personal_protection", badge="POL-1")
    b.officer(ku, "personal_protection", badge="KM-1")
    b.assignment(seen, police, officers=2, priority=20, resistance=4, mixed=True)
    secret = b.assignment(hidden, police, officers=1, priority=3, resistance=1)
    return {
        "police": police,
        "kmar": kmar,
        "lcc": lcc,
        "hidden": hidden,
        "secret": secret,
        "pu": pu,
        "ku": ku,
    }


def test_create_run_retrieve_shortages_and_confirm(world) -> None:
    api = t.api_client(world["lcc"])
    response = api.post(
        "/api/v1/plan-runs", {"start": TODAY.isoformat(), "days": 2, "timeLimit": 5}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] in ("OPTIMAL", "FEASIBLE")
    for key in ("solveSeconds", "objective", "bestBound", "gap", "coverage"):
        assert key in body
    # The proven coverage bound is part of the plan run, stored and served with it.
    assert body["coverageBoundMethod"] in ("lp", "flow")
    assert body["coverage"] <= body["coverageUpperBound"] <= 1.0
    assert body["coveredTotal"] <= body["coveredUpperBound"] <= body["requiredTotal"]
    assert body["coverageBoundGap"] == pytest.approx(body["coverageUpperBound"] - body["coverage"])
    stored = PlanRun.objects.get(pk=body["id"])
    assert stored.covered_upper_bound == body["coveredUpperBound"]
    run_id = body["id"]
    got = api.get(f"/api/v1/plan-runs/{run_id}")
    assert got.status_code == 200 and got["ETag"]
    shortages = api.get(f"/api/v1/plan-runs/{run_id}/shortages").json()
    # The only short assignment is in a crown-witness compartment the LCC is not in.
    assert shortages["results"] == [] if "results" in shortages else shortages == []
    assert world["secret"].reference not in str(shortages)
    refused = api.post(f"/api/v1/plan-runs/{run_id}/prioritisation-confirmations", {"reason": ""})
    assert refused.status_code == 400
    assert refused["Content-Type"] == "application/problem+json"
    ok = api.post(
        f"/api/v1/plan-runs/{run_id}/prioritisation-confirmations",
        {"reason": "Zwaarste beveiliging eerst; besproken."},
    )
    assert ok.status_code == 201
    assert ok.json()["tasksCreated"] == 1
    again = api.post(
        f"/api/v1/plan-runs/{run_id}/prioritisation-confirmations", {"reason": "Nog eens hoor."}
    )
    assert again.status_code == 400
    listed = api.get(f"/api/v1/plan-runs/{run_id}/prioritisation-confirmations").json()
    # A page like every other array of the API (API Design Rules).
    assert listed["count"] == 1 and len(listed["results"]) == 1 and listed["next"] is None


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"start": TODAY.isoformat(), "days": 90}, "days"),
        ({"start": TODAY.isoformat(), "days": 3, "timeLimit": -1}, "timeLimit"),
        ({"start": "morgen", "days": 3}, "start"),
        ({"start": TODAY.isoformat(), "days": 3, "wish": "snel"}, "wish"),
    ],
)
def test_malformed_plan_requests_get_problem_json(world, body, param) -> None:
    response = t.api_client(world["lcc"]).post("/api/v1/plan-runs", body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert param in {p["name"] for p in response.json()["invalidParams"]}
    assert not PlanRun.objects.exists()


def test_no_officers_problem(world) -> None:
    Officer.objects.all().delete()
    response = t.api_client(world["lcc"]).post(
        "/api/v1/plan-runs", {"start": TODAY.isoformat(), "days": 3}
    )
    assert response.status_code == 400
    assert "medewerkers" in response.json()["detail"]


def test_officers_and_units_are_scoped_by_organisation(world) -> None:
    planner = t.user("unit_planner", organisation=world["kmar"])
    api = t.api_client(planner)
    officers = api.get("/api/v1/officers").json()
    text = str(officers)
    assert "KM-1" in text and "POL-1" not in text
    units = str(api.get("/api/v1/units").json())
    assert world["ku"].code in units and world["pu"].code not in units
    police_officer = Officer.objects.get(unit=world["pu"])
    assert api.get(f"/api/v1/officers/{police_officer.pk}").status_code == 404
    # Unit planners do not plan.
    assert api.post("/api/v1/plan-runs", {"start": TODAY.isoformat(), "days": 1}).status_code == 403


def test_advisory_body_gets_nothing(world) -> None:
    api = t.api_client(t.user("advisory_body"))
    assert api.get("/api/v1/officers").json().get("results", []) == []
    assert api.get("/api/v1/units").json().get("results", []) == []
    assert api.get("/api/v1/plan-runs").json().get("results", []) == []
