"""The case-team page: the owner manages the team in the browser as through the API, and the
page refuses what the service refuses, with the same words."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from weerstand import testing as t
from weerstand.cases.models import CaseState
from weerstand.core.tests.test_views_a11y import check
from weerstand.policy.models import CompartmentMembership

pytestmark = pytest.mark.django_db


def browser(user: Any) -> Client:
    client = Client()
    t.login(client, user)
    return client


@pytest.fixture
def world() -> dict[str, Any]:
    owner = t.user("analyst")
    member = t.user("analyst")
    case = t.case(t.user("police_liaison"), owner=owner, team=(member,), state=CaseState.ASSESSMENT)
    return {
        "case": case,
        "owner": owner,
        "member": member,
        "decider": t.user("decision_maker"),
        "mayor": t.user("mayor"),
    }


def test_owner_sees_the_forms_and_adds_a_decision_maker(world) -> None:
    owner = browser(world["owner"])
    url = reverse("cases:team", args=[world["case"].pk])
    resp = owner.get(url)
    body = resp.content.decode()
    assert resp.status_code == 200 and 'id="form-team-add"' in body
    assert f"decision_maker:{world['decider'].pk}" in body
    assert f':{world["mayor"].pk}"' not in body  # never offered: a mayor is not in a team
    assert check(body) == []
    resp = owner.post(
        reverse("cases:team-add", args=[world["case"].pk]),
        {
            "add-candidate": f"decision_maker:{world['decider'].pk}",
            "add-reason": "Voor het besluit",
        },
    )
    assert resp.status_code == 302
    membership = CompartmentMembership.objects.get(
        compartment=world["case"].team, user=world["decider"]
    )
    assert membership.function == "decision_maker" and membership.added_by == world["owner"]
    assert browser(world["decider"]).get(url).status_code == 200


def test_a_member_sees_the_team_but_no_forms_and_is_refused_like_in_the_api(world) -> None:
    member = browser(world["member"])
    body = member.get(reverse("cases:team", args=[world["case"].pk])).content.decode()
    assert world["owner"].display_name in body and "form-team-add" not in body
    resp = member.post(
        reverse("cases:team-add", args=[world["case"].pk]),
        {
            "add-candidate": f"decision_maker:{world['decider'].pk}",
            "add-reason": "Voor het besluit",
        },
    )
    # Refused by the service, with the same words as through the API.
    assert resp.status_code == 403
    assert "Alleen de eigenaar van de casus beheert het casusteam." in resp.content.decode()
    api = t.api_client(world["member"]).post(
        f"/api/v1/cases/{world['case'].pk}/team-members",
        {"user": world["decider"].pk, "reason": "Voor het besluit"},
    )
    assert api.status_code == 403
    assert api.json()["detail"] == "Alleen de eigenaar van de casus beheert het casusteam."
    assert not CompartmentMembership.objects.filter(user=world["decider"]).exists()


def test_outsiders_get_404_for_the_team_page(world) -> None:
    outsider = browser(t.user("analyst"))
    assert outsider.get(reverse("cases:team", args=[world["case"].pk])).status_code == 404
    assert outsider.get(reverse("cases:team", args=[10**8])).status_code == 404


def test_a_refusal_keeps_the_input_and_names_the_reason(world) -> None:
    owner = browser(world["owner"])
    me = CompartmentMembership.objects.get(compartment=world["case"].team, user=world["owner"])
    resp = owner.post(
        reverse("cases:team-remove", args=[world["case"].pk, me.pk]),
        {f"r{me.pk}-reason": "Ik draag dit over aan niemand"},
    )
    assert resp.status_code == 400
    body = resp.content.decode()
    assert "altijd een eigenaar" in body and "Ik draag dit over aan niemand" in body
    assert CompartmentMembership.objects.filter(pk=me.pk).exists()


def test_owner_removes_a_member_who_then_gets_404(world) -> None:
    owner = browser(world["owner"])
    m = CompartmentMembership.objects.get(compartment=world["case"].team, user=world["member"])
    resp = owner.post(
        reverse("cases:team-remove", args=[world["case"].pk, m.pk]),
        {f"r{m.pk}-reason": "Niet meer nodig in dit team"},
    )
    assert resp.status_code == 302
    member = browser(world["member"])
    assert member.get(reverse("cases:detail", args=[world["case"].pk])).status_code == 404
    assert member.get(reverse("cases:team", args=[world["case"].pk])).status_code == 404


def test_handover_on_the_page(world) -> None:
    owner = browser(world["owner"])
    m = CompartmentMembership.objects.get(compartment=world["case"].team, user=world["member"])
    resp = owner.post(
        reverse("cases:team-handover", args=[world["case"].pk]),
        {"handover-member": m.pk, "handover-reason": "Overdracht wegens verlof"},
    )
    assert resp.status_code == 302
    m.refresh_from_db()
    assert m.function == "owner"
    me = CompartmentMembership.objects.get(compartment=world["case"].team, user=world["owner"])
    assert me.function == "analyst"
