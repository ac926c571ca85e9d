"""Demo decisions of the authority: every step of a demo case that carries the authority's power
comes from a decision that takes effect, as in the real life cycle.

Two steps in `DecisionsConfig`:

- `admission` (order 46, after the cases' advice): on every advised case the decision-maker
  designates the person, refuses, or refuses and hands the case to the named mayor or chief
  prosecutor; the second decision-maker approves. One case waits with a designation that
  still needs the second pair of eyes, another waits for the authority to decide.
- `seed` (150, after the threat pictures and the catalogue): the rest of each case's plan.
  The owner submits the finalised picture (the team's steps go through `cases.demo.take`),
  and the authority starts protection, decides on no measures, continues after a
  recalibration or ends it; the analysts rework a returned picture and recalibrate
  (`assessments.demo`). Then what is current: pending approvals (one start rejected and
  taken again, scale-downs), a stop approved for two weeks ahead, continuations and upgrades
  of running protection, and the police and KMar acknowledging (or not) their assignments.

A decision whose effective date is today or later goes through `decisions.services` (create,
and approve by the other decision-maker); one from the past is written by `demo_history` with
the service's own steps. Either way the decision moves the case (`apply_decisions`), on the
date the case's timeline (`cases.demo_timeline`) gives the step.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from weerstand.assessments import demo as assessments_demo
from weerstand.cases import demo as cases_demo
from weerstand.cases import demo_reasons, demo_timeline
from weerstand.decisions import demo_history as history
from weerstand.decisions import services
from weerstand.decisions.models import (
    ADMISSION_TYPES,
    Decision,
    DecisionStatus,
    SecurityAssignment,
)

# The case's step -> the decision of the authority that carries it.
DECISION_FOR = {
    "route_national": "designate",
    "route_local": "refuse",
    "reject_referral": "refuse",
    "activate_protection": "start",
    "decide_no_measures": "no_measures",
    "continue_protection": "continue",
    "end_protection": "stop",
}

REASONS = {
    "start": "De dreiging is gericht tegen het leven en de persoon en werkgever kunnen zelf "
    "onvoldoende weerstand bieden. Het standaardpakket sluit aan bij het dreigingsbeeld.",
    "continue": "Herijking: de dreiging is onverminderd; de maatregelen werken en worden "
    "voortgezet op hetzelfde niveau.",
    "adjust": "Nieuwe dreigingsinformatie wijst op verkenning bij de woning; het niveau gaat "
    "omhoog en het pakket wordt daarop aangepast.",
    "scale_down": "De opdrachtgever is aangehouden en er zijn geen actuele signalen meer; "
    "afschalen naar een lager niveau is verantwoord.",
    "stop": "De dreiging is weggenomen: geen actuele informatie meer en de verdachten zijn "
    "veroordeeld. De maatregelen worden beëindigd met een eindfasegesprek.",
}
ADMISSION_STEPS = ("route_national", "route_local", "reject_referral")


def admission(world: Any) -> dict[str, Any]:
    """The authority decides on the analysts' advice (see the module docstring)."""
    counts: Counter[str] = Counter()
    for state in world.cases:
        if state.next_step in ADMISSION_STEPS:
            _authority_step(world, state, state.next_step, counts)
        elif state.planned_state == "designation" and state.row.pending_decision:
            _pending_admission(world, state, counts)
    return {"admission_decisions": dict(sorted(counts.items()))}


def seed(world: Any) -> dict[str, Any]:
    """Every case to the end of its plan, then what is current (see the module docstring)."""
    rng = random.Random(7)
    counts: Counter[str] = Counter()
    running = []
    for state in world.cases:
        while (step := state.next_step) is not None:
            if step in DECISION_FOR:
                _authority_step(world, state, step, counts)
                continue
            cases_demo.take(world, state, step)
            if step == "return_to_assessment":
                assessments_demo.rework(world, state)
            elif step == "start_recalibration":
                # Recalibrated to the end where the plan decides on it; still open otherwise.
                assessments_demo.recalibrate(world, state, finalise=state.next_step is not None)
        _current(world, state, counts)
        live = services.live_decision(state.case)
        if live is not None and state.case.state in ("protection_active", "recalibration"):
            running.append(live)
    services.apply_decisions(world.today)
    for decision in running:
        decision.refresh_from_db()
        if decision.status in (DecisionStatus.APPROVED, DecisionStatus.IN_FORCE):
            history.acknowledge_some(world.users, decision, rng)
    services.apply_decisions(world.today)
    return {
        "decisions": {
            **dict(sorted(counts.items())),
            "total": Decision.objects.count(),
            "pending_approvals": Decision.objects.filter(
                status=DecisionStatus.AWAITING_APPROVAL
            ).count(),
            "assignments": SecurityAssignment.objects.count(),
        }
    }


