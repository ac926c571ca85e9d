"""Web pages of crown-witness trajectories: the list and one trajectory (circle, add a
person, move the date). Thin: every rule is in `crownwitness.services`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weerstand.audit.models import AuditAction
from weerstand.core.api.views import audit_rows
from weerstand.core.decorators import requires
from weerstand.core.forms import submit_form
from weerstand.crownwitness import rules, services
from weerstand.crownwitness.forms import CirclePersonForm, PlannedDateForm
from weerstand.crownwitness.models import Trajectory
from weerstand.crownwitness.views_open import StatusForm
from weerstand.registry import services as registry


@login_required
@requires("trajectory:view")
def index(request: HttpRequest) -> HttpResponse:
    rows = list(services.trajectories_for(request.user)[:200])
    audit_rows(AuditAction.LIST, Trajectory, rows, noun="kroongetuigetrajecten", actor=request.user)
    return render(
        request,
        "crownwitness/index.html",
        {"rows": rows, "may_open": rules.may_open(request.user)},
    )


def _render_detail(
    request: HttpRequest,
    trajectory: Trajectory,
    *,
    date_form: Any = None,
    person_form: Any = None,
    status_form: Any = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    may_change = rules.may_change(user, trajectory)
    circle = list(services.circle_for(user, trajectory))
    return render(
        request,
        "crownwitness/detail.html",
        {
            "trajectory": trajectory,
            "circle": circle,
            "history": list(services.date_history_for(user, trajectory)),
            "may_change": may_change,
            "date_form": date_form
            or PlannedDateForm(
                initial={"planned_date": trajectory.planned_date, "version": trajectory.version}
            ),
            "person_form": person_form or CirclePersonForm(),
            "status_form": status_form or StatusForm(initial={"version": trajectory.version}),
        },
        status=status,
    )


@login_required
@requires("trajectory:view")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, services.read_trajectory(request.user, pk))


@login_required
@require_POST
@requires("trajectory:change")
def planned_date(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    trajectory = services.get_trajectory(user, pk)
    return submit_form(
        request,
        PlannedDateForm(request.POST),
        lambda d: services.set_planned_date(
            user,
            trajectory.pk,
            d["planned_date"],
            reason=d["reason"],
            expected_version=d["version"],
        ),
        conflict=_("Een collega heeft het traject intussen gewijzigd. Probeer het opnieuw."),
        success=_("De geplande datum is opgeslagen."),
        done=lambda _t: redirect("crownwitness:detail", pk=trajectory.pk),
        show=lambda form, status: _render_detail(
            request, trajectory, date_form=form, status=status
        ),
    )


@login_required
@require_POST
@requires("trajectory:change")
def add_person(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    trajectory = services.get_trajectory(user, pk)
    return submit_form(
        request,
        CirclePersonForm(request.POST),
        lambda d: services.add_person(
            user,
            trajectory.pk,
            services.CircleData(
                relation=d["relation"],
                coverage=d["coverage"],
                new_person=registry.PersonData(
                    first_name=d["first_name"], last_name=d["last_name"]
                ),
                programme=d.get("programme", ""),
                coverage_reason=d.get("coverage_reason", ""),
                reason=d["reason"],
            ),
        ),
        success=_("De persoon is aan de kring toegevoegd."),
        done=lambda _p: redirect("crownwitness:detail", pk=trajectory.pk),
        show=lambda form, status: _render_detail(
            request, trajectory, person_form=form, status=status
        ),
    )
