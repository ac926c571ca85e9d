"""Persons concerned in a case, through the API: linked by the case's analysts with a role and
what may be shared with them; visible only with the case and the person."""

from __future__ import annotations

from typing import Any

import pytest

from weerstand import testing as t
from weerstand.audit.models import AuditRecord
from weerstand.cases.models import CaseEvent, CasePerson, CaseState

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, Any]:
    owner = t.user("analyst")
    decider = t.user("decision_maker")
    case = t.case(
        t.user("police_liaison"), owner=owner, team=(decider,), state=CaseState.ASSESSMENT
    )
    return {"case": case, "owner": owner, "decider": decider, "outsider": t.user("analyst")}


def url(world: dict[str, Any], suffix: str = "") -> str:
    return f"/api/v1/cases/{world['case'].pk}/persons{suffix}"


def test_an_analyst_links_a_new_partner_with_what_may_be_shared(world) -> None:
    api = t.api_client(world["owner"])
    resp = api.post(
        url(world),
        {
            "newPerson": {"firstName": "Mirjam", "lastName": "Partnertest"},
            "role": "partner",
            "shares": ["own_measures", "contact_person"],
            "reason": "Woont op hetzelfde adres",
        },
    )
    assert resp.status_code == 201, resp.content
    body = resp.json()
    assert body["role"] == "partner" and body["shares"] == ["own_measures", "contact_person"]
    listed = api.get(url(world)).json()["results"]
    assert {p["role"] for p in listed} == {"protectee", "partner"}
    event = CaseEvent.objects.get(case=world["case"], kind="person_linked")
    assert "Partner gekoppeld" in event.reason and "Mirjam" not in event.reason
    assert AuditRecord.objects.filter(case_id=world["case"].pk, changes__has_key="persons").exists()


def test_the_decision_maker_sees_but_does_not_link(world) -> None:
    api = t.api_client(world["decider"])
    assert api.get(url(world)).status_code == 200
    resp = api.post(
        url(world),
        {"newPerson": {"firstName": "A", "lastName": "B"}, "role": "child", "reason": "Kind"},
    )
    assert resp.status_code == 403
    assert not CasePerson.objects.filter(role="child").exists()


def test_outsiders_get_404_and_hidden_persons_cannot_be_linked(world) -> None:
    assert t.api_client(world["outsider"]).get(url(world)).status_code == 404
    other = t.case(t.user("police_liaison"), owner=world["outsider"], state=CaseState.ASSESSMENT)
    hidden_person = other.protectee
    resp = t.api_client(world["owner"]).post(
        url(world), {"person": hidden_person.pk, "role": "relative", "reason": "Familie"}
    )
    assert resp.status_code == 400
    assert resp.json()["invalidParams"][0]["code"] == "does-not-exist"


def test_shares_roles_and_the_protectee_are_guarded(world) -> None:
    api = t.api_client(world["owner"])
    bad = api.post(
        url(world),
        {
            "newPerson": {"firstName": "A", "lastName": "B"},
            "role": "relative",
            "shares": ["assessment"],
            "reason": "Familie",
        },
    )
    assert bad.status_code == 400
    protectee_link = CasePerson.objects.get(case=world["case"], role="protectee")
    resp = api.delete(url(world, f"/{protectee_link.pk}"), {"reason": "Weg ermee"})
    assert resp.status_code == 400
    assert CasePerson.objects.filter(pk=protectee_link.pk).exists()
    resp = api.post(url(world), {"role": "protectee", "person": 1, "reason": "Nog eens"})
    assert resp.status_code == 400


def test_change_and_unlink(world) -> None:
    api = t.api_client(world["owner"])
    link = api.post(
        url(world),
        {
            "newPerson": {"firstName": "Kees", "lastName": "Broertest"},
            "role": "relative",
            "reason": "Familie",
        },
    ).json()
    resp = api.patch(
        url(world, f"/{link['id']}"),
        {"role": "sibling", "shares": ["protection_status"], "reason": "Het is een broer"},
    )
    assert resp.status_code == 200, resp.content
    assert resp.json()["role"] == "sibling"
    assert (
        api.delete(url(world, f"/{link['id']}"), {"reason": "Niet meer betrokken"}).status_code
        == 204
    )
    assert not CasePerson.objects.filter(pk=link["id"]).exists()
    assert CaseEvent.objects.filter(case=world["case"], kind="person_unlinked").exists()


# --- the page ----------------------------------------------------------------------------------


def test_the_page_links_a_new_child_and_checks_accessibility(world) -> None:
    from django.test import Client
    from django.urls import reverse

    from weerstand.core.tests.test_views_a11y import check

    client = Client()
    t.login(client, world["owner"])
    page = reverse("cases:persons", args=[world["case"].pk])
    body = client.get(page).content.decode()
    assert 'id="form-person-link"' in body and check(body) == []
    resp = client.post(
        reverse("cases:person-link", args=[world["case"].pk]),
        {
            "link-first_name": "Noor",
            "link-last_name": "Kindtest",
            "link-role": "child",
            "link-shares": ["contact_person"],
            "link-reason": "Dochter van de persoon",
        },
    )
    assert resp.status_code == 302, resp.content.decode()[:2000]
    link = CasePerson.objects.get(case=world["case"], role="child")
    assert link.shares == ["contact_person"] and link.person.first_name == "Noor"
    # A decision-maker reads the page but is offered no forms.
    reader = Client()
    t.login(reader, world["decider"])
    body = reader.get(page).content.decode()
    assert "Noor" in body and "form-person-link" not in body
    outsider = Client()
    t.login(outsider, world["outsider"])
    assert outsider.get(page).status_code == 404
