"""Services of the integrated weighing and the independent review, without HTTP: every
interest required, versions, the stop outcome, who contributes what, every refusal of the
review, and the outline the reviewer sees."""

from __future__ import annotations

import pytest
from django.http import Http404

from weerstand import testing as t
from weerstand.audit.models import AuditAction
from weerstand.core.errors import (
    ConcurrencyConflict,
    InvalidTransition,
    NotPermitted,
    ValidationFailed,
)
from weerstand.crownwitness import services, weighings
from weerstand.crownwitness.models import Review, Trajectory, Weighing, WeighingContribution
from weerstand.crownwitness.tests.helpers import (
    Setup,
    add_member,
    add_reviewer,
    add_weerstand_person,
    open_trajectory,
    remove_member,
    weigh,
    weighing_data,
)
from weerstand.policy.models import CompartmentMembership

pytestmark = pytest.mark.django_db


# --- the weighing -------------------------------------------------------------------------


def test_each_weighing_is_a_new_version_latest_first() -> None:
    s = open_trajectory()
    first = weigh(s)
    second = weighings.record_weighing(
        s.om,
        s.trajectory.pk,
        weighing_data(safety_risks="Het beeld is veranderd sindsdien"),
        based_on=1,
    )
    assert (first.number, second.number) == (1, 2)
    assert [w.number for w in weighings.weighings_for(s.om2, s.trajectory)] == [2, 1]
    first.refresh_from_db()
    assert first.safety_risks.startswith("Afweging")  # the old version is kept as it was
    record = t.last_audit(object_type="crownwitness.weighing")
    assert record.action == AuditAction.CREATE and "veranderd" not in record.changes


@pytest.mark.parametrize(
    "name",
    [
        "prosecution_value",
        "witness_reliability",
        "safety_risks",
        "measures_needed",
        "state_capacity",
        "bearability",
        "ethical_consequences",
        "conclusion",
    ],
)
def test_no_interest_may_be_left_empty(name: str) -> None:
    s = open_trajectory()
    with pytest.raises(ValidationFailed) as exc:
        weighings.record_weighing(s.om, s.trajectory.pk, weighing_data(**{name: "  "}))
    api_name = dict((*weighings.INTERESTS, ("conclusion", "conclusion")))[name]
    assert [p.name for p in exc.value.invalid_params] == [api_name]
    assert not Weighing.objects.exists()


def test_outcome_must_be_continue_or_stop() -> None:
    s = open_trajectory()
    with pytest.raises(ValidationFailed):
        weighings.record_weighing(s.om, s.trajectory.pk, weighing_data("maybe"))


def test_stop_outcome_stops_the_trajectory_in_the_same_transaction() -> None:
    s = open_trajectory()
    weighing = weigh(s, "stop", conclusion="De risico's voor de kring zijn niet te dragen")
    trajectory = Trajectory.objects.get(pk=s.trajectory.pk)
    assert weighing.outcome == "stop" and trajectory.status == "stopped"
    transition = t.last_audit(object_type="crownwitness.trajectory")
    assert transition.action == AuditAction.TRANSITION
    with pytest.raises(InvalidTransition):  # nothing left to weigh
        weigh(s)


def test_stop_on_a_closed_trajectory_leaves_no_weighing() -> None:
    s = open_trajectory()
    services.change_status(s.om, s.trajectory.pk, "stopped", reason="Getuige trekt zich terug")
    with pytest.raises(InvalidTransition):
        weigh(s, "stop")
    assert not Weighing.objects.exists()


def test_based_on_an_outdated_version_is_a_conflict() -> None:
    s = open_trajectory()
    weigh(s)
    with pytest.raises(ConcurrencyConflict):
        weighings.record_weighing(s.om2, s.trajectory.pk, weighing_data(), based_on=0)
    assert Weighing.objects.count() == 1


