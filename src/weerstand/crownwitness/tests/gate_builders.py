"""Facts behind the publication gate, written as model rows: the gate is the subject of these
tests, not the assessment, decision, capacity or weighing flows (each tested in its own app).

`Facts` says per circle person what holds; `build` makes a running trajectory with a
planned date, a circle, each person's protection chain, a published capacity plan and the
weighing and review the configuration asks for.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from weerstand import testing as t
from weerstand.crownwitness import services
from weerstand.crownwitness.models import CirclePerson, Review, Trajectory, Weighing
from weerstand.crownwitness.tests.helpers import Setup, open_trajectory
from weerstand.registry.services import PersonData

_seq = itertools.count(1)


@dataclass
class PersonFacts:
    case: bool = True
    assessment: bool = True
    decision: bool = True
    # per security assignment: (acknowledged, staffed on the planned date)
    assignments: list[tuple[bool, bool]] = field(default_factory=lambda: [(True, True)])


@dataclass
class Facts:
    persons: list[PersonFacts] = field(default_factory=lambda: [PersonFacts()])
    programme_person: bool = False
    status: str = "running"
    planned: str = "future"  # future, today, past, none
    weighing: str = "continue"  # continue, stop, none
    review: str = "positive"  # positive, negative, none, old-weighing
    late_person: bool = False  # a complete person added after the review


@dataclass
class World:
    setup: Setup
    trajectory: Trajectory
    entries: list[CirclePerson]  # the Weerstand persons, in the order of `Facts.persons`
    programme_entry: CirclePerson | None
    late_entry: CirclePerson | None
    run: Any


def planned_date(kind: str) -> date | None:
    today = timezone.localdate()
    return {
        "future": today + timedelta(days=10),
        "today": today,
        "past": today - timedelta(days=2),
        "none": None,
    }[kind]


def plan_run(on: date) -> Any:
    """A published capacity plan whose horizon covers `on` (and only one is published)."""
    from weerstand.capacity.models import PlanRun

    PlanRun.objects.filter(published=True).update(published=False)
    return PlanRun.objects.create(
        horizon_start=on - timedelta(days=3),
        days=14,
        time_limit=1,
        status="OPTIMAL",
        published=True,
        published_at=timezone.now(),
    )


def protection_chain(entry: CirclePerson, facts: PersonFacts, on: date, run: Any) -> None:
    """The person's own case with assessment, decision and assignments as `facts` say."""
    from weerstand.assessments.models import Assessment
    from weerstand.capacity.models import PlanCoverage
    from weerstand.catalogue.models import Measure
    from weerstand.decisions.models import Decision, SecurityAssignment

    if not facts.case:
        return
    author = t.user("analyst")
    case = t.case(author, protectee=entry.person)
    CirclePerson.objects.filter(pk=entry.pk).update(protection_case=case)
    n = next(_seq)
    assessment = Assessment.objects.create(
        case=case,
        number=1,
        status="finalised" if facts.assessment else "draft",
        author=author,
        threat_level=4,
        recommended_resistance=3,
    )
    decision = Decision.objects.create(
        reference=f"BS-G-{n}",
        case=case,
        assessment=assessment,
        decision_type="start",
        required_resistance=3,
        reasoning="Dreiging rond de bekendmaking.",
        effective_date=on - timedelta(days=30),
        status="in_force" if facts.decision else "approved",
        decided_by=author,
    )
    police = t.org("police", code="politie-poort")
    measure = Measure.objects.create(
        code=f"g-{n}", name=f"Maatregel {n}", effective_from=date(2020, 1, 1)
    )
    now = timezone.now()
    for i, (acknowledged, staffed) in enumerate(facts.assignments):
        assignment = SecurityAssignment.objects.create(
            reference=f"BO-G-{n}-{i}",
            decision=decision,
            case=case,
            measure=measure,
            executing_organisation=police,
            officers=2,
            qualifications=["personal_protection"],
            weekdays=list(range(7)),
            starts_on=on - timedelta(days=30),
            status="acknowledged" if acknowledged else "pending",
            acknowledge_before=now,
            staffed_before=now,
        )
        PlanCoverage.objects.create(
            run=run,
            assignment=assignment,
            assignment_reference=assignment.reference,
            case=case,
            executing_organisation=police,
            date=on,
            required=6,
            covered=6 if staffed else 4,
        )


