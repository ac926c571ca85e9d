"""Every indicator against figures computed by hand on a generated world (known timestamps)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from weerstand.oversight import indicators
from weerstand.oversight.indicators import INDICATORS, case_ids, compute, national_value
from weerstand.oversight.tests import builders as b
from weerstand.oversight.tests.builders import Q1, at

pytestmark = pytest.mark.django_db

OC, TR = "organised_crime", "terrorism"


def by_phenomenon(code: str) -> dict[str, tuple[int, int]]:
    return national_value(code, *Q1, breakdown="phenomenon")


def cases_of(code: str) -> set[int]:
    return set(case_ids(code, *Q1).values_list("pk", flat=True))


def test_registry_codes_are_kebab_case_with_a_label_and_a_deadline() -> None:
    assert len(INDICATORS) >= 15
    for code, ind in INDICATORS.items():
        assert code == ind.code
        assert code.replace("-", "").isalnum() and code == code.lower()
        assert str(ind.label) and str(ind.measures)
        assert ind.kind in (indicators.SHARE, indicators.MEDIAN_DAYS)


def test_signal_triage_on_time() -> None:
    w = b.world()
    b.signal(w, w.oc, at(1, 10), at(1, 9))  # on time
    b.signal(w, w.oc, at(1, 20), at(1, 21))  # late
    b.signal(w, w.tr, at(2, 5), None)  # never triaged, deadline passed: a miss
    b.signal(w, None, at(3, 1), at(2, 28))  # no case, on time
    b.signal(w, w.oc, at(4, 2), at(4, 1))  # outside Q1
    pending = timezone.now() + timedelta(days=2)
    b.signal(w, w.oc, pending, None)  # deadline ahead: counts nowhere yet
    assert national_value("signal-triage-on-time", *Q1) == {"": (2, 4)}
    assert by_phenomenon("signal-triage-on-time") == {
        OC: (1, 2),
        TR: (0, 1),
        indicators.NO_PHENOMENON: (1, 1),
    }
    today = timezone.localdate()
    ahead = national_value("signal-triage-on-time", today, today + timedelta(days=5))
    assert ahead == {"": (0, 0)}
    assert cases_of("signal-triage-on-time") == {w.oc.pk, w.tr.pk}
    months = compute("signal-triage-on-time", *Q1, period="month")
    assert {k: (c.numerator, c.denominator) for k, c in months.items()} == {
        (date(2025, 1, 1), ""): (1, 2),
        (date(2025, 2, 1), ""): (0, 1),
        (date(2025, 3, 1), ""): (1, 1),
    }


def test_case_triage_days_is_the_median_from_referral_to_advice() -> None:
    w = b.world()
    third = b.world().oc
    b.advice(w.oc, at(1, 1), at(1, 3))  # 2 days
    b.advice(w.tr, at(1, 10), at(1, 20))  # 10 days
    b.advice(third, at(2, 1), at(2, 5))  # 4 days
    assert national_value("case-triage-days", *Q1) == {"": (4, 3)}
    assert by_phenomenon("case-triage-days") == {OC: (3, 2), TR: (10, 1)}
    assert cases_of("case-triage-days") == {w.oc.pk, w.tr.pk, third.pk}


def test_rfi_answered_by_the_due_date() -> None:
    w = b.world()
    b.rfi(w, w.oc, date(2025, 1, 15), at(1, 15, 18))  # on the due date: on time
    b.rfi(w, w.oc, date(2025, 2, 1), at(2, 3))  # late
    b.rfi(w, w.tr, date(2025, 3, 1), None)  # open past due: a miss
    b.rfi(w, w.tr, date(2025, 3, 2), None, status="cancelled")  # withdrawn: not counted
    b.rfi(w, w.tr, date(2025, 5, 1), at(4, 1))  # outside Q1
    assert national_value("rfi-on-time", *Q1) == {"": (1, 3)}
    assert by_phenomenon("rfi-on-time") == {OC: (1, 2), TR: (0, 1)}


def test_recalibration_on_time() -> None:
    w = b.world()
    third = b.world().oc
    # Due 1 Feb, recalibrated 25 Jan: on time.
    b.assessment(w, w.oc, at(1, 1), next_recalibration=date(2025, 2, 1), status="superseded")
    b.assessment(w, w.oc, at(1, 25), next_recalibration=date(2025, 6, 1))
    # Due 1 Mar, recalibrated 10 Mar: late.
    b.assessment(w, w.tr, at(1, 2), next_recalibration=date(2025, 3, 1), status="superseded")
    b.assessment(w, w.tr, at(3, 10), next_recalibration=date(2025, 9, 1))
    # Due 15 Mar, never recalibrated: a miss.
    b.assessment(w, third, at(1, 3), next_recalibration=date(2025, 3, 15))
    # Due 20 Mar, but the case ended before: no recalibration due.
    ended = b.world().tr
    b.assessment(w, ended, at(1, 4), next_recalibration=date(2025, 3, 20))
    ended.__class__.objects.filter(pk=ended.pk).update(ended_at=at(3, 1))
    assert national_value("recalibration-on-time", *Q1) == {"": (1, 3)}
    assert by_phenomenon("recalibration-on-time") == {OC: (1, 2), TR: (0, 1)}


def test_share_of_assessments_challenged_and_senior_checked() -> None:
    w = b.world()
    b.assessment(w, w.oc, at(1, 5), challenged=True, senior_checked=True)
    b.assessment(w, w.oc, at(2, 5), challenged=True)
    b.assessment(w, w.tr, at(3, 5), senior_checked=True, status="superseded")
    b.assessment(w, w.tr, at(3, 6))
    b.assessment(w, w.tr, at(3, 7), challenged=True, status="draft")  # not finalised
    b.assessment(w, w.tr, at(4, 7), challenged=True)  # outside Q1
    assert national_value("assessment-challenged", *Q1) == {"": (2, 4)}
    assert national_value("assessment-senior-checked", *Q1) == {"": (2, 4)}
    assert by_phenomenon("assessment-challenged") == {OC: (2, 2), TR: (0, 2)}
    assert by_phenomenon("assessment-senior-checked") == {OC: (1, 2), TR: (1, 2)}


def test_decision_days_after_the_assessment() -> None:
    w = b.world()
    a1 = b.assessment(w, w.oc, at(1, 1))
    a2 = b.assessment(w, w.tr, at(1, 1))
    b.decision(w, w.oc, at(1, 4), assessment=a1)  # 3 days
    b.decision(w, w.tr, at(1, 8), assessment=a2)  # 7 days
    b.decision(w, w.tr, at(1, 9), assessment=a2, status="rejected")  # not taken
    b.decision(w, w.tr, at(1, 9))  # no assessment: not measured
    assert national_value("decision-days", *Q1) == {"": (5, 2)}
    assert by_phenomenon("decision-days") == {OC: (3, 1), TR: (7, 1)}


def test_assignments_acknowledged_and_staffed_on_time() -> None:
    w = b.world()
    b.assignment(w, w.oc, ack_before=at(1, 10), acked=at(1, 9), staffed=at(1, 10))
    b.assignment(w, w.oc, ack_before=at(2, 10), acked=at(2, 11), staffed=at(2, 14))
    b.assignment(w, w.tr, ack_before=at(3, 10))  # never acknowledged nor staffed: misses
    b.assignment(w, w.tr, ack_before=at(3, 11), status="superseded")  # replaced before: none
    assert national_value("assignment-acknowledged-on-time", *Q1) == {"": (1, 3)}
    assert national_value("assignment-staffed-on-time", *Q1) == {"": (1, 3)}
    assert by_phenomenon("assignment-acknowledged-on-time") == {OC: (1, 2), TR: (0, 1)}


def test_objections_decided_on_time_and_their_outcomes() -> None:
    w = b.world()
    b.objection(w, w.oc, date(2025, 1, 31), decided=at(1, 30), outcome="unfounded")
    b.objection(w, w.oc, date(2025, 2, 28), decided=at(3, 3), outcome="founded")  # late
    # Lawfully extended to 20 Mar and decided then: on time.
    b.objection(w, w.tr, date(2025, 2, 1), extended=date(2025, 3, 20), decided=at(3, 20),
                outcome="partly_founded")  # fmt: skip
    b.objection(w, w.tr, date(2025, 3, 10))  # undecided past the deadline: a miss
    b.objection(w, w.tr, date(2025, 3, 11), status="withdrawn")  # withdrawn: not counted
    assert national_value("objection-on-time", *Q1) == {"": (2, 4)}
    assert by_phenomenon("objection-on-time") == {OC: (1, 2), TR: (1, 2)}
    # Outcomes of the three decided in Q1: founded and partly founded count.
    assert national_value("objection-founded", *Q1) == {"": (2, 3)}


def test_package_deviations() -> None:
    w = b.world()
    b.decision(w, w.oc, at(1, 5), package=True, deviation=True)
    b.decision(w, w.oc, at(1, 6), package=True)
    b.decision(w, w.tr, at(2, 6), package=True)
    b.decision(w, w.tr, at(2, 7))  # no package: not counted
    b.decision(w, w.tr, at(2, 8), package=True, deviation=True, status="draft")  # not taken
    assert national_value("package-deviation", *Q1) == {"": (1, 3)}
    assert by_phenomenon("package-deviation") == {OC: (1, 2), TR: (0, 1)}


def test_capacity_shortfall_and_displacement_from_the_latest_published_plan() -> None:
    w = b.world()
    old = b.plan_run(at(1, 1))
    new = b.plan_run(at(1, 15))
    draft = b.plan_run(at(1, 20), published=False)
    d1, d2, d3 = date(2025, 1, 20), date(2025, 1, 21), date(2025, 2, 2)
    b.coverage(w, old, w.oc, "BO-A", d1, 2, 1)  # replaced by the newer plan's day
    b.coverage(w, new, w.oc, "BO-A", d1, 2, 2)
    b.coverage(w, new, w.oc, "BO-A", d2, 2, 1)  # short
    b.coverage(w, old, w.tr, "BO-B", d3, 1, 0)  # short (no newer plan for that day)
    b.coverage(w, draft, w.tr, "BO-B", d2, 1, 0)  # unpublished: not counted
    assert national_value("capacity-shortfall", *Q1) == {"": (2, 3)}
    assert by_phenomenon("capacity-shortfall") == {OC: (1, 2), TR: (1, 1)}
    b.shortage(w, old, w.oc, "BO-A", d1, "higher_priority")  # replaced: not counted
    b.shortage(w, new, w.oc, "BO-A", d2, "higher_resistance")  # displaced
    b.shortage(w, old, w.tr, "BO-B", d3, "no_capacity")  # not displacement
    assert national_value("displaced-protection", *Q1) == {"": (1, 2)}


def test_displaced_persons_informed_on_time() -> None:
    w = b.world()
    # One task per plan and case (a constraint of the capacity app): a plan per task.
    b.inform_task(w, w.oc, b.plan_run(at(1, 1)), at(1, 10), at(1, 9))
    b.inform_task(w, w.oc, b.plan_run(at(2, 1)), at(2, 10), at(2, 12))  # late
    b.inform_task(w, w.tr, b.plan_run(at(3, 1)), at(3, 10), None)  # never done: a miss
    soon = timezone.now() + timedelta(hours=5)
    b.inform_task(w, w.tr, b.plan_run(at(3, 2)), soon, None)  # not yet due
    assert national_value("displaced-informed-on-time", *Q1) == {"": (1, 3)}
    assert by_phenomenon("displaced-informed-on-time") == {OC: (1, 2), TR: (0, 1)}


def test_experience_is_suppressed_below_the_minimum_group_and_never_drills_down() -> None:
    w = b.world()
    scores = [
        {"knew_whom_to_call": 5, "understood_why": 2},
        {"knew_whom_to_call": 4, "understood_why": 4},
        {"knew_whom_to_call": 1, "understood_why": 3},
        {"knew_whom_to_call": 5, "understood_why": 5},
    ]
    for i, s in enumerate(scores):
        b.questionnaire(w, w.oc, at(1, 10 + i), s)
    # Four questionnaires: under the minimum group of five, no figure.
    assert national_value("experience-positive", *Q1) == {"": (0, 0)}
    assert compute("experience-positive", *Q1)[(None, "")].suppressed
    b.questionnaire(w, w.tr, at(2, 1), {"knew_whom_to_call": 4, "understood_why": 1})
    # Five questionnaires, ten scale answers, six of them 4 or 5.
    assert national_value("experience-positive", *Q1) == {"": (6, 10)}
    # Per phenomenon each cell is below five again.
    assert by_phenomenon("experience-positive") == {OC: (0, 0), TR: (0, 0)}
    assert not case_ids("experience-positive", *Q1).exists()


def test_every_indicator_uses_a_few_queries_whatever_the_number_of_cases() -> None:
    w = b.world()
    for i in range(6):
        b.signal(w, w.oc if i % 2 else w.tr, at(1, 10 + i), at(1, 9 + i))
    for code in INDICATORS:
        with CaptureQueriesContext(connection) as ctx:
            compute(code, *Q1, period="month", breakdown="phenomenon")
        assert len(ctx.captured_queries) <= 3, code


def test_unknown_code_and_breakdown_are_refused() -> None:
    with pytest.raises(KeyError):
        national_value("bestaat-niet", *Q1)
    with pytest.raises(ValueError):
        national_value("rfi-on-time", *Q1, breakdown="organisation")
