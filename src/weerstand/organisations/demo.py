"""Demo data of the organisations app: the partner organisations and their units.

The first demo step (order 10 in `OrganisationsConfig`): every later step finds the
organisations and units by code in `world.orgs` and `world.units`.
"""

from __future__ import annotations

from typing import Any

from weerstand.organisations import demo_data as d
from weerstand.organisations.models import Organisation, Unit


def seed(world: Any) -> dict[str, Any]:
    for code, name, kind, parent in d.ORGANISATIONS:
        world.orgs[code] = Organisation.objects.create(
            code=code, name=name, kind=kind, parent=world.orgs.get(parent) if parent else None
        )
    units = [
        Unit(organisation=world.orgs[org], code=code, name=name, kind=kind)
        for code, org, name, kind in d.UNITS
    ]
    for unit in Unit.objects.bulk_create(units):
        world.units[unit.code] = unit
    world.say(f"  {len(world.orgs)} organisaties, {len(world.units)} eenheden")
    return {"organisations": len(world.orgs), "units": len(world.units)}
