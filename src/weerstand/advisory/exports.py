"""CSV and PDF of the advisory tables: exactly the published values, nothing recomputed."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from weerstand.advisory.services import NOT_YET, SUPPRESSED
from weerstand.advisory.services import Table as AggTable
from weerstand.core import spreadsheets


def _header(table: AggTable) -> list[str]:
    return [_("Periode"), *(label for _v, label in table.columns), _("Totaal")]


def csv_bytes(tables: list[AggTable]) -> bytes:
    buf = io.StringIO()
    out = spreadsheets.writer(buf)  # cells that a spreadsheet would run are neutralised
    out.writerow([_("Indicator"), *_header(tables[0])] if tables else [])
    for table in tables:
        for row in table.rows:
            out.writerow([table.label, row.label, *row.values, row.total])
    out.writerow([])
    out.writerow([_legend()])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _legend() -> str:
    return _(
        "%(x)s = onderdrukt (klein aantal of om terugrekenen te voorkomen); "
        "%(n)s = periode nog niet afgesloten. Aantallen 1 t/m 9 worden nooit getoond."
    ) % {"x": SUPPRESSED, "n": NOT_YET}


def pdf_bytes(tables: list[AggTable], title: str) -> bytes:
    styles = getSampleStyleSheet()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=landscape(A4), title=title, author="Weerstand")
    story: list[Any] = [Paragraph(escape(title), styles["Title"])]
    story.append(Paragraph(escape(_legend()), styles["Normal"]))
    for table in tables:
        story += [Spacer(1, 8), Paragraph(escape(table.label), styles["Heading2"])]
        data = [_header(table)] + [[r.label, *r.values, r.total] for r in table.rows]
        t = Table(data, repeatRows=1)
        t.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, 0), "Helvetica-Bold"),
                    ("FONTSIZE", (0, 0), (-1, -1), 7),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ]
            )
        )
        story.append(t)
    doc.build(story)
    return buf.getvalue()
