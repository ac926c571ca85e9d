"""`/api/v1/cases`: need-to-know, filters, referrals, optimistic concurrency, transitions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from weerstand import testing as t
from weerstand.accounts.roles import Clearance
from weerstand.audit.models import AuditAction, AuditRecord
from weerstand.cases.models import Case, CaseEvent, CasePerson, CaseState
from weerstand.core.api.problems import PROBLEM_CT
from weerstand.policy.models import CompartmentMembership
from weerstand.registry.models import Person

pytestmark = pytest.mark.django_db

REASON = "Besproken in het casusoverleg"


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM_CT
    body = response.json()
    assert {"type", "title", "status", "detail", "instance"} <= set(body)
    assert body["status"] == status and body["instance"].startswith("urn:uuid:")
    return body


def _params(body: dict[str, Any]) -> set[str]:
    return {p["name"] for p in body.get("invalidParams", [])}


@pytest.fixture
def world() -> dict[str, Any]:
    """Two cases past intake: one of the team's, one of another team."""
    referrer = t.user("police_liaison")
    owner = t.user("analyst")
    outsider = t.user("analyst")
    ours = t.case(
        referrer,
        protectee=t.person("Anna", "Jansen"),
        owner=owner,
        state=CaseState.ASSESSMENT,
        codename="Reiger",
    )
    theirs = t.case(
        referrer,
        protectee=t.person("Bram", "Peters"),
        owner=outsider,
        state=CaseState.ASSESSMENT,
        codename="Zwaan",
    )
    _finalised_assessment(ours, owner)
    return {"owner": owner, "outsider": outsider, "ours": ours, "theirs": theirs}


def _finalised_assessment(case: Any, author: Any) -> None:
    """A finalised picture to submit (its own flow is tested in the assessments app)."""
    from datetime import timedelta

    from django.utils import timezone

    from weerstand.assessments.models import Assessment

    Assessment.objects.create(
        case=case,
        number=1,
        status="finalised",
        author=author,
        threat_level=3,
        recommended_resistance=2,
        finalised_at=timezone.now(),
        next_recalibration=timezone.localdate() + timedelta(days=60),
    )


# --- reads and need-to-know -----------------------------------------------------------------


def test_list_shows_and_counts_only_visible_cases_and_is_audited(world: dict[str, Any]) -> None:
    response = t.api_client(world["owner"]).get("/api/v1/cases")
    assert response.status_code == 200
    assert response["API-Version"] == "1.0.0"
    body = response.json()
    assert body["count"] == 1
    assert [c["reference"] for c in body["results"]] == [world["ours"].reference]
    assert body["results"][0]["protectee"] == {
        "id": world["ours"].protectee_id,
        "firstName": "Anna",
        "lastName": "Jansen",
    }
    record = t.last_audit(action=AuditAction.LIST, object_type="cases.case")
    assert record.actor_id == world["owner"].pk
    assert record.changes["ids"] == [world["ours"].pk]


def test_detail_has_an_etag_and_is_audited(world: dict[str, Any]) -> None:
    case = world["ours"]
    response = t.api_client(world["owner"]).get(f"/api/v1/cases/{case.pk}")
    assert response.status_code == 200
    assert response["ETag"] == f'"{case.version}"'
    body = response.json()
    assert body["reference"] == case.reference and body["version"] == case.version
    assert body["state"] == "assessment" and body["protectee"]["lastName"] == "Jansen"
    assert AuditRecord.objects.filter(
        action=AuditAction.READ, case_id=case.pk, actor_id=world["owner"].pk
    ).exists()


