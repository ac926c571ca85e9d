"""Pages of the capacity app: the coordination centre's operational picture, plans,
displacement, and the officer register of the units.

Thin: what a page shows comes from `capacity.selectors` (officers by organisation; lines,
shortages and heat-map cells additionally only for security assignments the user may see),
what it offers from `capacity.rules`, changes go through `capacity.services`. Protectee names
never appear: an assignment is shown by its reference and the case reference, and only when
the user may see that assignment.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.capacity import exports, presenters, rules, selectors, services
from weerstand.capacity.forms import (
    AbsenceForm,
    OfficerForm,
    PlanForm,
    PublishForm,
    ReasonForm,
    TaskDoneForm,
)
from weerstand.capacity.models import Officer, PlanRun
from weerstand.core.decorators import requires
from weerstand.core.forms import perform, submit_form
from weerstand.policy import engine
from weerstand.policy.table import Action

PAGE_SIZE = 50
# The overview shows the first shortages next to the summary; the rest are a page away.
SHORTAGE_PAGE_SIZE = 5
ASSIGNMENT_PAGE_SIZE = 15


def _get_run(user: Any, pk: int, action: Action = Action.VIEW) -> PlanRun:
    return engine.get_for(PlanRun.objects.all(), user, action, pk=pk)


# --------------------------------------------------------------------------- the picture


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
    runs = selectors.recent_runs(user)
    run = _get_run(user, pk) if pk is not None else (runs[0] if runs else None)
    can_plan = rules.may_plan(user)
    picture = selectors.run_picture(user, run) if run is not None else None
    follow_up = selectors.run_follow_up(user, run)
    tasks = follow_up["tasks"]
    groups = presenters.group_shortages(picture["shortages"]) if picture else []
    shortage_page = Paginator(groups, SHORTAGE_PAGE_SIZE).get_page(request.GET.get("tekorten"))
    listing = presenters.assignment_listing(
        selectors.active_protections(user),
        short={g.assignment for g in groups},
        period=_period(run),
        show=request.GET.get("toon", ""),
        q=request.GET.get("kenmerk", ""),
    )
    protections = Paginator(listing.rows, ASSIGNMENT_PAGE_SIZE).get_page(request.GET.get("pagina"))
    audit.record(
        AuditAction.LIST,
        object_type="capacity.planrun",
        object_id=run.pk if run else "",
        object_repr=f"operationeel beeld, planrun {run.pk if run else '-'}",
        changes={
            "assignments": [a.pk for a in protections.object_list],
            "shortages": [s["row"].pk for s in picture["shortages"]] if picture else [],
            "tasks": [t.pk for t in tasks],
        },
    )
    context = {
        "runs": runs,
        "picture": picture,
        "summary": presenters.summary(run, groups, picture["load"]) if picture else None,
        "shortage_page": shortage_page,
        "coverage_rows": presenters.short_rows_first(picture["heat"]) if picture else [],
        "shortage_pages": _page_links(request, shortage_page, "tekorten", "tekort-kop"),
        "can_plan": can_plan,
        "can_change": rules.may_coordinate(user),
        "plan_form": plan_form or (PlanForm(initial=_plan_initial(run)) if can_plan else None),
        "reason_form": reason_form or ReasonForm(),
        "publish_form": PublishForm(initial={"version": run.version}) if run else None,
        "confirmation": follow_up["confirmation"],
        "tasks": tasks,
        "listing": listing,
        "protections": protections,
        "protection_pages": _page_links(request, protections, "pagina", "beveiligingen-kop"),
    }
    return render(request, "capacity/overview.html", context, status=status)


def _period(run: PlanRun | None) -> tuple[date, date] | None:
    if run is None:
        return None
    return run.horizon_start, run.horizon_start + timedelta(days=run.days - 1)


def _page_links(request: HttpRequest, page: Page, param: str, anchor: str) -> list[dict[str, Any]]:
    """Links to every page of a list, keeping the page's other filters (empty for one page)."""
    if not page.has_other_pages():
        return []
    links = []
    for number in page.paginator.page_range:
        query = request.GET.copy()
        query[param] = str(number)
        links.append(
            {
                "number": number,
                "url": f"?{query.urlencode()}#{anchor}",
                "current": number == page.number,
            }
        )
    return links


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
        messages.error(request, _("Beschrijf kort wat de persoon is verteld, en hoe."))
        return back()
    return perform(
        request,
        lambda: services.complete_task(
            request.user,
            pk,
            form.cleaned_data["note"],
            channel=form.cleaned_data["channel"] or "phone",
        ),
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
    picture, lines, cases = exports.export_data(request.user, run)
    data = exports.plan_csv(picture, lines, cases)
    exports.audit_export(run, "csv", lines, picture)
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="plan-{run.pk}.csv"'
    return response


@login_required
@requires("capacity_plan:view")
def run_export_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from weerstand.capacity.pdf import plan_pdf

    run = _get_run(request.user, pk)
    picture, lines, cases = exports.export_data(request.user, run)
    data = plan_pdf(run, picture, lines, cases)
    exports.audit_export(run, "pdf", lines, picture)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="plan-{run.pk}.pdf"'
    return response


# --------------------------------------------------------------------------- officers


@login_required
@requires("capacity:view")
def officer_list(request: HttpRequest) -> HttpResponse:
    unit = request.GET.get("eenheid", "")
    q = request.GET.get("q", "").strip()
    qs = selectors.officer_search(request.user, unit=int(unit) if unit.isdigit() else None, q=q)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("pagina"))
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
            "units": selectors.units_for(request.user),
            "unit": unit,
            "q": q,
            "can_create": rules.may_register_officers(request.user),
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
    if not rules.may_change_officer(user, officer):
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
    absences = selectors.recent_absences(request.user, officer)
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
