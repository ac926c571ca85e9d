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
from weerstand.crownwitness import rules, services, weighings
from weerstand.crownwitness.forms import (
    CirclePersonForm,
    ContributionForm,
    PlannedDateForm,
    ReviewForm,
    WeighingForm,
)
from weerstand.crownwitness.models import Review, Trajectory, Weighing, WeighingContribution
from weerstand.crownwitness.views_open import StatusForm
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource
from weerstand.registry import services as registry


def _full_view(user: Any) -> bool:
    """Members who see the trajectory itself; the independent reviewer sees its outline."""
    return engine.can(user, Resource.TRAJECTORY, Action.VIEW)


@login_required
@requires("trajectory:view", "trajectory_outline:view")
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    source = services.trajectories_for(user) if _full_view(user) else weighings.outlines_for(user)
    rows = list(source[:200])
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
    weighing_form: Any = None,
    contribution_form: Any = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    may_change = rules.may_change(user, trajectory)
    circle = list(services.circle_for(user, trajectory))
    kinds = rules.contribution_kinds(user)
    return render(
        request,
        "crownwitness/detail.html",
        {
            "trajectory": trajectory,
            "circle": circle,
            **_weighing_context(user, trajectory),
            "may_weigh": may_change and rules.may_record_weighing(user, trajectory),
            "weighing_form": weighing_form
            or WeighingForm(initial={"based_on": weighings.latest_number(trajectory)}),
            "may_contribute": bool(kinds)
            and engine.can(user, Resource.TRAJECTORY_WEIGHING, Action.CREATE),
            "contribution_form": contribution_form or ContributionForm(kinds=kinds),
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


def _weighing_context(user: Any, trajectory: Trajectory) -> dict[str, Any]:
    """The versions of the weighing, the contributions and the reviews the user may see;
    every row shown is audited."""
    rows: dict[str, list[Any]] = {
        "weighings": list(weighings.weighings_for(user, trajectory)),
        "contributions": list(weighings.contributions_for(user, trajectory)),
        "reviews": list(weighings.reviews_for(user, trajectory)),
    }
    for model, key, noun in (
        (Weighing, "weighings", "wegingen"),
        (WeighingContribution, "contributions", "bijdragen aan de weging"),
        (Review, "reviews", "toetsingen"),
    ):
        if rows[key]:
            audit_rows(
                AuditAction.LIST,
                model,
                rows[key],
                noun=f"{noun} van traject {trajectory.pk}",
                actor=user,
            )
    return rows


def _render_outline(
    request: HttpRequest, trajectory_id: Any, *, review_form: Any = None, status: int = 200
) -> HttpResponse:
    """The independent reviewer's page: the outline (no description, no names), the
    weighing with its contributions, the reviews, and the review form."""
    user = request.user
    outline = weighings.read_outline(user, trajectory_id)
    trajectory = weighings.reach(user, trajectory_id)
    context = _weighing_context(user, trajectory)
    latest = context["weighings"][0].number if context["weighings"] else None
    refusal = weighings.review_refusal(user, trajectory)
    return render(
        request,
        "crownwitness/outline.html",
        {
            "outline": outline,
            **context,
            "latest_number": latest,
            "refusal": refusal,
            "review_form": review_form or ReviewForm(initial={"weighing": latest}),
        },
        status=status,
    )


@login_required
@requires("trajectory:view", "trajectory_outline:view")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not _full_view(request.user):
        return _render_outline(request, pk)
    return _render_detail(request, services.read_trajectory(request.user, pk))


@login_required
@require_POST
@requires("trajectory_weighing:change")
def record_weighing(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    trajectory = services.get_trajectory(user, pk)

    def run(d: dict[str, Any]) -> Any:
        data = weighings.WeighingData(**{k: v for k, v in d.items() if k != "based_on"})
        return weighings.record_weighing(user, trajectory.pk, data, based_on=d["based_on"])

    return submit_form(
        request,
        WeighingForm(request.POST),
        run,
        conflict=_(
            "Een collega heeft intussen een nieuwere versie van de weging vastgelegd. "
            "Lees die eerst en weeg opnieuw."
        ),
        success=lambda w: (
            _("Versie %(number)s van de weging is vastgelegd.") % {"number": w.number}
        ),
        done=lambda _w: redirect("crownwitness:detail", pk=trajectory.pk),
        show=lambda form, status: _render_detail(
            request, trajectory, weighing_form=form, status=status
        ),
    )


@login_required
@require_POST
@requires("trajectory_weighing:create")
def add_contribution(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    trajectory = services.get_trajectory(user, pk)
    return submit_form(
        request,
        ContributionForm(request.POST, kinds=rules.contribution_kinds(user)),
        lambda d: weighings.add_contribution(user, trajectory.pk, d["kind"], d["text"]),
        success=_("Uw bijdrage aan de weging is opgeslagen."),
        done=lambda _c: redirect("crownwitness:detail", pk=trajectory.pk),
        show=lambda form, status: _render_detail(
            request, trajectory, contribution_form=form, status=status
        ),
    )


@login_required
@require_POST
@requires("trajectory_review:create")
def add_review(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    trajectory = weighings.reach(user, pk)
    return submit_form(
        request,
        ReviewForm(request.POST),
        lambda d: weighings.record_review(
            user,
            trajectory.pk,
            d["body"],
            d["verdict"],
            d["reasons"],
            expected_number=d["weighing"],
        ),
        conflict=_(
            "Intussen is een nieuwere versie van de weging vastgelegd. Lees die en toets opnieuw."
        ),
        success=_("Uw toetsing is vastgelegd."),
        done=lambda _r: redirect("crownwitness:detail", pk=trajectory.pk),
        show=lambda form, status: _render_outline(
            request, trajectory.pk, review_form=form, status=status
        ),
    )


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