def test_a_hidden_case_answers_exactly_like_an_absent_one(world: dict[str, Any]) -> None:
    client = t.api_client(world["owner"])
    hidden = _problem(client.get(f"/api/v1/cases/{world['theirs'].pk}"), 404)
    absent = _problem(client.get("/api/v1/cases/987654"), 404)
    hidden.pop("instance"), absent.pop("instance")
    assert hidden == absent
    for suffix in ("/events", "/transitions"):
        hidden = _problem(client.get(f"/api/v1/cases/{world['theirs'].pk}{suffix}"), 404)
        absent = _problem(client.get(f"/api/v1/cases/987654{suffix}"), 404)
        hidden.pop("instance"), absent.pop("instance")
        assert hidden == absent
    transition = {"name": "submit_for_decision", "reason": REASON}
    hidden = _problem(
        client.post(f"/api/v1/cases/{world['theirs'].pk}/transitions", transition), 404
    )
    absent = _problem(client.post("/api/v1/cases/987654/transitions", transition), 404)
    hidden.pop("instance"), absent.pop("instance")
    assert hidden == absent
    world["theirs"].refresh_from_db()
    assert world["theirs"].state == CaseState.ASSESSMENT
    assert not AuditRecord.objects.filter(case_id=world["theirs"].pk, action="read").exists()


def test_the_protectee_is_absent_for_a_role_without_the_person_grant() -> None:
    liaison = t.user("intelligence_liaison")  # views team cases, never persons
    case = t.case(t.user("police_liaison"), team=(liaison,), state=CaseState.ASSESSMENT)
    client = t.api_client(liaison)
    body = client.get(f"/api/v1/cases/{case.pk}").json()
    assert body["reference"] == case.reference
    assert "protectee" not in body
    assert "protectee" not in client.get("/api/v1/cases").json()["results"][0]


def test_clearance_and_restricting_compartments_hide_cases(world: dict[str, Any]) -> None:
    owner = world["owner"]
    secret = t.case(
        t.user("police_liaison", clearance=Clearance.STG_ZEER_GEHEIM),
        owner=owner,
        classification=Clearance.STG_ZEER_GEHEIM,
    )
    crown = t.case(t.user("police_liaison"), owner=owner)
    t.restrict(crown, "crown_witness", members=())
    client = t.api_client(owner)
    refs = {c["reference"] for c in client.get("/api/v1/cases?pageSize=100").json()["results"]}
    assert secret.reference not in refs and crown.reference not in refs
    _problem(client.get(f"/api/v1/cases/{secret.pk}"), 404)
    _problem(client.get(f"/api/v1/cases/{crown.pk}"), 404)


def test_filters_search_and_ordering() -> None:
    analyst = t.user("analyst")
    referrer = t.user("police_liaison")
    a = t.case(referrer, owner=analyst, codename="Reiger", phenomenon="terrorism")
    b = t.case(referrer, owner=analyst, codename="Zwaan", state=CaseState.ASSESSMENT)
    c = t.case(referrer, owner=analyst, codename="Reigerbek", phenomenon="stalking")
    Case.objects.filter(pk=a.pk).update(referred_at="2024-01-10T12:00:00+01:00")
    Case.objects.filter(pk=b.pk).update(referred_at="2024-03-10T12:00:00+01:00", domain="national")
    Case.objects.filter(pk=c.pk).update(referred_at="2024-05-10T12:00:00+01:00")
    client = t.api_client(analyst)

    def refs(query: str) -> list[str]:
        response = client.get(f"/api/v1/cases?{query}")
        assert response.status_code == 200, response.content
        return [r["codename"] for r in response.json()["results"]]

    assert refs("") == ["Reigerbek", "Zwaan", "Reiger"]  # newest referral first
    assert refs("ordering=referredAt") == ["Reiger", "Zwaan", "Reigerbek"]
    assert refs("ordering=reference") == ["Reiger", "Zwaan", "Reigerbek"]
    assert refs("state=assessment") == ["Zwaan"]
    assert refs("state=referral&state=assessment") == ["Reigerbek", "Zwaan", "Reiger"]
    assert refs("phenomenon=terrorism&phenomenon=stalking") == ["Reigerbek", "Reiger"]
    assert refs("domain=national") == ["Zwaan"]
    assert refs("q=reiger") == ["Reigerbek", "Reiger"]
    assert refs(f"q={b.reference}") == ["Zwaan"]
    assert refs("referredAfter=2024-02-01&referredBefore=2024-05-01") == ["Zwaan"]
    assert refs("pageSize=2&page=2") == ["Reiger"]
    search = t.last_audit(action=AuditAction.SEARCH)
    assert search.changes == {"ids": [b.pk], "q": b.reference}


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("state=closed", "state"),
        ("phenomenon=gossip", "phenomenon"),
        ("domain=regional", "domain"),
        ("referredAfter=yesterday", "referredAfter"),
        ("ordering=codename", "ordering"),
        ("stat=triage", "stat"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page=9", "page"),
        ("pageSize=1000", "pageSize"),
    ],
)
def test_unknown_filter_values_are_a_400_naming_the_parameter(query: str, param: str) -> None:
    analyst = t.user("analyst")
    t.case(t.user("police_liaison"), owner=analyst)
    body = _problem(t.api_client(analyst).get(f"/api/v1/cases?{query}"), 400)
    assert _params(body) == {param}
    assert all({"name", "code", "reason"} <= set(p) for p in body["invalidParams"])


