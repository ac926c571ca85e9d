"""Demo decisions on cases with a finalised assessment: every decision type, assignments to
police and KMar (some acknowledged, some overdue), notices to mayors, pending approvals.

Current decisions go through `decisions.services`. Decisions from the past (effective dates
before today, which the service rightly refuses) are written here with the same steps the
service takes after approval (`_schedule`, `apply_decisions`), so their assignments, notices
and audit records are the real thing.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.utils import timezone

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


def seed(seeder: Any) -> dict[str, Any]:
    from weerstand.decisions import services
    from weerstand.policy.models import CompartmentMembership

    rng = random.Random(7)
    dm1, dm2 = seeder.users["besluitvormer"], seeder.users["besluitvormer2"]
    today = seeder.today
    counts = {"decisions": 0, "pending_approvals": 0}
    usable = []
    in_force: list[Any] = []
    for state in seeder.cases:
        case = state.case
        assessment = services.latest_finalised_assessment(case)
        if assessment is None or assessment.author_id in (dm1.pk, dm2.pk):
            continue
        for dm in (dm1, dm2):
            CompartmentMembership.objects.get_or_create(compartment=case.team, user=dm)
        case.refresh_from_db()
        usable.append((case, assessment))
    municipalities = [o for o in seeder.orgs.values() if o.kind == "municipality"]
    for index, (case, assessment) in enumerate(usable):
        municipality = municipalities[index % len(municipalities)] if municipalities else None
        om = seeder.orgs.get("om-landelijk")
        executor = (
            seeder.orgs["kmar"]
            if case.phenomenon in ("terrorism", "state_actors")
            else seeder.orgs["politie"]
        )
        level = assessment.recommended_resistance or 2
        base = dict(
            municipality=municipality,
            prosecutor_office=om,
            preferred_executor=executor,
            acknowledge_disagreement=True,
            acknowledge_complexity=True,
        )
        if case.state == "decision":
            data = services.DecisionData(
                decision_type="start",
                reasoning=REASONS["start"],
                effective_date=today + timedelta(days=1),
                required_resistance=level,
                next_recalibration=today + timedelta(days=90),
                **base,
            )
            try:
                first = services.create_decision(dm1, case.pk, data)
                counts["decisions"] += 1
                if not counts.get("rejected"):
                    services.reject_decision(
                        dm2,
                        first.pk,
                        reason="Het pakket mist beveiligd vervoer terwijl de persoon dagelijks "
                        "naar een vaste werkplek reist; neem opnieuw een besluit.",
                    )
                    counts["rejected"] = 1
                    services.create_decision(dm1, case.pk, data)
                    counts["decisions"] += 1
            except Exception as exc:  # a demo case the catalogue cannot serve: say so
                seeder._say(f"  besluit {case.reference} overgeslagen: {exc}")
                continue
            counts["pending_approvals"] += 1
            continue
        if case.state not in ("protection_active", "recalibration", "ended"):
            continue
        e0 = today - timedelta(days=rng.randint(120, 300))
        start = _historic(case, assessment, "start", level, e0, None, dm1, dm2, base)
        counts["decisions"] += 1
        current = start
        flavour = index % 3
        if case.state == "ended":
            _historic(
                case, assessment, "stop", None, e0 + timedelta(days=90), start, dm2, dm1, base
            )
            counts["decisions"] += 1
        elif flavour == 1:
            current = _historic(
                case, assessment, "continue", level, e0 + timedelta(days=90), start, dm2, None, base
            )
            counts["decisions"] += 1
        elif flavour == 2 and level < 4:
            current = _historic(
                case,
                assessment,
                "adjust",
                level + 1,
                today - timedelta(days=20),
                start,
                dm1,
                dm2,
                base,
            )
            counts["decisions"] += 1
        if (
            case.state == "recalibration"
            and current.required_resistance
            and current.required_resistance > 1
        ):
            data = services.DecisionData(
                decision_type="scale_down",
                reasoning=REASONS["scale_down"],
                effective_date=today + timedelta(days=7),
                required_resistance=current.required_resistance - 1,
                next_recalibration=today + timedelta(days=120),
                **base,
            )
            try:
                services.create_decision(dm2, case.pk, data)
                counts["decisions"] += 1
                counts["pending_approvals"] += 1
            except Exception as exc:
                seeder._say(f"  afschalen {case.reference} overgeslagen: {exc}")
        if (
            case.state == "protection_active"
            and flavour == 0
            and not counts.get("stop_planned")
            and case.restricted_compartment_id is None
        ):
            # An approved stop two weeks ahead: its assignments already carry their end date.
            stop = services.DecisionData(
                decision_type="stop",
                reasoning=REASONS["stop"],
                effective_date=today + timedelta(days=14),
                **base,
            )
            planned = services.create_decision(dm1, case.pk, stop)
            services.approve_decision(dm2, planned.pk, note="Akkoord: dreiging weggenomen.")
            counts["decisions"] += 1
            counts["stop_planned"] = 1
        in_force.append(current)
    services.apply_decisions(today)
    for decision in in_force:
        _acknowledge_some(seeder, decision, rng)
    services.apply_decisions(today)
    counts["assignments"] = _count_assignments()
    return {"decisions": counts}


def _historic(case, assessment, kind, level, effective, previous, decider, approver, base):
    """A decision from the past, with the steps the service takes once approved."""
    from weerstand.audit import services as audit
    from weerstand.audit.models import AuditAction
    from weerstand.decisions import services
    from weerstand.decisions.models import Decision, DecisionStatus

    data = services.DecisionData(
        decision_type=kind,
        reasoning=REASONS[kind],
        effective_date=effective,
        required_resistance=level,
        next_recalibration=effective + timedelta(days=90) if kind != "stop" else None,
        **base,
    )
    packages, measures = [], []
    if kind != "stop":
        packages, measures = services._packages(case, level, previous, data)
    four_eyes = services.needs_four_eyes(kind, level, previous)
    decided_at = timezone.make_aware(
        timezone.datetime.combine(
            effective - timedelta(days=2), timezone.datetime.min.time().replace(hour=10)
        )
    )
    decision = Decision.objects.create(
        reference=services._next_reference(Decision, "BS", 4),
        case=case,
        assessment=assessment,
        decision_type=kind,
        required_resistance=level,
        reasoning=REASONS[kind],
        effective_date=effective,
        next_recalibration=data.next_recalibration,
        status=DecisionStatus.APPROVED,
        needs_approval=four_eyes,
        municipality=base["municipality"],
        prosecutor_office=base["prosecutor_office"],
        preferred_executor=base["preferred_executor"],
        disagreement_acknowledged=True,
        complexity_acknowledged=True,
        decided_by=decider,
        decided_at=decided_at,
        approved_by=approver if four_eyes else None,
        approved_at=decided_at + timedelta(hours=3) if four_eyes else None,
        supersedes=previous,
    )
    decision.packages.set(packages)
    decision.measures.set(measures)
    audit.record(
        AuditAction.CREATE,
        decision,
        changes={"decision_type": [None, kind], "effective_date": [None, str(effective)]},
        reason="demobesluit (historisch)",
        actor=decider,
    )
    services._schedule(decision, approver or decider)
    services.apply_decisions(effective, only=decision.pk)
    decision.refresh_from_db()
    return decision


def _acknowledge_some(seeder: Any, decision: Any, rng: random.Random) -> None:
    """Most assignments acknowledged and staffed; some pending, a few overdue."""
    from weerstand.decisions import services
    from weerstand.decisions.models import SecurityAssignment

    liaisons = {"politie": seeder.users["politie"], "kmar": seeder.users["kmar"]}
    for a in SecurityAssignment.objects.filter(
        decision=decision.pk, status="pending"
    ).select_related("executing_organisation", "case"):
        roll = rng.random()
        user = liaisons.get(a.executing_organisation.code)
        # The liaison reaches the assignment (own organisation) unless the case is in a
        # restricting compartment or above the liaison's clearance: those stay pending (and
        # escalate).
        visible = (
            user is not None
            and a.case.restricted_compartment_id is None
            and a.case.classification <= user.clearance
        )
        if roll < 0.65 and visible:
            services.acknowledge_assignment(user, a.pk, note="Opgepakt door de eenheid.")
            if rng.random() < 0.7:
                services.mark_staffed(user, a.pk)
            else:
                SecurityAssignment.objects.filter(pk=a.pk).update(
                    staffed_before=timezone.now() - timedelta(hours=rng.randint(2, 30))
                )
        elif roll < 0.85:
            SecurityAssignment.objects.filter(pk=a.pk).update(
                acknowledge_before=timezone.now() - timedelta(hours=rng.randint(1, 20))
            )


def _count_assignments() -> int:
    from weerstand.decisions.models import SecurityAssignment

    return SecurityAssignment.objects.count()
