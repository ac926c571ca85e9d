"""Probing leaves a trace (issue 14, finding 3): hidden objects and refused writes are audited,
the answer stays that of an absent object, and a pattern raises exactly one alert."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from weerstand import testing as t
from weerstand.accounts.models import User
from weerstand.accounts.services import issue_token
from weerstand.audit.models import AuditAction, AuditRecord
from weerstand.cases.models import Case
from weerstand.policy import engine, probing
from weerstand.policy.models import Alert

pytestmark = pytest.mark.django_db

READ = AuditAction.DENIED_READ
WRITE = AuditAction.DENIED_WRITE
ABSENT_ID = 987_654_321


@pytest.fixture
def world(settings: Any) -> dict[str, Any]:
    settings.PROBE_ALERT_THRESHOLD = 20
    settings.PROBE_ALERT_WINDOW_MINUTES = 10
    referrer = t.user("police_liaison")
    owner = t.user("analyst")
    prober = t.user("decision_maker")  # sees only the cases of teams they are in
    cases = [t.case(referrer, owner=owner) for _ in range(30)]
    own = t.case(referrer, owner=owner, team=(prober,))
    return {
        "prober": prober,
        "owner": owner,
        "cases": cases,
        "own": own,
        "admin": t.user("system_admin"),
        "inspector": t.user("inspector"),
        "bystander": t.user("analyst"),
    }


def _page(response: Any, url: str) -> str:
    html = re.sub(r"[A-Za-z0-9]{64}", "CSRF", response.content.decode())
    return html.replace(url, "URL")


def refusals(user: User, action: str = READ) -> Any:
    return AuditRecord.objects.filter(actor_id=user.pk, action=action)


def probe_alerts(user: User) -> Any:
    return AuditRecord.objects.filter(action=AuditAction.PROBE_ALERT, object_id=str(user.pk))


# --- the answer does not change ------------------------------------------------------------


def test_a_hidden_case_answers_byte_for_byte_like_an_absent_one(world: dict[str, Any]) -> None:
    api = t.api_client(world["prober"])
    rid = {"HTTP_X_REQUEST_ID": "probe-0000-0000-0001"}
    hidden = api.get(f"/api/v1/cases/{world['cases'][0].pk}", **rid)
    absent = api.get(f"/api/v1/cases/{ABSENT_ID}", **rid)
    assert hidden.status_code == absent.status_code == 404
    assert hidden.content == absent.content
    assert hidden["Content-Type"] == absent["Content-Type"]
    assert sorted(hidden.headers.items()) == sorted(absent.headers.items())
    # ... and both left a trace, which tells them apart for the auditor only.
    recs = {r.object_id: r for r in refusals(world["prober"])}
    assert recs[str(world["cases"][0].pk)].result == "hidden"
    assert recs[str(ABSENT_ID)].result == "absent"


def test_a_hidden_case_page_answers_like_an_absent_one(world: dict[str, Any]) -> None:
    client = Client()
    t.login(client, world["prober"])
    hidden_url, absent_url = f"/casussen/{world['cases'][0].pk}", f"/casussen/{ABSENT_ID}"
    hidden = client.get(hidden_url, HTTP_X_REQUEST_ID="probe-web-0001")
    absent = client.get(absent_url, HTTP_X_REQUEST_ID="probe-web-0001")
    assert hidden.status_code == absent.status_code == 404
    # Equal but for what differs on every page anyway: the masked CSRF token and the path.
    assert _page(hidden, hidden_url) == _page(absent, absent_url)
    assert refusals(world["prober"]).count() == 2


def test_a_role_without_any_grant_is_traced_too(world: dict[str, Any]) -> None:
    """The declared-needs check answers 404 before any object is read (the advisory body
    sees aggregates only); the refusal still names the object asked for."""
    nosy = t.user("advisory_body")
    api = t.api_client(nosy)
    rid = {"HTTP_X_REQUEST_ID": "probe-0000-0000-0003"}
    hidden = api.get(f"/api/v1/cases/{world['cases'][0].pk}", **rid)
    absent = api.get(f"/api/v1/cases/{ABSENT_ID}", **rid)
    assert hidden.status_code == absent.status_code == 404
    assert hidden.content == absent.content
    results = dict(refusals(nosy).values_list("object_id", "result"))
    assert results == {str(world["cases"][0].pk): "hidden", str(ABSENT_ID): "absent"}
    client = Client()
    t.login(client, nosy)
    assert client.get(f"/casussen/{world['cases'][0].pk}").status_code == 404
    page = refusals(nosy).get(channel="web")
    assert page.result == "refused" and page.object_type == ""
    assert page.changes["request"] == f"GET /casussen/{world['cases'][0].pk}"


def test_a_failing_trace_does_not_change_the_answer(world: dict[str, Any], monkeypatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("audit unavailable")

    api = t.api_client(world["prober"])
    monkeypatch.setattr(probing, "_write", broken)
    rid = {"HTTP_X_REQUEST_ID": "probe-0000-0000-0002"}
    hidden = api.get(f"/api/v1/cases/{world['cases'][0].pk}", **rid)
    absent = api.get(f"/api/v1/cases/{ABSENT_ID}", **rid)
    assert hidden.status_code == absent.status_code == 404
    assert hidden.content == absent.content


# --- the trace -----------------------------------------------------------------------------


def test_the_record_names_actor_token_and_object_but_nothing_of_the_object(
    world: dict[str, Any],
) -> None:
    prober = world["prober"]
    token, raw = issue_token(prober)
    api = t.api_client()
    api.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    case = world["cases"][0]
    assert api.get(f"/api/v1/cases/{case.pk}").status_code == 404
    rec = refusals(prober).get()
    assert rec.object_type == "cases.case" and rec.object_id == str(case.pk)
    assert rec.result == "hidden" and rec.channel == "api"
    assert rec.changes == {"request": f"GET /api/v1/cases/{case.pk}", "token": token.prefix}
    # Nothing of the hidden case itself, and not in the case's own access log.
    assert rec.object_repr == "" and rec.case_id is None
    assert case.reference not in str(rec.changes)
    owner = Client()
    t.login(owner, world["owner"])
    log = owner.get(reverse("audit:case-log", args=[case.pk]))
    assert log.status_code == 200
    assert prober.username not in log.content.decode()


def test_a_miss_after_visible_to_is_traced_too(world: dict[str, Any]) -> None:
    with pytest.raises(Case.DoesNotExist):
        Case.objects.visible_to(world["prober"]).get(pk=world["cases"][1].pk)
    rec = refusals(world["prober"]).get()
    assert rec.object_id == str(world["cases"][1].pk) and rec.result == "hidden"
    # An unscoped read is no probe, and a hit through the policy costs no record.
    assert Case.objects.visible_to(world["prober"]).get(pk=world["own"].pk) == world["own"]
    assert engine.get_for(Case.objects.all(), world["prober"], pk=world["own"].pk)
    assert refusals(world["prober"]).count() == 1


def test_outside_a_request_the_refusal_is_written_at_once(world: dict[str, Any]) -> None:
    """A command or job has no response to wait for; the engine also takes a Principal."""
    from weerstand.core import context

    prober = world["prober"]
    context.current().user = prober
    with pytest.raises(Http404):
        engine.get_for(Case.objects.all(), engine.principal(prober), pk=world["cases"][3].pk)
    rec = refusals(prober).get()
    assert rec.object_id == str(world["cases"][3].pk) and rec.channel == "system"


def test_a_refused_read_is_a_denied_read(world: dict[str, Any]) -> None:
    """A 403 on a GET (a read the service refuses with a reason) is traced as a read."""
    from weerstand.core import context
    from weerstand.core.api.problems import exception_handler
    from weerstand.core.errors import NotPermitted

    ctx = context.current()
    ctx.user, ctx.method, ctx.path = world["prober"], "GET", "/api/v1/x"
    exception_handler(NotPermitted("Niet voor u."), {})
    rec = refusals(world["prober"]).get()
    assert rec.result == "refused" and rec.reason == "Niet voor u."


def test_a_refused_write_is_traced_although_the_service_rolled_back(
    world: dict[str, Any],
) -> None:
    """The prober may see their own case but not manage its team: 403, and a record."""
    api = t.api_client(world["prober"])
    own = world["own"]
    resp = api.post(
        f"/api/v1/cases/{own.pk}/team-members",
        {"user": world["bystander"].pk, "reason": "Ik wil erbij"},
    )
    assert resp.status_code == 403
    rec = refusals(world["prober"], WRITE).get()
    assert rec.object_type == "cases.case" and rec.object_id == str(own.pk)
    assert rec.result == "refused" and rec.reason == resp.json()["detail"]
    assert rec.changes["request"] == f"POST /api/v1/cases/{own.pk}/team-members"


def test_a_write_to_a_hidden_case_is_a_refused_write(world: dict[str, Any]) -> None:
    api = t.api_client(world["prober"])
    hidden = world["cases"][2]
    resp = api.post(
        f"/api/v1/cases/{hidden.pk}/team-members",
        {"user": world["bystander"].pk, "reason": "Ik wil erbij"},
    )
    assert resp.status_code == 404
    rec = refusals(world["prober"], WRITE).get()
    assert rec.object_id == str(hidden.pk) and rec.result == "hidden"


def test_a_refused_write_on_a_page_is_traced(world: dict[str, Any]) -> None:
    """A team member who is not the owner tries to remove the owner: the page shows the
    service's refusal (403) and the trail has it."""
    from weerstand.policy.models import CompartmentMembership

    client = Client()
    t.login(client, world["prober"])
    own = world["own"]
    mid = CompartmentMembership.objects.get(compartment=own.team, user=world["owner"]).pk
    resp = client.post(
        f"/casussen/{own.pk}/team/{mid}/verwijderen", {f"r{mid}-reason": "Ik wil de zaak"}
    )
    assert resp.status_code == 403
    rec = refusals(world["prober"], WRITE).get()
    assert rec.object_type == "cases.case" and rec.object_id == str(own.pk)
    assert rec.channel == "web" and rec.result == "refused"


