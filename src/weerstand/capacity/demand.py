"""From security assignments and officers to the planner core's `Problem`.

Demand comes from active security assignments (decisions app). The planner works in three
shift types; an assignment's hours are mapped onto them like this:

- early ``E`` 07:00-15:00, late ``L`` 15:00-23:00, night ``N`` 23:00-07:00 (next day);
- a shift is demanded on a day when the assignment's daily window overlaps it by at least
  one hour; the window runs from ``start_hour`` to ``end_hour`` and wraps past midnight when
  ``end_hour <= start_hour`` (``0``-``24`` or ``7``-``7`` is round the clock);
- the night shift belongs to the day it starts, so a weekday list of Monday-Friday with hours
  18-02 demands L and N from Monday to Friday;
- each demanded shift asks the assignment's number of officers, each holding all of its
  qualifications.

Who may serve: the units of the executing organisation; when the decision allows a mixed team,
the units of police and KMar alike (organisations of kind police or kmar), "from synergy and
equality". Priority: the assignment's priority (required resistance first, threat level
second, set by the decisions app), with an earlier decision winning between equal priorities.

The decisions model is read through `AssignmentDemand`, a plain dataclass, so the mapping
and the planner can be tested without the decisions tables (`from_model` converts rows).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from weerstand.capacity.planner import (
    Demand,
    Employee,
    ObjectiveConfig,
    Problem,
    Rules,
    ShiftPreference,
    ShiftType,
)

SHIFTS = (
    ShiftType("E", 480, start_minute=7 * 60),
    ShiftType("L", 480, start_minute=15 * 60),
    ShiftType("N", 480, start_minute=23 * 60, is_night=True),
)
SHIFT_HOURS = {"E": (7, 15), "L": (15, 23), "N": (23, 31)}
MIN_OVERLAP_HOURS = 1
OVERTIME_FACTOR = 1.5
DEFAULT_RULES = Rules.dutch_working_hours_act()


@dataclass(frozen=True)
class AssignmentDemand:
    """What the planner needs of one security assignment (the decisions contract fields)."""

    pk: int
    reference: str
    case_id: int
    executing_organisation_id: int
    officers: int
    qualifications: tuple[str, ...]
    start_hour: int
    end_hour: int
    weekdays: tuple[int, ...]
    starts_on: date
    ends_on: date | None
    mixed_team_allowed: bool = False
    priority: int = 1
    resistance_level: int | None = None
    threat_level: int | None = None
    decided_at: Any = None
    """When the decision was taken; earlier wins between equal priorities."""

    def active_on(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


@dataclass(frozen=True)
class OfficerSupply:
    """What the planner needs of one officer."""

    pk: int
    unit_id: int
    organisation_id: int
    qualifications: tuple[str, ...]
    contract_hours: int
    absent: frozenset[date] = frozenset()
    shift_wish: str = ""


@dataclass
class Built:
    """The problem plus the maps back from planner ids to rows."""

    problem: Problem
    start: date
    assignments: dict[str, AssignmentDemand]
    officers: dict[str, OfficerSupply]
    tie_rank: dict[int, int] = field(default_factory=dict)

    def date_of(self, day: int) -> date:
        return self.start + timedelta(days=day)

    def day_of(self, when: date) -> int:
        return (when - self.start).days


def post_id(pk: int) -> str:
    return f"a{pk}"


def officer_id(pk: int) -> str:
    return f"o{pk}"


def shifts_for(start_hour: int, end_hour: int) -> list[str]:
    """The shift types an assignment's daily window overlaps by at least an hour."""
    start, end = start_hour % 24, end_hour % 24 if end_hour != 24 else 24
    if end <= start:
        end += 24
    windows = [(start, end), (start + 24, end + 24), (start - 24, end - 24)]
    out = []
    for code, (s, e) in SHIFT_HOURS.items():
        overlap = max(max(0, min(e, we) - max(s, ws)) for ws, we in windows)
        if overlap >= MIN_OVERLAP_HOURS:
            out.append(code)
    return out


