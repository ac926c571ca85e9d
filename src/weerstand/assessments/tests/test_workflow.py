"""The workflow rules of the integrated threat picture, through the services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from weerstand import testing as t
from weerstand.assessments import services
from weerstand.assessments.models import (
    Assessment,
    AssessmentRules,
    Assumption,
    ImmutableVersion,
    Scenario,
)
from weerstand.assessments.tests import builders as b
from weerstand.cases.models import Case
from weerstand.core.errors import InvalidTransition, NotPermitted, ValidationFailed

pytestmark = pytest.mark.django_db


def test_full_flow_finalises_and_sets_recalibration() -> None:
    w = b.world()
    a = b.finalised(w, level=3)
    assert a.status == "finalised"
    assert a.next_recalibration == timezone.localdate() + timedelta(days=60)
    case = Case.objects.get(pk=w.case.pk)
    assert case.next_recalibration == a.next_recalibration
    assert services.latest_finalised(w.case) == a
    assert a.unresolved_disagreement == ""
    # The draft took its factors from the template in force and the citation its grading.
    assert a.factor_judgements.count() == 2
    assert a.product_citations.get().grading == "B2"


def test_author_cannot_challenge_own_version() -> None:
    w = b.world()
    a = b.drafted(w)
    services.submit_for_challenge(w.author, a.pk)
    with pytest.raises(NotPermitted, match="eigen"):
        services.record_challenge(w.author, a.pk, b.challenge_data())
    # Someone outside the case team cannot either (and does not even see it).
    from django.http import Http404

    with pytest.raises(Http404):
        services.record_challenge(w.outsider, a.pk, b.challenge_data())


def test_no_finalise_without_challenge() -> None:
    w = b.world()
    a = b.drafted(w)
    with pytest.raises(InvalidTransition):
        services.finalise(w.author, a.pk)
    services.submit_for_challenge(w.author, a.pk)
    with pytest.raises(InvalidTransition):
        services.finalise(w.author, a.pk)
    assert Assessment.objects.get(pk=a.pk).status == "challenge"


def test_complex_case_needs_senior_check() -> None:
    w = b.world()
    a = b.answered(w, level=4)  # threat level >= 4 makes it complex
    assert a.is_complex and "dreigingsniveau 4" in a.complexity_reasons
    with pytest.raises(InvalidTransition, match="complexe casus"):
        services.finalise(w.author, a.pk)
    services.request_senior_check(w.author, a.pk)
    with pytest.raises(InvalidTransition):
        services.finalise(w.author, a.pk)
    with pytest.raises(NotPermitted):  # an ordinary analyst is not a senior
        services.record_senior_check(w.challenger, a.pk, note="Akkoord na controle.")
    services.record_senior_check(w.senior, a.pk, note="Akkoord na controle.")
    a = services.finalise(w.author, a.pk)
    assert a.status == "finalised" and a.senior_checked_by == w.senior
    assert a.next_recalibration == timezone.localdate() + timedelta(days=30)


def test_senior_cannot_check_own_version() -> None:
    w = b.world()
    w.author = w.senior  # the senior writes; another senior must check
    a = b.answered(w, level=5)
    services.request_senior_check(w.senior, a.pk)
    with pytest.raises(NotPermitted, match="eigen"):
        services.record_senior_check(w.senior, a.pk, note="Eigen controle.")


@pytest.mark.parametrize("criterion", ["crown_witness", "phenomena", "incident"])
def test_complexity_criteria(criterion: str) -> None:
    w = b.world()
    if criterion == "crown_witness":
        t.restrict(w.case, "crown_witness", members=(w.author, w.challenger, w.senior))
    elif criterion == "phenomena":
        w.product.phenomenon = "terrorism"
        w.product.save()
    else:
        from weerstand.signals.models import Signal

        Signal.objects.create(
            reference="SIG-T-1",
            case=w.case,
            reported_by=w.author,
            reporter_kind="officer",
            kind="incident",
            what="Ruit ingegooid",
            happened_at=timezone.now() - timedelta(days=2),
            certainty="sure",
            reliability="B",
            credibility=2,
            triage_deadline=timezone.now(),
        )
    a = b.answered(w, level=2)
    assert a.is_complex, a.complexity_reasons
    rules = AssessmentRules.objects.create(
        complex_crown_witness=False, complex_multiple_phenomena=False, complex_incident_days=0
    )
    assert services.complexity(a) == (False, [])
    rules.delete()


def test_finalised_versions_cannot_change() -> None:
    w = b.world()
    a = b.finalised(w)
    with pytest.raises(ImmutableVersion):
        services.update_assessment(
            w.author, a.pk, {"summary": "anders"}, expected_version=a.version
        )
    # The model-level guard holds even for code that bypasses the services.
    a.summary = "stiekem anders"
    with pytest.raises(ImmutableVersion):
        a.save()
    scenario = Scenario.objects.get(assessment=a)
    scenario.title = "anders"
    with pytest.raises(ImmutableVersion):
        scenario.save()
    with pytest.raises(ImmutableVersion):
        Assumption.objects.get(assessment=a).delete()
    assert Assessment.objects.get(pk=a.pk).summary != "stiekem anders"


def test_unresolved_disagreement_is_kept() -> None:
    w = b.world()
    a = b.finalised(w, position="disagree")
    assert "Niveau 3 is te laag" in a.unresolved_disagreement
    assert "Oneens" in a.unresolved_disagreement


def test_recalibration_copies_and_supersedes() -> None:
    w = b.world(state="protection_active")
    first = b.finalised(w)
    second = services.start_version(w.author, w.case.pk, reason="Periodieke herijking")
    assert second.number == 2 and second.previous == first and second.status == "draft"
    assert second.scenarios.count() == 1 and second.assumptions.count() == 1
    assert second.product_citations.count() == 1 and second.summary == first.summary
    with pytest.raises(InvalidTransition):  # one open version per case
        services.start_version(w.author, w.case.pk)
    second = services.update_assessment(
        w.author, second.pk, {"threat_level": 2}, expected_version=second.version
    )
    services.submit_for_challenge(w.author, second.pk)
    services.record_challenge(w.challenger, second.pk, b.challenge_data(points=False))
    services.answer_challenge(w.author, second.pk, {})
    second = services.finalise(w.author, second.pk)
    assert Assessment.objects.get(pk=first.pk).status == "superseded"
    from weerstand.assessments.diff import compare

    changes = compare(first, second)
    assert any(r["old"].startswith("3") and r["new"].startswith("2") for r in changes["fields"])


def test_completeness_and_explicit_no_gaps() -> None:
    w = b.world()
    a = services.start_version(w.author, w.case.pk)
    with pytest.raises(ValidationFailed) as exc:
        services.submit_for_challenge(w.author, a.pk)
    names = {p.name for p in exc.value.invalid_params}
    assert {"threatLevel", "scenarios", "assumptions", "gaps"} <= names
    content = b.full_content(w)
    content["gaps"] = []
    a = services.update_assessment(w.author, a.pk, content, expected_version=a.version)
    with pytest.raises(ValidationFailed):  # silence about gaps is not a statement
        services.submit_for_challenge(w.author, a.pk)
    a = services.update_assessment(
        w.author,
        a.pk,
        {"no_gaps": True, "no_gaps_reason": "Alle vragen beantwoord door de partners."},
        expected_version=a.version,
    )
    assert services.submit_for_challenge(w.author, a.pk).status == "challenge"


def test_stale_version_changes_nothing() -> None:
    from weerstand.core.errors import ConcurrencyConflict

    w = b.world()
    a = b.drafted(w)
    with pytest.raises(ConcurrencyConflict):
        services.update_assessment(w.author, a.pk, {"summary": "x" * 10}, expected_version=1)
    assert Assessment.objects.get(pk=a.pk).summary.startswith("Concrete")


def test_decision_maker_and_inspector_cannot_edit() -> None:
    w = b.world()
    a = b.drafted(w)
    for user in (w.decider, w.inspector):
        with pytest.raises(Exception) as exc:
            services.update_assessment(
                user, a.pk, {"summary": "x" * 10}, expected_version=a.version
            )
        assert exc.type.__name__ in ("Http404", "NotPermitted")
        with pytest.raises(Exception) as exc:
            services.start_version(user, w.case.pk)
        assert exc.type.__name__ in ("Http404", "NotPermitted", "InvalidTransition")
    w = b.world()
    final = b.finalised(w)
    with pytest.raises(NotPermitted):
        services.update_assessment(w.decider, final.pk, {"summary": "x" * 10}, expected_version=1)
    assert Assessment.objects.visible_to(w.decider).filter(pk=final.pk).exists()
    assert Assessment.objects.visible_to(w.inspector).filter(pk=final.pk).exists()


def test_decision_maker_sees_only_final_versions() -> None:
    w = b.world()
    a = b.drafted(w)
    assert not Assessment.objects.visible_to(w.decider).filter(pk=a.pk).exists()
    assert Assessment.objects.visible_to(w.inspector).filter(pk=a.pk).exists()
    assert not Assessment.objects.visible_to(w.outsider).filter(pk=a.pk).exists()


def test_higher_classified_citation_raises_classification() -> None:
    w = b.world()
    secret = b.product(w.case, classification=3)
    a = b.drafted(w)
    a = services.update_assessment(
        w.author, a.pk, {"products": [{"product": secret.pk}]}, expected_version=a.version
    )
    assert a.classification == 3
    low = t.user("analyst", clearance=1)
    from weerstand.policy.models import CompartmentMembership

    CompartmentMembership.objects.create(compartment=w.case.team, user=low)
    assert not Assessment.objects.visible_to(low).filter(pk=a.pk).exists()


def test_method_template_versions() -> None:
    w = b.world()
    with pytest.raises(NotPermitted):
        services.new_template_version(
            w.author,
            "organised_crime",
            name="Nieuw",
            description="",
            effective_from=timezone.localdate(),
            factor_lines="factor | motief | Motief",
        )
    tpl = services.new_template_version(
        w.senior,
        "organised_crime",
        name="Nieuw",
        description="",
        effective_from=timezone.localdate(),
        factor_lines="factor | motief | Motief | weeg\nwarning_behaviour | fixatie | Fixatie",
    )
    assert tpl.version == 2 and services.template_in_force("organised_crime") == tpl
    a = services.start_version(w.author, w.case.pk)
    assert a.template == tpl and a.factor_judgements.count() == 2
    with pytest.raises(ValidationFailed):
        services.parse_factor_lines("onzin | x | y")


def test_free_text_is_encrypted_at_rest() -> None:
    from django.db import connection

    w = b.world()
    a = b.finalised(w, position="disagree")
    with connection.cursor() as cur:
        cur.execute("SELECT statement, basis FROM assessments_assumption")
        rows = cur.fetchall()
        cur.execute("SELECT actor, intent FROM assessments_scenario")
        rows += cur.fetchall()
        cur.execute("SELECT answer FROM assessments_challengepoint WHERE answer <> ''")
        rows += cur.fetchall()
        cur.execute("SELECT summary, unresolved_disagreement FROM assessments_assessment")
        rows += cur.fetchall()
    values = [v for row in rows for v in row if v]
    assert len(values) >= 7 and all(v.startswith("enc:v") for v in values)
    assert a.unresolved_disagreement  # decrypted again by the ORM
