"""A brand-new case carried through the decision services to a stop, with a protectee and a
partner who have portal accounts, and a resilience expert in the team."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

from weerstand import testing as t
from weerstand.decisions.tests import builders as db
from weerstand.modules.tests.builders import portal_user


@dataclass
class World:
    w: Any
    case: Any
    start: Any
    expert: Any
    portal: Any
    partner_portal: Any


def started(w: Any = None) -> World:
    """A case whose start decision is in force (four eyes), with portal accounts; in the
    decisions test world `w` when given (a second case of the same world)."""
    from weerstand.cases.models import CasePerson
    from weerstand.decisions import services
    from weerstand.policy.models import CompartmentMembership

    w = w or db.world()
    case, _ = db.decided_case(w)
    expert = t.user("resilience_expert", organisation=w.nctv)
    CompartmentMembership.objects.create(compartment=case.team, user=expert)
    partner = t.person("Thomas", "Wijnberg")
    CasePerson.objects.create(case=case, person=partner, role="partner")
    CasePerson.objects.create(case=case, person=t.person("Mr.", "Advocaat"), role="lawyer")
    decision = services.create_decision(w.dm1, case.pk, db.start_data(w))
    start = services.approve_decision(w.dm2, decision.pk)
    return World(
        w=w,
        case=case,
        start=start,
        expert=expert,
        portal=portal_user(case.protectee),
        partner_portal=portal_user(partner, "relative"),
    )


def stop(world: World, days: int = 1, *, apply: bool = True) -> Any:
    """The stop decision, taken and approved (after the start, so from tomorrow), and put
    in force by the daily job on its date unless `apply` is False."""
    from weerstand.decisions import services

    w = world.w
    decision = services.create_decision(
        w.dm1,
        world.case.pk,
        db.start_data(
            w,
            decision_type="stop",
            required_resistance=None,
            effective_date=timezone.localdate() + timedelta(days=days),
            next_recalibration=None,
        ),
    )
    decision = services.approve_decision(w.dm2, decision.pk)
    if apply:
        services.apply_decisions(decision.effective_date)
        decision.refresh_from_db()
    return decision


SCORES = {
    "knew_whom_to_call": 4,
    "understood_why": 2,
    "one_voice": 3,
    "taken_seriously": 5,
    "family_attention": 1,
}
