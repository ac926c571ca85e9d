"""The API and pages of the decisions app: a decision through the API with four eyes, the
acknowledgement, problem+json refusals, and the decision screen."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from weerstand import testing as t
from weerstand.decisions.models import Decision, SecurityAssignment
from weerstand.decisions.tests import builders as b

pytestmark = pytest.mark.django_db


def _body(w: b.World, case_pk: int, **extra: object) -> dict:
    today = timezone.localdate()
    body = {
        "case": case_pk,
        "decisionType": "start",
        "requiredResistance": 3,
        "reasoning": "Dreiging tegen het leven; de werkgever kan geen weerstand bieden.",
        "effectiveDate": str(today),
        "nextRecalibration": str(today.replace(year=today.year + 1)),
        "municipality": w.municipality.code,
        "prosecutorOffice": w.om.code,
        "preferredExecutor": w.kmar.code,
    }
    body.update(extra)
    return body


def test_decision_through_the_api_with_four_eyes_and_acknowledgement() -> None:
    w = b.world()
    case, _ = b.decided_case(w)
    api1, api2 = t.api_client(w.dm1), t.api_client(w.dm2)
    bad = api1.post(
        "/api/v1/decisions",
        _body(
            w,
            case.pk,
            deviations=[{"measure": "persoonsbeveiliging", "kind": "added", "reasoning": ""}],
        ),
    )
    assert bad.status_code == 400
    assert bad["Content-Type"].startswith("application/problem+json")
    assert "deviations[0].reasoning" in {p["name"] for p in bad.json()["invalidParams"]}
    created = api1.post("/api/v1/decisions", _body(w, case.pk))
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["status"] == "awaiting_approval"
    own = api1.post(f"/api/v1/decisions/{pk}/approvals", {"outcome": "approved"})
    assert own.status_code == 403
    ok = api2.post(f"/api/v1/decisions/{pk}/approvals", {"outcome": "approved"})
    assert ok.status_code == 201 and ok.json()["status"] == "in_force"
    kmar = t.api_client(w.kmar_liaison)
    listing = kmar.get("/api/v1/security-assignments").json()
    mine = [a for a in listing["results"] if a["executingOrganisation"] == w.kmar.code]
    assert mine and all(a["status"] == "pending" for a in mine)
    ack = kmar.post(
        f"/api/v1/security-assignments/{mine[0]['id']}/acknowledgements", {"note": "ok"}
    )
    assert ack.status_code == 201 and ack.json()["status"] == "active"
    # The police liaison does not see KMar's assignments of a case outside its team.
    police = t.api_client(w.police_liaison).get("/api/v1/security-assignments").json()
    assert all(a["executingOrganisation"] == w.police.code for a in police["results"])
    # An outsider gets 404 for the decision, like an absent one.
    assert t.api_client(t.user("decision_maker")).get(f"/api/v1/decisions/{pk}").status_code == 404


def test_lists_page_with_the_documented_parameters_and_refuse_unknown_filters() -> None:
    w = b.world()
    case, _ = b.decided_case(w)
    api1 = t.api_client(w.dm1)
    created = api1.post("/api/v1/decisions", _body(w, case.pk)).json()
    t.api_client(w.dm2).post(
        f"/api/v1/decisions/{created['id']}/approvals", {"outcome": "approved"}
    )
    for url in ("/api/v1/decisions", "/api/v1/security-assignments"):
        first = api1.get(url, {"case": case.pk, "page": 1, "pageSize": 1})
        assert first.status_code == 200, first.content
        assert len(first.json()["results"]) == 1 and first.json()["count"] >= 1
        typo = api1.get(url, {"case": case.pk, "pagesize": 1})
        assert typo.status_code == 400
        assert {p["name"] for p in typo.json()["invalidParams"]} == {"pagesize"}
    assignments = api1.get("/api/v1/security-assignments", {"pageSize": 1, "page": 2}).json()
    assert len(assignments["results"]) == 1 and assignments["previous"]


def test_later_pages_are_accepted_and_absurd_ids_are_invalid_input() -> None:
    """`page` and `pageSize` are the lists' own parameters on every list; a case id beyond the
    database's range is a 400 naming the parameter, never a server error."""
    w = b.world()
    api1 = t.api_client(w.dm1)
    for _ in range(2):
        case, _assessment = b.decided_case(w)
        assert api1.post("/api/v1/decisions", _body(w, case.pk)).status_code == 201
    second = api1.get("/api/v1/decisions", {"page": 2, "pageSize": 1})
    assert second.status_code == 200, second.content
    assert len(second.json()["results"]) == 1 and second.json()["previous"]
    assert api1.get("/api/v1/security-assignments", {"pageSize": 5}).status_code == 200
    mayor = t.api_client(w.mayor)
    assert mayor.get("/api/v1/local-notifications", {"pageSize": 5}).status_code == 200
    for url in ("/api/v1/decisions", "/api/v1/security-assignments"):
        huge = api1.get(url, {"case": 2**63})
        assert huge.status_code == 400, (url, huge.content)
        assert {p["name"] for p in huge.json()["invalidParams"]} == {"case"}
    assert api1.get(f"/api/v1/decisions/{2**63}").status_code == 404


