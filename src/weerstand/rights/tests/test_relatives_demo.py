"""The demo shows the relatives' side: the partner and the employer contact of the demo
protectee have a letter, and the employer has measures to confirm."""

from __future__ import annotations

from typing import Any

import pytest

from weerstand.accounts.models import User
from weerstand.rights import selectors


@pytest.fixture(scope="module")
def seeded(seeded_demo: dict[str, Any]) -> dict[str, Any]:
    """The demo world, seeded once for every module that reads it (conftest)."""
    return seeded_demo


@pytest.mark.django_db
def test_demo_relative_and_employer_have_letters_and_measures(seeded: dict[str, Any]) -> None:
    naaste = User.objects.get(username="naaste")
    werkgever = User.objects.get(username="werkgever")
    tbp = User.objects.get(username="tbp")
    assert [x.kind for x in selectors.own_addressed_letters(naaste)] == ["household"]
    assert [x.kind for x in selectors.own_addressed_letters(werkgever)] == ["employer"]
    assert {x.kind for x in selectors.own_addressed_letters(tbp)} == {"protectee"}
    assert len(selectors.own_employer_measures(werkgever)) == 2
    assert seeded["rights_relatives"]["employer_measures"] == 2
