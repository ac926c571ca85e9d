"""The publication gate beyond the property tests: its seams (no other way to publish), no
override for anyone, the capacity plan it trusts, the API and the readiness board."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib import admin
from django.http import Http404
from django.test import Client
from django.utils import timezone

from weerstand import testing as t
from weerstand.accounts.models import User
from weerstand.audit.models import AuditAction
from weerstand.core.errors import GateClosed, InvalidTransition, NotPermitted
from weerstand.crownwitness import publication, readiness, services
from weerstand.crownwitness.models import CirclePerson, Trajectory
from weerstand.crownwitness.tests.gate_builders import Facts, PersonFacts, build, plan_run
from weerstand.crownwitness.tests.helpers import add_member, remove_member

pytestmark = pytest.mark.django_db

BASE = "/api/v1/crown-witness-trajectories"
REASON = "De zitting begint, alles is rond"


# --- seams --------------------------------------------------------------------------------


def test_plain_status_change_never_publishes() -> None:
    w = build(Facts())
    assert readiness.compute(w.trajectory).ready  # even with everything ready
    with pytest.raises(InvalidTransition):
        services.change_status(w.setup.om, w.trajectory.pk, "published", reason=REASON)
    r = t.api_client(w.setup.om).patch(
        f"{BASE}/{w.trajectory.pk}",
        {"status": "published", "reason": REASON},
        HTTP_IF_MATCH=f'"{w.trajectory.version}"',
    )
    assert r.status_code == 409 and r.json()["code"] == "invalid-transition"
    assert Trajectory.objects.get(pk=w.trajectory.pk).status == "running"


def test_no_trajectory_model_in_the_admin() -> None:
    """The admin would be a way around the gate: the app's models stay out of it."""
    assert not [m for m in admin.site._registry if m._meta.app_label == "crownwitness"]


def test_no_override_not_even_for_a_superuser_member() -> None:
    w = build(Facts(review="negative"))
    boss = t.user("om_officer", "system_admin")
    User.objects.filter(pk=boss.pk).update(is_superuser=True, is_staff=True)
    boss = User.objects.get(pk=boss.pk)
    add_member(w.setup, boss)
    with pytest.raises(GateClosed):
        publication.publish(boss, w.trajectory.pk, reason=REASON)
    with pytest.raises(GateClosed):
        publication.record_statement_in_case_file(
            boss, w.trajectory.pk, reference="PV-1", reason=REASON
        )
    r = t.api_client(boss).post(
        f"{BASE}/{w.trajectory.pk}/publication",
        {"reason": REASON},
        HTTP_IF_MATCH=f'"{w.trajectory.version}"',
    )
    assert r.status_code == 409
    assert Trajectory.objects.get(pk=w.trajectory.pk).status == "running"
    # A system administrator outside the trajectory does not even see it.
    admin_user = t.user("system_admin")
    with pytest.raises(Http404):
        publication.publish(admin_user, w.trajectory.pk, reason=REASON)


def test_only_the_om_member_publishes_and_refusals_are_audited() -> None:
    w = build(Facts(review="none"))
    analyst = t.user("analyst")
    add_member(w.setup, analyst)
    with pytest.raises(NotPermitted):
        publication.publish(analyst, w.trajectory.pk, reason=REASON)
    with pytest.raises(GateClosed):
        publication.publish(w.setup.om, w.trajectory.pk, reason=REASON)
    record = t.last_audit(object_type="crownwitness.trajectory")
    assert record.action == AuditAction.DENIED and record.result == "refused"
    assert record.changes["gate"][0] == "publish"


def test_published_is_final_and_the_date_only_moves_before() -> None:
    w = build(Facts())
    publication.publish(w.setup.om, w.trajectory.pk, reason=REASON)
    with pytest.raises(InvalidTransition):
        publication.publish(w.setup.om, w.trajectory.pk, reason=REASON)
    # A statement after publication passes the gate again and leaves the status as is.
    publication.record_statement_in_case_file(
        w.setup.om, w.trajectory.pk, reference="PV-2027-9", reason="Tweede dossier erbij"
    )
    assert Trajectory.objects.get(pk=w.trajectory.pk).status == "published"


