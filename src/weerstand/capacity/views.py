"""Pages of the capacity app: the coordination centre's operational picture, plans,
displacement, and the officer register of the units.

Thin: rows come from `visible_to` (officers by organisation; lines, shortages and heat-map
cells additionally only for security assignments the user may see), changes go through
`capacity.services`. Protectee names never appear: an assignment is shown by its reference
and the case reference, and only when the user may see that assignment.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.capacity import services
from weerstand.capacity.forms import (
    AbsenceForm,
    OfficerForm,
    PlanForm,
    PublishForm,
    ReasonForm,
    TaskDoneForm,
)
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
from weerstand.core.decorators import requires
from weerstand.core.forms import perform, submit_form
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource

PAGE_SIZE = 50


def _get_run(user: Any, pk: int, action: Action = Action.VIEW) -> PlanRun:
    return engine.get_for(PlanRun.objects.all(), user, action, pk=pk)


# --------------------------------------------------------------------------- the picture


def run_picture(user: Any, run: PlanRun) -> dict[str, Any]:
    """Everything the page (and the exports) show of one run, filtered for `user`."""
    visible = services.visible_assignment_ids(user)
    all_shortages = Shortage.objects.visible_to(user).filter(run=run)
    shortages = list(
        all_shortages.filter(assignment__in=sorted(visible)).select_related(
            "executing_organisation"
        )
    )
    hidden_shortages = 0
    if engine.can(user, Resource.CAPACITY_PLAN, Action.CHANGE):
        # The coordinator confirms the whole run, so they learn THAT other shortages exist
        # (a count, no reference, case, date or organisation); see docs/architecture.md.
        hidden_shortages = Shortage.objects.visible_to(user).filter(run=run).count() - len(
            shortages
        )
    cells = list(
        PlanCoverage.objects.visible_to(user).filter(run=run, assignment__in=sorted(visible))
    )
    cases = _visible_case_refs(user, {c.case_id for c in cells} | {s.case_id for s in shortages})
    days = [run.horizon_start + timedelta(days=i) for i in range(run.days)]
    by_assignment: dict[int, dict[str, Any]] = {}
    for c in cells:
        row = by_assignment.setdefault(
            c.assignment_id,
            {"reference": c.assignment_reference, "case": cases.get(c.case_id, ""), "cells": {}},
        )
        row["cells"][c.date] = c
    heat = []
    for _pk, row in sorted(by_assignment.items(), key=lambda kv: kv[1]["reference"]):
        out = []
        for d in days:
            c = row["cells"].get(d)
            if c is None:
                out.append({"text": "\N{EN DASH}", "level": "none", "label": _("geen vraag")})
            elif c.covered >= c.required:
                out.append(
                    {"text": f"{c.covered}/{c.required}", "level": "full", "label": _("volledig")}
                )
            elif c.covered == 0:
                out.append(
                    {
                        "text": f"{c.covered}/{c.required}",
                        "level": "empty",
                        "label": _("onbemand"),
                    }
                )
            else:
                out.append(
                    {"text": f"{c.covered}/{c.required}", "level": "part", "label": _("tekort")}
                )
        heat.append({"reference": row["reference"], "case": row["case"], "cells": out})
    lines = PlanLine.objects.visible_to(user).filter(run=run)
    load: dict[int, dict[str, Any]] = {}
    for line in lines.select_related("officer__unit"):
        unit = line.officer.unit
        entry = load.setdefault(unit.pk, {"unit": unit, "planned": 0})
        entry["planned"] += 8
    officers = Officer.objects.visible_to(user).filter(active=True).select_related("unit")
    for o in officers:
        entry = load.setdefault(o.unit_id, {"unit": o.unit, "planned": 0})
        entry["contract"] = entry.get("contract", 0) + o.contract_hours * run.days / 7
        entry["officers"] = entry.get("officers", 0) + 1
    load_rows = []
    for entry in sorted(load.values(), key=lambda e: e["unit"].name):
        contract = round(entry.get("contract", 0))
        entry["contract"] = contract
        entry["percent"] = round(100 * entry["planned"] / contract) if contract else None
        load_rows.append(entry)
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
            }
            for s in shortages
        ],
        "cases": cases,
        "hidden_shortages": hidden_shortages,
        "load": load_rows,
        "shown_assignments": sorted(by_assignment),
    }


def _visible_case_refs(user: Any, ids: set[int]) -> dict[int, str]:
    """Case references only for cases the user may view: an assignment can be visible (the
    LCC sees every assignment) while its case is not (the LCC sees team cases only)."""
    from weerstand.cases.models import Case

    if not ids:
        return {}
    return dict(
        Case.objects.visible_to(user).filter(pk__in=sorted(ids)).values_list("pk", "reference")
    )


def _active_protections(user: Any) -> list[Any]:
    from weerstand.decisions.models import SecurityAssignment

    rows = list(
        SecurityAssignment.objects.visible_to(user)
        .filter(status__in=services.OPEN_STATUSES)
        .select_related("executing_organisation")
        .order_by("-priority", "reference")[:100]
    )
    cases = _visible_case_refs(user, {a.case_id for a in rows})
    for a in rows:
        a.case_label = cases.get(a.case_id, "")
    return rows


@login_required
@requires("capacity_plan:view")
def overview(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """The operational picture: protections, a run's heat map, shortages, load, tasks."""
    return _render_overview(request, pk)


