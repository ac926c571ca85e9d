"""Demo data of the rights app (called by core.demo.seed after the decisions demo).

Two framework versions (an older one and the one in force), acknowledgements by the portal
users (the protectee read only the old one, so the portal asks again), a shareable 'why' for
every decision with a letter, and objections: one open within its period, one decided
unfounded and one partly founded that waits for a new decision.

Framework versions in the past are written directly (the service only adds versions from
today on) with the audit record the service would write; everything else goes through
`rights.services`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

PERSON_TEXT = (
    "U krijgt beveiliging omdat er een ernstige dreiging tegen u is. Wij vragen ook iets "
    "van u.\n\n"
    "- Volg de afspraken met uw beveiligers.\n"
    "- Vertel het ons als u op reis gaat of gaat verhuizen.\n"
    "- Meld alles wat u vreemd vindt. Bel bij gevaar altijd 112.\n"
    "- Praat niet met anderen over uw beveiliging.\n\n"
    "U mag van ons verwachten dat wij u goed uitleggen wat we doen. U hebt één vaste "
    "contactpersoon. U mag altijd vragen stellen."
)
PERSON_TEXT_EN = (
    "You get protection because there is a serious threat against you. We also ask "
    "something of you.\n\n"
    "- Follow the agreements with your security officers.\n"
    "- Tell us when you travel or move house.\n"
    "- Report anything that seems strange. In danger, always call 112.\n"
    "- Do not talk to others about your protection.\n\n"
    "You may expect us to explain clearly what we do. You have one regular contact "
    "person. You may always ask questions."
)
EMPLOYER_TEXT = (
    "Uw werkgever zorgt voor een veilige werkplek. Denk aan toegangscontrole en een "
    "afgeschermd rooster. Uw werkgever werkt met de politie en de NCTV samen. Uw werkgever "
    "vertelt niemand waar u werkt of wanneer."
)
EMPLOYER_TEXT_EN = (
    "Your employer provides a safe workplace. Think of access control and a shielded "
    "schedule. Your employer works with the police and the NCTV. Your employer tells no one "
    "where or when you work."
)
STATE_TEXT = (
    "De NCTV besluit over uw beveiliging. Politie en KMar voeren de maatregelen uit. We "
    "kijken regelmatig opnieuw naar uw situatie. Verandert er iets? Dan hoort u dat van ons. "
    "U krijgt hulp om weerbaar te blijven, ook voor uw gezin."
)
STATE_TEXT_EN = (
    "The NCTV decides on your protection. The police and the KMar carry out the measures. "
    "We look at your situation again regularly. Does something change? Then you hear it from "
    "us. You get help to stay resilient, also for your family."
)
ADDRESS = (
    "Onafhankelijke Bezwaarcommissie Beveiligen van Personen, Antwoordnummer 0000, "
    "0000 AA Den Haag (fictief demo-adres)"
)

REASONS = {
    "designate": (
        "Er is een ernstige dreiging tegen u. Daarom hoort u bij de mensen voor wie de "
        "rijksoverheid zorgt. We onderzoeken nu welke beveiliging u nodig heeft.",
        "There is a serious threat against you. That is why you are one of the people the "
        "national government looks after. We are now finding out what protection you need.",
    ),
    "refuse": (
        "De dreiging tegen u past niet bij wat de rijksoverheid beveiligt. Dat betekent niet dat "
        "u niets kunt doen. De politie en uw gemeente helpen u verder.",
        "The threat against you does not fit what the national government protects. That does "
        "not mean nothing can be done. The police and your municipality help you further.",
    ),
    "no_measures": (
        "We hebben goed gekeken naar de dreiging tegen u. U en uw werkgever kunnen zelf genoeg "
        "doen om veilig te blijven. We helpen u daarbij met advies.",
        "We looked carefully at the threat against you. You and your employer can do enough "
        "yourselves to stay safe. We help you with advice.",
    ),
    "start": (
        "Er is een ernstige dreiging tegen u. U en uw werkgever kunnen zich daar niet genoeg "
        "tegen beschermen. Daarom krijgt u beveiliging.",
        "There is a serious threat against you. You and your employer cannot protect yourselves "
        "enough. That is why you get protection.",
    ),
    "continue": (
        "We hebben opnieuw naar uw situatie gekeken. De dreiging is nog even groot. Daarom gaat "
        "uw beveiliging door.",
        "We looked at your situation again. The threat is still as serious. That is why your "
        "protection continues.",
    ),
    "adjust": (
        "Er is nieuwe informatie over de dreiging. Die is groter geworden. Daarom krijgt u meer "
        "beveiliging.",
        "There is new information about the threat. It has become more serious. That is why you "
        "get more protection.",
    ),
    "scale_down": (
        "De dreiging is kleiner geworden. U hebt minder beveiliging nodig. We blijven uw "
        "situatie volgen.",
        "The threat has become smaller. You need less protection. We keep following your "
        "situation.",
    ),
    "stop": (
        "Er is geen ernstige dreiging meer tegen u. Daarom stopt uw beveiliging. U kunt altijd "
        "contact met ons opnemen.",
        "There is no serious threat against you any more. That is why your protection stops. You "
        "can always contact us.",
    ),
}

GROUNDS = {
    "open": (
        "Ik ben het niet eens met dit besluit. De beveiliging bij mijn huis is zwaar voor mijn "
        "kinderen. Zij schrikken van de bewakers. Ik wil dat u kijkt naar een andere oplossing."
    ),
    "unfounded": (
        "Ik wil meer beveiliging. Ik voel mij niet veilig als ik naar mijn werk rijd. Waarom "
        "krijg ik geen beveiligd vervoer?"
    ),
    "partly": (
        "Ik vind het niet goed dat mijn beveiliging minder wordt. Er zijn vorige week weer "
        "vreemde auto's bij mijn huis gezien. Dat heb ik aan de politie gemeld."
    ),
}


def _frameworks(seeder: Any) -> tuple[Any, Any]:
    from weerstand.audit import services as audit
    from weerstand.audit.models import AuditAction
    from weerstand.rights.models import FrameworkVersion

    author = seeder.users["besluitvormer"]
    rows = [
        (
            1,
            "Kader beveiligen van personen (overgangsversie)",
            seeder.today - timedelta(days=420),
            "Eerste versie tijdens de overgang naar het nieuwe stelsel.",
        ),
        (
            2,
            "Kader beveiligen van personen",
            seeder.today - timedelta(days=45),
            "Nieuw: u hebt één vaste contactpersoon. Ook uw werkgever weet nu wat van hem wordt "
            "verwacht.",
        ),
    ]
    out = []
    for number, title, effective, note in rows:
        first = number == 1
        fw = FrameworkVersion.objects.create(
            number=number,
            title=title,
            effective_from=effective,
            person_text=PERSON_TEXT.split("\n\nU mag")[0] if first else PERSON_TEXT,
            employer_text=EMPLOYER_TEXT,
            state_text=STATE_TEXT,
            person_text_en=PERSON_TEXT_EN.split("\n\nYou may")[0] if first else PERSON_TEXT_EN,
            employer_text_en=EMPLOYER_TEXT_EN,
            state_text_en=STATE_TEXT_EN,
            objection_address=ADDRESS,
            change_note=note,
            created_by=author,
        )
        audit.record(
            AuditAction.CREATE,
            fw,
            changes={"number": [None, number], "effective_from": [None, str(effective)]},
            reason="demodata: versie kader rechten en plichten",
            actor=author,
        )
        out.append(fw)
    return out[0], out[1]


def _acknowledge(seeder: Any, old: Any, current: Any) -> int:
    """The protectee read only the old version (the portal asks again); the partner and the
    employer's contact read the one in force."""
    from weerstand.accounts.models import User
    from weerstand.rights.models import FrameworkAcknowledgement

    rows = [("tbp", old, 380), ("naaste", current, 30), ("werkgever", current, 20)]
    made = 0
    for username, fw, days in rows:
        user = User.objects.filter(username=username).first()  # the portal link is set later
        if user is None or not user.person_id:
            continue
        FrameworkAcknowledgement.objects.create(
            framework=fw,
            user=user,
            person_id=user.person_id,
            acknowledged_at=seeder.now - timedelta(days=days),
        )
        made += 1
    return made