def test_moving_the_date_is_the_way_forward() -> None:
    """Staffed only on the old date: refused on the new date until the plan covers it."""
    w = build(Facts())
    assert w.trajectory.planned_date is not None
    new = w.trajectory.planned_date + timedelta(days=30)
    services.set_planned_date(w.setup.om, w.trajectory.pk, new, reason="Zitting verplaatst")
    with pytest.raises(GateClosed) as refused:
        publication.publish(w.setup.om, w.trajectory.pk, reason=REASON)
    assert {i for m in refused.value.missing for i in m["items"]} == {"not-staffed-on-date"}


# --- the capacity plan the gate trusts ----------------------------------------------------


def test_only_the_published_plan_covering_the_date_counts() -> None:
    w = build(Facts())
    assert readiness.compute(w.trajectory).ready
    # A newer published plan that does not cover the date: the date is not staffed.
    plan_run(timezone.localdate() + timedelta(days=200))
    state = readiness.compute(w.trajectory)
    assert [p.missing for p in state.persons] == [["not-staffed-on-date"]]
    # Unpublished, the earlier plan does not count either.
    from weerstand.capacity.models import PlanRun

    PlanRun.objects.update(published=False)
    assert not readiness.compute(w.trajectory).ready
    PlanRun.objects.filter(pk=w.run.pk).update(published=True, published_at=timezone.now())
    assert readiness.compute(w.trajectory).ready


def test_ended_and_superseded_assignments_do_not_count() -> None:
    from weerstand.decisions.models import SecurityAssignment

    w = build(Facts(persons=[PersonFacts(assignments=[(True, True), (False, False)])]))
    assert not readiness.compute(w.trajectory).ready
    case = CirclePerson.objects.get(pk=w.entries[0].pk).protection_case_id
    assert case is not None
    SecurityAssignment.objects.filter(case_id=case, status="pending").update(status="superseded")
    assert readiness.compute(w.trajectory).ready


def test_programme_person_needs_no_weerstand_chain() -> None:
    w = build(Facts(programme_person=True))
    state = readiness.compute(w.trajectory)
    programme = [p for p in state.persons if p.entry.coverage == "programme"]
    assert len(programme) == 1 and programme[0].ready and state.ready


# --- API ----------------------------------------------------------------------------------


def test_api_readiness_and_refusal_lists_missing_per_person() -> None:
    w = build(Facts(persons=[PersonFacts(), PersonFacts(decision=False)], review="negative"))
    api = t.api_client(w.setup.om)
    pk = w.trajectory.pk
    r = api.get(f"{BASE}/{pk}/readiness")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["ready"] is False and body["daysLeft"] == 10
    assert [p["ready"] for p in body["persons"]] == [True, False]
    assert t.last_audit(object_type="crownwitness.trajectory").action == AuditAction.READ
    r = api.post(f"{BASE}/{pk}/publication", {"reason": REASON})
    assert r.status_code == 428
    r = api.post(
        f"{BASE}/{pk}/publication", {"reason": REASON}, HTTP_IF_MATCH=f'"{w.trajectory.version}"'
    )
    assert r.status_code == 409
    assert r["Content-Type"].startswith("application/problem+json")
    problem = r.json()
    assert problem["code"] == "gate-closed"
    second = w.entries[1]
    assert problem["missing"] == [
        {
            "circlePerson": second.pk,
            "person": second.person_id,
            "relation": "sibling",
            "items": ["decision-not-in-force"],
        },
        {"trajectory": pk, "items": ["review-negative"]},
    ]
    r = api.post(f"{BASE}/{pk}/statement-disclosures", {"reference": "PV-7", "reason": REASON})
    assert r.status_code == 409 and r.json()["missing"] == problem["missing"]


def test_api_publish_and_disclose_when_complete() -> None:
    w = build(Facts())
    api = t.api_client(w.setup.om)
    pk = w.trajectory.pk
    r = api.post(
        f"{BASE}/{pk}/publication", {"reason": REASON}, HTTP_IF_MATCH=f'"{w.trajectory.version}"'
    )
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "published" and r["ETag"] == f'"{w.trajectory.version + 1}"'
    r = api.post(f"{BASE}/{pk}/statement-disclosures", {"reference": "PV-7", "reason": REASON})
    assert r.status_code == 201, r.content
    assert r.json()["reference"] == "PV-7"
    r = api.post(
        f"{BASE}/{pk}/statement-disclosures", {"reference": "PV-8", "reason": REASON, "x": 1}
    )
    assert r.status_code == 400  # strict body


