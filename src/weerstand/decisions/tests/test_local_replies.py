"""A reply on each local-power measure: the mayor or OM office answers a notice of a new
measure once (agreed, declined with a reason, or a question); a decline or a question alerts
the case owner and the decision-makers of the case team; the reply is on the case timeline and
audited; nothing of the case goes back to the local authority."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404
from django.urls import reverse

from weerstand import testing as t
from weerstand.audit.models import AuditAction, AuditRecord
from weerstand.cases.models import CaseEvent
from weerstand.core.api.problems import PROBLEM_CT
from weerstand.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from weerstand.decisions import services
from weerstand.decisions.models import LocalNotification, NotificationKind, NotificationResponse
from weerstand.decisions.tests import builders as b
from weerstand.policy.models import Alert, CompartmentMembership

pytestmark = pytest.mark.django_db
R = NotificationResponse
DECLINE = "Cameratoezicht vraagt eerst een besluit van de raad over deze straat."


def _started(w: b.World) -> tuple[Any, Any, list[LocalNotification]]:
    case, _ = b.decided_case(w)
    decision = services.create_decision(w.dm1, case.pk, b.start_data(w))
    decision = services.approve_decision(w.dm2, decision.pk)
    notices = list(LocalNotification.objects.filter(kind=NotificationKind.NEW).order_by("pk"))
    return case, decision, notices


def test_a_new_measure_awaits_a_reply_and_is_agreed_once() -> None:
    w = b.world()
    case, _decision, notices = _started(w)
    assert notices and all(n.response == R.PENDING for n in notices)
    n = services.respond_to_notification(w.mayor, notices[0].pk, response="agreed")
    assert n.response == R.AGREED and n.responded_by == w.mayor and n.responded_at
    event = CaseEvent.objects.get(case=case, kind="local_measure_agreed")
    assert event.actor == w.mayor and n.measure_name in event.reason
    assert AuditRecord.objects.filter(
        object_type="decisions.localnotification",
        object_id=str(n.pk),
        action=AuditAction.TRANSITION,
        actor_id=w.mayor.pk,
    ).exists()
    assert not Alert.objects.filter(case=case).exists()  # agreement alerts nobody
    with pytest.raises(InvalidTransition):
        services.respond_to_notification(w.mayor, n.pk, response="declined", reason=DECLINE)


def test_a_decline_needs_a_reason_and_alerts_the_owner_and_decision_makers() -> None:
    w = b.world()
    case, _decision, notices = _started(w)
    n = notices[0]
    with pytest.raises(ValidationFailed):
        services.respond_to_notification(w.mayor, n.pk, response="declined", reason="nee")
    with pytest.raises(ValidationFailed):
        services.respond_to_notification(w.mayor, n.pk, response="pending")
    CompartmentMembership.objects.create(compartment=case.team, user=w.lcc)
    services.respond_to_notification(w.mayor, n.pk, response="declined", reason=DECLINE)
    alerted = set(Alert.objects.filter(case=case).values_list("recipient", flat=True))
    # The owner (the assessment's author) and the team's decision-makers (the challenger
    # also holds that role here); not the LCC coordinator in the team, nor anyone else.
    assert alerted == {w.author.pk, w.challenger.pk, w.dm1.pk, w.dm2.pk}
    assert all(
        DECLINE in m for m in Alert.objects.filter(case=case).values_list("message", flat=True)
    )
    assert not Alert.objects.filter(recipient__in=(w.mayor, w.lcc, w.police_liaison)).exists()
    event = CaseEvent.objects.get(case=case, kind="local_measure_declined")
    assert DECLINE in event.reason


def test_a_question_needs_the_question() -> None:
    w = b.world()
    case, _decision, notices = _started(w)
    with pytest.raises(ValidationFailed):
        services.respond_to_notification(w.mayor, notices[0].pk, response="needs_information")
    question = "Vanaf welk tijdstip staat de camera gericht op de openbare weg?"
    services.respond_to_notification(
        w.mayor, notices[0].pk, response="needs_information", reason=question
    )
    assert CaseEvent.objects.filter(case=case, kind="local_measure_question").exists()
    assert Alert.objects.filter(recipient=w.dm1, case=case, message__contains=question).exists()


def test_only_the_recipient_organisation_replies_and_only_to_new_measures() -> None:
    w = b.world()
    _case, _decision, notices = _started(w)
    n = notices[0]
    with pytest.raises(Http404):
        services.respond_to_notification(w.other_mayor, n.pk, response="agreed")
    with pytest.raises(Http404):
        services.respond_to_notification(w.om_officer, n.pk, response="agreed")
    for actor in (w.lcc, w.dm1, w.author):  # they see it or its case, but do not answer
        with pytest.raises(NotPermitted):
            services.respond_to_notification(actor, n.pk, response="agreed")
    changed = LocalNotification.objects.create(
        recipient=n.recipient,
        kind=NotificationKind.CHANGED,
        measure_name=n.measure_name,
        municipality=n.municipality,
        starts_on=n.starts_on,
        ends_on=n.starts_on,
        contact_point=n.contact_point,
        source_assignment=n.source_assignment,
    )
    assert not services.may_respond(w.mayor, changed)
    with pytest.raises(NotPermitted):
        services.respond_to_notification(w.mayor, changed.pk, response="agreed")
    assert LocalNotification.objects.get(pk=n.pk).response == R.PENDING


def test_the_reply_form_on_the_notifications_page(client) -> None:
    w = b.world()
    case, decision, notices = _started(w)
    n = notices[0]
    t.login(client, w.mayor)
    page = client.get(reverse("decisions:notifications")).content.decode()
    assert f'id="form-reactie-{n.pk}"' in page
    url = reverse("decisions:notification-respond", args=[n.pk])
    p = f"n{n.pk}-"
    refused = client.post(url, {p + "response": "declined", p + "reason": "", p + "version": "1"})
    assert refused.status_code == 400 and 'aria-invalid="true"' in refused.content.decode()
    done = client.post(url, {p + "response": "declined", p + "reason": DECLINE, p + "version": "1"})
    assert done.status_code == 302
    page = client.get(reverse("decisions:notifications")).content.decode()
    assert "Niet akkoord" in page and DECLINE in page and f"form-reactie-{n.pk}" not in page
    # Nothing of the case on the mayor's pages, before or after.
    for secret in (b.SECRET_SUMMARY, case.reference, decision.reasoning):
        assert secret not in page
    # Another municipality: absent.
    client.logout()
    t.login(client, w.other_mayor)
    assert client.post(url, {p + "response": "agreed", p + "version": "2"}).status_code == 404
    # The case team reads the reply on the case page.
    client.logout()
    t.login(client, w.dm1)
    case_page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Reacties van het lokaal gezag op maatregelen" in case_page and DECLINE in case_page


def test_the_api_reply() -> None:
    w = b.world()
    _case, _decision, notices = _started(w)
    n = notices[0]
    client = t.api_client(w.mayor)
    url = f"/api/v1/local-notifications/{n.pk}/responses"
    listed = client.get("/api/v1/local-notifications").json()
    assert {r["id"] for r in listed["results"]} == {x.pk for x in notices}
    assert listed["results"][0]["response"] == "pending"
    bad = client.post(url, {"response": "declined"})
    assert bad.status_code == 400 and bad["Content-Type"] == PROBLEM_CT
    assert {p["name"] for p in bad.json()["invalidParams"]} == {"reason"}
    unknown = client.post(url, {"response": "agreed", "note": "x"})
    assert unknown.status_code == 400
    ok = client.post(url, {"response": "needs_information", "reason": "Welke straat precies?"})
    assert ok.status_code == 201, ok.content
    body = ok.json()
    assert body["response"] == "needs_information" and body["responseReason"]
    assert "case" not in body and "caseReference" not in body
    assert client.post(url, {"response": "agreed"}).status_code == 409
    other = t.api_client(w.other_mayor)
    assert other.post(url, {"response": "agreed"}).status_code == 404
    assert other.get(f"/api/v1/local-notifications/{n.pk}").status_code == 404
    assert t.api_client(w.lcc).post(url, {"response": "agreed"}).status_code == 403
