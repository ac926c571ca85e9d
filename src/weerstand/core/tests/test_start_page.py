"""The start page answers "what needs me today": the user's own work items in deadline order,
counts that lead to full lists, alerts collapsed behind one audited "mark all read"."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from weerstand import testing as t
from weerstand.audit.models import AuditAction, AuditRecord
from weerstand.cases.models import Case
from weerstand.core import dashboard
from weerstand.core.extensions import WorkItem
from weerstand.policy.models import Alert, CompartmentMembership
from weerstand.signals import services as signals
from weerstand.signals.models import Signal
from weerstand.signals.services import SignalData

pytestmark = pytest.mark.django_db

MARKER = "ZWARTESPECHT-77"


def signed_in(*roles: str, **kwargs: Any) -> tuple[Client, Any]:
    client = Client()
    u = t.user(*roles, **kwargs)
    t.login(client, u)
    return client, u


def new_signal(reporter: Any, deadline: datetime, **kwargs: Any) -> Signal:
    s = signals.record_signal(
        reporter, SignalData(what="Auto reed langs het huis.", happened_at=timezone.now(), **kwargs)
    )
    Signal.objects.filter(pk=s.pk).update(triage_deadline=deadline)
    s.refresh_from_db()
    return s


# --- the deadline in words -------------------------------------------------------------------


def test_deadline_in_words() -> None:
    now = timezone.make_aware(datetime(2026, 3, 10, 12, 0))
    today = timezone.localdate(now)
    words = dashboard.deadline_words
    assert words(today, now) == "vandaag"
    assert words(today + timedelta(days=1), now) == "morgen"
    assert words(today + timedelta(days=3), now) == "over 3 dagen"
    assert words(today - timedelta(days=1), now) == "1 dag te laat"
    assert words(today - timedelta(days=3), now) == "3 dagen te laat"
    assert words(now - timedelta(hours=1), now) == "vandaag, te laat"
    assert words(now + timedelta(hours=1), now) == "vandaag"
    assert words(None, now) == "geen termijn"


def test_work_is_ordered_overdue_first_then_by_deadline_and_undated_last(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    today = timezone.localdate()
    items = [
        WorkItem("zonder termijn", "r", "/a"),
        WorkItem("over een week", "r", "/b", deadline=today + timedelta(days=7)),
        WorkItem("te laat", "r", "/c", deadline=today - timedelta(days=2)),
        WorkItem("vandaag", "r", "/d", deadline=timezone.now() + timedelta(minutes=5)),
    ]
    monkeypatch.setattr(dashboard, "work_items_for", lambda user: items)
    shown = dashboard.ordered_work(object())
    assert [w.item.title for w in shown] == [
        "te laat",
        "vandaag",
        "over een week",
        "zonder termijn",
    ]
    assert [w.overdue for w in shown] == [True, False, False, False]
    assert shown[0].due_words == "2 dagen te laat"


# --- per role --------------------------------------------------------------------------------


def test_analyst_gets_signals_to_triage_in_deadline_order_with_a_count() -> None:
    client, analyst = signed_in("analyst")
    officer = t.user("police_liaison")
    now = timezone.now()
    later = new_signal(officer, now + timedelta(days=2))
    late = new_signal(officer, now - timedelta(days=1))
    soon = new_signal(officer, now + timedelta(hours=3))
    resp = client.get(reverse("core:home"))
    refs = [w.item.title for w in resp.context["work"] if "Signaal" in str(w.item.title)]
    assert refs == [
        f"Signaal {late.reference} beoordelen",
        f"Signaal {soon.reference} beoordelen",
        f"Signaal {later.reference} beoordelen",
    ]
    body = resp.content.decode()
    assert "1 dag te laat" in body and "over 2 dagen" in body
    assert '<time datetime="' in body
    count = next(c for c in resp.context["counts"] if c.url == reverse("signals:queue"))
    assert count.n == 3 and str(count.label) == "signalen te beoordelen"
    assert f'href="{reverse("signals:queue")}"' in body
    assert client.get(count.url).status_code == 200
    rec = t.last_audit(action=AuditAction.LIST, actor_id=analyst.pk, object_type="signals.signal")
    assert sorted(rec.changes["ids"]) == sorted([later.pk, late.pk, soon.pk])


def test_read_only_inspector_is_given_no_signals_to_triage() -> None:
    officer = t.user("police_liaison")
    for _ in range(3):
        new_signal(officer, timezone.now() + timedelta(days=1))
    client, _inspector = signed_in("inspector")
    resp = client.get(reverse("core:home"))
    body = resp.content.decode()
    assert resp.context["work"] == []
    assert "signalen te beoordelen" not in body and "signaal te beoordelen" not in body
    assert all(c.url != reverse("signals:queue") for c in resp.context["counts"])
    assert "Er wacht vandaag geen werk op u." in body


def test_more_than_ten_jobs_link_to_all_of_them() -> None:
    client, _analyst = signed_in("analyst")
    officer = t.user("police_liaison")
    made = [new_signal(officer, timezone.now() + timedelta(days=i + 1)) for i in range(10)]
    t.case(t.user("mayor"))  # an eleventh job: a referral to take through triage
    resp = client.get(reverse("core:home"))
    # At most three of one kind on the short list: the referral is not pushed off by signals.
    kinds = [dashboard._kind(w.item) for w in resp.context["work"]]
    assert len(kinds) == dashboard.PER_KIND + 1
    assert max(kinds.count(k) for k in kinds) == dashboard.PER_KIND
    assert resp.context["work_total"] == 11
    body = resp.content.decode()
    assert f'href="{reverse("core:work")}"' in body and "Alle 11 taken" in body
    page = client.get(reverse("core:work"))
    assert page.status_code == 200
    assert len(page.context["work"]) == 11
    assert all(s.reference in page.content.decode() for s in made)


def test_a_job_on_a_case_the_user_may_not_see_never_appears() -> None:
    member, other = t.user("analyst"), t.user("analyst")
    hidden = t.case(t.user("mayor"))  # a referral: intake work for every analyst ...
    t.restrict(hidden, members=(member,))  # ... unless it is compartmented
    Case.objects.filter(pk=hidden.pk).update(reference=MARKER)
    client_member, client_other = Client(), Client()
    t.login(client_member, member)
    t.login(client_other, other)
    assert MARKER in client_member.get(reverse("core:home")).content.decode()
    for url in (reverse("core:home"), reverse("core:work")):
        assert MARKER not in client_other.get(url).content.decode(), url


# --- alerts ----------------------------------------------------------------------------------


def test_alerts_are_collapsed_behind_one_button() -> None:
    client, analyst = signed_in("analyst")
    alerts = [Alert.objects.create(recipient=analyst, message=f"Bericht {i}") for i in range(3)]
    body = client.get(reverse("core:home")).content.decode()
    assert "<details>" in body and "3 ongelezen meldingen" in body
    assert body.count("Alles als gelezen markeren") == 1
    assert all(reverse("core:alert-read", args=[a.pk]) not in body for a in alerts)


def test_mark_all_read_is_audited_and_touches_only_own_visible_alerts() -> None:
    client, analyst = signed_in("analyst")
    case = t.case(t.user("mayor"), owner=analyst, state="protection_active")
    own = [Alert.objects.create(recipient=analyst, message=f"Eigen {i}") for i in range(2)]
    left = Alert.objects.create(recipient=analyst, case=case, message="Over een casus")
    CompartmentMembership.objects.filter(compartment=case.team, user=analyst).delete()
    theirs = Alert.objects.create(recipient=t.user("analyst"), message="Van een ander")
    assert client.get(reverse("core:alerts-read-all")).status_code == 405
    resp = client.post(reverse("core:alerts-read-all"))
    assert resp.status_code == 302 and resp["Location"] == reverse("core:home")
    for a in own:
        a.refresh_from_db()
        assert a.read_at is not None
        assert AuditRecord.objects.filter(
            action=AuditAction.UPDATE,
            object_type="policy.alert",
            object_id=str(a.pk),
            actor_id=analyst.pk,
        ).exists()
    left.refresh_from_db()
    theirs.refresh_from_db()
    assert left.read_at is None  # no longer in the team: not theirs to acknowledge
    assert theirs.read_at is None
    assert not AuditRecord.objects.filter(
        object_type="policy.alert", object_id__in=[str(left.pk), str(theirs.pk)]
    ).exists()
    # Nothing left: marking again changes and records nothing.
    before = AuditRecord.objects.count()
    client.post(reverse("core:alerts-read-all"))
    assert AuditRecord.objects.count() == before
    assert "Geen ongelezen meldingen." in client.get(reverse("core:home")).content.decode()


def test_portal_user_marks_their_messages_read_with_one_button() -> None:
    from weerstand.portal.tests.builders import portal_user

    protectee = portal_user("protectee", t.person())
    client = Client()
    t.login(client, protectee)
    alerts = [Alert.objects.create(recipient=protectee, message=f"Brief {i}") for i in range(2)]
    body = client.get(reverse("core:home")).content.decode()
    assert "Brief 0" in body and body.count("Ik heb deze berichten gelezen") == 1
    assert client.post(reverse("core:alerts-read-all")).status_code == 302
    assert all(Alert.objects.get(pk=a.pk).read_at is not None for a in alerts)
