"""How the operational picture summarises a plan for the coordinator: pure functions, no
queries and no rules.

A plan stores one shortage per assignment x day x shift; a coordinator reads "12-18 dec,
nachtdienst, 2 van 2 agenten tekort". These functions fold the rows the selectors return into
such ranges, count shortages per priority tier and mark units over their contract hours, so
the page, the API and the tests share one grouping instead of a template loop.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Early, late, night: the order of a day.
SHIFT_ORDER = {"E": 0, "L": 1, "N": 2}
OVERLOAD_PERCENT = 100


@dataclass(frozen=True)
class ShortageDay:
    """One stored shortage: a shift on a day with too few officers."""

    date: date
    shift: str
    missing: int
    required: int
    reason: str = ""
    rule: str = ""


@dataclass(frozen=True)
class ShortageRange:
    """Consecutive days with the same shift and the same shortfall."""

    start: date
    end: date
    shift: str
    missing: int
    required: int
    reasons: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def missing_total(self) -> int:
        """Officer-shifts short over the whole range."""
        return self.missing * self.days

    @property
    def text(self) -> str:
        return range_text(self)


@dataclass
class AssignmentShortages:
    """The shortages of one assignment, as ranges."""

    assignment: int
    reference: str
    case: str
    priority: int
    level: int | None
    ranges: list[ShortageRange] = field(default_factory=list)

    @property
    def shifts(self) -> int:
        return sum(r.days for r in self.ranges)

    @property
    def missing_total(self) -> int:
        return sum(r.missing_total for r in self.ranges)

    @property
    def reasons(self) -> list[str]:
        return _distinct(x for r in self.ranges for x in r.reasons)

    @property
    def rules(self) -> list[str]:
        return _distinct(x for r in self.ranges for x in r.rules)


def _distinct(items: Iterable[str]) -> list[str]:
    return [x for x in dict.fromkeys(items) if x]


def group_days(days: Iterable[ShortageDay]) -> list[ShortageRange]:
    """Fold shortage days into ranges: a range continues while the next day has the same
    shift, the same officers missing of the same number required; a gap in the days, another
    shift or another shortfall starts a new range. Sorted by first day, then shift."""
    ordered = sorted(days, key=lambda d: (SHIFT_ORDER.get(d.shift, 9), d.shift, d.date))
    ranges: list[ShortageRange] = []
    current: ShortageRange | None = None
    for d in ordered:
        if (
            current is not None
            and d.shift == current.shift
            and d.missing == current.missing
            and d.required == current.required
            and d.date == current.end + timedelta(days=1)
        ):
            current = ShortageRange(
                current.start,
                d.date,
                d.shift,
                d.missing,
                d.required,
                tuple(_distinct((*current.reasons, d.reason))),
                tuple(_distinct((*current.rules, d.rule))),
            )
            ranges[-1] = current
            continue
        current = ShortageRange(
            d.date,
            d.date,
            d.shift,
            d.missing,
            d.required,
            tuple(_distinct((d.reason,))),
            tuple(_distinct((d.rule,))),
        )
        ranges.append(current)
    return sorted(ranges, key=lambda r: (r.start, SHIFT_ORDER.get(r.shift, 9), r.shift))


def group_shortages(items: Sequence[dict[str, Any]]) -> list[AssignmentShortages]:
    """The picture's shortage items (see `selectors.run_picture`) per assignment, highest
    priority first, each with its days folded into ranges."""
    per: dict[int, AssignmentShortages] = {}
    days: dict[int, list[ShortageDay]] = {}
    for item in items:
        s = item["row"]
        group = per.get(s.assignment_id)
        if group is None:
            group = per[s.assignment_id] = AssignmentShortages(
                assignment=s.assignment_id,
                reference=s.assignment_reference,
                case=item.get("case", ""),
                priority=s.priority,
                level=item.get("level"),
            )
            days[s.assignment_id] = []
        days[s.assignment_id].append(
            ShortageDay(
                s.date,
                s.shift,
                s.missing,
                s.required,
                str(item.get("binding", "")),
                str(item.get("rule", "")),
            )
        )
    for pk, group in per.items():
        group.ranges = group_days(days[pk])
    return sorted(
        per.values(),
        key=lambda g: (-g.priority, g.ranges[0].start if g.ranges else date.max, g.reference),
    )


def shift_noun(code: str) -> str:
    """The shift as a word in a sentence (the model's labels carry the hours)."""
    nouns = {"E": _("vroege dienst"), "L": _("late dienst"), "N": _("nachtdienst")}
    return nouns.get(code, code)


def date_range_text(start: date, end: date) -> str:
    """12 dec, 12-18 dec, 30 nov - 2 dec (with an en dash; a horizon is at most four weeks)."""
    if start == end:
        return date_format(start, "j b")
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}\N{EN DASH}{date_format(end, 'j b')}"
    return f"{date_format(start, 'j b')} \N{EN DASH} {date_format(end, 'j b')}"


