"""Decision pages: the decision screen, a decision, the approvals queue, assignments for the
executing organisations and the LCC, and notices for mayors and the OM. Thin: rows come from
`decisions.selectors`, what a user may do and every change from `decisions.services`; every
read is audited and a GET writes nothing else."""

from __future__ import annotations

import contextlib
import re
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases.models import Case, CaseState
from weerstand.core.decorators import requires
from weerstand.core.errors import DomainError
from weerstand.core.forms import perform, refusal_text, submit_form, trace_refusal
from weerstand.decisions import panels, selectors, services
from weerstand.decisions.forms import (
    AcknowledgeForm,
    AdmissionForm,
    ApprovalForm,
    DecisionForm,
    RejectionForm,
    ResponseForm,
    default_dates,
)
from weerstand.decisions.models import (
    OPEN_ASSIGNMENT_STATUSES,
    Decision,
    DecisionType,
    LocalNotification,
    SecurityAssignment,
)
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource

PAGE_SIZE = 25


def letter_url(decision: Decision) -> str:
    """The decision letter (rights app); empty while that page does not exist."""
    try:
        return reverse("rights:decision-letter", args=[decision.pk])
    except NoReverseMatch:
        return ""


# --------------------------------------------------------------------------- deciding


def _apply_decision_error(form: DecisionForm, exc: DomainError, data: Any) -> None:
    """Put the service's parameters (API names) on the form's fields: `acknowledgeDisagreement`
    on `acknowledge_disagreement`, `deviations[i].reasoning` on that measure's reason box."""
    for param in exc.invalid_params:
        match = re.match(r"deviations\[(\d+)\]\.(\w+)", param.name)
        if match and int(match.group(1)) < len(data.deviations):
            code = data.deviations[int(match.group(1))].measure_code
            field = f"reason_{code}" if match.group(2) == "reasoning" else f"measure_{code}"
        else:
            field = re.sub(r"(?<!^)(?=[A-Z])", "_", param.name).lower()
        if field in form.fields:
            form.add_error(field, param.reason)
        else:
            form.add_error(None, param.reason)
    form.add_error(None, exc.detail)


@login_required
@requires("decision:create")
@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest, case_pk: int) -> HttpResponse:
    """The decision screen for a case with a finalised assessment."""
    user = request.user
    case = engine.get_for(Case.objects.all(), user, Action.VIEW, pk=case_pk)
    if not services.may_decide(user, case):  # e.g. reached through break-glass, not the team
        raise Http404("Niet gevonden")
    if case.state == CaseState.DESIGNATION:
        return redirect("decisions:admission", case_pk=case.pk)
    refused = services.decision_refusal(user, case)
    if refused is not None:  # known before any form is filled: say why, offer no form
        if request.method == "POST":
            trace_refusal(refused)
        audit.record(AuditAction.READ, case, reason="besluitscherm")
        return render(
            request,
            "decisions/create.html",
            {"case": case, "refusal": panels.refusal_offer(case, refused)},
            status=refused.status if request.method == "POST" else 200,
        )
    assessment_row = selectors.latest_finalised_assessment(case)
    assessment = selectors.visible_assessment(user, assessment_row.pk if assessment_row else None)
    types = services.decision_types_for(case)
    previous = selectors.live_decision(case)
    source = request.POST if request.method == "POST" else request.GET
    kind = source.get("decision_type") or types[0]
    try:
        level = int(source.get("required_resistance") or 0) or None
    except ValueError:
        level = None
    if level is None:
        level = (
            previous.required_resistance
            if previous
            else getattr(assessment, "recommended_resistance", None)
        )
    dates = default_dates(getattr(assessment, "next_recalibration", None))
    on = dates["effective_date"]
    if request.method == "POST":
        with contextlib.suppress(ValueError):
            on = datetime.fromisoformat(request.POST.get("effective_date", "")).date()
    base = selectors.proposed_measure_codes(case, kind, level, source.get("package", ""), on)
    show_disagreement = bool(getattr(assessment_row, "unresolved_disagreement", ""))
    show_complexity = bool(getattr(assessment_row, "is_complex", False))

    def decision_form(*args: Any, **kwargs: Any) -> DecisionForm:
        return DecisionForm(
            *args,
            case=case,
            types=types,
            base_codes=base,
            on=on,
            show_disagreement=show_disagreement,
            show_complexity=show_complexity,
            **kwargs,
        )

    status = 200
    if request.method == "POST" and "voorstel" not in request.POST:
        form = decision_form(request.POST)
        if form.is_valid():
            data = form.to_data(base)
            try:
                decision = services.create_decision(user, case.pk, data)
            except DomainError as exc:
                trace_refusal(exc)
                _apply_decision_error(form, exc, data)
                status = exc.status
            else:
                messages.success(request, _recorded(decision))
                return redirect("decisions:detail", pk=decision.pk)
        else:
            status = 400
    else:
        initial = {
            "decision_type": kind,
            "required_resistance": level,
            "package": source.get("package", ""),
            **dates,
        }
        if request.method == "POST":  # "update proposal": keep what was typed, re-tick
            typed = {k: v for k, v in request.POST.dict().items() if not k.startswith("measure_")}
            form = decision_form(initial={**initial, **typed})
        else:
            form = decision_form(initial=initial)
    if assessment is not None:
        audit.record(AuditAction.READ, assessment, reason="besluitscherm")
    audit.record(AuditAction.READ, case, reason="besluitscherm")
    return render(
        request,
        "decisions/create.html",
        {
            "case": case,
            "assessment": assessment,
            "assessment_row": assessment_row,
            "previous": previous,
            "form": form,
            "rows": form.measure_rows(),
            "four_eyes_rule": services.__doc__,
        },
        status=status,
    )


