"""The case team, managed by its owner, on a brand-new case through the API.

Membership opens a case; these tests check who may change it, who may be added with which
function, that the case is never left without an owner, and that a removal closes the case at
once for the removed member.
"""

from __future__ import annotations

from typing import Any

import pytest

from weerstand import testing as t
from weerstand.accounts.roles import Clearance
from weerstand.audit.models import AuditRecord
from weerstand.cases.models import Case, CaseEvent
from weerstand.policy.models import Alert, CompartmentMembership

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, Any]:
    """A referral by a police liaison, triaged by an analyst who advises the authority to
    designate (and thereby becomes its owner), all through the API."""
    nctv = t.org("nctv", code="NCTV-T")
    people = {
        "referrer": t.user("police_liaison"),
        "owner": t.user("analyst", organisation=nctv),
        "analyst2": t.user("analyst", organisation=nctv),
        "decider": t.user("decision_maker", organisation=nctv),
        "lcc": t.user("lcc_coordinator"),
        "mayor": t.user("mayor"),
        "low": t.user("decision_maker", organisation=nctv, clearance=Clearance.UNCLASSIFIED),
        "stranger": t.user("analyst", organisation=nctv),
    }
    referrer = t.api_client(people["referrer"])
    resp = referrer.post(
        "/api/v1/cases",
        {
            "newProtectee": {"firstName": "Ilse", "lastName": "Teamtest"},
            "phenomenon": "organised_crime",
            "severity": "serious",
            "summary": "Bedreiging na getuigenis in een liquidatiezaak",
            "classification": 1,
        },
    )
    assert resp.status_code == 201, resp.content
    case_id = resp.json()["id"]
    owner = t.api_client(people["owner"])
    for body in (
        {"name": "start_triage", "reason": "Ernstige dreiging"},
        {"name": "advise_authority", "advice": "national", "reason": "Ernstige dreiging"},
    ):
        r = owner.post(f"/api/v1/cases/{case_id}/transitions", body)
        assert r.status_code == 201, r.content
    return {"case_id": case_id, **people}


def add(world: dict[str, Any], who: str, function: str | None = None, by: str = "owner") -> Any:
    body: dict[str, Any] = {"user": world[who].pk, "reason": "Nodig voor het besluit"}
    if function:
        body["function"] = function
    return t.api_client(world[by]).post(f"/api/v1/cases/{world['case_id']}/team-members", body)


def members(world: dict[str, Any], as_: str = "owner") -> dict[int, dict[str, Any]]:
    """The team as the API shows it to `as_`, by user id."""
    resp = t.api_client(world[as_]).get(f"/api/v1/cases/{world['case_id']}/team-members")
    assert resp.status_code == 200, resp.content
    return {m["user"]["id"]: m for m in resp.json()["results"]}


def test_the_routing_analyst_owns_the_new_case_and_sees_its_team(world) -> None:
    team = members(world)
    assert [m["function"] for m in team.values()] == ["owner"]
    assert team[world["owner"].pk]["user"]["displayName"] == world["owner"].display_name


def test_owner_adds_a_decision_maker_who_then_sees_the_case_and_is_told(world) -> None:
    decider = t.api_client(world["decider"])
    case_url = f"/api/v1/cases/{world['case_id']}"
    assert decider.get(case_url).status_code == 404
    resp = add(world, "decider", "decision_maker")
    assert resp.status_code == 201, resp.content
    assert resp.json()["function"] == "decision_maker"
    assert decider.get(case_url).status_code == 200
    assert Alert.objects.filter(recipient=world["decider"], case=world["case_id"]).exists()
    event = CaseEvent.objects.filter(case=world["case_id"], kind="team_added").get()
    assert "Nodig voor het besluit" in event.reason
    assert AuditRecord.objects.filter(
        case_id=world["case_id"], changes__team__1=f"+{world['decider'].username}:decision_maker"
    ).exists()
    # The new member sees the team too (a case team is visible to whoever sees the case).
    assert set(members(world, as_="decider")) == {world["owner"].pk, world["decider"].pk}


def test_without_a_function_the_role_decides(world) -> None:
    assert add(world, "lcc").json()["function"] == "coordinator"
    assert add(world, "analyst2").json()["function"] == "analyst"


def test_only_the_owner_manages_the_team(world) -> None:
    assert add(world, "analyst2").status_code == 201
    # A member who is not the owner may see the case but not change its team.
    resp = add(world, "decider", by="analyst2")
    assert resp.status_code == 403
    assert resp["Content-Type"] == "application/problem+json"
    # Someone who cannot see the case gets the same answer as for a case that does not exist.
    hidden = add(world, "decider", by="stranger")
    absent = t.api_client(world["stranger"]).post(
        "/api/v1/cases/999999/team-members", {"user": world["decider"].pk, "reason": "x" * 10}
    )
    assert hidden.status_code == absent.status_code == 404
    assert hidden.json()["detail"] == absent.json()["detail"]


@pytest.mark.parametrize(
    ("who", "function", "code"),
    [
        ("mayor", None, "not-allowed"),  # informed through notifications, never in the team
        ("mayor", "coordinator", "not-allowed"),
        ("lcc", "decision_maker", "not-allowed"),  # the role does not fit the function
        ("low", "decision_maker", "not-allowed"),  # clearance below the classification
    ],
)
def test_only_fitting_roles_within_clearance_join(world, who, function, code) -> None:
    resp = add(world, who, function)
    assert resp.status_code == 400, resp.content
    assert {p["code"] for p in resp.json()["invalidParams"]} == {code}
    assert not CompartmentMembership.objects.filter(user=world[who]).exists()