def seed(seeder: Any) -> dict[str, Any]:
    from weerstand.accounts.models import User
    from weerstand.decisions.models import Decision
    from weerstand.rights import rules, services

    old, current = _frameworks(seeder)
    acks = _acknowledge(seeder, old, current)

    decisions = list(
        Decision.objects.filter(status__in=rules.LETTER_STATUSES)
        .select_related("case", "decided_by")
        .order_by("case__reference", "decided_at", "pk")
    )
    texts = 0
    writable: dict[int, set[int]] = {}
    for d in decisions:
        nl, en = REASONS[d.decision_type]
        if d.decided_by_id not in writable:
            writable[d.decided_by_id] = set(
                rules.letter_decisions(d.decided_by, "change").values_list("pk", flat=True)
            )
        if d.pk not in writable[d.decided_by_id]:
            continue
        services.save_letter_text(d.decided_by, d.pk, shareable_reason=nl, shareable_reason_en=en)
        texts += 1

    objections = _objections(seeder, decisions)
    tbp = seeder.users.get("tbp")
    tbp_letters = 0
    if tbp is not None:
        tbp = User.objects.get(pk=tbp.pk)
        tbp_letters = rules.letter_decisions(tbp).count()
        if not tbp_letters:
            seeder._say("  let op: de demo-TBP heeft geen besluit met een brief")
    return {
        "rights": {
            "framework_versions": 2,
            "acknowledgements": acks,
            "letter_texts": texts,
            "objections": objections,
            "tbp_letters": tbp_letters,
        }
    }


