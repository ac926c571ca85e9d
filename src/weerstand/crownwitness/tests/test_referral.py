"""A case of their own for each circle person: the OM refers the person (the case opens in
the trajectory's compartment, hidden from everyone outside it) or links an existing case."""

from __future__ import annotations

import pytest
from django.test import Client

from weerstand import testing as t
from weerstand.audit.models import AuditAction
from weerstand.cases.models import Case
from weerstand.core.errors import NotPermitted, ValidationFailed
from weerstand.crownwitness import referral, services
from weerstand.crownwitness.tests.helpers import add_member, add_weerstand_person, open_trajectory
from weerstand.registry.services import PersonData

pytestmark = pytest.mark.django_db

BASE = "/api/v1/crown-witness-trajectories"


def _data(**kw: object) -> referral.CircleReferral:
    values: dict = {
        "phenomenon": "organised_crime",
        "severity": "serious",
        "summary": "Broer van de getuige; dreiging zodra de toezegging bekend is.",
        "reason": "Kring krijgt een eigen dreigingsanalyse",
    }
    values.update(kw)
    return referral.CircleReferral(**values)


def test_refer_opens_a_case_inside_the_compartment_and_links_it() -> None:
    s = open_trajectory()
    entry = add_weerstand_person(s)
    member, outsider = t.user("analyst"), t.user("analyst")
    add_member(s, member)
    case = referral.refer_person(s.om, s.trajectory.pk, entry.pk, _data())
    entry.refresh_from_db()
    assert entry.protection_case_id == case.pk
    assert case.restricted_compartment_id == s.trajectory.compartment_id
    assert case.protectee_id == entry.person_id and case.state == "referral"
    assert Case.objects.visible_to(member).filter(pk=case.pk).exists()
    assert not Case.objects.visible_to(outsider).filter(pk=case.pk).exists()
    assert t.last_audit(object_type="crownwitness.circleperson").action == AuditAction.UPDATE


def test_refer_refusals() -> None:
    s = open_trajectory()
    entry = add_weerstand_person(s)
    covered = services.add_person(
        s.om,
        s.trajectory.pk,
        services.CircleData(
            relation="partner",
            coverage="programme",
            new_person=PersonData(first_name="Ria", last_name="Partner"),
            programme="Getuigenbescherming",
            coverage_reason="Krijgt een nieuwe identiteit in het programma",
            reason="Kring in kaart brengen",
        ),
    )
    with pytest.raises(ValidationFailed):  # programme cover: no Weerstand case
        referral.refer_person(s.om, s.trajectory.pk, covered.pk, _data())
    with pytest.raises(ValidationFailed):  # reason too short
        referral.refer_person(s.om, s.trajectory.pk, entry.pk, _data(reason="kort"))
    with pytest.raises(ValidationFailed):  # not a circle person of this trajectory
        referral.refer_person(s.om, s.trajectory.pk, 999999, _data())
    analyst = t.user("analyst")
    add_member(s, analyst)
    with pytest.raises(NotPermitted):  # a member without the change grant
        referral.refer_person(analyst, s.trajectory.pk, entry.pk, _data())
    referral.refer_person(s.om, s.trajectory.pk, entry.pk, _data())
    with pytest.raises(ValidationFailed):  # already linked
        referral.refer_person(s.om, s.trajectory.pk, entry.pk, _data())
    other = open_trajectory()
    with pytest.raises(ValidationFailed):  # a person of another trajectory
        referral.refer_person(other.om, other.trajectory.pk, entry.pk, _data())


def test_link_existing_case_only_of_the_same_person() -> None:
    s = open_trajectory()
    entry = add_weerstand_person(s)
    om = s.om
    own = t.case(om, protectee=entry.person, team=(om,))
    stranger = t.case(om, team=(om,))
    with pytest.raises(ValidationFailed):
        referral.link_case(om, s.trajectory.pk, entry.pk, stranger.pk, "Bestaande casus koppelen")
    hidden = t.case(t.user("om_officer"), protectee=entry.person)
    with pytest.raises(ValidationFailed):
        referral.link_case(om, s.trajectory.pk, entry.pk, hidden.pk, "Bestaande casus koppelen")
    referral.link_case(om, s.trajectory.pk, entry.pk, own.pk, "Bestaande casus koppelen")
    entry.refresh_from_db()
    assert entry.protection_case_id == own.pk


def test_api_refer_and_link() -> None:
    s = open_trajectory()
    entry = add_weerstand_person(s)
    second = add_weerstand_person(s, first="Kees", last="Vriend")
    api = t.api_client(s.om)
    url = f"{BASE}/{s.trajectory.pk}/persons/{entry.pk}/referral"
    body = {
        "phenomenon": "organised_crime",
        "severity": "serious",
        "summary": "Broer van de getuige",
        "reason": "Kring krijgt een eigen dreigingsanalyse",
    }
    r = api.post(url, {**body, "reason": "kort"})
    assert r.status_code == 400 and r["Content-Type"].startswith("application/problem+json")
    r = api.post(url, {**body, "identity": "x"})
    assert r.status_code == 400
    r = api.post(url, body)
    assert r.status_code == 201, r.content
    assert r.json()["state"] == "referral"
    assert r["Location"] == f"/api/v1/cases/{r.json()['id']}"
    own = t.case(s.om, protectee=second.person, team=(s.om,))
    r = api.put(
        f"{BASE}/{s.trajectory.pk}/persons/{second.pk}/protection-case",
        {"case": own.pk, "reason": "Bestaande casus koppelen"},
    )
    assert r.status_code == 200, r.content
    assert r.json()["protectionCase"] == own.pk
    # Outside the compartment the trajectory does not exist; inside without change: 403.
    r = t.api_client(t.user("om_officer")).post(url, body)
    assert r.status_code == 404
    analyst = t.user("analyst")
    add_member(s, analyst)
    r = t.api_client(analyst).post(url, body)
    assert r.status_code in (403, 404)


def test_page_refer_and_errors() -> None:
    s = open_trajectory()
    entry = add_weerstand_person(s)
    client = Client()
    t.login(client, s.om)
    page = f"/kroongetuigen/{s.trajectory.pk}/kring/{entry.pk}/casus"
    r = client.get(f"/kroongetuigen/{s.trajectory.pk}")
    assert page in r.content.decode()
    r = client.get(page)
    assert r.status_code == 200 and "Casus openen" in r.content.decode()
    r = client.post(
        f"/kroongetuigen/{s.trajectory.pk}/kring/{entry.pk}/aanmelden",
        {
            "phenomenon": "organised_crime",
            "severity": "serious",
            "classification": "1",
            "summary": "Broer",
            "reason": "kort",
        },
    )
    assert r.status_code == 400 and "Geef een reden op." in r.content.decode()
    r = client.post(
        f"/kroongetuigen/{s.trajectory.pk}/kring/{entry.pk}/aanmelden",
        {
            "phenomenon": "organised_crime",
            "severity": "serious",
            "classification": "1",
            "summary": "Broer van de getuige",
            "reason": "Kring krijgt een eigen analyse",
        },
    )
    assert r.status_code == 302
    entry.refresh_from_db()
    assert entry.protection_case_id is not None
    other = Client()
    t.login(other, t.user("om_officer"))
    assert other.get(page).status_code == 404