def test_without_a_principal_there_is_a_401_and_no_data(world: dict[str, Any]) -> None:
    client = t.api_client()
    for url in ("/api/v1/cases", f"/api/v1/cases/{world['ours'].pk}", "/api/v1/persons"):
        body = _problem(client.get(url), 401)
        assert "results" not in body and "count" not in body
    _problem(client.post("/api/v1/cases", {}), 401)
    assert _problem(client.get("/api/v1/cases"), 401)["code"] == "not-authenticated"


def test_events_show_the_timeline_and_are_audited(world: dict[str, Any]) -> None:
    owner, case = world["owner"], world["ours"]
    client = t.api_client(owner)
    client.post(
        f"/api/v1/cases/{case.pk}/transitions",
        {"name": "submit_for_decision", "reason": REASON},
    )
    body = client.get(f"/api/v1/cases/{case.pk}/events").json()
    assert [e["kind"] for e in body["results"]] == ["referral", "submit_for_decision"]
    last = body["results"][-1]
    assert (last["fromState"], last["toState"], last["reason"]) == (
        "assessment",
        "decision",
        REASON,
    )
    assert last["actor"] == owner.display_name
    record = t.last_audit(action=AuditAction.READ, case_id=case.pk)
    assert record.reason == "tijdlijn"
    assert record.changes["events"] == list(
        CaseEvent.objects.filter(case=case).order_by("at", "pk").values_list("pk", flat=True)
    )


def test_lists_know_the_page_parameters_and_nothing_else(world: dict[str, Any]) -> None:
    """Every list of a case accepts `page` and `pageSize` and refuses anything else (the case
    list's filters too); an id beyond the database's range is absent (404), never a 500."""
    owner, case = world["owner"], world["ours"]
    client = t.api_client(owner)
    assert client.get("/api/v1/cases", {"page": 1, "pageSize": 1}).status_code == 200
    for suffix in ("events", "team-members", "persons"):
        url = f"/api/v1/cases/{case.pk}/{suffix}"
        paged = client.get(url, {"page": 1, "pageSize": 1})
        assert paged.status_code == 200, (url, paged.content)
        assert len(paged.json()["results"]) == 1
        assert _params(_problem(client.get(url, {"state": "triage"}), 400)) == {"state"}
    mayor = t.api_client(t.user("mayor"))
    assert mayor.get("/api/v1/local-handovers", {"pageSize": 5}).status_code == 200
    assert _params(_problem(mayor.get("/api/v1/local-handovers", {"case": 1}), 400)) == {"case"}
    for suffix in ("", "/events", "/team-members", "/persons"):
        _problem(client.get(f"/api/v1/cases/{2**63}{suffix}"), 404)


# --- referrals ------------------------------------------------------------------------------


def _referral(**extra: Any) -> dict[str, Any]:
    return {
        "phenomenon": "organised_crime",
        "severity": "critical",
        "summary": "Bedreigd na een verklaring in een strafzaak",
        "codename": "Egel",
        **extra,
    }


