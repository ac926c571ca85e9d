"""Demo data of the assessments app: method templates and the threat pictures of the demo cases.

Method templates for the four national phenomena, and threat pictures in every state of the
workflow, written through the services (draft, challenge, answer, senior check, finalise) or,
for the long history of running cases, loaded (`demo_versions`). The step (order 130, after the
authority designated the cases and the partners delivered information) writes the first
picture of every national case: the workflow's intermediate states on cases whose plan stays
in assessment, a finalised picture on every case whose plan goes on to a decision (the owner
can only submit a finalised one), one with an unresolved disagreement for the decision-maker.
Later versions follow the life cycle, called by the decisions' demo step when the case gets
there: `rework` after the authority returned a picture, `recalibrate` when a recalibration
starts (finalised where the authority then decides on it, left open otherwise).

Every version's dates follow the case's timeline (`cases.demo_timeline`): a picture is
finalised between the designation and the submission, and its recalibration is due where the
case data says so.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db.models import F

from weerstand.assessments import demo_versions as versions
from weerstand.assessments import services
from weerstand.assessments.demo_data import TEMPLATES
from weerstand.assessments.models import Assessment, MethodTemplate, TemplateFactor
from weerstand.cases import demo_timeline

SEED = 6006
# The first pictures written through the services, by where the case's plan ends (the rest
# are loaded); a case whose first picture went through the services is recalibrated through
# them too.
THROUGH_SERVICES = {"protection_active": 2, "recalibration": 1, "recalibrated": 1}
_STATE = "assessments"


@dataclass
class _Progress:
    """What this app carries from its step to the later versions (in `world.state`)."""

    rng: random.Random = field(default_factory=lambda: random.Random(SEED))
    budget: dict[str, int] = field(default_factory=lambda: dict(THROUGH_SERVICES))
    through: set[int] = field(default_factory=set)  # cases whose pictures use the services


def seed(world: Any) -> dict[str, Any]:
    """The first picture of every designated national case (see the module docstring)."""
    mine = world.state[_STATE] = _Progress()
    rng = mine.rng
    made: dict[str, Any] = {"method_templates": _templates(world.users.get("senior-analist"))}
    in_assessment = 0
    for state in world.cases:
        case = state.case
        case.refresh_from_db()
        if case.state not in services.DRAFTABLE_CASE_STATES or case.phenomenon not in TEMPLATES:
            continue
        author, challenger = versions.people(world, state)
        versions.ensure_source(world, case, author)
        if not state.needs_decision():
            target = ("draft", "challenge", "challenged", "answered", "senior_check")[
                in_assessment % 5
            ]
            in_assessment += 1
            _placed(world, state, versions.through(world, case, author, challenger, target, rng))
            continue
        disagree = state.row.scenario == "oc-advocaat"
        key = "recalibrated" if state.row.plan == "active_recalibrated" else state.planned_state
        if disagree or mine.budget.get(key, 0) > 0:
            mine.budget[key] = mine.budget.get(key, 0) - 1
            mine.through.add(case.pk)
            a = versions.through(
                world, case, author, challenger, "finalised", rng, disagree=disagree
            )
        else:
            a = versions.load(world, case, author, challenger, rng)
        if a.status != "finalised":
            raise RuntimeError(f"{case.reference}: geen vastgesteld dreigingsbeeld voor het gezag")
        _placed(world, state, a)
    states: dict[str, int] = {}
    for status in Assessment.objects.values_list("status", flat=True):
        states[status] = states.get(status, 0) + 1
    made["assessments"] = sum(states.values())
    made["assessment_states"] = states
    return made


def rework(world: Any, state: Any) -> Assessment:
    """The authority returned the picture: the analysts work the missing scenario out in a
    new version, challenged and finalised, before the owner submits it again."""
    case = state.case
    author, challenger = versions.people(world, state)
    a = versions.through(
        world,
        case,
        author,
        challenger,
        "finalised",
        world.state[_STATE].rng,
        reason="Teruggelegd door het gezag: scenario verplaatsingen en weerbaarheid van de "
        "naasten uitwerken.",
    )
    _placed(world, state, a)
    return a


def recalibrate(world: Any, state: Any, *, finalise: bool) -> Assessment:
    """A recalibration has started: a new version, finalised when the authority decides on it
    next (the level one step down), otherwise still open."""
    case = state.case
    mine: _Progress = world.state[_STATE]
    author, challenger = versions.people(world, state)
    if not finalise:
        a = services.start_version(author, case.pk, reason="Herijking gestart na verlopen termijn.")
    elif case.pk in mine.through:
        a = versions.recalibrated(world, case, author, challenger, mine.rng)
    else:
        previous = services.latest_finalised(case)
        a = versions.load(world, case, author, challenger, mine.rng, previous=previous)
    _placed(world, state, a)
    return a


def _placed(world: Any, state: Any, a: Assessment) -> None:
    """The version's entries on the timeline in place; a finalised version takes the moment
    of its entry, and its recalibration is due where the case data says so."""
    from weerstand.cases.models import Case, CaseEvent

    demo_timeline.settle(world, state)
    a.refresh_from_db()
    if a.status != "finalised":
        return
    finalised_at = (
        CaseEvent.objects.filter(case=a.case_id, kind="assessment_finalised")
        .order_by("-at", "-pk")
        .values_list("at", flat=True)
        .first()
    )
    if finalised_at is None:
        raise RuntimeError(f"{a.reference}: vastgesteld zonder vermelding op de tijdlijn")
    days = state.row.recalibration_in_days
    if days is not None:
        due = world.today + timedelta(days=days)
    else:
        interval = services.AssessmentRules.current().days_for(a.threat_level or 3)
        due = finalised_at.date() + timedelta(days=interval)
    Assessment.objects.filter(pk=a.pk).update(finalised_at=finalised_at, next_recalibration=due)
    # The case carries the date of its picture in force (as `finalise` puts it there).
    Case.objects.filter(pk=a.case_id).exclude(next_recalibration=due).update(
        next_recalibration=due, version=F("version") + 1
    )


def _templates(author: Any) -> int:
    for phenomenon, (name, description, factors) in TEMPLATES.items():
        if MethodTemplate.objects.filter(phenomenon=phenomenon).exists():
            continue
        template = MethodTemplate.objects.create(
            phenomenon=phenomenon,
            version=1,
            name=name,
            description=description,
            effective_from=MethodTemplate._meta.get_field("effective_from").default()
            - timedelta(days=400),
            created_by=author,
        )
        TemplateFactor.objects.bulk_create(
            TemplateFactor(
                template=template, order=n, group=g, code=code, label=label, guidance=guidance
            )
            for n, (g, code, label, guidance) in enumerate(factors)
        )
    return MethodTemplate.objects.count()
