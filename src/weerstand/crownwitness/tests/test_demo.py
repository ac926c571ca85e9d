"""The demo step: one fictional trajectory with a circle of five persons and its members,
two versions of the weighing with two contributions, a reviewer member and no review."""

from __future__ import annotations

import pytest

from weerstand.accounts import demo as accounts_demo
from weerstand.core.demo.seed import World
from weerstand.crownwitness import demo, services, weighings
from weerstand.crownwitness.models import Review, Trajectory
from weerstand.organisations import demo as organisations_demo

pytestmark = pytest.mark.django_db


def test_demo_trajectory_with_circle_of_five() -> None:
    world = World()
    organisations_demo.seed(world)
    accounts_demo.seed(world)
    assert demo.seed(world) == {
        "trajectories": 1,
        "circle": 5,
        "weighings": 2,
        "contributions": 2,
        "persons": 5,
    }
    trajectory = Trajectory.objects.get(title=demo.TITLE)
    assert trajectory.status == "running" and trajectory.planned_date is not None
    lcc = world.users["lcc"]
    assert services.circle_for(lcc, trajectory).count() == 5
    assert not services.trajectories_for(world.users["politie"]).exists()
    assert [w.number for w in weighings.weighings_for(lcc, trajectory)] == [2, 1]
    kinds = [c.kind for c in weighings.contributions_for(lcc, trajectory)]
    assert kinds == ["safety", "protection"]
    reviewer = world.users["toetser"]
    assert weighings.read_outline(reviewer, trajectory.pk).circle_size == 5
    assert not Review.objects.exists()  # the publication gate stays closed in the demo
    assert demo.seed(world) == {"trajectories": 0}  # idempotent
