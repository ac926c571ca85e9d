"""Pages of the integrated threat picture. Thin: what a page shows comes from
`assessments.selectors` (policy-scoped reads, shared with the API), changes go through
`assessments.services`; every page with assessment content writes an audit record.

A version the user may not see answers 404 exactly like an absent one; a refused step shows
the service's reason next to the form, with the input kept and the refusal's HTTP status.
"""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from weerstand.assessments import forms as f
from weerstand.assessments import selectors, services
from weerstand.assessments.models import Assessment, AssessmentStatus
from weerstand.assessments.rules import sees_drafts
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases.models import NATIONAL_PHENOMENA, Case, Phenomenon
from weerstand.core.decorators import requires
from weerstand.core.errors import ConcurrencyConflict, DomainError
from weerstand.core.forms import (
    apply_domain_error,
    perform,
    refusal_text,
    submit_form,
    trace_refusal,
)

PART_FORMS = {
    "products": f.ProductCiteForm,
    "signals": f.SignalCiteForm,
    "gaps": f.GapForm,
    "scenarios": f.ScenarioForm,
    "assumptions": f.AssumptionForm,
}
STEPS = {
    "indienen": services.submit_for_challenge,
    "seniorcontrole-aanvragen": services.request_senior_check,
    "vaststellen": services.finalise,
}


# --------------------------------------------------------------------------- overview


@login_required
@requires("assessment:view")
def overview(request: HttpRequest) -> HttpResponse:
    """All visible active cases: level, last finalised version, next recalibration, reasons."""
    rows = selectors.overview(request.user)
    audit.record(
        AuditAction.LIST,
        object_type="assessments.assessment",
        object_repr=f"overzicht dreigingsbeelden ({len(rows)} casussen)",
        changes={
            "cases": [r["case"].pk for r in rows],
            "assessments": [r["current"].pk for r in rows if r["current"]],
        },
    )
    return render(
        request,
        "assessments/overview.html",
        {
            "rows": rows,
            "counts": selectors.overview_counts(rows),
            "today": timezone.localdate(),
            "can_methods": services.may_write_assessments(request.user),
        },
    )


# --------------------------------------------------------------------------- per case


@login_required
@requires("assessment:view")
def case_page(request: HttpRequest, case_pk: int) -> HttpResponse:
    """The versions of one case's picture and its timeline chart."""
    return _render_case(request, selectors.case_for(request.user, case_pk))


def _render_case(
    request: HttpRequest, case: Case, *, error: str = "", status: int = 200
) -> HttpResponse:
    ctx = selectors.case_page(request.user, case)
    audit.record(
        AuditAction.READ,
        case,
        reason="dreigingsbeelden en tijdlijn",
        changes={"assessments": [v.pk for v in ctx["versions"]]},
    )
    ctx.update({"start_form": f.ReasonForm(), "error": error})
    return render(request, "assessments/case.html", ctx, status=status)