# --- the detector --------------------------------------------------------------------------


def _alerts() -> Any:
    return Alert.objects.filter(message__startswith="Mogelijk aftasten")


def test_probing_30_hidden_cases_via_the_api_raises_exactly_one_alert(
    world: dict[str, Any],
) -> None:
    prober = world["prober"]
    api = t.api_client(prober)
    for case in world["cases"]:
        assert api.get(f"/api/v1/cases/{case.pk}").status_code == 404
    assert refusals(prober).filter(result="hidden").count() == 30
    assert probe_alerts(prober).count() == 1
    alerts = _alerts()
    assert sorted(a.recipient_id for a in alerts) == sorted(
        [world["admin"].pk, world["inspector"].pk]
    )
    message = alerts.first().message
    assert prober.username in message and "wst_" in message
    # The alert names no object: no case reference, no id.
    for case in world["cases"]:
        assert case.reference not in message
    assert all(a.case_id is None for a in alerts)


def test_probing_30_hidden_cases_via_pages_raises_exactly_one_alert(
    world: dict[str, Any],
) -> None:
    prober = world["prober"]
    client = Client()
    t.login(client, prober)
    for case in world["cases"]:
        assert client.get(f"/casussen/{case.pk}").status_code == 404
    assert refusals(prober).filter(result="hidden", channel="web").count() == 30
    assert probe_alerts(prober).count() == 1
    assert _alerts().count() == 2  # one each for the administrator and the inspector
    assert "wst_" not in _alerts().first().message


