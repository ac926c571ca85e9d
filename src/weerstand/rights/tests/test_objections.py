"""Objections: Awb deadlines, late objections, paper objections, extension, outcome, escalation."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from weerstand import testing as t
from weerstand.accounts.models import User
from weerstand.audit.models import AuditAction, AuditRecord
from weerstand.core.errors import (
    ConcurrencyConflict,
    InvalidTransition,
    NotPermitted,
    ValidationFailed,
)
from weerstand.policy.models import Alert
from weerstand.rights import services
from weerstand.rights.models import Objection
from weerstand.rights.tests import builders as b

pytestmark = pytest.mark.django_db

GROUNDS = "Ik vind de beveiliging te zwaar voor mijn gezin. Mijn kinderen schrikken ervan."


def officer() -> User:
    return t.user("appeal_officer", organisation=t.org("appeal_body", code="bezwaar-test"))


def test_objection_within_the_period_gets_awb_deadlines() -> None:
    w = b.world()
    bz = officer()
    o = services.lodge_objection(w.protectee_user, w.decision.pk, services.ObjectionData(GROUNDS))
    letter_day = timezone.localdate(w.decision.approved_at)
    assert o.letter_date == letter_day
    assert o.objection_period_ends == letter_day + timedelta(weeks=6)
    assert o.deadline == letter_day + timedelta(weeks=12)
    assert not o.is_late and o.channel == "portal" and o.status == "received"
    assert o.objector_name == w.protectee_user.display_name
    assert o.reference.startswith("BZ-")
    # Grounds are encrypted at rest and never in the audit trail.
    rec = AuditRecord.objects.get(action=AuditAction.CREATE, object_type="rights.objection")
    assert GROUNDS not in str(rec.changes)
    # The appeal body is told (without the case), the case's decision-makers with the case.
    assert Alert.objects.filter(recipient=bz, case__isnull=True, message__contains=o.reference)
    assert Alert.objects.filter(recipient=w.decider, case=w.case.pk).exists()
    # A second open objection by the same person against the same decision is refused.
    with pytest.raises(InvalidTransition):
        services.lodge_objection(w.protectee_user, w.decision.pk, services.ObjectionData(GROUNDS))


def test_late_objection_is_accepted_and_flagged() -> None:
    w = b.world(approved_at=timezone.now() - timedelta(weeks=8))
    o = services.lodge_objection(
        w.protectee_user,
        w.decision.pk,
        services.ObjectionData(GROUNDS, lateness_reason="Ik lag in het ziekenhuis."),
    )
    assert o.is_late and o.lateness_reason == "Ik lag in het ziekenhuis."
    # The period to decide starts on receipt when that is after the objection period.
    assert o.deadline == timezone.localdate() + timedelta(weeks=6)


def test_objection_needs_grounds() -> None:
    w = b.world()
    with pytest.raises(ValidationFailed):
        services.lodge_objection(w.protectee_user, w.decision.pk, services.ObjectionData("nee"))


def test_case_team_records_a_paper_objection_but_outsiders_cannot() -> None:
    w = b.world(approved_at=timezone.now() - timedelta(days=3))
    received = timezone.localdate() - timedelta(days=1)
    o = services.lodge_objection(
        w.analyst,
        w.decision.pk,
        services.ObjectionData(GROUNDS, objector_name="S. Wijnberg", received_on=received),
    )
    assert o.channel == "paper" and o.received_on == received and o.objector_name == "S. Wijnberg"
    for wrong in (timezone.localdate() + timedelta(days=1), received - timedelta(days=5)):
        with pytest.raises(ValidationFailed):  # in the future, or before the letter
            services.lodge_objection(
                w.analyst,
                w.decision.pk,
                services.ObjectionData(GROUNDS, objector_name="X", received_on=wrong),
            )
    # The appeal body may read the decision's letter (through the objection) but not lodge.
    with pytest.raises(NotPermitted):
        services.lodge_objection(officer(), w.decision.pk, services.ObjectionData(GROUNDS))


def test_paper_objection_form_for_the_team() -> None:
    w = b.world()
    client = Client()
    t.login(client, w.analyst)
    url = reverse("rights:objection-create", args=[w.decision.pk])
    page = client.get(url).content.decode()
    assert "Naam van de indiener" in page
    resp = client.post(
        url,
        {
            "objector_name": "Sanne Wijnberg",
            "received_on": timezone.localdate().isoformat(),
            "grounds": GROUNDS,
        },
    )
    assert resp.status_code == 302
    assert Objection.objects.visible_to(w.analyst).get().channel == "paper"


def test_protectee_objects_through_the_portal_page() -> None:
    w = b.world()
    client = Client()
    t.login(client, w.protectee_user)
    url = reverse("rights:objection-create", args=[w.decision.pk])
    page = client.get(url).content.decode()
    assert "Waarom bent u het niet eens met het besluit?" in page
    assert "Naam van de indiener" not in page
    assert client.post(url, {"grounds": "kort"}).status_code == 400
    resp = client.post(url, {"grounds": GROUNDS})
    assert resp.status_code == 302
    detail = client.get(resp["Location"]).content.decode()
    assert GROUNDS in detail and "Beslissen op het bezwaar" not in detail


def test_extension_once_with_reason_and_version() -> None:
    w = b.world()
    bz = officer()
    o = services.lodge_objection(w.protectee_user, w.decision.pk, services.ObjectionData(GROUNDS))
    with pytest.raises(ValidationFailed):
        services.extend_objection(bz, o.pk, reason="kort")
    with pytest.raises(ConcurrencyConflict):
        services.extend_objection(
            bz, o.pk, reason="Hoorzitting met de indiener nodig.", expected_version=99
        )
    o2 = services.extend_objection(
        bz, o.pk, reason="Hoorzitting met de indiener nodig.", expected_version=o.version
    )
    assert o2.extended_until == o.deadline + timedelta(weeks=6) and o2.due_date == o2.extended_until
    with pytest.raises(InvalidTransition):
        services.extend_objection(bz, o.pk, reason="Nog een keer verdagen graag.")
    # The case's decision-maker cannot extend or decide: that is the appeal body's job.
    with pytest.raises(Exception) as exc:
        services.decide_objection(w.decider, o.pk, outcome="founded", reasoning="x" * 30)
    assert exc.type.__name__ == "Http404"


def test_founded_objection_requires_a_new_decision_and_alerts() -> None:
    w = b.world()
    bz = officer()
    o = services.lodge_objection(w.protectee_user, w.decision.pk, services.ObjectionData(GROUNDS))
    with pytest.raises(ValidationFailed):
        services.decide_objection(bz, o.pk, outcome="founded", reasoning="te kort")
    with pytest.raises(ValidationFailed):
        services.decide_objection(bz, o.pk, outcome="maybe", reasoning="x" * 30)
    decided = services.decide_objection(
        bz,
        o.pk,
        outcome="partly_founded",
        reasoning="Het besluit weegt de gevolgen voor de kinderen niet mee.",
    )
    assert decided.status == "decided" and decided.requires_new_decision
    assert Alert.objects.filter(
        recipient=w.decider, case=w.case.pk, message__contains="nieuw besluit"
    ).exists()
    assert Alert.objects.filter(recipient=w.protectee_user, case__isnull=True).exists()
    with pytest.raises(InvalidTransition):
        services.decide_objection(bz, o.pk, outcome="unfounded", reasoning="x" * 30)
    # The decision-maker's start page asks for the new decision...
    client = Client()
    t.login(client, w.decider)
    home = client.get(reverse("core:home")).content.decode()
    assert "Nieuw besluit nemen na bezwaar" in home and o.reference in home
    # ...until a newer decision on the case exists.
    b.decision(
        w.case,
        w.decider,
        w.analyst,
        decision_type="adjust",
        status="awaiting_approval",
        approved_at=timezone.now() + timedelta(hours=3),  # decided 2 h before: after the outcome
    )
    home = client.get(reverse("core:home")).content.decode()
    assert "Nieuw besluit nemen na bezwaar" not in home


def test_unfounded_objection_needs_no_new_decision() -> None:
    w = b.world()
    o = services.lodge_objection(w.protectee_user, w.decision.pk, services.ObjectionData(GROUNDS))
    decided = services.decide_objection(
        officer(), o.pk, outcome="unfounded", reasoning="De dreiging rechtvaardigt de maatregelen."
    )
    assert not decided.requires_new_decision


def test_overdue_objections_escalate_once() -> None:
    w = b.world(approved_at=timezone.now() - timedelta(weeks=13))
    bz = officer()
    o = services.lodge_objection(
        w.analyst,
        w.decision.pk,
        services.ObjectionData(
            GROUNDS,
            objector_name="S. Wijnberg",
            received_on=timezone.localdate(w.decision.approved_at) + timedelta(days=3),
        ),
    )
    assert o.is_overdue()
    Alert.objects.all().delete()
    out = StringIO()
    call_command("escalate_objections", stdout=out)
    assert "1 bezwaren" in out.getvalue()
    assert Alert.objects.filter(recipient=bz, case__isnull=True, message__contains=o.reference)
    assert Alert.objects.filter(recipient=w.decider, case=w.case.pk).exists()
    assert services.escalate_overdue() == 0  # once per due date
    # After an extension a missed new date escalates again.
    services.extend_objection(bz, o.pk, reason="Aanvullend advies gevraagd bij de indiener.")
    assert services.escalate_overdue(timezone.localdate() + timedelta(weeks=7)) == 1


def test_appeal_officer_decides_through_the_page() -> None:
    w = b.world()
    bz = officer()
    o = services.lodge_objection(w.protectee_user, w.decision.pk, services.ObjectionData(GROUNDS))
    client = Client()
    t.login(client, bz)
    url = reverse("rights:objection-detail", args=[o.pk])
    assert "Beslissen op het bezwaar" in client.get(url).content.decode()
    assert client.post(reverse("rights:objection-treat", args=[o.pk])).status_code == 302
    o.refresh_from_db()
    assert o.status == "in_treatment"
    bad = client.post(
        reverse("rights:objection-decide", args=[o.pk]),
        {"outcome-outcome": "founded", "outcome-reasoning": "kort", "outcome-version": o.version},
    )
    assert bad.status_code == 400
    stale = client.post(
        reverse("rights:objection-decide", args=[o.pk]),
        {
            "outcome-outcome": "founded",
            "outcome-reasoning": "De gevolgen zijn niet gewogen.",
            "outcome-version": 1,
        },
    )
    assert stale.status_code == 412
    ok = client.post(
        reverse("rights:objection-decide", args=[o.pk]),
        {
            "outcome-outcome": "founded",
            "outcome-reasoning": "De gevolgen zijn niet gewogen.",
            "outcome-version": o.version,
        },
    )
    assert ok.status_code == 302
    o.refresh_from_db()
    assert o.outcome == "founded" and o.requires_new_decision
