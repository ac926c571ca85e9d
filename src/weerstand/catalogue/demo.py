"""Demo data of the catalogue app (called by core.demo.seed after the cases exist)."""

from __future__ import annotations

from typing import Any


def seed(seeder: Any) -> dict[str, Any]:
    return {}
