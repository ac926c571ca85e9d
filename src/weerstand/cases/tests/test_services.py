"""Case services: referrals, optimistic concurrency on edits, and who may edit."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.http import Http404
from django.utils import timezone

from weerstand import testing as t
from weerstand.accounts.roles import Clearance
from weerstand.audit.models import AuditAction, AuditRecord
from weerstand.cases.models import Case, CaseEvent, CasePerson, CaseState
from weerstand.cases.services import (
    ReferralData,
    allowed_transitions,
    open_case,
    transition_case,
    update_case,
)
from weerstand.core.errors import ConcurrencyConflict, NotPermitted, ValidationFailed
from weerstand.policy.engine import NoPrincipal

pytestmark = pytest.mark.django_db


def _state(case: Case) -> tuple[Any, ...]:
    case.refresh_from_db()
    return (
        case.codename,
        case.summary,
        case.severity,
        case.version,
        case.updated_at,
        AuditRecord.objects.filter(action=AuditAction.UPDATE, case_id=case.pk).count(),
    )


# --- referrals ------------------------------------------------------------------------------


def test_open_case_registers_a_referral_with_protectee_event_and_audit() -> None:
    referrer = t.user("mayor")
    protectee = t.person("Anna", "de Vries")
    case = open_case(
        referrer,
        ReferralData(
            protectee=protectee,
            phenomenon="organised_crime",
            severity="critical",
            summary="Bedreigd na uitspraken over drugshandel",
            codename="Egel",
        ),
    )
    year = timezone.now().year
    assert case.reference == f"WS-{year}-0001"
    assert case.state == CaseState.REFERRAL and case.version == 1
    assert case.referring_organisation == referrer.organisation
    assert CasePerson.objects.filter(case=case, person=protectee, role="protectee").exists()
    assert CaseEvent.objects.get(case=case).kind == "referral"
    record = AuditRecord.objects.get(action=AuditAction.CREATE, case_id=case.pk)
    assert record.actor_id == referrer.pk
    second = t.case(referrer)
    assert second.reference == f"WS-{year}-0002"


@pytest.mark.parametrize(
    ("change", "param"),
    [
        ({"phenomenon": "gossip"}, "phenomenon"),
        ({"severity": "extreme"}, "severity"),
        ({"summary": " "}, "summary"),
        ({"classification": Clearance.STG_ZEER_GEHEIM}, "classification"),
    ],
)
def test_open_case_refuses_invalid_referrals(change: dict[str, Any], param: str) -> None:
    referrer = t.user("police_liaison", clearance=Clearance.STG_GEHEIM)
    values = {
        "protectee": t.person(),
        "phenomenon": "terrorism",
        "severity": "serious",
        "summary": "Dreiging tegen een journalist",
        **change,
    }
    with pytest.raises(ValidationFailed) as refused:
        open_case(referrer, ReferralData(**values))
    assert param in [p.name for p in refused.value.invalid_params]
    assert not Case.objects.exists()


@pytest.mark.parametrize("role", ["resilience_expert", "unit_planner", "system_admin", "inspector"])
def test_roles_without_the_create_grant_cannot_refer(role: str) -> None:
    with pytest.raises(NotPermitted):
        t.case(t.user(role))
    assert not Case.objects.exists()


def test_services_refuse_without_a_principal() -> None:
    case = t.case(t.user("analyst"))
    with pytest.raises(NoPrincipal):
        update_case(None, case.pk, {"codename": "X"}, expected_version=1)
    with pytest.raises(NoPrincipal):
        transition_case(None, case.pk, "start_triage", reason="Geen gebruiker")


# --- optimistic concurrency -----------------------------------------------------------------


def test_the_second_update_with_the_same_version_conflicts_and_changes_nothing() -> None:
    alice, bob = t.user("analyst"), t.user("senior_analyst")
    case = t.case(t.user("police_liaison"), team=(alice, bob))
    seen = case.version
    update_case(alice, case.pk, {"codename": "Reiger"}, expected_version=seen)
    after_first = _state(case)
    with pytest.raises(ConcurrencyConflict) as conflict:
        update_case(bob, case.pk, {"codename": "Zwaan", "severity": "low"}, expected_version=seen)
    assert conflict.value.status == 412
    assert _state(case) == after_first
    assert after_first[0] == "Reiger" and after_first[3] == seen + 1


def test_a_transition_with_a_stale_version_conflicts_and_changes_nothing() -> None:
    analyst = t.user("analyst")
    case = t.case(t.user("police_liaison"), team=(analyst,))
    update_case(analyst, case.pk, {"codename": "Reiger"}, expected_version=case.version)
    before = (_state(case), CaseEvent.objects.filter(case=case).count())
    with pytest.raises(ConcurrencyConflict):
        transition_case(analyst, case.pk, "start_triage", reason="Oud scherm", expected_version=1)
    assert (_state(case), CaseEvent.objects.filter(case=case).count()) == before
    case.refresh_from_db()
    assert case.state == CaseState.REFERRAL


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_updates_with_the_same_version_serialise_on_postgres() -> None:
    """Two requests at the same moment: the row lock makes exactly one win."""
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections (PostgreSQL)")
    alice, bob = t.user("analyst"), t.user("analyst")
    case = t.case(t.user("police_liaison"), team=(alice, bob))
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def edit(user: Any, codename: str) -> None:
        try:
            barrier.wait()
            update_case(user, case.pk, {"codename": codename}, expected_version=1)
            outcomes.append("ok")
        except ConcurrencyConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(u, n)) for u, n in ((alice, "A"), (bob, "B"))]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(outcomes) == ["conflict", "ok"]
    case.refresh_from_db()
    assert case.version == 2


# --- who may edit ---------------------------------------------------------------------------


def test_update_records_the_changed_fields() -> None:
    analyst = t.user("analyst")
    case = t.case(t.user("police_liaison"), team=(analyst,))
    # Without a picture the shortest interval applies; a week is within it.
    soon = str(timezone.localdate() + timedelta(days=7))
    update_case(
        analyst,
        case.pk,
        {"severity": "critical", "next_recalibration": soon},
        expected_version=1,
    )
    record = AuditRecord.objects.get(action=AuditAction.UPDATE, case_id=case.pk)
    assert record.changes["severity"] == ["serious", "critical"]
    assert record.changes["next_recalibration"] == [None, soon]


def test_read_only_fields_cannot_be_edited() -> None:
    analyst = t.user("analyst")
    case = t.case(t.user("police_liaison"), team=(analyst,))
    before = _state(case)
    with pytest.raises(ValidationFailed) as refused:
        update_case(analyst, case.pk, {"state": "ended", "codename": "X"}, expected_version=1)
    assert [p.name for p in refused.value.invalid_params] == ["state"]
    assert _state(case) == before


def test_a_visible_case_without_the_change_grant_is_not_permitted() -> None:
    decider = t.user("decision_maker")  # views team cases, changes none
    case = t.case(t.user("police_liaison"), team=(decider,))
    before = _state(case)
    with pytest.raises(NotPermitted):
        update_case(decider, case.pk, {"codename": "X"}, expected_version=1)
    assert _state(case) == before


def test_an_invisible_case_reads_as_absent_for_edits() -> None:
    outsider = t.user("police_liaison")
    case = t.case(t.user("police_liaison"), state=CaseState.ASSESSMENT)
    with pytest.raises(Http404):
        update_case(outsider, case.pk, {"codename": "X"}, expected_version=1)
    with pytest.raises(Http404):
        update_case(outsider, 999_999, {"codename": "X"}, expected_version=1)


def test_classification_above_own_clearance_is_refused() -> None:
    analyst = t.user("analyst", clearance=Clearance.STG_CONFIDENTIEEL)
    case = t.case(t.user("police_liaison"), team=(analyst,))
    before = _state(case)
    with pytest.raises(ValidationFailed):
        update_case(analyst, case.pk, {"classification": Clearance.STG_GEHEIM}, expected_version=1)
    assert _state(case) == before


def test_allowed_transitions_are_exactly_the_ones_the_service_accepts() -> None:
    analyst, decider = t.user("analyst"), t.user("decision_maker")
    case = t.case(t.user("police_liaison"), state=CaseState.DECISION, team=(analyst, decider))
    assert [tr.name for tr in allowed_transitions(analyst, case)] == []
    # Starting protection or deciding on no measures is a decision, never a button here.
    assert {tr.name for tr in allowed_transitions(decider, case)} == {"return_to_assessment"}
    intake = t.case(t.user("police_liaison"))
    assert [tr.name for tr in allowed_transitions(analyst, intake)] == ["start_triage"]
    assert allowed_transitions(decider, intake) == []


def test_local_hand_over_keeps_an_owner_and_informs_only_the_named_authority() -> None:
    analyst = t.user("analyst")
    utrecht = t.org("municipality", code="gemeente-utrecht-ho")
    mayor = t.user("mayor", organisation=utrecht)
    other_mayor = t.user("mayor", organisation=t.org("municipality", code="gemeente-elders"))
    decider = t.user("decision_maker")
    case = t.case(t.user("police_liaison"), phenomenon="stalking", state=CaseState.TRIAGE)
    transition_case(
        analyst,
        case.pk,
        "advise_authority",
        reason="Stalking: lokaal gezag",
        advice="local",
        local_authority=utrecht,
    )
    case.team.memberships.create(user=decider, function="decision_maker")
    from weerstand.decisions.models import Decision

    refusal = Decision.objects.create(
        reference="BS-T-0001",
        case=case,
        decision_type="refuse",
        reasoning="Geen dreiging uit een nationaal fenomeen; het lokaal gezag neemt over.",
        effective_date=case.referred_at.date(),
        status="approved",
        decided_by=decider,
        hand_over_to=utrecht,
    )
    transition_case(decider, case.pk, "route_local", reason="Besluit van kracht", authority=refusal)

    from weerstand.policy.models import Alert

    assert Alert.objects.filter(recipient=mayor, message__contains=case.reference).count() == 1
    assert not Alert.objects.filter(recipient=other_mayor).exists()
    # The mayor is informed, not given the case file.
    assert not Case.objects.visible_to(mayor).filter(pk=case.pk).exists()
    # The routing analyst owns the hand-over and can take the case back into triage.
    back = transition_case(analyst, case.pk, "return_to_triage", reason="Escalatie: nieuw signaal")
    assert back.state == CaseState.TRIAGE


def test_only_owners_who_may_change_the_case_add_team_members() -> None:
    from weerstand.cases.services import add_team_member

    inspector = t.user("inspector")
    colleague = t.user("police_liaison")
    case = t.case(t.user("police_liaison"), owner=inspector, state=CaseState.ASSESSMENT)
    with pytest.raises(NotPermitted):
        add_team_member(inspector, case.pk, colleague, reason="Graag toevoegen aan het team")
    assert not case.team.memberships.filter(user=colleague).exists()

    analyst = t.user("analyst")
    case2 = t.case(t.user("police_liaison"), owner=analyst, state=CaseState.ASSESSMENT)
    add_team_member(analyst, case2.pk, colleague, reason="Liaison politie voor uitvoering")
    assert case2.team.memberships.filter(user=colleague).exists()
