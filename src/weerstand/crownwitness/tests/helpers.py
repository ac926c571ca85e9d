"""Shared set-up of the trajectory tests: a trajectory opened through the services by the
OM, with members added through the four-eyes compartment service."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from weerstand import testing as t
from weerstand.crownwitness import services
from weerstand.policy import compartments
from weerstand.policy.models import ChangeKind
from weerstand.registry.services import PersonData


@dataclass
class Setup:
    om: Any
    om2: Any
    trajectory: Any


def add_member(setup: Setup, user: Any) -> None:
    change = compartments.propose(
        setup.om,
        setup.trajectory.compartment_id,
        user.pk,
        kind=ChangeKind.ADD,
        reason="Nodig voor de kring",
    )
    compartments.decide(setup.om2, change.pk, approve=True)


def remove_member(setup: Setup, user: Any) -> None:
    change = compartments.propose(
        setup.om,
        setup.trajectory.compartment_id,
        user.pk,
        kind=ChangeKind.REMOVE,
        reason="Niet meer nodig hier",
    )
    compartments.decide(setup.om2, change.pk, approve=True)


def open_trajectory(description: str = "Verklaring in overweging", case: Any = None) -> Setup:
    om, om2 = t.user("om_officer"), t.user("om_officer")
    trajectory = services.open_trajectory(
        om,
        services.TrajectoryData(
            title="Traject Test",
            description=description,
            case=case,
            co_owner=om2.pk,
            reason="Toezegging in overweging",
        ),
    )
    return Setup(om, om2, trajectory)


def add_weerstand_person(setup: Setup, first: str = "Jan", last: str = "Broer") -> Any:
    return services.add_person(
        setup.om,
        setup.trajectory.pk,
        services.CircleData(
            relation="sibling",
            coverage="weerstand",
            new_person=PersonData(first_name=first, last_name=last),
            reason="Kring in kaart brengen",
        ),
    )


def weighing_data(outcome: str = "continue", **overrides: str) -> Any:
    """A complete weighing: every interest filled in."""
    from weerstand.crownwitness.weighings import INTERESTS, WeighingData

    values = {name: f"Afweging van {name} in voldoende woorden" for name, _api in INTERESTS}
    values.update(outcome=outcome, conclusion="Doorgaan met het traject, zo besloten")
    values.update(overrides)
    return WeighingData(**values)


def weigh(setup: Setup, outcome: str = "continue", **overrides: str) -> Any:
    from weerstand.crownwitness import weighings

    return weighings.record_weighing(
        setup.om, setup.trajectory.pk, weighing_data(outcome, **overrides)
    )


def add_reviewer(setup: Setup) -> Any:
    reviewer = t.user("independent_reviewer")
    add_member(setup, reviewer)
    return reviewer