def test_a_referrer_refers_with_an_inline_person_and_gets_only_a_receipt() -> None:
    mayor = t.user("mayor")  # may refer, may not read cases
    client = t.api_client(mayor)
    response = client.post(
        "/api/v1/cases",
        _referral(
            newProtectee={"firstName": "Cor", "lastName": "Visser", "dateOfBirth": "1970-02-03"}
        ),
    )
    assert response.status_code == 201, response.content
    receipt = response.json()
    assert set(receipt) == {"id", "reference", "state", "referredAt"}
    assert receipt["state"] == "referral"
    assert response["Location"] == f"/api/v1/cases/{receipt['id']}"
    case = Case.objects.get(pk=receipt["id"])
    assert case.protectee.last_name == "Visser" and case.codename == "Egel"
    assert case.triage_rule == "NATIONAL_SCOPE"
    assert CasePerson.objects.filter(case=case, person=case.protectee).exists()
    assert AuditRecord.objects.filter(action="create", object_type="registry.person").exists()
    # The mayor referred it but may not read it.
    _problem(client.get(f"/api/v1/cases/{case.pk}"), 404)
    # An analyst sees it in the intake queue.
    body = t.api_client(t.user("analyst")).get(f"/api/v1/cases/{case.pk}").json()
    assert body["protectee"]["lastName"] == "Visser"


def test_a_visible_person_can_be_referred_by_id_a_hidden_one_not(world: dict[str, Any]) -> None:
    owner = world["owner"]
    client = t.api_client(owner)
    response = client.post("/api/v1/cases", _referral(protectee=world["ours"].protectee_id))
    assert response.status_code == 201, response.content
    hidden = _problem(
        client.post("/api/v1/cases", _referral(protectee=world["theirs"].protectee_id)), 400
    )
    absent = _problem(client.post("/api/v1/cases", _referral(protectee=424242)), 400)
    assert _params(hidden) == _params(absent) == {"protectee"}
    hidden.pop("instance"), absent.pop("instance")
    assert hidden == absent


@pytest.mark.parametrize(
    ("extra", "params"),
    [
        ({}, {"protectee"}),
        ({"protectee": 1, "newProtectee": {"firstName": "A", "lastName": "B"}}, {"protectee"}),
        ({"newProtectee": {"firstName": "A"}}, {"newProtectee.lastName"}),
        ({"newProtectee": {"firstName": "A", "lastName": "B", "nick": "C"}}, {"newProtectee.nick"}),
        (
            {"newProtectee": {"firstName": "A", "lastName": "B", "dateOfBirth": "2999-01-01"}},
            {"newProtectee.dateOfBirth"},
        ),
        (
            {"phenomenon": "gossip", "newProtectee": {"firstName": "A", "lastName": "B"}},
            {"phenomenon"},
        ),
        ({"severity": None, "newProtectee": {"firstName": "A", "lastName": "B"}}, {"severity"}),
        ({"state": "ended", "newProtectee": {"firstName": "A", "lastName": "B"}}, {"state"}),
        (
            {"classification": 4, "newProtectee": {"firstName": "A", "lastName": "B"}},
            {"classification"},
        ),
        (
            {"limitativeEntry": 99, "newProtectee": {"firstName": "A", "lastName": "B"}},
            {"limitativeEntry"},
        ),
    ],
)
def test_invalid_referrals_are_400_and_create_nothing(
    extra: dict[str, Any], params: set[str]
) -> None:
    referrer = t.user("police_liaison", clearance=Clearance.STG_GEHEIM)
    body = _problem(t.api_client(referrer).post("/api/v1/cases", _referral(**extra)), 400)
    assert _params(body) == params
    assert not Case.objects.exists()
    assert not Person.objects.exists()


