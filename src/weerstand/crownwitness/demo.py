"""Demo: one fictional crown-witness trajectory with a circle of five persons.

All names are invented. The officer opens the trajectory with a second officer as co-owner;
an NCTV analyst, a decision-maker and the LCC coordinator join through four eyes.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from weerstand.crownwitness import services
from weerstand.crownwitness.models import Coverage, Relation, Trajectory
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
    # The circle's persons are new registry entries: the seed's person count includes them.
    persons = seeder.summary.get("persons", 0) + len(CIRCLE)
    return {"trajectories": 1, "circle": len(CIRCLE), "persons": persons}