@login_required
@requires("decision:create")
@require_http_methods(["GET", "POST"])
def admission_create(request: HttpRequest, case_pk: int) -> HttpResponse:
    """The authority's decision on admission, after the analysts' advice."""
    user = request.user
    case = engine.get_for(Case.objects.all(), user, Action.VIEW, pk=case_pk)
    if not services.may_decide(user, case):
        raise Http404("Niet gevonden")
    refused = services.decision_refusal(user, case, DecisionType.DESIGNATE)
    initial = {
        "decision_type": {"national": "designate"}.get(case.triage_advice, "refuse")
        if case.triage_advice
        else None,
        "effective_date": timezone.localdate(),
        "hand_over_to": case.local_authority if case.triage_advice == "local" else None,
    }
    form = AdmissionForm(request.POST or None, initial=initial)

    def show(form: AdmissionForm, status: int) -> HttpResponse:
        audit.record(AuditAction.READ, case, reason="besluitscherm aanwijzing")
        return render(
            request,
            "decisions/admission.html",
            {
                "case": case,
                "form": form,
                "refusal": panels.refusal_offer(case, refused) if refused else None,
            },
            status=status,
        )

    if refused is not None:  # known before any form is filled: say why, offer no form
        if request.method == "POST":
            trace_refusal(refused)
            return show(form, refused.status)
        return show(form, 200)

    return submit_form(
        request,
        form,
        lambda _data: services.create_decision(user, case.pk, form.to_data()),
        success=_recorded,
        done=lambda decision: redirect("decisions:detail", pk=decision.pk),
        show=show,
    )


def _recorded(decision: Decision) -> str:
    return _("Besluit %(ref)s vastgelegd.") % {"ref": decision.reference}


# --------------------------------------------------------------------------- one decision


def _get_decision(user: Any, pk: int) -> Decision:
    return engine.get_for(
        Decision.objects.select_related(
            "case", "decided_by", "approved_by", "rejected_by", "municipality", "prosecutor_office"
        ),
        user,
        Action.VIEW,
        pk=pk,
    )


@login_required
@requires("decision:view")
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _get_decision(request.user, pk))