def test_enumerating_absent_ids_is_noticed_as_well(world: dict[str, Any]) -> None:
    api = t.api_client(world["prober"])
    for n in range(25):
        api.get(f"/api/v1/cases/{ABSENT_ID + n}")
    assert refusals(world["prober"]).filter(result="absent").count() == 25
    assert probe_alerts(world["prober"]).count() == 1


def test_one_alert_per_window_and_a_new_one_after_it(world: dict[str, Any], monkeypatch) -> None:
    prober = world["prober"]
    api = t.api_client(prober)
    for case in world["cases"]:
        api.get(f"/api/v1/cases/{case.pk}")
    for case in world["cases"]:  # still probing within the window: no second alert
        api.get(f"/api/v1/cases/{case.pk}/events")
    assert probe_alerts(prober).count() == 1
    later = timezone.now() + timedelta(minutes=11)
    monkeypatch.setattr(timezone, "now", lambda: later)
    for case in world["cases"][:19]:
        api.get(f"/api/v1/cases/{case.pk}")
    assert probe_alerts(prober).count() == 1, "19 in the new window: below the threshold"
    api.get(f"/api/v1/cases/{world['cases'][19].pk}")
    assert probe_alerts(prober).count() == 2
    assert _alerts().filter(recipient=world["admin"]).count() == 2


def test_the_prober_is_never_told(world: dict[str, Any]) -> None:
    """An inspector who probes is not the one warned about it."""
    nosy = world["inspector"]
    for case in world["cases"][:25]:
        Case.objects.filter(pk=case.pk).update(classification=4)  # above the inspector
    api = t.api_client(nosy)
    for case in world["cases"][:25]:
        assert api.get(f"/api/v1/cases/{case.pk}").status_code == 404
    assert probe_alerts(nosy).count() == 1
    assert list(_alerts().values_list("recipient_id", flat=True)) == [world["admin"].pk]


def test_normal_use_leaves_no_refusal_and_no_alert(world: dict[str, Any]) -> None:
    prober = world["prober"]
    api = t.api_client(prober)
    client = Client()
    t.login(client, prober)
    own = world["own"]
    for _ in range(30):
        assert api.get(f"/api/v1/cases/{own.pk}").status_code == 200
        assert client.get(f"/casussen/{own.pk}").status_code == 200
    assert api.get("/api/v1/cases").status_code == 200
    assert client.get("/casussen/").status_code in (200, 301, 302)
    assert not AuditRecord.objects.filter(action__in=[READ, WRITE]).exists()
    assert not _alerts().exists()


def test_below_the_threshold_no_alert(world: dict[str, Any]) -> None:
    api = t.api_client(world["prober"])
    for case in world["cases"][:19]:
        api.get(f"/api/v1/cases/{case.pk}")
    assert refusals(world["prober"]).count() == 19
    assert not probe_alerts(world["prober"]).exists() and not _alerts().exists()


def test_threshold_zero_switches_the_alert_off(world: dict[str, Any], settings: Any) -> None:
    settings.PROBE_ALERT_THRESHOLD = 0
    api = t.api_client(world["prober"])
    for case in world["cases"]:
        api.get(f"/api/v1/cases/{case.pk}")
    assert refusals(world["prober"]).count() == 30
    assert not _alerts().exists()