def test_only_the_om_weighs_and_outsiders_get_404() -> None:
    s = open_trajectory()
    analyst = t.user("analyst")
    with pytest.raises(Http404):
        weighings.record_weighing(analyst, s.trajectory.pk, weighing_data())
    add_member(s, analyst)
    with pytest.raises(NotPermitted):
        weighings.record_weighing(analyst, s.trajectory.pk, weighing_data())
    with pytest.raises(Http404):
        weighings.record_weighing(t.user("om_officer"), s.trajectory.pk, weighing_data())
    assert not Weighing.objects.exists()


# --- contributions ------------------------------------------------------------------------


def test_experts_contribute_their_own_expertise() -> None:
    s = open_trajectory()
    analyst, lcc, dm = t.user("analyst"), t.user("lcc_coordinator"), t.user("decision_maker")
    for member in (analyst, lcc, dm):
        add_member(s, member)
    before = weighings.add_contribution(analyst, s.trajectory.pk, "safety", "Dreiging is reëel")
    assert before.weighing is None  # no weighing yet: the contribution stands on its own
    weigh(s)
    after = weighings.add_contribution(lcc, s.trajectory.pk, "protection", "Te leveren, krap")
    weighings.add_contribution(dm, s.trajectory.pk, "ethics", "Kinderen verliezen hun school")
    assert after.weighing is not None and after.weighing.number == 1
    assert weighings.contributions_for(s.om, s.trajectory).count() == 3
    with pytest.raises(NotPermitted):
        weighings.add_contribution(analyst, s.trajectory.pk, "protection", "Niet mijn vak hier")
    with pytest.raises(NotPermitted):
        weighings.add_contribution(lcc, s.trajectory.pk, "safety", "Niet mijn vak hier")
    assert t.last_audit(object_type="crownwitness.weighingcontribution").action == "create"


def test_contribution_refusals() -> None:
    s = open_trajectory()
    analyst = t.user("analyst")
    with pytest.raises(Http404):  # not a member
        weighings.add_contribution(analyst, s.trajectory.pk, "safety", "Dreiging is reëel")
    add_member(s, analyst)
    with pytest.raises(ValidationFailed):
        weighings.add_contribution(analyst, s.trajectory.pk, "safety", "kort")
    with pytest.raises(ValidationFailed):
        weighings.add_contribution(analyst, s.trajectory.pk, "astrology", "Dreiging is reëel")
    with pytest.raises(NotPermitted):  # the OM weighs, it does not contribute
        weighings.add_contribution(s.om, s.trajectory.pk, "ethics", "Ethiek van de OM-zijde")
    reviewer = add_reviewer(s)
    with pytest.raises(NotPermitted):
        weighings.add_contribution(reviewer, s.trajectory.pk, "ethics", "Ethiek van de toetser")
    services.change_status(s.om, s.trajectory.pk, "stopped", reason="Getuige trekt zich terug")
    with pytest.raises(InvalidTransition):
        weighings.add_contribution(analyst, s.trajectory.pk, "safety", "Dreiging is reëel")
    assert not WeighingContribution.objects.exists()


# --- the independent review ---------------------------------------------------------------


def _review(user: object, s: object, verdict: str = "positive", **kw: object) -> Review:
    return weighings.record_review(
        user,
        s.trajectory.pk,  # type: ignore[attr-defined]
        kw.pop("body", "independent_committee"),  # type: ignore[arg-type]
        verdict,
        kw.pop("reasons", "Weging is volledig en de afspraak is draagbaar"),  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )


def test_reviewer_reviews_the_latest_weighing_with_the_circle_size() -> None:
    s = open_trajectory()
    add_weerstand_person(s)
    add_weerstand_person(s, "Els", "Zus")
    weigh(s)
    weigh(s)
    reviewer = add_reviewer(s)
    review = _review(reviewer, s, expected_number=2)
    assert review.weighing.number == 2 and review.circle_size == 2
    assert review.verdict == "positive" and review.reviewer == reviewer
    assert t.last_audit(object_type="crownwitness.review").action == AuditAction.CREATE
    for reader in (s.om, reviewer):
        assert list(weighings.reviews_for(reader, s.trajectory)) == [review]