@login_required
@requires("assessment:create")
@require_POST
def start(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = selectors.case_for(request.user, case_pk)
    return submit_form(
        request,
        f.ReasonForm(request.POST),
        lambda data: services.start_version(request.user, case.pk, reason=data["reason"]),
        success=lambda a: _("Versie %(n)s is aangemaakt als concept.") % {"n": a.number},
        done=lambda a: redirect("assessments:edit", pk=a.pk),
        show=lambda form, status: _render_case(
            request, case, error=refusal_text(form), status=status
        ),
    )


# --------------------------------------------------------------------------- detail


def _render_detail(
    request: HttpRequest, a: Assessment, *, error: str = "", status: int = 200, **extra: Any
) -> HttpResponse:
    ctx = selectors.detail(request.user, a)
    ctx.update({"error": error, "senior_form": extra.get("senior_form") or f.SeniorCheckForm()})
    if ctx["citable_products"] or extra.get("cite_form"):
        ctx["cite_form"] = extra.get("cite_form") or f.ProductCiteForm(
            initial={"version": a.version}, products=ctx["citable_products"], prefix="products"
        )
    return render(request, "assessments/detail.html", ctx, status=status)


@login_required
@requires("assessment:view")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The integrated threat picture of one version."""
    a = selectors.assessment_for(request.user, pk)
    audit.record(AuditAction.READ, a)
    return _render_detail(request, a)


@login_required
@requires("assessment:change")
@require_POST
def step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """One workflow step that needs no input: submit, request the senior check, finalise."""
    a = selectors.assessment_for(request.user, pk)
    service = STEPS.get(name)
    if service is None:
        raise Http404("Niet gevonden")
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        a = service(request.user, a.pk, expected_version=version)
    except DomainError as exc:
        trace_refusal(exc)
        detail = exc.detail
        if exc.invalid_params:
            detail += " " + " ".join(p.reason for p in exc.invalid_params)
        return _render_detail(
            request, selectors.assessment_for(request.user, pk), error=detail, status=exc.status
        )
    messages.success(request, _step_done(a.status))
    return redirect("assessments:detail", pk=a.pk)


def _step_done(status: str) -> str:
    """What the step did, in words (not the status it led to as a bare label)."""
    return {
        "challenge": _("De beoordeling is in tegenspraak gezet."),
        "senior_check": _("De seniorcontrole is aangevraagd."),
        "finalised": _("De beoordeling is vastgesteld."),
    }.get(status, _("De beoordeling is bijgewerkt."))


@login_required
@requires("assessment:change")
@require_POST
def senior_check(request: HttpRequest, pk: int) -> HttpResponse:
    a = selectors.assessment_for(request.user, pk)
    return submit_form(
        request,
        f.SeniorCheckForm(request.POST),
        lambda data: services.record_senior_check(request.user, a.pk, note=data["note"]),
        success=_("De extra controle is vastgelegd."),
        done=lambda _result: redirect("assessments:detail", pk=a.pk),
        show=lambda form, status: _render_detail(
            request, a, error=refusal_text(form), status=status, senior_form=form
        ),
    )


# --------------------------------------------------------------------------- editing


def _edit_context(user: Any, a: Assessment, bound: dict[str, Any]) -> dict[str, Any]:
    options = selectors.part_options(user, a)
    initial = {"version": a.version}
    judgements = selectors.judgements(a)
    ctx = selectors.picture(user, a)
    ctx.update(
        {
            "form": bound.get("form") or f.AssessmentForm.for_assessment(a),
            "factors_form": bound.get("factors")
            or f.FactorsForm(initial=initial, judgements=judgements, prefix="factors"),
            "product_form": bound.get("products")
            or f.ProductCiteForm(initial=initial, products=options["products"], prefix="products"),
            "signal_form": bound.get("signals")
            or f.SignalCiteForm(initial=initial, signals=options["signals"], prefix="signals"),
            "gap_form": bound.get("gaps")
            or f.GapForm(initial=initial, gaps=options["gaps"], prefix="gaps"),
            "scenario_form": bound.get("scenarios")
            or f.ScenarioForm(initial=initial, prefix="scenarios"),
            "assumption_form": bound.get("assumptions")
            or f.AssumptionForm(initial=initial, prefix="assumptions"),
            "has_products": bool(options["products"]),
            "has_signals": bool(options["signals"]),
            # What "Indienen voor tegenspraak" still needs, at the top of the editor.
            "checklist": a.status == AssessmentStatus.DRAFT,
            # The page comes back with typed text that is not saved yet: warn before leaving.
            "unsaved": bool(bound),
            **selectors.submission(user, a, {"submit"}),
        }
    )
    return ctx


def _render_edit(
    request: HttpRequest, a: Assessment, status: int = 200, **bound: Any
) -> HttpResponse:
    if not services.can_edit(request.user, a):
        raise Http404("Niet gevonden") if not sees_drafts(request.user) else _refused(a)
    return render(
        request, "assessments/edit.html", _edit_context(request.user, a, bound), status=status
    )


def _refused(a: Assessment) -> Exception:
    from django.core.exceptions import PermissionDenied

    return PermissionDenied("U kunt deze versie niet wijzigen.")


@login_required
@requires("assessment:change")
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor: one form, so nothing typed is lost. Every button ("Opslaan", "Scenario
    toevoegen", "Verwijderen", ...) saves all fields and factor judgements together with its
    own change (`services.save_draft`, one version check); when something is wrong, the page
    comes back with everything as typed."""
    a = selectors.assessment_for(request.user, pk)
    if request.method == "GET":
        audit.record(AuditAction.READ, a, reason="bewerken")
        return _render_edit(request, a)
    return _save_editor(request, a, request.POST.get("action", ""))


def _parse_action(value: str) -> tuple[str, str, int]:
    """The pressed button: ("save"|"factors", "", -1), ("add", kind, -1), ("remove", kind, i)."""
    verb, _sep, rest = value.partition(":")
    kind, _sep, index = rest.partition(":")
    if verb == "add" and kind in PART_FORMS:
        return "add", kind, -1
    if verb == "remove" and kind in PART_FORMS and index.isdigit():
        return "remove", kind, int(index)
    return ("factors" if verb == "factors" else "save"), "", -1


def _typed(form: Any) -> bool:
    """Whether text was typed into `form` (a part whose button was not pressed)."""
    return any(
        str(form[name].data or "").strip()
        for name, field in form.fields.items()
        if isinstance(field, django_forms.CharField) and not field.widget.is_hidden
    )


def _kept(form: Any, version: int, choices: dict[str, Any]) -> Any:
    """`form` as typed, unvalidated: a part whose button was not pressed shows no errors."""
    initial = {name: form[name].data for name in form.fields} | {"version": version}
    return type(form)(initial=initial, prefix=form.prefix, **choices)


def _save_editor(request: HttpRequest, a: Assessment, pressed: str) -> HttpResponse:
    action, kind, index = _parse_action(pressed)
    options = selectors.part_options(request.user, a)
    judgements = selectors.judgements(a)
    main = f.AssessmentForm(request.POST)
    # Factor judgements are saved when the page sent them (a client may post fields only).
    factors_form = (
        f.FactorsForm(request.POST, judgements=judgements, prefix="factors")
        if judgements and "factors-version" in request.POST
        else None
    )
    choices = {name: ({name: options[name]} if name in options else {}) for name in PART_FORMS}
    parts = {
        name: form_class(request.POST, prefix=name, **choices[name])
        for name, form_class in PART_FORMS.items()
    }
    adding = parts[kind] if action == "add" else None
    checked = [form for form in (main, factors_form, adding) if form is not None]
    valid = all([form.is_valid() for form in checked])  # a list: every form shows its errors

    def show(status: int, version: int) -> HttpResponse:
        bound = {
            name: form if form is adding else _kept(form, version, choices[name])
            for name, form in parts.items()
        }
        return _render_edit(request, a, status, form=main, factors=factors_form, **bound)

    if not valid:
        return show(400, a.version)
    changes = {k: v for k, v in main.cleaned_data.items() if k != "version"}
    if factors_form is not None:
        changes["factors"] = factors_form.items()
    add = None
    if adding is not None:
        item = adding.item() if kind == "scenarios" else adding.cleaned_data
        add = (kind, {k: v for k, v in item.items() if k != "version"})
    try:
        saved = services.save_draft(
            request.user,
            a.pk,
            changes,
            expected_version=main.cleaned_data["version"],
            add=add,
            remove=(kind, index) if action == "remove" else None,
        )
    except ConcurrencyConflict as exc:
        trace_refusal(exc)
        main.add_error(
            None,
            _(
                "Iemand anders heeft dit dreigingsbeeld intussen gewijzigd. Uw invoer staat "
                "hieronder; open de pagina opnieuw en voer uw wijziging dan opnieuw in."
            ),
        )
        return show(exc.status, a.version)
    except DomainError as exc:
        _show_refusal(adding or main, exc)
        return show(exc.status, a.version)
    messages.success(request, _text_for(action))
    others = [form for form in parts.values() if form is not adding and _typed(form)]
    if others:
        # Text typed into another part is not added yet: show it again rather than drop it.
        return _render_edit(
            request,
            saved,
            200,
            **{
                name: _kept(form, saved.version, choices[name])
                for name, form in parts.items()
                if form in others
            },
        )
    anchor = kind or ("factors" if action == "factors" else "velden-kop")
    return redirect(f"{_edit_url(a)}#{anchor}")


def _text_for(action: str) -> str:
    return {
        "factors": _("De weging van de factoren is opgeslagen."),
        "add": _("Toegevoegd; het dreigingsbeeld is opgeslagen."),
        "remove": _("Verwijderd; het dreigingsbeeld is opgeslagen."),
    }.get(action, _("Het dreigingsbeeld is opgeslagen."))


def _show_refusal(form: Any, exc: DomainError) -> None:
    """The service's refusal on the form whose button was pressed; reasons for parameters
    that are no field of it still show, in the summary."""
    apply_domain_error(form, exc)
    for param in exc.invalid_params:
        if param.name not in form.fields:
            form.add_error(None, param.reason)


@login_required
@requires("assessment:change")
@require_POST
def factors(request: HttpRequest, pk: int) -> HttpResponse:
    a = selectors.assessment_for(request.user, pk)
    form = f.FactorsForm(request.POST, judgements=selectors.judgements(a), prefix="factors")
    return submit_form(
        request,
        form,
        lambda data: services.update_assessment(
            request.user, a.pk, {"factors": form.items()}, expected_version=data["version"]
        ),
        success=_("De weging van de factoren is opgeslagen."),
        done=lambda _result: redirect("assessments:edit", pk=a.pk),
        show=lambda form, status: _render_edit(request, a, status, factors=form),
    )


@login_required
@requires("assessment:change")
@require_POST
def add_part(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    a = selectors.assessment_for(request.user, pk)
    form_class = PART_FORMS.get(kind)
    if form_class is None:
        raise Http404("Niet gevonden")
    options = selectors.part_options(request.user, a)
    choices = {kind: options[kind]} if kind in options else {}
    form = form_class(request.POST, prefix=kind, **choices)

    def add(data: dict[str, Any]) -> Any:
        if kind == "scenarios":
            item = form.item()
        else:
            item = {k: v for k, v in data.items() if k != "version"}
        return services.add_part(request.user, a.pk, kind, item, expected_version=data["version"])

    if kind == "products" and request.POST.get("terug") == "dreigingsbeeld":
        # Cited from the picture's page, before submitting: back to its checklist.
        return submit_form(
            request,
            form,
            add,
            success=_("Toegevoegd."),
            done=lambda _result: redirect(f"{_detail_url(a)}#indienen"),
            show=lambda form, status: _render_detail(
                request,
                selectors.assessment_for(request.user, pk),
                error=refusal_text(form),
                status=status,
                cite_form=form,
            ),
        )
    return submit_form(
        request,
        form,
        add,
        success=_("Toegevoegd."),
        done=lambda _result: redirect(f"{_edit_url(a)}#{kind}"),
        show=lambda form, status: _render_edit(request, a, status, **{kind: form}),
    )


def _detail_url(a: Assessment) -> str:
    from django.urls import reverse

    return reverse("assessments:detail", kwargs={"pk": a.pk})


def _edit_url(a: Assessment) -> str:
    from django.urls import reverse

    return reverse("assessments:edit", kwargs={"pk": a.pk})


@login_required
@requires("assessment:change")
@require_POST
def remove_part(request: HttpRequest, pk: int, kind: str, index: int) -> HttpResponse:
    a = selectors.assessment_for(request.user, pk)
    if kind not in PART_FORMS:
        raise Http404("Niet gevonden")
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    return perform(
        request,
        lambda: services.remove_part(request.user, a.pk, kind, index, expected_version=version),
        then=lambda: redirect(f"{_edit_url(a)}#{kind}"),
    )


# --------------------------------------------------------------------------- challenge


@login_required
@requires("assessment:change")
@require_http_methods(["GET", "POST"])
def challenge(request: HttpRequest, pk: int) -> HttpResponse:
    a = selectors.assessment_for(request.user, pk)
    if "challenge" not in services.allowed_actions(request.user, a):
        raise _refused(a)
    form = f.ChallengeForm(request.POST or None)
    if request.method != "POST":
        audit.record(AuditAction.READ, a, reason="tegenspraak")
    return submit_form(
        request,
        form,
        lambda _data: services.record_challenge(request.user, a.pk, form.data_for_service()),
        success=_("De tegenspraak is vastgelegd."),
        done=lambda _result: redirect("assessments:detail", pk=a.pk),
        show=lambda form, status: _render_picture(
            request, a, "assessments/challenge.html", form, status
        ),
    )


def _render_picture(
    request: HttpRequest, a: Assessment, template: str, form: Any, status: int
) -> HttpResponse:
    """The picture beside a form (challenge, answer), e.g. again with a refused form."""
    ctx = selectors.picture(request.user, a)
    ctx["form"] = form
    return render(request, template, ctx, status=status)


@login_required
@requires("assessment:change")
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    a = selectors.assessment_for(request.user, pk)
    if "answer" not in services.allowed_actions(request.user, a):
        raise _refused(a)
    form = f.AnswerForm(
        request.POST or None, points=selectors.challenge_points(a), initial={"version": a.version}
    )
    if request.method != "POST":
        audit.record(AuditAction.READ, a, reason="tegenspraak beantwoorden")
    return submit_form(
        request,
        form,
        lambda data: services.answer_challenge(
            request.user, a.pk, form.answers(), expected_version=data["version"]
        ),
        success=_("Uw antwoord op de tegenspraak is vastgelegd."),
        done=lambda _result: redirect("assessments:detail", pk=a.pk),
        show=lambda form, status: _render_picture(
            request, a, "assessments/answer.html", form, status
        ),
    )


# --------------------------------------------------------------------------- diff and report


@login_required
@requires("assessment:view")
def diff(request: HttpRequest, pk: int) -> HttpResponse:
    """What changed against the previous version (fields, scenarios, assumptions, citations)."""
    a = selectors.assessment_for(request.user, pk)
    ctx = selectors.diff(request.user, a)
    previous = ctx["previous"]
    audit.record(
        AuditAction.READ,
        a,
        reason="verschillen met vorige versie",
        changes={"previous": previous.pk if previous else None},
    )
    return render(request, "assessments/diff.html", ctx)


@login_required
@requires("assessment:view")
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """The integrated threat picture as a PDF (an export: audited as such)."""
    from weerstand.assessments.report import render_pdf

    a = selectors.assessment_for(request.user, pk)
    pdf = render_pdf(selectors.picture(request.user, a))
    audit.record(AuditAction.EXPORT, a, reason="rapport (pdf)")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="dreigingsbeeld-{a.reference}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


# --------------------------------------------------------------------------- method


@login_required
@requires("assessment:view")
def methods(request: HttpRequest) -> HttpResponse:
    """The method templates per phenomenon; senior analysts add a new version."""
    if not services.may_write_assessments(request.user):
        raise Http404("Niet gevonden")
    ctx = selectors.methods_page()
    ctx["can_edit"] = services.may_edit_methods(request.user)
    return render(request, "assessments/methods.html", ctx)


@login_required
@requires("assessment:change")
@require_http_methods(["GET", "POST"])
def method_new(request: HttpRequest, phenomenon: str) -> HttpResponse:
    if phenomenon not in NATIONAL_PHENOMENA or not services.may_edit_methods(request.user):
        raise Http404("Niet gevonden")
    current = services.template_in_force(phenomenon)
    if request.method == "POST":
        form = f.TemplateVersionForm(request.POST)
    else:
        form = f.TemplateVersionForm(
            initial={
                "name": current.name if current else Phenomenon(phenomenon).label,
                "description": current.description if current else "",
                "effective_from": timezone.localdate(),
                "factors": services.factor_lines(current) if current else "",
            }
        )
    return submit_form(
        request,
        form,
        lambda data: services.new_template_version(
            request.user,
            phenomenon,
            name=data["name"],
            description=data["description"],
            effective_from=data["effective_from"],
            factor_lines=data["factors"],
        ),
        success=_("De nieuwe versie van het sjabloon is vastgelegd."),
        done=lambda _result: redirect("assessments:methods"),
        show=lambda form, status: render(
            request,
            "assessments/method_new.html",
            {"form": form, "phenomenon": Phenomenon(phenomenon).label, "current": current},
            status=status,
        ),
    )
