"""Decisions own the life cycle: admission (designate, refuse, hand over), no measures, and the
end of protection happen only through reasoned four-eyes decisions, each with a letter and an
objection route; a stop ends the assignments and tells everyone who carries the protection."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from weerstand import testing as t
from weerstand.cases.models import Case, CaseState
from weerstand.cases.services import transition_case
from weerstand.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from weerstand.decisions import selectors, services
from weerstand.decisions.models import (
    AssignmentStatus,
    DecisionStatus,
    LocalNotification,
    NotificationKind,
    SecurityAssignment,
)
from weerstand.decisions.services import DecisionData
from weerstand.decisions.tests import builders as b
from weerstand.policy.models import Alert

pytestmark = pytest.mark.django_db
REASON = "Besproken in het casusoverleg van de NCTV"
WHY = "De dreiging komt uit een nationaal fenomeen en is gericht tegen het leven."


def _advised(w: b.World, advice: str, **kwargs: Any) -> Case:
    """A new referral, triaged and advised by an analyst (the owner), decision-makers added."""
    analyst = t.user("analyst", organisation=w.nctv)
    case = t.case(t.user("police_liaison"), state=CaseState.TRIAGE, **kwargs)
    extra = {"local_authority": w.municipality} if advice == "local" else {}
    transition_case(analyst, case.pk, "advise_authority", reason=REASON, advice=advice, **extra)
    for dm in (w.dm1, w.dm2):
        services_add(analyst, case, dm)
    case.refresh_from_db()
    return case


def services_add(owner: Any, case: Case, user: Any) -> None:
    from weerstand.cases import team

    team.add_member(owner, case.pk, user.pk, function="decision_maker", reason="Voor het besluit")


def _admission(kind: str, **extra: Any) -> DecisionData:
    return DecisionData(
        decision_type=kind, reasoning=WHY, effective_date=timezone.localdate(), **extra
    )


def test_designation_is_a_four_eyes_decision_that_opens_the_assessment() -> None:
    w = b.world()
    case = _advised(w, "national")
    decision = services.create_decision(w.dm1, case.pk, _admission("designate"))
    assert decision.needs_approval and decision.assessment is None
    assert Case.objects.get(pk=case.pk).state == CaseState.DESIGNATION
    with pytest.raises(NotPermitted):
        services.approve_decision(w.dm1, decision.pk)
    decision = services.approve_decision(w.dm2, decision.pk)
    assert decision.status == DecisionStatus.IN_FORCE
    case.refresh_from_db()
    assert case.state == CaseState.ASSESSMENT and case.domain == "national"
    # The letter tells the person, and the objection route is open.
    from weerstand.rights import letter

    text = " ".join(p for s in letter.build(decision).sections for p in s.paragraphs)
    assert "te beveiligen persoon" in text
    assert (
        "bezwaar"
        in " ".join(
            p for s in letter.build(decision).sections for p in [*s.paragraphs, *s.after]
        ).lower()
    )
    # A designation assigns nothing and is never "the decision in force" for protection.
    assert not SecurityAssignment.objects.filter(case=case).exists()
    assert selectors.live_decision(case) is None


def test_refusal_ends_the_referral_with_a_letter_and_an_objection_route() -> None:
    from weerstand.rights import services as rights

    w = b.world()
    case = _advised(w, "refuse")
    decision = services.create_decision(w.dm1, case.pk, _admission("refuse"))
    decision = services.approve_decision(w.dm2, decision.pk)
    case.refresh_from_db()
    assert case.state == CaseState.ENDED and case.ended_at is not None
    # Someone of the case team records the person's objection received on paper.
    objection = rights.lodge_objection(
        w.dm1,
        decision.pk,
        rights.ObjectionData(
            grounds="Ik word wel degelijk bedreigd en wil beveiliging.",
            objector_name="De betrokkene",
        ),
    )
    assert objection.decision_id == decision.pk


def test_refusal_with_hand_over_goes_to_the_named_local_authority() -> None:
    w = b.world()
    case = _advised(w, "local", phenomenon="stalking")
    decision = services.create_decision(w.dm1, case.pk, _admission("refuse"))
    assert decision.hand_over_to == w.municipality  # taken from the analysts' advice
    services.approve_decision(w.dm2, decision.pk)
    case.refresh_from_db()
    assert case.state == CaseState.LOCAL_DOMAIN and case.local_authority == w.municipality
    assert Alert.objects.filter(recipient=w.mayor, message__contains=case.reference).exists()
    assert not Alert.objects.filter(recipient=w.other_mayor).exists()


def test_the_wrong_decision_for_the_phase_is_refused_with_what_fits() -> None:
    w = b.world()
    case = _advised(w, "national")
    with pytest.raises(InvalidTransition):
        services.create_decision(w.dm1, case.pk, b.start_data(w))
    decided, _ = b.decided_case(w)
    with pytest.raises(InvalidTransition):
        services.create_decision(w.dm1, decided.pk, _admission("designate"))
    with pytest.raises(ValidationFailed):
        services.create_decision(
            w.dm1, case.pk, _admission("designate", hand_over_to=w.municipality)
        )


def test_an_om_transfer_cannot_be_refused_into_a_gap() -> None:
    from weerstand.cases.models import Origin

    w = b.world()
    case = _advised(w, "refuse")
    Case.objects.filter(pk=case.pk).update(
        origin=Origin.OM_TRANSFER, interim_measures_active=True, interim_authority=w.om
    )
    with pytest.raises(InvalidTransition) as refused:
        services.create_decision(w.dm1, case.pk, _admission("refuse"))
    assert "OM-maatregelen" in refused.value.detail


def test_no_measures_is_a_four_eyes_decision_on_the_assessment() -> None:
    w = b.world()
    case, assessment = b.decided_case(w)
    data = DecisionData(
        decision_type="no_measures", reasoning=WHY, effective_date=timezone.localdate()
    )
    decision = services.create_decision(w.dm1, case.pk, data)
    assert decision.needs_approval and decision.assessment == assessment
    assert Case.objects.get(pk=case.pk).state == CaseState.DECISION
    services.approve_decision(w.dm2, decision.pk)
    assert Case.objects.get(pk=case.pk).state == CaseState.ENDED
    assert not SecurityAssignment.objects.filter(case=case).exists()


def test_a_stop_ends_the_assignments_on_its_date_and_tells_who_carries_them() -> None:
    w = b.world()
    case, _ = b.decided_case(w)
    start = services.approve_decision(
        w.dm2, services.create_decision(w.dm1, case.pk, b.start_data(w)).pk
    )
    assignments = list(SecurityAssignment.objects.filter(decision=start))
    assert assignments and Case.objects.get(pk=case.pk).state == CaseState.PROTECTION_ACTIVE
    for a in assignments:
        liaison = w.police_liaison if a.executing_organisation_id == w.police.pk else w.kmar_liaison
        services.acknowledge_assignment(liaison, a.pk)
    stop_on = timezone.localdate() + timedelta(days=10)
    stop = services.create_decision(
        w.dm2,
        case.pk,
        DecisionData(decision_type="stop", reasoning=WHY, effective_date=stop_on),
    )
    stop = services.approve_decision(w.dm1, stop.pk)
    assert stop.status == DecisionStatus.APPROVED
    last_day = stop_on - timedelta(days=1)
    # Until the date the case keeps its protection (and stays in the recalibration overview).
    assert Case.objects.get(pk=case.pk).state == CaseState.PROTECTION_ACTIVE
    for a in SecurityAssignment.objects.filter(decision=start):
        assert a.ends_on == last_day
    # The executing organisations are told; the mayor gets the permitted fields only.
    assert Alert.objects.filter(recipient=w.police_liaison, message__contains="eindigt").exists()
    ended = LocalNotification.objects.filter(recipient=w.municipality).order_by("-pk").first()
    assert ended is not None and ended.ends_on == last_day
    assert ended.kind in (NotificationKind.CHANGED, NotificationKind.ENDED)
    # The planner counts them as demand up to the last day, not after.
    assert selectors.active_assignments(last_day).filter(case=case).exists()
    assert not selectors.active_assignments(stop_on).filter(case=case).exists()
    # On the date the stop takes effect, the case ends and the assignments close.
    services.apply_decisions(stop_on)
    case.refresh_from_db()
    assert case.state == CaseState.ENDED
    assert set(
        SecurityAssignment.objects.filter(decision=start).values_list("status", flat=True)
    ) == {AssignmentStatus.ENDED}
    assert not selectors.active_assignments(stop_on).filter(case=case).exists()


def test_ending_protection_without_a_stop_decision_is_refused() -> None:
    w = b.world()
    case, _ = b.decided_case(w)
    services.approve_decision(w.dm2, services.create_decision(w.dm1, case.pk, b.start_data(w)).pk)
    with pytest.raises(InvalidTransition) as refused:
        transition_case(w.dm1, case.pk, "end_protection", reason=REASON)
    assert "besluit tot beëindiging" in refused.value.detail
    assert Case.objects.get(pk=case.pk).state == CaseState.PROTECTION_ACTIVE


def test_whoever_advised_never_decides_on_the_admission() -> None:
    """Analysis and decision are separated for admission too: someone who holds both roles
    and gave the triage advice neither designates nor approves the designation."""
    from weerstand.cases import team

    w = b.world()
    both = t.user("analyst", "decision_maker", organisation=w.nctv)
    case = t.case(t.user("police_liaison"), state=CaseState.TRIAGE)
    transition_case(both, case.pk, "advise_authority", reason=REASON, advice="national")
    for dm in (w.dm1, w.dm2):
        team.add_member(both, case.pk, dm.pk, function="decision_maker", reason="Voor het besluit")
    with pytest.raises(NotPermitted):
        services.create_decision(both, case.pk, _admission("designate"))
    decision = services.create_decision(w.dm1, case.pk, _admission("designate"))
    with pytest.raises(NotPermitted):
        services.approve_decision(both, decision.pk)
    assert decision.pk not in [d.pk for d in selectors.awaiting_approval(both)]
    services.approve_decision(w.dm2, decision.pk)
