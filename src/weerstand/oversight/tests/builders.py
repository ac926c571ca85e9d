"""A generated world for the quality monitor: rows written directly with known timestamps
(set-up, like `testing.case(state=...)`), so every figure can be computed by hand.

Every timestamp lies in 2025 (always in the past), in Europe/Amsterdam local time.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from weerstand import testing as t

_seq = itertools.count(1)
Q1 = (date(2025, 1, 1), date(2025, 3, 31))


def at(month: int, day: int, hour: int = 12, year: int = 2025) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour), timezone.get_current_timezone())


@dataclass
class World:
    analyst: Any
    decider: Any
    oc: Any  # an organised-crime case
    tr: Any  # a terrorism case


def world() -> World:
    analyst = t.user("analyst")
    decider = t.user("decision_maker")
    oc = t.case(analyst, phenomenon="organised_crime", state="protection_active")
    tr = t.case(analyst, phenomenon="terrorism", state="protection_active")
    return World(analyst, decider, oc, tr)


def signal(w: World, case: Any, deadline: datetime, triaged: datetime | None) -> Any:
    from weerstand.signals.models import Signal

    return Signal.objects.create(
        reference=f"SG-T-{next(_seq):05d}",
        case=case,
        reported_by=w.analyst,
        reporter_kind="officer",
        kind="observation",
        what="Een auto stond lang voor de deur.",
        happened_at=deadline - timedelta(days=2),
        certainty="fairly_sure",
        reliability="B",
        credibility=2,
        triage_deadline=deadline,
        triaged_at=triaged,
        status="triaged" if triaged else "new",
        created_at=deadline - timedelta(days=1),
    )


def advice(case: Any, referred: datetime, advised: datetime) -> Any:
    from weerstand.cases.models import Case, CaseEvent

    Case.objects.filter(pk=case.pk).update(referred_at=referred)
    return CaseEvent.objects.create(
        case=case, at=advised, actor_name="Analist", kind="advise_authority", reason="Advies."
    )


def rfi(w: World, case: Any, due: date, answered: datetime | None, status: str = "") -> Any:
    from weerstand.gaps.models import Gap, InformationRequest
    from weerstand.information.models import LegalBasis

    basis, _ = LegalBasis.objects.get_or_create(
        code="wpg-test", defaults={"name": "Wpg", "law": "art. 16 Wpg"}
    )
    gap = Gap.objects.create(
        case=case, description="Onbekend", why_it_matters="Belangrijk", created_by=w.analyst
    )
    return InformationRequest.objects.create(
        reference=f"RFI-T-{next(_seq):05d}",
        gap=gap,
        case=case,
        addressee=t.org("police", code="politie-test"),
        legal_basis=basis,
        question="Wat weet u?",
        due_date=due,
        answered_at=answered,
        status=status or ("answered" if answered else "open"),
        created_by=w.analyst,
    )


def assessment(
    w: World,
    case: Any,
    finalised: datetime,
    *,
    next_recalibration: date | None = None,
    challenged: bool = False,
    senior_checked: bool = False,
    status: str = "finalised",
) -> Any:
    from weerstand.assessments.models import Assessment, Challenge

    a = Assessment.objects.create(
        case=case,
        number=next(_seq),
        author=w.analyst,
        status=status,
        threat_level=3,
        recommended_resistance=2,
        finalised_at=finalised,
        next_recalibration=next_recalibration,
        senior_checked_at=finalised - timedelta(hours=1) if senior_checked else None,
    )
    if challenged:
        Challenge.objects.create(assessment=a, challenger=w.decider)
    return a


def decision(
    w: World,
    case: Any,
    decided: datetime,
    *,
    assessment: Any = None,
    status: str = "in_force",
    package: bool = False,
    deviation: bool = False,
) -> Any:
    from weerstand.catalogue.models import Measure, Package
    from weerstand.decisions.models import Decision, Deviation

    d = Decision.objects.create(
        reference=f"BS-T-{next(_seq):05d}",
        case=case,
        assessment=assessment,
        decision_type="start",
        required_resistance=2,
        reasoning="Motivering.",
        effective_date=timezone.localdate(decided),
        status=status,
        decided_by=w.decider,
        decided_at=decided,
    )
    if package:
        pkg, _ = Package.objects.get_or_create(
            code="oc-basis-test",
            defaults={
                "name": "Basis",
                "effective_from": date(2020, 1, 1),
                "phenomenon": "organised_crime",
                "resistance_level": 2,
            },
        )
        d.packages.add(pkg)
    if deviation:
        m, _ = Measure.objects.get_or_create(
            code="camera-test", defaults={"name": "Camera", "effective_from": date(2020, 1, 1)}
        )
        Deviation.objects.create(decision=d, measure=m, kind="added", reasoning="Nodig.")
    return d


def assignment(
    w: World,
    case: Any,
    *,
    ack_before: datetime,
    acked: datetime | None = None,
    staff_before: datetime | None = None,
    staffed: datetime | None = None,
    status: str = "active",
) -> Any:
    from weerstand.catalogue.models import Measure
    from weerstand.decisions.models import SecurityAssignment

    m, _ = Measure.objects.get_or_create(
        code="persoonsbeveiliging-test",
        defaults={"name": "Persoonsbeveiliging", "effective_from": date(2020, 1, 1)},
    )
    d = decision(w, case, ack_before - timedelta(days=1))
    return SecurityAssignment.objects.create(
        reference=f"BO-T-{next(_seq):05d}",
        decision=d,
        case=case,
        measure=m,
        executing_organisation=t.org("police", code="politie-test"),
        starts_on=timezone.localdate(ack_before),
        status=status,
        acknowledge_before=ack_before,
        acknowledged_at=acked,
        staffed_before=staff_before or ack_before + timedelta(days=1),
        staffed_at=staffed,
    )


def objection(
    w: World,
    case: Any,
    deadline: date,
    *,
    decided: datetime | None = None,
    extended: date | None = None,
    outcome: str = "",
    status: str = "",
) -> Any:
    from weerstand.rights.models import Objection

    d = decision(w, case, at(1, 2))
    return Objection.objects.create(
        reference=f"BZ-T-{next(_seq):05d}",
        decision=d,
        case=case,
        objector_name="Indiener",
        channel="paper",
        received_on=deadline - timedelta(weeks=6),
        grounds="Ik ben het er niet mee eens.",
        letter_date=deadline - timedelta(weeks=8),
        objection_period_ends=deadline - timedelta(weeks=2),
        deadline=deadline,
        extended_until=extended,
        decided_at=decided,
        outcome=outcome,
        status=status or ("decided" if decided else "in_treatment"),
    )


def plan_run(published_at: datetime, *, published: bool = True) -> Any:
    from weerstand.capacity.models import PlanRun

    return PlanRun.objects.create(
        horizon_start=timezone.localdate(published_at),
        days=28,
        time_limit=5.0,
        status="OPTIMAL",
        published=published,
        published_at=published_at if published else None,
    )


def coverage(
    w: World, run: Any, case: Any, ref: str, day: date, required: int, covered: int
) -> Any:
    from weerstand.capacity.models import PlanCoverage

    a = _capacity_assignment(w, case, ref)
    return PlanCoverage.objects.create(
        run=run,
        assignment=a,
        assignment_reference=ref,
        case=case,
        executing_organisation=a.executing_organisation,
        date=day,
        required=required,
        covered=covered,
    )


def shortage(w: World, run: Any, case: Any, ref: str, day: date, rule: str) -> Any:
    from weerstand.capacity.models import Shortage

    a = _capacity_assignment(w, case, ref)
    return Shortage.objects.create(
        run=run,
        assignment=a,
        assignment_reference=ref,
        case=case,
        executing_organisation=a.executing_organisation,
        date=day,
        shift="E",
        priority=5,
        required=2,
        covered=1,
        missing=1,
        binding="officers",
        priority_rule=rule,
    )


_ASSIGNMENTS: dict[tuple[int, str], Any] = {}


def _capacity_assignment(w: World, case: Any, ref: str) -> Any:
    from weerstand.decisions.models import SecurityAssignment

    found = SecurityAssignment.objects.filter(reference=ref).first()
    if found is not None:
        return found
    a = assignment(w, case, ack_before=at(1, 1), acked=at(1, 1, 10))
    SecurityAssignment.objects.filter(pk=a.pk).update(reference=ref)
    a.refresh_from_db()
    return a


def inform_task(w: World, case: Any, run: Any, deadline: datetime, done: datetime | None) -> Any:
    from weerstand.capacity.models import InformTask

    return InformTask.objects.create(
        case=case,
        assignee=w.analyst,
        run=run,
        summary="Tekort op 3 februari",
        deadline=deadline,
        done_at=done,
        status="done" if done else "open",
    )


def questionnaire(w: World, case: Any, responded: datetime, scores: dict[str, int]) -> Any:
    from weerstand.experience.models import ExperienceAnswer, ExperienceQuestionnaire

    person = t.person("Ervaar", f"Der{next(_seq)}")
    q = ExperienceQuestionnaire.objects.create(
        case=case,
        person=person,
        recipient=w.analyst,
        decision=decision(w, case, responded - timedelta(days=10), status="ended"),
        trigger="stop",
        status="answered",
        invited_at=responded - timedelta(days=5),
        responded_at=responded,
        open_answer="VRIJE-TEKST-NOOIT-TONEN",
    )
    for code, score in scores.items():
        ExperienceAnswer.objects.create(questionnaire=q, question=code, score=score)
    return q
