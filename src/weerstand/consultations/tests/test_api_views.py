"""`/api/v1/consultations` and the consultation pages: both sides record and read, strict
bodies, never edited, follow-up completion; partners without need get nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from weerstand import testing as t
from weerstand.audit.models import AuditRecord
from weerstand.consultations import services
from weerstand.consultations.models import CaseInvestigationLink
from weerstand.consultations.tests import builders as b

pytestmark = pytest.mark.django_db
API = "/api/v1/consultations"


def body(w: b.World, **extra: Any) -> dict[str, Any]:
    return {
        "case": w.case.pk,
        "heldAt": (timezone.now() - timedelta(hours=1)).isoformat(),
        "participants": [w.analyst.pk, w.om.pk],
        "interests": "both",
        "protectionInterest": "Beveiliging eerst",
        "investigationInterest": "Onderzoek loopt",
        "sharingAgreement": "Alleen datum naar het LCC",
        "timingAgreement": "Aanhouding na plaatsing camera",
        "followUps": [
            {
                "description": "Plan afstemmen",
                "owner": w.om.pk,
                "dueOn": (timezone.localdate() + timedelta(days=3)).isoformat(),
            }
        ],
        **extra,
    }


def test_om_records_both_sides_read_and_complete_through_the_api() -> None:
    w = b.world()
    om = t.api_client(w.om)
    assert om.post(API, {**body(w), "extra": 1}, format="json").status_code == 400
    created = om.post(API, body(w), format="json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert created["Location"].endswith(f"{API}/{data['id']}")
    assert {p["side"] for p in data["participants"]} == {"protection", "investigation"}
    analyst = t.api_client(w.analyst)
    listed = analyst.get(API, {"case": w.case.pk}).json()
    assert [r["id"] for r in listed["results"]] == [data["id"]]
    assert analyst.get(f"{API}/{data['id']}").json()["sharingAgreement"]
    # Never edited: no PUT, PATCH or DELETE on a consultation.
    for method in ("put", "patch", "delete"):
        assert getattr(analyst, method)(f"{API}/{data['id']}", {}, format="json").status_code in (
            405,
        )
    fu = data["followUps"][0]["id"]
    url = f"{API}/{data['id']}/follow-ups/{fu}/completions"
    done = analyst.post(url, {}, format="json")
    assert done.status_code == 201 and done.json()["doneAt"]
    assert analyst.post(url, {}, format="json").status_code == 409
    assert AuditRecord.objects.filter(action="read", object_type__icontains="consultation").exists()


def test_partners_without_need_and_outsiders_get_nothing_from_the_api() -> None:
    w = b.world()
    c = services.record_consultation(w.analyst, w.case.pk, b.data(w))
    for user in (w.planner, w.resilience, w.outsider_analyst, w.outsider_om):
        api = t.api_client(user)
        listing = api.get(API)
        assert listing.status_code in (200, 403, 404)
        if listing.status_code == 200:
            assert listing.json()["results"] == []
        assert api.get(f"{API}/{c.pk}").status_code in (403, 404)
        assert api.post(API, body(w), format="json").status_code in (403, 404)


def test_case_page_shows_hint_section_and_records_through_the_form() -> None:
    w = b.world()
    services.link_investigation(
        w.om, w.case.pk, om_office="Parket Oost-Brabant", investigation_name="Onderzoek Wilg"
    )
    client = Client()
    t.login(client, w.analyst)
    page = client.get(f"/casussen/{w.case.pk}").content.decode()
    assert "nog geen afstemmingsoverleg" in page
    held = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        f"/afstemming/casussen/{w.case.pk}/vastleggen",
        {
            "held_at": held,
            "participants": [w.analyst.pk, w.om.pk],
            "interests": "protection",
            "protection_interest": "Woning eerst",
            "investigation_interest": "Geen",
            "sharing_agreement": "Niets delen",
            "timing_agreement": "Na de zitting",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(f"/afstemming/casussen/{w.case.pk}").content.decode()
    assert "Woning eerst" in page and "Onderzoek Wilg" in page
    planner = Client()
    t.login(planner, w.planner)
    assert planner.get(f"/afstemming/casussen/{w.case.pk}").status_code == 404
    assert "Afstemming beveiliging" not in planner.get(f"/casussen/{w.case.pk}").content.decode()


def test_the_case_team_links_the_case_to_an_investigation_on_the_page() -> None:
    w = b.world()
    client = Client()
    t.login(client, w.om)
    response = client.post(
        f"/afstemming/casussen/{w.case.pk}/onderzoek",
        {"om_office": "Parket Limburg", "investigation_name": "Onderzoek Beuk"},
    )
    assert response.status_code == 302
    assert services.touches_investigation(w.case)
    assert "Onderzoek Beuk" in client.get(f"/afstemming/casussen/{w.case.pk}").content.decode()
    planner = Client()
    t.login(planner, w.planner)
    refused = planner.post(
        f"/afstemming/casussen/{w.case.pk}/onderzoek",
        {"om_office": "X", "investigation_name": "Y"},
    )
    assert refused.status_code == 404


def links_url(case_id: int) -> str:
    return f"/api/v1/cases/{case_id}/investigation-links"


def test_the_case_team_links_the_case_to_an_investigation_through_the_api() -> None:
    w = b.world()
    om = t.api_client(w.om)
    url = links_url(w.case.pk)
    assert om.get(url).json()["results"] == []
    assert not services.touches_investigation(w.case)
    assert om.post(url, {"omOffice": "Parket Limburg"}, format="json").status_code == 400
    blank = om.post(url, {"omOffice": " ", "investigationName": "X"}, format="json")
    assert blank.status_code == 400
    assert blank["Content-Type"].startswith("application/problem+json")
    extra = {"omOffice": "Parket Limburg", "investigationName": "Onderzoek Beuk", "x": 1}
    assert om.post(url, extra, format="json").status_code == 400
    created = om.post(
        url, {"omOffice": "Parket Limburg", "investigationName": "Onderzoek Beuk"}, format="json"
    )
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["investigationName"] == "Onderzoek Beuk" and data["createdBy"] == w.om.pk
    assert created["Location"].endswith(f"{url}/{data['id']}")
    assert services.touches_investigation(w.case)
    assert AuditRecord.objects.filter(
        action="create", object_type="consultations.caseinvestigationlink", case_id=w.case.pk
    ).exists()
    analyst = t.api_client(w.analyst)
    assert [r["id"] for r in analyst.get(url).json()["results"]] == [data["id"]]
    assert analyst.get(f"{url}/{data['id']}").json()["omOffice"] == "Parket Limburg"
    assert AuditRecord.objects.filter(
        action="list", object_type="consultations.caseinvestigationlink", actor_id=w.analyst.pk
    ).exists()
    assert AuditRecord.objects.filter(
        action="read", object_type="consultations.caseinvestigationlink", actor_id=w.analyst.pk
    ).exists()
    assert analyst.get(url, {"page": 1, "typo": 1}).status_code == 400
    # Never changed or removed.
    for method in ("put", "patch", "delete"):
        assert getattr(analyst, method)(f"{url}/{data['id']}", {}, format="json").status_code == 405


def test_investigation_link_api_refuses_like_the_page() -> None:
    w = b.world()
    link = services.link_investigation(
        w.om, w.case.pk, om_office="Parket Zeeland", investigation_name="Onderzoek Els"
    )
    url = links_url(w.case.pk)
    ok = {"omOffice": "Parket Limburg", "investigationName": "Onderzoek Beuk"}
    # A team member whose role reads the case but not its consultations: as if absent.
    for user in (w.planner, w.resilience, w.outsider_analyst, w.outsider_om):
        api = t.api_client(user)
        assert api.get(url).status_code == 404
        assert api.get(f"{url}/{link.pk}").status_code == 404
        assert api.post(url, ok, format="json").status_code == 404
    # Hidden and absent read the same.
    api = t.api_client(w.outsider_analyst)
    hidden = api.get(url)
    absent = api.get(links_url(w.case.pk + 999))
    assert hidden.status_code == absent.status_code == 404
    assert hidden.json()["detail"] == absent.json()["detail"]
    assert t.api_client(w.om).get(f"{url}/{link.pk + 999}").status_code == 404
    # The inspectorate reads the links but records none: 403 problem, as the page refuses.
    inspector = t.api_client(w.inspector)
    assert [r["id"] for r in inspector.get(url).json()["results"]] == [link.pk]
    refused = inspector.post(url, ok, format="json")
    assert refused.status_code == 403
    assert refused["Content-Type"].startswith("application/problem+json")
    page = Client()
    t.login(page, w.inspector)
    on_page = page.post(
        f"/afstemming/casussen/{w.case.pk}/onderzoek",
        {"om_office": "X", "investigation_name": "Y"},
    )
    assert on_page.status_code == 403
    assert [x.pk for x in CaseInvestigationLink.objects.filter(case=w.case.pk)] == [link.pk]
