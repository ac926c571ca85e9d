"""Demo: one fictional crown-witness trajectory with a circle of five persons.

All names are invented. The officer opens the trajectory with a second officer as co-owner;
an NCTV analyst, a decision-maker and the LCC coordinator join through four eyes. The OM
weighs twice (the picture changed after the experts' contributions), and the independent
reviewer joins through four eyes too. There is deliberately no review: the trajectory is not
ready for publication in the demo.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from weerstand.crownwitness import services, weighings
from weerstand.crownwitness.models import Coverage, ExpertKind, Relation, Trajectory
from weerstand.policy import compartments
from weerstand.policy.models import ChangeKind
from weerstand.registry.services import PersonData

TITLE = "Traject Zilvermeeuw"
CIRCLE = (
    ("Joost", "Hoekstra", Relation.SIBLING, Coverage.WEERSTAND, ""),
    ("Marga", "Hoekstra", Relation.PARENT, Coverage.PROGRAMME, "Getuigenbescherming (OM/politie)"),
    ("Ellen", "Vos", Relation.PARTNER, Coverage.PROGRAMME, "Getuigenbescherming (OM/politie)"),
    ("Pieter", "Lansink", Relation.LAWYER, Coverage.WEERSTAND, ""),
    ("Noor", "Brandsma", Relation.CONFIDANT, Coverage.WEERSTAND, ""),
)


WEIGHING_V1 = weighings.WeighingData(
    prosecution_value="Enige getuige van de opdrachtgever; zonder verklaring geen vervolging.",
    witness_reliability="Verklaringen tot nu toe controleerbaar en op drie punten bevestigd.",
    safety_risks="Hoog voor getuige, partner en moeder; broer en vertrouwenspersoon onbekend.",
    measures_needed="Programma voor getuige, partner en moeder; beveiliging voor de broer.",
    state_capacity="Programma kan het aan; beveiliging van de broer vraagt een extra team.",
    bearability="Partner twijfelt of zij haar werk en omgeving kan opgeven.",
    ethical_consequences="De kinderen van de partner verliezen school en familie.",
    outcome="continue",
    conclusion="Doorgaan, mits de draagbaarheid voor de partner opnieuw wordt besproken.",
)
WEIGHING_V2 = weighings.WeighingData(
    **{
        **WEIGHING_V1.__dict__,
        "safety_risks": (
            "Hoog voor de hele kring: de NCTV ziet nu ook dreiging tegen de vertrouwenspersoon."
        ),
        "measures_needed": (
            "Programma voor getuige, partner en moeder; beveiliging voor broer en "
            "vertrouwenspersoon."
        ),
        "state_capacity": "Het LCC kan beide beveiligingen leveren vanaf de zittingsdatum.",
        "conclusion": "Doorgaan; het beeld is veranderd, de maatregelen zijn uitgebreid.",
    }
)
CONTRIBUTIONS = (
    ("analist", ExpertKind.SAFETY, "Dreiging tegen de vertrouwenspersoon is reëel en recent."),
    ("lcc", ExpertKind.PROTECTION, "Twee extra beveiligingen zijn te leveren vanaf de zitting."),
)


def _weigh(seeder: Any, trajectory: Trajectory) -> int:
    """Version 1, the experts' contributions, version 2 on the changed picture; the
    reviewer joins (four eyes) but records nothing."""
    users = seeder.users
    officer, officer2 = users["officier"], users["officier2"]
    weighings.record_weighing(officer, trajectory.pk, WEIGHING_V1, based_on=0)
    count = 0
    for name, kind, text in CONTRIBUTIONS:
        if name in users:
            weighings.add_contribution(users[name], trajectory.pk, kind, text)
            count += 1
    weighings.record_weighing(officer, trajectory.pk, WEIGHING_V2, based_on=1)
    reviewer = users.get("toetser")
    if reviewer is not None:
        change = compartments.propose(
            officer,
            trajectory.compartment_id,
            reviewer.pk,
            kind=ChangeKind.ADD,
            reason="Onafhankelijke toetsing van weging en beschermingsafspraak",
        )
        compartments.decide(officer2, change.pk, approve=True)
    return count


def seed(seeder: Any) -> dict[str, Any]:
    users = seeder.users
    officer, officer2 = users.get("officier"), users.get("officier2")
    if officer is None or officer2 is None or Trajectory.objects.filter(title=TITLE).exists():
        return {"trajectories": 0}
    trajectory = services.open_trajectory(
        officer,
        services.TrajectoryData(
            title=TITLE,
            description=(
                "Een verdachte in een liquidatieonderzoek biedt een verklaring aan in ruil "
                "voor strafvermindering. De kring wordt in kaart gebracht."
            ),
            co_owner=officer2.pk,
            reason="Toezegging aan getuige in overweging",
        ),
    )
    for name in ("analist", "besluitvormer", "lcc"):
        member = users.get(name)
        if member is None:
            continue
        change = compartments.propose(
            officer,
            trajectory.compartment_id,
            member.pk,
            kind=ChangeKind.ADD,
            reason="Nodig voor dreiging en beveiliging van de kring",
        )
        compartments.decide(officer2, change.pk, approve=True)
    for first, last, relation, coverage, programme in CIRCLE:
        services.add_person(
            officer,
            trajectory.pk,
            services.CircleData(
                relation=relation,
                coverage=coverage,
                new_person=PersonData(first_name=first, last_name=last),
                programme=programme,
                coverage_reason=(
                    "Krijgt met de getuige een nieuwe identiteit in het programma."
                    if coverage == Coverage.PROGRAMME
                    else ""
                ),
                reason="Kring vanaf het begin in kaart brengen",
            ),
        )
    services.change_status(
        officer, trajectory.pk, "running", reason="Afspraken met de getuige worden voorbereid"
    )
    services.set_planned_date(
        officer,
        trajectory.pk,
        seeder.today + timedelta(days=60),
        reason="Eerste zitting van de strafzaak gepland",
    )
    contributions = _weigh(seeder, trajectory)
    # The circle's persons are new registry entries: the seed's person count includes them.
    persons = seeder.summary.get("persons", 0) + len(CIRCLE)
    return {
        "trajectories": 1,
        "circle": len(CIRCLE),
        "weighings": 2,
        "contributions": contributions,
        "persons": persons,
    }
