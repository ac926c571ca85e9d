"""`/api/v1/persons` and `/api/v1/limitative-list-entries`: reached through cases, secret
fields only with their own grant, registrations shown once."""

from __future__ import annotations

from typing import Any

import pytest

from weerstand import testing as t
from weerstand.accounts.roles import Clearance
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction, AuditRecord
from weerstand.cases.models import CaseState
from weerstand.core.api.problems import PROBLEM_CT
from weerstand.registry.models import LimitativeEntry, Person, ProgrammeCover

pytestmark = pytest.mark.django_db

CONTACT = {"homeAddress", "phoneNumbers"}


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM_CT
    return response.json()


@pytest.fixture
def world() -> dict[str, Any]:
    referrer = t.user("police_liaison")
    owner, outsider = t.user("analyst"), t.user("analyst")
    anna = t.person(
        "Anna", "Jansen", home_address="Kerkstraat 1, Utrecht", phone_numbers="06-12345678"
    )
    bram = t.person("Bram", "Peters", home_address="Dorpsweg 2, Ede")
    ours = t.case(referrer, protectee=anna, owner=owner, state=CaseState.ASSESSMENT)
    theirs = t.case(referrer, protectee=bram, owner=outsider, state=CaseState.ASSESSMENT)
    return {
        "owner": owner,
        "outsider": outsider,
        "anna": anna,
        "bram": bram,
        "ours": ours,
        "theirs": theirs,
    }


def test_persons_of_hidden_cases_are_absent_from_lists_and_404(world: dict[str, Any]) -> None:
    client = t.api_client(world["owner"])
    body = client.get("/api/v1/persons").json()
    assert body["count"] == 1
    assert [p["lastName"] for p in body["results"]] == ["Jansen"]
    assert not CONTACT & set(body["results"][0])  # lists never carry contact fields
    hidden = _problem(client.get(f"/api/v1/persons/{world['bram'].pk}"), 404)
    absent = _problem(client.get("/api/v1/persons/987654"), 404)
    hidden.pop("instance"), absent.pop("instance")
    assert hidden == absent
    assert client.get("/api/v1/persons?q=pet").json()["count"] == 0
    record = t.last_audit(action=AuditAction.SEARCH)
    assert record.changes == {"ids": [], "q": "pet"}


