"""Services of the integrated weighing and the independent review of a trajectory.

The OM weighs the interests side by side as equals, in versions that are never edited; the
experts contribute; a reviewer outside investigation and prosecution reviews the latest
version. Every read and write passes the policy and leaves an audit record; pages and API
handlers only call these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max, QuerySet
from django.http import Http404

from weerstand.accounts.roles import Role
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.errors import (
    ConcurrencyConflict,
    InvalidParam,
    InvalidTransition,
    NotPermitted,
    ValidationFailed,
    require_reason,
)
from weerstand.crownwitness import rules, services
from weerstand.crownwitness.models import (
    CirclePerson,
    Coverage,
    ExpertKind,
    Review,
    ReviewBody,
    ReviewVerdict,
    Trajectory,
    TrajectoryStatus,
    Weighing,
    WeighingContribution,
    WeighingOutcome,
)
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource

MIN_TEXT = 10
CLOSED = (TrajectoryStatus.PUBLISHED, TrajectoryStatus.STOPPED)

# The interests of the weighing, as equals: (model field, API name). None may stay empty.
INTERESTS: tuple[tuple[str, str], ...] = (
    ("prosecution_value", "prosecutionValue"),
    ("witness_reliability", "witnessReliability"),
    ("safety_risks", "safetyRisks"),
    ("measures_needed", "measuresNeeded"),
    ("state_capacity", "stateCapacity"),
    ("bearability", "bearability"),
    ("ethical_consequences", "ethicalConsequences"),
)


# --- reaching a trajectory ----------------------------------------------------------------


def reach(user: Any, trajectory_id: Any) -> Trajectory:
    """The trajectory for a member who may see it in full or only its outline (the
    independent reviewer); 404 for absent and hidden alike."""
    engine.require_principal(user)
    if engine.can(user, Resource.TRAJECTORY, Action.VIEW):
        return services.get_trajectory(user, trajectory_id)
    found = (
        Trajectory.objects.defer("description").filter(pk=trajectory_id).first()
        if services._int(trajectory_id) is not None
        else None
    )
    if found is None or not engine.can(user, Resource.TRAJECTORY_OUTLINE, Action.VIEW, found):
        raise Http404("Geen traject")
    return found


@dataclass(frozen=True)
class CircleShape:
    """One person of the circle without their identity: what a reviewer may know."""

    relation: str
    relation_display: str
    coverage: str
    coverage_display: str
    added_late: bool

    @property
    def in_programme(self) -> bool:
        return self.coverage == Coverage.PROGRAMME


@dataclass(frozen=True)
class Outline:
    """A trajectory as the independent reviewer sees it: no description, no names."""

    pk: int
    title: str
    status: str
    status_display: str
    planned_date: date | None
    circle: list[CircleShape] = field(default_factory=list)

    @property
    def circle_size(self) -> int:
        return len(self.circle)


def read_outline(user: Any, trajectory_id: Any) -> Outline:
    """The outline of a trajectory (audited): the header and the shape of its circle. The
    circle is read as values only, so a person's identity is never even loaded."""
    trajectory = reach(user, trajectory_id)
    relations = dict(CirclePerson._meta.get_field("relation").flatchoices)
    coverages = dict(CirclePerson._meta.get_field("coverage").flatchoices)
    shapes = [
        CircleShape(rel, str(relations.get(rel, rel)), cov, str(coverages.get(cov, cov)), late)
        for rel, cov, late in CirclePerson.objects.filter(trajectory=trajectory.pk)
        .order_by("added_at", "pk")
        .values_list("relation", "coverage", "added_late")
    ]
    audit.record(AuditAction.READ, trajectory, actor=user, changes={"view": [None, "outline"]})
    return Outline(
        trajectory.pk,
        trajectory.title,
        trajectory.status,
        str(trajectory.get_status_display()),
        trajectory.planned_date,
        shapes,
    )


def outlines_for(user: Any) -> QuerySet[Trajectory]:
    """The trajectories a reviewer is a member of (for a list of title, status, date)."""
    return rules.outline_trajectories(user)


# --- reading the weighing and the reviews -------------------------------------------------


def weighings_for(user: Any, trajectory: Trajectory) -> QuerySet[Weighing]:
    """The versions of the weighing, latest first."""
    return (
        Weighing.objects.visible_to(user)
        .filter(trajectory=trajectory.pk)
        .select_related("recorded_by")
        .order_by("-number", "-pk")
    )


