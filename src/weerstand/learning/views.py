"""Web pages of the learning app: thin over `services` and `selectors`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.decorators import requires
from weerstand.core.forms import perform, submit_form
from weerstand.learning import forms as f
from weerstand.learning import panels, rules, selectors, services
from weerstand.learning.models import Evaluation, FollowUpAction, Lesson
from weerstand.policy import engine
from weerstand.policy.table import Action

SLUGS = {"evaluaties": "evaluation", "nabesprekingen": "review"}
SLUG_OF = {v: k for k, v in SLUGS.items()}
VIEW = ("evaluation:view", "incident_review:view")
CHANGE = ("evaluation:change", "incident_review:change")
CREATE = ("evaluation:create", "incident_review:create")


def _kind(slug: str) -> str:
    kind = SLUGS.get(slug)
    if kind is None:
        raise Http404("Niet gevonden")
    return kind


def _obj(user: Any, slug: str, pk: int) -> Any:
    return engine.get_for(services.KINDS[_kind(slug)].objects.all(), user, Action.VIEW, pk=pk)


def _done(obj: Any) -> HttpResponse:
    kind = "evaluation" if isinstance(obj, Evaluation) else "review"
    return redirect("learning:detail", kind=SLUG_OF[kind], pk=obj.pk)


@login_required
@requires(*VIEW)
def overview(request: HttpRequest) -> HttpResponse:
    """Evaluations, reviews and open actions the user may see (the quality function's list)."""
    user = request.user
    evaluations = selectors.evaluations(user)
    reviews = selectors.reviews(user)
    actions = selectors.open_actions(user)
    panels.audit_list(user, "evaluaties (overzicht)", evaluations)
    panels.audit_list(user, "nabesprekingen (overzicht)", reviews)
    panels.audit_list(user, "open acties (overzicht)", actions)
    return render(
        request,
        "learning/overview.html",
        {"evaluations": evaluations, "reviews": reviews, "actions": actions},
    )


def _render(
    request: HttpRequest,
    obj: Any,
    *,
    form: Any = None,
    contribution_form: Any = None,
    action_form: Any = None,
    lesson_form: Any = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    is_evaluation = isinstance(obj, Evaluation)
    may_change = rules.may_change(user, obj)
    is_open = obj.status == "open"
    contributions = selectors.contributions(user, obj)
    actions = selectors.actions(user, obj)
    lessons = selectors.lessons(user, obj)
    audit.record(AuditAction.READ, obj, actor=user)
    form_class = f.EvaluationForm if is_evaluation else f.ReviewForm
    if form is None and may_change and is_open:
        fields = services.sections_of(obj)
        form = form_class(initial={**{k: getattr(obj, k) for k in fields}, "version": obj.version})
    people: list[Any] = []
    if may_change and is_open:
        from weerstand.accounts.models import User

        team = (
            User.objects.filter(memberships__compartment=obj.case.team_id, is_active=True)
            if obj.case_id
            else User.objects.none()
        )
        people = [
            u
            for u in team.order_by("pk")
            if engine.can(u, rules.resource_of(obj), Action.VIEW, obj)
        ]
        if user.pk not in {u.pk for u in people}:
            people.append(user)  # the quality function assigns to itself too
    refusal = services.completion_refusal(user, obj) if may_change else None
    return render(
        request,
        "learning/detail.html",
        {
            "obj": obj,
            "slug": SLUG_OF["evaluation" if is_evaluation else "review"],
            "is_evaluation": is_evaluation,
            "sections": [
                (obj._meta.get_field(n).verbose_name, getattr(obj, n))
                for n in services.sections_of(obj)
            ],
            "experience": selectors.experience(user, obj) if is_evaluation else None,
            "contributions": contributions,
            "actions": actions,
            "lessons": lessons,
            "may_change": may_change and is_open,
            "may_link": may_change,
            "form": form if may_change and is_open else None,
            "contribution_form": (contribution_form or f.ContributionForm())
            if rules.may_contribute(user, obj) and (is_open or may_change)
            else None,
            "action_form": (action_form or f.ActionForm(people=people)) if people else None,
            "lesson_form": (lesson_form or f.LessonForm()) if may_change and is_open else None,
            "link_form": f.LessonLinkForm() if may_change else None,
            "done_form": f.ActionDoneForm(),
            "completion_refusal": refusal,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
@requires(*VIEW)
def detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """One evaluation or review; its sections are edited here with the version seen."""
    user = request.user
    obj = _obj(user, kind, pk)
    if request.method == "GET":
        return _render(request, obj)
    form_class = f.EvaluationForm if isinstance(obj, Evaluation) else f.ReviewForm
    form = form_class(request.POST)
    return submit_form(
        request,
        form,
        lambda d: services.update_sections(
            user,
            _kind(kind),
            obj.pk,
            {k: v for k, v in d.items() if k != "version"},
            expected_version=d["version"],
        ),
        success=_("Opgeslagen."),
        conflict=_(
            "Iemand anders heeft dit intussen gewijzigd. Er is niets opgeslagen; uw tekst staat "
            "hieronder. Open de pagina opnieuw om de nieuwe versie te zien en voeg uw tekst toe."
        ),
        done=_done,
        show=lambda fm, status: _render(request, obj, form=fm, status=status),
    )


@login_required
@require_POST
@requires(*CREATE)
def contribute(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    user = request.user
    obj = _obj(user, kind, pk)
    return submit_form(
        request,
        f.ContributionForm(request.POST),
        lambda d: services.add_contribution(user, _kind(kind), obj.pk, d["text"]),
        success=_("Uw inbreng is toegevoegd."),
        done=lambda _c: _done(obj),
        show=lambda fm, status: _render(request, obj, contribution_form=fm, status=status),
    )


@login_required
@require_POST
@requires(*CHANGE)
def complete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    user = request.user
    obj = _obj(user, kind, pk)
    version = request.POST.get("version", "")
    return perform(
        request,
        lambda: services.complete(
            user, _kind(kind), obj.pk, expected_version=int(version) if version.isdigit() else None
        ),
        success=_("Afgerond. Dit is nu definitief."),
        then=lambda: _done(obj),
    )


@login_required
@require_POST
@requires(*CHANGE)
def add_action(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    user = request.user
    obj = _obj(user, kind, pk)
    assignee = request.POST.get("assignee", "")
    from weerstand.accounts.models import User

    people = list(User.objects.filter(pk=int(assignee))) if assignee.isdigit() else []
    return submit_form(
        request,
        f.ActionForm(request.POST, people=people),
        lambda d: services.add_action(
            user,
            _kind(kind),
            obj.pk,
            services.ActionData(d["description"], d["assignee"], d["due_on"]),
        ),
        success=_("De actie is toegewezen."),
        done=lambda _a: _done(obj),
        show=lambda fm, status: _render(request, obj, action_form=fm, status=status),
    )


@login_required
@require_POST
@requires(*CHANGE)
def add_lesson(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    user = request.user
    obj = _obj(user, kind, pk)
    return submit_form(
        request,
        f.LessonForm(request.POST),
        lambda d: services.add_lesson(user, _kind(kind), obj.pk, d["text"]),
        success=_("De les is vastgelegd."),
        done=lambda _x: _done(obj),
        show=lambda fm, status: _render(request, obj, lesson_form=fm, status=status),
    )


@login_required
@require_POST
@requires(*VIEW)
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    """The assignee (or the team) marks an action done, with a note."""
    user = request.user
    action = engine.get_for(
        FollowUpAction.objects.select_related("evaluation", "review"), user, Action.VIEW, pk=pk
    )
    return submit_form(
        request,
        f.ActionDoneForm(request.POST),
        lambda d: services.complete_action(user, action.pk, d["note"]),
        success=_("De actie is afgerond."),
        done=lambda _a: _done(action.parent),
        show=lambda _fm, status: _render(request, action.parent, status=status),
    )


@login_required
@require_POST
@requires(*CHANGE)
def link_lesson(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    lesson = engine.get_for(
        Lesson.objects.select_related("evaluation", "review"), user, Action.VIEW, pk=pk
    )
    return submit_form(
        request,
        f.LessonLinkForm(request.POST),
        lambda d: services.link_lesson(user, lesson.pk, d["target_type"], d["target_pk"]),
        success=_("De les is gekoppeld aan de nieuwe versie."),
        done=lambda _x: _done(lesson.parent),
        show=lambda _fm, status: _render(request, lesson.parent, status=status),
    )