def test_a_role_without_the_create_grant_gets_403() -> None:
    expert = t.user("resilience_expert")
    body = _problem(
        t.api_client(expert).post(
            "/api/v1/cases", _referral(newProtectee={"firstName": "A", "lastName": "B"})
        ),
        403,
    )
    assert body["code"] == "not-permitted"
    assert not Person.objects.exists()


def test_a_limitative_list_entry_makes_triage_recommend_national() -> None:
    from weerstand.registry.models import LimitativeEntry

    analyst = t.user("analyst")
    entry = LimitativeEntry.objects.create(kind="person", name="Lid Koninklijk Huis", owner=t.org())
    response = t.api_client(analyst).post(
        "/api/v1/cases",
        _referral(
            phenomenon="stalking",
            limitativeEntry=entry.pk,
            newProtectee={"firstName": "A", "lastName": "B"},
        ),
    )
    assert response.status_code == 201, response.content
    case = Case.objects.get(pk=response.json()["id"])
    assert case.on_limitative_list and case.triage_rule == "LIMITATIVE_LIST"


def test_om_transfer_via_the_api_keeps_the_measures_running() -> None:
    officer = t.user("om_officer")
    om = t.org("om", code="parket-rotterdam")
    client = t.api_client(officer)
    payload = _referral(
        newProtectee={"firstName": "Kroon", "lastName": "Getuige"},
        interimMeasures="Woningbeveiliging en persoonsbeveiliging",
        omOffice=om.code,
        reason="Overdracht aan het gezag",
    )
    response = client.post("/api/v1/cases/om-transfers", payload)
    assert response.status_code == 201, response.content
    case_id = response.json()["id"]
    body = t.api_client(t.user("analyst")).get(f"/api/v1/cases/{case_id}").json()
    assert body["origin"] == "om_transfer" and body["interimMeasuresActive"] is True
    assert body["interimAuthority"] == "parket-rotterdam"
    bad = _problem(
        client.post("/api/v1/cases/om-transfers", {**payload, "omOffice": t.org("police").code}),
        400,
    )
    assert _params(bad) == {"omOffice"}
    unknown = _problem(
        client.post("/api/v1/cases/om-transfers", {**payload, "omOffice": "nope"}), 400
    )
    assert _params(unknown) == {"omOffice"}


# --- edits: If-Match and versions ----------------------------------------------------------


