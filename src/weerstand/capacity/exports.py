"""The plan as a file (CSV here, PDF in `pdf.py`): the same rows the page shows, for the
same reader, and an EXPORT record of what left the system."""

from __future__ import annotations

import io
from typing import Any

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.capacity import selectors
from weerstand.capacity.models import PlanLine, PlanRun
from weerstand.core import spreadsheets

CSV_HEADER = (
    "sectie",
    "datum",
    "dienst",
    "opdracht",
    "casus",
    "medewerker",
    "eenheid",
    "nodig",
    "bemand",
    "tekort",
    "reden",
    "prioriteringsregel",
)


def export_data(user: Any, run: PlanRun) -> tuple[dict[str, Any], list[PlanLine], dict[int, str]]:
    """The run's picture, its lines and the case references, all as `user` may see them."""
    picture = selectors.run_picture(user, run)
    lines = selectors.export_lines(user, run)
    cases = selectors.visible_case_refs(user, {line.case_id for line in lines})
    return picture, lines, cases


def plan_csv(picture: dict[str, Any], lines: list[PlanLine], cases: dict[int, str]) -> str:
    """The plan lines, then the shortages, semicolon-separated (what a spreadsheet expects).

    Badges, unit names and references are typed by people; the writer neutralises any text
    a spreadsheet would run as a formula. The counts are written as numbers."""
    buf = io.StringIO()
    w = spreadsheets.writer(buf)
    w.writerow(CSV_HEADER)
    for line in lines:
        w.writerow(
            [
                "plan",
                line.date.isoformat(),
                line.shift,
                line.assignment_reference,
                cases.get(line.case_id, ""),
                line.officer.badge,
                line.officer.unit.name,
                "",
                "",
                "",
                "",
                "",
            ]
        )
    for item in picture["shortages"]:
        s = item["row"]
        w.writerow(
            [
                "tekort",
                s.date.isoformat(),
                s.shift,
                s.assignment_reference,
                item["case"],
                "",
                "",
                s.required,
                s.covered,
                s.missing,
                item["binding"],
                item["rule"],
            ]
        )
    return buf.getvalue()


def audit_export(run: PlanRun, fmt: str, lines: list[PlanLine], picture: dict[str, Any]) -> None:
    audit.record(
        AuditAction.EXPORT,
        run,
        changes={
            "format": fmt,
            "lines": len(lines),
            "shortages": [s["row"].pk for s in picture["shortages"]],
        },
    )
