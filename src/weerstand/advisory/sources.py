"""Where the advisory body's numbers come from: national counts per indicator.

ONE function, `cells(start, end, breakdown)`. It gives four volume counts of its own
(referrals, decisions taken, incident signals, objections) and every share indicator of the
quality monitor, through `oversight.indicators.national_value`: the advisory body sees the
same indicators as the NCTV's quality function, as (numerator, denominator) pairs under the
disclosure control. The monitor's lead times (medians) are not additive, so the disclosure
control's relations do not hold for them; they are not published to the advisory body.

Counts run over all rows, not over `visible_to(user)`: these are national aggregates for
roles with the `aggregates` grant, and they never leave this app except through
`advisory.disclosure`. Each is counted by the moment it was recorded, never by a date
someone can set afterwards, so a quarter that has ended does not change; the services
freeze it on first publication anyway (`QuarterCount`).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from weerstand.cases.models import Case, Phenomenon
from weerstand.decisions.models import Decision, DecisionStatus
from weerstand.rights.models import Objection
from weerstand.signals.models import Signal, SignalKind

# Breakdown values: the threat phenomena; "" for a row without one (a signal not yet linked).
BREAKDOWNS = ("phenomenon",)
UNKNOWN = ""


def _span(start: date, end: date) -> tuple[datetime, datetime]:
    """[start, end) as aware datetimes in the current (Amsterdam) time zone."""
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(start, time.min), zone),
        timezone.make_aware(datetime.combine(end, time.min), zone),
    )


def _count(qs: Any, at: str, phenomenon: str, lo: datetime, hi: datetime) -> dict[str, int]:
    rows = (
        qs.annotate(_at=F(at) if isinstance(at, str) else at)
        .filter(_at__gte=lo, _at__lt=hi)
        .order_by()
        .values_list(phenomenon)
        .annotate(n=Count("pk"))
    )
    return {str(value or UNKNOWN): n for value, n in rows}


def _referrals(lo: datetime, hi: datetime) -> dict[str, int]:
    return _count(Case.objects.all(), "created_at", "phenomenon", lo, hi)


def _decisions(lo: datetime, hi: datetime) -> dict[str, int]:
    # Taken: approved by the second decision-maker, or taken directly without four eyes.
    taken = Decision.objects.filter(Q(approved_at__isnull=False) | Q(needs_approval=False)).exclude(
        status__in=(DecisionStatus.DRAFT, DecisionStatus.REJECTED)
    )
    return _count(
        taken.annotate(_taken=Coalesce("approved_at", "decided_at")),
        "_taken",
        "case__phenomenon",
        lo,
        hi,
    )


def _incident_signals(lo: datetime, hi: datetime) -> dict[str, int]:
    return _count(
        Signal.objects.filter(kind=SignalKind.INCIDENT), "created_at", "case__phenomenon", lo, hi
    )


def _objections(lo: datetime, hi: datetime) -> dict[str, int]:
    return _count(Objection.objects.all(), "lodged_at", "case__phenomenon", lo, hi)


COUNTERS = {
    "referrals": _referrals,
    "decisions_taken": _decisions,
    "incident_signals": _incident_signals,
    "objections": _objections,
}
# (code, Dutch label); the label is translated where shown.
VOLUME_INDICATORS = (
    ("referrals", "Aanmeldingen"),
    ("decisions_taken", "Genomen besluiten"),
    ("incident_signals", "Incidentmeldingen"),
    ("objections", "Bezwaren"),
)


def _monitor_shares() -> list[str]:
    """The quality monitor's share indicators, in the monitor's order."""
    from weerstand.oversight import indicators as monitor

    return [code for code, ind in monitor.INDICATORS.items() if ind.kind == monitor.SHARE]


def indicators() -> list[tuple[str, str]]:
    """(code, label) of every published indicator: the volumes, then the monitor's shares."""
    from weerstand.oversight import indicators as monitor

    return [*VOLUME_INDICATORS] + [
        (code, str(monitor.INDICATORS[code].label)) for code in _monitor_shares()
    ]


def breakdown_values(breakdown: str | None) -> tuple[str, ...]:
    if breakdown is None:
        return (UNKNOWN,)
    return (*(code for code, _ in Phenomenon.choices), UNKNOWN)


def cells(start: date, end: date, breakdown: str | None) -> dict[str, dict[str, tuple[int, int]]]:
    """{indicator code: {breakdown value: (numerator, denominator)}} for [start, end).

    Plain counts have no denominator of their own; it equals the numerator (100 %), so the
    shape is that of `national_value`. Without a breakdown the one key is "".
    """
    if breakdown is not None and breakdown not in BREAKDOWNS:
        raise ValueError(f"unknown breakdown {breakdown!r}")
    lo, hi = _span(start, end)
    out: dict[str, dict[str, tuple[int, int]]] = {}
    for code, counter in COUNTERS.items():
        counts = counter(lo, hi)
        if breakdown is None:
            n = sum(counts.values())
            out[code] = {UNKNOWN: (n, n)}
        else:
            out[code] = {
                v: (counts.get(v, 0), counts.get(v, 0)) for v in breakdown_values(breakdown)
            }
    out.update(_monitor_cells(start, end, breakdown))
    return out


def _monitor_cells(
    start: date, end: date, breakdown: str | None
) -> dict[str, dict[str, tuple[int, int]]]:
    """The monitor's shares for [start, end): its dates are inclusive, its "no phenomenon"
    key is ours ("")."""
    from weerstand.oversight import indicators as monitor

    last = end - timedelta(days=1)
    out: dict[str, dict[str, tuple[int, int]]] = {}
    for code in _monitor_shares():
        values = monitor.national_value(code, start, last, breakdown=breakdown)
        merged: dict[str, tuple[int, int]] = {}
        for key, (n, d) in values.items():
            key = UNKNOWN if key in ("", monitor.NO_PHENOMENON) else key
            was = merged.get(key, (0, 0))
            merged[key] = (was[0] + n, was[1] + d)
        if breakdown is None:
            out[code] = {UNKNOWN: merged.get(UNKNOWN, (0, 0))}
        else:
            out[code] = {v: merged.get(v, (0, 0)) for v in breakdown_values(breakdown)}
    return out