def test_review_refusals() -> None:
    om, om2 = t.user("om_officer"), t.user("om_officer")
    witness_case = t.case(t.user("analyst"), summary="Casus van de getuige", team=(om,))
    trajectory = services.open_trajectory(
        om,
        services.TrajectoryData(
            title="Traject Zaak", case=witness_case.pk, co_owner=om2.pk, reason="r" * 12
        ),
    )
    s = Setup(om, om2, trajectory)
    outsider = t.user("independent_reviewer")
    with pytest.raises(Http404):  # not a member: as if it did not exist
        _review(outsider, s)
    reviewer = add_reviewer(s)
    with pytest.raises(InvalidTransition):  # nothing to review yet
        _review(reviewer, s)
    weigh(s)
    with pytest.raises(ValidationFailed):
        _review(reviewer, s, reasons="te kort")
    with pytest.raises(ValidationFailed):
        _review(reviewer, s, verdict="maybe")
    with pytest.raises(ValidationFailed):
        _review(reviewer, s, body="neighbour")
    with pytest.raises(ConcurrencyConflict):
        _review(reviewer, s, expected_number=7)
    with pytest.raises(NotPermitted):  # the OM is not independent
        _review(s.om, s)
    analyst = t.user("analyst")
    add_member(s, analyst)
    with pytest.raises(NotPermitted):  # no reviewer grant
        _review(analyst, s)
    om_reviewer = t.user("independent_reviewer", "om_officer")
    add_member(s, om_reviewer)
    with pytest.raises(NotPermitted):
        _review(om_reviewer, s)
    team_reviewer = add_reviewer(s)
    CompartmentMembership.objects.create(compartment=witness_case.team, user=team_reviewer)
    with pytest.raises(NotPermitted):  # in the witness's own case team
        _review(team_reviewer, s)
    contributing = t.user("independent_reviewer", "analyst")
    add_member(s, contributing)
    weighings.add_contribution(contributing, s.trajectory.pk, "safety", "Dreiging is reëel hier")
    with pytest.raises(NotPermitted):  # took part in the weighing
        _review(contributing, s)
    weighing_reviewer = t.user("independent_reviewer")
    add_member(s, weighing_reviewer)
    Weighing.objects.filter(number=1).update(recorded_by=weighing_reviewer)
    with pytest.raises(NotPermitted):  # recorded a weighing
        _review(weighing_reviewer, s)
    assert not Review.objects.exists()
    remove_member(s, reviewer)
    with pytest.raises(Http404):  # removed: loses access at once
        _review(reviewer, s)
    stopped = open_trajectory()
    weigh(stopped, "stop")
    late = add_reviewer(stopped)
    with pytest.raises(InvalidTransition):
        _review(late, stopped)
    assert not Review.objects.exists()


def test_outline_has_no_names_and_no_description() -> None:
    s = open_trajectory(description="Geheime omschrijving van de deal")
    add_weerstand_person(s, "Geheime", "Naamdrager")
    reviewer = add_reviewer(s)
    outline = weighings.read_outline(reviewer, s.trajectory.pk)
    assert outline.title == "Traject Test" and outline.circle_size == 1
    assert outline.circle[0].relation == "sibling" and not outline.circle[0].in_programme
    assert "Naamdrager" not in repr(outline) and "Geheime" not in repr(outline)
    assert t.last_audit(object_type="crownwitness.trajectory").action == AuditAction.READ
    # The reviewer sees no trajectory row and no circle person through the policy.
    assert not services.trajectories_for(reviewer).exists()
    assert not services.circle_for(reviewer, s.trajectory).exists()
    with pytest.raises(Http404):
        services.read_trajectory(reviewer, s.trajectory.pk)
    assert list(weighings.outlines_for(reviewer)) == [s.trajectory]
    with pytest.raises(Http404):
        weighings.read_outline(t.user("independent_reviewer"), s.trajectory.pk)
    with pytest.raises(Http404):  # other roles have no outline grant outside
        weighings.read_outline(t.user("inspector"), s.trajectory.pk)
