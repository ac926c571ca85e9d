"""PDF export of a plan run (reportlab platypus): the same rows the page shows the user."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle


def _table(rows: list[list[Any]]) -> Table:
    table = Table(rows, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def plan_pdf(run: Any, picture: dict[str, Any], lines: list[Any], cases: dict[int, str]) -> bytes:
    """The plan as the user may see it: `cases` holds only the case references they may view."""
    styles = getSampleStyleSheet()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=landscape(A4), title=f"Plan {run.pk}", author="Weerstand")
    story: list[Any] = [
        Paragraph(
            _("Plan %(pk)s: %(start)s, %(days)s dagen")
            % {"pk": run.pk, "start": run.horizon_start.strftime("%d-%m-%Y"), "days": run.days},
            styles["Title"],
        ),
        Paragraph(
            _(
                "Status %(status)s; rekentijd %(s).1f s; bemand %(pct).1f %%; "
                "doelfunctie %(obj)s; beste grens %(bound)s."
            )
            % {
                "status": run.status,
                "s": run.solve_seconds,
                "pct": 100 * run.coverage,
                "obj": run.objective if run.objective is not None else "-",
                "bound": f"{run.best_bound:.0f}" if run.best_bound is not None else "-",
            },
            styles["Normal"],
        ),
        Spacer(1, 8),
        Paragraph(_("Tekorten"), styles["Heading2"]),
    ]
    short_rows = [
        [
            _("Datum"),
            _("Dienst"),
            _("Opdracht"),
            _("Casus"),
            _("Tekort"),
            _("Reden"),
            _("Prioriteringsregel"),
        ]
    ]
    for item in picture["shortages"]:
        s = item["row"]
        short_rows.append(
            [
                s.date.strftime("%d-%m-%Y"),
                s.shift,
                s.assignment_reference,
                item["case"],
                f"{s.missing} / {s.required}",
                Paragraph(item["binding"], styles["BodyText"]),
                Paragraph(item["rule"], styles["BodyText"]),
            ]
        )
    story.append(
        _table(short_rows) if len(short_rows) > 1 else Paragraph(_("Geen."), styles["Normal"])
    )
    story += [Spacer(1, 8), Paragraph(_("Inzet"), styles["Heading2"])]
    line_rows = [
        [_("Datum"), _("Dienst"), _("Opdracht"), _("Casus"), _("Medewerker"), _("Eenheid")]
    ]
    for line in lines:
        line_rows.append(
            [
                line.date.strftime("%d-%m-%Y"),
                line.shift,
                line.assignment_reference,
                cases.get(line.case_id, ""),
                line.officer.badge,
                line.officer.unit.name,
            ]
        )
    story.append(
        _table(line_rows) if len(line_rows) > 1 else Paragraph(_("Geen."), styles["Normal"])
    )
    doc.build(story)
    return buf.getvalue()
