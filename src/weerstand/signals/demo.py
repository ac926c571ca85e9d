"""Demo data of the signals app (called by core.demo.seed after the cases exist).

About 25 soft signals from officers, a protectee, a relative and an employer, written through
the services (grading, deadlines, entities, re-assessment advice, audit). Older ones are
triaged; several are left overdue and escalated, so the queue and start page show them.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from weerstand.signals import services
from weerstand.signals.services import SignalData

SEED = 20241220  # date of the progress letter on the new protection system

OFFICERS = ("politie", "kmar", "planner", "lcc", "officier", "aivd", "infocoordinator")
OFFICER_TEXTS = [
    (
        "observation",
        "Donkere bestelbus stond twee avonden achter elkaar met draaiende motor "
        "tegenover de woning; bestuurder maakte foto's.",
    ),
    (
        "observation",
        "Beveiligers zagen een man die bij de ingang van het werkadres vroeg naar "
        "de werktijden van betrokkene.",
    ),
    (
        "threat",
        "Via een informant: in het netwerk wordt gesproken over 'het afmaken van de "
        "klus' rond de getuige.",
    ),
    (
        "incident",
        "Ruit van de auto van de partner ingeslagen; niets weggenomen, briefje met "
        "alleen een datum achtergelaten.",
    ),
    (
        "observation",
        "Scooter met twee personen volgde het konvooi vanaf de A13 tot de afslag Delft-Zuid.",
    ),
    (
        "other",
        "Betrokkene plaatste zelf een foto met herkenbare straat op sociale media; "
        "gesprek over digitale weerbaarheid nodig.",
    ),
    (
        "threat",
        "Op een Telegramkanaal circuleert het woonadres van de advocaat met de tekst "
        "'weet waar je woont'.",
    ),
    (
        "observation",
        "Drone boven de tuin van het onderduikadres, rond 23:00 uur, ongeveer tien minuten.",
    ),
    ("incident", "Onbekende belde naar de school van de kinderen en gaf zich uit als oom."),
    ("observation", "Bekende van de hoofdverdachte is gezien in de sportschool van betrokkene."),
    (
        "other",
        "Buurtbewoner meldt dat er vragen zijn gesteld over wie er 'die mannen in pak' "
        "zijn bij nummer 14.",
    ),
    (
        "threat",
        "In een afgeluisterd gesprek wordt de naam van de vertrouwenspersoon genoemd "
        "in combinatie met 'aanpakken'.",
    ),
]
SUBJECTS = [
    "Man van ongeveer 30, kort donker haar, grijs trainingspak",
    "Bedrijfspand aan de Waalhaven, achteringang",
    "Vrouw met rode jas die vaker in de straat staat",
]
PORTAL_TEXTS = {
    "tbp": [
        ("threat", "Ik kreeg een bericht van een onbekend nummer: 'we zien je wel'."),
        ("observation", "Dezelfde auto stond vanochtend weer bij de bakker toen ik daar was."),
        ("incident", "Iemand heeft aan mijn voordeur gerammeld, rond half drie 's nachts."),
    ],
    "naaste": [
        ("observation", "Een man vroeg bij het hek van de school naar onze zoon."),
        ("other", "Ik merk dat onze dochter erg bang is; ze wil niet meer alleen naar buiten."),
    ],
    "werkgever": [
        (
            "observation",
            "Een bezoeker aan de balie wilde per se weten op welke verdieping mevrouw werkt.",
        ),
        ("incident", "Er is een pakketje zonder afzender bezorgd op kantoor, gericht aan haar."),
    ],
}
CERTAINTIES = ("seen_myself", "fairly_sure", "not_sure", "hearsay")
TRIAGE_NOTES = [
    "Past in het bekende patroon; meegenomen in de lopende dreigingsinschatting.",
    "Geen aanwijzingen voor dreiging; buurtbewoner bekend bij de wijkagent.",
    "Nagevraagd bij de eenheid: voertuig is van een bezorgdienst.",
]


_CASES: dict[int, list[Any]] = {}


def _visible_cases(user: Any) -> list[Any]:
    """Per user, once per run (the demo's cases do not change while signals are written)."""
    from weerstand.cases.models import Case

    if user.pk not in _CASES:
        _CASES[user.pk] = list(Case.objects.visible_to(user).order_by("reference")[:40])
    return _CASES[user.pk]


def seed(seeder: Any) -> dict[str, Any]:
    from weerstand.accounts.models import User
    from weerstand.signals.models import Signal

    rng = random.Random(SEED)
    _CASES.clear()
    users = seeder.users
    now = seeder.now
    analysts = [users[n] for n in ("analist", "analist2", "senior-analist") if n in users]
    made: list[tuple[Any, Any]] = []  # (signal, created)

    # Officers: older signals first, so the oldest can be triaged and some left overdue.
    officers = [users[n] for n in OFFICERS if n in users]
    for i, (kind, text) in enumerate(OFFICER_TEXTS * 2):
        if len(made) >= 18:
            break
        officer = officers[i % len(officers)]
        cases = _visible_cases(officer)
        created = now - timedelta(hours=rng.randint(2, 96), minutes=rng.randint(5, 55))
        case = rng.choice(cases) if cases and rng.random() < 0.6 else None
        data = SignalData(
            what=text,
            happened_at=created - timedelta(hours=rng.randint(1, 30)),
            kind=kind,
            certainty=rng.choice(CERTAINTIES),
            noticed_by=rng.choice(["Zelf waargenomen", "Collega van de eenheid", "Beveiliger"]),
            case_id=case.pk if case else None,
            subject="" if case else rng.choice(SUBJECTS),
            phones=[f"06-{rng.randint(10, 99)}{rng.randint(100000, 999999)}"]
            if rng.random() < 0.3
            else [],
            vehicles=[
                f"{rng.choice(['GX', 'KL', 'VNT'])}-{rng.randint(10, 99)}-{rng.choice('BDF')}"
            ]
            if rng.random() < 0.3
            else [],
        )
        made.append((services.record_signal(officer, data, now=created), created))

    # Portal: the protectee, a relative and the employer, about their own case.
    for username, texts in PORTAL_TEXTS.items():
        if username not in users:
            continue
        portal_user = User.objects.get(pk=users[username].pk)  # fresh: person is linked
        for kind, text in texts:
            created = now - timedelta(hours=rng.randint(1, 120))
            data = SignalData(
                what=text,
                happened_at=created - timedelta(hours=rng.randint(0, 12)),
                kind=kind,
                certainty=rng.choice(CERTAINTIES[:3]),
            )
            made.append((services.record_signal(portal_user, data, now=created), created))

    # Triage the older half; leave the rest new (several of them overdue).
    made.sort(key=lambda pair: pair[1])
    triaged = 0
    for signal, created in made[: len(made) // 2]:
        if rng.random() < 0.25:
            continue  # left lying: overdue, escalated below
        able = [a for a in analysts if Signal.objects.visible_to(a).filter(pk=signal.pk).exists()]
        if not able:
            continue
        analyst = rng.choice(able)
        when = created + timedelta(hours=rng.randint(1, 3))
        options = [c for c in _visible_cases(analyst) if c.state != "ended"]
        if signal.case_id is None and options and rng.random() < 0.5:
            services.triage_signal(
                analyst,
                signal.pk,
                decision="link",
                case_id=rng.choice(options).pk,
                note="Gekoppeld na vergelijking met de bekende dreiging.",
                now=when,
            )
        elif rng.random() < 0.3:
            services.triage_signal(
                analyst, signal.pk, decision="dismiss", note=rng.choice(TRIAGE_NOTES), now=when
            )
        else:
            services.triage_signal(
                analyst, signal.pk, decision="triage", note=rng.choice(TRIAGE_NOTES), now=when
            )
        triaged += 1
    escalated = services.escalate_overdue_signals(now=now)
    return {"signals": len(made), "signals_triaged": triaged, "signals_escalated": len(escalated)}