def _authority_step(world: Any, state: Any, step: str, counts: Counter[str]) -> None:
    """The decision that carries the plan's next `step`, on the date the timeline gives it;
    the case follows when it takes effect."""
    kind = DECISION_FOR[step]
    at = demo_timeline.when(state)
    hand_over = world.orgs[state.row.local_authority] if step == "route_local" else None
    reasoning = demo_reasons.reason(step, state, hand_over)
    data = _data(world, state, kind, reasoning, timezone.localdate(at))
    data.hand_over_to = hand_over
    decider, approver = world.users[state.decider], world.users[state.approver]
    if data.effective_date < world.today:
        decided_at, approved_at = _moments(world, state, at)
        history.historic(
            state.case,
            data,
            assessment=_assessment(state, kind),
            previous=services.live_decision(state.case),
            decider=decider,
            approver=approver,
            decided_at=decided_at,
            approved_at=approved_at,
        )
    else:
        decision = services.create_decision(decider, state.case.pk, data)
        if decision.status == DecisionStatus.AWAITING_APPROVAL:
            services.approve_decision(approver, decision.pk, note="Akkoord: advies gevolgd.")
    counts[kind] += 1
    cases_demo.followed(world, state, step)


def _moments(world: Any, state: Any, at: datetime) -> tuple[datetime, datetime]:
    """When a decision from the past was taken and approved: during office hours, after the
    step before it on the timeline, and before it took effect at `at`."""
    prior = demo_timeline.before(state)
    rng = random.Random(f"{world.seed}:{state.case.reference}:{state.done}")
    decided = at - min((at - prior) * 0.4, timedelta(days=2))
    placed = demo_timeline.office_hours(decided, rng)
    decided = placed if prior < placed < at else decided
    return decided, decided + min((at - decided) / 2, timedelta(hours=3))


def _data(world: Any, state: Any, kind: str, reasoning: str, effective: Any) -> Any:
    """What the decision-maker fills in: the level the picture recommends (a continuation
    keeps the one in force), the recalibration date of the case data, the local authorities
    and the executor for the measures."""
    if kind in ADMISSION_TYPES:
        return services.DecisionData(kind, reasoning, effective)
    # The decision-maker has read the picture: what stays disputed, and why it is complex.
    assessment = _assessment(state, kind)
    disputed = bool(assessment and assessment.unresolved_disagreement)
    complex_ = bool(assessment and assessment.is_complex)
    if kind in ("no_measures", "stop"):
        return services.DecisionData(
            kind,
            reasoning,
            effective,
            acknowledge_disagreement=disputed,
            acknowledge_complexity=complex_,
        )
    live = services.live_decision(state.case)
    level = (assessment.recommended_resistance if assessment else None) or 2
    if kind == "continue" and live is not None:
        level = live.required_resistance or level
    days = state.row.recalibration_in_days
    due = world.today + timedelta(days=days) if days is not None else None
    municipalities = [o for o in world.orgs.values() if o.kind == "municipality"]
    executor = "kmar" if state.case.phenomenon in ("terrorism", "state_actors") else "politie"
    return services.DecisionData(
        kind,
        reasoning,
        effective,
        required_resistance=level,
        next_recalibration=due if due and due > effective else effective + timedelta(days=90),
        municipality=municipalities[state.index % len(municipalities)],
        prosecutor_office=world.orgs.get("om-landelijk"),
        preferred_executor=world.orgs[executor],
        acknowledge_disagreement=disputed,
        acknowledge_complexity=complex_,
    )


def _assessment(state: Any, kind: str) -> Any:
    if kind in ADMISSION_TYPES:
        return None  # admission rests on the triage advice
    return services.latest_finalised_assessment(state.case)


