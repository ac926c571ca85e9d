"""The demo step: one fictional trajectory with a circle of five persons and its members."""

from __future__ import annotations

import pytest

from weerstand.accounts import demo as accounts_demo
from weerstand.core.demo.seed import World
from weerstand.crownwitness import demo, services
from weerstand.crownwitness.models import Trajectory
from weerstand.organisations import demo as organisations_demo

pytestmark = pytest.mark.django_db


def test_demo_trajectory_with_circle_of_five() -> None:
    world = World()
    organisations_demo.seed(world)
    accounts_demo.seed(world)
    assert demo.seed(world) == {"trajectories": 1, "circle": 5, "persons": 5}
    trajectory = Trajectory.objects.get(title=demo.TITLE)
    assert trajectory.status == "running" and trajectory.planned_date is not None
    lcc = world.users["lcc"]
    assert services.circle_for(lcc, trajectory).count() == 5
    assert not services.trajectories_for(world.users["politie"]).exists()
    assert demo.seed(world) == {"trajectories": 0}  # idempotent
