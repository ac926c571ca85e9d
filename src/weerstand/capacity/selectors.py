"""Read models of the capacity app: what the operational picture, the exports, the officer
register and the API show.

Pages and the API both ask these, so a picture is assembled once and the API never imports a
view. Rows come through `visible_to(user)`; lines, shortages and heat-map cells additionally
only for security assignments the user may see, and a case reference only for a case the
user may see. Nothing here writes; the callers record the read in the audit trail. Whether a
user may act is asked of `capacity.rules`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from weerstand.capacity import rules
from weerstand.capacity.labels import binding_label
from weerstand.capacity.models import (
    Absence,
    InformTask,
    Officer,
    PlanCoverage,
    PlanLine,
    PlanRun,
    PrioritisationConfirmation,
    Shortage,
)
from weerstand.organisations.models import Unit
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource, Scope, scopes_for

# Security assignments that still ask for officers (the decisions app's statuses).
OPEN_STATUSES = ("pending", "acknowledged", "active")


def dm_unit_kinds() -> tuple[str, ...]:
    """Unit kinds that deliver protection officers."""
    return ("dkdb", "be", "bsb", "hrb", "kmar_pb", "police_pb", "regional", "private")


# --------------------------------------------------------------------------- what is visible


def visible_assignment_ids(user: Any) -> set[int]:
    """Security assignments the user may see (the decisions app's rule)."""
    from weerstand.decisions.models import SecurityAssignment

    try:
        return set(SecurityAssignment.objects.visible_to(user).values_list("pk", flat=True))
    except LookupError:
        # The decisions app has not registered its rule: fall back to "the case is visible",
        # never to "everything".
        return set(
            SecurityAssignment.objects.filter(
                engine.case_q(user, Action.VIEW, prefix="case__")
            ).values_list("pk", flat=True)
        )


def visible_case_refs(user: Any, ids: set[int]) -> dict[int, str]:
    """Case references only for cases the user may view: an assignment can be visible (the
    LCC sees every assignment) while its case is not (the LCC sees team cases only)."""
    from weerstand.cases.models import Case

    if not ids:
        return {}
    return dict(
        Case.objects.visible_to(user).filter(pk__in=sorted(ids)).values_list("pk", "reference")
    )


def visible_officer_ids(user: Any, ids: set[int]) -> set[int]:
    """Of these officers, those the user may see (a plan line names others by nothing)."""
    return set(
        Officer.objects.visible_to(user).filter(pk__in=sorted(ids)).values_list("pk", flat=True)
    )


def units_for(user: Any, action: str = Action.VIEW) -> QuerySet[Unit]:
    """Protection units whose officers the user may see (or change): same scope as officers."""
    p = engine.principal(user)
    scopes = scopes_for(p.roles, Resource.CAPACITY, Action(action))
    units = Unit.objects.filter(kind__in=dm_unit_kinds()).select_related("organisation")
    if Scope.ALL in scopes:
        return units
    if Scope.ORGANISATION in scopes and p.organisation_id is not None:
        return units.filter(organisation=p.organisation_id)
    return units.none()


# --------------------------------------------------------------------------- plan runs


def latest_run(user: Any) -> PlanRun | None:
    return PlanRun.objects.visible_to(user).order_by("-created_at", "-pk").first()


def published_run(user: Any) -> PlanRun | None:
    return PlanRun.objects.visible_to(user).filter(published=True).order_by("-pk").first()


def recent_runs(user: Any, limit: int = 10) -> list[PlanRun]:
    return list(PlanRun.objects.visible_to(user).order_by("-created_at", "-pk")[:limit])


def run_shortages(user: Any, run: PlanRun) -> QuerySet[Shortage]:
    """The run's shortages at assignments the user may see (unordered)."""
    visible = visible_assignment_ids(user)
    return Shortage.objects.visible_to(user).filter(run=run, assignment__in=sorted(visible))


def run_lines(user: Any, run: PlanRun) -> QuerySet[PlanLine]:
    """The run's lines at assignments the user may see (unordered)."""
    visible = visible_assignment_ids(user)
    return PlanLine.objects.visible_to(user).filter(run=run, assignment__in=sorted(visible))


def export_lines(user: Any, run: PlanRun) -> list[PlanLine]:
    """The lines of a run as the exports list them."""
    return list(
        run_lines(user, run)
        .select_related("officer__unit")
        .order_by("date", "shift", "assignment_reference", "officer__badge")
    )


def _heat_cell(c: PlanCoverage | None) -> dict[str, Any]:
    if c is None:
        return {"text": "\N{EN DASH}", "level": "none", "label": _("geen vraag")}
    text = f"{c.covered}/{c.required}"
    if c.covered >= c.required:
        return {"text": text, "level": "full", "label": _("volledig")}
    if c.covered == 0:
        return {"text": text, "level": "empty", "label": _("onbemand")}
    return {"text": text, "level": "part", "label": _("tekort")}


def _load(user: Any, run: PlanRun) -> list[dict[str, Any]]:
    """Planned against contract hours per unit, for the units whose officers the user sees:
    over the period, and per day (a day's planned hours against a seventh of the weekly
    contract hours), so the picture can show where a unit runs over."""
    days = [run.horizon_start + timedelta(days=i) for i in range(run.days)]
    load: dict[int, dict[str, Any]] = {}
    for line in PlanLine.objects.visible_to(user).filter(run=run).select_related("officer__unit"):
        unit = line.officer.unit
        entry = load.setdefault(unit.pk, {"unit": unit, "planned": 0, "per_day": {}})
        entry["planned"] += 8
        entry["per_day"][line.date] = entry["per_day"].get(line.date, 0) + 8
    officers = Officer.objects.visible_to(user).filter(active=True).select_related("unit")
    for o in officers:
        entry = load.setdefault(o.unit_id, {"unit": o.unit, "planned": 0, "per_day": {}})
        entry["contract"] = entry.get("contract", 0) + o.contract_hours * run.days / 7
        entry["officers"] = entry.get("officers", 0) + 1
    rows = []
    for entry in sorted(load.values(), key=lambda e: e["unit"].name):
        daily = entry.get("contract", 0) / run.days if run.days else 0
        entry["days"] = [
            {
                "date": d,
                "planned": entry["per_day"].get(d, 0),
                "percent": round(100 * entry["per_day"].get(d, 0) / daily) if daily else None,
            }
            for d in days
        ]
        del entry["per_day"]
        contract = round(entry.get("contract", 0))
        entry["contract"] = contract
        entry["percent"] = round(100 * entry["planned"] / contract) if contract else None
        rows.append(entry)
    return rows


def assignment_levels(user: Any, ids: set[int]) -> dict[int, int | None]:
    """The required resistance of the decision behind each visible assignment: the priority
    tier the picture counts shortages by."""
    from weerstand.decisions.models import SecurityAssignment

    if not ids:
        return {}
    return dict(
        SecurityAssignment.objects.visible_to(user)
        .filter(pk__in=sorted(ids))
        .values_list("pk", "decision__required_resistance")
    )


def run_picture(user: Any, run: PlanRun) -> dict[str, Any]:
    """Everything the page (and the exports) show of one run, filtered for `user`."""
    visible = visible_assignment_ids(user)
    shortages = list(run_shortages(user, run).select_related("executing_organisation"))
    hidden_shortages = 0
    if rules.may_coordinate(user):
        # The coordinator confirms the whole run, so they learn THAT other shortages exist
        # (a count, no reference, case, date or organisation); see docs/architecture.md.
        hidden_shortages = Shortage.objects.visible_to(user).filter(run=run).count() - len(
            shortages
        )
    cells = list(
        PlanCoverage.objects.visible_to(user).filter(run=run, assignment__in=sorted(visible))
    )
    cases = visible_case_refs(user, {c.case_id for c in cells} | {s.case_id for s in shortages})
    levels = assignment_levels(user, {s.assignment_id for s in shortages})
    days = [run.horizon_start + timedelta(days=i) for i in range(run.days)]
    by_assignment: dict[int, dict[str, Any]] = {}
    for c in cells:
        row = by_assignment.setdefault(
            c.assignment_id,
            {"reference": c.assignment_reference, "case": cases.get(c.case_id, ""), "cells": {}},
        )
        row["cells"][c.date] = c
    heat = [
        {
            "reference": row["reference"],
            "case": row["case"],
            "cells": [_heat_cell(row["cells"].get(d)) for d in days],
        }
        for _pk, row in sorted(by_assignment.items(), key=lambda kv: kv[1]["reference"])
    ]
    return {
        "run": run,
        "days": days,
        "heat": heat,
        "shortages": [
            {
                "row": s,
                "case": cases.get(s.case_id, ""),
                "binding": binding_label(s.binding),
                "rule": s.get_priority_rule_display(),
                "level": levels.get(s.assignment_id),
            }
            for s in shortages
        ],
        "cases": cases,
        "hidden_shortages": hidden_shortages,
        "load": _load(user, run),
        "shown_assignments": sorted(by_assignment),
    }


def shortage_items(user: Any, run: PlanRun) -> list[dict[str, Any]]:
    """The run's visible shortages as the picture lists them (the API's grouped view)."""
    shortages = list(run_shortages(user, run).order_by("date", "shift", "pk"))
    cases = visible_case_refs(user, {s.case_id for s in shortages})
    levels = assignment_levels(user, {s.assignment_id for s in shortages})
    return [
        {
            "row": s,
            "case": cases.get(s.case_id, ""),
            "binding": binding_label(s.binding),
            "rule": s.get_priority_rule_display(),
            "level": levels.get(s.assignment_id),
        }
        for s in shortages
    ]


def run_follow_up(user: Any, run: PlanRun | None) -> dict[str, Any]:
    """The run's confirmation of the prioritisation and the inform tasks it created."""
    if run is None:
        return {"confirmation": None, "tasks": []}
    confirmation = (
        PrioritisationConfirmation.objects.visible_to(user)
        .filter(run=run)
        .select_related("confirmed_by")
        .first()
    )
    tasks = list(
        InformTask.objects.visible_to(user)
        .filter(run=run)
        .select_related("case", "assignee")
        .order_by("case__reference")
    )
    return {"confirmation": confirmation, "tasks": tasks}


def active_protections(user: Any) -> list[Any]:
    """Open security assignments the user may see, each with its case label when visible."""
    from weerstand.decisions.models import SecurityAssignment

    rows = list(
        SecurityAssignment.objects.visible_to(user)
        .filter(status__in=OPEN_STATUSES)
        .select_related("executing_organisation")
        .order_by("-priority", "reference")[:100]
    )
    cases = visible_case_refs(user, {a.case_id for a in rows})
    for a in rows:
        a.case_label = cases.get(a.case_id, "")
    return rows


# --------------------------------------------------------------------------- officers


def officer_search(user: Any, *, unit: int | None = None, q: str = "") -> QuerySet[Officer]:
    """The officer register as the user may see it, by unit and name or badge."""
    qs = Officer.objects.visible_to(user).select_related("unit", "unit__organisation")
    if unit is not None:
        qs = qs.filter(unit=unit)
    if q:
        qs = qs.filter(last_name__icontains=q) | qs.filter(badge__icontains=q)
    return qs.order_by("last_name", "first_name", "pk")


def recent_absences(user: Any, officer: Officer, *, since: date | None = None) -> list[Absence]:
    """The officer's absences from a month ago on (what the register page shows)."""
    since = since or timezone.localdate() - timedelta(days=30)
    return list(
        Absence.objects.visible_to(user)
        .filter(officer=officer.pk, ends_on__gte=since)
        .order_by("starts_on")
    )


def open_tasks(user: Any, limit: int = 20) -> list[InformTask]:
    """The user's open tasks to inform a protected person, on cases they may still see."""
    from weerstand.capacity.models import TaskStatus

    return list(
        InformTask.objects.visible_to(user)
        .filter(assignee=user.pk, status=TaskStatus.OPEN)
        .select_related("case")
        .order_by("created_at", "pk")[:limit]
    )
