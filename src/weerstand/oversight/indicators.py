"""The quality monitor's indicators: what the NCTV's quality function measures, and how.

Every indicator is a few aggregate queries over *all* rows (national, unfiltered): counts
only, never a case, a person or free text. `INDICATORS` is the registry; two public functions
are the way in for other apps (the advisory body's aggregates, the monitor's pages and API):

- `national_value(code, start, end, breakdown=None)` -> {breakdown value: (numerator,
  denominator)}, key "" without a breakdown. For a *share* the pair is (hits, rows); for a
  *median-days* indicator it is (median in whole days, rows measured). Cells of an indicator
  with a minimum group size (`Indicator.min_group`: the experience answers) with fewer groups
  than that are returned as (0, 0): suppressed, indistinguishable from empty.
- `case_ids(code, start, end)` -> the cases behind the value (a queryset of Case, unscoped):
  callers MUST narrow it with `Case.objects.visible_to(user)` before showing anything.

`start` and `end` are dates, both inclusive; datetimes fall in the period of their local date.
A deadline indicator counts a row once its deadline has passed or it was done (a pending row
whose deadline lies ahead counts nowhere yet). The deadlines are the apps' own: see each
indicator's `measures` and docs/quality-monitor.md.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce, Trunc
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weerstand.oversight.periods import bounds

SHARE = "share"
MEDIAN_DAYS = "median-days"
BREAKDOWNS = ("phenomenon",)
NO_PHENOMENON = "none"  # rows without a case (a signal not linked to one)


@dataclass(frozen=True)
class Window:
    """The range asked for: dates (inclusive), their local datetime bounds, and now."""

    start: date
    end: date
    lo: datetime
    hi: datetime
    now: datetime

    @property
    def today(self) -> date:
        return timezone.localdate(self.now)


@dataclass(frozen=True)
class Cell:
    numerator: int
    denominator: int
    suppressed: bool = False
    median: float | None = None  # median-days: the median in days (one decimal)

    @property
    def share(self) -> float | None:
        if self.suppressed or not self.denominator:
            return None
        return self.numerator / self.denominator


@dataclass(frozen=True)
class Indicator:
    code: str
    label: Any  # lazy translation
    kind: str  # SHARE or MEDIAN_DAYS
    measures: Any  # which deadline or setting, in words (lazy translation)
    rows: Callable[[Window], QuerySet]  # the rows counted (denominator), in the window
    when: str  # the field (or annotation) that places a row in a period
    case_path: str  # from a row to its case
    hit: Q | None = None  # SHARE: which rows count in the numerator
    span: tuple[str, str] | None = None  # MEDIAN_DAYS: from, to (datetime fields)
    drilldown: bool = True
    min_group: int = 0  # no figure for fewer distinct `group` values than this
    group: str = ""


# --- the rows of each indicator --------------------------------------------------------------


def _signals(w: Window) -> QuerySet:
    from weerstand.signals.models import Signal

    return Signal.objects.filter(triage_deadline__gte=w.lo, triage_deadline__lt=w.hi).filter(
        Q(triaged_at__isnull=False) | Q(triage_deadline__lt=w.now)
    )


def _triage_advice(w: Window) -> QuerySet:
    from weerstand.cases.models import CaseEvent

    return CaseEvent.objects.filter(kind="advise_authority", at__gte=w.lo, at__lt=w.hi)


def _rfis(w: Window) -> QuerySet:
    from weerstand.gaps.models import InformationRequest, RequestStatus

    return (
        InformationRequest.objects.filter(due_date__gte=w.start, due_date__lte=w.end)
        .exclude(status=RequestStatus.CANCELLED)
        .filter(Q(answered_at__isnull=False) | Q(due_date__lt=w.today))
    )


_DONE_ASSESSMENT = ("finalised", "superseded")


def _recalibrations(w: Window) -> QuerySet:
    from weerstand.assessments.models import Assessment

    successor = Assessment.objects.filter(
        case=OuterRef("case"),
        status__in=_DONE_ASSESSMENT,
        finalised_at__gt=OuterRef("finalised_at"),
    )
    return (
        Assessment.objects.filter(
            status__in=_DONE_ASSESSMENT,
            next_recalibration__gte=w.start,
            next_recalibration__lte=w.end,
        )
        .exclude(case__ended_at__date__lte=F("next_recalibration"))
        .annotate(
            _successor=Exists(successor),
            _on_time=Exists(
                successor.filter(finalised_at__date__lte=OuterRef("next_recalibration"))
            ),
        )
        .filter(Q(_successor=True) | Q(next_recalibration__lt=w.today))
    )


def _finalised_assessments(w: Window) -> QuerySet:
    from weerstand.assessments.models import Assessment

    return Assessment.objects.filter(
        status__in=_DONE_ASSESSMENT, finalised_at__gte=w.lo, finalised_at__lt=w.hi
    )


_NOT_TAKEN = ("draft", "awaiting_approval", "rejected")


def _decisions(w: Window) -> QuerySet:
    from weerstand.decisions.models import Decision

    return Decision.objects.filter(decided_at__gte=w.lo, decided_at__lt=w.hi).exclude(
        status__in=_NOT_TAKEN
    )


def _decisions_after_assessment(w: Window) -> QuerySet:
    return _decisions(w).filter(assessment__finalised_at__isnull=False)


def _package_decisions(w: Window) -> QuerySet:
    from weerstand.decisions.models import Decision, Deviation

    through = Decision.packages.through
    return (
        _decisions(w)
        .filter(Exists(through.objects.filter(decision_id=OuterRef("pk"))))
        .annotate(_deviates=Exists(Deviation.objects.filter(decision=OuterRef("pk"))))
    )


def _assignments(before: str, done: str) -> Callable[[Window], QuerySet]:
    def rows(w: Window) -> QuerySet:
        from weerstand.decisions.models import SecurityAssignment

        return (
            SecurityAssignment.objects.filter(**{f"{before}__gte": w.lo, f"{before}__lt": w.hi})
            .exclude(**{"status": "superseded", f"{done}__isnull": True})
            .filter(Q(**{f"{done}__isnull": False}) | Q(**{f"{before}__lt": w.now}))
        )

    return rows


def _objections_due(w: Window) -> QuerySet:
    from weerstand.rights.models import Objection, ObjectionStatus

    return (
        Objection.objects.exclude(status=ObjectionStatus.WITHDRAWN)
        .annotate(_due=Coalesce("extended_until", "deadline"))
        .filter(_due__gte=w.start, _due__lte=w.end)
        .filter(Q(decided_at__isnull=False) | Q(_due__lt=w.today))
    )


def _objections_decided(w: Window) -> QuerySet:
    from weerstand.rights.models import Objection, ObjectionStatus

    return Objection.objects.filter(
        status=ObjectionStatus.DECIDED, decided_at__gte=w.lo, decided_at__lt=w.hi
    )


def _latest_published(model: Any, w: Window) -> QuerySet:
    """Cells of published plans, each day of an assignment only from the newest published
    plan that covers it (a re-plan replaces the earlier plan's day)."""
    from weerstand.capacity.models import PlanCoverage

    newer = PlanCoverage.objects.filter(
        assignment_reference=OuterRef("assignment_reference"),
        date=OuterRef("date"),
        run__published=True,
        run__published_at__gt=OuterRef("run__published_at"),
    )
    return model.objects.filter(run__published=True, date__gte=w.start, date__lte=w.end).exclude(
        Exists(newer)
    )


def _coverage(w: Window) -> QuerySet:
    from weerstand.capacity.models import PlanCoverage

    return _latest_published(PlanCoverage, w)


def _shortages(w: Window) -> QuerySet:
    from weerstand.capacity.models import Shortage

    return _latest_published(Shortage, w)


def _inform_tasks(w: Window) -> QuerySet:
    from weerstand.capacity.models import InformTask

    return InformTask.objects.filter(deadline__gte=w.lo, deadline__lt=w.hi).filter(
        Q(done_at__isnull=False) | Q(deadline__lt=w.now)
    )


def _experience(w: Window) -> QuerySet:
    from weerstand.experience import questions
    from weerstand.experience.models import ExperienceAnswer, QuestionnaireStatus

    scale = [q.code for q in questions.scale_questions()]
    return ExperienceAnswer.objects.filter(
        questionnaire__status=QuestionnaireStatus.ANSWERED,
        questionnaire__responded_at__gte=w.lo,
        questionnaire__responded_at__lt=w.hi,
        question__in=scale,
    )


def _experience_min_group() -> int:
    from weerstand.experience.rules import MIN_GROUP

    return MIN_GROUP


# --- the registry ------------------------------------------------------------------------------

INDICATORS: dict[str, Indicator] = {
    i.code: i
    for i in (
        Indicator(
            "case-triage-days",
            _("Doorlooptijd triage van aanmeldingen"),
            MEDIAN_DAYS,
            _("Dagen van aanmelding tot het advies aan het gezag (er geldt geen termijn)."),
            _triage_advice,
            when="at",
            case_path="case",
            span=("case__referred_at", "at"),
        ),
        Indicator(
            "signal-triage-on-time",
            _("Signalen tijdig beoordeeld"),
            SHARE,
            _("Beoordelingstermijn van signalen (ingestelde uren, korter bij dreiging)."),
            _signals,
            when="triage_deadline",
            case_path="case",
            hit=Q(triaged_at__isnull=False, triaged_at__lte=F("triage_deadline")),
        ),
        Indicator(
            "rfi-on-time",
            _("Informatieverzoeken tijdig beantwoord"),
            SHARE,
            _("De uiterste antwoorddatum van het verzoek om informatie."),
            _rfis,
            when="due_date",
            case_path="case",
            hit=Q(answered_at__isnull=False, answered_at__date__lte=F("due_date")),
        ),
        Indicator(
            "recalibration-on-time",
            _("Herijkingen tijdig"),
            SHARE,
            _("De datum van de volgende herijking van het dreigingsbeeld (methoderegels)."),
            _recalibrations,
            when="next_recalibration",
            case_path="case",
            hit=Q(_on_time=True),
        ),
        Indicator(
            "assessment-challenged",
            _("Dreigingsbeelden met tegenspraak"),
            SHARE,
            _("Vastgestelde dreigingsbeelden waarop tegenspraak is vastgelegd."),
            _finalised_assessments,
            when="finalised_at",
            case_path="case",
            hit=Q(challenge__isnull=False),
        ),
        Indicator(
            "assessment-senior-checked",
            _("Dreigingsbeelden met seniorcontrole"),
            SHARE,
            _("Vastgestelde dreigingsbeelden die een senior analist heeft gecontroleerd."),
            _finalised_assessments,
            when="finalised_at",
            case_path="case",
            hit=Q(senior_checked_at__isnull=False),
        ),
        Indicator(
            "decision-days",
            _("Doorlooptijd besluit na dreigingsbeeld"),
            MEDIAN_DAYS,
            _("Dagen van het vastgestelde dreigingsbeeld tot het besluit (geen termijn)."),
            _decisions_after_assessment,
            when="decided_at",
            case_path="case",
            span=("assessment__finalised_at", "decided_at"),
        ),
        Indicator(
            "assignment-acknowledged-on-time",
            _("Beveiligingsopdrachten tijdig bevestigd"),
            SHARE,
            _("Bevestigen vóór de ingestelde termijn in uren per vereiste weerstand."),
            _assignments("acknowledge_before", "acknowledged_at"),
            when="acknowledge_before",
            case_path="case",
            hit=Q(acknowledged_at__isnull=False, acknowledged_at__lte=F("acknowledge_before")),
        ),
        Indicator(
            "assignment-staffed-on-time",
            _("Beveiligingsopdrachten tijdig bemensd"),
            SHARE,
            _("Bemensd vóór (bemensingstermijn per vereiste weerstand)."),
            _assignments("staffed_before", "staffed_at"),
            when="staffed_before",
            case_path="case",
            hit=Q(staffed_at__isnull=False, staffed_at__lte=F("staffed_before")),
        ),
        Indicator(
            "objection-on-time",
            _("Bezwaren tijdig beslist"),
            SHARE,
            _("De uiterste beslisdatum van het bezwaar, of de verdaagde datum."),
            _objections_due,
            when="_due",
            case_path="case",
            hit=Q(decided_at__isnull=False, decided_at__date__lte=F("_due")),
        ),
        Indicator(
            "objection-founded",
            _("Bezwaren (gedeeltelijk) gegrond"),
            SHARE,
            _("Uitkomst van beslist bezwaar: gegrond of gedeeltelijk gegrond."),
            _objections_decided,
            when="decided_at",
            case_path="case",
            hit=Q(outcome__in=("founded", "partly_founded")),
        ),
        Indicator(
            "package-deviation",
            _("Besluiten die afwijken van het maatregelenpakket"),
            SHARE,
            _(
                "Besluiten met een pakket waarin maatregelen met motivering zijn toegevoegd of "
                "weggelaten."
            ),
            _package_decisions,
            when="decided_at",
            case_path="case",
            hit=Q(_deviates=True),
        ),
        Indicator(
            "capacity-shortfall",
            _("Opdrachtdagen met capaciteitstekort"),
            SHARE,
            _("Dagen van een opdracht in het gepubliceerde plan met minder inzet dan vereist."),
            _coverage,
            when="date",
            case_path="case",
            hit=Q(covered__lt=F("required")),
        ),
        Indicator(
            "displaced-protection",
            _("Tekorten door verdringing"),
            SHARE,
            _(
                "Tekorten in het gepubliceerde plan waarbij een opdracht met voorrang de "
                "capaciteit kreeg (niet: te weinig geschikte capaciteit)."
            ),
            _shortages,
            when="date",
            case_path="case",
            hit=~Q(priority_rule="no_capacity"),
        ),
        Indicator(
            "displaced-informed-on-time",
            _("Getroffen personen tijdig geïnformeerd over verdringing"),
            SHARE,
            _("Informeren vóór de ingestelde termijn in uren na de bevestigde prioritering."),
            _inform_tasks,
            when="deadline",
            case_path="case",
            hit=Q(done_at__isnull=False, done_at__lte=F("deadline")),
        ),
        Indicator(
            "experience-positive",
            _("Positieve ervaring van beveiligden en naasten"),
            SHARE,
            _(
                "Antwoorden 4 of 5 op de schaalvragen van de ervaringsvragenlijst; geen cijfer "
                "onder de minimale groepsgrootte, nooit het open antwoord."
            ),
            _experience,
            when="questionnaire__responded_at",
            case_path="questionnaire__case",
            hit=Q(score__gte=4),
            drilldown=False,
            min_group=-1,  # read from the experience app (see `min_group_of`)
            group="questionnaire",
        ),
    )
}


def min_group_of(indicator: Indicator) -> int:
    return _experience_min_group() if indicator.min_group < 0 else indicator.min_group


def get(code: str) -> Indicator:
    """The indicator with this code; KeyError when there is none."""
    return INDICATORS[code]


# --- computing -----------------------------------------------------------------------------------


def window(start: date, end: date, now: datetime | None = None) -> Window:
    lo, hi = bounds(start, end)
    return Window(start, end, lo, hi, now or timezone.now())


def _bucket_date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _key(value: Any) -> str:
    return value if value else NO_PHENOMENON


def compute(
    code: str,
    start: date,
    end: date,
    *,
    period: str | None = None,
    breakdown: str | None = None,
    now: datetime | None = None,
) -> dict[tuple[date | None, str], Cell]:
    """Cells keyed by (period start or None, breakdown value or ""). Aggregate queries only:
    a share is two grouped counts (three with a minimum group size); a median one query of
    the two timestamps per row (no per-case queries)."""
    ind = INDICATORS[code]
    if breakdown is not None and breakdown not in BREAKDOWNS:
        raise ValueError(breakdown)
    rows = ind.rows(window(start, end, now))
    names: list[str] = []
    if period is not None:
        rows = rows.annotate(_p=Trunc(ind.when, period))
        names.append("_p")
    if breakdown == "phenomenon":
        rows = rows.annotate(_k=F(f"{ind.case_path}__phenomenon"))
        names.append("_k")

    def cell_key(row: dict[str, Any]) -> tuple[date | None, str]:
        p = _bucket_date(row.get("_p")) if period is not None else None
        k = _key(row.get("_k")) if breakdown is not None else ""
        return p, k

    def grouped(qs: QuerySet, agg: Any) -> dict[tuple[date | None, str], int]:
        if not names:
            return {(None, ""): int(qs.aggregate(n=agg)["n"] or 0)}
        out: dict[tuple[date | None, str], int] = {}
        for row in qs.order_by().values(*names).annotate(n=agg):
            key = cell_key(row)
            out[key] = out.get(key, 0) + int(row["n"])
        return out

    if ind.kind == MEDIAN_DAYS:
        assert ind.span is not None
        a, b = ind.span
        spans: dict[tuple[date | None, str], list[float]] = {}
        for row in rows.order_by().values(*names, _a=F(a), _b=F(b)):
            if row["_a"] is None or row["_b"] is None:
                continue
            days = (row["_b"] - row["_a"]).total_seconds() / 86400
            spans.setdefault(cell_key(row), []).append(max(days, 0.0))
        cells = {}
        for key, values in spans.items():
            median = statistics.median(values)
            cells[key] = Cell(round(median), len(values), median=round(median, 1))
        if not names and not cells:
            cells[(None, "")] = Cell(0, 0)
        return cells

    assert ind.hit is not None
    den = grouped(rows, Count("pk", distinct=True))
    num = grouped(rows.filter(ind.hit), Count("pk", distinct=True))
    minimum = min_group_of(ind)
    groups = grouped(rows, Count(ind.group, distinct=True)) if minimum else {}
    cells = {}
    for key, n in den.items():
        if minimum and groups.get(key, 0) < minimum:
            cells[key] = Cell(0, 0, suppressed=True)
        else:
            cells[key] = Cell(num.get(key, 0), n)
    return cells


def national_value(
    code: str, start: date, end: date, *, breakdown: str | None = None
) -> dict[str, tuple[int, int]]:
    """(numerator, denominator) per breakdown value ("" without one), national and unfiltered.

    Counts only, never case ids. Suppressed cells (below an indicator's minimum group size)
    are (0, 0). Unknown code: KeyError; unsupported breakdown: ValueError."""
    cells = compute(code, start, end, breakdown=breakdown)
    return {key: (c.numerator, c.denominator) for (_p, key), c in cells.items()}


def _case_rows(ind: Indicator, rows: QuerySet) -> QuerySet:
    from weerstand.cases.models import Case

    if not ind.drilldown:
        return Case.objects.none()
    ids = rows.filter(**{f"{ind.case_path}__isnull": False}).values(ind.case_path)
    return Case.objects.filter(pk__in=ids)


def case_ids(code: str, start: date, end: date) -> QuerySet:
    """The cases behind an indicator's value in [start, end]: UNSCOPED. Callers must filter
    with `Case.objects.visible_to(user)` before showing anything. Indicators without a
    drill-down (the experience answers) give no cases at all."""
    ind = INDICATORS[code]
    return _case_rows(ind, ind.rows(window(start, end)))


def hit_case_ids(code: str, start: date, end: date) -> QuerySet:
    """The cases with at least one row in the numerator (on time, challenged, ...): UNSCOPED,
    like `case_ids`. For a median indicator: none."""
    ind = INDICATORS[code]
    if ind.hit is None:
        from weerstand.cases.models import Case

        return Case.objects.none()
    return _case_rows(ind, ind.rows(window(start, end)).filter(ind.hit))