def get_weighing(user: Any, trajectory: Trajectory, number: Any) -> Weighing:
    """One version (audited), or 404 for absent and hidden alike."""
    weighing = engine.get_for(
        Weighing.objects.select_related("recorded_by"),
        user,
        Action.VIEW,
        trajectory=trajectory.pk,
        number=services._int(number) or 0,
    )
    audit.record(AuditAction.READ, weighing, actor=user)
    return weighing


def contributions_for(user: Any, trajectory: Trajectory) -> QuerySet[WeighingContribution]:
    return (
        WeighingContribution.objects.visible_to(user)
        .filter(trajectory=trajectory.pk)
        .select_related("weighing", "contributed_by")
    )


def reviews_for(user: Any, trajectory: Trajectory) -> QuerySet[Review]:
    return (
        Review.objects.visible_to(user)
        .filter(trajectory=trajectory.pk)
        .select_related("weighing", "reviewer")
    )


def latest_number(trajectory: Trajectory) -> int:
    """The number of the latest weighing, 0 when there is none (for the forms' `based on`)."""
    return Weighing.objects.filter(trajectory=trajectory.pk).aggregate(n=Max("number"))["n"] or 0


# --- the weighing -------------------------------------------------------------------------


@dataclass
class WeighingData:
    prosecution_value: str = ""
    witness_reliability: str = ""
    safety_risks: str = ""
    measures_needed: str = ""
    state_capacity: str = ""
    bearability: str = ""
    ethical_consequences: str = ""
    outcome: str = ""
    conclusion: str = ""


def record_weighing(
    actor: Any, trajectory_id: Any, data: WeighingData, *, based_on: int | None = None
) -> Weighing:
    """Record a new version of the weighing (OM). Every interest is required: they are
    weighed as equals, so none may be left empty. `based_on` is the latest version the
    author saw (0 for none): a newer one recorded meanwhile is a conflict, not overwritten.
    A decision to stop also stops the trajectory, in the same transaction."""
    with transaction.atomic():
        trajectory = services._for_change(actor, trajectory_id)  # 404, then 403 for non-OM
        if not engine.can(actor, Resource.TRAJECTORY_WEIGHING, Action.CHANGE):
            raise NotPermitted("Alleen het OM in dit traject legt de weging vast.")
        if trajectory.status in CLOSED:
            raise InvalidTransition("Dit traject is afgesloten; er valt niets meer te wegen.")
        current = latest_number(trajectory)
        if based_on is not None and based_on != current:
            raise ConcurrencyConflict(
                f"U ging uit van versie {based_on}; intussen is versie {current} vastgelegd."
            )
        errors: list[InvalidParam] = []
        values: dict[str, str] = {}
        for name, api_name in (*INTERESTS, ("conclusion", "conclusion")):
            value = (getattr(data, name) or "").strip()
            if len(value) < MIN_TEXT:
                errors.append(InvalidParam(api_name, "required", "Minimaal 10 tekens."))
            values[name] = value
        if data.outcome not in WeighingOutcome.values:
            errors.append(InvalidParam("outcome", "invalid-choice", "Doorgaan of stoppen."))
        if errors:
            raise ValidationFailed(
                "Weeg elk belang: geen enkel belang mag leeg blijven.", invalid_params=errors
            )
        weighing = Weighing.objects.create(
            trajectory=trajectory,
            number=current + 1,
            outcome=data.outcome,
            recorded_by=actor,
            **values,
        )
        audit.record(
            AuditAction.CREATE,
            weighing,
            changes={"number": [None, weighing.number], "outcome": [None, weighing.outcome]},
            actor=actor,
        )
        if data.outcome == WeighingOutcome.STOP:
            services.change_status(
                actor,
                trajectory.pk,
                TrajectoryStatus.STOPPED,
                reason=f"Uitkomst van weging versie {weighing.number}: het traject stoppen",
            )
    return weighing


