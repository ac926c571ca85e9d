"""Readiness of a crown-witness trajectory for the step "the deal becomes known".

The gate (issue 16) opens only when, for every person in the circle who is not covered by
the witness protection programme, a decision is in force on their own protection case,
resting on a finalised threat assessment, whose security assignments are all acknowledged
and staffed in the published capacity plan on the planned date; and when the latest weighing
says continue and the independent review of it is positive and still about the current
circle. There is no override: only the date can move.

Reading these facts is a system-level check (the gate must see every fact, also in cases the
caller may not read), so this module reads the database without the policy. What it returns
is deliberately only ready / not ready per check, with stable codes: it never carries case
contents, and callers show it only to members of the trajectory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weerstand.crownwitness.models import (
    CirclePerson,
    Coverage,
    Review,
    ReviewVerdict,
    Trajectory,
    TrajectoryStatus,
    Weighing,
    WeighingOutcome,
)

READY = "ready"
MISSING = "missing"
UNKNOWN = "unknown"  # not to be judged while an earlier check is missing

# Stable codes (the API's `missing` items) with the Dutch text the board and refusal show.
MESSAGES: dict[str, Any] = {
    # per person
    "no-protection-case": _("Er is geen eigen beveiligingscasus voor deze persoon."),
    "assessment-missing": _("Er is geen vastgestelde dreigingsinschatting."),
    "decision-not-in-force": _("Er is geen besluit van kracht."),
    "assignment-not-acknowledged": _(
        "Niet elke beveiligingsopdracht van het besluit is bevestigd."
    ),
    "not-staffed-on-date": _(
        "Niet elke beveiligingsopdracht is bemensd op de geplande datum in het "
        "gepubliceerde capaciteitsplan."
    ),
    "added-after-review": _("Deze persoon is na de laatste toetsing aan de kring toegevoegd."),
    "programme-cover-unrecorded": _("De dekking door het programma is niet onderbouwd."),
    # trajectory
    "status-not-running": _("Het traject is niet lopend."),
    "no-planned-date": _("Er is geen geplande datum van bekendmaking."),
    "date-passed": _("De geplande datum is verstreken; verzet de datum."),
    "circle-empty": _("De kring is nog niet in kaart gebracht."),
    "weighing-missing": _("Er is geen integrale weging."),
    "weighing-stop": _("De laatste weging besluit het traject te stoppen."),
    "review-missing": _("Er is geen onafhankelijke toetsing."),
    "review-negative": _("De laatste toetsing is negatief."),
    "review-stale": _(
        "De laatste toetsing gaat niet over de laatste weging of over de huidige kring."
    ),
}

# The checks in the order the board shows them.
PERSON_CHECKS = (
    "no-protection-case",
    "assessment-missing",
    "decision-not-in-force",
    "assignment-not-acknowledged",
    "not-staffed-on-date",
    "added-after-review",
)
LABELS: dict[str, Any] = {
    "no-protection-case": _("Beveiligingscasus"),
    "assessment-missing": _("Dreigingsinschatting vastgesteld"),
    "decision-not-in-force": _("Besluit van kracht"),
    "assignment-not-acknowledged": _("Opdrachten bevestigd"),
    "not-staffed-on-date": _("Bemensd op de datum"),
    "added-after-review": _("Getoetst in de kring"),
    "programme-cover-unrecorded": _("Programmadekking vastgelegd"),
    "status-not-running": _("Traject lopend"),
    "no-planned-date": _("Geplande datum"),
    "date-passed": _("Datum niet verstreken"),
    "circle-empty": _("Kring in kaart"),
    "weighing-missing": _("Integrale weging"),
    "weighing-stop": _("Weging: doorgaan"),
    "review-missing": _("Toetsing aanwezig"),
    "review-negative": _("Toetsing positief"),
    "review-stale": _("Toetsing actueel"),
}


@dataclass(frozen=True)
class Check:
    code: str
    state: str  # READY, MISSING or UNKNOWN

    @property
    def ready(self) -> bool:
        return self.state == READY

    @property
    def label(self) -> str:
        return str(LABELS[self.code])

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code])


@dataclass
class PersonReadiness:
    entry: CirclePerson
    checks: list[Check]

    @property
    def missing(self) -> list[str]:
        return [c.code for c in self.checks if c.state == MISSING]

    @property
    def ready(self) -> bool:
        """Everything of this person holds. Whether they were in the circle at the review
        cannot be judged without a review; that absence is the trajectory's item."""
        return all(
            c.ready or (c.state == UNKNOWN and c.code == "added-after-review") for c in self.checks
        )


@dataclass
class Readiness:
    trajectory: Trajectory
    persons: list[PersonReadiness]
    checks: list[Check] = field(default_factory=list)
    days_left: int | None = None

    @property
    def missing_codes(self) -> list[str]:
        return [c.code for c in self.checks if c.state == MISSING]

    @property
    def ready(self) -> bool:
        return all(c.ready for c in self.checks) and all(p.ready for p in self.persons)

    def missing(self) -> list[dict[str, Any]]:
        """What is missing, machine-readable: one entry per person with anything missing,
        then the trajectory's own items."""
        out: list[dict[str, Any]] = [
            {
                "circlePerson": p.entry.pk,
                "person": p.entry.person_id,
                "relation": p.entry.relation,
                "items": p.missing,
            }
            for p in self.persons
            if p.missing
        ]
        if self.missing_codes:
            out.append({"trajectory": self.trajectory.pk, "items": self.missing_codes})
        return out


def _state(ok: bool) -> str:
    return READY if ok else MISSING