def _pending_admission(world: Any, state: Any, counts: Counter[str]) -> None:
    """A designation (or refusal) taken today, waiting for the second decision-maker."""
    kind = "designate" if state.advice == "national" else "refuse"
    step = "route_national" if kind == "designate" else "route_local"
    authority = world.orgs[state.row.local_authority] if state.row.local_authority else None
    data = services.DecisionData(
        kind, demo_reasons.reason(step, state, authority), world.today, hand_over_to=authority
    )
    services.create_decision(world.users[state.decider], state.case.pk, data)
    counts[f"{kind}_pending"] += 1


def _current(world: Any, state: Any, counts: Counter[str]) -> None:
    """What the authority is deciding now, on a case at the end of its plan."""
    plan, case = state.row.plan, state.case
    if plan == "decision":
        _pending_start(world, state, counts)
    elif plan == "recalibration":
        live = services.live_decision(case)
        level = live.required_resistance if live is not None else None
        if level is not None and level > 1:
            on = world.today + timedelta(days=7)
            data = _data(world, state, "scale_down", REASONS["scale_down"], on)
            data.required_resistance = level - 1
            data.next_recalibration = world.today + timedelta(days=120)
            services.create_decision(world.users["besluitvormer2"], case.pk, data)
            counts["scale_down_pending"] += 1
    elif plan == "active" and case.restricted_compartment_id is None:
        _running(world, state, counts)


def _pending_start(world: Any, state: Any, counts: Counter[str]) -> None:
    """A start decision for tomorrow waiting for approval; the first one was rejected and
    taken again."""
    dm1, dm2 = world.users["besluitvormer"], world.users["besluitvormer2"]
    data = _data(world, state, "start", REASONS["start"], world.today + timedelta(days=1))
    first = services.create_decision(dm1, state.case.pk, data)
    if not counts["start_rejected"]:
        services.reject_decision(
            dm2,
            first.pk,
            reason="Het pakket mist beveiligd vervoer terwijl de persoon dagelijks naar een "
            "vaste werkplek reist; neem opnieuw een besluit.",
        )
        counts["start_rejected"] += 1
        services.create_decision(dm1, state.case.pk, data)
    counts["start_pending"] += 1


def _running(world: Any, state: Any, counts: Counter[str]) -> None:
    """Running protection: a continuation after three months, an upgrade three weeks ago, or
    (once) a stop approved for two weeks ahead."""
    case, today = state.case, world.today
    start = services.live_decision(case)
    if start is None or start.required_resistance is None:
        raise RuntimeError(f"{case.reference}: beveiliging zonder besluit van kracht")
    level, since = start.required_resistance, start.effective_date
    flavour = state.index % 3
    decider, approver = world.users[state.decider], world.users[state.approver]
    if flavour == 1 and since + timedelta(days=90) < today:
        on = since + timedelta(days=90)
        _earlier(world, state, "continue", on, level, decider, approver)
        counts["continue"] += 1
    elif flavour == 2 and level < 4 and since + timedelta(days=10) < today - timedelta(days=20):
        on = today - timedelta(days=20)
        _earlier(world, state, "adjust", on, level + 1, decider, approver)
        counts["adjust"] += 1
    elif flavour == 0 and not counts["stop_planned"]:
        data = _data(world, state, "stop", REASONS["stop"], today + timedelta(days=14))
        planned = services.create_decision(decider, case.pk, data)
        services.approve_decision(approver, planned.pk, note="Akkoord: dreiging weggenomen.")
        counts["stop_planned"] += 1


def _earlier(
    world: Any, state: Any, kind: str, on: Any, level: int, decider: Any, approver: Any
) -> None:
    """A follow-up decision in the past on running protection (the case stays active)."""
    data = _data(world, state, kind, REASONS[kind], on)
    data.required_resistance = level
    previous = services.live_decision(state.case)
    decided_at = timezone.make_aware(
        datetime.combine(on - timedelta(days=2), datetime.min.time().replace(hour=10))
    )
    history.historic(
        state.case,
        data,
        assessment=_assessment(state, kind),
        previous=previous,
        decider=decider,
        approver=approver,
        decided_at=decided_at,
        approved_at=decided_at + timedelta(hours=3),
    )
