"""Test set-up for the decisions tests: a small catalogue, the people, and a case with a
finalised assessment (written directly: the assessment's own flow is tested in its app)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from weerstand import testing as t
from weerstand.cases.models import Case
from weerstand.catalogue.models import Measure, Package
from weerstand.decisions.models import Decision, SecurityAssignment

if TYPE_CHECKING:
    from weerstand.assessments.models import Assessment

MEASURES = {
    # code: (name, kinds, officers, quals, hours, local powers)
    "alertering": ("Alertering lokale politie", ["police"], 0, [], (0, 24), ""),
    "bewaken": ("Bewaken woning", ["police", "kmar"], 2, ["surveillance"], (0, 24), "mayor"),
    "cameratoezicht": ("Cameratoezicht", ["police"], 1, ["surveillance"], (0, 24), "mayor"),
    "persoonsbeveiliging": (
        "Persoonsbeveiliging 24/7",
        ["kmar", "police"],
        4,
        ["personal_protection", "firearms"],
        (0, 24),
        "",
    ),
    "verplaatsing": (
        "Tijdelijke verplaatsing",
        ["police"],
        2,
        ["personal_protection"],
        (0, 24),
        "prosecutor",
    ),
    "beveiligd-vervoer": (
        "Beveiligd vervoer",
        ["police", "kmar"],
        2,
        ["secure_driving"],
        (7, 19),
        "",
    ),
}
PACKAGES = {
    1: ["alertering"],
    2: ["alertering", "bewaken"],
    3: ["alertering", "bewaken", "cameratoezicht", "beveiligd-vervoer"],
    4: ["bewaken", "persoonsbeveiliging", "beveiligd-vervoer"],
}


def catalogue(on: date | None = None, phenomenon: str = "organised_crime") -> dict[str, Measure]:
    start = (on or timezone.localdate()) - timedelta(days=400)
    measures = {}
    for code, (name, kinds, officers, quals, (h0, h1), local) in MEASURES.items():
        measures[code] = Measure.objects.get_or_create(
            code=code,
            version=1,
            defaults=dict(
                name=name,
                executing_kinds=kinds,
                officers=officers,
                qualifications=quals,
                start_hour=h0,
                end_hour=h1,
                weekdays=list(range(7)),
                touches_local_powers=local,
                effective_from=start,
            ),
        )[0]
    for level, codes in PACKAGES.items():
        p = Package.objects.create(
            code=f"{phenomenon}-{level}",
            name=f"Pakket {phenomenon} niveau {level}",
            phenomenon=phenomenon,
            resistance_level=level,
            effective_from=start,
        )
        p.measures.set([measures[c] for c in codes])
    return measures


@dataclass
class World:
    nctv: Any
    police: Any
    kmar: Any
    municipality: Any
    other_municipality: Any
    om: Any
    author: Any
    challenger: Any
    dm1: Any
    dm2: Any
    lcc: Any
    police_liaison: Any
    kmar_liaison: Any
    mayor: Any
    other_mayor: Any
    om_officer: Any
    measures: dict[str, Measure]


def world() -> World:
    nctv = t.org("nctv", code="nctv-test")
    police = t.org("police", code="politie-test")
    kmar = t.org("kmar", code="kmar-test")
    municipality = t.org("municipality", code="gemeente-test", name="Gemeente Teststad")
    other = t.org("municipality", code="gemeente-anders", name="Gemeente Elders")
    om = t.org("om", code="om-test", name="Parket Test")
    return World(
        nctv=nctv,
        police=police,
        kmar=kmar,
        municipality=municipality,
        other_municipality=other,
        om=om,
        author=t.user("analyst", "decision_maker", organisation=nctv),
        challenger=t.user("analyst", "decision_maker", organisation=nctv),
        dm1=t.user("decision_maker", organisation=nctv),
        dm2=t.user("decision_maker", organisation=nctv),
        lcc=t.user("lcc_coordinator", organisation=nctv),
        police_liaison=t.user("police_liaison", organisation=police),
        kmar_liaison=t.user("kmar_liaison", organisation=kmar),
        mayor=t.user("mayor", organisation=municipality),
        other_mayor=t.user("mayor", organisation=other),
        om_officer=t.user("om_officer", organisation=om),
        measures=catalogue(),
    )


SECRET_SUMMARY = "GEHEIM-DREIGING-7781 de opdrachtgever zit in Marbella"
SECRET_RISK = "RESTRISICO-4411 woonadres Kerkstraat 12"


def decided_case(w: World, *, state: str = "decision", **kwargs: Any) -> tuple[Case, Assessment]:
    """A case in the decision phase with a finalised assessment by `w.author`."""
    from weerstand.assessments.models import Assessment, Challenge

    case = t.case(
        w.author,
        team=(w.author, w.challenger, w.dm1, w.dm2),
        owner=w.author,
        state=state,
        summary=SECRET_SUMMARY,
        **kwargs,
    )
    assessment = Assessment.objects.create(
        case=case,
        number=1,
        status="finalised",
        author=w.author,
        threat_level=4,
        recommended_resistance=3,
        residual_risk=SECRET_RISK,
        finalised_at=timezone.now(),
        finalised_by=w.author,
        next_recalibration=timezone.localdate() + timedelta(days=60),
    )
    Challenge.objects.create(assessment=assessment, challenger=w.challenger)
    return case, assessment


def start_data(w: World, **overrides: Any) -> Any:
    from weerstand.decisions.services import DecisionData

    today = timezone.localdate()
    values: dict[str, Any] = dict(
        decision_type="start",
        reasoning="Dreiging tegen het leven; de persoon kan zelf onvoldoende weerstand bieden.",
        effective_date=today,
        required_resistance=3,
        next_recalibration=today + timedelta(days=60),
        municipality=w.municipality,
        prosecutor_office=w.om,
        preferred_executor=w.police,
    )
    values.update(overrides)
    return DecisionData(**values)


def assignment(decision: Decision, **filters: Any) -> SecurityAssignment:
    """The decision's first security assignment (matching `filters`); the tests that ask
    for one expect it to exist, so none is an error rather than a None to trip over."""
    found = SecurityAssignment.objects.filter(decision=decision, **filters).first()
    assert found is not None, f"no security assignment of {decision.reference} for {filters}"
    return found
