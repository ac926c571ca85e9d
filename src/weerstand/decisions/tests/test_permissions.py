"""The one home of "may this actor do this": the services refuse with the same checks the pages
ask to decide what to offer, so a button is never shown for what the service refuses and the
approvals queue lists exactly what the user could approve."""

from __future__ import annotations

import pytest
from django.urls import reverse

from weerstand import testing as t
from weerstand.core.errors import NotPermitted
from weerstand.decisions import selectors, services
from weerstand.decisions.models import Decision, SecurityAssignment
from weerstand.decisions.tests import builders as b

pytestmark = pytest.mark.django_db


def test_the_approvals_queue_and_buttons_follow_the_four_eyes_rule(client) -> None:
    w = b.world()
    case, _ = b.decided_case(w)
    decision = services.create_decision(w.dm1, case.pk, b.start_data(w))
    # dm1 decided, the author wrote and the challenger challenged the assessment.
    for person in (w.dm1, w.author, w.challenger):
        assert services.approval_refusal(person, decision)
        assert not services.may_approve(person, decision)
        assert not selectors.awaiting_approval(person).filter(pk=decision.pk).exists()
        with pytest.raises(NotPermitted):
            services.approve_decision(person, decision.pk)
        client.logout()
        t.login(client, person)
        detail = client.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
        assert reverse("decisions:approve", args=[decision.pk]) not in detail
    assert services.may_approve(w.dm2, decision)
    assert list(selectors.awaiting_approval(w.dm2)) == [decision]
    client.logout()
    t.login(client, w.dm2)
    detail = client.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
    assert reverse("decisions:approve", args=[decision.pk]) in detail
    # The queue's filter and the per-decision check are the same rule.
    for person in (w.dm1, w.dm2, w.author, w.challenger, w.lcc):
        excluded = Decision.objects.filter(services.four_eyes_conflict_q(person)).exists()
        assert excluded == (services.approval_refusal(person, decision) is not None)


def test_only_the_acknowledging_liaison_gets_the_acknowledge_button(client) -> None:
    w = b.world()
    case, _ = b.decided_case(w)
    decision = services.approve_decision(
        w.dm2, services.create_decision(w.dm1, case.pk, b.start_data(w)).pk
    )
    planner = t.user("unit_planner", organisation=w.police)
    a = SecurityAssignment.objects.filter(decision=decision, executing_organisation=w.police)[0]
    acknowledge = reverse("decisions:acknowledge", args=[a.pk])
    staffed = reverse("decisions:staffed", args=[a.pk])
    # The planner reaches the assignment for change but acknowledging is the liaison's.
    assert services.acknowledge_refusal(planner, a)
    assert not services.may_acknowledge(planner, a)
    t.login(client, planner)
    page = client.get(reverse("decisions:assignments")).content.decode()
    assert a.reference in page and acknowledge not in page and staffed not in page
    client.logout()
    t.login(client, w.police_liaison)
    assert services.may_acknowledge(w.police_liaison, a)
    assert acknowledge in client.get(reverse("decisions:assignments")).content.decode()
    services.acknowledge_assignment(w.police_liaison, a.pk)
    a.refresh_from_db()
    assert not services.may_acknowledge(w.police_liaison, a)
    assert services.may_mark_staffed(planner, a) and services.may_mark_staffed(w.police_liaison, a)
    client.logout()
    t.login(client, planner)
    page = client.get(reverse("decisions:assignments")).content.decode()
    assert acknowledge not in page and staffed in page
    # KMar does not reach a police assignment for change: no button, and the service agrees.
    assert not services.may_acknowledge(w.kmar_liaison, a)
    assert not services.may_mark_staffed(w.kmar_liaison, a)


def test_only_a_decision_maker_in_the_team_is_offered_the_decision_screen(client) -> None:
    w = b.world()
    case, _ = b.decided_case(w)
    outsider = t.user("decision_maker", organisation=w.nctv)
    assert services.may_decide(w.dm1, case) and services.open_for_decision(case)
    assert services.may_decide(outsider) and not services.may_decide(outsider, case)
    assert services.decide_refusal(w.lcc) and not services.may_decide(w.lcc, case)
    with pytest.raises(NotPermitted):
        services.create_decision(w.lcc, case.pk, b.start_data(w))
    t.login(client, w.dm1)
    assert (
        reverse("decisions:create", args=[case.pk])
        in client.get(f"/casussen/{case.pk}").content.decode()
    )
    assert client.get(reverse("decisions:create", args=[case.pk])).status_code == 200
    client.logout()
    t.login(client, outsider)
    assert client.get(reverse("decisions:create", args=[case.pk])).status_code == 404


def test_escalations_reach_whom_the_start_page_shows_them() -> None:
    from datetime import timedelta

    from django.utils import timezone

    from weerstand.policy.models import Alert

    w = b.world()
    case, _ = b.decided_case(w)
    services.approve_decision(w.dm2, services.create_decision(w.dm1, case.pk, b.start_data(w)).pk)
    assert services.receives_escalations(w.lcc) and services.receives_escalations(w.dm1)
    assert not services.receives_escalations(w.police_liaison)
    assert not services.receives_escalations(w.mayor)
    services.escalate_assignments(timezone.now() + timedelta(days=30))
    recipients = {a.recipient for a in Alert.objects.select_related("recipient")}
    assert {w.lcc, w.dm1, w.dm2} <= recipients
    assert all(services.receives_escalations(u) for u in recipients)
