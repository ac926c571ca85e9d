"""Helpers shared by the decisions services (not part of their public surface)."""

from __future__ import annotations

from weerstand.core.references import next_reference
from weerstand.decisions.models import DecisionType
from weerstand.decisions.rules import is_challenger

T = DecisionType


_is_challenger = is_challenger

# The kernel's one reference generator (`BS-2026-0001`, `BO-2026-00001`), under the name the
# decisions services and their callers import; it takes the same lock and counts the same way.
_next_reference = next_reference
