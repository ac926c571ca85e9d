"""Where the advisory body's numbers come from: national counts per indicator.

ONE function, `cells(start, end, breakdown)`, so that once the quality monitor's
`oversight.indicators.national_value(code, start, end, breakdown=...)` exists this module can
be re-pointed to it (one call per indicator in `INDICATORS`) without touching the disclosure
control or the pages. Until then it counts four things itself.

Counts run over all rows, not over `visible_to(user)`: these are national aggregates for
roles with the `aggregates` grant, and they never leave this app except through
`advisory.disclosure`. Each is counted by the moment it was recorded, never by a date
someone can set afterwards, so a quarter that has ended does not change; the services
freeze it on first publication anyway (`QuarterCount`).
"""

from __future__ import annotations

from datetime import date, datetime, time
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
INDICATORS = (
    ("referrals", "Aanmeldingen"),
    ("decisions_taken", "Genomen besluiten"),
    ("incident_signals", "Incidentmeldingen"),
    ("objections", "Bezwaren"),
)


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
    return out
