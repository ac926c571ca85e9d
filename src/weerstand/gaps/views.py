"""Gap and RFI pages. Thin: rows through the policy, changes through `gaps.services`.

The addressee's liaisons see a request's question, due date, legal basis and the case
reference, never the case file: the templates get the case only as its reference string.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases.models import Case
from weerstand.core.decorators import requires
from weerstand.core.forms import submit_form
from weerstand.gaps import services
from weerstand.gaps.forms import AnswerForm, GapForm, NoteForm, RequestForm
from weerstand.gaps.models import Gap, InformationRequest, RequestStatus
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource

PAGE_SIZE = 25


def _get_case(user: Any, case_id: int) -> Case:
    return engine.get_for(Case.objects.all(), user, Action.VIEW, pk=case_id)


# --------------------------------------------------------------------------- gaps of a case


def _render_case_gaps(
    request: HttpRequest,
    case: Case,
    *,
    gap_form: GapForm | None = None,
    request_forms: dict[int, RequestForm] | None = None,
    note_forms: dict[int, NoteForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    gaps = list(Gap.objects.visible_to(user, Action.VIEW).filter(case=case.pk))
    requests = list(
        InformationRequest.objects.visible_to(user, Action.VIEW)
        .filter(case=case.pk)
        .select_related("addressee", "legal_basis")
    )
    can_create = services.may_act_on_case(user, case, Resource.GAP, Action.CREATE)
    request_forms = request_forms or {}
    note_forms = note_forms or {}
    rows = []
    today = timezone.localdate()
    for gap in gaps:
        can_change = engine.can(user, Resource.GAP, Action.CHANGE, gap)
        rows.append(
            {
                "gap": gap,
                "requests": [
                    {"rfi": r, "overdue": r.is_overdue(today)}
                    for r in requests
                    if r.gap_id == gap.pk
                ],
                "request_form": (request_forms.get(gap.pk) or RequestForm(prefix=f"rfi{gap.pk}"))
                if can_change and gap.status in ("open", "requested")
                else None,
                "note_form": (note_forms.get(gap.pk) or NoteForm(prefix=f"accept{gap.pk}"))
                if can_change and gap.status in ("open", "requested")
                else None,
            }
        )
    audit.record(
        AuditAction.LIST,
        object_type="gaps.gap",
        object_repr=f"{len(gaps)} leemten bij casus {case.reference}",
        case_id=case.pk,
        changes={"ids": [g.pk for g in gaps], "requests": [r.pk for r in requests]},
    )
    return render(
        request,
        "gaps/case_gaps.html",
        {
            "case": case,
            "rows": rows,
            "gap_form": (gap_form or GapForm()) if can_create else None,
        },
        status=status,
    )


@login_required
@requires("gap:view")
def case_gaps(request: HttpRequest, case_id: int) -> HttpResponse:
    return _render_case_gaps(request, _get_case(request.user, case_id))


@login_required
@require_POST
@requires("gap:create")
def gap_create(request: HttpRequest, case_id: int) -> HttpResponse:
    user = request.user
    case = _get_case(user, case_id)
    return submit_form(
        request,
        GapForm(request.POST),
        lambda d: services.record_gap(
            user, case.pk, description=d["description"], why_it_matters=d["why_it_matters"]
        ),
        success=_("De leemte is vastgelegd."),
        done=lambda _gap: redirect("gaps:case", case_id=case.pk),
        show=lambda form, status: _render_case_gaps(request, case, gap_form=form, status=status),
    )


def _get_gap(user: Any, gap_id: int) -> Gap:
    return engine.get_for(Gap.objects.all(), user, Action.VIEW, pk=gap_id)


@login_required
@require_POST
@requires("rfi:create")
def request_create(request: HttpRequest, gap_id: int) -> HttpResponse:
    """Turn a gap into a request for information (legal-basis check in the service)."""
    user = request.user
    gap = _get_gap(user, gap_id)
    form = RequestForm(request.POST, prefix=f"rfi{gap.pk}")
    return submit_form(
        request,
        form,
        lambda _d: services.request_information(user, gap.pk, form.request_data()),
        success=lambda rfi: _("Verzoek %(ref)s is verstuurd.") % {"ref": rfi.reference},
        done=lambda _rfi: redirect("gaps:case", case_id=gap.case_id),
        show=lambda form, status: _render_case_gaps(
            request, _get_case(user, gap.case_id), request_forms={gap.pk: form}, status=status
        ),
    )


@login_required
@require_POST
@requires("gap:change")
def gap_accept(request: HttpRequest, gap_id: int) -> HttpResponse:
    user = request.user
    gap = _get_gap(user, gap_id)
    return submit_form(
        request,
        NoteForm(request.POST, prefix=f"accept{gap.pk}"),
        lambda d: services.accept_gap(user, gap.pk, note=d["note"]),
        success=_("De leemte is geaccepteerd als onbekend."),
        done=lambda _gap: redirect("gaps:case", case_id=gap.case_id),
        show=lambda form, status: _render_case_gaps(
            request, _get_case(user, gap.case_id), note_forms={gap.pk: form}, status=status
        ),
    )


# --------------------------------------------------------------------------- requests


@login_required
@requires("rfi:view")
def request_list(request: HttpRequest) -> HttpResponse:
    """Requests the user may see: to their organisation (liaisons) or of their cases (team)."""
    user = request.user
    now = timezone.now()
    show = request.GET.get("status", "open")
    qs = InformationRequest.objects.visible_to(user, Action.VIEW).select_related(
        "addressee", "legal_basis", "case"
    )
    if show in RequestStatus.values:
        qs = qs.filter(status=show)
    page = Paginator(qs.order_by("due_date", "pk"), PAGE_SIZE).get_page(request.GET.get("pagina"))
    shown = list(page.object_list)
    audit.record(
        AuditAction.LIST,
        object_type="gaps.informationrequest",
        object_repr=f"{len(shown)} informatieverzoeken",
        changes={"ids": [r.pk for r in shown], "status": show},
    )
    today = timezone.localdate(now)
    rows = [
        {"rfi": r, "overdue": r.is_overdue(today), "case_reference": r.case.reference}
        for r in shown
    ]
    return render(
        request,
        "gaps/requests.html",
        {"rows": rows, "page": page, "show": show, "statuses": RequestStatus.choices},
    )


def _get_request(user: Any, pk: int) -> InformationRequest:
    return engine.get_for(
        InformationRequest.objects.select_related(
            "addressee", "legal_basis", "answer_product", "case"
        ),
        user,
        Action.VIEW,
        pk=pk,
    )


def _render_request(
    request: HttpRequest,
    rfi: InformationRequest,
    *,
    answer_form: AnswerForm | None = None,
    cancel_form: NoteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    addressee = services.is_addressee(user, rfi)
    team_case = Case.objects.visible_to(user, Action.VIEW).filter(pk=rfi.case_id).first()
    can_cancel = (
        team_case is not None
        and rfi.status == RequestStatus.OPEN
        and engine.can(user, Resource.RFI, Action.CHANGE, rfi)
        and not addressee
    )
    if addressee and rfi.status == RequestStatus.OPEN and answer_form is None:
        answer_form = AnswerForm(user=user, initial={"version": rfi.version})
    audit.record(AuditAction.READ, rfi)
    return render(
        request,
        "gaps/request_detail.html",
        {
            "rfi": rfi,
            # The case reference is part of the request; the case itself only for its team.
            "case_reference": rfi.case.reference,
            "team_case": team_case,
            "overdue": rfi.is_overdue(),
            "answer_form": answer_form if addressee and rfi.status == RequestStatus.OPEN else None,
            "cancel_form": (cancel_form or NoteForm(prefix="cancel")) if can_cancel else None,
        },
        status=status,
    )


@login_required
@requires("rfi:view")
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_request(request, _get_request(request.user, pk))


@login_required
@require_POST
@requires("rfi:change")
def request_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The addressee answers with a product; the gap is filled and the case flagged."""
    user = request.user
    rfi = _get_request(user, pk)
    form = AnswerForm(request.POST, user=user)
    return submit_form(
        request,
        form,
        lambda d: services.answer_request(
            user, rfi.pk, form.answer_data(), expected_version=d["version"]
        ),
        success=_("Het antwoord is verstuurd aan de NCTV."),
        done=lambda _answer: redirect("gaps:request", pk=rfi.pk),
        show=lambda form, status: _render_request(
            request, _get_request(user, pk), answer_form=form, status=status
        ),
    )


@login_required
@require_POST
@requires("rfi:change")
def request_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    rfi = _get_request(user, pk)
    return submit_form(
        request,
        NoteForm(request.POST, prefix="cancel"),
        lambda d: services.cancel_request(user, rfi.pk, reason=d["note"]),
        success=_("Het verzoek is ingetrokken."),
        done=lambda _rfi: redirect("gaps:request", pk=rfi.pk),
        show=lambda form, status: _render_request(
            request, _get_request(user, pk), cancel_form=form, status=status
        ),
    )