def _objections(seeder: Any, decisions: list[Any]) -> int:
    """Objections against protection decisions on unrestricted cases: recorded on paper by
    the case owner, or (for the demo protectee) lodged through the portal."""
    from weerstand.rights import services

    officer = seeder.users.get("bezwaar")
    owners = {s.case.pk: s.owner for s in seeder.cases}
    tbp = seeder.users.get("tbp")
    tbp_person = seeder.portal_persons["tbp"].pk if seeder.portal_persons.get("tbp") else None
    free = [
        d
        for d in decisions
        if d.case.restricted_compartment_id is None
        and owners.get(d.case_id)
        and d.status == "in_force"
        and d.decision_type in ("start", "continue", "adjust", "scale_down")
    ]
    today = seeder.today
    recent = [d for d in free if services.objection_deadline(d) >= today]
    older = [d for d in free if services.objection_deadline(d) < today]
    made = 0

    def lodge(decision: Any, key: str, received_days: int) -> Any:
        from weerstand.accounts.models import User

        if key == "open" and decision.case.protectee_id == tbp_person and tbp is not None:
            actor = User.objects.get(pk=tbp.pk)
            data = services.ObjectionData(GROUNDS[key])
        else:
            actor = seeder.users[owners[decision.case_id]]
            person = decision.case.protectee
            received = min(services.letter_date(decision) + timedelta(days=received_days), today)
            data = services.ObjectionData(
                GROUNDS[key],
                objector_name=f"{person.first_name} {person.last_name}",
                received_on=received,
            )
        return services.lodge_objection(actor, decision.pk, data)

    if recent:
        mine = [d for d in recent if d.case.protectee_id == tbp_person]
        lodge((mine or recent)[0], "open", 10)
        made += 1
    if officer is not None and older:
        o = lodge(older[0], "unfounded", 20)
        services.take_in_treatment(officer, o.pk)
        services.decide_objection(
            officer,
            o.pk,
            outcome="unfounded",
            reasoning=(
                "Het pakket past bij het vastgestelde niveau. Beveiligd vervoer hoort daar niet "
                "standaard bij en de indiener noemt geen nieuwe feiten over de reis naar het werk."
            ),
        )
        made += 1
        later = [d for d in older[1:] if d.case_id != older[0].case_id]
        if later:
            o = lodge(later[0], "partly", 25)
            services.decide_objection(
                officer,
                o.pk,
                outcome="partly_founded",
                reasoning=(
                    "De melding van verdachte auto's bij de woning is niet meegewogen. Het gezag "
                    "moet met die informatie opnieuw besluiten."
                ),
            )
            made += 1
    return made


