"""Signal services: deadlines, grading, portal reporters, triage and escalation.

Time is passed in (`now`), never slept on.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from weerstand import testing as t
from weerstand.audit.models import AuditRecord
from weerstand.core.errors import ConcurrencyConflict, NotPermitted, ValidationFailed
from weerstand.information.models import ReassessmentAdvice
from weerstand.policy.models import Alert
from weerstand.registry.models import PersonRelation
from weerstand.signals import services
from weerstand.signals.models import Signal, SignalEntity, SignalStatus
from weerstand.signals.services import AlreadyTriaged, SignalData

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


def data(**kwargs: Any) -> SignalData:
    base: dict[str, Any] = {
        "what": "Onbekende man fotografeerde de voordeur.",
        "happened_at": NOW - timedelta(hours=1),
    }
    base.update(kwargs)
    return SignalData(**base)


# --- deadlines and grading ------------------------------------------------------------------


def test_deadline_is_24_hours_and_4_for_threats_and_incidents() -> None:
    officer = t.user("police_liaison")
    observation = services.record_signal(officer, data(), now=NOW)
    threat = services.record_signal(officer, data(kind="threat"), now=NOW)
    incident = services.record_signal(officer, data(kind="incident"), now=NOW)
    assert observation.triage_deadline == NOW + timedelta(hours=24)
    assert threat.triage_deadline == NOW + timedelta(hours=4)
    assert incident.triage_deadline == NOW + timedelta(hours=4)
    assert observation.status == SignalStatus.NEW


def test_deadline_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIGNAL_TRIAGE_HOURS", "10")
    monkeypatch.setenv("SIGNAL_TRIAGE_URGENT_HOURS", "1")
    officer = t.user("kmar_liaison")
    assert services.record_signal(officer, data(), now=NOW).triage_deadline == NOW + timedelta(
        hours=10
    )
    urgent = services.record_signal(officer, data(kind="threat"), now=NOW)
    assert urgent.triage_deadline == NOW + timedelta(hours=1)


def test_grading_from_how_sure_and_officer_override() -> None:
    officer = t.user("police_liaison")
    assert services.record_signal(officer, data(certainty="seen_myself"), now=NOW).grading == "B2"
    assert services.record_signal(officer, data(certainty="hearsay"), now=NOW).grading == "F6"
    graded = services.record_signal(
        officer, data(certainty="not_sure", reliability="A", credibility=3), now=NOW
    )
    assert graded.grading == "A3"


def test_refuses_future_time_empty_text_and_classification_above_clearance() -> None:
    officer = t.user("police_liaison", clearance=1)
    with pytest.raises(ValidationFailed) as exc:
        services.record_signal(officer, data(what=" ", happened_at=NOW + timedelta(days=1)))
    names = {p.name for p in exc.value.invalid_params}
    assert {"what", "happened_at"} <= names
    with pytest.raises(ValidationFailed):
        services.record_signal(officer, data(classification=3), now=NOW)
    assert not Signal.objects.filter(reported_by=officer).exists()


def test_roles_without_the_grant_cannot_report() -> None:
    with pytest.raises(NotPermitted):
        services.record_signal(t.user("system_admin"), data(), now=NOW)
    with pytest.raises(NotPermitted):
        services.record_signal(t.user("advisory_body"), data(), now=NOW)


def test_what_is_encrypted_at_rest_and_audit_has_no_clear_text() -> None:
    from django.db import connection

    officer = t.user("police_liaison")
    signal = services.record_signal(officer, data(what="GEHEIM-MARKER-91 gezien"), now=NOW)
    with connection.cursor() as cur:
        cur.execute("SELECT what FROM signals_signal WHERE id = %s", [signal.pk])
        raw = cur.fetchone()[0]
    assert "GEHEIM-MARKER-91" not in raw
    assert "GEHEIM-MARKER-91" in Signal.objects.visible_to(officer).get(pk=signal.pk).what
    for rec in AuditRecord.objects.all():
        assert "GEHEIM-MARKER-91" not in str(rec.changes)


# --- cases: officers and portal users -------------------------------------------------------


def test_officer_can_only_name_a_case_they_can_see() -> None:
    officer = t.user("police_liaison")
    referrer = t.user("mayor")
    mine = t.case(referrer, team=(officer,))
    other = t.case(referrer)
    assert services.record_signal(officer, data(case_id=mine.pk), now=NOW).case == mine
    with pytest.raises(ValidationFailed):
        services.record_signal(officer, data(case_id=other.pk), now=NOW)


def _portal_user(role: str, person: Any) -> Any:
    u = t.user(role, organisation=t.org("civilian", code="burgers"), clearance=0)
    type(u).objects.filter(pk=u.pk).update(person=person)
    u.refresh_from_db()
    return u


def test_protectee_reports_about_own_case_only() -> None:
    referrer = t.user("mayor")
    me = t.person("Sanne", "Wijnberg")
    own = t.case(referrer, protectee=me, state="protection_active")
    other = t.case(referrer)
    user = _portal_user("protectee", me)
    signal = services.record_signal(user, data(), now=NOW)
    assert signal.case == own and signal.reporter_kind == "protectee"
    assert signal.grading == "C3"  # a person in the circle: fairly reliable by default
    with pytest.raises(ValidationFailed):
        services.record_signal(user, data(case_id=other.pk), now=NOW)
    with pytest.raises(ValidationFailed):
        services.record_signal(user, data(classification=0), now=NOW)


def test_relative_and_employer_reach_the_protectees_case() -> None:
    from weerstand.cases.models import CasePerson

    referrer = t.user("mayor")
    protectee = t.person("Sanne", "Wijnberg")
    partner = t.person("Thomas", "Kerkhof")
    contact = t.person("Erik", "Dijkman")
    case = t.case(referrer, protectee=protectee)
    PersonRelation.objects.create(person=protectee, related=partner, kind="partner")
    CasePerson.objects.create(case=case, person=contact, role="employer_contact")
    relative = _portal_user("relative", partner)
    employer = _portal_user("employer", contact)
    assert services.record_signal(relative, data(), now=NOW).case == case
    assert services.record_signal(employer, data(), now=NOW).case == case
    stranger = _portal_user("relative", t.person("Ander", "Iemand"))
    assert services.record_signal(stranger, data(), now=NOW).case is None


def test_linked_at_creation_to_an_active_case_advises_reassessment() -> None:
    officer = t.user("police_liaison")
    active = t.case(t.user("mayor"), team=(officer,), state="protection_active")
    intake = t.case(t.user("mayor"), team=(officer,))
    s = services.record_signal(officer, data(case_id=active.pk), now=NOW)
    advice = ReassessmentAdvice.objects.get(case=active)
    assert advice.source_type == "signal" and advice.source_id == s.pk
    services.record_signal(officer, data(case_id=intake.pk), now=NOW)
    assert not ReassessmentAdvice.objects.filter(case=intake).exists()


def test_named_phone_numbers_and_vehicles_become_shared_entities() -> None:
    officer = t.user("police_liaison")
    a = services.record_signal(officer, data(phones=["06-12345678"], vehicles=["XX-123-Y"]))
    b = services.record_signal(officer, data(phones=["0612345678"]))
    assert SignalEntity.objects.filter(signal=a).count() == 2
    ea = SignalEntity.objects.filter(signal=a, entity__kind="phone").get().entity_id
    eb = SignalEntity.objects.filter(signal=b).get().entity_id
    assert ea == eb


# --- visibility -----------------------------------------------------------------------------


def test_reporter_sees_own_signal_others_do_not_analysts_do() -> None:
    officer = t.user("police_liaison")
    colleague = t.user("police_liaison", organisation=officer.organisation)
    analyst = t.user("analyst")
    s = services.record_signal(officer, data(), now=NOW)
    assert Signal.objects.visible_to(officer).filter(pk=s.pk).exists()
    assert not Signal.objects.visible_to(colleague).filter(pk=s.pk).exists()
    assert Signal.objects.visible_to(analyst).filter(pk=s.pk).exists()
    assert Signal.objects.visible_to(t.user("inspector")).filter(pk=s.pk).exists()
    assert not Signal.objects.visible_to(t.user("decision_maker")).filter(pk=s.pk).exists()


def test_crown_witness_signal_only_for_compartment_members_and_reporter() -> None:
    officer = t.user("om_officer")
    member = t.user("analyst")
    outsider = t.user("analyst")
    inspector = t.user("inspector")
    case = t.case(t.user("mayor"), team=(officer, member, outsider))
    t.restrict(case, members=(officer, member))
    s = services.record_signal(officer, data(case_id=case.pk), now=NOW)
    assert Signal.objects.visible_to(member).filter(pk=s.pk).exists()
    assert Signal.objects.visible_to(officer).filter(pk=s.pk).exists()
    assert not Signal.objects.visible_to(outsider).filter(pk=s.pk).exists()
    assert not Signal.objects.visible_to(inspector).filter(pk=s.pk).exists()


def test_clearance_limits_the_queue() -> None:
    officer = t.user("police_liaison", clearance=3)
    low = t.user("analyst", clearance=1)
    s = services.record_signal(officer, data(classification=3), now=NOW)
    assert not Signal.objects.visible_to(low).filter(pk=s.pk).exists()


# --- triage ---------------------------------------------------------------------------------


def test_dismiss_needs_a_reason_and_link_advises_reassessment() -> None:
    officer = t.user("police_liaison")
    analyst = t.user("analyst")
    case = t.case(t.user("mayor"), team=(analyst,), state="assessment")
    s1 = services.record_signal(officer, data(), now=NOW)
    with pytest.raises(ValidationFailed):
        services.triage_signal(analyst, s1.pk, decision="dismiss", note="")
    done = services.triage_signal(analyst, s1.pk, decision="dismiss", note="Geen dreiging.")
    assert done.status == "dismissed" and done.triaged_by == analyst
    s2 = services.record_signal(officer, data(), now=NOW)
    linked = services.triage_signal(analyst, s2.pk, decision="link", case_id=case.pk)
    assert linked.status == "linked" and linked.case == case
    advice = ReassessmentAdvice.objects.get(case=case, source_type="signal")
    assert advice.source_id == s2.pk


def test_link_refuses_a_case_the_analyst_cannot_see() -> None:
    analyst = t.user("analyst")
    hidden = t.case(t.user("mayor"), state="assessment")
    s = services.record_signal(t.user("police_liaison"), data(), now=NOW)
    with pytest.raises(ValidationFailed):
        services.triage_signal(analyst, s.pk, decision="link", case_id=hidden.pk)
    assert Signal.objects.get(pk=s.pk).status == "new"


def test_second_triage_is_a_conflict_and_changes_nothing() -> None:
    s = services.record_signal(t.user("police_liaison"), data(), now=NOW)
    first, second = t.user("analyst"), t.user("analyst")
    seen_version = s.version
    services.triage_signal(
        first, s.pk, decision="triage", note="Bekend patroon.", expected_version=seen_version
    )
    with pytest.raises(AlreadyTriaged) as exc:
        services.triage_signal(
            second, s.pk, decision="dismiss", note="Niets aan de hand.", expected_version=1
        )
    assert exc.value.status == 409
    assert first.display_name in exc.value.detail
    fresh = Signal.objects.get(pk=s.pk)
    assert fresh.status == "triaged" and fresh.triaged_by == first


def test_stale_version_is_refused() -> None:
    analyst = t.user("analyst")
    case = t.case(t.user("mayor"), team=(analyst,))
    s = services.record_signal(t.user("police_liaison"), data(), now=NOW)
    services.triage_signal(analyst, s.pk, decision="triage", note="Eerst bekeken.")
    with pytest.raises(ConcurrencyConflict):
        services.triage_signal(analyst, s.pk, decision="link", case_id=case.pk, expected_version=1)


def test_only_the_analysis_function_triages() -> None:
    officer = t.user("police_liaison")
    s = services.record_signal(officer, data(), now=NOW)
    with pytest.raises(NotPermitted):
        services.triage_signal(officer, s.pk, decision="triage", note="Zelf gedaan.")
    from django.http import Http404

    with pytest.raises(Http404):
        services.triage_signal(t.user("inspector"), 10**9, decision="triage", note="x" * 6)
    with pytest.raises(NotPermitted):
        services.triage_signal(t.user("inspector"), s.pk, decision="triage", note="Toezicht.")


# --- escalation -----------------------------------------------------------------------------


def test_escalation_after_the_deadline_is_idempotent() -> None:
    senior = t.user("senior_analyst")
    officer = t.user("police_liaison")
    s = services.record_signal(officer, data(kind="threat"), now=NOW)
    assert services.escalate_overdue_signals(now=NOW + timedelta(hours=3)) == []
    escalated = services.escalate_overdue_signals(now=NOW + timedelta(hours=5))
    assert [x.pk for x in escalated] == [s.pk]
    assert Signal.objects.get(pk=s.pk).escalated_at == NOW + timedelta(hours=5)
    alerts = Alert.objects.filter(recipient=senior)
    assert alerts.count() == 1 and s.reference in alerts.get().message
    assert services.escalate_overdue_signals(now=NOW + timedelta(hours=9)) == []
    assert Alert.objects.filter(recipient=senior).count() == 1
    assert not Alert.objects.filter(recipient=officer).exists()


def test_triaged_signals_never_escalate() -> None:
    t.user("senior_analyst")
    s = services.record_signal(t.user("police_liaison"), data(), now=NOW)
    services.triage_signal(t.user("analyst"), s.pk, decision="triage", note="Bekeken, niets.")
    assert services.escalate_overdue_signals(now=NOW + timedelta(days=3)) == []


def test_escalation_alerts_only_those_who_may_see_the_signal() -> None:
    outsider_senior = t.user("senior_analyst")
    member_analyst = t.user("analyst")
    officer = t.user("om_officer")
    case = t.case(t.user("mayor"), team=(officer, member_analyst))
    t.restrict(case, members=(officer, member_analyst))
    s = services.record_signal(officer, data(case_id=case.pk), now=NOW)
    services.escalate_overdue_signals(now=NOW + timedelta(days=2))
    assert not Alert.objects.filter(recipient=outsider_senior).exists()
    assert s.reference in Alert.objects.get(recipient=member_analyst).message


def test_a_signal_nobody_in_the_analysis_function_may_see_still_escalates() -> None:
    senior = t.user("senior_analyst")
    om = t.user("om_officer")
    case = t.case(t.user("mayor"), team=(om,))
    t.restrict(case, members=(om,))
    s = services.record_signal(_portal_user("protectee", case.protectee), data(), now=NOW)
    assert s.case == case
    services.escalate_overdue_signals(now=NOW + timedelta(days=2))
    assert not Alert.objects.filter(recipient=senior).exists()
    message = Alert.objects.get(recipient=om).message
    assert case.reference in message and s.reference not in message
    assert services.escalate_overdue_signals(now=NOW + timedelta(days=3)) == []
    assert Alert.objects.filter(recipient=om).count() == 1


def test_queue_counts_apply_need_to_know() -> None:
    officer = t.user("om_officer")
    member, outsider = t.user("analyst"), t.user("analyst")
    case = t.case(t.user("mayor"), team=(officer, member))
    t.restrict(case, members=(officer, member))
    services.record_signal(officer, data(case_id=case.pk), now=NOW)
    services.record_signal(officer, data(), now=NOW)
    later = NOW + timedelta(days=2)
    assert services.queue_counts(member, now=later)["overdue"] == 2
    assert services.queue_counts(outsider, now=later)["overdue"] == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_analysts_at_the_same_moment_one_wins_on_postgres() -> None:
    """Without versions (as two fresh screens would send): the row lock lets one decide."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections (PostgreSQL)")
    s = services.record_signal(t.user("police_liaison"), data(), now=NOW)
    alice, bob = t.user("analyst"), t.user("analyst")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(user: Any, decision: str) -> None:
        try:
            barrier.wait()
            services.triage_signal(user, s.pk, decision=decision, note="Beoordeeld in de test.")
            outcomes.append("ok")
        except AlreadyTriaged:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(u, d))
        for u, d in ((alice, "triage"), (bob, "dismiss"))
    ]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(outcomes) == ["conflict", "ok"]
    assert Signal.objects.get(pk=s.pk).version == 2