def add_contribution(actor: Any, trajectory_id: Any, kind: str, text: str) -> WeighingContribution:
    """An expert's contribution to the weighing, on the version current at that moment.

    Who contributes what is fixed per role (`grants.CONTRIBUTES`): safety by the NCTV's
    analysts, protection by the LCC and decision-makers, ethics by each of them."""
    with transaction.atomic():
        trajectory = reach(actor, trajectory_id)
        if not engine.can(actor, Resource.TRAJECTORY_WEIGHING, Action.CREATE):
            raise NotPermitted("U levert geen bijdragen aan de weging van dit traject.")
        if kind not in ExpertKind.values:
            raise ValidationFailed(
                "Kies een expertise.",
                invalid_params=[InvalidParam("kind", "invalid-choice", "Onbekende expertise.")],
            )
        if kind not in rules.contribution_kinds(actor):
            raise NotPermitted("Over deze expertise levert uw rol geen bijdrage.")
        text = require_reason(
            text, name="text", minimum=MIN_TEXT, message="Schrijf de bijdrage (minimaal 10 tekens)."
        )
        locked = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
        if locked.status in CLOSED:
            raise InvalidTransition("Dit traject is afgesloten.")
        latest = Weighing.objects.filter(trajectory=trajectory.pk).order_by("-number").first()
        contribution = WeighingContribution.objects.create(
            trajectory=locked, weighing=latest, kind=kind, text=text, contributed_by=actor
        )
        audit.record(
            AuditAction.CREATE,
            contribution,
            changes={"kind": [None, kind], "weighing": [None, latest and latest.number]},
            actor=actor,
        )
    return contribution


# --- the independent review ---------------------------------------------------------------


def review_refusal(actor: Any, trajectory: Trajectory) -> str | None:
    """Why this actor may not review this trajectory, or None. A reviewer stands outside
    the investigation and the prosecution: never the OM, never the witness's case team,
    never someone who weighed or contributed."""
    from weerstand.cases.rules import is_team_member

    if not engine.can(actor, Resource.TRAJECTORY_REVIEW, Action.CREATE):
        return "Alleen een onafhankelijk toetser toetst een traject."
    if actor.has_role(Role.OM_OFFICER):
        return "Een officier van justitie toetst niet onafhankelijk."
    if trajectory.case_id is not None and is_team_member(actor, trajectory.case):
        return "Een lid van het team van de getuige toetst niet onafhankelijk."
    if (
        Weighing.objects.filter(trajectory=trajectory.pk, recorded_by=actor.pk).exists()
        or WeighingContribution.objects.filter(
            trajectory=trajectory.pk, contributed_by=actor.pk
        ).exists()
    ):
        return "Wie aan de weging meewerkte, toetst haar niet."
    return None


def record_review(
    actor: Any,
    trajectory_id: Any,
    body: str,
    verdict: str,
    reasons: str,
    *,
    expected_number: int | None = None,
) -> Review:
    """Record the independent review of the latest weighing and of the protection agreement.

    It keeps the weighing version and the size of the circle at this moment: a newer
    weighing or a changed circle makes it outdated. `expected_number` is the version the
    reviewer read; a newer one recorded meanwhile is a conflict."""
    with transaction.atomic():
        trajectory = reach(actor, trajectory_id)
        refusal = review_refusal(actor, trajectory)
        if refusal:
            raise NotPermitted(refusal)
        # The lock keeps the circle and the weighing still while the review is stored.
        locked = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
        if locked.status in CLOSED:
            raise InvalidTransition("Dit traject is afgesloten.")
        latest = Weighing.objects.filter(trajectory=locked.pk).order_by("-number").first()
        if latest is None:
            raise InvalidTransition("Er is nog geen weging om te toetsen.")
        if expected_number is not None and expected_number != latest.number:
            raise ConcurrencyConflict(
                f"U toetste versie {expected_number}; de laatste weging is versie {latest.number}."
            )
        errors: list[InvalidParam] = []
        if body not in ReviewBody.values:
            errors.append(InvalidParam("body", "invalid-choice", "Onbekende instantie."))
        if verdict not in ReviewVerdict.values:
            errors.append(InvalidParam("verdict", "invalid-choice", "Positief of negatief."))
        if errors:
            raise ValidationFailed("Controleer de toetsing.", invalid_params=errors)
        reasons = require_reason(
            reasons,
            name="reasons",
            minimum=MIN_TEXT,
            message="Motiveer het oordeel (minimaal 10 tekens).",
        )
        review = Review.objects.create(
            trajectory=locked,
            weighing=latest,
            body=body,
            verdict=verdict,
            reasons=reasons,
            circle_size=CirclePerson.objects.filter(trajectory=locked.pk).count(),
            reviewer=actor,
        )
        audit.record(
            AuditAction.CREATE,
            review,
            changes={
                "weighing": [None, latest.number],
                "verdict": [None, verdict],
                "circle_size": [None, review.circle_size],
            },
            actor=actor,
        )
    return review