def add_person(setup: Setup, relation: str = "sibling", coverage: str = "weerstand") -> Any:
    n = next(_seq)
    extra = (
        {"programme": "Getuigenbescherming", "coverage_reason": "Verhuist mee met de getuige."}
        if coverage == "programme"
        else {}
    )
    return services.add_person(
        setup.om,
        setup.trajectory.pk,
        services.CircleData(
            relation=relation,
            coverage=coverage,
            new_person=PersonData(first_name=f"Kring{n}", last_name="Persoon"),
            reason="Kring in kaart brengen",
            **extra,
        ),
    )


def weighing(trajectory: Trajectory, number: int, outcome: str = "continue") -> Weighing:
    text = "Afgewogen in het OM-overleg."
    return Weighing.objects.create(
        trajectory=trajectory,
        number=number,
        prosecution_value=text,
        witness_reliability=text,
        safety_risks=text,
        measures_needed=text,
        state_capacity=text,
        bearability=text,
        ethical_consequences=text,
        outcome=outcome,
        conclusion=text,
    )


def review(trajectory: Trajectory, of: Weighing, verdict: str = "positive") -> Review:
    return Review.objects.create(
        trajectory=trajectory,
        weighing=of,
        body="examining_judge",
        verdict=verdict,
        reasons="Getoetst door de rechter-commissaris.",
        circle_size=CirclePerson.objects.filter(trajectory=trajectory).count(),
        reviewer=t.user("independent_reviewer"),
    )


def build(facts: Facts) -> World:
    s = open_trajectory()
    on = planned_date(facts.planned)
    chain_date = on or timezone.localdate() + timedelta(days=10)
    run = plan_run(chain_date)
    entries = []
    for person in facts.persons:
        entry = add_person(s)
        protection_chain(entry, person, chain_date, run)
        entries.append(entry)
    programme_entry = add_person(s, "parent", "programme") if facts.programme_person else None
    if facts.status == "running":
        services.change_status(s.om, s.trajectory.pk, "running", reason="Afspraken voorbereiden")
    if on is not None:
        # Set directly: a date in the past cannot be chosen today, only have passed.
        Trajectory.objects.filter(pk=s.trajectory.pk).update(planned_date=on)
    trajectory = s.trajectory
    if facts.weighing != "none":
        first = weighing(trajectory, 1, facts.weighing)
        if facts.review == "old-weighing":
            review(trajectory, first, "positive")
            weighing(trajectory, 2, facts.weighing)
        elif facts.review != "none":
            review(trajectory, first, facts.review)
    late_entry = None
    if facts.late_person:
        late_entry = add_person(s)
        protection_chain(late_entry, PersonFacts(), chain_date, run)
    trajectory.refresh_from_db()
    return World(s, trajectory, entries, programme_entry, late_entry, run)


def expected_missing(facts: Facts, world: World) -> dict[Any, set[str]]:
    """An independent statement of what the gate must name: per circle person id, and under
    the key "trajectory" for the trajectory's own items."""
    out: dict[Any, set[str]] = {}
    for person, entry in zip(facts.persons, world.entries, strict=True):
        items: set[str] = set()
        if not person.case:
            items.add("no-protection-case")
        else:
            if not person.assessment:
                items.add("assessment-missing")
            if not person.decision:
                items.add("decision-not-in-force")
            else:
                if not all(ack for ack, _ in person.assignments):
                    items.add("assignment-not-acknowledged")
                if facts.planned != "none" and not all(st for _, st in person.assignments):
                    items.add("not-staffed-on-date")
        if items:
            out[entry.pk] = items
    has_review = facts.weighing != "none" and facts.review != "none"
    if facts.late_person and has_review:
        assert world.late_entry is not None
        out[world.late_entry.pk] = {"added-after-review"}
    own: set[str] = set()
    if facts.status != "running":
        own.add("status-not-running")
    if facts.planned == "none":
        own.add("no-planned-date")
    if facts.planned == "past":
        own.add("date-passed")
    if facts.weighing == "none":
        own.add("weighing-missing")
    if facts.weighing == "stop":
        own.add("weighing-stop")
    if not has_review:
        own.add("review-missing")
    else:
        if facts.review == "negative":
            own.add("review-negative")
        if facts.review == "old-weighing" or facts.late_person:
            own.add("review-stale")
    if own:
        out["trajectory"] = own
    return out


def as_map(missing: list[dict[str, Any]]) -> dict[Any, set[str]]:
    """The gate's `missing` list in the shape of `expected_missing`."""
    out: dict[Any, set[str]] = {}
    for entry in missing:
        key = entry.get("circlePerson", "trajectory")
        assert len(entry["items"]) == len(set(entry["items"]))
        out[key] = set(entry["items"])
    return out
