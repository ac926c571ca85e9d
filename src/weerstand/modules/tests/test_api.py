"""`/api/v1/modules` and `/api/v1/module-assignments`: content, assignment, progress."""

from __future__ import annotations

import pytest

from weerstand import testing as t
from weerstand.modules.models import ModuleSection
from weerstand.modules.tests import builders as b

pytestmark = pytest.mark.django_db
API = "/api/v1"


def test_modules_with_versions_and_sections() -> None:
    b.world()
    api = t.api_client(t.user("resilience_expert"))
    listing = api.get(f"{API}/modules")
    assert listing.status_code == 200, listing.content
    rows = listing.json()["results"]
    assert {r["code"] for r in rows} == {
        "veilig-online",
        "partner-beveiligd",
        "sterk-en-veilig-kinderen",
    }
    online = next(r for r in rows if r["code"] == "veilig-online")
    assert online["latestVersion"]["titleEn"] == "Safe online"
    detail = api.get(f"{API}/modules/{online['id']}").json()
    sections = detail["versions"][0]["sections"]
    assert [s["position"] for s in sections] == [1, 2, 3, 4]
    assert sections[0]["bodyEn"]
    # A role without any module grant gets the 404 of an absent page.
    assert t.api_client(t.user("mayor")).get(f"{API}/modules").status_code == 404


def test_assign_follow_and_see_progress() -> None:
    w = b.world()
    version = b.version()
    expert = t.api_client(w.expert)
    body = {"case": w.case.pk, "casePerson": w.protectee_link.pk, "moduleVersion": version.pk,
            "note": "Begin met deel 1."}  # fmt: skip
    assert expert.post(f"{API}/module-assignments", {**body, "extra": 1}).status_code == 400
    created = expert.post(f"{API}/module-assignments", body)
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created["Location"].endswith(f"/module-assignments/{pk}")
    # The analyst of the team may not assign (403 with the reason).
    refused = t.api_client(w.analyst).post(
        f"{API}/module-assignments", {**body, "casePerson": w.partner_link.pk}
    )
    assert refused.status_code == 403

    person = t.api_client(w.portal)
    mine = person.get(f"{API}/module-assignments").json()["results"]
    assert [r["id"] for r in mine] == [pk] and mine[0]["note"] == "Begin met deel 1."
    first = ModuleSection.objects.filter(version=version).order_by("position").first()
    assert first is not None
    done = person.post(f"{API}/module-assignments/{pk}/progress", {"section": first.pk})
    assert done.status_code == 200, done.content
    assert done.json()["progress"] == {"done": 1, "total": 4, "percent": 25}
    assert done.json()["doneSections"] == [first.pk]
    stale = person.post(
        f"{API}/module-assignments/{pk}/progress", {"section": first.pk}, HTTP_IF_MATCH='"1"'
    )
    assert stale.status_code == 412
    # The expert sees the progress; filtering by case works; the expert cannot tick boxes.
    team = expert.get(f"{API}/module-assignments?case={w.case.pk}").json()["results"]
    assert team[0]["progress"]["percent"] == 25
    assert (
        expert.post(f"{API}/module-assignments/{pk}/progress", {"section": first.pk}).status_code
        == 403
    )
    # The partner's account does not reach the protectee's assignment.
    partner = t.api_client(w.partner_portal)
    assert partner.get(f"{API}/module-assignments/{pk}").status_code == 404
    assert partner.get(f"{API}/module-assignments").json()["results"] == []
    assert expert.get(f"{API}/module-assignments?bogus=1").status_code == 400


def test_the_expert_publishes_a_new_version_others_may_not() -> None:
    b.world()
    section = {"title": "Eén", "titleEn": "One", "body": "Tekst.", "bodyEn": "Text."}
    body: dict[str, object] = {
        "code": "veilig-online",
        "audience": "adult",
        "title": "Veilig online",
        "titleEn": "Safe online",
        "summary": "Nieuwe versie.",
        "summaryEn": "New version.",
        "sections": [section],
    }
    expert = t.api_client(t.user("resilience_expert"))
    bad = {**body, "sections": [{**section, "extra": 1}]}
    assert expert.post(f"{API}/modules", bad).status_code == 400
    assert expert.post(f"{API}/modules", {**body, "sections": []}).status_code == 400
    created = expert.post(f"{API}/modules", body)
    assert created.status_code == 201, created.content
    versions = created.json()["versions"]
    assert [v["number"] for v in versions] == [1, 2]
    assert versions[1]["sections"][0]["bodyEn"] == "Text."
    assert t.api_client(t.user("analyst")).post(f"{API}/modules", body).status_code == 403
    assert t.api_client(t.user("protectee")).post(f"{API}/modules", body).status_code == 403
    assert t.api_client(t.user("mayor")).post(f"{API}/modules", body).status_code == 404
