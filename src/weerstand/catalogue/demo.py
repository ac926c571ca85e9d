"""Demo catalogue: measures with capacity profiles and packages for the four national
phenomena at every level. Configuration data, written in bulk (it is not case content)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

ALL_DAYS = [0, 1, 2, 3, 4, 5, 6]
WORKDAYS = [0, 1, 2, 3, 4]

# code: (name, description, kinds, officers, qualifications, start, end, days, local powers)
MEASURES: dict[str, tuple[str, str, list[str], int, list[str], int, int, list[int], str]] = {
    "alertering": (
        "Alertering lokale politie",
        "De basiseenheid kent de persoon en het adres en reageert met voorrang op meldingen.",
        ["police"],
        0,
        [],
        0,
        24,
        ALL_DAYS,
        "",
    ),
    "surveillance": (
        "Gerichte surveillance",
        "Zichtbare surveillance bij woning en werkadres op wisselende tijden.",
        ["police", "kmar"],
        2,
        ["surveillance"],
        18,
        24,
        ALL_DAYS,
        "mayor",
    ),
    "bewaken-woning": (
        "Bewaken van de woning",
        "Statische bewaking van de woning door een vaste post.",
        ["police", "kmar"],
        2,
        ["surveillance", "firearms"],
        0,
        24,
        ALL_DAYS,
        "mayor",
    ),
    "cameratoezicht": (
        "Cameratoezicht",
        "Cameratoezicht op de openbare ruimte rond de woning, uitgekeken door de meldkamer.",
        ["police"],
        1,
        ["surveillance"],
        0,
        24,
        ALL_DAYS,
        "mayor",
    ),
    "woningbeveiliging": (
        "Woningbeveiliging",
        "Bouwkundige en elektronische maatregelen, alarmopvolging met voorrang.",
        ["police", "private"],
        0,
        [],
        0,
        24,
        ALL_DAYS,
        "",
    ),
    "beveiligd-vervoer": (
        "Beveiligd vervoer",
        "Vervoer in een beveiligd voertuig op risicomomenten (werk, zitting, publieke optredens).",
        ["police", "kmar"],
        2,
        ["secure_driving", "personal_protection"],
        7,
        22,
        WORKDAYS,
        "",
    ),
    "persoonsbegeleiding": (
        "Persoonsbegeleiding op risicomomenten",
        "Begeleiding door beveiligers bij vooraf bekende risicomomenten.",
        ["police", "kmar"],
        2,
        ["personal_protection", "firearms"],
        8,
        20,
        WORKDAYS,
        "",
    ),
    "persoonsbeveiliging-24-7": (
        "Persoonsbeveiliging 24/7",
        "Doorlopende persoonsbeveiliging door een team met hoog-risicobevoegdheid.",
        ["kmar", "police"],
        4,
        ["personal_protection", "firearms", "high_risk"],
        0,
        24,
        ALL_DAYS,
        "",
    ),
    "tijdelijke-verplaatsing": (
        "Tijdelijke verplaatsing",
        "Tijdelijk verblijf op een beveiligde locatie buiten de eigen woonplaats.",
        ["police"],
        2,
        ["personal_protection"],
        0,
        24,
        ALL_DAYS,
        "prosecutor",
    ),
    "gebiedsmaatregel": (
        "Gebiedsmaatregel",
        "Aanwijzing van een veiligheidsrisicogebied rond de woning (bevoegdheid burgemeester).",
        ["police"],
        2,
        ["surveillance"],
        0,
        24,
        ALL_DAYS,
        "both",
    ),
}

PHENOMENA = {
    "organised_crime": (
        "Georganiseerde en ondermijnende criminaliteit",
        "Dreiging van criminele netwerken tegen getuigen, advocaten, journalisten en bestuurders. "
        "Geweld wordt uitbesteed; de woning en vaste patronen zijn het grootste risico.",
    ),
    "terrorism": (
        "Terrorisme",
        "Dreiging door jihadistische of extremistische groeperingen; doelwitten zijn vaak publieke "
        "personen. Risicomomenten zijn publieke optredens en verplaatsingen.",
    ),
    "state_actors": (
        "Statelijke actoren",
        "Dreiging van of namens buitenlandse staten tegen dissidenten en critici; observatie en "
        "intimidatie gaan vaak vooraf aan geweld.",
    ),
    "radicalised_loner": (
        "Geradicaliseerde eenling",
        "Dreiging door één persoon zonder organisatie; weinig voorafgaande signalen, vaak online "
        "aangekondigd. Zichtbaarheid en snelle alarmopvolging wegen zwaar.",
    ),
}

# (phenomenon, level): (name, measure codes)
PACKAGES: dict[tuple[str, int], tuple[str, list[str]]] = {
    ("organised_crime", 1): ("Basis ondermijning", ["alertering", "woningbeveiliging"]),
    ("organised_crime", 2): (
        "Verhoogd ondermijning",
        ["alertering", "woningbeveiliging", "surveillance", "cameratoezicht"],
    ),
    ("organised_crime", 3): (
        "Hoog ondermijning",
        ["woningbeveiliging", "bewaken-woning", "cameratoezicht", "beveiligd-vervoer"],
    ),
    ("organised_crime", 4): (
        "Maximaal ondermijning",
        ["woningbeveiliging", "bewaken-woning", "persoonsbeveiliging-24-7", "beveiligd-vervoer"],
    ),
    ("terrorism", 1): ("Basis terrorisme", ["alertering"]),
    ("terrorism", 2): ("Verhoogd terrorisme", ["alertering", "woningbeveiliging", "surveillance"]),
    ("terrorism", 3): (
        "Hoog terrorisme",
        ["woningbeveiliging", "surveillance", "persoonsbegeleiding", "beveiligd-vervoer"],
    ),
    ("terrorism", 4): (
        "Maximaal terrorisme",
        ["woningbeveiliging", "bewaken-woning", "persoonsbeveiliging-24-7", "beveiligd-vervoer"],
    ),
    ("state_actors", 1): ("Basis statelijke actoren", ["alertering", "woningbeveiliging"]),
    ("state_actors", 2): (
        "Verhoogd statelijke actoren",
        ["alertering", "woningbeveiliging", "surveillance"],
    ),
    ("state_actors", 3): (
        "Hoog statelijke actoren",
        ["woningbeveiliging", "surveillance", "persoonsbegeleiding"],
    ),
    ("state_actors", 4): (
        "Maximaal statelijke actoren",
        ["woningbeveiliging", "persoonsbeveiliging-24-7", "tijdelijke-verplaatsing"],
    ),
    ("radicalised_loner", 1): ("Basis eenling", ["alertering"]),
    ("radicalised_loner", 2): ("Verhoogd eenling", ["alertering", "cameratoezicht"]),
    ("radicalised_loner", 3): (
        "Hoog eenling",
        ["alertering", "cameratoezicht", "surveillance", "persoonsbegeleiding"],
    ),
    ("radicalised_loner", 4): (
        "Maximaal eenling",
        ["cameratoezicht", "bewaken-woning", "persoonsbegeleiding", "beveiligd-vervoer"],
    ),
}


def seed(seeder: Any) -> dict[str, Any]:
    from weerstand.catalogue.models import Measure, Package, PhenomenonProfile

    start = seeder.today - timedelta(days=730)
    revised = seeder.today - timedelta(days=120)
    maker = seeder.users.get("besluitvormer")
    measures: dict[str, Any] = {}
    for code, (name, desc, kinds, officers, quals, h0, h1, days, local) in MEASURES.items():
        measures[code] = Measure.objects.create(
            code=code,
            version=1,
            name=name,
            description=desc,
            executing_kinds=kinds,
            officers=officers,
            qualifications=quals,
            start_hour=h0,
            end_hour=h1,
            weekdays=days,
            touches_local_powers=local,
            effective_from=start,
            effective_until=revised - timedelta(days=1) if code == "surveillance" else None,
            change_reason="Eerste catalogus stelsel beveiligen van personen.",
            created_by=maker,
        )
    # A revision: surveillance became a three-person post around the clock.
    name, desc, kinds, _o, quals, _h0, _h1, days, local = MEASURES["surveillance"]
    Measure.objects.create(
        code="surveillance",
        version=2,
        name=name,
        description=desc + " Sinds de evaluatie ook overdag.",
        executing_kinds=kinds,
        officers=3,
        qualifications=quals,
        start_hour=0,
        end_hour=24,
        weekdays=days,
        touches_local_powers=local,
        effective_from=revised,
        change_reason="Evaluatie LCC: surveillance alleen 's avonds liet overdag een gat.",
        created_by=maker,
    )
    for phenomenon, (name, desc) in PHENOMENA.items():
        PhenomenonProfile.objects.create(
            code=phenomenon,
            phenomenon=phenomenon,
            name=name,
            description=desc,
            effective_from=start,
            created_by=maker,
        )
    for (phenomenon, level), (name, codes) in PACKAGES.items():
        package = Package.objects.create(
            code=f"{phenomenon.replace('_', '-')}-{level}",
            name=name,
            description=f"Standaardpakket {name.lower()} (niveau {level}).",
            phenomenon=phenomenon,
            resistance_level=level,
            effective_from=start,
            created_by=maker,
        )
        package.measures.set([measures[c] for c in codes])
    return {"measures": len(MEASURES), "packages": len(PACKAGES)}
