"""Read models of the quality monitor, shared by the pages and the API (the API never imports
a view): the series of every indicator over a range of periods, one indicator's series with a
breakdown, and the drill-down to the cases behind one figure within the viewer's need-to-know.
Every read is audited (LIST)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.errors import NotPermitted
from weerstand.oversight import chart, indicators, rules
from weerstand.oversight.indicators import MEDIAN_DAYS, Cell, Indicator
from weerstand.oversight.periods import Period, periods

DRILLDOWN_LIMIT = 200


@dataclass(frozen=True)
class Point:
    period: Period
    cell: Cell

    @property
    def value(self) -> float | None:
        """The shown figure: a percentage (one decimal) or a median in days."""
        if self.cell.suppressed or not self.cell.denominator:
            return None
        if self.cell.median is not None:
            return self.cell.median
        share = self.cell.share
        return None if share is None else round(share * 100, 1)


@dataclass(frozen=True)
class Series:
    indicator: Indicator
    breakdown_value: str
    points: tuple[Point, ...]

    @property
    def is_median(self) -> bool:
        return self.indicator.kind == MEDIAN_DAYS

    def chart(self) -> chart.Chart:
        values = [(p.period.label, p.value, _shown(p, self.is_median)) for p in self.points]
        if self.is_median:
            top = max([v for _l, v, _s in values if v is not None] or [1.0])
            return chart.line_chart(values, y_max=top, unit=" d")
        return chart.line_chart(values, y_max=100.0, unit="%")


def _shown(p: Point, median: bool) -> str:
    if p.cell.suppressed:
        return "—"
    if p.value is None:
        return "—"
    return f"{p.value:g} d" if median else f"{p.value:g}%"


def _require(user: Any) -> None:
    if not rules.sees_monitor(user):
        raise NotPermitted("Uw rol heeft geen inzage in de kwaliteitsmonitor.")


def _series(
    ind: Indicator, kind: str, first: date, last: date, breakdown: str | None = None
) -> list[Series]:
    buckets = periods(kind, first, last)
    start, end = buckets[0].start, buckets[-1].end
    cells = indicators.compute(ind.code, start, end, period=kind, breakdown=breakdown)
    keys = sorted({k for (_p, k) in cells}) if breakdown else [""]
    empty = Cell(0, 0)
    return [
        Series(ind, key, tuple(Point(p, cells.get((p.start, key), empty)) for p in buckets))
        for key in keys
    ]


def monitor(user: Any, kind: str, first: date, last: date) -> list[Series]:
    """Every indicator's series over the periods of `kind` between `first` and `last`."""
    _require(user)
    out = [s for ind in indicators.INDICATORS.values() for s in _series(ind, kind, first, last)]
    audit.record(
        AuditAction.LIST,
        object_type="oversight.qualitymonitor",
        object_repr=f"kwaliteitsmonitor: {len(out)} indicatoren per {kind}, {first} t/m {last}",
        changes={"period": kind, "from": first.isoformat(), "to": last.isoformat()},
        actor=user,
    )
    return out


def indicator_series(
    user: Any, code: str, kind: str, first: date, last: date, breakdown: str | None = None
) -> list[Series]:
    """One indicator's series, optionally one per breakdown value (KeyError: no such code)."""
    _require(user)
    ind = indicators.get(code)
    out = _series(ind, kind, first, last, breakdown)
    audit.record(
        AuditAction.LIST,
        object_type="oversight.qualitymonitor",
        object_repr=f"kwaliteitsmonitor: {code} per {kind}, {first} t/m {last}",
        changes={
            "indicator": code,
            "period": kind,
            "from": first.isoformat(),
            "to": last.isoformat(),
            "breakdown": breakdown or "",
        },
        actor=user,
    )
    return out


@dataclass(frozen=True)
class DrillRow:
    case: Any
    in_numerator: bool | None  # None: a median indicator (no numerator)


@dataclass(frozen=True)
class Drilldown:
    indicator: Indicator
    period: Period
    cell: Cell
    rows: tuple[DrillRow, ...]
    hidden: int  # cases behind the figure outside the viewer's need-to-know (a number only)
    truncated: bool


def drilldown(user: Any, code: str, period: Period) -> Drilldown:
    """The cases behind one indicator in one period that the viewer may see, and how many
    others there are. Nothing of those others: no reference, no name, no state."""
    from weerstand.cases.models import Case

    _require(user)
    ind = indicators.get(code)
    if not ind.drilldown:
        raise NotPermitted("Bij deze indicator hoort geen lijst van casussen.")
    cell = indicators.compute(code, period.start, period.end).get((None, ""), Cell(0, 0))
    behind = indicators.case_ids(code, period.start, period.end)
    visible = Case.objects.visible_to(user).filter(pk__in=behind.values("pk"))
    total = behind.count()
    shown_count = visible.count()
    shown = list(visible.order_by("reference", "pk")[:DRILLDOWN_LIMIT])
    hits: set[int] | None = None
    if ind.hit is not None:
        hit_qs = indicators.hit_case_ids(code, period.start, period.end)
        hits = set(hit_qs.filter(pk__in=[c.pk for c in shown]).values_list("pk", flat=True))
    rows = tuple(DrillRow(c, None if hits is None else c.pk in hits) for c in shown)
    audit.record(
        AuditAction.LIST,
        object_type="cases.case",
        object_repr=f"kwaliteitsmonitor {code} {period.label}: {len(rows)} casussen",
        changes={"ids": [c.pk for c in shown], "indicator": code, "period": period.label},
        actor=user,
    )
    return Drilldown(ind, period, cell, rows, total - shown_count, shown_count > len(shown))
