"""Periods of the quality monitor: months, quarters and years, and the range of them between
two dates. A period is a closed range of dates [start, end]; datetimes are placed in a period
by their local (Europe/Amsterdam) date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

KINDS = ("month", "quarter", "year")
# No series longer than this: a page or an API call never asks for thousands of buckets.
MAX_PERIODS = 60


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date  # inclusive

    @property
    def label(self) -> str:
        if self.kind == "year":
            return f"{self.start.year}"
        if self.kind == "quarter":
            return f"{self.start.year}-K{(self.start.month - 1) // 3 + 1}"
        return f"{self.start:%Y-%m}"


def period_start(kind: str, day: date) -> date:
    """The first day of the period of `kind` that contains `day`."""
    if kind == "year":
        return date(day.year, 1, 1)
    if kind == "quarter":
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    if kind == "month":
        return date(day.year, day.month, 1)
    raise ValueError(kind)


def _next_start(kind: str, start: date) -> date:
    months = {"month": 1, "quarter": 3, "year": 12}[kind]
    m = start.month - 1 + months
    return date(start.year + m // 12, m % 12 + 1, 1)


def period_of(kind: str, day: date) -> Period:
    start = period_start(kind, day)
    return Period(kind, start, _next_start(kind, start) - timedelta(days=1))


def periods(kind: str, first: date, last: date) -> list[Period]:
    """Every period of `kind` that overlaps [first, last], in order (at most MAX_PERIODS)."""
    if kind not in KINDS:
        raise ValueError(kind)
    out: list[Period] = []
    start = period_start(kind, first)
    while start <= last and len(out) < MAX_PERIODS:
        nxt = _next_start(kind, start)
        out.append(Period(kind, start, nxt - timedelta(days=1)))
        start = nxt
    return out


def count_periods(kind: str, first: date, last: date) -> int:
    """How many periods [first, last] spans (without building them)."""
    a, b = period_start(kind, first), period_start(kind, last)
    months = (b.year - a.year) * 12 + b.month - a.month
    return months // {"month": 1, "quarter": 3, "year": 12}[kind] + 1


def bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, day after end 00:00) in local time, as aware datetimes."""
    tz = timezone.get_current_timezone()
    lo = timezone.make_aware(datetime.combine(start, time.min), tz)
    hi = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz)
    return lo, hi


def default_range(kind: str, today: date | None = None) -> tuple[date, date]:
    """The last four quarters (twelve months, three years) up to and including today's."""
    today = today or timezone.localdate()
    current = period_of(kind, today)
    n = {"month": 12, "quarter": 4, "year": 3}[kind]
    start = current.start
    for _ in range(n - 1):
        start = period_start(kind, start - timedelta(days=1))
    return start, current.end
