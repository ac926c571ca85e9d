"""Demo data of the consultations app: one consultation on a demo case transferred from the
OM (a case touching a running investigation), between the case owner (protection) and an
OM officer of the case team, with one follow-up action. Fictional content; through
`consultations.services` (the OM officer joins the team here if the plan left them out)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from weerstand.consultations import services


def _om_officer(world: Any) -> Any:
    for user in world.users.values():
        if user.has_role("om_officer"):
            return user
    return None


def seed(world: Any) -> dict[str, Any]:
    from weerstand.cases.models import Origin
    from weerstand.policy.models import CompartmentMembership

    om = _om_officer(world)
    target = next(
        (
            s
            for s in world.cases
            if s.case.origin == Origin.OM_TRANSFER
            and s.case.restricted_compartment_id is None
            and s.case.state != "ended"
        ),
        None,
    )
    owner = world.users.get(target.owner) if target is not None else None
    if target is None or om is None or owner is None:
        return {"consultations": 0}
    case = target.case
    CompartmentMembership.objects.get_or_create(compartment=case.team, user=om)
    services.record_consultation(
        owner,
        case.pk,
        services.ConsultationData(
            held_at=world.now - timedelta(days=2),
            participant_ids=[owner.pk, om.pk],
            interests="both",
            protection_interest=(
                "De beschermde persoon moet weten wanneer de verdachten worden aangehouden, "
                "zodat de beveiliging rond die dag wordt opgeschaald."
            ),
            investigation_interest=(
                "Het onderzoek loopt nog; de verdachten mogen niet merken dat zij in beeld zijn."
            ),
            sharing_agreement=(
                "Het parket deelt de dreigingsrelevante bevindingen met de analist van de "
                "casus; het LCC krijgt alleen de datum en het tijdvak, geen onderzoeksdetails."
            ),
            timing_agreement=(
                "Aanhoudingen niet voor de beveiliging bij de woning staat; het parket meldt "
                "de datum twee weken vooraf."
            ),
            key_date=world.today + timedelta(days=21),
            key_date_event="Geplande aanhoudingen",
            follow_ups=[
                services.FollowUpData(
                    "Beveiligingsplan rond de aanhoudingsdatum afstemmen met het LCC",
                    owner.pk,
                    world.today + timedelta(days=7),
                )
            ],
        ),
    )
    return {"consultations": 1}
