"""Demo data of the capacity app (called by core.demo.seed after the cases and decisions).

About 210 fictional officers in the protection units the core seed created (police: segment
persoonsbegeleiding, regional units Rotterdam and Amsterdam, DKDB, BE; KMar: BSB, HRB and the
contingent persoonsbeveiliging binnenland; one approved private party), with qualifications
that fit their unit, and some leave and training in the coming week. Officers are set-up data
and written in bulk (one audit record for the batch). No plan is solved here: the
coordinator makes one on /capaciteit/. The decisions demo's open assignments ask about 1,600
officer-shifts a week (many round-the-clock posts); these officers staff a little over half of
that, so the next 7 days show shortages and displacement by priority. (With 120 officers a
plan staffed only a third, which no coordination centre would recognise.)
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

SEED = 8_2026
FIRST = (
    "Anouk",
    "Bram",
    "Chantal",
    "Daan",
    "Esra",
    "Floris",
    "Gijs",
    "Hanneke",
    "Ilias",
    "Jolien",
    "Kees",
    "Lotte",
    "Mehmet",
    "Noor",
    "Olaf",
    "Priya",
    "Quinten",
    "Roos",
    "Sem",
    "Tamara",
    "Umut",
    "Vera",
    "Wessel",
    "Yara",
    "Zeger",
)
LAST = (
    "Bakker",
    "Claassen",
    "Dijkstra",
    "Evers",
    "Franken",
    "Gerritsen",
    "Hendriks",
    "IJzerman",
    "Jansen",
    "Kok",
    "Luijten",
    "Mulder",
    "Nijhuis",
    "Oosterhout",
    "Peeters",
    "Roelofs",
    "Schouten",
    "Timmermans",
    "Uijl",
    "Verbeek",
    "Willems",
    "Zijlstra",
)
PP, SD, HR, FA, SV = (
    "personal_protection",
    "secure_driving",
    "high_risk",
    "firearms",
    "surveillance",
)
# unit code -> (number of officers, qualification odds)
UNITS: dict[str, tuple[int, dict[str, float]]] = {
    "politie-persoonsbegeleiding": (28, {PP: 1.0, SD: 0.7, FA: 0.8}),
    "politie-rotterdam": (32, {FA: 0.9, SV: 0.9, PP: 0.4, SD: 0.3}),
    "politie-amsterdam": (28, {FA: 0.9, SV: 0.9, PP: 0.4, SD: 0.3}),
    "politie-dkdb": (28, {FA: 1.0, PP: 0.9, SD: 0.6, HR: 0.3, SV: 0.5}),
    "politie-be": (24, {FA: 0.9, SV: 1.0}),
    "kmar-bsb": (16, {FA: 1.0, PP: 0.8, HR: 0.7, SD: 0.4}),
    "kmar-hrb": (18, {FA: 1.0, HR: 0.8, PP: 0.8, SD: 0.5}),
    "kmar-pb": (26, {FA: 1.0, PP: 0.9, SV: 0.6, SD: 0.4}),
    "dijkwacht-persoonsbeveiliging": (12, {SV: 1.0}),
}


def seed(seeder: Any) -> dict[str, Any]:
    from weerstand.audit import services as audit
    from weerstand.audit.models import AuditAction
    from weerstand.capacity.models import Absence, AbsenceKind, Officer

    rng = random.Random(SEED)
    officers: list[Officer] = []
    number = 0
    for code, (count, odds) in UNITS.items():
        unit = seeder.units.get(code)
        if unit is None:
            continue
        for _ in range(count):
            number += 1
            quals = sorted(q for q, p in odds.items() if rng.random() < p)
            officers.append(
                Officer(
                    unit=unit,
                    first_name=rng.choice(FIRST),
                    last_name=rng.choice(LAST),
                    badge=f"{code.split('-')[0][:3].upper()}-{number:04d}",
                    qualifications=quals or [next(iter(odds))],
                    contract_hours=rng.choice((32, 36, 36, 38, 40)),
                    shift_wish=rng.choice(("", "", "", "no_nights", "E", "L")),
                )
            )
    created = Officer.objects.bulk_create(officers)
    absences = []
    for officer in created:
        roll = rng.random()
        if roll < 0.12:
            start = seeder.today + timedelta(days=rng.randrange(0, 5))
            absences.append(
                Absence(
                    officer=officer,
                    kind=AbsenceKind.LEAVE,
                    starts_on=start,
                    ends_on=start + timedelta(days=rng.randrange(2, 8)),
                    note="Vakantie",
                )
            )
        elif roll < 0.22:
            day = seeder.today + timedelta(days=rng.randrange(0, 7))
            absences.append(
                Absence(
                    officer=officer,
                    kind=AbsenceKind.TRAINING,
                    starts_on=day,
                    ends_on=day,
                    note=rng.choice(("Schietvaardigheid", "Rijvaardigheid", "EHBO-herhaling")),
                )
            )
    Absence.objects.bulk_create(absences)
    audit.record(
        AuditAction.CREATE,
        object_type="capacity.officer",
        object_repr=f"{len(created)} demomedewerkers, {len(absences)} afwezigheden",
        changes={"officers": len(created), "absences": len(absences)},
        reason="demodata",
    )
    return {"officers": len(created), "absences": len(absences)}
