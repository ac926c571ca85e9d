"""Decisions: segregation of duties, four eyes, reasoned deviations, acknowledgement of
disagreement, and assignments following decisions over their effective dates."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from weerstand.cases.models import Case
from weerstand.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from weerstand.decisions import selectors, services
from weerstand.decisions.models import (
    AssignmentStatus,
    Decision,
    DecisionStatus,
    SecurityAssignment,
)
from weerstand.decisions.services import DeviationData
from weerstand.decisions.tests import builders as b

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _codes(qs) -> set[str]:
    return {a.measure.code for a in qs.select_related("measure")}


def test_author_and_challenger_cannot_decide_but_another_decision_maker_can() -> None:
    w = b.world()
    case, _ = b.decided_case(w)
    for person in (w.author, w.challenger):
        with pytest.raises(NotPermitted):
            services.create_decision(person, case.pk, b.start_data(w))
    decision = services.create_decision(w.dm1, case.pk, b.start_data(w))
    assert decision.status == DecisionStatus.AWAITING_APPROVAL
    # ... and the author may not approve it either.
    with pytest.raises(NotPermitted):
        services.approve_decision(w.author, decision.pk)


def test_decision_needs_a_finalised_assessment() -> None:
    from weerstand.assessments.models import Assessment

    w = b.world()
    case, assessment = b.decided_case(w)
    Assessment.objects.filter(pk=assessment.pk).update(status="senior_check")
    with pytest.raises(InvalidTransition):
        services.create_decision(w.dm1, case.pk, b.start_data(w))


def test_four_eyes_start_waits_for_a_second_decision_maker() -> None:
    w = b.world()
    case, _ = b.decided_case(w)
    decision = services.create_decision(w.dm1, case.pk, b.start_data(w))
    assert decision.needs_approval
    assert not SecurityAssignment.objects.filter(decision=decision).exists()
    with pytest.raises(NotPermitted):
        services.approve_decision(w.dm1, decision.pk)
    decision = services.approve_decision(w.dm2, decision.pk)
    assert decision.status == DecisionStatus.IN_FORCE
    assert decision.approved_by == w.dm2
    assert _codes(SecurityAssignment.objects.filter(decision=decision)) == {
        "alertering",
        "bewaken",
        "cameratoezicht",
        "beveiligd-vervoer",
    }
    assert Case.objects.get(pk=case.pk).state == "protection_active"
    with pytest.raises(InvalidTransition):
        services.approve_decision(w.dm2, decision.pk)


def test_rejection_needs_a_reason_and_changes_nothing() -> None:
    w = b.world()
    case, _ = b.decided_case(w)
    decision = services.create_decision(w.dm1, case.pk, b.start_data(w))
    with pytest.raises(ValidationFailed):
        services.reject_decision(w.dm2, decision.pk, reason="nee")
    decision = services.reject_decision(
        w.dm2, decision.pk, reason="Het pakket past niet bij het dreigingsniveau."
    )
    assert decision.status == DecisionStatus.REJECTED
    assert not SecurityAssignment.objects.filter(case=case).exists()
    assert Case.objects.get(pk=case.pk).state == "decision"


def test_deviation_without_reasoning_is_refused() -> None:
    w = b.world()
    case, _ = b.decided_case(w)
    bare = [DeviationData("persoonsbeveiliging", "added", "")]
    with pytest.raises(ValidationFailed) as exc:
        services.create_decision(w.dm1, case.pk, b.start_data(w, deviations=bare))
    assert any(p.name == "deviations[0].reasoning" for p in exc.value.invalid_params)
    omitted = [DeviationData("cameratoezicht", "omitted", " ")]
    with pytest.raises(ValidationFailed):
        services.create_decision(w.dm1, case.pk, b.start_data(w, deviations=omitted))
    assert not Decision.objects.filter(case=case).exists()
    reasoned = [
        DeviationData("persoonsbeveiliging", "added", "Concrete aanslagvoorbereiding gemeld."),
        DeviationData("cameratoezicht", "omitted", "Woning ligt in een afgesloten complex."),
    ]
    decision = services.create_decision(w.dm1, case.pk, b.start_data(w, deviations=reasoned))
    codes = set(decision.measures.values_list("code", flat=True))
    assert "persoonsbeveiliging" in codes and "cameratoezicht" not in codes
    assert decision.deviations.visible_to(w.dm1).count() == 2


def test_unresolved_disagreement_and_complexity_must_be_acknowledged() -> None:
    from weerstand.assessments.models import Assessment

    w = b.world()
    case, assessment = b.decided_case(w)
    Assessment.objects.filter(pk=assessment.pk).update(
        unresolved_disagreement="Tegenspraak: de dreiging kan ook lager zijn.", is_complex=True
    )
    with pytest.raises(ValidationFailed) as exc:
        services.create_decision(w.dm1, case.pk, b.start_data(w))
    names = {p.name for p in exc.value.invalid_params}
    assert {"acknowledgeDisagreement", "acknowledgeComplexity"} <= names
    decision = services.create_decision(
        w.dm1,
        case.pk,
        b.start_data(w, acknowledge_disagreement=True, acknowledge_complexity=True),
    )
    assert decision.disagreement_acknowledged and decision.complexity_acknowledged


def test_continue_and_same_level_adjust_take_effect_without_second_approval() -> None:
    w = b.world()
    case, _ = b.decided_case(w)
    start = services.approve_decision(
        w.dm2, services.create_decision(w.dm1, case.pk, b.start_data(w)).pk
    )
    later = TODAY() + timedelta(days=3)
    cont = services.create_decision(
        w.dm1,
        case.pk,
        b.start_data(
            w,
            decision_type="continue",
            effective_date=later,
            next_recalibration=later + timedelta(days=90),
        ),
    )
    assert not cont.needs_approval and cont.status == DecisionStatus.APPROVED
    assert cont.supersedes == start
    up = services.needs_four_eyes("adjust", 4, start)
    same = services.needs_four_eyes("adjust", 3, start)
    assert up and not same


def test_assignments_follow_start_adjust_and_stop_over_their_dates() -> None:
    w = b.world()
    case, _ = b.decided_case(w)
    d0 = TODAY() + timedelta(days=2)
    start = services.create_decision(w.dm1, case.pk, b.start_data(w, effective_date=d0))
    start = services.approve_decision(w.dm2, start.pk)
    assert start.status == DecisionStatus.APPROVED  # not before its date
    assert services.apply_decisions(d0 - timedelta(days=1))["decisions"] == 0
    assert not selectors.active_assignments(d0 - timedelta(days=1)).filter(case=case).exists()
    services.apply_decisions(d0)
    assert Decision.objects.get(pk=start.pk).status == DecisionStatus.IN_FORCE
    assert Case.objects.get(pk=case.pk).state == "protection_active"
    assert _codes(selectors.active_assignments(d0).filter(case=case)) == {
        "alertering",
        "bewaken",
        "cameratoezicht",
        "beveiligd-vervoer",
    }
    # Upgrade (adjust to level 4) from d1: four eyes; until approved nothing ends.
    d1 = d0 + timedelta(days=10)
    up = services.create_decision(
        w.dm2,
        case.pk,
        b.start_data(
            w,
            decision_type="adjust",
            required_resistance=4,
            effective_date=d1,
            next_recalibration=d1 + timedelta(days=30),
        ),
    )
    assert up.needs_approval
    assert not SecurityAssignment.objects.filter(decision=start, ends_on__isnull=False).exists()
    services.approve_decision(w.dm1, up.pk)
    services.apply_decisions(d1 - timedelta(days=1))  # idempotent, nothing due yet
    assert _codes(selectors.active_assignments(d1 - timedelta(days=1)).filter(case=case)) == {
        "alertering",
        "bewaken",
        "cameratoezicht",
        "beveiligd-vervoer",
    }
    # From d1 only the replacement's measures demand capacity (pending ones too: planned).
    assert _codes(selectors.active_assignments(d1).filter(case=case)) == {
        "bewaken",
        "persoonsbeveiliging",
        "beveiligd-vervoer",
    }
    new = SecurityAssignment.objects.filter(decision=up)
    assert set(new.values_list("starts_on", flat=True)) == {d1}
    assert set(
        SecurityAssignment.objects.filter(decision=start).values_list("ends_on", flat=True)
    ) == {d1 - timedelta(days=1)}
    services.apply_decisions(d1)
    services.apply_decisions(d1)  # twice: same result
    assert Decision.objects.get(pk=start.pk).status == DecisionStatus.SUPERSEDED
    assert Decision.objects.get(pk=up.pk).status == DecisionStatus.IN_FORCE
    assert set(
        SecurityAssignment.objects.filter(decision=start).values_list("status", flat=True)
    ) == {AssignmentStatus.SUPERSEDED}
    # Stop from d2: the level-4 assignments end the day before, the case ends.
    d2 = d1 + timedelta(days=20)
    stop = services.create_decision(
        w.dm1,
        case.pk,
        b.start_data(
            w,
            decision_type="stop",
            required_resistance=None,
            effective_date=d2,
            next_recalibration=None,
        ),
    )
    services.approve_decision(w.dm2, stop.pk)
    day_before = selectors.active_assignments(d2 - timedelta(days=1))
    assert day_before.filter(case=case).count() == new.count()
    services.apply_decisions(d2)
    assert not selectors.active_assignments(d2).filter(case=case).exists()
    assert not SecurityAssignment.objects.filter(
        case=case, status__in=("pending", "acknowledged", "active")
    ).exists()
    assert Decision.objects.get(pk=up.pk).status == DecisionStatus.ENDED
    assert Case.objects.get(pk=case.pk).state == "ended"


def test_replacement_keeps_cover_without_gap_and_acknowledged_become_active() -> None:
    w = b.world()
    case, _ = b.decided_case(w)
    start = services.approve_decision(
        w.dm2, services.create_decision(w.dm1, case.pk, b.start_data(w)).pk
    )
    a = b.assignment(start, executing_organisation=w.police)
    services.acknowledge_assignment(w.police_liaison, a.pk, note="Eenheid Teststad pakt op")
    assert SecurityAssignment.objects.get(pk=a.pk).status == AssignmentStatus.ACTIVE
    d1 = TODAY() + timedelta(days=5)
    down = services.create_decision(
        w.dm1,
        case.pk,
        b.start_data(
            w,
            decision_type="scale_down",
            required_resistance=2,
            effective_date=d1,
            next_recalibration=d1 + timedelta(days=90),
        ),
    )
    assert down.needs_approval
    services.approve_decision(w.dm2, down.pk)
    for day in (d1 - timedelta(days=1), d1):  # every day is covered by exactly one decision
        services.apply_decisions(day)
        covering = {x.decision_id for x in selectors.active_assignments(day).filter(case=case)}
        assert covering == ({start.pk} if day < d1 else set()) or covering == {down.pk}
    assert SecurityAssignment.objects.filter(decision=down).count() == 2  # level 2: two measures


def test_stop_refused_while_another_decision_waits() -> None:
    w = b.world()
    case, _ = b.decided_case(w)
    services.create_decision(w.dm1, case.pk, b.start_data(w))
    with pytest.raises(InvalidTransition):
        services.create_decision(w.dm2, case.pk, b.start_data(w))


def test_measures_touching_local_powers_need_the_authority() -> None:
    w = b.world()
    case, _ = b.decided_case(w)
    with pytest.raises(ValidationFailed) as exc:
        services.create_decision(w.dm1, case.pk, b.start_data(w, municipality=None))
    assert "municipality" in {p.name for p in exc.value.invalid_params}