def test_api_disclosure_publishes_a_running_trajectory() -> None:
    w = build(Facts())
    r = t.api_client(w.setup.om).post(
        f"{BASE}/{w.trajectory.pk}/statement-disclosures",
        {"reference": "PV-2027-3", "reason": REASON},
    )
    assert r.status_code == 201, r.content
    assert Trajectory.objects.get(pk=w.trajectory.pk).status == "published"


def test_api_gate_is_404_to_non_members_and_removed_members() -> None:
    w = build(Facts())
    pk = w.trajectory.pk
    removed = t.user("analyst")
    add_member(w.setup, removed)
    assert t.api_client(removed).get(f"{BASE}/{pk}/readiness").status_code == 200
    remove_member(w.setup, removed)
    for user in (removed, t.user("om_officer"), t.user("inspector"), t.user("system_admin")):
        api = t.api_client(user)
        assert api.get(f"{BASE}/{pk}/readiness").status_code == 404
        assert api.get(f"{BASE}/{pk + 1000}/readiness").status_code == 404
        r = api.post(f"{BASE}/{pk}/publication", {"reason": REASON}, HTTP_IF_MATCH='"1"')
        assert r.status_code in (403, 404)
        r = api.post(f"{BASE}/{pk}/statement-disclosures", {"reference": "PV", "reason": REASON})
        assert r.status_code in (403, 404)
    assert Trajectory.objects.get(pk=pk).status == "running"


# --- pages --------------------------------------------------------------------------------


def test_board_page_shows_per_person_and_refusal() -> None:
    w = build(Facts(persons=[PersonFacts(assignments=[(False, True)])]))
    client = Client()
    t.login(client, w.setup.om)
    pk = w.trajectory.pk
    detail = client.get(f"/kroongetuigen/{pk}").content.decode()
    assert f"/kroongetuigen/{pk}/gereedheid" in detail
    r = client.get(f"/kroongetuigen/{pk}/gereedheid")
    assert r.status_code == 200
    page = r.content.decode()
    name = str(w.entries[0].person)
    assert name in page and "nog 10 dagen" in page
    assert "Niet elke beveiligingsopdracht van het besluit is bevestigd." in page
    r = client.post(
        f"/kroongetuigen/{pk}/bekendmaking", {"reason": REASON, "version": w.trajectory.version}
    )
    assert r.status_code == 409
    page = r.content.decode()
    assert "De bekendmaking is geweigerd" in page and 'role="alert"' in page
    assert f"{name}:" in page
    assert Trajectory.objects.get(pk=pk).status == "running"


def test_board_page_publishes_when_complete() -> None:
    w = build(Facts())
    client = Client()
    t.login(client, w.setup.om)
    pk = w.trajectory.pk
    r = client.post(
        f"/kroongetuigen/{pk}/bekendmaking", {"reason": REASON, "version": w.trajectory.version}
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    assert Trajectory.objects.get(pk=pk).status == "published"
    r = client.post(f"/kroongetuigen/{pk}/verklaring", {"reference": "PV-1", "reason": REASON})
    assert r.status_code == 302
    assert "Bekendgemaakt" in client.get(f"/kroongetuigen/{pk}/gereedheid").content.decode()


def test_board_page_for_members_only() -> None:
    w = build(Facts())
    pk = w.trajectory.pk
    analyst = t.user("analyst")
    add_member(w.setup, analyst)
    member = Client()
    t.login(member, analyst)
    r = member.get(f"/kroongetuigen/{pk}/gereedheid")
    assert r.status_code == 200 and "/bekendmaking" not in r.content.decode()
    r = member.post(f"/kroongetuigen/{pk}/bekendmaking", {"reason": REASON, "version": 1})
    assert r.status_code == 403
    for user in (t.user("om_officer"), t.user("inspector")):
        other = Client()
        t.login(other, user)
        assert other.get(f"/kroongetuigen/{pk}/gereedheid").status_code == 404
        r = other.post(f"/kroongetuigen/{pk}/bekendmaking", {"reason": REASON, "version": 1})
        assert r.status_code in (403, 404)
    assert Trajectory.objects.get(pk=pk).status == "running"


def test_a_protected_person_reads_ready_while_the_review_is_missing() -> None:
    """The board does not blame a person for the trajectory's missing review."""
    w = build(Facts(review="none"))
    state = readiness.compute(w.trajectory)
    assert [p.ready for p in state.persons] == [True]
    assert not state.ready and state.missing_codes == ["review-missing"]
