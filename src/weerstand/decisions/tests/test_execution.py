"""Execution: acknowledgement, escalation, notices to local authorities (permitted fields
only) and need-to-know on assignments of a crown-witness case."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from weerstand import testing as t
from weerstand.cases.models import Case
from weerstand.core.errors import InvalidTransition
from weerstand.decisions import services
from weerstand.decisions.models import (
    NOTIFICATION_BOOKKEEPING_FIELDS,
    NOTIFICATION_CONTENT_FIELDS,
    NOTIFICATION_RESPONSE_FIELDS,
    AssignmentStatus,
    Decision,
    LocalNotification,
    SecurityAssignment,
)
from weerstand.decisions.tests import builders as b
from weerstand.policy.models import Alert

pytestmark = pytest.mark.django_db


def _started(w: b.World, **case_kwargs: Any) -> tuple[Case, Decision]:
    case, _ = b.decided_case(w, **case_kwargs)
    decision = services.create_decision(w.dm1, case.pk, b.start_data(w))
    return case, services.approve_decision(w.dm2, decision.pk)


def test_only_the_executing_organisation_acknowledges() -> None:
    w = b.world()
    _case, decision = _started(w)
    a = b.assignment(decision, executing_organisation=w.police)
    from django.http import Http404

    with pytest.raises(Http404):  # KMar cannot even reach a police assignment for change
        services.acknowledge_assignment(w.kmar_liaison, a.pk)
    services.acknowledge_assignment(w.police_liaison, a.pk)
    with pytest.raises(InvalidTransition):
        services.acknowledge_assignment(w.police_liaison, a.pk)


def test_late_assignments_escalate_once_to_lcc_and_decision_makers() -> None:
    w = b.world()
    _case, decision = _started(w)
    t.user("lcc_coordinator")  # another LCC coordinator: sees all assignments (LCC scope)
    now = timezone.now()
    assert services.escalate_assignments(now) == 0
    later = now + timedelta(hours=25)  # level 3: 24 hours to acknowledge
    pending = SecurityAssignment.objects.filter(decision=decision).count()
    ack = b.assignment(decision)
    services.acknowledge_assignment(
        w.police_liaison if ack.executing_organisation == w.police else w.kmar_liaison, ack.pk
    )
    assert services.escalate_assignments(later) == pending - 1
    assert services.escalate_assignments(later) == 0  # idempotent
    assert (
        Alert.objects.filter(recipient=w.lcc, message__contains="niet tijdig bevestigd").count()
        == pending - 1
    )
    assert Alert.objects.filter(recipient=w.dm1, message__contains="niet tijdig bevestigd").exists()
    assert not Alert.objects.filter(recipient=w.police_liaison).exists()
    assert not any(
        b.SECRET_SUMMARY[:10] in m for m in Alert.objects.values_list("message", flat=True)
    )
    # Not staffed in time escalates as well (separately, once).
    much_later = later + timedelta(days=10)
    assert services.escalate_assignments(much_later) == pending
    assert services.escalate_assignments(much_later) == 0


def test_escalation_page_shows_overdue_to_lcc(client) -> None:
    w = b.world()
    _case, decision = _started(w)
    SecurityAssignment.objects.filter(decision=decision).update(
        acknowledge_before=timezone.now() - timedelta(minutes=5)
    )
    t.login(client, w.lcc)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    first = b.assignment(decision)
    assert first.reference in response.content.decode()
    # Showing the pages writes nothing: the overdue state is computed, not escalated.
    listing = client.get(reverse("decisions:assignments"))
    assert listing.status_code == 200 and "te laat" in listing.content.decode()
    assert SecurityAssignment.objects.get(pk=first.pk).escalated_at is None
    assert not Alert.objects.exists()
    # The job escalates (once) what the pages showed as late.
    assert (
        services.escalate_assignments()
        == SecurityAssignment.objects.filter(decision=decision).count()
    )
    assert SecurityAssignment.objects.get(pk=first.pk).escalated_at is not None
    assert Alert.objects.filter(recipient=w.lcc, message__contains=first.reference).exists()
    assert first.reference in client.get(reverse("core:home")).content.decode()


def test_local_notifications_hold_only_the_permitted_fields(client) -> None:
    names = {f.name for f in LocalNotification._meta.concrete_fields}
    # Besides the content, a notice holds bookkeeping and the recipient's own reply.
    own = set(NOTIFICATION_BOOKKEEPING_FIELDS) | set(NOTIFICATION_RESPONSE_FIELDS)
    assert names == set(NOTIFICATION_CONTENT_FIELDS) | own - {"source_assignment"} | {
        "source_assignment"
    }
    assert names - own == set(NOTIFICATION_CONTENT_FIELDS)
    assert not set(NOTIFICATION_RESPONSE_FIELDS) & set(NOTIFICATION_CONTENT_FIELDS)
    w = b.world()
    case, decision = _started(w)
    notices = list(LocalNotification.objects.all())
    # Surveillance and camera watch touch the mayor's powers; nothing touched the prosecutor's.
    assert {n.measure_name for n in notices} == {"Bewaken woning", "Cameratoezicht"}
    assert {n.recipient_id for n in notices} == {w.municipality.pk}
    secrets = (
        b.SECRET_SUMMARY,
        b.SECRET_RISK,
        case.reference,
        case.codename,
        case.protectee.last_name,
        decision.reasoning,
    )
    for n in notices:
        text = " ".join(str(v) for v in n.content().values())
        assert n.municipality == "Gemeente Teststad"
        assert all(s not in text for s in secrets)
    t.login(client, w.mayor)
    page = client.get(reverse("decisions:notifications")).content.decode()
    assert "Cameratoezicht" in page and "Gemeente Teststad" in page
    assert all(s not in page for s in secrets)
    home = client.get(reverse("core:home")).content.decode()
    assert all(s not in home for s in secrets)
    # The mayor of another municipality sees nothing, nor do they see the case itself.
    client.logout()
    t.login(client, w.other_mayor)
    assert "Cameratoezicht" not in client.get(reverse("decisions:notifications")).content.decode()


def test_stop_tells_the_mayor_the_end_date() -> None:
    w = b.world()
    case, _start = _started(w)
    end = timezone.localdate() + timedelta(days=7)
    stop = services.create_decision(
        w.dm1,
        case.pk,
        b.start_data(
            w,
            decision_type="stop",
            required_resistance=None,
            effective_date=end,
            next_recalibration=None,
        ),
    )
    services.approve_decision(w.dm2, stop.pk)
    changed = LocalNotification.objects.filter(kind="changed")
    assert changed.count() == 2
    assert set(changed.values_list("ends_on", flat=True)) == {end - timedelta(days=1)}


def test_crown_witness_assignments_stay_in_the_compartment(client) -> None:
    w = b.world()
    case, decision = _started(w)
    outsider_lcc = t.user("lcc_coordinator")
    t.restrict(case, members=(w.dm1, w.dm2, w.author, w.police_liaison))
    marker = b.assignment(decision).reference
    # Members: the police liaison (own organisation) sees them; KMar and an outside LCC do not.
    assert SecurityAssignment.objects.visible_to(w.police_liaison).filter(case=case).exists()
    for outsider in (w.kmar_liaison, outsider_lcc, w.lcc):
        assert not SecurityAssignment.objects.visible_to(outsider).filter(case=case).exists()
        client.logout()
        t.login(client, outsider)
        page = client.get(reverse("decisions:assignments") + "?alle=1").content.decode()
        assert marker not in page
        api = t.api_client(outsider)
        listing = api.get("/api/v1/security-assignments").json()
        assert marker not in str(listing)
        pk = SecurityAssignment.objects.get(reference=marker).pk
        assert api.get(f"/api/v1/security-assignments/{pk}").status_code == 404
        ack = api.post(f"/api/v1/security-assignments/{pk}/acknowledgements", {})
        # 404 (may acknowledge, not this one) or 403 (may acknowledge nothing at all): never
        # an answer that depends on the hidden row.
        assert ack.status_code in (403, 404) and marker not in ack.content.decode()
        assert api.get(f"/api/v1/decisions/{decision.pk}").status_code == 404
    # Escalations of this case reach only members.
    SecurityAssignment.objects.filter(case=case).update(
        acknowledge_before=timezone.now() - timedelta(hours=1)
    )
    services.escalate_assignments()
    assert not Alert.objects.filter(recipient=outsider_lcc).exists()
    assert Alert.objects.filter(recipient=w.dm1).exists()


def test_status_after_acknowledgement_before_start_is_acknowledged() -> None:
    w = b.world()
    case, _ = b.decided_case(w)
    later = timezone.localdate() + timedelta(days=3)
    d = services.approve_decision(
        w.dm2, services.create_decision(w.dm1, case.pk, b.start_data(w, effective_date=later)).pk
    )
    a = b.assignment(d, executing_organisation=w.police)
    services.acknowledge_assignment(w.police_liaison, a.pk)
    assert SecurityAssignment.objects.get(pk=a.pk).status == AssignmentStatus.ACKNOWLEDGED
    services.apply_decisions(later)
    assert SecurityAssignment.objects.get(pk=a.pk).status == AssignmentStatus.ACTIVE


def test_a_planner_reports_staffing_but_does_not_acknowledge() -> None:
    from weerstand.core.errors import NotPermitted

    w = b.world()
    _case, decision = _started(w)
    planner = t.user("unit_planner", organisation=w.police)
    a = b.assignment(decision, executing_organisation=w.police)
    with pytest.raises(NotPermitted):
        services.acknowledge_assignment(planner, a.pk)
    with pytest.raises(InvalidTransition):  # staffing comes after the acknowledgement
        services.mark_staffed(planner, a.pk)
    services.acknowledge_assignment(w.police_liaison, a.pk)
    assert services.mark_staffed(planner, a.pk).staffed_by == planner


def test_showing_the_decision_pages_writes_nothing(client) -> None:
    """A GET may audit its reads, but never escalate, alert or move an assignment."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    w = b.world()
    case, decision = _started(w)
    SecurityAssignment.objects.filter(decision=decision).update(
        acknowledge_before=timezone.now() - timedelta(hours=30),
        staffed_before=timezone.now() - timedelta(hours=1),
    )
    case = Case.objects.get(pk=case.pk)
    pages = [
        reverse("core:home"),
        reverse("decisions:assignments"),
        reverse("decisions:assignments") + "?alle=1",
        reverse("decisions:approvals"),
        reverse("decisions:notifications"),
        reverse("decisions:detail", args=[decision.pk]),
        reverse("decisions:create", args=[case.pk]),
        f"/casussen/{case.pk}",
    ]
    watched = (
        SecurityAssignment._meta.db_table,
        decision._meta.db_table,
        LocalNotification._meta.db_table,
        Alert._meta.db_table,
    )
    for user in (w.lcc, w.dm1, w.dm2, w.police_liaison, w.mayor):
        client.logout()
        t.login(client, user)
        with CaptureQueriesContext(connection) as queries:
            for url in pages:
                assert client.get(url).status_code in (200, 404), url
        writes = [
            q["sql"]
            for q in queries.captured_queries
            if q["sql"].lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE")
            and any(table in q["sql"] for table in watched)
        ]
        assert not writes, f"{user.username}: a GET wrote {writes[:2]}"
    assert not Alert.objects.exists()
    assert not SecurityAssignment.objects.filter(escalated_at__isnull=False).exists()
