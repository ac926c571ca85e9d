"""Shared set-up for the information tests: the standard legal bases and a small world."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from weerstand import testing as t
from weerstand.information.legal_bases import ensure_default_legal_bases


@pytest.fixture
def world(db: None) -> SimpleNamespace:
    bases = ensure_default_legal_bases()
    police = t.org("police", code="pol")
    aivd = t.org("aivd", code="aivd-x")
    liaison = t.user("police_liaison", organisation=police)
    analyst = t.user("analyst")
    outsider = t.user("analyst")
    case = t.case(t.user("mayor"), team=(liaison, analyst), state="assessment")
    return SimpleNamespace(
        bases=bases,
        police=police,
        aivd=aivd,
        liaison=liaison,
        analyst=analyst,
        outsider=outsider,
        case=case,
    )
