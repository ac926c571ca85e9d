"""Pages of the modules app: the person follows a module section by section; the case team
sees the progress; the resilience expert assigns a module.

Thin: rows come from `modules.selectors` (through the policy) and are audited; what a page
offers is asked of `modules.rules`; every write is a call to `modules.services`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from weerstand.accounts.http import AuthenticatedHttpRequest
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.decorators import requires
from weerstand.core.forms import perform, submit_form
from weerstand.modules import rules, selectors, services
from weerstand.modules.forms import AssignForm
from weerstand.modules.models import ModuleAssignment, ModuleVersion
from weerstand.policy import engine
from weerstand.policy.table import Action


def _lang() -> str:
    return "en" if (translation.get_language() or "nl").startswith("en") else "nl"


@login_required
@requires("module_assignment:view", "module:view")
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The person's own modules; for staff the published modules."""
    user = request.user
    own = selectors.own_assignments(user)
    if own:
        audit.record(
            AuditAction.LIST,
            object_type="modules.moduleassignment",
            object_repr=f"{len(own)} moduleopdrachten",
            changes={"ids": [a.pk for a in own]},
            actor=user,
        )
    progress = selectors.progress_for(own)
    versions = [] if rules.follows_modules(user) else selectors.latest_versions(user)
    return render(
        request,
        "modules/index.html",
        {
            "rows": [(a, progress[a.pk]) for a in own],
            "portal": rules.follows_modules(user),
            "versions": versions,
            "lang": _lang(),
        },
    )


@login_required
@requires("module:view")
def version_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One published version with all its sections (to read before assigning it)."""
    user = request.user
    version = engine.get_for(ModuleVersion.objects.select_related("module"), user, pk=pk)
    audit.record(AuditAction.READ, version, actor=user)
    lang = _lang()
    return render(
        request,
        "modules/version.html",
        {"version": version, "sections": selectors.sections_of(user, version), "lang": lang},
    )


@login_required
@requires("module_assignment:view")
def assignment_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The person follows the module one section at a time (`?deel=N`); the team sees the
    progress."""
    user = request.user
    assignment = engine.get_for(
        ModuleAssignment.objects.select_related("module_version", "module_version__module"),
        user,
        pk=pk,
    )
    audit.record(AuditAction.READ, assignment, actor=user)
    sections = selectors.sections_of(user, assignment.module_version_id)
    done = selectors.done_sections(assignment)
    progress = selectors.progress_for([assignment])[assignment.pk]
    try:
        wanted = int(request.GET.get("deel", ""))
    except ValueError:
        wanted = 0
    current = next((s for s in sections if s.position == wanted), None)
    if current is None:
        current = next((s for s in sections if s.pk not in done), sections[0] if sections else None)
    following = rules.may_follow(user, assignment)
    later = [s for s in sections if current is not None and s.position > current.position]
    return render(
        request,
        "modules/assignment.html",
        {
            "assignment": assignment,
            "version": assignment.module_version,
            "sections": sections,
            "done": done,
            "current": current,
            "next": later[0] if later else None,
            "progress": progress,
            "following": following,
            "lang": _lang(),
        },
    )


@login_required
@require_POST
@requires("module_assignment:change")
def section_done(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Mark a section done, then show the next one."""
    section_id = request.POST.get("section", "")
    next_part = request.POST.get("next", "")

    def then() -> HttpResponse:
        url = redirect("modules:assignment", pk=pk).url
        return redirect(f"{url}?deel={next_part}" if next_part.isdigit() else url)

    return perform(
        request,
        lambda: services.mark_section_done(request.user, pk, section_id),
        success=_("Goed gedaan. Dit deel is klaar."),
        then=then,
    )


@login_required
@require_http_methods(["GET", "POST"])
@requires("module_assignment:create")
def assign(request: AuthenticatedHttpRequest, case_pk: int) -> HttpResponse:
    """The resilience expert of the case team assigns a module to a person concerned."""
    from weerstand.cases.models import Case

    user = request.user
    case = engine.get_for(Case.objects.all(), user, Action.VIEW, pk=case_pk)
    lang = _lang()
    persons = selectors.assignable_persons(user, case)
    versions = selectors.latest_versions(user)

    def build(data: Any = None) -> AssignForm:
        form = AssignForm(data)
        form.typed_field("case_person", forms.TypedChoiceField).choices = [
            (cp.pk, f"{cp.person.first_name} {cp.person.last_name} ({cp.get_role_display()})")
            for cp in persons
        ]
        form.typed_field("module_version", forms.TypedChoiceField).choices = [
            (v.pk, f"{v.localized('title', lang)} ({v.module.get_audience_display()}, v{v.number})")
            for v in versions
        ]
        return form

    def show(form: AssignForm, status: int) -> HttpResponse:
        return render(
            request,
            "modules/assign.html",
            {"case": case, "form": form, "may_assign": rules.may_assign(user, case)},
            status=status,
        )

    return submit_form(
        request,
        build(request.POST if request.method == "POST" else None),
        lambda d: services.assign_module(
            user, case.pk, d["case_person"], d["module_version"], note=d["note"]
        ),
        success=_("De module is toegewezen. De persoon ziet hem in het portaal."),
        done=lambda _a: redirect(case.get_absolute_url()),
        show=show,
    )