def test_unknown_fields_and_catalogue_api() -> None:
    w = b.world()
    case, _ = b.decided_case(w)
    api = t.api_client(w.dm1)
    assert api.post("/api/v1/decisions", _body(w, case.pk, colour="red")).status_code == 400
    measures = api.get("/api/v1/catalogue/measures").json()
    assert {m["code"] for m in measures["results"]} >= {"bewaken", "alertering"}
    packages = api.get("/api/v1/catalogue/packages?phenomenon=organised_crime").json()
    assert {p["resistanceLevel"] for p in packages["results"]} == {1, 2, 3, 4}
    assert t.api_client(t.user("mayor")).get("/api/v1/catalogue/measures").status_code == 404


def test_decision_screen_shows_disagreement_and_refuses_without_acknowledgement(client) -> None:
    from weerstand.assessments.models import Assessment

    w = b.world()
    case, assessment = b.decided_case(w)
    Assessment.objects.filter(pk=assessment.pk).update(
        unresolved_disagreement="MENINGSVERSCHIL-9 over de rol van de broer", is_complex=True
    )
    t.login(client, w.dm1)
    url = reverse("decisions:create", args=[case.pk])
    page = client.get(url).content.decode()
    assert "MENINGSVERSCHIL-9" in page and "extra toets NIET uitgevoerd" in page
    form = {
        "decision_type": "start",
        "required_resistance": "3",
        "reasoning": "Dreiging tegen het leven; standaardpakket past bij het beeld.",
        "effective_date": str(timezone.localdate()),
        "next_recalibration": str(timezone.localdate().replace(year=timezone.localdate().year + 1)),
        "municipality": w.municipality.pk,
        "prosecutor_office": w.om.pk,
        "measure_alertering": "on",
        "measure_bewaken": "on",
        "measure_cameratoezicht": "on",
        "measure_beveiligd-vervoer": "on",
        "besluiten": "1",
    }
    refused = client.post(url, form)
    assert refused.status_code == 400
    assert not Decision.objects.filter(case=case).exists()
    form |= {"acknowledge_disagreement": "on", "acknowledge_complexity": "on"}
    form["measure_persoonsbeveiliging"] = "on"  # a deviation without reasoning
    assert client.post(url, form).status_code == 400
    form["reason_persoonsbeveiliging"] = "Dreiging is concreet; begeleiding is nodig."
    done = client.post(url, form)
    assert done.status_code == 302, done.content.decode()[:3000]
    decision = Decision.objects.get(case=case)
    assert decision.deviations.visible_to(w.dm1).get().measure.code == "persoonsbeveiliging"
    detail = client.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
    assert decision.reference in detail
    client.logout()
    t.login(client, w.dm2)
    assert decision.reference in client.get(reverse("core:home")).content.decode()
    client.post(reverse("decisions:approve", args=[decision.pk]), {"version": decision.version})
    assert SecurityAssignment.objects.filter(decision=decision).count() == 5