HOUSEHOLD_ASK = (
    "Laat de beveiligers en de monteurs van het alarm binnen als zij langskomen.\n\n"
    "- Vertel niet aan anderen over de beveiliging.\n"
    "- Ziet u iemand die rond het huis blijft hangen? Bel dan 112."
)
HOUSEHOLD_ASK_EN = (
    "Let the security officers and the alarm engineers in when they come by.\n\n"
    "- Do not tell others about the protection.\n"
    "- Do you see someone hanging around the house? Call 112."
)
EMPLOYER_ASK = (
    "Zorg dat bezoekers zich melden bij de receptie. Werk mee met de beveiligers als zij uw "
    "medewerker ophalen of brengen."
)
EMPLOYER_ASK_EN = (
    "Make sure visitors report at the reception. Work with the security officers when they "
    "pick up or drop off your employee."
)
DEMO_SHARES = ["protection_status", "own_measures", "expectations", "contact_person", "letters"]


def seed_relatives(seeder: Any) -> dict[str, Any]:
    """The demo protectee's partner and employer contact in the picture: what may be shared
    with them, the letters of the decision in force (to the protectee, the partner and the
    employer), and two measures the employer is expected to take (one overdue). Everything
    through the services, as the case owner and the decision-maker would."""
    from weerstand.accounts.models import User
    from weerstand.cases import persons
    from weerstand.cases.models import CasePerson
    from weerstand.decisions.models import Decision
    from weerstand.rights import rules, services

    sent = 0
    for d in Decision.objects.filter(status__in=rules.LETTER_STATUSES).order_by("pk"):
        sent += len(services.address_letters(d))  # letters of decisions taken before
    tbp_person = seeder.portal_persons.get("tbp")
    state = next(
        (s for s in seeder.cases if tbp_person and s.case.protectee_id == tbp_person.pk), None
    )
    if state is None:
        return {"rights_relatives": {"letters": sent}}
    owner = User.objects.get(pk=seeder.users[state.owner].pk)
    case = state.case
    for username in ("naaste", "werkgever"):
        person = seeder.portal_persons.get(username)
        link = CasePerson.objects.filter(case=case.pk, person=person).first() if person else None
        if link is not None:
            persons.update_link(
                owner,
                case.pk,
                link.pk,
                reason="Naasten en werkgever krijgen brieven over maatregelen bij hen",
                shares=DEMO_SHARES,
            )
    live = (
        Decision.objects.filter(case=case.pk, status__in=("in_force", "approved"))
        .order_by("-decided_at")
        .first()
    )
    decider = User.objects.get(pk=live.decided_by_id) if live and live.decided_by_id else None
    if (
        live is not None
        and decider is not None
        and rules.letter_decisions(decider, "change").filter(pk=live.pk).exists()
    ):
        from weerstand.rights.models import LetterText

        text = LetterText.objects.filter(decision=live.pk).first()
        services.save_letter_text(
            decider,
            live.pk,
            shareable_reason=text.shareable_reason if text else REASONS[live.decision_type][0],
            shareable_reason_en=text.shareable_reason_en
            if text
            else REASONS[live.decision_type][1],
            expected_version=text.version if text else None,
            asks={
                "household_text": HOUSEHOLD_ASK,
                "household_text_en": HOUSEHOLD_ASK_EN,
                "employer_text": EMPLOYER_ASK,
                "employer_text_en": EMPLOYER_ASK_EN,
            },
        )
        sent += len(services.address_letters(live))
    measures = 0
    employer = seeder.portal_persons.get("werkgever")
    if (
        employer is not None
        and CasePerson.objects.filter(
            case=case.pk, person=employer, role="employer_contact"
        ).exists()
    ):
        for title, description, days in (
            (
                "Toegangscontrole bij de receptie",
                "Bezoekers melden zich bij de receptie en komen alleen binnen met een afspraak.",
                21,
            ),
            (
                "Vaste parkeerplek bij de achteringang",
                "Een parkeerplek dicht bij de deur, zodat de beveiligde auto daar kan stoppen.",
                3,
            ),
        ):
            services.record_employer_measure(
                owner,
                case.pk,
                services.EmployerMeasureData(
                    contact=employer.pk,
                    title=title,
                    description=description,
                    due_on=seeder.today + timedelta(days=days),
                ),
            )
            measures += 1
    return {"rights_relatives": {"letters": sent, "employer_measures": measures}}
