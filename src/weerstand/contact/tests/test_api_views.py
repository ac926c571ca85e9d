"""The contact app over HTTP: the contact-person resource (ETag, If-Match, problem+json), the
communication log (filters, pages, strict bodies, never changed), the case-page section, and
the portal's panel and page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from weerstand import testing as t
from weerstand.contact.models import Communication
from weerstand.contact.tests import world as wb

pytestmark = pytest.mark.django_db


@pytest.fixture
def w() -> wb.CaseWorld:
    return wb.build()


def _put(client: Any, case_id: int, body: dict, etag: str | None) -> Any:
    headers = {"HTTP_IF_MATCH": etag} if etag is not None else {}
    return client.put(f"/api/v1/cases/{case_id}/contact-person", body, format="json", **headers)


def test_contact_person_resource(w: wb.CaseWorld) -> None:
    api = t.api_client(w.owner)
    url = f"/api/v1/cases/{w.case.pk}/contact-person"
    first = api.get(url)
    assert first.status_code == 200 and first["ETag"] == '"0"'
    assert first.json()["contactPerson"] is None
    body = {
        "contactPerson": w.expert.pk,
        "contactPhone": "070 751 5050",
        "deputy": w.deputy.pk,
        "deputyPhone": "070 751 5051",
        "note": "Vrijdag via de vervanger",
        "reason": "Vaste stem vanaf de start",
    }
    assert _put(api, w.case.pk, body, None).status_code == 428
    unknown = _put(api, w.case.pk, {**body, "extra": 1}, '"0"')
    assert unknown.status_code == 400
    assert unknown["Content-Type"].startswith("application/problem+json")
    done = _put(api, w.case.pk, body, '"0"')
    assert done.status_code == 200, done.json()
    assert done["ETag"] == '"1"'
    data = done.json()
    assert data["contactPerson"]["id"] == w.expert.pk
    assert data["deputy"]["id"] == w.deputy.pk
    assert data["history"][0]["reason"] == "Vaste stem vanaf de start"
    assert _put(api, w.case.pk, body, '"0"').status_code == 412
    # Not the owner: 403 with a reason; a partner without need: 404 like an absent case.
    refused = _put(t.api_client(w.expert), w.case.pk, body, '"1"')
    assert refused.status_code == 403
    assert t.api_client(w.police).get(url).status_code == 404
    assert t.api_client(t.user("analyst")).get(url).status_code == 404
    assert t.api_client(w.tbp).get(url).status_code == 404
    assert t.api_client(t.user("inspector")).get(url).status_code == 200
    assert t.api_client(w.owner).delete(url).status_code == 405


def test_communications_api(w: wb.CaseWorld) -> None:
    wb.assign(w)
    api = t.api_client(w.expert)
    body = {
        "case": w.case.pk,
        "recipient": w.partner_link.pk,
        "text": "De camera komt woensdag.",
        "channel": "phone",
        "topic": "measures",
    }
    assert api.post("/api/v1/communications", {**body, "subject": "x"}).status_code == 400
    created = api.post("/api/v1/communications", body)
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created["Location"] == f"/api/v1/communications/{pk}"
    refused = t.api_client(w.owner).post("/api/v1/communications", body)
    assert refused.status_code == 403
    assert refused["Content-Type"].startswith("application/problem+json")
    assert t.api_client(w.police).post("/api/v1/communications", body).status_code == 404
    api.post("/api/v1/communications", {**body, "recipient": w.protectee_link.pk})
    listed = t.api_client(w.decider).get(f"/api/v1/communications?case={w.case.pk}")
    assert listed.status_code == 200 and listed.json()["count"] == 2
    one = t.api_client(w.owner).get(f"/api/v1/communications?recipient={w.partner_link.pk}")
    assert [r["id"] for r in one.json()["results"]] == [pk]
    assert t.api_client(w.owner).get("/api/v1/communications?bogus=1").status_code == 400
    assert t.api_client(w.police).get("/api/v1/communications").status_code == 404
    assert t.api_client(w.planner).get(f"/api/v1/communications/{pk}").status_code == 404
    # The partner reads their own message, without case or recipient ids; not the other.
    own = t.api_client(w.partner).get("/api/v1/communications")
    assert [r["id"] for r in own.json()["results"]] == [pk]
    assert "case" not in own.json()["results"][0]
    assert t.api_client(w.tbp).get(f"/api/v1/communications/{pk}").status_code == 404
    # Never changed or deleted.
    for method in ("patch", "put", "delete"):
        answer = getattr(t.api_client(w.expert), method)(f"/api/v1/communications/{pk}", {})
        assert answer.status_code == 405
    assert Communication.objects.get(pk=pk).text == "De camera komt woensdag."


def test_case_section_forms_and_log(w: wb.CaseWorld) -> None:
    client = Client()
    t.login(client, w.owner)
    page = client.get(f"/casussen/{w.case.pk}").content.decode()
    assert "Vaste contactpersoon aanwijzen" in page
    answer = client.post(
        f"/contact/casus/{w.case.pk}/contactpersoon",
        {
            "contact": w.expert.pk,
            "contact_phone": "070 751 5050",
            "deputy": w.deputy.pk,
            "deputy_phone": "",
            "note": "",
            "reason": "Vaste stem vanaf de start",
            "version": 0,
        },
    )
    assert answer.status_code == 302
    page = client.get(f"/casussen/{w.case.pk}").content.decode()
    assert w.expert.display_name in page and "070 751 5050" in page
    speaker = Client()
    t.login(speaker, w.expert)
    for link, text in ((w.protectee_link, "Komt dinsdag."), (w.partner_link, "Komt woensdag.")):
        answer = speaker.post(
            f"/contact/casus/{w.case.pk}/berichten",
            {"recipient": link.pk, "channel": "phone", "topic": "measures", "text": text},
        )
        assert answer.status_code == 302
    page = speaker.get(f"/casussen/{w.case.pk}").content.decode()
    assert "Komt dinsdag." in page and "Verschilt" in page
    # A police liaison in the team sees the case, not the section or its log.
    police = Client()
    t.login(police, w.police)
    page = police.get(f"/casussen/{w.case.pk}").content.decode()
    assert "Komt dinsdag." not in page and "contactpersoon-kop" not in page
    refused = police.post(
        f"/contact/casus/{w.case.pk}/berichten",
        {"recipient": w.partner_link.pk, "channel": "phone", "text": "Ik ook"},
    )
    assert refused.status_code == 404


def test_portal_panel_and_page(w: wb.CaseWorld) -> None:
    wb.assign(w, note="INTERNE NOTITIE")
    wb.tell(w, w.partner_link, "Voor de partner bedoeld.")
    wb.tell(w, w.protectee_link, "Voor de beveiligde persoon bedoeld.")
    client = Client()
    t.login(client, w.partner)
    for url in ("/", "/uw-beveiliging"):  # in brief on the start page, in full one click on
        home = client.get(url).content.decode()
        assert "Uw vaste contactpersoon" in home
        assert w.expert.display_name in home and "070 751 5051" in home  # deputy too
        assert "INTERNE NOTITIE" not in home
    mine = client.get("/contact/mijn-berichten")
    assert mine.status_code == 200
    text = mine.content.decode()
    assert "Voor de partner bedoeld." in text
    assert "Voor de beveiligde persoon bedoeld." not in text
    assert "Telefoon" in text
    # The employer shares nothing and was told nothing: no panel.
    employer = Client()
    t.login(employer, w.employer)
    assert "Uw vaste contactpersoon" not in employer.get("/").content.decode()
    assert "Uw vaste contactpersoon" not in employer.get("/uw-beveiliging").content.decode()
    # Once told something, the employer gets the way to it, still without the contact person.
    wb.tell(w, w.employer_link, "Voor de werkgever bedoeld.", topic="contact")
    home = employer.get("/uw-beveiliging").content.decode()
    assert "Wat wij u hebben verteld" in home and w.expert.display_name not in home
    assert w.expert.display_name not in employer.get("/").content.decode()
    assert "Voor de werkgever bedoeld." in employer.get("/contact/mijn-berichten").content.decode()
    # Staff do not have the portal page.
    staff = Client()
    t.login(staff, w.owner)
    assert staff.get("/contact/mijn-berichten").status_code == 404


def test_pages_are_accessible_and_portal_has_no_internal_codes(w: wb.CaseWorld) -> None:
    from weerstand.core.tests.test_views_a11y import check

    wb.assign(w)
    wb.tell(w, w.protectee_link, "De camera komt dinsdag.")
    wb.tell(w, w.partner_link, "De camera komt woensdag.")
    for user, url in (
        (w.owner, f"/casussen/{w.case.pk}"),
        (w.expert, f"/casussen/{w.case.pk}"),
        (w.tbp, "/"),
        (w.tbp, "/contact/mijn-berichten"),
        (w.partner, "/contact/mijn-berichten"),
    ):
        client = Client()
        t.login(client, user)
        html = client.get(url).content.decode()
        assert check(html) == [], (user.username, url, check(html))
        if user in (w.tbp, w.partner):
            for internal in (w.case.reference, "measures", "phone", "protectee", "Topic"):
                assert internal not in html, (url, internal)


def test_contact_person_leaving_the_team_warns_the_owner_everywhere(w: wb.CaseWorld) -> None:
    """Leaving the team (the team service's removal) leaves the name on record, but the
    owner is told, the timeline and audit say so, the case page and the resource warn, and
    once nobody named can speak the owner speaks for the case again."""
    from weerstand.audit.models import AuditRecord
    from weerstand.cases import team
    from weerstand.cases.models import CaseEvent
    from weerstand.contact import services
    from weerstand.policy.models import Alert, CompartmentMembership

    wb.assign(w)
    api = t.api_client(w.owner)
    url = f"/api/v1/cases/{w.case.pk}/contact-person"
    assert api.get(url).json()["warnings"] == []
    member = CompartmentMembership.objects.get(compartment=w.case.team_id, user=w.expert)
    team.remove_member(w.owner, w.case.pk, member.pk, reason="Naar een andere afdeling")
    assert Alert.objects.filter(
        recipient=w.owner, case=w.case, message__contains="vaste contactpersoon"
    ).exists()
    assert CaseEvent.objects.filter(
        case=w.case, kind="contact_person", reason__contains="uit het casusteam"
    ).exists()
    record = AuditRecord.objects.filter(
        object_type="contact.contactperson", action="update", changes__has_key="left_team"
    ).get()
    assert record.changes["left_team"] == {"contact": w.expert.pk}
    body = api.get(url).json()
    assert len(body["warnings"]) == 1 and "contactpersoon" in body["warnings"][0]
    client = Client()
    t.login(client, w.owner)
    page = client.get(f"/casussen/{w.case.pk}").content.decode()
    assert 'role="alert"' in page and body["warnings"][0] in page
    # The deputy still speaks; the owner does not while the deputy can.
    msg = services.Message(recipient=w.protectee_link.pk, text="Camera komt.", channel="phone")
    assert services.record_message(w.deputy, w.case.pk, msg).speaking_as == "deputy"
    member = CompartmentMembership.objects.get(compartment=w.case.team_id, user=w.deputy)
    team.remove_member(w.owner, w.case.pk, member.pk, reason="Langdurig afwezig")
    assert len(api.get(url).json()["warnings"]) == 2
    # Nobody named can speak: the protectee reaches the case through its owner.
    assert services.record_message(w.owner, w.case.pk, msg).speaking_as == "owner"
    # Naming a new contact person clears the warnings.
    services.assign(
        w.owner,
        w.case.pk,
        services.Assignment(contact=w.owner.pk, contact_phone="070 751 5050"),
        reason="Eigenaar neemt het over",
    )
    assert api.get(url).json()["warnings"] == []


def test_removing_another_member_warns_no_one(w: wb.CaseWorld) -> None:
    from weerstand.cases import team
    from weerstand.cases.models import CaseEvent
    from weerstand.policy.models import CompartmentMembership

    wb.assign(w)
    member = CompartmentMembership.objects.get(compartment=w.case.team_id, user=w.police)
    team.remove_member(w.owner, w.case.pk, member.pk, reason="Geen rol meer")
    assert not CaseEvent.objects.filter(
        case=w.case, kind="contact_person", reason__contains="uit het casusteam"
    ).exists()
    assert (
        t.api_client(w.owner).get(f"/api/v1/cases/{w.case.pk}/contact-person").json()["warnings"]
        == []
    )
