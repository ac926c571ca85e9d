"""The advisory body's aggregates (through the disclosure control) and its advice records.

Aggregates: `aggregate_tables(user, year, period, breakdown)` is the one way in for the page,
the API and the exports. It asks the policy (`aggregates:view`), builds one grid per
indicator from the quarters' counts (frozen ones from `QuarterCount` when the job has frozen
them, else counted now), lets `disclosure.publish` decide what may be shown for the state of
the calendar today, and audits the read. Nothing else in the app reads `sources`.

Advice: `create_advice` (advisory body), `create_theme`, `respond` (the NCTV's quality
function); each checks the grant, writes in one transaction with its audit record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from weerstand.advisory import disclosure, selectors, sources
from weerstand.advisory.models import Advice, AdviceResponse, AdviceTheme, QuarterCount
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases.models import Phenomenon
from weerstand.core.errors import InvalidParam, NotPermitted, ValidationFailed
from weerstand.core.references import next_reference
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource

PERIODS = ("quarter", "year")
SUPPRESSED = "x"  # every suppressed count looks alike: primary and complementary
NOT_YET = "."  # a quarter or year that has not ended is not published (as CBS writes it)
FIRST_YEAR = 2020


def quarter_span(year: int, q: int) -> tuple[date, date]:
    """[start, end) of quarter q (1..4)."""
    start = date(year, 3 * (q - 1) + 1, 1)
    end = date(year + 1, 1, 1) if q == 4 else date(year, 3 * q + 1, 1)
    return start, end


def closed_state(year: int, today: date) -> tuple[int, bool]:
    """How many quarters of `year` have ended on `today`, and whether the year has."""
    if today.year > year:
        return 4, True
    if today.year < year:
        return 0, False
    return (today.month - 1) // 3, False


def _columns() -> list[str]:
    return list(sources.breakdown_values("phenomenon"))


def _counts(year: int, q: int) -> dict[str, dict[str, tuple[int, int]]]:
    frozen = QuarterCount.objects.filter(year=year, quarter=q)
    out: dict[str, dict[str, tuple[int, int]]] = {}
    for row in frozen.values("indicator", "value", "numerator", "denominator"):
        out.setdefault(row["indicator"], {})[row["value"]] = (row["numerator"], row["denominator"])
    if out:
        return out
    start, end = quarter_span(year, q)
    return sources.cells(start, end, "phenomenon")


def freeze_closed_quarters(now: datetime) -> int:
    """Job: store the counts of every ended quarter not frozen yet (idempotent)."""
    today = timezone.localdate(now)
    done = 0
    for year in range(FIRST_YEAR, today.year + 1):
        closed, _year_closed = closed_state(year, today)
        for q in range(1, closed + 1):
            if QuarterCount.objects.filter(year=year, quarter=q).exists():
                continue
            start, end = quarter_span(year, q)
            rows = [
                QuarterCount(
                    year=year, quarter=q, indicator=code, value=value, numerator=n, denominator=d
                )
                for code, by_value in sources.cells(start, end, "phenomenon").items()
                for value, (n, d) in by_value.items()
            ]
            with transaction.atomic():
                QuarterCount.objects.bulk_create(rows, ignore_conflicts=True)
                audit.record(
                    AuditAction.CREATE,
                    object_type="advisory.quartercount",
                    object_id=f"{year}-Q{q}",
                    object_repr=f"kwartaaltellingen {year}-Q{q} bevroren",
                )
            done += 1
    return done


@dataclass
class Row:
    label: str
    values: list[str]
    total: str


@dataclass
class Table:
    indicator: str
    label: str
    columns: list[tuple[str, str]]  # (breakdown value, label); empty without breakdown
    rows: list[Row] = field(default_factory=list)
    cells: list[dict[str, Any]] = field(default_factory=list)  # machine-readable


def _shown(value: int | None, due: bool) -> str:
    if not due:
        return NOT_YET
    return SUPPRESSED if value is None else str(value)


def _validate(year: Any, period: Any, breakdown: Any, today: date) -> tuple[int, str, str | None]:
    problems = []
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = None
    if year is None or not FIRST_YEAR <= year <= today.year:
        problems.append(
            InvalidParam("year", "invalid", f"Kies een jaar van {FIRST_YEAR} t/m {today.year}.")
        )
    if period not in PERIODS:
        problems.append(InvalidParam("period", "invalid", "Kies quarter of year."))
    if breakdown not in (None, "", *sources.BREAKDOWNS):
        problems.append(InvalidParam("breakdown", "invalid", "Kies phenomenon of niets."))
    if problems:
        raise ValidationFailed("De vraag naar cijfers is niet geldig.", invalid_params=problems)
    return int(year), str(period), breakdown or None


def aggregate_tables(
    user: Any,
    year: Any,
    period: Any = "quarter",
    breakdown: Any = None,
    *,
    export: str = "",
) -> list[Table]:
    """The published tables, one per indicator; NotPermitted without the aggregates grant."""
    engine.require_principal(user)
    if not engine.can(user, Resource.AGGREGATES, Action.VIEW):
        raise NotPermitted(_("Uw rol heeft geen inzage in geaggregeerde cijfers."))
    today = timezone.localdate()
    year, period, breakdown = _validate(year, period, breakdown, today)
    closed, year_closed = closed_state(year, today)
    columns = _columns()
    counts = {q: _counts(year, q) for q in range(1, closed + 1)}
    labels = dict(Phenomenon.choices)
    tables = []
    for code, label in sources.indicators():
        grids = []
        for part in (0, 1):  # numerator, denominator: a cell is shown only when both may be
            grids.append(
                disclosure.Grid(
                    tuple(
                        tuple(counts.get(q, {}).get(code, {}).get(v, (0, 0))[part] for v in columns)
                        for q in range(1, 5)
                    )
                )
            )
        if grids[1] == grids[0]:  # a plain count
            shown = disclosure.publish(grids[0], closed, year_closed)
        else:  # a share: its numerator, under numerator <= denominator too
            shown = disclosure.publish_pair(grids[0], grids[1], closed, year_closed)
        values = disclosure.published_values(grids[0], shown)
        table = Table(
            indicator=code,
            label=_(label),
            columns=[(v, str(labels.get(v, _("Onbekend")))) for v in columns] if breakdown else [],
        )
        if period == "quarter":
            wanted = [(q, f"{year}-Q{q + 1}", q < closed) for q in range(4)]
        else:
            wanted = [(disclosure.YEAR_ROW, str(year), year_closed)]
        for row, row_label, due in wanted:
            cols = list(range(len(columns))) if breakdown else []
            table.rows.append(
                Row(
                    label=row_label,
                    values=[_shown(values[(row, c)], due) for c in cols],
                    total=_shown(values[(row, -1)], due),
                )
            )
            for c in (*cols, -1):
                value = values[(row, c)] if due else None
                table.cells.append(
                    {
                        "period": row_label,
                        "breakdown": columns[c] if c >= 0 else None,
                        "published": due,
                        "suppressed": due and value is None,
                        "value": value,
                    }
                )
        tables.append(table)
    audit.record(
        AuditAction.EXPORT if export else AuditAction.READ,
        object_type="advisory.aggregates",
        object_repr=f"adviescijfers {year} per {period}" + (f" ({export})" if export else ""),
        changes={"year": year, "period": period, "breakdown": breakdown or "", "format": export},
        actor=user,
    )
    return tables


# --------------------------------------------------------------------------- advice


def _need(user: Any, action: Action) -> None:
    engine.require_principal(user)
    if not engine.can(user, Resource.ADVICE, action):
        raise NotPermitted(_("Uw rol mag dit niet bij adviezen."))


def _required(**values: str) -> None:
    problems = [
        InvalidParam(name, "required", _("Vul dit in.")) for name, v in values.items() if not v
    ]
    if problems:
        raise ValidationFailed(_("Niet alles is ingevuld."), invalid_params=problems)


def create_theme(user: Any, name: str, description: str = "") -> AdviceTheme:
    _need(user, Action.CREATE)
    name = (name or "").strip()
    _required(name=name)
    with transaction.atomic():
        if AdviceTheme.objects.filter(name__iexact=name).exists():
            raise ValidationFailed(
                _("Dit thema bestaat al."),
                invalid_params=[InvalidParam("name", "duplicate", _("Dit thema bestaat al."))],
            )
        theme = AdviceTheme.objects.create(name=name, description=description, created_by=user)
        audit.record(AuditAction.CREATE, theme, actor=user)
    return theme


def create_advice(
    user: Any, *, title: str, body: str, theme_ids: list[int], issued_on: date | None = None
) -> Advice:
    _need(user, Action.CREATE)
    title, body = (title or "").strip(), (body or "").strip()
    _required(title=title, body=body)
    themes = list(selectors.themes(user).filter(pk__in=theme_ids))
    if len(themes) != len(set(theme_ids)):
        raise ValidationFailed(
            _("Onbekend thema."),
            invalid_params=[InvalidParam("themes", "invalid", _("Onbekend thema."))],
        )
    with transaction.atomic():
        advice = Advice.objects.create(
            reference=next_reference(Advice, "ADV", 4),
            title=title,
            body=body,
            issued_on=issued_on or timezone.localdate(),
            created_by=user,
        )
        Advice.themes.through.objects.bulk_create(
            [Advice.themes.through(advice_id=advice.pk, advicetheme_id=t.pk) for t in themes]
        )
        audit.record(
            AuditAction.CREATE,
            advice,
            changes={"title": title, "themes": [t.pk for t in themes]},
            actor=user,
        )
    return advice


def respond(user: Any, advice_id: int, body: str) -> AdviceResponse:
    """The NCTV's response to an advice; a later position is a new response."""
    engine.require_principal(user)
    body = (body or "").strip()
    with transaction.atomic():
        advice = engine.get_for(Advice.objects.select_for_update(), user, Action.VIEW, pk=advice_id)
        _need(user, Action.CHANGE)
        _required(body=body)
        response = AdviceResponse.objects.create(advice=advice, body=body, responded_by=user)
        audit.record(
            AuditAction.CREATE,
            response,
            object_repr=f"reactie op advies {advice.reference}",
            actor=user,
        )
    return response