def range_text(r: ShortageRange) -> str:
    """For example: 12-18 dec, nachtdienst, 2 van 2 agenten tekort."""
    short = ngettext(
        "%(missing)s van %(required)s agent tekort",
        "%(missing)s van %(required)s agenten tekort",
        r.required,
    ) % {"missing": r.missing, "required": r.required}
    return f"{date_range_text(r.start, r.end)}, {shift_noun(r.shift)}, {short}"


@dataclass(frozen=True)
class Tier:
    """Shortages of one priority tier (the required resistance level of the decision)."""

    level: int | None
    label: str
    assignments: int
    shifts: int
    missing: int


def level_label(level: int | None) -> str:
    if level is None:
        return _("Zonder weerstandsniveau")
    return _("Weerstandsniveau %(level)s") % {"level": level}


def shortage_tiers(groups: Sequence[AssignmentShortages]) -> list[Tier]:
    """Per tier, highest first: how many assignments, shifts and officer-shifts are short."""
    tiers: dict[int | None, list[AssignmentShortages]] = {}
    for g in groups:
        tiers.setdefault(g.level, []).append(g)
    return [
        Tier(
            level=level,
            label=level_label(level),
            assignments=len(rows),
            shifts=sum(g.shifts for g in rows),
            missing=sum(g.missing_total for g in rows),
        )
        for level, rows in sorted(tiers.items(), key=lambda kv: -(kv[0] or 0))
    ]


def is_overloaded(percent: int | None) -> bool:
    return percent is not None and percent > OVERLOAD_PERCENT


def overloaded_units(load: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Units planned over their contract hours in the period, heaviest first."""
    return sorted(
        (e for e in load if is_overloaded(e.get("percent"))),
        key=lambda e: -int(e["percent"]),
    )


@dataclass(frozen=True)
class Summary:
    """What the coordinator reads first: coverage, shortages per tier, overloaded units."""

    coverage_percent: int
    covered: int
    required: int
    tiers: list[Tier]
    short_assignments: int
    short_shifts: int
    overloaded: list[dict[str, Any]]
    upper_bound: int | None = None
    """Proven most officer-shifts any roster could staff ("maximaal haalbaar"); None: unknown."""
    upper_bound_percent: int | None = None


def summary(
    run: Any, groups: Sequence[AssignmentShortages], load: Sequence[dict[str, Any]]
) -> Summary:
    required = run.required_total or 0
    covered = run.covered_total or 0
    bound = getattr(run, "covered_upper_bound", None)
    return Summary(
        coverage_percent=int(100 * covered / required) if required else 100,
        covered=covered,
        required=required,
        tiers=shortage_tiers(groups),
        short_assignments=len(groups),
        short_shifts=sum(g.shifts for g in groups),
        overloaded=overloaded_units(load),
        upper_bound=bound,
        upper_bound_percent=(100 * bound // required if required else 100)
        if bound is not None
        else None,
    )


# The assignment list's filter ("toon"): what the coordinator looks at first.
SHOW_ALL, SHOW_SHORT, SHOW_PERIOD = "alle", "tekort", "periode"


@dataclass
class AssignmentListing:
    """The open assignments in the order the coordinator works them, filtered."""

    rows: list[Any]
    show: str
    q: str
    total: int


def assignment_listing(
    rows: Sequence[Any],
    *,
    short: set[int],
    period: tuple[date, date] | None,
    show: str = "",
    q: str = "",
) -> AssignmentListing:
    """Assignments with a shortage in the plan first, then those starting within the plan's
    period, then the rest (each by priority, as given); `show` keeps only one kind, `q`
    matches the assignment's or case's reference. Each row gets `short` and `starts_in_period`."""
    show = show if show in (SHOW_SHORT, SHOW_PERIOD) else SHOW_ALL
    q = q.strip()
    for a in rows:
        a.short = a.pk in short
        a.starts_in_period = period is not None and period[0] <= a.starts_on <= period[1]
    kept = [
        a
        for a in rows
        if (show != SHOW_SHORT or a.short)
        and (show != SHOW_PERIOD or a.starts_in_period)
        and (
            not q
            or q.lower() in a.reference.lower()
            or q.lower() in (getattr(a, "case_label", "") or "").lower()
        )
    ]
    order = {id(a): i for i, a in enumerate(rows)}
    kept.sort(key=lambda a: (not a.short, not a.starts_in_period, order[id(a)]))
    return AssignmentListing(rows=kept, show=show, q=q, total=len(rows))


def short_rows_first(heat: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Coverage rows with a day short (or unstaffed) before the fully staffed ones."""
    return sorted(
        heat, key=lambda row: not any(c["level"] in ("part", "empty") for c in row["cells"])
    )
