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


def _level_text(level: int | None) -> str:
    return {
        1: _("U krijgt advies over uw veiligheid. De politie weet van uw situatie."),
        2: _("Er komt extra toezicht bij uw huis. Uw huis wordt beter beveiligd."),
        3: _("Op momenten met meer risico zijn er beveiligers bij u."),
        4: _("Er zijn de hele dag beveiligers bij u."),
    }.get(level or 0, "")


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


def build(decision: Any, lang: str = "nl", *, today: date | None = None) -> Letter:
    """The letter for one decision, in Dutch or English."""
    from weerstand.rights import selectors, services
    from weerstand.rights.models import LetterText

    lang = lang if lang in LANGUAGES else "nl"
    written = services.letter_date(decision)
    deadline = services.objection_deadline(decision)
    fw = selectors.framework_in_force(written) or selectors.framework_in_force(today)
    text = LetterText.objects.filter(decision=decision.pk).first()
    person = decision.case.protectee
    protection = decision.decision_type in ("start", "continue", "adjust", "scale_down")
    measures = list(decision.measures.order_by("name")) if protection else []
    with translation.override(lang):

        def day(d: date) -> str:
            return date_format(d, "j F Y")

        decided = Section(
            _("Wat hebben we besloten?"),
            [
                _decided_text(decision.decision_type),
                _("Dit besluit geldt vanaf %(date)s.") % {"date": day(decision.effective_date)},
            ],
        )
        level = _level_text(decision.required_resistance)
        if level and protection:
            decided.paragraphs.append(level)
        if decision.decision_type == "refuse" and decision.hand_over_to_id:
            decided.paragraphs.append(
                _("We hebben %(authority)s gevraagd om u te helpen. Zij nemen contact met u op.")
                % {"authority": decision.hand_over_to.name}
            )
        if measures:
            decided.paragraphs.append(_("Dit gaat u merken:"))
            decided.bullets = [_measure_line(m, lang) for m in measures]
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
                _("Zet in uw brief uw naam, de datum en het kenmerk %(ref)s.")
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
            reference=decision.reference,
            letter_date=day(written),
            recipient=f"{person.first_name} {person.last_name}",
            greeting=_("Beste %(name)s,") % {"name": f"{person.first_name} {person.last_name}"},
            sections=[decided, why, person_part, employer_part, state_part, objection],
            closing=[
                _(
                    "Hebt u vragen over deze brief? "
                    "Neem dan contact op met uw vaste contactpersoon."
                ),
                _("Met vriendelijke groet,"),
            ],
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
        para(f"{labels[0]}: {letter.reference}", meta),
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
        canvas.drawString(20 * mm, 12 * mm, f"{letter.reference} - {labels[2]} {doc.page}")
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=f"{letter.title} {letter.reference}",
        author=letter.sender,
        subject=letter.title,
        lang=letter.lang,
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