def _staffed_cells(assignment_ids: list[int], on: date) -> set[int]:
    """The assignments covered in full on `on` in the published capacity plan."""
    from datetime import timedelta

    from weerstand.capacity.models import PlanCoverage, PlanRun

    run = PlanRun.objects.filter(published=True).order_by("-published_at", "-pk").first()
    if run is None or not (
        run.horizon_start <= on <= run.horizon_start + timedelta(days=run.days - 1)
    ):
        return set()
    return {
        cell.assignment_id
        for cell in PlanCoverage.objects.filter(run=run, assignment_id__in=assignment_ids, date=on)
        if cell.covered >= cell.required
    }


def _needs_staff_on(assignment: Any, on: date) -> bool:
    """An assignment asks for officers on a day when it has officers and that weekday is in
    it; whether it still runs that day is what the plan's cell shows (no cell: not staffed)."""
    weekdays = assignment.weekdays or list(range(7))
    return assignment.officers > 0 and on.weekday() in weekdays


def _weerstand_checks(entry: CirclePerson, planned: date | None, reviewed_at: Any) -> list[Check]:
    from weerstand.assessments.models import Assessment, AssessmentStatus
    from weerstand.decisions.models import (
        AssignmentStatus,
        Decision,
        DecisionStatus,
        SecurityAssignment,
    )

    late = Check(
        "added-after-review",
        UNKNOWN if reviewed_at is None else _state(entry.added_at <= reviewed_at),
    )
    case_id = entry.protection_case_id
    if case_id is None:
        rest = [Check(code, UNKNOWN) for code in PERSON_CHECKS[1:-1]]
        return [Check("no-protection-case", MISSING), *rest, late]
    assessed = Assessment.objects.filter(
        case_id=case_id, status=AssessmentStatus.FINALISED
    ).exists()
    decisions = list(
        Decision.objects.filter(case_id=case_id, status=DecisionStatus.IN_FORCE).values_list(
            "pk", flat=True
        )
    )
    checks = [
        Check("no-protection-case", READY),
        Check("assessment-missing", _state(assessed)),
        Check("decision-not-in-force", _state(bool(decisions))),
    ]
    if not decisions:
        checks += [
            Check("assignment-not-acknowledged", UNKNOWN),
            Check("not-staffed-on-date", UNKNOWN),
        ]
        return [*checks, late]
    assignments = list(
        SecurityAssignment.objects.filter(decision_id__in=decisions).exclude(
            status__in=(AssignmentStatus.SUPERSEDED, AssignmentStatus.ENDED)
        )
    )
    acknowledged = all(
        a.status in (AssignmentStatus.ACKNOWLEDGED, AssignmentStatus.ACTIVE) for a in assignments
    )
    checks.append(Check("assignment-not-acknowledged", _state(acknowledged)))
    if planned is None:
        checks.append(Check("not-staffed-on-date", UNKNOWN))
    else:
        needing = [a.pk for a in assignments if _needs_staff_on(a, planned)]
        staffed = _staffed_cells(needing, planned) if needing else set()
        checks.append(Check("not-staffed-on-date", _state(set(needing) <= staffed)))
    return [*checks, late]


def _person(entry: CirclePerson, planned: date | None, reviewed_at: Any) -> PersonReadiness:
    if entry.coverage == Coverage.PROGRAMME:
        recorded = bool(entry.programme.strip() and entry.coverage_reason.strip())
        return PersonReadiness(entry, [Check("programme-cover-unrecorded", _state(recorded))])
    return PersonReadiness(entry, _weerstand_checks(entry, planned, reviewed_at))


def compute(trajectory: Trajectory, *, today: date | None = None) -> Readiness:
    """The readiness of `trajectory` from the database, fresh (a system-level read)."""
    today = today or timezone.localdate()
    planned = trajectory.planned_date
    circle = list(
        CirclePerson.objects.filter(trajectory_id=trajectory.pk).order_by("added_at", "pk")
    )
    weighing = (
        Weighing.objects.filter(trajectory_id=trajectory.pk).order_by("-number", "-pk").first()
    )
    review = (
        Review.objects.filter(trajectory_id=trajectory.pk).order_by("-reviewed_at", "-pk").first()
    )
    checks = [
        Check(
            "status-not-running",
            _state(trajectory.status in (TrajectoryStatus.RUNNING, TrajectoryStatus.PUBLISHED)),
        ),
        Check("no-planned-date", _state(planned is not None)),
        Check("date-passed", UNKNOWN if planned is None else _state(planned >= today)),
        Check("circle-empty", _state(bool(circle))),
        Check("weighing-missing", _state(weighing is not None)),
        Check(
            "weighing-stop",
            UNKNOWN if weighing is None else _state(weighing.outcome == WeighingOutcome.CONTINUE),
        ),
        Check("review-missing", _state(review is not None)),
    ]
    if review is None:
        checks += [Check("review-negative", UNKNOWN), Check("review-stale", UNKNOWN)]
    else:
        current = (
            weighing is not None
            and review.weighing_id == weighing.pk
            and review.circle_size == len(circle)
            and all(e.added_at <= review.reviewed_at for e in circle)
        )
        checks += [
            Check("review-negative", _state(review.verdict == ReviewVerdict.POSITIVE)),
            Check("review-stale", _state(current)),
        ]
    reviewed_at = review.reviewed_at if review is not None else None
    return Readiness(
        trajectory=trajectory,
        persons=[_person(e, planned, reviewed_at) for e in circle],
        checks=checks,
        days_left=None if planned is None else (planned - today).days,
    )