def test_a_restricting_compartment_admits_only_its_members(world) -> None:
    case = Case.objects.get(pk=world["case_id"])
    t.restrict(case, members=(world["owner"],))
    resp = add(world, "decider", "decision_maker")
    assert resp.status_code == 400
    assert "compartiment" in resp.json()["detail"]


def test_adding_twice_or_an_unknown_user_or_field_is_refused(world) -> None:
    assert add(world, "decider").status_code == 201
    assert add(world, "decider").json()["invalidParams"][0]["code"] == "already-member"
    owner = t.api_client(world["owner"])
    url = f"/api/v1/cases/{world['case_id']}/team-members"
    resp = owner.post(url, {"user": 10**8, "reason": "Nodig voor het besluit"})
    assert resp.json()["invalidParams"][0]["code"] == "does-not-exist"
    resp = owner.post(url, {"user": world["lcc"].pk, "reason": "ok hoor", "role": "owner"})
    assert resp.status_code == 400 and resp.json()["invalidParams"][0]["name"] == "role"
    resp = owner.post(url, {"user": world["lcc"].pk})
    assert resp.status_code == 400 and resp.json()["invalidParams"][0]["name"] == "reason"


def test_removal_closes_the_case_at_once(world) -> None:
    member = add(world, "decider", "decision_maker").json()
    decider = t.api_client(world["decider"])
    assert decider.get(f"/api/v1/cases/{world['case_id']}").status_code == 200
    owner = t.api_client(world["owner"])
    url = f"/api/v1/cases/{world['case_id']}/team-members/{member['id']}"
    assert owner.delete(url, {}).status_code == 400  # a reason is required
    resp = owner.delete(url, {"reason": "Besluit genomen, taak afgerond"})
    assert resp.status_code == 204
    assert decider.get(f"/api/v1/cases/{world['case_id']}").status_code == 404
    listing = decider.get("/api/v1/cases").json()
    assert world["case_id"] not in [c["id"] for c in listing["results"]]
    # The alert about joining is no longer readable; the removal notice names no content.
    visible = Alert.objects.filter(recipient=world["decider"], read_at__isnull=True)
    from weerstand.core.dashboard import visible_alerts

    shown = [a.message for a in visible_alerts(world["decider"])]
    assert all("toegevoegd" not in m for m in shown)
    assert any("uit het casusteam" in m for m in shown)
    assert visible.count() >= 1


def test_the_last_owner_cannot_leave_or_step_down(world) -> None:
    owner_member = next(iter(members(world).values()))
    owner = t.api_client(world["owner"])
    url = f"/api/v1/cases/{world['case_id']}/team-members/{owner_member['id']}"
    resp = owner.delete(url, {"reason": "Ik stop met deze zaak"})
    assert resp.status_code == 400
    assert resp.json()["invalidParams"][0]["code"] == "last-owner"
    resp = owner.patch(url, {"function": "analyst", "reason": "Ik stop met deze zaak"})
    assert resp.json()["invalidParams"][0]["code"] == "last-owner"


def test_handing_over_ownership(world) -> None:
    member = add(world, "analyst2").json()
    owner = t.api_client(world["owner"])
    resp = owner.post(
        f"/api/v1/cases/{world['case_id']}/owner-handovers",
        {"member": member["id"], "reason": "Overdracht wegens verlof"},
    )
    assert resp.status_code == 201, resp.content
    team = members(world)
    assert team[world["analyst2"].pk]["function"] == "owner"
    assert team[world["owner"].pk]["function"] == "analyst"
    # The former owner no longer manages the team; the new one does.
    assert add(world, "decider").status_code == 403
    assert add(world, "decider", by="analyst2").status_code == 201
    assert Alert.objects.filter(recipient=world["analyst2"], message__contains="eigenaar").exists()


def test_a_decision_maker_cannot_be_made_owner(world) -> None:
    member = add(world, "decider").json()
    resp = t.api_client(world["owner"]).post(
        f"/api/v1/cases/{world['case_id']}/owner-handovers",
        {"member": member["id"], "reason": "Overdracht wegens verlof"},
    )
    assert resp.status_code == 400


def test_candidates_are_the_eligible_users_not_yet_in_the_team(world) -> None:
    owner = t.api_client(world["owner"])
    url = f"/api/v1/cases/{world['case_id']}/team-candidates?function=decision_maker"
    ids = {u["id"] for u in owner.get(url).json()["results"]}
    assert world["decider"].pk in ids
    assert world["low"].pk not in ids and world["lcc"].pk not in ids
    add(world, "decider")
    ids = {u["id"] for u in owner.get(url).json()["results"]}
    assert world["decider"].pk not in ids
    # A role without any grant to change cases finds nothing here; a member who may change
    # the case but does not own it is refused with the service's words.
    assert t.api_client(world["decider"]).get(url).status_code == 404
    add(world, "analyst2")
    resp = t.api_client(world["analyst2"]).get(url)
    assert resp.status_code == 403 and "eigenaar" in resp.json()["detail"]
    assert owner.get(url.replace("decision_maker", "king")).status_code == 400
