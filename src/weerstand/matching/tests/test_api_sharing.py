"""`/api/v1/hits/{id}/sharing-decisions`: the coordinator decides (201), problems as
problem+json, a shared hit is final (409), the inspectorate reads, everyone else gets 404."""

from __future__ import annotations

import pytest

from weerstand import testing as t
from weerstand.matching.models import SharingDecision
from weerstand.matching.tests.test_sharing import hit_world

pytestmark = pytest.mark.django_db


def _url(pk: int) -> str:
    return f"/api/v1/hits/{pk}/sharing-decisions"


def test_coordinator_decides_and_reads() -> None:
    s, hit, _case, _owner, _analyst = hit_world()
    api = t.api_client(s.coordinator)
    r = api.post(_url(hit.pk), {"outcome": "not_share", "reasons": "kort"})
    assert r.status_code == 400
    assert r["Content-Type"].startswith("application/problem+json")
    r = api.post(
        _url(hit.pk), {"outcome": "not_share", "reasons": "Operationeel belang gaat voor."}
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["outcome"] == "not_share" and body["reconsiderOn"]
    assert body["product"] is None
    r = api.post(
        _url(hit.pk),
        {
            "outcome": "share",
            "title": "Dreiging uit onderzoek",
            "summary": "Betrokkene wordt genoemd.",
            "legalBasis": "wpg-16",
            "handling": "analysis_only",
        },
    )
    assert r.status_code == 201, r.content
    assert r.json()["product"].startswith("IP") and r.json()["legalBasis"] == "wpg-16"
    r = api.get(_url(hit.pk))
    assert [d["outcome"] for d in r.json()["results"]] == ["share", "not_share"]
    assert api.get("/api/v1/hits").json()["results"][0]["status"] == "shared"
    r = api.post(_url(hit.pk), {"outcome": "not_share", "reasons": "Toch maar niet delen."})
    assert r.status_code == 409
    r = api.post(_url(hit.pk), {"outcome": "share", "x": 1})
    assert r.status_code == 400


def test_inspector_reads_others_get_404() -> None:
    s, hit, _case, owner, analyst = hit_world()
    t.api_client(s.coordinator).post(
        _url(hit.pk), {"outcome": "not_share", "reasons": "Operationeel belang gaat voor."}
    )
    inspector = t.api_client(t.user("inspector"))
    r = inspector.get(_url(hit.pk))
    assert r.status_code == 200
    assert r.json()["results"][0]["reasons"] == "Operationeel belang gaat voor."
    r = inspector.post(_url(hit.pk), {"outcome": "not_share", "reasons": "x" * 20})
    assert r.status_code in (403, 404)
    for nobody in (s.om, owner, analyst, t.user("information_coordinator")):
        api = t.api_client(nobody)
        assert api.get(_url(hit.pk)).status_code == 404
        r = api.post(_url(hit.pk), {"outcome": "not_share", "reasons": "x" * 20})
        assert r.status_code == 404
        assert r["Content-Type"].startswith("application/problem+json")
    assert t.api_client(s.coordinator).get(_url(hit.pk + 999)).status_code == 404
    assert SharingDecision.objects.count() == 1