def _render_overview(
    request: HttpRequest,
    pk: int | None,
    *,
    plan_form: PlanForm | None = None,
    reason_form: ReasonForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    runs = list(PlanRun.objects.visible_to(user).order_by("-created_at", "-pk")[:10])
    run = _get_run(user, pk) if pk is not None else (runs[0] if runs else None)
    can_plan = engine.can(user, Resource.CAPACITY_PLAN, Action.CREATE)
    can_change = engine.can(user, Resource.CAPACITY_PLAN, Action.CHANGE)
    picture = run_picture(user, run) if run is not None else None
    confirmation = None
    if run is not None:
        confirmation = (
            PrioritisationConfirmation.objects.visible_to(user)
            .filter(run=run)
            .select_related("confirmed_by")
            .first()
        )
    tasks = (
        list(
            InformTask.objects.visible_to(user)
            .filter(run=run)
            .select_related("case", "assignee")
            .order_by("case__reference")
        )
        if run is not None
        else []
    )
    protections = _active_protections(user)
    audit.record(
        AuditAction.LIST,
        object_type="capacity.planrun",
        object_id=run.pk if run else "",
        object_repr=f"operationeel beeld, planrun {run.pk if run else '-'}",
        changes={
            "assignments": [a.pk for a in protections],
            "shortages": [s["row"].pk for s in picture["shortages"]] if picture else [],
            "tasks": [t.pk for t in tasks],
        },
    )
    context = {
        "runs": runs,
        "picture": picture,
        "can_plan": can_plan,
        "can_change": can_change,
        "plan_form": plan_form or (PlanForm(initial=_plan_initial(run)) if can_plan else None),
        "reason_form": reason_form or ReasonForm(),
        "publish_form": PublishForm(initial={"version": run.version}) if run else None,
        "confirmation": confirmation,
        "tasks": tasks,
        "protections": protections,
    }
    return render(request, "capacity/overview.html", context, status=status)


def _plan_initial(run: PlanRun | None) -> dict[str, Any]:
    """Re-planning the shown run's horizon is the common case (after leave or a new order)."""
    initial = PlanForm.initial_values()
    if run is not None and run.horizon_start >= timezone.localdate():
        initial.update(start=run.horizon_start, days=run.days)
    return initial


@login_required
@require_POST
@requires("capacity_plan:create")
def plan_create(request: HttpRequest) -> HttpResponse:
    return submit_form(
        request,
        PlanForm(request.POST),
        lambda d: services.plan(request.user, d["start"], d["days"], d["time_limit"]),
        refusal_status=400,  # these pages show every refusal as invalid input
        success=lambda run: (
            _("Plan %(pk)s gemaakt in %(s).1f s: %(pct).1f %% van de diensten bemand.")
            % {"pk": run.pk, "s": run.solve_seconds, "pct": 100 * run.coverage}
        ),
        done=lambda run: redirect("capacity:run", pk=run.pk),
        show=lambda form, status: _render_overview(request, None, plan_form=form, status=status),
    )


@login_required
@require_POST
@requires("capacity_plan:change")
def run_publish(request: HttpRequest, pk: int) -> HttpResponse:
    form = PublishForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else -1
    return perform(
        request,
        lambda: services.publish(request.user, pk, expected_version=version),
        success=_("Het plan is gepubliceerd."),
        then=lambda: redirect("capacity:run", pk=pk),
    )


@login_required
@require_POST
@requires("capacity_plan:change")
def run_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return submit_form(
        request,
        ReasonForm(request.POST),
        lambda d: services.confirm_prioritisation(request.user, pk, d["reason"]),
        refusal_status=400,
        success=lambda confirmation: (
            _("Prioritering bevestigd; %(n)s taak/taken om beschermde personen te informeren.")
            % {"n": confirmation.tasks_created}
        ),
        done=lambda _c: redirect("capacity:run", pk=pk),
        show=lambda form, status: _render_overview(request, pk, reason_form=form, status=status),
    )


@login_required
@require_POST
# The task's assignee is the owner of a case they see, without a grant on the plan.
@requires("capacity_plan:view", "case:view")
def task_done(request: HttpRequest, pk: int) -> HttpResponse:
    form = TaskDoneForm(request.POST)

    def back() -> HttpResponse:
        return redirect(request.POST["next"] if _safe_next(request) else "core:home")

    if not form.is_valid():
        messages.error(request, _("Beschrijf kort hoe de persoon is geïnformeerd."))
        return back()
    return perform(
        request,
        lambda: services.complete_task(request.user, pk, form.cleaned_data["note"]),
        success=_("De taak is afgerond."),
        then=back,
    )


def _safe_next(request: HttpRequest) -> bool:
    nxt = request.POST.get("next", "")
    return nxt.startswith("/") and not nxt.startswith("//")


# --------------------------------------------------------------------------- exports


@login_required
@requires("capacity_plan:view")
def run_export_csv(request: HttpRequest, pk: int) -> HttpResponse:
    run = _get_run(request.user, pk)
    picture = run_picture(request.user, run)
    lines = _export_lines(request.user, run)
    cases = _visible_case_refs(request.user, {line.case_id for line in lines})
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";")
    w.writerow(
        [
            "sectie",
            "datum",
            "dienst",
            "opdracht",
            "casus",
            "medewerker",
            "eenheid",
            "nodig",
            "bemand",
            "tekort",
            "reden",
            "prioriteringsregel",
        ]
    )
    for line in lines:
        w.writerow(
            [
                "plan",
                line.date.isoformat(),
                line.shift,
                line.assignment_reference,
                cases.get(line.case_id, ""),
                line.officer.badge,
                line.officer.unit.name,
                "",
                "",
                "",
                "",
                "",
            ]
        )
    for item in picture["shortages"]:
        s = item["row"]
        w.writerow(
            [
                "tekort",
                s.date.isoformat(),
                s.shift,
                s.assignment_reference,
                item["case"],
                "",
                "",
                s.required,
                s.covered,
                s.missing,
                item["binding"],
                item["rule"],
            ]
        )
    _audit_export(run, "csv", lines, picture)
    response = HttpResponse(buf.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="plan-{run.pk}.csv"'
    return response


@login_required
@requires("capacity_plan:view")
def run_export_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from weerstand.capacity.pdf import plan_pdf

    run = _get_run(request.user, pk)
    picture = run_picture(request.user, run)
    lines = _export_lines(request.user, run)
    cases = _visible_case_refs(request.user, {line.case_id for line in lines})
    data = plan_pdf(run, picture, lines, cases)
    _audit_export(run, "pdf", lines, picture)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="plan-{run.pk}.pdf"'
    return response


def _export_lines(user: Any, run: PlanRun) -> list[PlanLine]:
    visible = services.visible_assignment_ids(user)
    return list(
        PlanLine.objects.visible_to(user)
        .filter(run=run, assignment__in=sorted(visible))
        .select_related("officer__unit")
        .order_by("date", "shift", "assignment_reference", "officer__badge")
    )


def _audit_export(run: PlanRun, fmt: str, lines: list[PlanLine], picture: dict[str, Any]) -> None:
    audit.record(
        AuditAction.EXPORT,
        run,
        changes={
            "format": fmt,
            "lines": len(lines),
            "shortages": [s["row"].pk for s in picture["shortages"]],
        },
    )


# --------------------------------------------------------------------------- officers


@login_required
@requires("capacity:view")
def officer_list(request: HttpRequest) -> HttpResponse:
    qs = Officer.objects.visible_to(request.user).select_related("unit", "unit__organisation")
    unit = request.GET.get("eenheid", "")
    if unit.isdigit():
        qs = qs.filter(unit=int(unit))
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(last_name__icontains=q) | qs.filter(badge__icontains=q)
    from django.core.paginator import Paginator

    page = Paginator(qs.order_by("last_name", "first_name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    shown = list(page.object_list)
    audit.record(
        AuditAction.LIST,
        object_type="capacity.officer",
        object_repr=f"{len(shown)} medewerkers (pagina {page.number})",
        changes={"ids": [o.pk for o in shown]},
    )
    return render(
        request,
        "capacity/officer_list.html",
        {
            "page": page,
            "officers": shown,
            "units": services.units_for(request.user),
            "unit": unit,
            "q": q,
            "can_create": engine.can(request.user, Resource.CAPACITY, Action.CREATE),
        },
    )


@login_required
@requires("capacity:create")
def officer_create(request: HttpRequest) -> HttpResponse:
    def create(data: dict[str, Any]) -> Officer:
        return services.create_officer(
            request.user,
            services.OfficerData(
                unit=data["unit"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                badge=data["badge"],
                qualifications=data["qualifications"],
                contract_hours=data["contract_hours"],
                active=data["active"],
                shift_wish=data["shift_wish"],
            ),
        )

    return submit_form(
        request,
        OfficerForm(request.POST or None, user=request.user, action="create"),
        create,
        refusal_status=400,
        success=_("Medewerker geregistreerd."),
        done=lambda officer: redirect("capacity:officer", pk=officer.pk),
        show=lambda form, status: render(
            request, "capacity/officer_form.html", {"form": form}, status=status
        ),
    )


OFFICER_CHANGES = (
    "unit",
    "first_name",
    "last_name",
    "qualifications",
    "contract_hours",
    "shift_wish",
    "active",
)


@login_required
@requires("capacity:view")
def officer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The officer's data and absences; who may change them edits both here (two forms)."""
    user = request.user
    officer = engine.get_for(
        Officer.objects.select_related("unit", "unit__organisation"), user, Action.VIEW, pk=pk
    )
    if not engine.can(user, Resource.CAPACITY, Action.CHANGE, officer):
        if request.method == "POST":
            raise Http404("Niet gevonden")
        return _render_officer(request, officer)
    form = OfficerForm.for_officer(officer, user)
    absence_form = AbsenceForm()
    if request.method != "POST":
        return _render_officer(request, officer, form=form, absence_form=absence_form)
    if request.POST.get("form") == "absence":
        return submit_form(
            request,
            AbsenceForm(request.POST),
            lambda d: services.record_absence(
                user,
                officer.pk,
                kind=d["kind"],
                starts_on=d["starts_on"],
                ends_on=d["ends_on"],
                note=d["note"],
            ),
            refusal_status=400,
            success=_("Afwezigheid vastgelegd."),
            done=lambda _a: redirect("capacity:officer", pk=officer.pk),
            show=lambda bound, status: _render_officer(
                request, officer, form=form, absence_form=bound, status=status
            ),
        )
    form = OfficerForm(request.POST, user=user, action="change")
    form.fields["badge"].required = False
    return submit_form(
        request,
        form,
        lambda d: services.update_officer(
            user,
            officer.pk,
            {k: d[k] for k in OFFICER_CHANGES},
            expected_version=d.get("version") or 0,
        ),
        refusal_status=400,
        success=_("Gegevens opgeslagen."),
        done=lambda _o: redirect("capacity:officer", pk=officer.pk),
        show=lambda bound, status: _render_officer(
            request, officer, form=bound, absence_form=absence_form, status=status
        ),
    )


def _render_officer(
    request: HttpRequest,
    officer: Officer,
    *,
    form: OfficerForm | None = None,
    absence_form: AbsenceForm | None = None,
    status: int = 200,
) -> HttpResponse:
    absences = list(
        Absence.objects.visible_to(request.user)
        .filter(officer=officer.pk, ends_on__gte=timezone.localdate() - timedelta(days=30))
        .order_by("starts_on")
    )
    audit.record(AuditAction.READ, officer)
    return render(
        request,
        "capacity/officer_detail.html",
        {
            "officer": officer,
            "form": form,
            "absence_form": absence_form,
            "absences": absences,
            "qualification_labels": _qualification_labels(officer.qualifications),
        },
        status=status,
    )


def _qualification_labels(codes: list[str]) -> list[str]:
    from weerstand.capacity.qualifications import Qualification

    labels = dict(Qualification.choices)
    return [str(labels.get(c, c)) for c in codes]
