"""Matching pages: the coordinator's investigations, selectors and hits with the decision
form; the inspector's read-only view; the case team's section on the case page; the panel of
hits waiting for a decision. Everyone else gets a 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from weerstand import testing as t
from weerstand.matching.models import HitStatus, Selector, SharingDecision
from weerstand.matching.tests.test_sharing import hit_world

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    t.login(client, user)
    return client


def test_investigation_pages_for_members() -> None:
    s, _hit, _case, _owner, analyst = hit_world()
    c = _client(s.coordinator)
    r = c.get("/onderzoeken/")
    assert r.status_code == 200 and "Onderzoek Reiger" in r.content.decode()
    r = c.get(f"/onderzoeken/{s.investigation.pk}")
    body = r.content.decode()
    assert r.status_code == 200 and "telefoon 1" in body and "Selector registreren" in body
    r = c.post(
        f"/onderzoeken/{s.investigation.pk}",
        {"kind": "plate", "value": "GH-123-J", "label": "auto 1"},
    )
    assert r.status_code == 302
    assert Selector.objects.filter(investigation=s.investigation, label="auto 1").exists()
    r = c.post(
        f"/onderzoeken/{s.investigation.pk}",
        {"kind": "phone", "value": "12-geheimnummer", "label": "telefoon 9"},
    )
    assert r.status_code == 400
    assert "geheimnummer" not in r.content.decode()  # the value is never rendered back
    for outsider in (analyst, t.user("inspector"), t.user("information_coordinator")):
        assert _client(outsider).get(f"/onderzoeken/{s.investigation.pk}").status_code == 404


def test_coordinator_hits_and_decision_form() -> None:
    s, hit, _case, owner, _analyst = hit_world()
    c = _client(s.coordinator)
    body = c.get("/onderzoeken/hits").content.decode()
    assert "telefoon 1" in body and owner.display_name in body
    home = c.get("/").content.decode()
    assert f"Besluiten over hit {hit.pk}" in home and f"/onderzoeken/hits/{hit.pk}" in home
    r = c.get(f"/onderzoeken/hits/{hit.pk}")
    assert r.status_code == 200 and "form-besluit" in r.content.decode()
    r = c.post(f"/onderzoeken/hits/{hit.pk}", {"outcome": "not_share", "reasons": "kort"})
    assert r.status_code == 400 and "Motiveer" in r.content.decode()
    r = c.post(
        f"/onderzoeken/hits/{hit.pk}",
        {
            "outcome": "share",
            "title": "Dreiging uit onderzoek",
            "summary": "Betrokkene wordt genoemd.",
            "legal_basis": "wpg-16",
            "handling": "analysis_only",
            "reliability": "B",
            "credibility": "2",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    hit.refresh_from_db()
    assert hit.status == HitStatus.SHARED
    assert SharingDecision.objects.get(hit=hit).product is not None


def test_inspector_reads_hits_and_decisions_without_labels() -> None:
    s, hit, _case, owner, _analyst = hit_world()
    _client(s.coordinator).post(
        f"/onderzoeken/hits/{hit.pk}",
        {"outcome": "not_share", "reasons": "Operationeel belang gaat voor."},
    )
    c = _client(t.user("inspector"))
    for url in ("/onderzoeken/hits", f"/onderzoeken/hits/{hit.pk}"):
        r = c.get(url)
        body = r.content.decode()
        assert r.status_code == 200
        assert "telefoon 1" not in body and owner.display_name not in body
        assert "Onderzoek Reiger" not in body
    assert "Operationeel belang gaat voor." in body
    assert "form-besluit" not in body
    r = c.post(f"/onderzoeken/hits/{hit.pk}", {"outcome": "not_share", "reasons": "x" * 20})
    assert r.status_code in (403, 404, 409)
    assert SharingDecision.objects.count() == 1


def test_case_team_section_and_form() -> None:
    s, _hit, case, _owner, analyst = hit_world()
    c = _client(analyst)
    body = c.get(f"/casussen/{case.pk}").content.decode()
    assert "Selectors voor hit/no-hit" in body and "beschermde persoon: telefoon 1" in body
    assert "Hit" not in body.split("Selectors voor hit/no-hit", 1)[1].split("</section>", 1)[0]
    r = c.post(
        f"/onderzoeken/casussen/{case.pk}/selectors",
        {"kind": "plate", "value": "KL-456-M", "label": "auto beschermde persoon"},
        headers={"HX-Request": "true"},
    )
    assert r.status_code == 200 and "auto beschermde persoon" in r.content.decode()
    assert "<html" not in r.content.decode()
    for outsider in (s.coordinator, t.user("analyst"), t.user("inspector")):
        assert (
            _client(outsider).get(f"/onderzoeken/casussen/{case.pk}/selectors").status_code == 404
        )


def test_nobody_else_reaches_the_pages() -> None:
    s, hit, _case, owner, analyst = hit_world()
    for user in (s.om, owner, analyst, t.user("information_coordinator")):
        c = _client(user)
        assert c.get(f"/onderzoeken/hits/{hit.pk}").status_code == 404
        r = c.get("/onderzoeken/hits")
        assert r.status_code == 404 or "telefoon 1" not in r.content.decode()