def test_patch_with_the_current_etag_changes_and_returns_a_new_etag(world: dict[str, Any]) -> None:
    case = world["ours"]
    client = t.api_client(world["owner"])
    etag = client.get(f"/api/v1/cases/{case.pk}")["ETag"]
    # Earlier than the 60 days the picture's threat level gives: bringing it forward is fine.
    sooner = str(timezone.localdate() + timedelta(days=30))
    response = client.patch(
        f"/api/v1/cases/{case.pk}",
        {"codename": "Kievit", "nextRecalibration": sooner, "version": case.version},
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 200, response.content
    assert response["ETag"] == f'"{case.version + 1}"'
    assert response.json()["codename"] == "Kievit"
    assert response.json()["nextRecalibration"] == sooner


@pytest.mark.parametrize(
    ("headers", "body", "status", "code"),
    [
        ({}, {"codename": "Kievit"}, 428, "precondition-required"),
        ({"HTTP_IF_MATCH": "*"}, {"codename": "Kievit"}, 428, "precondition-required"),
        ({"HTTP_IF_MATCH": '"0"'}, {"codename": "Kievit"}, 412, "concurrency-conflict"),
        ({"HTTP_IF_MATCH": 'W/"1"'}, {"codename": "Kievit"}, 412, "concurrency-conflict"),
        ({"HTTP_IF_MATCH": "1"}, {"codename": "Kievit"}, 400, "invalid-params"),
        (
            {"HTTP_IF_MATCH": '"1"'},
            {"codename": "Kievit", "version": 7},
            409,
            "concurrency-conflict",
        ),
        ({"HTTP_IF_MATCH": '"1"'}, {"state": "ended"}, 400, "invalid-params"),
        ({"HTTP_IF_MATCH": '"1"'}, {"severity": "extreme"}, 400, "invalid-params"),
        ({"HTTP_IF_MATCH": '"1"'}, {}, 400, "validation-failed"),
    ],
)
def test_patch_preconditions_and_validation_change_nothing(
    world: dict[str, Any], headers: dict[str, str], body: dict[str, Any], status: int, code: str
) -> None:
    case = world["ours"]
    assert case.version == 1
    response = t.api_client(world["owner"]).patch(f"/api/v1/cases/{case.pk}", body, **headers)
    assert _problem(response, status)["code"] == code
    case.refresh_from_db()
    assert (case.version, case.codename, case.state) == (1, "Reiger", CaseState.ASSESSMENT)
    assert not AuditRecord.objects.filter(action=AuditAction.UPDATE, case_id=case.pk).exists()


def test_a_stale_etag_after_someone_elses_edit_is_412(world: dict[str, Any]) -> None:
    case, owner = world["ours"], world["owner"]
    colleague = t.user("analyst")
    CompartmentMembership.objects.create(compartment=case.team, user=colleague)
    mine, theirs = t.api_client(owner), t.api_client(colleague)
    etag = mine.get(f"/api/v1/cases/{case.pk}")["ETag"]
    first = theirs.patch(
        f"/api/v1/cases/{case.pk}", {"summary": "Nieuwe feiten"}, HTTP_IF_MATCH=etag
    )
    assert first.status_code == 200
    second = mine.patch(f"/api/v1/cases/{case.pk}", {"codename": "Mus"}, HTTP_IF_MATCH=etag)
    _problem(second, 412)
    case.refresh_from_db()
    assert (case.codename, case.summary, case.version) == ("Reiger", "Nieuwe feiten", 2)


def test_patch_needs_the_change_grant_and_visibility(world: dict[str, Any]) -> None:
    case = world["ours"]
    decider = t.user("decision_maker")
    CompartmentMembership.objects.create(compartment=case.team, user=decider)
    forbidden = t.api_client(decider).patch(
        f"/api/v1/cases/{case.pk}", {"codename": "X"}, HTTP_IF_MATCH='"1"'
    )
    assert _problem(forbidden, 403)["code"] == "not-permitted"
    hidden = _problem(
        t.api_client(world["outsider"]).patch(
            f"/api/v1/cases/{case.pk}", {"codename": "X"}, HTTP_IF_MATCH='"1"'
        ),
        404,
    )
    absent = _problem(
        t.api_client(world["outsider"]).patch(
            "/api/v1/cases/987654", {"codename": "X"}, HTTP_IF_MATCH='"1"'
        ),
        404,
    )
    hidden.pop("instance"), absent.pop("instance")
    assert hidden == absent
    case.refresh_from_db()
    assert case.codename == "Reiger"


# --- transitions ----------------------------------------------------------------------------


def test_transitions_lists_what_this_user_may_do_now(world: dict[str, Any]) -> None:
    case = world["ours"]
    options = t.api_client(world["owner"]).get(f"/api/v1/cases/{case.pk}/transitions").json()
    # A page like every other array of the API (API Design Rules), however short.
    assert options["count"] == 1 and options["next"] is None and options["previous"] is None
    assert options["results"] == [
        {
            "name": "submit_for_decision",
            "label": "Voorleggen aan gezag",
            "target": "decision",
            "requiresLocalAuthority": False,
            "requiresAdvice": False,
        }
    ]
    decider = t.user("decision_maker")
    CompartmentMembership.objects.create(compartment=case.team, user=decider)
    none = t.api_client(decider).get(f"/api/v1/cases/{case.pk}/transitions").json()
    assert none == {"count": 0, "next": None, "previous": None, "results": []}
    refused = t.api_client(decider).get(f"/api/v1/cases/{case.pk}/transitions?x=1")
    assert refused.status_code == 400 and refused["Content-Type"] == "application/problem+json"


def test_a_transition_via_the_api(world: dict[str, Any]) -> None:
    case = world["ours"]
    response = t.api_client(world["owner"]).post(
        f"/api/v1/cases/{case.pk}/transitions",
        {"name": "submit_for_decision", "reason": REASON},
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 201, response.content
    assert response["ETag"] == '"2"'
    body = response.json()
    assert (body["case"], body["name"], body["state"], body["version"]) == (
        case.pk,
        "submit_for_decision",
        "decision",
        2,
    )
    case.refresh_from_db()
    assert case.state == CaseState.DECISION


def test_advising_the_local_domain_via_the_api_returns_only_the_outcome() -> None:
    analyst = t.user("analyst")  # intake scope until the advice; then owner of the case
    case = t.case(t.user("police_liaison"), phenomenon="stalking", state=CaseState.TRIAGE)
    outsider = t.api_client(t.user("analyst"))
    client = t.api_client(analyst)
    url = f"/api/v1/cases/{case.pk}/transitions"
    advice = {"name": "advise_authority", "advice": "local", "reason": REASON}
    missing = _problem(client.post(url, advice), 400)
    assert _params(missing) == {"localAuthority"}
    unknown = _problem(client.post(url, {**advice, "localAuthority": "nope"}), 400)
    assert _params(unknown) == {"localAuthority"}
    no_advice = _problem(client.post(url, {"name": "advise_authority", "reason": REASON}), 400)
    assert _params(no_advice) == {"advice"}
    city = t.org("municipality", code="gemeente-utrecht")
    response = client.post(url, {**advice, "localAuthority": city.code})
    assert response.status_code == 201, response.content
    assert set(response.json()) == {"case", "name", "state", "version", "at"}
    assert response.json()["state"] == "designation"
    # The advising analyst owns the case now ...
    assert client.get(f"/api/v1/cases/{case.pk}").status_code == 200
    # ... while other analysts lose sight of it once it leaves the intake queue.
    _problem(outsider.get(f"/api/v1/cases/{case.pk}"), 404)


def test_the_authority_steps_are_refused_through_the_api_with_the_decision_named() -> None:
    decider = t.user("decision_maker")
    case = t.case(t.user("police_liaison"), state=CaseState.DESIGNATION, team=(decider,))
    response = t.api_client(decider).post(
        f"/api/v1/cases/{case.pk}/transitions", {"name": "route_national", "reason": REASON}
    )
    problem = _problem(response, 409)
    assert "besluit tot aanwijzing" in problem["detail"]
    case.refresh_from_db()
    assert case.state == CaseState.DESIGNATION


@pytest.mark.parametrize(
    ("body", "headers", "status", "params"),
    [
        ({"name": "activate_protection", "reason": REASON}, {}, 403, set()),  # analyst's role
        ({"name": "start_triage", "reason": REASON}, {}, 409, set()),  # not from assessment
        ({"name": "teleport", "reason": REASON}, {}, 400, {"name"}),
        ({"name": "submit_for_decision"}, {}, 400, {"reason"}),
        ({"name": "submit_for_decision", "reason": "kort"}, {}, 400, {"reason"}),
        ({"name": "submit_for_decision", "reason": REASON, "to": "x"}, {}, 400, {"to"}),
        ({"name": "submit_for_decision", "reason": REASON}, {"HTTP_IF_MATCH": '"7"'}, 412, set()),
    ],
)
def test_refused_transitions_via_the_api_change_nothing(
    world: dict[str, Any],
    body: dict[str, Any],
    headers: dict[str, str],
    status: int,
    params: set[str],
) -> None:
    case = world["ours"]
    response = t.api_client(world["owner"]).post(
        f"/api/v1/cases/{case.pk}/transitions", body, **headers
    )
    problem = _problem(response, status)
    assert _params(problem) == params
    case.refresh_from_db()
    assert (case.state, case.version) == (CaseState.ASSESSMENT, 1)
    assert CaseEvent.objects.filter(case=case).count() == 1
    assert not AuditRecord.objects.filter(action=AuditAction.TRANSITION).exists()
