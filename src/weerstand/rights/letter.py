"""The decision letter: what was decided, why (as far as can be shared), what is expected of
the person, the employer and the state, and how to object. Plain Dutch at B1 level, or
English.

Written from shareable sources only: the decision's type, level, dates and measures, the
decision-maker's `LetterText` and the framework version in force. Never the decision's
reasoning, the threat picture, products or their sources. The same `Letter` feeds the HTML
preview and the PDF, so what a reviewer sees is what the person gets.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from weerstand.rights.models import FrameworkVersion

LANGUAGES = ("nl", "en")


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)


@dataclass
class Letter:
    lang: str
    title: str
    reference: str
    letter_date: str
    recipient: str
    greeting: str
    sections: list[Section]
    closing: list[str]
    sender: str
    draft: str = ""  # a notice when the decision is not yet taken: never send this letter
    # What the composition rests on, for `contradictions()`: the decision's type, the change
    # against the package before, and the measures the letter announces as new or as ending.
    decision_type: str = ""
    change: PackageChange | None = None
    announced: tuple[str, ...] = ()
    stopping: tuple[str, ...] = ()

    def plain_text(self) -> str:
        """All the words of the letter (for checks and for the audit of what was sent)."""
        parts = (
            [self.draft, self.title, self.greeting] if self.draft else [self.title, self.greeting]
        )
        for s in self.sections:
            parts += [s.heading, *s.paragraphs, *s.bullets, *s.after]
        parts += self.closing
        return "\n".join(parts)


# Plain words for what each measure means in daily life, by catalogue code: the Dutch
# sentence, the English name and the English sentence (written by people, not machine
# translated). An unknown code falls back to the catalogue's own name, so a new measure
# still appears in the letter.
PLAIN_MEASURES: dict[str, tuple[str, str, str]] = {
    "alertering": (
        "De politie in uw buurt weet van uw situatie. Zij komen snel als u belt.",
        "Alerting the local police",
        "The police in your area know about your situation. They come quickly when you call.",
    ),
    "surveillance": (
        "De politie rijdt vaker langs uw huis en uw werk.",
        "Surveillance",
        "The police drive past your home and your work more often.",
    ),
    "bewaken-woning": (
        "Er staan bewakers bij uw huis.",
        "Guarding your home",
        "There are guards at your home.",
    ),
    "cameratoezicht": (
        "Er hangen camera's bij uw huis. Iemand kijkt mee.",
        "Camera watch",
        "There are cameras at your home. Someone watches the images.",
    ),
    "woningbeveiliging": (
        "Uw huis krijgt betere sloten, een alarm en een alarmknop.",
        "Home security",
        "Your home gets better locks, an alarm and a panic button.",
    ),
    "beveiligd-vervoer": (
        "U reist in een beveiligde auto met een chauffeur.",
        "Secure transport",
        "You travel in a secure car with a driver.",
    ),
    "persoonsbegeleiding": (
        "Een beveiliger gaat met u mee op momenten met meer risico.",
        "Personal escort",
        "A security officer goes with you at times of higher risk.",
    ),
    "persoonsbeveiliging-24-7": (
        "Er zijn dag en nacht beveiligers bij u.",
        "Personal protection day and night",
        "Security officers are with you day and night.",
    ),
    "tijdelijke-verplaatsing": (
        "U woont een tijd op een andere, veilige plek.",
        "Temporary relocation",
        "You live in another, safe place for a while.",
    ),
    "gebiedsmaatregel": (
        "De burgemeester kan regels maken voor de buurt rond uw huis.",
        "Area measure",
        "The mayor can make rules for the area around your home.",
    ),
}


def _measure_line(measure: Any, lang: str) -> str:
    plain = PLAIN_MEASURES.get(measure.code)
    if plain is None:
        return measure.name
    if lang == "en":
        return f"{plain[1]}: {plain[2]}"
    return f"{measure.name}: {plain[0]}"


def _decided_text(decision_type: str) -> str:
    return {
        "designate": _(
            "We hebben besloten dat u een te beveiligen persoon bent. Wij, de NCTV, zijn nu "
            "verantwoordelijk voor uw beveiliging. We onderzoeken hoe groot de dreiging is en "
            "welke beveiliging u nodig heeft. Daarover krijgt u een nieuwe brief."
        ),
        "refuse": _(
            "We hebben besloten dat u geen beveiliging van de rijksoverheid krijgt. De dreiging "
            "past niet bij wat het stelsel beveiligen van personen doet."
        ),
        "no_measures": _(
            "We hebben besloten dat u geen beveiligingsmaatregelen krijgt. U en uw werkgever "
            "kunnen zelf genoeg doen."
        ),
        "start": _("We hebben besloten dat u beveiliging krijgt."),
        "continue": _("Uw beveiliging gaat door."),
        "adjust": _("We passen uw beveiliging aan."),
        "scale_down": _("U krijgt minder beveiliging dan nu."),
        "stop": _("Uw beveiliging stopt."),
    }.get(decision_type, _("We hebben een besluit genomen over uw beveiliging."))


def _said_type(decision_type: str, change: PackageChange) -> str:
    """The decision type the opening sentence speaks of: "minder beveiliging" only when the
    change really takes something away (a measure, or the level); otherwise "we passen aan"."""
    if decision_type != "scale_down":
        return decision_type
    lowered = change.level_before is not None and (change.level_after or 0) < change.level_before
    return decision_type if change.removed or lowered else "adjust"


def _level_text(level: int | None, before: int | None = None) -> str:
    """What the level means in daily life. A sentence announcing something new ("Er komt")
    only when the level rose (or there was none); otherwise one that says what stays."""
    rising = before is None or (level or 0) > before
    if level == 2 and not rising:
        return _("Er blijft toezicht bij uw huis. Uw huis blijft beter beveiligd.")
    return {
        1: _("U krijgt advies over uw veiligheid. De politie weet van uw situatie."),
        2: _("Er komt extra toezicht bij uw huis. Uw huis wordt beter beveiligd."),
        3: _("Op momenten met meer risico zijn er beveiligers bij u."),
        4: _("Er zijn de hele dag beveiligers bij u."),
    }.get(level or 0, "")


PROTECTION_TYPES = ("start", "continue", "adjust", "scale_down")


@dataclass(frozen=True)
class PackageChange:
    """What a decision changes against the package in force before it: the measures added,
    removed and kept (catalogue codes) and the level before and after. `first`: there was no
    package before, so everything is new."""

    added: tuple[str, ...]
    removed: tuple[str, ...]
    kept: tuple[str, ...]
    level_before: int | None
    level_after: int | None
    first: bool


def _previous(decision: Any) -> Any | None:
    """The protection decision this one follows: the one it supersedes, else the case's last
    earlier decision that carried protection (system read: the letter's own case)."""
    from weerstand.decisions.models import Decision

    if decision.supersedes_id:
        previous = decision.supersedes
        return previous if previous.decision_type in PROTECTION_TYPES else None
    return (
        Decision.objects.filter(
            case=decision.case_id,
            decision_type__in=PROTECTION_TYPES,
            status__in=("approved", "in_force", "superseded", "ended"),
            effective_date__lte=decision.effective_date,
        )
        .exclude(pk=decision.pk)
        .filter(decided_at__lt=decision.decided_at)
        .order_by("-effective_date", "-decided_at", "-pk")
        .first()
    )


def package_change(decision: Any) -> tuple[PackageChange, dict[str, Any]]:
    """The change the decision makes, and the measures by code (new and old) to name them."""
    protection = decision.decision_type in PROTECTION_TYPES
    new = {m.code: m for m in decision.measures.order_by("name")} if protection else {}
    previous = _previous(decision)
    old = {m.code: m for m in previous.measures.order_by("name")} if previous else {}
    by_code = {**old, **new}
    after = decision.required_resistance if protection else None
    change = PackageChange(
        added=tuple(c for c in new if c not in old),
        removed=tuple(c for c in old if c not in new),
        kept=tuple(c for c in new if c in old),
        level_before=previous.required_resistance if previous else None,
        level_after=after,
        first=previous is None,
    )
    return change, by_code


def contradictions(letter: Letter) -> list[str]:
    """Sections of one letter that contradict each other or the change the decision makes:
    an announced measure that is not added, a stopped one that is not removed, a level
    sentence announcing more while the level did not rise, or "minder beveiliging" while
    nothing is taken away. Empty when the letter is consistent."""
    change = letter.change
    if change is None:
        return []
    found: list[str] = []
    announced = set(letter.announced)
    if not announced <= set(change.added) and not change.first:
        found.append(f"aangekondigd, niet toegevoegd: {sorted(announced - set(change.added))}")
    if not set(letter.stopping) <= set(change.removed):
        kept = sorted(set(letter.stopping) - set(change.removed))
        found.append(f"stopt volgens de brief, maar blijft: {kept}")
    rising = change.level_before is None or (change.level_after or 0) > change.level_before
    decided = letter.sections[0] if letter.sections else Section("")
    if (
        not rising
        and not change.added
        and any(
            "Er komt" in p or "There will be" in p for p in decided.paragraphs + decided.bullets
        )
    ):
        found.append("de brief kondigt meer beveiliging aan, maar er komt niets bij")
    less = any("minder beveiliging" in p for p in decided.paragraphs)
    lowered = change.level_before is not None and (change.level_after or 0) < change.level_before
    if less and not (change.removed or lowered):
        found.append("de brief zegt 'minder beveiliging', maar er gaat niets af")
    return found


def _split(text: str) -> tuple[list[str], list[str], list[str]]:
    """A text as paragraphs before its list, the list ('- ' lines), and paragraphs after,
    so the letter keeps the order the author wrote."""
    before: list[str] = []
    bullets: list[str] = []
    after: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [ln.strip() for ln in block.splitlines() if ln.strip()]
        items = [ln[2:].strip() for ln in lines if ln.startswith("- ")]
        rest = " ".join(ln for ln in lines if not ln.startswith("- "))
        if rest:
            (after if bullets else before).append(rest)
        bullets += items
    return before, bullets, after


def _framework_section(
    heading: str, fw: FrameworkVersion | None, part: str, lang: str, fallback: str
) -> Section:
    if fw is None:
        return Section(heading, [fallback])
    before, bullets, after = _split(fw.text(part, lang))
    return Section(heading, before or ([] if bullets else [fallback]), bullets, after)


def _draft_notice(status: str) -> str:
    """On top of a letter that must not be sent: the decision is not (or not yet) taken."""
    if status in ("draft", "awaiting_approval"):
        return _("CONCEPT. Dit besluit is nog niet genomen. Verstuur deze brief niet.")
    if status == "rejected":
        return _("AFGEWEZEN. Dit besluit geldt niet. Verstuur deze brief niet.")
    return ""


def _appeal_body_name() -> str:
    from weerstand.organisations.models import Organisation

    org = Organisation.objects.filter(kind="appeal_body").order_by("pk").first()
    return org.name if org else _("de onafhankelijke bezwaarcommissie")


def build(
    decision: Any, lang: str = "nl", *, today: date | None = None, portal: bool = False
) -> Letter:
    """The letter for one decision, in Dutch or English. `portal`: as the person reads it in
    the portal, without the internal reference (the letter's date names it)."""
    from weerstand.rights import selectors, services
    from weerstand.rights.models import LetterText

    lang = lang if lang in LANGUAGES else "nl"
    written = services.letter_date(decision)
    deadline = services.objection_deadline(decision)
    fw = selectors.framework_in_force(written) or selectors.framework_in_force(today)
    text = LetterText.objects.filter(decision=decision.pk).first()
    person = decision.case.protectee
    protection = decision.decision_type in PROTECTION_TYPES
    change, by_code = package_change(decision)
    with translation.override(lang):

        def day(d: date) -> str:
            return date_format(d, "j F Y")

        decided = Section(
            _("Wat hebben we besloten?"),
            [
                _decided_text(_said_type(decision.decision_type, change)),
                _("Dit besluit geldt vanaf %(date)s.") % {"date": day(decision.effective_date)},
            ],
        )
        level = _level_text(decision.required_resistance, change.level_before)
        if level and protection:
            decided.paragraphs.append(level)
        if decision.decision_type == "refuse" and decision.hand_over_to_id:
            decided.paragraphs.append(
                _("We hebben %(authority)s gevraagd om u te helpen. Zij nemen contact met u op.")
                % {"authority": decision.hand_over_to.name}
            )
        # The measures, from the change against the package before: a first package is
        # what you will notice; a follow-up says what is added, what stops and what stays.
        changes: list[Section] = []
        announced: tuple[str, ...] = ()
        stopping: tuple[str, ...] = ()
        if protection and change.first and change.added:
            decided.paragraphs.append(_("Dit gaat u merken:"))
            decided.bullets = [_measure_line(by_code[c], lang) for c in change.added]
            announced = change.added
        elif protection or change.removed:
            if change.added:
                changes.append(
                    Section(
                        _("Wat komt erbij?"),
                        bullets=[_measure_line(by_code[c], lang) for c in change.added],
                    )
                )
                announced = change.added
            if change.removed:
                changes.append(
                    Section(
                        _("Wat stopt?"),
                        bullets=[_measure_line(by_code[c], lang) for c in change.removed],
                    )
                )
                stopping = change.removed
            if change.kept:
                changes.append(
                    Section(
                        _("Wat blijft?"),
                        bullets=[_measure_line(by_code[c], lang) for c in change.kept],
                    )
                )
        if decision.next_recalibration and protection:
            decided.after.append(
                _("Uiterlijk op %(date)s kijken we opnieuw naar uw situatie.")
                % {"date": day(decision.next_recalibration)}
            )
        reason = ""
        if text is not None:
            reason = (text.shareable_reason_en if lang == "en" else "") or (
                text.shareable_reason if lang == "nl" else ""
            )
        why = Section(_("Waarom?"))
        if reason:
            why.paragraphs, why.bullets, why.after = _split(reason)
        else:
            why.paragraphs = [
                _("We hebben gekeken hoe groot de dreiging tegen u is."),
                _("We hebben ook gekeken wat u en uw werkgever zelf kunnen doen."),
            ]
        why.after += [
            _(
                "Niet alle informatie mogen we met u delen. "
                "Zo beschermen we bronnen en andere mensen."
            )
        ]
        person_part = _framework_section(
            _("Wat verwachten we van u?"),
            fw,
            "person",
            lang,
            _("Volg de afspraken die u met uw beveiligers maakt. Meld alles wat u vreemd vindt."),
        )
        employer_part = _framework_section(
            _("Wat mag u van uw werkgever verwachten?"),
            fw,
            "employer",
            lang,
            _("Uw werkgever zorgt voor een veilige werkplek. Uw werkgever werkt met ons samen."),
        )
        state_part = _framework_section(
            _("Wat doet de overheid?"),
            fw,
            "state",
            lang,
            _("De NCTV besluit over uw beveiliging. Politie en KMar voeren de maatregelen uit."),
        )
        address = (fw.objection_address.strip() if fw else "") or _appeal_body_name()
        objection = Section(
            _("Bent u het er niet mee eens?"),
            [
                _("Dan kunt u bezwaar maken."),
                _("Doe dat binnen zes weken na de datum van deze brief."),
                _("Uw bezwaar moet dus uiterlijk op %(date)s binnen zijn.")
                % {"date": day(deadline)},
                _(
                    "U kunt bezwaar maken in het portaal van Weerstand. "
                    "U kunt ook een brief sturen naar:"
                ),
            ],
            [address],
            [
                _("Zet in uw brief uw naam en de datum van deze brief.")
                if portal
                else _("Zet in uw brief uw naam, de datum en het kenmerk %(ref)s.")
                % {"ref": decision.reference},
                _("Schrijf ook op waarom u het niet eens bent. Zet uw handtekening eronder."),
                _(
                    "Een onafhankelijke commissie behandelt uw bezwaar. "
                    "Die commissie hoort niet bij de NCTV."
                ),
                _("Bent u te laat? Schrijf dan op waarom. De commissie kijkt of dat mag."),
                _("Tijdens het bezwaar blijft dit besluit gelden."),
            ],
        )
        return Letter(
            lang=lang,
            title=_("Besluit over uw beveiliging"),
            reference="" if portal else decision.reference,
            letter_date=day(written),
            recipient=f"{person.first_name} {person.last_name}",
            greeting=_("Beste %(name)s,") % {"name": f"{person.first_name} {person.last_name}"},
            sections=[decided, *changes, why, person_part, employer_part, state_part, objection],
            closing=[
                _(
                    "Hebt u vragen over deze brief? "
                    "Neem dan contact op met uw vaste contactpersoon."
                ),
                _("Met vriendelijke groet,"),
            ],
            sender=_("De Nationaal Coördinator Terrorismebestrijding en Veiligheid (NCTV)"),
            draft=_draft_notice(decision.status),
            decision_type=decision.decision_type,
            change=change,
            announced=announced,
            stopping=stopping,
        )


# What a measure means for the people at home or for the employer, by catalogue code and
# place: the Dutch sentence and the English one. The protectee's own letter uses
# `PLAIN_MEASURES`; these say only what the addressee will notice at their own door.
PLACE_MEASURES: dict[tuple[str, str], tuple[str, str]] = {
    ("surveillance", "home"): (
        "De politie rijdt vaker langs uw huis.",
        "The police drive past your home more often.",
    ),
    ("surveillance", "work"): (
        "De politie rijdt vaker langs uw bedrijf.",
        "The police drive past your workplace more often.",
    ),
    ("bewaken-woning", "home"): (
        "Er staan bewakers bij uw huis.",
        "There are guards at your home.",
    ),
    ("cameratoezicht", "home"): (
        "Er hangen camera's bij uw huis. Iemand kijkt mee.",
        "There are cameras at your home. Someone watches the images.",
    ),
    ("woningbeveiliging", "home"): (
        "Uw huis krijgt betere sloten, een alarm en een alarmknop.",
        "Your home gets better locks, an alarm and a panic button.",
    ),
    ("beveiligd-vervoer", "home"): (
        "Een beveiligde auto komt soms naar uw huis.",
        "A secure car will sometimes come to your home.",
    ),
    ("beveiligd-vervoer", "work"): (
        "Een beveiligde auto komt soms naar uw bedrijf.",
        "A secure car will sometimes come to your workplace.",
    ),
    ("persoonsbegeleiding", "work"): (
        "Soms komt er een beveiliger mee naar uw bedrijf.",
        "Sometimes a security officer comes along to your workplace.",
    ),
    ("persoonsbeveiliging-24-7", "home"): (
        "Er zijn dag en nacht beveiligers bij uw huis.",
        "There are security officers at your home day and night.",
    ),
    ("persoonsbeveiliging-24-7", "work"): (
        "Er zijn beveiligers in uw bedrijf als uw medewerker er is.",
        "There are security officers at your workplace when your employee is there.",
    ),
    ("tijdelijke-verplaatsing", "home"): (
        "U woont misschien een tijd op een andere, veilige plek. We bespreken dat met u.",
        "You may live in another, safe place for a while. We will talk about this with you.",
    ),
    ("gebiedsmaatregel", "home"): (
        "De burgemeester kan regels maken voor de buurt rond uw huis.",
        "The mayor can make rules for the area around your home.",
    ),
}


def _place_line(code: str, place: str, lang: str, *, mode: str = "new") -> str:
    """One measure at the addressee's door; an unknown code in words that fit the list it is
    in: coming (new), staying (kept) or ending (stop), never "Er komt" under "stoppen"."""
    plain = PLACE_MEASURES.get((code, place))
    if plain is None:
        if mode == "kept":
            return (
                _("Er blijft een maatregel bij uw huis.")
                if place == "home"
                else _("Er blijft een maatregel bij uw bedrijf.")
            )
        if mode == "stop":
            return (
                _("Een maatregel bij uw huis.")
                if place == "home"
                else _("Een maatregel bij uw bedrijf.")
            )
        return (
            _("Er komt een maatregel bij uw huis.")
            if place == "home"
            else _("Er komt een maatregel bij uw bedrijf.")
        )
    return plain[1] if lang == "en" else plain[0]


def build_addressed(
    addressed: Any, lang: str = "nl", *, today: date | None = None, portal: bool = True
) -> Letter:
    """The letter to a relative or the employer contact: only what concerns them.

    Written from the shareable sources, frozen at sending (`AddressedLetter.shares`): the
    decision's date (protection_status), the measures at their own home or workplace by
    catalogue code (own_measures), what the decision-maker asks of them (expectations), the
    contact person (contact_person). Never the reasoning, the threat, the protectee's 'why',
    the protectee's name or other persons' data; never an internal reference.
    """
    from weerstand.cases.models import ShareCategory
    from weerstand.rights import selectors, services
    from weerstand.rights.models import LetterKind, LetterText

    if addressed.kind == LetterKind.PROTECTEE:
        return build(addressed.decision, lang, today=today, portal=portal)
    lang = lang if lang in LANGUAGES else "nl"
    decision = addressed.decision
    employer = addressed.kind == LetterKind.EMPLOYER
    place = "work" if employer else "home"
    shares = set(addressed.shares or [])
    written = services.letter_date(decision)
    deadline = services.objection_deadline(decision)
    fw = selectors.framework_in_force(written) or selectors.framework_in_force(today)
    text = LetterText.objects.filter(decision=decision.pk).first()
    person = addressed.person
    name = f"{person.first_name} {person.last_name}"
    stop = decision.decision_type == "stop"
    with translation.override(lang):

        def day(d: date) -> str:
            return date_format(d, "j F Y")

        if employer:
            about = _(
                "We hebben een besluit genomen over de beveiliging van een medewerker van uw "
                "organisatie. Dit besluit heeft gevolgen voor uw bedrijf."
            )
        else:
            about = _(
                "We hebben een besluit genomen over de beveiliging van uw naaste. Dit besluit "
                "heeft gevolgen voor u."
            )
        decided = Section(_("Wat hebben we besloten?"), [about])
        kept_section: Section | None = None
        if ShareCategory.PROTECTION_STATUS in shares or addressed.measure_codes:
            decided.paragraphs.append(
                _("Dit besluit geldt vanaf %(date)s.") % {"date": day(decision.effective_date)}
            )
        if addressed.measure_codes:
            if stop:
                decided.paragraphs.append(
                    _("Deze maatregelen stoppen:")
                    if employer
                    else _("Deze maatregelen bij uw huis stoppen:")
                )
                decided.bullets = [
                    _place_line(c, place, lang, mode="stop") for c in addressed.measure_codes
                ]
            else:
                # A follow-up says what is added and what stays, from the real change.
                change, _by_code = package_change(decision)
                codes = list(addressed.measure_codes)
                added = codes if change.first else [c for c in codes if c in change.added]
                kept = [c for c in codes if c not in added]
                if added:
                    decided.paragraphs.append(
                        _("Dit gaat u merken op uw werk:") if employer else _("Dit gaat u merken:")
                    )
                    decided.bullets = [_place_line(c, place, lang) for c in added]
                if kept:
                    kept_section = Section(
                        _("Wat blijft?"),
                        bullets=[_place_line(c, place, lang, mode="kept") for c in kept],
                    )
        sections = [decided]
        if kept_section is not None:
            sections.append(kept_section)
        ask = ""
        if text is not None and ShareCategory.EXPECTATIONS in shares:
            field = "employer_text" if employer else "household_text"
            ask = (getattr(text, f"{field}_en") if lang == "en" else "") or (
                getattr(text, field) if lang == "nl" else ""
            )
            ask = ask.strip()
        if ShareCategory.EXPECTATIONS in shares:
            expected = Section(_("Wat vragen we van u?"))
            if ask:
                expected.paragraphs, expected.bullets, expected.after = _split(ask)
            elif employer:
                expected.paragraphs = [
                    _("Werk mee met de beveiligers en met uw contactpersoon bij de overheid.")
                ]
            else:
                expected.paragraphs = [
                    _("Vertel niet aan anderen over de beveiliging."),
                    _("Ziet u iets vreemds? Meld het. Is het dringend? Bel dan 112."),
                ]
            if employer:
                expected.after.append(
                    _(
                        "Wat u als werkgever zelf moet doen, ziet u ook in het portaal. Daar "
                        "laat u weten wat klaar is."
                    )
                )
            sections.append(expected)
        sections.append(
            Section(
                _("Waarom krijgt u deze brief?"),
                [
                    _("U krijgt deze brief omdat het besluit gevolgen heeft voor u."),
                    _(
                        "Niet alle informatie mogen we met u delen. "
                        "Zo beschermen we bronnen en andere mensen."
                    ),
                ],
            )
        )
        if addressed.may_object:
            address = (fw.objection_address.strip() if fw else "") or _appeal_body_name()
            sections.append(
                Section(
                    _("Bent u het er niet mee eens?"),
                    [
                        _("Dan kunt u bezwaar maken."),
                        _("Uw bezwaar moet uiterlijk op %(date)s binnen zijn.")
                        % {"date": day(deadline)},
                        _(
                            "U kunt bezwaar maken in het portaal van Weerstand. "
                            "U kunt ook een brief sturen naar:"
                        ),
                    ],
                    [address],
                    [
                        _(
                            "Zet in uw brief uw naam, de datum van deze brief en waarom u het "
                            "niet eens bent. Zet uw handtekening eronder."
                        ),
                        _(
                            "Een onafhankelijke commissie behandelt uw bezwaar. "
                            "Die commissie hoort niet bij de NCTV."
                        ),
                        _("Tijdens het bezwaar blijft dit besluit gelden."),
                    ],
                )
            )
        closing = [
            _("Hebt u vragen over deze brief? Neem dan contact op met de vaste contactpersoon.")
            if ShareCategory.CONTACT_PERSON in shares
            else _("Hebt u vragen over deze brief? Neem dan contact op met de NCTV."),
            _("Met vriendelijke groet,"),
        ]
        return Letter(
            lang=lang,
            title=_("Beveiliging bij uw bedrijf") if employer else _("Beveiliging bij uw huis"),
            reference="",
            letter_date=day(written),
            recipient=name,
            greeting=_("Beste %(name)s,") % {"name": name},
            sections=sections,
            closing=closing,
            sender=_("De Nationaal Coördinator Terrorismebestrijding en Veiligheid (NCTV)"),
            draft=_draft_notice(decision.status),
        )


def render_pdf(letter: Letter) -> bytes:
    """The letter as a PDF (reportlab platypus): A4, large readable type, no images."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=12, leading=17)
    h1 = ParagraphStyle("h1", parent=styles["Heading1"], fontSize=18, leading=22)
    h2 = ParagraphStyle("h2", parent=styles["Heading2"], fontSize=14, leading=18, spaceBefore=10)
    meta = ParagraphStyle("meta", parent=body, fontSize=11, leading=15)

    def para(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    with translation.override(letter.lang):
        labels = (_("Kenmerk"), _("Datum"), _("Pagina"))
    story: list[Any] = [para(letter.draft, h2)] if letter.draft else []
    story += [
        para(letter.sender, meta),
        *([para(f"{labels[0]}: {letter.reference}", meta)] if letter.reference else []),
        para(f"{labels[1]}: {letter.letter_date}", meta),
        Spacer(1, 6 * mm),
        para(letter.title, h1),
        para(letter.greeting),
    ]
    for section in letter.sections:
        story.append(para(section.heading, h2))
        story += [para(p) for p in section.paragraphs]
        if section.bullets:
            story.append(
                ListFlowable(
                    [ListItem(para(b), leftIndent=12) for b in section.bullets],
                    bulletType="bullet",
                    start="•",
                    leftIndent=12,
                )
            )
        story += [para(p) for p in section.after]
    story.append(Spacer(1, 6 * mm))
    story += [para(p) for p in letter.closing]
    story.append(para(letter.sender))

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 9)
        head = f"{letter.reference} - " if letter.reference else ""
        canvas.drawString(20 * mm, 12 * mm, f"{head}{labels[2]} {doc.page}")
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=f"{letter.title} {letter.reference}".strip(),
        author=letter.sender,
        subject=letter.title,
        lang=letter.lang,
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