def eligible_organisations(a: AssignmentDemand, police_and_kmar: frozenset[int]) -> frozenset[str]:
    orgs = {a.executing_organisation_id}
    if a.mixed_team_allowed and a.executing_organisation_id in police_and_kmar:
        orgs |= police_and_kmar
    return frozenset(str(o) for o in orgs)


def tie_ranks(assignments: Sequence[AssignmentDemand]) -> dict[int, int]:
    """Rank within equal priority: the earliest decision gets the highest rank."""
    ranks: dict[int, int] = {}
    by_priority: dict[int, list[AssignmentDemand]] = {}
    for a in assignments:
        by_priority.setdefault(a.priority, []).append(a)
    for group in by_priority.values():
        ordered = sorted(group, key=lambda a: (a.decided_at is None, a.decided_at or 0, a.pk))
        for i, a in enumerate(ordered):
            ranks[a.pk] = len(ordered) - i
    return ranks


def build_problem(
    start: date,
    days: int,
    assignments: Iterable[AssignmentDemand],
    officers: Iterable[OfficerSupply],
    *,
    police_and_kmar: frozenset[int] = frozenset(),
    rules: Rules = DEFAULT_RULES,
) -> Built:
    """The planning problem for `days` days from `start`.

    Planner priority = assignment priority x (n + 1) + tie rank, so a higher assignment
    priority always wins and, between equal ones, the earlier decision does.
    """
    assignments = list(assignments)
    officers = list(officers)
    ranks = tie_ranks(assignments)
    spread = max(ranks.values(), default=0) + 1
    demands: list[Demand] = []
    for a in assignments:
        shifts = shifts_for(a.start_hour, a.end_hour)
        orgs = eligible_organisations(a, police_and_kmar)
        for day in range(days):
            when = start + timedelta(days=day)
            if not a.active_on(when) or when.weekday() not in a.weekdays:
                continue
            for code in shifts:
                demands.append(
                    Demand(
                        day=day,
                        shift=code,
                        post=post_id(a.pk),
                        required=a.officers,
                        qualifications=frozenset(a.qualifications),
                        eligible_organisations=orgs,
                        priority=max(0, a.priority) * spread + ranks[a.pk],
                    )
                )
    employees = []
    for o in officers:
        off = frozenset(d for d in range(days) if start + timedelta(days=d) in o.absent)
        employees.append(
            Employee(
                id=officer_id(o.pk),
                qualifications=frozenset(o.qualifications),
                unit=str(o.unit_id),
                organisation=str(o.organisation_id),
                contract_minutes=round(o.contract_hours * 60 * days / 7),
                max_total_minutes=max_total_minutes(o.contract_hours, days),
                max_consecutive_shifts=6,
                unavailable_days=off,
                preferences=_preferences(o, days),
            )
        )
    problem = Problem(
        num_days=days,
        shift_types=SHIFTS,
        employees=tuple(employees),
        demands=tuple(demands),
        start_weekday=start.weekday(),
        rules=rules,
        objective=ObjectiveConfig(),
        name=f"national plan {start.isoformat()} +{days}",
    )
    return Built(
        problem=problem,
        start=start,
        assignments={post_id(a.pk): a for a in assignments},
        officers={officer_id(o.pk): o for o in officers},
        tie_rank=ranks,
    )


def max_total_minutes(contract_hours: int, days: int) -> int:
    """At most 150 % of the pro-rata contract, rounded up to whole 8-hour shifts (the
    weekly 60-hour limit of the Working Hours Act applies on top)."""
    hours = contract_hours * OVERTIME_FACTOR * days / 7
    return math.ceil(hours / 8) * 480


def _preferences(o: OfficerSupply, days: int) -> tuple[ShiftPreference, ...]:
    """A wish is soft: 'no nights' and 'early' or 'late' become unwanted other shifts."""
    unwanted = {"no_nights": ("N",), "E": ("L", "N"), "L": ("E", "N")}.get(o.shift_wish, ())
    return tuple(ShiftPreference(d, s, wanted=False) for d in range(days) for s in unwanted)
