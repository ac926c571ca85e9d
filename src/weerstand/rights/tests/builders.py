"""Set-up for the rights tests: a case with its team, a finalised assessment and a decision.

The decision is written directly (set-up, like `core.testing.case(state=...)`): these tests
are about the letter and the objection, not the decision flow, which the decisions app tests.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from weerstand import testing as t

_seq = itertools.count(1)


@dataclass
class World:
    case: Any
    protectee: Any
    protectee_user: Any
    decider: Any
    analyst: Any
    decision: Any


def measure(code: str, name: str) -> Any:
    from weerstand.catalogue.models import Measure

    return Measure.objects.create(
        code=code, name=name, effective_from=date(2020, 1, 1), executing_kinds=["police"]
    )


def decision(
    case: Any,
    decider: Any,
    author: Any,
    *,
    status: str = "in_force",
    decision_type: str = "start",
    level: int = 3,
    reasoning: str = "Motivering van het gezag.",
    approved_at: Any = None,
    measures: tuple[Any, ...] = (),
) -> Any:
    from weerstand.assessments.models import Assessment
    from weerstand.decisions.models import Decision

    n = next(_seq)
    assessment = Assessment.objects.create(
        case=case, number=n, author=author, status="finalised", threat_level=4,
        recommended_resistance=level, finalised_at=timezone.now(),
    )  # fmt: skip
    approved_at = approved_at or timezone.now()
    d = Decision.objects.create(
        reference=f"BS-T-{n:04d}",
        case=case,
        assessment=assessment,
        decision_type=decision_type,
        required_resistance=level if decision_type != "stop" else None,
        reasoning=reasoning,
        effective_date=timezone.localdate(approved_at),
        next_recalibration=timezone.localdate(approved_at) + timedelta(days=180),
        status=status,
        decided_by=decider,
        decided_at=approved_at - timedelta(hours=2),
        approved_at=approved_at,
        approved_by=decider,
    )
    if measures:
        d.measures.set(measures)
    return d


def world(*, first: str = "Sanne", last: str = "Wijnberg", **kwargs: Any) -> World:
    """A protectee with a portal account, a decision-maker and an analyst in the team."""
    from weerstand.accounts.models import User

    decider = t.user("decision_maker")
    analyst = t.user("analyst")
    protectee = t.person(first, last)
    c = t.case(analyst, protectee=protectee, team=(decider, analyst), owner=analyst,
               state="protection_active")  # fmt: skip
    portal = t.user("protectee", organisation=t.org("civilian", code="burgers"), clearance=0)
    User.objects.filter(pk=portal.pk).update(person=protectee)
    portal = User.objects.get(pk=portal.pk)
    d = decision(c, decider, analyst, **kwargs)
    return World(c, protectee, portal, decider, analyst, d)


def framework(actor: Any, *, effective_from: date | None = None, **overrides: Any) -> Any:
    """A framework version, written through the service (effective today unless said)."""
    from weerstand.rights import services

    data: dict[str, Any] = {
        "title": "Kader beveiligen van personen",
        "effective_from": effective_from or timezone.localdate(),
        "person_text": (
            "Wij vragen u om de afspraken met uw beveiligers te volgen.\n\n"
            "- Vertel ons als u op reis gaat.\n- Meld alles wat u vreemd vindt."
        ),
        "employer_text": (
            "Uw werkgever zorgt voor een veilige werkplek. Uw werkgever praat met ons."
        ),
        "state_text": "De NCTV besluit over uw beveiliging. Politie en KMar voeren het uit.",
        "person_text_en": (
            "We ask you to follow the agreements with your security officers.\n\n"
            "- Tell us when you travel.\n- Report anything that seems strange."
        ),
        "employer_text_en": "Your employer provides a safe workplace. Your employer talks to us.",
        "state_text_en": "The NCTV decides on your protection. Police and KMar carry it out.",
        "objection_address": "Onafhankelijke Bezwaarcommissie, Postbus 1, 2500 AA Den Haag",
    }
    data.update(overrides)
    return services.publish_framework(actor, services.FrameworkData(**data))
