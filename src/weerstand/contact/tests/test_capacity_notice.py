"""A capacity shortfall reaches the protectee through the contact person: the inform task is
theirs with a deadline, an overdue task is escalated to the owner once, completing it logs
the message, and the protectee's portal start page then shows the notice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from weerstand import testing as t
from weerstand.capacity.models import InformTask
from weerstand.capacity.services import plan
from weerstand.capacity.services import prioritisation as prio
from weerstand.capacity.tests import builders as b
from weerstand.contact import selectors, services
from weerstand.contact.models import Communication
from weerstand.contact.tests import world as wb
from weerstand.policy.models import Alert

pytestmark = pytest.mark.django_db


@pytest.fixture
def shortfall() -> tuple[wb.CaseWorld, InformTask]:
    w = wb.build()
    wb.assign(w)
    police = t.org("police", code="pol")
    unit = b.unit(police, "dkdb")
    b.officer(unit, "personal_protection")
    b.assignment(w.case, police, officers=3, priority=20, resistance=4)
    lcc = t.user("lcc_coordinator")
    run = plan(lcc, timezone.localdate(), 2, 5)
    prio.confirm_prioritisation(lcc, run.pk, "Zwaarste dreiging gaat voor, LCC-overleg.")
    return w, InformTask.objects.get(run=run, case=w.case)


def test_task_goes_to_contact_person_with_deadline(shortfall: tuple) -> None:
    w, task = shortfall
    assert task.assignee == w.expert
    hours = (task.deadline - task.created_at) / timedelta(hours=1)
    assert 23.9 < hours < 24.1


def test_overdue_task_is_escalated_to_owner_once(shortfall: tuple) -> None:
    w, task = shortfall
    assert prio.escalate_overdue_tasks(timezone.now()) == []
    later = task.deadline + timedelta(minutes=1)
    assert [x.pk for x in prio.escalate_overdue_tasks(later)] == [task.pk]
    assert prio.escalate_overdue_tasks(later + timedelta(hours=1)) == []  # idempotent
    alerts = Alert.objects.filter(recipient=w.owner, case=w.case, message__contains="termijn")
    assert alerts.count() == 1
    assert w.case.protectee.last_name not in alerts.get().message


def test_new_contact_person_takes_over_open_task(shortfall: tuple) -> None:
    w, task = shortfall
    services.assign(
        w.owner,
        w.case.pk,
        services.Assignment(contact=w.deputy.pk, contact_phone="070 751 5051"),
        reason="Expert met verlof",
    )
    task.refresh_from_db()
    assert task.assignee == w.deputy


def test_completing_logs_the_message_and_shows_the_notice(shortfall: tuple) -> None:
    w, task = shortfall
    client = Client()
    t.login(client, w.tbp)
    assert "Uw beveiliging is tijdelijk anders" not in client.get("/").content.decode()
    done = prio.complete_task(
        w.expert, task.pk, "Gebeld: minder beveiligers, extra alert zijn.", channel="in_person"
    )
    assert done.communication_id is not None
    message = Communication.objects.get(pk=done.communication_id)
    assert (message.topic, message.channel, message.recipient_person_id) == (
        "capacity",
        "in_person",
        w.case.protectee_id,
    )
    assert message.period_start is not None and message.details["missing"] >= 1
    assert selectors.capacity_notices(w.tbp) == [message]
    page = client.get("/").content.decode()
    assert "Uw beveiliging is tijdelijk anders" in page
    assert "070 751 5050" in page  # whom to call
    assert "beveiligers minder" in page or "beveiliger minder" in page
    assert "Agent" not in page and "Nummer" not in page  # never officer names
    assert task.summary.split(":")[0] not in page  # never the internal task text
    # The partner (not the protectee) sees no notice.
    other = Client()
    t.login(other, w.partner)
    assert "Uw beveiliging is tijdelijk anders" not in other.get("/").content.decode()
    assert "Uw beveiliging is tijdelijk anders" not in other.get("/uw-beveiliging").content.decode()
