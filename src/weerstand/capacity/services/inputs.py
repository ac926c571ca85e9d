"""What the solver plans with: every open security assignment (the demand) and every active
officer with their absences (the supply). System reads, unscoped: a plan must cover every
protection, also those the planner may not see; what the pages show is filtered per user."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from weerstand.capacity import demand as dm
from weerstand.capacity.models import Absence, Officer
from weerstand.capacity.selectors import OPEN_STATUSES
from weerstand.core.errors import InvalidParam, ValidationFailed
from weerstand.organisations.models import Organisation, OrganisationKind


def police_and_kmar() -> frozenset[int]:
    return frozenset(
        Organisation.objects.filter(
            kind__in=(OrganisationKind.POLICE, OrganisationKind.KMAR)
        ).values_list("pk", flat=True)
    )


def open_assignments(start: date, days: int) -> list[dm.AssignmentDemand]:
    """Every open security assignment overlapping the horizon (system use, unscoped)."""
    from weerstand.decisions.models import SecurityAssignment

    end = start + timedelta(days=days - 1)
    rows = (
        SecurityAssignment.objects.filter(status__in=OPEN_STATUSES, starts_on__lte=end)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
        .select_related("decision", "decision__assessment")
        .order_by("pk")
    )
    return [from_model(a) for a in rows]


def from_model(a: Any) -> dm.AssignmentDemand:
    """The planner's view of a decisions.SecurityAssignment row."""
    decision = a.decision
    assessment = getattr(decision, "assessment", None)
    return dm.AssignmentDemand(
        pk=a.pk,
        reference=a.reference,
        case_id=a.case_id,
        executing_organisation_id=a.executing_organisation_id,
        officers=int(a.officers),
        qualifications=tuple(a.qualifications or ()),
        start_hour=int(a.start_hour),
        end_hour=int(a.end_hour),
        weekdays=tuple(int(d) for d in (a.weekdays or range(7))),
        starts_on=a.starts_on,
        ends_on=a.ends_on,
        mixed_team_allowed=bool(a.mixed_team_allowed),
        priority=int(a.priority),
        resistance_level=getattr(decision, "required_resistance", None),
        threat_level=getattr(assessment, "threat_level", None),
        decided_at=getattr(decision, "decided_at", None),
    )


def officer_supply(start: date, days: int) -> list[dm.OfficerSupply]:
    """Active officers with their absent days in the horizon (system use, unscoped)."""
    end = start + timedelta(days=days - 1)
    absent: dict[int, set[date]] = defaultdict(set)
    for a in Absence.objects.filter(starts_on__lte=end, ends_on__gte=start):
        day = max(a.starts_on, start)
        while day <= min(a.ends_on, end):
            absent[a.officer_id].add(day)
            day += timedelta(days=1)
    return [
        dm.OfficerSupply(
            pk=o.pk,
            unit_id=o.unit_id,
            organisation_id=o.unit.organisation_id,
            qualifications=tuple(o.qualifications),
            contract_hours=o.contract_hours,
            absent=frozenset(absent.get(o.pk, ())),
            shift_wish=o.shift_wish,
        )
        for o in Officer.objects.filter(active=True).select_related("unit").order_by("pk")
    ]


def check_demand(assignments: Iterable[dm.AssignmentDemand]) -> None:
    errors = []
    for a in assignments:
        if a.officers < 0:
            errors.append(
                InvalidParam(
                    "officers",
                    "negative",
                    _("Opdracht %(ref)s vraagt een negatief aantal beveiligers.")
                    % {"ref": a.reference},
                )
            )
        if not (0 <= a.start_hour <= 24 and 0 <= a.end_hour <= 24):
            errors.append(
                InvalidParam(
                    "hours",
                    "range",
                    _("Opdracht %(ref)s heeft ongeldige uren.") % {"ref": a.reference},
                )
            )
        if any(not 0 <= d <= 6 for d in a.weekdays):
            errors.append(
                InvalidParam(
                    "weekdays",
                    "range",
                    _("Opdracht %(ref)s heeft ongeldige weekdagen.") % {"ref": a.reference},
                )
            )
    if errors:
        raise ValidationFailed(_("De vraag naar capaciteit is ongeldig."), invalid_params=errors)
