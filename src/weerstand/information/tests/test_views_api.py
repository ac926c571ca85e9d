"""Pages and API: grading and withdrawal shown, downloads safe, hidden data unreachable."""

from __future__ import annotations

import base64

import pytest
from django.test import Client
from django.urls import reverse

from weerstand import testing as t
from weerstand.information import services
from weerstand.information.services import AttachmentData, ProductData

pytestmark = pytest.mark.django_db
MARKER = "MARKER-GEHEIM-7731"


def product(world, **kw):
    base = dict(
        title=f"Observatie {MARKER}",
        legal_basis=world.bases["wpg-19"],
        reliability="B",
        credibility=2,
        summary=f"Samenvatting {MARKER}",
        cases=[world.case],
        entities=[("phone", "06-99887766")],
        attachments=[AttachmentData("pv.txt", "text/plain", f"Tekst {MARKER}".encode())],
    )
    base.update(kw)
    return services.create_product(world.liaison, ProductData(**base))


def client_for(u) -> Client:
    c = Client()
    t.login(c, u)
    return c


def test_detail_list_grading_withdrawal_and_download(world) -> None:
    p = product(world)
    services.withdraw_product(world.liaison, p.pk, reason="Bron onbetrouwbaar gebleken")
    c = client_for(world.analyst)
    body = c.get(reverse("information:detail", args=[p.pk])).content.decode()
    assert "B2" in body and "doorgaans betrouwbaar / waarschijnlijk waar" in body
    assert "ingetrokken" in body.lower() and "Bron onbetrouwbaar gebleken" in body
    listing = c.get(reverse("information:list")).content.decode()
    assert p.reference in listing and "Bron onbetrouwbaar gebleken" in listing
    att = p.attachments.visible_to(world.analyst).get()
    resp = c.get(reverse("information:attachment", args=[att.pk]))
    assert resp["Content-Disposition"].startswith("attachment;")
    assert resp["X-Content-Type-Options"] == "nosniff"
    assert resp["Content-Type"].startswith("text/plain")
    assert MARKER in resp.content.decode()
    case_page = c.get(reverse("information:case", args=[world.case.pk])).content.decode()
    assert p.reference in case_page and "Herbeoordeling geadviseerd" in case_page


def test_create_form_refuses_bad_legal_basis_readably(world) -> None:
    c = client_for(world.liaison)
    resp = c.post(
        reverse("information:create"),
        {
            "title": "Test",
            "legal_basis": world.bases["wiv-64"].pk,
            "classification": 1,
            "handling": "none",
            "reliability": "B",
            "credibility": 2,
            "summary": "Iets",
        },
    )
    assert resp.status_code == 400
    assert "geen informatie verstrekken" in resp.content.decode()


def test_outsider_cannot_reach_anything(world) -> None:
    p = product(world)
    att = p.attachments.visible_to(world.analyst).get()
    entity = p.entity_links.visible_to(world.analyst).get().entity
    for u in (world.outsider, t.user("mayor"), t.user("police_liaison")):
        c = client_for(u)
        for url in (
            reverse("information:detail", args=[p.pk]),
            reverse("information:attachment", args=[att.pk]),
            reverse("information:entity", args=[entity.pk]),
            reverse("information:entity", args=[999999]),
        ):
            resp = c.get(url)
            assert resp.status_code == 404, (u, url)
            assert MARKER not in resp.content.decode()
        listing = c.get(reverse("information:list"))
        assert MARKER not in listing.content.decode()
        api = t.api_client(u)
        for url in (
            f"/api/v1/threat-products/{p.pk}",
            f"/api/v1/threat-products/{p.pk}/versions",
            f"/api/v1/attachments/{att.pk}",
            f"/api/v1/entities/{entity.pk}",
        ):
            resp = api.get(url)
            assert resp.status_code == 404 and MARKER not in resp.content.decode()
        resp = api.get("/api/v1/threat-products")
        assert MARKER not in resp.content.decode()


def test_api_create_withdraw_versions_and_entity(world) -> None:
    api = t.api_client(world.liaison)
    resp = api.post(
        "/api/v1/threat-products",
        {
            "title": "Via API",
            "legalBasis": "wpg-19",
            "reliability": "A",
            "credibility": 1,
            "cases": [world.case.reference],
            "entities": [{"kind": "vehicle", "value": "gx-123-b"}],
            "attachments": [
                {
                    "filename": "a.txt",
                    "contentType": "text/plain",
                    "contentBase64": base64.b64encode(b"hallo").decode(),
                }
            ],
        },
    )
    assert resp.status_code == 201, resp.content
    data = resp.json()
    assert data["grading"]["code"] == "A1" and data["withdrawal"] is None
    pk = data["id"]
    resp = api.post(
        f"/api/v1/threat-products/{pk}/versions",
        {"title": "Via API v2", "legalBasis": "wpg-19", "reliability": "A", "credibility": 2},
    )
    assert resp.status_code == 201, resp.content
    new_pk = resp.json()["id"]
    chain = api.get(f"/api/v1/threat-products/{new_pk}/versions").json()
    # A page like every other array of the API (API Design Rules).
    assert chain["count"] == 2
    assert [v["version"] for v in chain["results"]] == [1, 2]
    second = api.get(f"/api/v1/threat-products/{new_pk}/versions?pageSize=1&page=2").json()
    assert [v["version"] for v in second["results"]] == [2] and second["next"] is None
    resp = api.post(f"/api/v1/threat-products/{new_pk}/withdrawals", {"reason": "Vergissing"})
    assert resp.status_code == 201 and resp.json()["withdrawal"]["reason"] == "Vergissing"
    again = api.post(f"/api/v1/threat-products/{new_pk}/withdrawals", {"reason": "Nogmaals"})
    assert again.status_code == 409
    analyst_api = t.api_client(world.analyst)
    denied = analyst_api.post(
        f"/api/v1/threat-products/{new_pk}/withdrawals", {"reason": "Mag niet"}
    )
    assert denied.status_code in (403, 409)
    entity_id = resp.json()["entities"][0]["id"]
    ent = analyst_api.get(f"/api/v1/entities/{entity_id}").json()
    assert ent["label"] == "GX123B" and len(ent["products"]) == 2
    bad = api.post(
        "/api/v1/threat-products",
        {"title": "x", "legalBasis": "wiv-64", "reliability": "A", "credibility": 1, "bogus": 1},
    )
    assert bad.status_code == 400 and bad["Content-Type"].startswith("application/problem+json")