def test_contact_fields_for_the_team_analyst(world: dict[str, Any]) -> None:
    response = t.api_client(world["owner"]).get(f"/api/v1/persons/{world['anna'].pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["homeAddress"] == "Kerkstraat 1, Utrecht"
    assert body["phoneNumbers"] == "06-12345678"
    assert "witnessProtectionIdentity" not in body
    record = t.last_audit(action=AuditAction.READ, object_type="registry.person")
    assert record.object_id == str(world["anna"].pk)
    assert record.changes == {"fields_shown": ["contact"]}


@pytest.mark.parametrize("role", ["decision_maker", "resilience_expert"])
def test_contact_fields_are_absent_without_the_grant(world: dict[str, Any], role: str) -> None:
    from weerstand.policy.models import CompartmentMembership

    member = t.user(role)  # sees the team's persons, not their contact fields
    CompartmentMembership.objects.create(compartment=world["ours"].team, user=member)
    body = t.api_client(member).get(f"/api/v1/persons/{world['anna'].pk}").json()
    assert body["lastName"] == "Jansen"
    assert not CONTACT & set(body)
    assert "Kerkstraat" not in str(body)


def test_an_intake_analyst_sees_the_person_but_not_the_contact_fields() -> None:
    person = t.person("Cor", "Visser", home_address="Laan 3, Zeist")
    t.case(t.user("police_liaison"), protectee=person)  # in the intake queue
    body = t.api_client(t.user("analyst")).get(f"/api/v1/persons/{person.pk}").json()
    assert body["lastName"] == "Visser"
    assert not CONTACT & set(body)


def test_the_programme_cover_only_inside_the_crown_witness_compartment() -> None:
    officer = t.user("om_officer")
    person = t.person("Kroon", "Getuige")
    ProgrammeCover.objects.create(
        person=person, programme="Programma Noord", reason="Kroongetuige en gezin."
    )
    case = t.case(t.user("police_liaison"), protectee=person, team=(officer,))
    url = f"/api/v1/persons/{person.pk}/programme-cover"
    client = t.api_client(officer)
    assert client.get(url).status_code == 404  # not (yet) a crown-witness case
    trajectory = t.restrict(case, "crown_witness", members=(officer,))
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["ETag"] == '"1"'
    body = response.json()
    assert set(body) == {"person", "programme", "reason", "recordedBy", "recordedAt", "version"}
    assert (body["programme"], body["reason"]) == ("Programma Noord", "Kroongetuige en gezin.")
    rec = t.last_audit(action=AuditAction.READ, object_type="registry.programmecover")
    assert rec.actor_id == officer.pk and "Kroongetuige" not in str(rec.changes)
    # The person itself carries no trace of the cover.
    detail = client.get(f"/api/v1/persons/{person.pk}").json()
    assert "Programma" not in str(detail) and not CONTACT & set(detail)
    # An analyst in the compartment and the team sees the person, never the cover.
    analyst = t.user("analyst")
    from weerstand.policy.models import CompartmentMembership

    CompartmentMembership.objects.create(compartment=case.team, user=analyst)
    CompartmentMembership.objects.create(compartment=trajectory, user=analyst)
    analyst_client = t.api_client(analyst)
    assert analyst_client.get(f"/api/v1/persons/{person.pk}").status_code == 200
    assert analyst_client.get(url).status_code == 404
    assert (
        analyst_client.put(url, {"programme": "X", "reason": "Poging tot wijzigen."}).status_code
        == 404
    )


def test_absent_and_hidden_covers_read_the_same() -> None:
    officer = t.user("om_officer")
    person = t.person("Kroon", "Getuige")
    case = t.case(t.user("police_liaison"), protectee=person, team=(officer,))
    t.restrict(case, "crown_witness", members=(officer,))
    client = t.api_client(officer)
    absent = client.get(f"/api/v1/persons/{person.pk}/programme-cover")
    nobody = client.get("/api/v1/persons/999999/programme-cover")
    assert absent.status_code == nobody.status_code == 404
    assert absent.json()["detail"] == nobody.json()["detail"]


def test_the_om_records_corrects_and_ends_a_cover() -> None:
    officer = t.user("om_officer")
    person = t.person("Kroon", "Getuige")
    case = t.case(t.user("police_liaison"), protectee=person, team=(officer,))
    t.restrict(case, "crown_witness", members=(officer,))
    client = t.api_client(officer)
    url = f"/api/v1/persons/{person.pk}/programme-cover"
    bad = client.put(url, {"programme": "", "reason": "kort"})
    assert bad.status_code == 400
    response = client.put(url, {"programme": "Programma Noord", "reason": "Kroongetuige."})
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 1 and response.json()["recordedBy"]
    created = t.last_audit(action=AuditAction.CREATE, object_type="registry.programmecover")
    assert created.changes["reason"] == audit.SECRET_MARK
    assert created.changes["programme"] == [None, "Programma Noord"]
    stale = client.put(
        url,
        {"programme": "Programma Zuid", "reason": "Overgedragen aan Zuid."},
        HTTP_IF_MATCH='"7"',
    )
    assert stale.status_code == 412
    response = client.put(
        url, {"programme": "Programma Zuid", "reason": "Overgedragen."}, HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 200 and response["ETag"] == '"2"'
    updated = t.last_audit(action=AuditAction.UPDATE, object_type="registry.programmecover")
    assert updated.changes["programme"] == ["Programma Noord", "Programma Zuid"]
    assert "Overgedragen" not in str(updated.changes)
    response = client.delete(url, {"reason": "Het programma is beeindigd."}, HTTP_IF_MATCH='"2"')
    assert response.status_code == 204
    assert not ProgrammeCover.objects.filter(person=person).exists()
    ended = t.last_audit(action=AuditAction.DELETE, object_type="registry.programmecover")
    assert ended.reason == "Het programma is beeindigd." and ended.actor_id == officer.pk
    assert client.get(url).status_code == 404


def test_registering_a_person_shows_it_once_and_audits_without_secrets() -> None:
    mayor = t.user("mayor")
    client = t.api_client(mayor)
    response = client.post(
        "/api/v1/persons",
        {
            "firstName": "Dirk",
            "lastName": "Smit",
            "dateOfBirth": "1980-05-06",
            "homeAddress": "Markt 1, Gouda",
            "phoneNumbers": "06-1",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert {"id", "firstName", "lastName", "dateOfBirth", "classification", "claim"} == set(body)
    person = Person.objects.get(pk=body["id"])
    assert person.home_address == "Markt 1, Gouda"
    record = AuditRecord.objects.get(action=AuditAction.CREATE, object_type="registry.person")
    assert record.actor_id == mayor.pk and "Markt" not in str(record.changes)
    # Linked to no case: nobody can read it again, the registrar included.
    _problem(client.get(f"/api/v1/persons/{person.pk}"), 404)
    _problem(t.api_client(t.user("inspector")).get(f"/api/v1/persons/{person.pk}"), 404)
    # The claim lets the registrar refer a case for this person, once.
    referral = {"phenomenon": "terrorism", "severity": "serious", "summary": "Dreigbrief"}
    other = t.api_client(t.user("mayor"))
    foreign = _problem(
        other.post("/api/v1/cases", {**referral, "protecteeClaim": body["claim"]}), 400
    )
    assert foreign["invalidParams"][0]["name"] == "protecteeClaim"
    used = client.post("/api/v1/cases", {**referral, "protecteeClaim": body["claim"]})
    assert used.status_code == 201, used.content
    again = _problem(
        client.post("/api/v1/cases", {**referral, "protecteeClaim": body["claim"]}), 400
    )
    assert again["invalidParams"][0]["name"] == "protecteeClaim"
    forged = _problem(client.post("/api/v1/cases", {**referral, "protecteeClaim": "x:y:z"}), 400)
    assert forged["invalidParams"][0]["name"] == "protecteeClaim"


def test_an_expired_claim_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from weerstand.registry import claims

    mayor = t.user("mayor")
    client = t.api_client(mayor)
    created = client.post("/api/v1/persons", {"firstName": "Els", "lastName": "Bos"}).json()
    monkeypatch.setattr(claims, "MAX_AGE_SECONDS", -1)
    referral = {"phenomenon": "terrorism", "severity": "serious", "summary": "Dreigbrief"}
    body = _problem(
        client.post("/api/v1/cases", {**referral, "protecteeClaim": created["claim"]}), 400
    )
    assert body["invalidParams"][0]["name"] == "protecteeClaim"


@pytest.mark.parametrize(
    ("payload", "params"),
    [
        ({"firstName": "A"}, {"lastName"}),
        ({"firstName": "A", "lastName": "  "}, {"lastName"}),
        ({"firstName": "A", "lastName": "B", "dateOfBirth": "2999-01-01"}, {"dateOfBirth"}),
        (
            {"firstName": "A", "lastName": "B", "witnessProtectionIdentity": "X"},
            {"witnessProtectionIdentity"},
        ),
        ({"firstName": "A", "lastName": "B", "classification": 4}, {"classification"}),
    ],
)
def test_invalid_registrations_are_400(payload: dict[str, Any], params: set[str]) -> None:
    referrer = t.user("police_liaison", clearance=Clearance.STG_GEHEIM)
    body = _problem(t.api_client(referrer).post("/api/v1/persons", payload), 400)
    assert {p["name"] for p in body["invalidParams"]} == params
    assert not Person.objects.exists()


def test_registering_needs_the_referral_grant() -> None:
    body = _problem(
        t.api_client(t.user("resilience_expert")).post(
            "/api/v1/persons", {"firstName": "A", "lastName": "B"}
        ),
        403,
    )
    assert body["code"] == "not-permitted"
    assert not Person.objects.exists()


def test_limitative_list_follows_the_owner_scope_and_is_audited() -> None:
    police = t.org("police")
    own = LimitativeEntry.objects.create(kind="object", name="Paleis", owner=police)
    LimitativeEntry.objects.create(kind="person", name="Staatshoofd", owner=t.org("dkdb"))
    LimitativeEntry.objects.create(
        kind="service", name="Zeer geheim", owner=police, classification=Clearance.STG_ZEER_GEHEIM
    )
    liaison = t.user("police_liaison", organisation=police)
    body = t.api_client(liaison).get("/api/v1/limitative-list-entries").json()
    assert [e["name"] for e in body["results"]] == ["Paleis"]
    assert body["results"][0]["owner"] == police.code
    record = t.last_audit(action=AuditAction.LIST)
    assert record.changes == {"ids": [own.pk]}
    analyst = t.api_client(t.user("analyst"))
    assert analyst.get("/api/v1/limitative-list-entries").json()["count"] == 2
    assert analyst.get("/api/v1/limitative-list-entries?kind=person").json()["count"] == 1
    assert _problem(analyst.get("/api/v1/limitative-list-entries?kind=castle"), 400)
    _problem(analyst.get("/api/v1/limitative-list-entries?x=1"), 400)
    # No role of the expert grants the list at all: the declared need is checked first, so
    # the list answers as if it did not exist, whatever the parameters.
    expert = t.api_client(t.user("resilience_expert"))
    _problem(expert.get("/api/v1/limitative-list-entries"), 404)
    _problem(expert.get("/api/v1/limitative-list-entries?x=1"), 404)
