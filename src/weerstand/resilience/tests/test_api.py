"""`/api/v1/resilience-conversations` (with notes and follow-ups), `/api/v1/buddy-matches`
and `/api/v1/buddy-volunteers`: each role gets what the policy gives, writes go through the
services, versions are checked."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from weerstand import testing as t
from weerstand.resilience.tests import builders as b

pytestmark = pytest.mark.django_db
API = "/api/v1"


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, (response.status_code, response.content[:800])
    return response.json() if response.content else None


def results(body: Any) -> list[dict[str, Any]]:
    return body["results"] if isinstance(body, dict) and "results" in body else body


def test_the_expert_plans_writes_up_and_follows_up_through_the_api() -> None:
    w = b.world()
    api = t.api_client(w.expert)
    body = {
        "case": w.case.pk,
        "person": w.case.protectee_id,
        "phase": "impact",
        "plannedAt": b.at(2).isoformat(),
        "channel": "video",
        "place": "Beveiligde verbinding",
    }
    assert api.post(f"{API}/resilience-conversations", {**body, "extra": 1}).status_code == 400
    created = api.post(f"{API}/resilience-conversations", body)
    data = ok(created, 201)
    assert created["ETag"] == '"1"' and created["Location"].endswith(str(data["id"]))
    assert data["status"] == "planned" and data["expertName"] == w.expert.display_name
    url = f"{API}/resilience-conversations/{data['id']}"
    # Not the expert of this case: 403 with the reason (other expert: not even the case).
    other = t.api_client(w.other_expert)
    assert other.post(f"{API}/resilience-conversations", body).status_code == 404
    refused = t.api_client(w.decision_maker).post(f"{API}/resilience-conversations", body)
    assert refused.status_code in (403, 404)
    # If-Match: required, stale is refused.
    assert api.patch(url, {"channel": "phone"}).status_code == 428
    assert api.patch(url, {"channel": "phone"}, HTTP_IF_MATCH='"7"').status_code == 412
    changed = ok(api.patch(url, {"channel": "phone"}, HTTP_IF_MATCH='"1"'))
    assert changed["channel"] == "phone" and changed["version"] == 2
    assert api.patch(url, {"status": "held"}, HTTP_IF_MATCH='"2"').status_code == 400
    # Held yesterday: the notes make it held.
    from weerstand.resilience.models import ResilienceConversation

    ResilienceConversation.objects.filter(pk=data["id"]).update(planned_at=b.at(-1))
    held = ok(
        api.post(f"{url}/notes", {"wellbeing": "Gaat beter dan vorige keer", "worries": "Werk"}),
        201,
    )
    assert held["status"] == "held" and held["notes"]["worries"] == "Werk"
    due = (timezone.localdate() + timedelta(days=3)).isoformat()
    follow = ok(
        api.post(
            f"{url}/follow-ups",
            {"description": "School bellen", "owner": w.owner.pk, "dueOn": due},
        ),
        201,
    )
    assert follow["ownerName"] == w.owner.display_name and not follow["done"]
    rows = results(ok(api.get(f"{url}/follow-ups")))
    assert [r["id"] for r in rows] == [follow["id"]]
    done = ok(t.api_client(w.owner).patch(f"{url}/follow-ups/{follow['id']}", {"done": True}))
    assert done["done"] and done["doneAt"]
    # Cancel needs a reason.
    second = ok(api.post(f"{API}/resilience-conversations", body), 201)
    second_url = f"{API}/resilience-conversations/{second['id']}"
    assert api.patch(second_url, {"status": "cancelled"}, HTTP_IF_MATCH='"1"').status_code == 400
    cancelled = ok(
        api.patch(
            second_url,
            {"status": "cancelled", "cancelReason": "Persoon is verhuisd"},
            HTTP_IF_MATCH='"1"',
        )
    )
    assert cancelled["status"] == "cancelled"


def test_who_reads_conversations_and_what_the_portal_user_gets() -> None:
    w = b.world()
    held = b.held(w, marker="NOTE-1")
    upcoming = b.plan(w)
    b.plan(w, person=w.relative)
    # The NCTV team and the inspectorate read them, with the notes.
    for user in (w.decision_maker, w.owner, w.inspector):
        rows = results(ok(t.api_client(user).get(f"{API}/resilience-conversations")))
        assert len(rows) == 3
        notes = {r["id"]: r["notes"] for r in rows}
        assert "NOTE-1" in notes[held.pk]["wellbeing"]
    # Partners without need: no grant at all (404); an analyst outside the team: nothing.
    for user in (w.liaison, w.planner, w.om):
        assert t.api_client(user).get(f"{API}/resilience-conversations").status_code == 404
    assert results(ok(t.api_client(w.outsider).get(f"{API}/resilience-conversations"))) == []
    assert (
        t.api_client(w.outsider).get(f"{API}/resilience-conversations/{held.pk}").status_code == 404
    )
    # The protectee: own conversations only, the staff fields null, never notes.
    rows = results(ok(t.api_client(w.protectee_user).get(f"{API}/resilience-conversations")))
    assert {r["id"] for r in rows} == {held.pk, upcoming.pk}
    for r in rows:
        assert r["notes"] is None and r["place"] is None and r["case"] is None
        assert r["phaseText"] and r["expertName"] == w.expert.display_name
    portal = t.api_client(w.protectee_user)
    assert portal.get(f"{API}/resilience-conversations/{held.pk}/follow-ups").status_code == 404
    relative_rows = results(
        ok(t.api_client(w.relative_user).get(f"{API}/resilience-conversations"))
    )
    assert [r["expertName"] for r in relative_rows] == [w.expert.display_name]
    assert (
        results(ok(t.api_client(w.other_protectee_user).get(f"{API}/resilience-conversations")))
        == []
    )


def test_a_buddy_match_through_the_api_with_consent_of_both() -> None:
    w = b.world()
    expert = t.api_client(w.expert)
    assert ok(expert.get(f"{API}/buddy-volunteers"))["results"] == []
    ok(expert.post(f"{API}/buddy-volunteers", {"person": w.buddy_person.pk}), 201)
    listed = results(ok(expert.get(f"{API}/buddy-volunteers")))
    assert [v["person"] for v in listed] == [w.buddy_person.pk]
    assert t.api_client(w.liaison).get(f"{API}/buddy-volunteers").status_code == 404
    ends = (timezone.localdate() + timedelta(days=60)).isoformat()
    match = ok(
        expert.post(
            f"{API}/buddy-matches",
            {"case": w.case.pk, "buddy": w.buddy_person.pk, "endsOn": ends},
        ),
        201,
    )
    url = f"{API}/buddy-matches/{match['id']}"
    assert match["status"] == "proposed" and match["side"] is None
    protectee, buddy = t.api_client(w.protectee_user), t.api_client(w.buddy_user)
    assert expert.post(f"{url}/consents", {}).status_code == 403
    ok(protectee.post(f"{url}/consents", {}), 201)
    shared = ok(
        protectee.post(
            f"{url}/shares",
            {"items": ["first_name", "message"], "message": "Tot gauw", "contact": "06-1"},
        ),
        201,
    )
    assert shared["message"] == "Tot gauw" and shared["contact"] is None
    assert protectee.post(f"{url}/shares", {"items": ["address"]}).status_code == 400
    assert ok(buddy.get(url))["message"] is None  # nothing before both said yes
    active = ok(buddy.post(f"{url}/consents", {}), 201)
    assert active["status"] == "active" and active["side"] == "buddy"
    seen = ok(buddy.get(url))
    assert seen["message"] == "Tot gauw" and seen["sharedFirstName"] == w.case.protectee.first_name
    assert seen["protecteeName"] is None and seen["case"] is None
    # Staff see which items, never the texts.
    staff = ok(expert.get(url))
    assert staff["sharedItems"] == ["first_name", "message"] and staff["message"] is None
    assert t.api_client(w.other_protectee_user).get(url).status_code == 404
    assert t.api_client(w.liaison).get(url).status_code == 404
    stopped = ok(protectee.post(f"{url}/withdrawals", {"reason": ""}), 201)
    assert stopped["status"] == "withdrawn"
    assert ok(buddy.get(url))["message"] is None
