"""Signal pages and API, with the need-to-know attack: a marker planted in a crown-witness
signal must not reach an analyst outside the compartment through the queue, the detail page,
the API (list, detail, filters), the start-page counts or an escalation alert."""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from weerstand import testing as t
from weerstand.audit.models import AuditAction, AuditRecord
from weerstand.policy.models import Alert
from weerstand.signals import services
from weerstand.signals.models import Signal
from weerstand.signals.services import SignalData

pytestmark = pytest.mark.django_db

MARKER = "KROONMARKER-7Q2"


def signed_in(u: Any) -> Client:
    client = Client()
    t.login(client, u)
    return client


def normalise(body: bytes, path: str) -> str:
    """Drop what differs per request anyway (CSRF mask, the language form's return path)."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body.decode())
    text = re.sub(r'"X-CSRFToken": "[^"]+"', "", text)
    return text.replace(path, "PATH")


def record(user: Any, *, what: str = "Auto reed drie keer langs het huis.") -> Signal:
    return services.record_signal(
        user, SignalData(what=what, happened_at=timezone.now() - timedelta(hours=2))
    )


@pytest.fixture
def crown() -> dict[str, Any]:
    """A crown-witness case with an overdue signal carrying the marker."""
    om = t.user("om_officer")
    member = t.user("analyst")
    outsider = t.user("analyst")
    case = t.case(t.user("mayor"), team=(om, member, outsider), state="assessment")
    t.restrict(case, members=(om, member))
    past = timezone.now() - timedelta(days=2)
    hidden = services.record_signal(
        om,
        SignalData(
            what=f"{MARKER} contact met de advocaat",
            happened_at=past,
            case_id=case.pk,
            subject=f"{MARKER}-subject",
        ),
        now=past,
    )
    return {"om": om, "member": member, "outsider": outsider, "case": case, "signal": hidden}


def test_outsider_cannot_reach_the_crown_witness_signal_anywhere(crown: dict[str, Any]) -> None:
    hidden = crown["signal"]
    visible = record(t.user("police_liaison"), what="Gewoon signaal, zichtbaar voor iedereen")
    outsider = signed_in(crown["outsider"])
    for url in (
        reverse("signals:queue"),
        reverse("signals:queue") + "?status=overdue",
        reverse("signals:queue") + "?status=all",
        reverse("core:home"),
        reverse("signals:mine"),
    ):
        body = outsider.get(url).content.decode()
        assert MARKER not in body and hidden.reference not in body, url
    queue = outsider.get(reverse("signals:queue")).content.decode()
    assert visible.reference in queue
    assert outsider.get(reverse("signals:detail", args=[hidden.pk])).status_code == 404
    absent_url = reverse("signals:detail", args=[10**8])
    hidden_url = reverse("signals:detail", args=[hidden.pk])
    absent = normalise(outsider.get(absent_url).content, absent_url)
    assert normalise(outsider.get(hidden_url).content, hidden_url) == absent
    # Start page counts: the outsider counts one overdue signal fewer than the member.
    member = signed_in(crown["member"])
    home_member = member.get(reverse("core:home")).content.decode()
    home_outsider = outsider.get(reverse("core:home")).content.decode()
    assert "<strong>2</strong> signalen te beoordelen" in home_member
    assert "<strong>1</strong> signaal te beoordelen" in home_outsider
    assert hidden.reference in home_member
    # Opening pages escalates nothing; the scheduled job does, only to who may see it.
    assert not Alert.objects.filter(message__contains=hidden.reference).exists()
    call_command("run_jobs", "--only", "escalate-overdue-signals", stdout=StringIO())
    for alert in Alert.objects.filter(recipient=crown["outsider"]):
        assert hidden.reference not in alert.message
    assert Alert.objects.filter(recipient=crown["member"], message__contains=hidden.reference)


def test_outsider_api_never_returns_the_marker(crown: dict[str, Any]) -> None:
    hidden = crown["signal"]
    api = t.api_client(crown["outsider"])
    for url in (
        "/api/v1/signals",
        "/api/v1/signals?overdue=true",
        f"/api/v1/signals?case={crown['case'].pk}",
        "/api/v1/signals?status=new",
    ):
        resp = api.get(url)
        assert resp.status_code == 200, url
        assert MARKER not in resp.content.decode() and hidden.reference not in resp.content.decode()
    assert api.get(f"/api/v1/signals?case={crown['case'].pk}").json()["count"] == 0
    missing = api.get("/api/v1/signals/999999999")
    forbidden = api.get(f"/api/v1/signals/{hidden.pk}")
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json()["detail"] == missing.json()["detail"]
    triage = api.post(f"/api/v1/signals/{hidden.pk}/triages", {"decision": "triage", "note": "x"})
    assert triage.status_code == 404
    member_api = t.api_client(crown["member"])
    assert MARKER in member_api.get(f"/api/v1/signals/{hidden.pk}").content.decode()


def test_reporter_sees_own_signal_without_triage_note_others_get_404() -> None:
    officer = t.user("police_liaison")
    s = record(officer)
    services.triage_signal(t.user("analyst"), s.pk, decision="triage", note="NOTITIE-ANALIST")
    own = signed_in(officer).get(reverse("signals:detail", args=[s.pk]))
    assert own.status_code == 200
    body = own.content.decode()
    assert "Auto reed drie keer" in body and "NOTITIE-ANALIST" not in body
    api = t.api_client(officer).get(f"/api/v1/signals/{s.pk}").json()
    assert "triageNote" not in api and api["what"].startswith("Auto reed")
    colleague = t.user("police_liaison", organisation=officer.organisation)
    assert signed_in(colleague).get(reverse("signals:detail", args=[s.pk])).status_code == 404
    assert t.api_client(colleague).get(f"/api/v1/signals/{s.pk}").status_code == 404
    assert signed_in(colleague).get(reverse("signals:queue")).status_code == 404


def test_officer_form_records_a_signal_about_a_visible_case() -> None:
    officer = t.user("police_liaison")
    case = t.case(t.user("mayor"), team=(officer,))
    client = signed_in(officer)
    page = client.get(reverse("signals:create"))
    assert page.status_code == 200 and case.reference in page.content.decode()
    resp = client.post(
        reverse("signals:create"),
        {
            "what": "Verdachte persoon bij de school van de kinderen.",
            "kind": "observation",
            "happened_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "certainty": "seen_myself",
            "case": case.pk,
            "phones": "06-11112222",
            "classification": 1,
        },
    )
    assert resp.status_code == 302
    s = Signal.objects.get(reported_by=officer)
    assert s.case == case and s.grading == "B2"
    assert AuditRecord.objects.filter(action=AuditAction.CREATE, object_id=str(s.pk)).exists()


def test_portal_page_in_plain_dutch_links_the_own_case() -> None:
    referrer = t.user("mayor")
    me = t.person("Sanne", "Wijnberg")
    case = t.case(referrer, protectee=me, state="protection_active")
    user = t.user("protectee", organisation=t.org("civilian", code="burgers"), clearance=0)
    type(user).objects.filter(pk=user.pk).update(person=me)
    client = signed_in(user)
    assert client.get(reverse("signals:create")).status_code == 302  # to the portal page
    page = client.get(reverse("signals:portal")).content.decode()
    assert "Iets gezien of gehoord?" in page and case.reference not in page
    resp = client.post(
        reverse("signals:portal"),
        {
            "kind": "threat",
            "what": "Er stond een man bij de deur die mijn naam riep.",
            "happened_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "certainty": "seen_myself",
        },
    )
    assert resp.status_code == 302
    s = Signal.objects.get(reported_by=user)
    assert s.case == case and s.reporter_kind == "protectee" and s.kind == "threat"
    mine = client.get(reverse("signals:mine")).content.decode()
    # Their own words, not the analysts' code or category (issue 15).
    assert "Ik ben (of iemand is) bedreigd" in mine and "Ontvangen" in mine
    assert s.reference not in mine and case.reference not in mine and "Bedreiging" not in mine
    # The API refuses another case for a portal user, with the same words as an absent one.
    other = t.case(referrer)
    api = t.api_client(user)
    when = timezone.now().isoformat()
    bad = api.post(
        "/api/v1/signals", {"what": "Iets vreemds", "happenedAt": when, "case": other.pk}
    )
    absent = api.post(
        "/api/v1/signals", {"what": "Iets vreemds", "happenedAt": when, "case": 10**8}
    )
    assert bad.status_code == absent.status_code == 400
    assert bad.json()["detail"] == absent.json()["detail"]


def test_triage_page_and_concurrent_decision_conflict() -> None:
    s = record(t.user("police_liaison"))
    a1, a2 = t.user("analyst"), t.user("analyst")
    c1, c2 = signed_in(a1), signed_in(a2)
    page = c1.get(reverse("signals:detail", args=[s.pk])).content.decode()
    assert 'id="form-triage"' in page
    post = {"decision": "triage", "note": "Geen nieuwe dreiging.", "version": s.version}
    assert c1.post(reverse("signals:triage", args=[s.pk]), post).status_code == 302
    late = c2.post(
        reverse("signals:triage", args=[s.pk]),
        {"decision": "dismiss", "note": "Afwijzen dan maar.", "version": s.version},
    )
    assert late.status_code == 409
    assert "collega" in late.content.decode()
    assert Signal.objects.get(pk=s.pk).triaged_by == a1


def test_api_create_list_and_triage() -> None:
    officer = t.user("kmar_liaison")
    api = t.api_client(officer)
    resp = api.post(
        "/api/v1/signals",
        {
            "what": "Drone boven het terrein",
            "happenedAt": timezone.now().isoformat(),
            "kind": "incident",
            "certainty": "fairly_sure",
            "vehicles": ["AB-12-CD"],
        },
    )
    assert resp.status_code == 201, resp.content
    body = resp.json()
    assert body["status"] == "new"
    # The grading and its parts are the analysis function's view, as on the page: the
    # reporter reading back their own signal does not get them.
    assert not {"grading", "reliability", "credibility", "classification"} & set(body)
    assert "triageDeadline" not in body and "escalatedAt" not in body
    assert resp["Location"] == f"/api/v1/signals/{body['id']}"
    assert api.post("/api/v1/signals", {"what": "x", "bogus": 1}).status_code == 400
    # No certainty is chosen for the reporter: without one, the API refuses and says why.
    unsure = api.post(
        "/api/v1/signals", {"what": "Drone", "happenedAt": timezone.now().isoformat()}
    )
    assert unsure.status_code == 400
    assert "certainty" in [p["name"] for p in unsure.json()["invalidParams"]]
    analyst = t.api_client(t.user("analyst"))
    listed = analyst.get("/api/v1/signals?status=new").json()
    row = next(r for r in listed["results"] if r["id"] == body["id"])
    assert row["grading"] == "B3" and "triageDeadline" in row
    done = analyst.post(
        f"/api/v1/signals/{body['id']}/triages", {"decision": "dismiss", "note": "Hobbyvlieger."}
    )
    assert done.status_code == 200 and done.json()["status"] == "dismissed"
    again = analyst.post(
        f"/api/v1/signals/{body['id']}/triages", {"decision": "dismiss", "note": "Nogmaals."}
    )
    assert again.status_code == 409
    assert again["Content-Type"].startswith("application/problem+json")
    assert api.post(
        f"/api/v1/signals/{body['id']}/triages", {"decision": "triage", "note": "zelf"}
    ).status_code in (403, 404)


def test_escalate_overdue_command_is_idempotent() -> None:
    senior = t.user("senior_analyst")
    past = timezone.now() - timedelta(days=2)
    services.record_signal(
        t.user("police_liaison"),
        SignalData(what="Oud signaal zonder beoordeling", happened_at=past),
        now=past,
    )
    call_command("escalate_overdue")
    call_command("escalate_overdue")
    assert Alert.objects.filter(recipient=senior).count() == 1
    assert Signal.objects.filter(escalated_at__isnull=False).count() == 1


def test_portal_page_in_english() -> None:
    from django.conf import settings

    user = t.user("relative", organisation=t.org("civilian", code="burgers"), clearance=0)
    client = signed_in(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("signals:portal")).content.decode()
    assert "Seen or heard something?" in body and "Call 112 straight away" in body


def test_signal_pages_are_accessible(crown: dict[str, Any]) -> None:
    from weerstand.core.tests.test_views_a11y import check

    officer = t.user("police_liaison")
    own = record(officer)
    pages = [
        (signed_in(officer), reverse("signals:create")),
        (signed_in(officer), reverse("signals:mine")),
        (signed_in(officer), reverse("signals:detail", args=[own.pk])),
        (signed_in(crown["member"]), reverse("signals:queue")),
        (signed_in(crown["member"]), reverse("signals:detail", args=[crown["signal"].pk])),
        (signed_in(crown["member"]), reverse("core:home")),
        (signed_in(crown["member"]), reverse("cases:detail", args=[crown["case"].pk])),
    ]
    portal_user = t.user("protectee", organisation=t.org("civilian", code="burgers"), clearance=0)
    pages.append((signed_in(portal_user), reverse("signals:portal")))
    for client, url in pages:
        resp = client.get(url)
        assert resp.status_code == 200, url
        problems = [p for p in check(resp.content.decode()) if "herijking-kop" not in p]
        assert problems == [], (url, problems)


def test_officer_form_has_no_preselected_certainty_and_asks_for_one() -> None:
    """A preselected certainty would bias the grading: the officer must choose."""
    officer = t.user("police_liaison")
    t.case(t.user("mayor"), team=(officer,))
    client = signed_in(officer)
    page = client.get(reverse("signals:create")).content.decode()
    radios = [tag for tag in page.split("<input") if 'name="certainty"' in tag]
    assert len(radios) == 4 and not any("checked" in tag.split(">")[0] for tag in radios)
    resp = client.post(
        reverse("signals:create"),
        {
            "what": "Auto reed drie keer langs de woning.",
            "kind": "observation",
            "happened_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "classification": 1,
        },
    )
    assert resp.status_code == 400
    assert "Kies hoe zeker de waarneming is." in resp.content.decode()
    assert not Signal.objects.filter(reported_by=officer).exists()


def test_api_shows_the_reporter_exactly_where_the_page_does() -> None:
    """The page names the reporter (and their kind) to the analysis function only; the API
    does the same, so a portal reporter is no more exposed through one than the other."""
    me = t.person("Sanne", "Wijnberg")
    t.case(t.user("mayor"), protectee=me, state="protection_active")
    user = t.user("protectee", organisation=t.org("civilian", code="burgers"), clearance=0)
    type(user).objects.filter(pk=user.pk).update(person=me)
    user = type(user).objects.get(pk=user.pk)
    s = record(user, what="Er stond een man bij de deur.")
    assert s.reporter_kind == "protectee"
    analyst = t.user("analyst")
    page = signed_in(analyst).get(reverse("signals:detail", args=[s.pk])).content.decode()
    assert user.display_name in page
    api = t.api_client(analyst)
    detail = api.get(f"/api/v1/signals/{s.pk}").json()
    assert detail["reportedBy"] == user.display_name and detail["reporterKind"] == "protectee"
    listed = {r["id"]: r for r in api.get("/api/v1/signals").json()["results"]}
    assert listed[s.pk]["reportedBy"] == user.display_name
    # Readers without the queue (here: the reporters themselves) see no reporter fields,
    # as their pages show none.
    own = t.api_client(user).get(f"/api/v1/signals/{s.pk}").json()
    assert own["what"].startswith("Er stond") and not {"reportedBy", "reporterKind"} & set(own)
    officer = t.user("police_liaison")
    mine = record(officer)
    page = signed_in(officer).get(reverse("signals:detail", args=[mine.pk])).content.decode()
    assert "Gemeld door" not in page
    own = t.api_client(officer).get(f"/api/v1/signals/{mine.pk}").json()
    assert not {"reportedBy", "reporterKind"} & set(own)
