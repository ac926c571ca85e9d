"""`case.pdf` of the inspection package: the content of `case.json`, readable (reportlab)."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle


def _p(text: Any, style: Any) -> Paragraph:
    return Paragraph(escape(str(text if text is not None else "")), style)


def _table(header: list[str], rows: list[list[Any]], style: Any) -> Table:
    data = [[_p(h, style) for h in header]] + [[_p(c, style) for c in row] for row in rows]
    table = Table(data, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTSIZE", (0, 0), (-1, -1), 7),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def render(content: dict[str, Any]) -> bytes:
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=7, leading=8)
    case = content["case"]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=landscape(A4),
        title=f"Inspectie-export {case['reference']}",
        author="Weerstand",
        invariant=1,
        # Uncompressed page streams: the text stays searchable by the leak hunts (see package).
        pageCompression=0,
    )
    h2 = styles["Heading2"]
    story: list[Any] = [
        _p(_("Inspectie-export casus %(ref)s") % {"ref": case["reference"]}, styles["Title"]),
        _p(
            _("Werknaam %(name)s; status %(state)s; fenomeen %(ph)s; aangemeld %(at)s.")
            % {
                "name": case["codename"],
                "state": case["stateLabel"],
                "ph": case["phenomenon"],
                "at": case["referredAt"],
            },
            styles["Normal"],
        ),
        _p(
            _("Audittrail geverifieerd tot ondertekend checkpoint seq %(seq)s.")
            % {"seq": content["checkpointSeq"]},
            styles["Normal"],
        ),
        Spacer(1, 6),
        _p(_("Tijdlijn"), h2),
        _table(
            [_("Moment"), _("Door"), _("Soort"), _("Van"), _("Naar"), _("Reden")],
            [
                [e["at"], e["actor"], e["kind"], e["fromState"], e["toState"], e["reason"]]
                for e in content["timeline"]
            ],
            small,
        ),
        _p(_("Besluiten"), h2),
        _table(
            [_("Kenmerk"), _("Soort"), _("Status"), _("Genomen"), _("Door"), _("Motivering")],
            [
                [
                    d["reference"],
                    d["type"],
                    d["status"],
                    d["decidedAt"],
                    d["decidedBy"],
                    d["reasoning"],
                ]
                for d in content["decisions"]
            ],
            small,
        ),
        _p(_("Dreigingsbeelden"), h2),
        _table(
            [_("Kenmerk"), _("Status"), _("Dreigingsniveau"), _("Auteur"), _("Integraal oordeel")],
            [
                [a["reference"], a["status"], a["threatLevel"], a["author"], a["summary"]]
                for a in content["assessments"]
            ],
            small,
        ),
        _p(_("Casusteam"), h2),
        _table(
            [_("Naam"), _("Organisatie"), _("Functie")],
            [[m["name"], m["organisation"], m["function"]] for m in content["team"]],
            small,
        ),
        _p(_("Audittrail van de casus (wie zag of deed wat)"), h2),
        _table(
            [
                _("Seq"),
                _("Moment"),
                _("Wie"),
                _("Handeling"),
                _("Object"),
                _("Resultaat"),
                _("Hash"),
            ],
            [
                [
                    r["seq"],
                    r["created_at"],
                    r["actor_name"],
                    r["action"],
                    r["object_repr"],
                    r["result"],
                    r["hash"][:16],
                ]
                for r in content["auditRecords"]
            ],
            small,
        ),
    ]
    doc.build(story)
    return buf.getvalue()
