"""The organisations' demo step on its own: every partner organisation and unit exists."""

from __future__ import annotations

import pytest

from weerstand.core.demo.seed import World
from weerstand.organisations import demo
from weerstand.organisations.models import Organisation, Unit


@pytest.mark.django_db
def test_all_partner_organisations_and_units_exist() -> None:
    world = World()
    assert demo.seed(world) == {"organisations": len(world.orgs), "units": len(world.units)}
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    for kind in (
        "nctv", "police", "kmar", "aivd", "mivd", "om", "municipality", "dji", "reclassering",
        "inspectorate", "advisory_body", "appeal_body", "private",
    ):  # fmt: skip
        assert kind in kinds, kind
    parkets = set(Organisation.objects.filter(kind="om").values_list("name", flat=True))
    assert {"Parket Rotterdam", "Parket Amsterdam", "Landelijk Parket"} <= parkets
    municipalities = Organisation.objects.filter(kind="municipality").count()
    assert municipalities >= 4
    unit_kinds = set(Unit.objects.values_list("kind", flat=True))
    for kind in ("threat_analysis", "authority", "lcc", "regional", "dkdb", "police_pb", "be",
                 "bsb", "hrb", "kmar_pb"):  # fmt: skip
        assert kind in unit_kinds, kind
