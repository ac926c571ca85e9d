"""The integrated threat picture as a PDF report (reportlab platypus).

It shows what the page shows, from the same policy-scoped context: grading legend, judgement,
resistance, sources, gaps, scenarios, assumptions with review dates, the challenge with the
ACH matrix and the author's answer, and the version history.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

LEGEND = (
    ("A", "Volledig betrouwbaar"),
    ("B", "Doorgaans betrouwbaar"),
    ("C", "Redelijk betrouwbaar"),
    ("D", "Doorgaans niet betrouwbaar"),
    ("E", "Onbetrouwbaar"),
    ("F", "Betrouwbaarheid niet te beoordelen"),
    ("1", "Bevestigd door andere bronnen"),
    ("2", "Waarschijnlijk waar"),
    ("3", "Mogelijk waar"),
    ("4", "Twijfelachtig"),
    ("5", "Onwaarschijnlijk"),
    ("6", "Waarheid niet te beoordelen"),
)


def _p(text: Any, style: Any) -> Paragraph:
    return Paragraph(escape(str(text or "—")).replace("\n", "<br/>"), style)


def _table(rows: list[list[Any]], widths: list[float] | None = None) -> Table:
    t = Table(rows, colWidths=widths, repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef3")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return t


def render_pdf(ctx: dict[str, Any]) -> bytes:
    a = ctx["a"]
    case = ctx["case"]
    styles = getSampleStyleSheet()
    body, h1, h2 = styles["BodyText"], styles["Title"], styles["Heading2"]
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    story: list[Any] = []
    title = _("Geïntegreerd dreigingsbeeld %(ref)s, versie %(n)s") % {
        "ref": case.reference,
        "n": a.number,
    }
    story += [
        _p(a.get_classification_display().upper(), body),
        _p(title, h1),
        _p(
            f"{_('Status')}: {a.get_status_display()} · {_('Auteur')}: {a.author.display_name}"
            + (
                f" · {_('Vastgesteld')}: {timezone.localtime(a.finalised_at):%d-%m-%Y}"
                if a.finalised_at
                else ""
            )
            + (
                f" · {_('Volgende herijking')}: {a.next_recalibration:%d-%m-%Y}"
                if a.next_recalibration
                else ""
            ),
            body,
        ),
        Spacer(1, 0.3 * cm),
        _p(_("Oordeel"), h2),
        _p(
            f"{_('Dreigingsniveau')}: {a.get_threat_level_display() if a.threat_level else '—'}",
            body,
        ),
        _p(
            f"{_('Aanbevolen benodigde weerstand')}: "
            f"{a.get_recommended_resistance_display() if a.recommended_resistance else '—'}",
            body,
        ),
        _p(a.summary, body),
        _p(_("Weerstand en restrisico"), h2),
    ]
    for label, value in (
        (_("Weerbaarheid van de persoon"), a.person_resilience),
        (_("Maatregelen van de werkgever"), a.employer_measures),
        (_("Maatregelen die al gelden"), a.measures_in_place),
        (_("Effectiviteit van die maatregelen"), a.measures_effectiveness),
        (_("Restrisico"), a.residual_risk),
    ):
        story += [_p(f"{label}:", styles["Heading4"]), _p(value, body)]

    story.append(_p(_("Beoordelingsschaal (Admiralty)"), h2))
    story.append(
        _p(
            _(
                "Elke bron krijgt een letter voor de betrouwbaarheid van de bron (A-F) en een "
                "cijfer voor de geloofwaardigheid van de informatie (1-6), bijvoorbeeld B2."
            ),
            body,
        )
    )
    story.append(
        _table(
            [[_p(_("Code"), small), _p(_("Betekenis"), small)]]
            + [[_p(code, small), _p(_(text), small)] for code, text in LEGEND],
            [2 * cm, 12 * cm],
        )
    )

    story.append(_p(_("Waarop het oordeel rust"), h2))
    rows = [[_p(_("Bron"), small), _p(_("Beoordeling"), small), _p(_("Gebruik"), small)]]
    for c, p in ctx["products"]:
        name = f"{p.reference} {p.title}" if p else _("product (niet zichtbaar voor u)")
        rows.append([_p(name, small), _p(c.grading, small), _p(c.note, small)])
    for c, s in ctx["signals"]:
        name = f"{_('Signaal')} {s.reference}" if s else _("signaal (niet zichtbaar voor u)")
        rows.append([_p(name, small), _p(c.grading, small), _p(c.note, small)])
    story.append(_table(rows, [7 * cm, 2.5 * cm, 7 * cm]))
    if ctx["judgements"]:
        story.append(_p(_("Fenomeenkennis"), styles["Heading3"]))
        rows = [[_p(_("Factor"), small), _p(_("Oordeel"), small), _p(_("Toelichting"), small)]]
        rows += [
            [_p(j.factor.label, small), _p(j.get_judgement_display(), small), _p(j.note, small)]
            for j in ctx["judgements"]
        ]
        story.append(_table(rows, [6 * cm, 3 * cm, 7.5 * cm]))

    story.append(_p(_("Resterende informatieleemten"), h2))
    if ctx["gaps"]:
        for g, gap in ctx["gaps"]:
            text = (
                (gap.description if gap else _("leemte (niet zichtbaar voor u)"))
                if g.gap_id
                else g.description
            )
            story.append(_p(f"• {text}" + (f" — {g.consequence}" if g.consequence else ""), body))
    elif a.no_gaps:
        story.append(
            _p(
                _("Verklaring: er zijn geen relevante informatieleemten.") + f" {a.no_gaps_reason}",
                body,
            )
        )
    else:
        story.append(_p(_("Nog niet vastgelegd."), body))

    story.append(_p(_("Scenario's"), h2))
    for s in ctx["scenarios"]:
        triggers = "; ".join(
            t.description + (f" ({t.expected_on:%d-%m-%Y})" if t.expected_on else "")
            for t in s.triggers.all()
        )
        story += [
            _p(s.title, styles["Heading3"]),
            _p(f"{_('Wie')}: {s.actor}", body),
            _p(f"{_('Intentie')}: {s.intent}", body),
            _p(f"{_('Capaciteit')}: {s.capability}", body),
            _p(f"{_('Gelegenheid')}: {s.opportunity}", body),
            _p(f"{_('Waarschijnlijkheid')}: {s.get_likelihood_display()}", body),
            _p(f"{_('Impact')}: {s.get_impact_display()} {s.impact_note}", body),
            _p(f"{_('Triggermomenten')}: {triggers or '—'}", body),
        ]

    story.append(_p(_("Kernaannames"), h2))
    rows = [
        [
            _p(h, small)
            for h in (
                _("Aanname"),
                _("Grondslag"),
                _("Zekerheid"),
                _("Onjuist als"),
                _("Toetsen vóór"),
            )
        ]
    ]
    for m in ctx["assumptions"]:
        rows.append(
            [
                _p(m.statement, small),
                _p(m.basis, small),
                _p(m.get_confidence_display(), small),
                _p(m.disproved_if, small),
                _p(f"{m.review_by:%d-%m-%Y}", small),
            ]
        )
    story.append(_table(rows, [4.5 * cm, 4 * cm, 2 * cm, 4 * cm, 2.3 * cm]))

    story.append(_p(_("Tegenspraak"), h2))
    challenge = ctx["challenge"]
    if challenge is None:
        story.append(_p(_("Nog geen tegenspraak vastgelegd."), body))
    else:
        story.append(
            _p(
                _("Door %(who)s op %(at)s.")
                % {
                    "who": challenge.challenger.display_name,
                    "at": f"{timezone.localtime(challenge.recorded_at):%d-%m-%Y}",
                },
                body,
            )
        )
        story.append(_p(challenge.summary, body))
        ach = ctx["ach"]
        if ach:
            head = [_p(_("Bewijsstuk"), small)] + [
                _p(h.label, small) for h, _s in ach["hypotheses"]
            ]
            rows = [head] + [
                [_p(e.label, small)] + [_p(c, small) for c in cells] for e, cells in ach["rows"]
            ]
            rows.append(
                [_p(_("Inconsistentiescore"), small)]
                + [_p(str(score), small) for _h, score in ach["hypotheses"]]
            )
            story.append(_table(rows))
        for point in ctx["points"]:
            story.append(_p(f"{point.get_kind_display()}: {point.text}", body))
            if point.position:
                story.append(
                    _p(
                        f"{_('Antwoord auteur')} ({point.get_position_display()}): {point.answer}",
                        body,
                    )
                )
    if a.unresolved_disagreement:
        story += [_p(_("Resterend meningsverschil"), h2), _p(a.unresolved_disagreement, body)]
    if a.senior_checked_by_id:
        story += [
            _p(_("Extra controle senior analist"), h2),
            _p(f"{a.senior_checked_by.display_name}: {a.senior_check_note}", body),
        ]

    story.append(_p(_("Versiegeschiedenis"), h2))
    rows = [
        [_p(h, small) for h in (_("Versie"), _("Status"), _("Dreigingsniveau"), _("Vastgesteld"))]
    ]
    for v in ctx["history"]:
        rows.append(
            [
                _p(str(v.number), small),
                _p(v.get_status_display(), small),
                _p(v.get_threat_level_display() if v.threat_level else "—", small),
                _p(
                    f"{timezone.localtime(v.finalised_at):%d-%m-%Y}" if v.finalised_at else "—",
                    small,
                ),
            ]
        )
    story.append(_table(rows, [2 * cm, 5 * cm, 5 * cm, 4 * cm]))

    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author="Weerstand",
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
    )
    doc.build(story)
    return buffer.getvalue()
