"""The catalogue: versions with effective dates, edited only by decision-makers, audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from weerstand import testing as t
from weerstand.audit.models import AuditRecord
from weerstand.catalogue import services
from weerstand.catalogue.models import Measure, Package
from weerstand.core.errors import NotPermitted, ValidationFailed

pytestmark = pytest.mark.django_db

MEASURE = {
    "name": "Bewaken woning",
    "executing_kinds": ["police", "kmar"],
    "officers": 2,
    "qualifications": ["surveillance"],
    "start_hour": 0,
    "end_hour": 24,
    "weekdays": [0, 1, 2, 3, 4, 5, 6],
    "touches_local_powers": "mayor",
}


def test_versions_follow_each_other_without_overlap_and_never_backdated() -> None:
    dm = t.user("decision_maker")
    today = timezone.localdate()
    v1 = services.save_measure(dm, "bewaken", services.Revision(MEASURE, today, "Eerste versie"))
    with pytest.raises(ValidationFailed):  # no retroactive change
        services.save_measure(
            dm, "bewaken", services.Revision({"officers": 3}, today - timedelta(days=1), "Terug")
        )
    with pytest.raises(ValidationFailed):  # not on or before the previous version's start
        services.save_measure(
            dm, "bewaken", services.Revision({"officers": 3}, today, "Zelfde dag")
        )
    later = today + timedelta(days=30)
    v2 = services.save_measure(
        dm, "bewaken", services.Revision({"officers": 3}, later, "Drie per post")
    )
    assert (v2.version, v2.officers, v2.name) == (2, 3, "Bewaken woning")
    assert Measure.objects.in_force(today).get(code="bewaken").pk == v1.pk
    assert Measure.objects.in_force(later).get(code="bewaken").pk == v2.pk
    assert AuditRecord.objects.filter(object_type="catalogue.measure", action="create").count() == 2


def test_only_decision_makers_edit_and_bad_profiles_are_refused() -> None:
    today = timezone.localdate()
    for role in ("analyst", "lcc_coordinator", "inspector"):
        with pytest.raises(NotPermitted):
            services.save_measure(t.user(role), "x", services.Revision(MEASURE, today, "Poging"))
    dm = t.user("decision_maker")
    bad = MEASURE | {"start_hour": 20, "end_hour": 8, "qualifications": ["karate"]}
    with pytest.raises(ValidationFailed) as exc:
        services.save_measure(dm, "x", services.Revision(bad, today, "Fout profiel"))
    assert {"endHour", "qualifications"} <= {p.name for p in exc.value.invalid_params}


def test_package_per_phenomenon_and_level_uses_measures_in_force() -> None:
    dm = t.user("decision_maker")
    today = timezone.localdate()
    services.save_measure(dm, "bewaken", services.Revision(MEASURE, today, "Eerste versie"))
    package = services.save_package(
        dm,
        "oc-2",
        services.Revision(
            {"name": "Verhoogd", "phenomenon": "organised_crime", "resistance_level": 2},
            today,
            "Eerste versie",
            measure_codes=["bewaken"],
        ),
    )
    assert services.standard_package("organised_crime", 2, today) == package
    assert services.standard_package("radicalised_loner", 2, today) is None
    with pytest.raises(ValidationFailed):
        services.save_package(
            dm,
            "oc-3",
            services.Revision(
                {"name": "Hoog", "phenomenon": "organised_crime", "resistance_level": 3},
                today,
                "Eerste versie",
                measure_codes=["bestaat-niet"],
            ),
        )
    assert Package.objects.count() == 1
