"""The demo world holds one advice with the NCTV's response, readable by the demo users."""

from __future__ import annotations

from typing import Any

import pytest

from weerstand.accounts.models import User
from weerstand.advisory import demo, selectors


@pytest.fixture
def world(seeded_demo: dict[str, Any], db: None) -> dict[str, Any]:
    return seeded_demo


def test_demo_advice_and_response(world: dict[str, Any]) -> None:
    assert world["advisory"] == {"advice": 1}
    adviser = User.objects.get(username="adviesorgaan")
    rows = [a for a in selectors.advice_list(adviser) if a.title == demo.TITLE]
    assert len(rows) == 1
    assert [t.name for t in rows[0].theme_list] == ["Capaciteit en verdringing"]
    assert rows[0].response_list[0].responded_by.username == "kwaliteit"
