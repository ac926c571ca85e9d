"""The retention API and pages: who reaches what, the access-request workflow, and the leak
test (a product's marker is not reachable through any retention page or API)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from weerstand import testing as t
from weerstand.cases.models import CasePerson
from weerstand.information.models import ProductPerson
from weerstand.retention import services
from weerstand.retention.models import AccessRequest
from weerstand.retention.tests import builders as b

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


def _world_with_run() -> tuple:
    w = b.world()
    gone_mark, kept_mark = b.marker(), b.marker()
    person = t.person(first="Inzage", last=f"Persoon{kept_mark}")
    CasePerson.objects.create(case=w.case, person=person, role="protectee")
    b.product(w, gone_mark)
    kept = b.product(w, kept_mark)
    ProductPerson.objects.create(product=kept, person=person)
    b.rule(w)
    services.place_hold(
        w.privacy,
        kind="litigation",
        reason="Rechtszaak",
        object_type="threat_product",
        object_id=kept.pk,
    )
    report = services.apply_retention(timezone.now() + timedelta(days=400))
    return w, gone_mark, kept_mark, kept, person, report


def test_api_rules_crud_strict_and_versioned() -> None:
    w = b.world()
    api = t.api_client(w.privacy)
    body = {
        "objectType": "threat_product",
        "periodDays": 30,
        "countedFrom": "product_date",
        "action": "destroy",
    }
    assert api.post(f"{V1}/retention-rules", {**body, "extra": 1}).status_code == 400
    made = api.post(f"{V1}/retention-rules", body)
    assert made.status_code == 201, made.content
    rid = made.json()["id"]
    assert made.json()["legalBasis"] == "" and made["ETag"]
    assert api.patch(f"{V1}/retention-rules/{rid}", {"periodDays": 40}).status_code == 428
    changed = api.patch(
        f"{V1}/retention-rules/{rid}", {"periodDays": 40}, HTTP_IF_MATCH=made["ETag"]
    )
    assert changed.status_code == 200 and changed.json()["periodDays"] == 40
    stale = api.patch(f"{V1}/retention-rules/{rid}", {"periodDays": 41}, HTTP_IF_MATCH=made["ETag"])
    assert stale.status_code == 412
    assert [r["id"] for r in api.get(f"{V1}/retention-rules").json()["results"]] == [rid]
    # The inspector has no rule grant; others get nothing at all.
    assert t.api_client(w.inspector).get(f"{V1}/retention-rules").status_code in (403, 404)
    assert t.api_client(w.analyst).post(f"{V1}/retention-rules", body).status_code in (403, 404)
    assert api.delete(f"{V1}/retention-rules/{rid}").status_code == 204
    assert api.get(f"{V1}/retention-rules/{rid}").status_code == 404


def test_api_holds_and_reports() -> None:
    w, _gone_mark, _kept_mark, kept, _person, report = _world_with_run()
    api = t.api_client(w.privacy)
    holds = api.get(f"{V1}/legal-holds").json()["results"]
    assert [h["objectId"] for h in holds] == [kept.pk] and holds[0]["inForce"]
    inspector = t.api_client(w.inspector)
    assert inspector.get(f"{V1}/legal-holds").status_code == 200
    assert inspector.post(
        f"{V1}/legal-holds/{holds[0]['id']}/lift", {"reason": "x"}
    ).status_code in (403, 404)
    detail = inspector.get(f"{V1}/destruction-reports/{report.pk}").json()
    assert detail["signatureValid"] is True
    assert {i["outcome"] for i in detail["items"]} == {"destroyed", "withheld"}
    assert t.api_client(w.analyst).get(f"{V1}/destruction-reports").status_code in (403, 404)
    assert api.post(f"{V1}/legal-holds", {"kind": "inquiry", "reason": "x"}).status_code == 400
    lifted = api.post(f"{V1}/legal-holds/{holds[0]['id']}/lift", {"reason": "Uitspraak gedaan"})
    assert lifted.status_code == 200 and lifted.json()["inForce"] is False
    assert api.post(f"{V1}/legal-holds/{holds[0]['id']}/lift", {"reason": "x"}).status_code == 409
    made = api.post(
        f"{V1}/legal-holds", {"kind": "inquiry", "reason": "Onderzoek", "case": w.case.pk}
    )
    assert made.status_code == 201 and made.json()["case"] == w.case.pk


def test_access_request_workflow_through_the_api() -> None:
    w, _gone, _kept_mark, kept, person, _report = _world_with_run()
    api = t.api_client(w.privacy)
    made = api.post(
        f"{V1}/access-requests",
        {"person": person.pk, "receivedOn": timezone.localdate().isoformat()},
    )
    assert made.status_code == 201, made.content
    rid = made.json()["id"]
    assert made.json()["deadline"] == services.add_months(timezone.localdate(), 1).isoformat()
    collected = api.post(f"{V1}/access-requests/{rid}/items", {})
    assert collected.status_code == 201
    items = collected.json()["items"]
    refs = {(i["objectType"], i["objectId"]) for i in items}
    assert refs == {("case", w.case.pk), ("threat_product", kept.pk)}
    assert api.post(f"{V1}/access-requests/{rid}/complete", {}).status_code == 409
    case_item = next(i for i in items if i["objectType"] == "case")
    product_item = next(i for i in items if i["objectType"] == "threat_product")
    url = f"{V1}/access-requests/{rid}/items/{{}}/decision"
    refused = api.post(url.format(product_item["id"]), {"decision": "withhold"})
    assert refused.status_code == 400
    assert (
        api.post(
            url.format(product_item["id"]),
            {"decision": "withhold", "exception": "investigation", "reason": "Lopend onderzoek"},
        ).status_code
        == 200
    )
    assert api.post(url.format(case_item["id"]), {"decision": "disclose"}).status_code == 200
    ext = api.post(f"{V1}/access-requests/{rid}/extension", {"reason": "Veel onderdelen"})
    assert ext.status_code == 200 and ext.json()["extended"] is True
    assert api.post(f"{V1}/access-requests/{rid}/extension", {"reason": "x"}).status_code == 409
    done = api.post(f"{V1}/access-requests/{rid}/complete", {})
    assert done.status_code == 200 and done.json()["status"] == "completed"
    summary = done.json()["summary"]
    assert "Belang van opsporing en vervolging: 1" in summary
    assert f"casus {w.case.reference}" in summary
    assert f"product {kept.reference}" not in summary  # a withheld item is not named
    assert api.post(url.format(case_item["id"]), {"decision": "disclose"}).status_code == 409
    # The inspector reads, cannot act; other roles get nothing.
    assert t.api_client(w.inspector).get(f"{V1}/access-requests/{rid}").status_code == 200
    assert t.api_client(w.inspector).post(
        f"{V1}/access-requests",
        {"person": person.pk, "receivedOn": timezone.localdate().isoformat()},
    ).status_code in (403, 404)
    assert t.api_client(w.analyst).get(f"{V1}/access-requests/{rid}").status_code in (403, 404)
    assert AccessRequest.objects.count() == 1


def test_pages_work_for_the_privacy_officer_and_the_inspector() -> None:
    w, _gone, _kept_mark, kept, person, report = _world_with_run()
    client = Client()
    t.login(client, w.privacy)
    assert client.get("/bewaren/").status_code == 200
    response = client.post(
        "/bewaren/regels/nieuw",
        {
            "object_type": "person",
            "legal_basis": "",
            "period_days": 5,
            "counted_from": "product_date",
            "action": "anonymise",
        },
    )
    assert response.status_code == 400  # a person has no product date
    response = client.post(
        "/bewaren/regels/nieuw",
        {
            "object_type": "person",
            "legal_basis": "",
            "period_days": 5,
            "counted_from": "case_closed",
            "action": "anonymise",
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert client.get(f"/bewaren/verslagen/{report.pk}").status_code == 200
    response = client.post(
        "/bewaren/inzageverzoeken/nieuw",
        {"person": person.pk, "received_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    rid = AccessRequest.objects.get().pk
    assert client.post(f"/bewaren/inzageverzoeken/{rid}/verzamelen").status_code == 302
    page = client.get(f"/bewaren/inzageverzoeken/{rid}")
    assert page.status_code == 200 and f"product {kept.reference}" in page.content.decode()
    inspector = Client()
    t.login(inspector, w.inspector)
    assert inspector.get("/bewaren/").status_code == 200
    assert inspector.get(f"/bewaren/verslagen/{report.pk}").status_code == 200
    assert inspector.post("/bewaren/regels/nieuw", {}).status_code in (403, 404)
    outsider = Client()
    t.login(outsider, w.analyst)
    assert outsider.get("/bewaren/").status_code in (403, 404)
    assert outsider.get(f"/bewaren/verslagen/{report.pk}").status_code in (403, 404)


def test_leak_no_product_content_through_any_retention_page_or_api() -> None:
    w, gone_mark, kept_mark, _kept, person, report = _world_with_run()
    privacy = t.api_client(w.privacy)
    created = privacy.post(
        f"{V1}/access-requests",
        {"person": person.pk, "receivedOn": timezone.localdate().isoformat()},
    ).json()
    rid = created["id"]
    privacy.post(f"{V1}/access-requests/{rid}/items", {})
    hold_id = privacy.get(f"{V1}/legal-holds").json()["results"][0]["id"]
    api_urls = [
        f"{V1}/retention-rules",
        f"{V1}/legal-holds",
        f"{V1}/legal-holds/{hold_id}",
        f"{V1}/destruction-reports",
        f"{V1}/destruction-reports/{report.pk}",
        f"{V1}/access-requests",
        f"{V1}/access-requests/{rid}",
        f"{V1}/access-requests/{rid}/items",
    ]
    page_urls = [
        "/bewaren/",
        f"/bewaren/verslagen/{report.pk}",
        f"/bewaren/inzageverzoeken/{rid}",
    ]
    client_p, client_i = Client(), Client()
    t.login(client_p, w.privacy)
    t.login(client_i, w.inspector)
    seen = 0
    for api in (privacy, t.api_client(w.inspector)):
        for url in api_urls:
            response = api.get(url)
            body = response.content.decode()
            seen += response.status_code == 200
            assert gone_mark not in body and kept_mark not in body, url
            assert "Titel" not in body and "Samenvatting" not in body, url
    for client in (client_p, client_i):
        for url in page_urls:
            response = client.get(url)
            body = response.content.decode()
            seen += response.status_code == 200
            assert gone_mark not in body and kept_mark not in body, url
    assert seen >= 15  # the crawl really read the pages (not a row of refusals)