def _render_detail(
    request: HttpRequest,
    decision: Decision,
    *,
    approval_form: ApprovalForm | None = None,
    rejection_form: RejectionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    deviations = selectors.deviations_of(user, decision)
    assignments = list(selectors.assignments_for(user, decision=decision.pk))
    may_approve = services.may_approve(user, decision)
    # Why a decision-maker who sees a decision waiting for approval gets no button (four eyes).
    approval_refusal = (
        services.approval_refusal(user, decision)
        if decision.needs_approval and decision.approved_by_id is None and not may_approve
        else None
    )
    if may_approve:
        approval_form = approval_form or ApprovalForm(initial={"version": decision.version})
        rejection_form = rejection_form or RejectionForm(initial={"version": decision.version})
    audit.record(AuditAction.READ, decision, changes={"assignments": [a.pk for a in assignments]})
    return render(
        request,
        "decisions/detail.html",
        {
            "decision": decision,
            "assessment": selectors.visible_assessment(user, decision.assessment_id),
            "packages": list(decision.packages.all()),
            "measures": list(decision.measures.all().order_by("name")),
            "deviations": deviations,
            "assignments": assignments,
            "may_approve": may_approve,
            "approval_refusal": approval_refusal,
            "approval_form": approval_form,
            "rejection_form": rejection_form,
            "letter_url": letter_url(decision),
        },
        status=status,
    )


@login_required
@requires("decision:change")
@require_POST
def decision_approve(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _get_decision(request.user, pk)
    return submit_form(
        request,
        ApprovalForm(request.POST),
        lambda data: services.approve_decision(
            request.user, decision.pk, note=data["note"], expected_version=data["version"]
        ),
        success=_("Besluit geaccordeerd."),
        done=lambda _decision: redirect("decisions:detail", pk=decision.pk),
        show=lambda form, status: _render_detail(
            request, decision, approval_form=form, status=status
        ),
    )


@login_required
@requires("decision:change")
@require_POST
def decision_reject(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _get_decision(request.user, pk)
    return submit_form(
        request,
        RejectionForm(request.POST),
        lambda data: services.reject_decision(
            request.user, decision.pk, reason=data["reason"], expected_version=data["version"]
        ),
        success=_("Besluit afgewezen."),
        done=lambda _decision: redirect("decisions:detail", pk=decision.pk),
        show=lambda form, status: _render_detail(
            request, decision, rejection_form=form, status=status
        ),
    )


@login_required
@requires("decision:change")
def approvals(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.awaiting_approval(request.user)[:100])
    panels.audit_list(Decision, rows, "te accorderen besluiten")
    return render(request, "decisions/approvals.html", {"decisions": rows})


# --------------------------------------------------------------------------- assignments


@login_required
@requires("security_assignment:view")
def assignments(request: HttpRequest) -> HttpResponse:
    """Open assignments the user may see: own organisation's, case team's, or all (LCC)."""
    user = request.user
    show_all = request.GET.get("alle") == "1"
    qs = selectors.assignments_for(user, statuses=None if show_all else OPEN_ASSIGNMENT_STATUSES)
    page = Paginator(qs.order_by("-priority", "starts_on", "reference"), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    rows = list(page.object_list)
    panels.audit_list(SecurityAssignment, rows, "beveiligingsopdrachten")
    changeable = (
        selectors.changeable_assignment_ids(user, [a.pk for a in rows])
        if engine.can(user, Resource.SECURITY_ASSIGNMENT, Action.CHANGE)
        else set()
    )
    now = timezone.now()
    items = [
        {
            "a": a,
            "can_acknowledge": services.may_acknowledge(
                user, a, in_change_scope=a.pk in changeable
            ),
            "can_staff": services.may_mark_staffed(user, a, in_change_scope=a.pk in changeable),
            "overdue": selectors.is_overdue(a, now),
            "form": AcknowledgeForm(initial={"version": a.version}, prefix=f"a{a.pk}"),
        }
        for a in rows
    ]
    return render(
        request,
        "decisions/assignments.html",
        {"items": items, "page": page, "show_all": show_all},
    )


@login_required
@requires("security_assignment:change")
@require_POST
def assignment_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    form = AcknowledgeForm(request.POST, prefix=f"a{pk}")
    if not form.is_valid():
        messages.error(request, _("De bevestiging is niet volledig."))
        return redirect("decisions:assignments")
    return perform(
        request,
        lambda: services.acknowledge_assignment(
            request.user,
            pk,
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        ),
        success=lambda a: _("Opdracht %(ref)s bevestigd.") % {"ref": a.reference},
        then=lambda: redirect("decisions:assignments"),
    )


@login_required
@requires("security_assignment:change")
@require_POST
def assignment_staffed(request: HttpRequest, pk: int) -> HttpResponse:
    return perform(
        request,
        lambda: services.mark_staffed(request.user, pk),
        success=lambda a: _("Opdracht %(ref)s is bemensd.") % {"ref": a.reference},
        then=lambda: redirect("decisions:assignments"),
    )


# --------------------------------------------------------------------------- local authorities


def _notification_page(
    request: HttpRequest,
    *,
    forms: dict[int, ResponseForm] | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    """Notices to mayors and chief prosecutors, rendered from the allow-list only, with the
    reply form on each notice of a new measure the user's organisation still has to answer."""
    user = request.user
    page = Paginator(selectors.notifications_for(user), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    rows = list(page.object_list)
    panels.audit_list(LocalNotification, rows, "berichten lokaal gezag")
    forms = forms or {}
    items = []
    for n in rows:
        item = selectors.notification_item(n, with_recipient=True)
        if services.may_respond(user, n):
            item["form"] = forms.get(n.pk) or ResponseForm(
                prefix=f"n{n.pk}", initial={"version": n.version}
            )
        items.append(item)
    # A refusal for a reply whose form is shown sits on that form; otherwise at the top.
    shown = {i["pk"] for i in items if "form" in i}
    return render(
        request,
        "decisions/notifications.html",
        {"items": items, "page": page, "refusal": "" if set(forms) & shown else refusal},
        status=status,
    )


@login_required
@requires("local_notification:view")
def notifications(request: HttpRequest) -> HttpResponse:
    return _notification_page(request)


@login_required
@require_POST
@requires("local_notification:change")
def notification_respond(request: HttpRequest, pk: int) -> HttpResponse:
    """The recipient organisation's reply to a new measure (once)."""
    return submit_form(
        request,
        ResponseForm(request.POST, prefix=f"n{pk}"),
        lambda data: services.respond_to_notification(
            request.user,
            pk,
            response=data["response"],
            reason=data["reason"],
            expected_version=data["version"],
        ),
        success=_("Uw reactie is verstuurd naar de NCTV."),
        done=lambda _notification: redirect("decisions:notifications"),
        show=lambda form, status: _notification_page(
            request, forms={pk: form}, refusal=refusal_text(form), status=status
        ),
    )