def test_catalogue_revision_keeps_past_decisions_on_their_version(client) -> None:
    from datetime import timedelta

    from weerstand.catalogue import services as catalogue
    from weerstand.catalogue.models import Measure
    from weerstand.decisions import services

    w = b.world()
    case, _ = b.decided_case(w)
    first = services.approve_decision(
        w.dm2, services.create_decision(w.dm1, case.pk, b.start_data(w)).pk
    )
    later = timezone.localdate() + timedelta(days=10)
    with pytest.raises(Exception):  # noqa: B017 - a mayor may not edit the catalogue
        catalogue.save_measure(
            w.mayor, "bewaken", catalogue.Revision({"officers": 3}, later, "Meer capaciteit")
        )
    v2 = catalogue.save_measure(
        w.dm1, "bewaken", catalogue.Revision({"officers": 3}, later, "Evaluatie: drie per post")
    )
    assert v2.version == 2 and Measure.objects.get(
        code="bewaken", version=1
    ).effective_until == later - timedelta(days=1)
    assert first.measures.get(code="bewaken").officers == 2  # the past keeps its version
    cont = services.create_decision(
        w.dm1,
        case.pk,
        b.start_data(
            w,
            decision_type="continue",
            effective_date=later,
            next_recalibration=later + timedelta(days=60),
        ),
    )
    assert cont.measures.get(code="bewaken").officers == 3
    t.login(client, w.dm1)
    assert client.get(reverse("catalogue:overview")).status_code == 200
    page = client.get(reverse("catalogue:history", args=["maatregel", "bewaken"])).content.decode()
    assert "Evaluatie: drie per post" in page
    client.logout()
    t.login(client, w.mayor)
    assert client.get(reverse("catalogue:overview")).status_code == 404


def test_proposal_follows_the_chosen_level_and_pages_answer(client) -> None:
    w = b.world()
    case, _ = b.decided_case(w)
    t.login(client, w.dm1)
    url = reverse("decisions:create", args=[case.pk])
    page = client.get(url + "?required_resistance=4").content.decode()
    assert 'name="measure_persoonsbeveiliging" id="id_measure_persoonsbeveiliging" checked' in page
    assert 'name="measure_alertering" id="id_measure_alertering" checked' not in page
    assert client.get(reverse("decisions:approvals")).status_code == 200
    # Pages of other roles: absent for those who may not use them.
    client.logout()
    t.login(client, w.mayor)
    assert client.get(reverse("decisions:approvals")).status_code == 404
    assert client.get(reverse("decisions:assignments")).status_code == 404
    assert client.get(url).status_code == 404
    client.logout()
    t.login(client, w.lcc)
    assert client.get(reverse("decisions:assignments")).status_code == 200
    assert client.get(reverse("decisions:notifications")).status_code == 200


def test_catalogue_edit_page_writes_a_new_version(client) -> None:
    from weerstand.catalogue.models import Measure

    w = b.world()
    t.login(client, w.dm1)
    later = timezone.localdate().replace(year=timezone.localdate().year + 1)
    form = {
        "code": "bewaken",
        "name": "Bewaken woning",
        "description": "",
        "executing_kinds": ["police", "kmar"],
        "officers": "3",
        "qualifications": ["surveillance"],
        "start_hour": "0",
        "end_hour": "24",
        "weekdays": [str(d) for d in range(7)],
        "touches_local_powers": "mayor",
        "effective_from": str(later),
        "reason": "Evaluatie LCC: drie per post",
    }
    response = client.post(reverse("catalogue:measure-edit", args=["bewaken"]), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Measure.objects.get(code="bewaken", version=2).officers == 3
    client.logout()
    t.login(client, w.lcc)
    assert client.get(reverse("catalogue:measure-edit", args=["bewaken"])).status_code == 404


def test_the_author_deciding_on_the_page_is_refused_and_leaves_a_trace(client) -> None:
    """The page refuses like the API (403), and the refused write is audited as probing."""
    from weerstand.audit.models import AuditRecord

    w = b.world()
    case, _ = b.decided_case(w)
    t.login(client, w.author)
    form = {
        "decision_type": "start",
        "required_resistance": "3",
        "reasoning": "Dreiging tegen het leven; standaardpakket past bij het beeld.",
        "effective_date": str(timezone.localdate()),
        "next_recalibration": str(timezone.localdate() + timedelta(days=30)),
        "municipality": w.municipality.pk,
        "prosecutor_office": w.om.pk,
        "measure_alertering": "on",
        "measure_bewaken": "on",
        "measure_cameratoezicht": "on",
        "measure_beveiligd-vervoer": "on",
        "besluiten": "1",
    }
    refused = client.post(reverse("decisions:create", args=[case.pk]), form)
    assert refused.status_code == 403
    assert not Decision.objects.filter(case=case).exists()
    assert AuditRecord.objects.filter(action="denied_write", actor_id=w.author.pk).exists()
