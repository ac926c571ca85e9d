"""Signal pages. Thin: rows from `signals.selectors`, what to offer from `signals.rules`,
changes through `signals.services`.

Every page that shows signals writes an audit record (READ for one, LIST with ids for lists).
A signal the user may not see is a 404, exactly like an absent one.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases.models import Case
from weerstand.core.decorators import requires
from weerstand.core.forms import submit_form
from weerstand.signals import plain, rules, selectors, services
from weerstand.signals.forms import (
    OfficerSignalForm,
    PortalSignalForm,
    QueueFilterForm,
    TriageForm,
)
from weerstand.signals.models import Signal, SignalStatus

PAGE_SIZE = 25


def _audit_list(rows: list[Signal], what: str, extra: dict[str, Any] | None = None) -> None:
    audit.record(
        AuditAction.LIST,
        object_type="signals.signal",
        object_repr=f"{len(rows)} {what}",
        changes={"ids": [s.pk for s in rows], **(extra or {})},
    )


def _audit_case_choices(cases: Any) -> None:
    ids = list(cases.values_list("pk", flat=True)[:500])
    if ids:
        audit.record(
            AuditAction.LIST,
            object_type="cases.case",
            object_repr=f"{len(ids)} casussen (keuzelijst signaal)",
            changes={"ids": ids},
        )


# --------------------------------------------------------------------------- reporting


@login_required
@require_http_methods(["GET", "POST"])
@requires("signal:create")
def create(request: HttpRequest) -> HttpResponse:
    """An officer records a signal, optionally about a case they can see."""
    user = request.user
    if not rules.may_report_as_officer(user):
        if rules.may_report_in_portal(user):
            return redirect("signals:portal")
        raise Http404("Niet gevonden")
    cases = selectors.reportable_cases(user)
    form = OfficerSignalForm(request.POST or None, user=user, cases=cases)

    def show(form: OfficerSignalForm, status: int) -> HttpResponse:
        _audit_case_choices(cases)
        return render(request, "signals/create.html", {"form": form}, status=status)

    return submit_form(
        request,
        form,
        lambda _d: services.record_signal(user, form.signal_data()),
        success=lambda signal: (
            _("Signaal %(ref)s is gemeld en staat in de wachtrij van de analisten.")
            % {"ref": signal.reference}
        ),
        done=lambda signal: redirect("signals:detail", pk=signal.pk),
        show=show,
    )


@login_required
@require_http_methods(["GET", "POST"])
@requires("signal:create")
def portal(request: HttpRequest) -> HttpResponse:
    """'Iets gezien of gehoord?': the protectee, a relative or the employer, about their own
    case. They never choose or see the case; the service finds it from their account."""
    user = request.user
    if not rules.may_report_in_portal(user):
        if rules.may_report_as_officer(user):
            return redirect("signals:create")
        raise Http404("Niet gevonden")
    form = PortalSignalForm(request.POST or None)
    return submit_form(
        request,
        form,
        lambda _d: services.record_signal(user, form.signal_data()),
        # No reference: an internal code means nothing to the person (they find the report
        # under "Wat u aan ons meldde", in their own words).
        success=_(
            "Dank u. We hebben uw melding ontvangen. Een analist kijkt er snel naar. "
            "Bent u in direct gevaar? Bel 112."
        ),
        done=lambda _signal: redirect("signals:mine"),
        show=lambda form, status: render(
            request, "signals/portal.html", {"form": form}, status=status
        ),
    )


@login_required
@requires("signal:create")
def mine(request: HttpRequest) -> HttpResponse:
    """The signals the user reported, and what became of them (status only)."""
    user = request.user
    page = Paginator(selectors.own_signals(user), PAGE_SIZE).get_page(request.GET.get("pagina"))
    shown = list(page.object_list)
    _audit_list(shown, "eigen signalen")
    portal = rules.may_report_in_portal(user)
    return render(
        request,
        # The portal: cards in the reporter's words (no reference, no table that scrolls).
        "signals/mine_portal.html" if portal else "signals/mine.html",
        {
            "page": page,
            "signals": shown,
            "reports": [plain.report_item(s) for s in shown] if portal else [],
            "portal": portal,
        },
    )


# --------------------------------------------------------------------------- queue


@login_required
@requires("signal:view")
def queue(request: HttpRequest) -> HttpResponse:
    """The analysis queue: new signals by deadline, overdue ones first and marked."""
    user = request.user
    if not rules.sees_queue(user):
        raise Http404("Niet gevonden")
    now = timezone.now()
    form = QueueFilterForm(request.GET)
    choice = form.cleaned_data.get("status", "") if form.is_valid() else ""
    page = Paginator(selectors.queue(user, choice, now), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    shown = list(page.object_list)
    _audit_list(shown, f"signalen (wachtrij, pagina {page.number})", {"filter": choice})
    visible_cases = selectors.visible_case_ids(user, shown)
    rows = [
        {"signal": s, "overdue": s.is_overdue(now), "case_visible": s.case_id in visible_cases}
        for s in shown
    ]
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "signals/queue.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "result_count": page.paginator.count,
            "query": query.urlencode(),
            "now": now,
        },
    )


# --------------------------------------------------------------------------- detail


def _render_detail(
    request: HttpRequest, signal: Signal, *, form: TriageForm | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    can_triage = rules.may_triage(user, signal)
    cases = selectors.reportable_cases(user) if can_triage else Case.objects.none()
    if can_triage and form is None:
        form = TriageForm(cases=cases, initial={"version": signal.version, "case": signal.case_id})
    if form is not None and signal.status == SignalStatus.TRIAGED:
        form.link_only()
    case = selectors.signal_case(user, signal)
    entities = selectors.signal_entities(user, signal)
    analyst_view = rules.sees_queue(user)
    audit.record(AuditAction.READ, signal)
    if can_triage:
        _audit_case_choices(cases)
    if not analyst_view and not can_triage and rules.may_report_in_portal(user):
        # The reporter in the portal: what they wrote and where it stands, in their words.
        return render(
            request,
            "signals/detail_portal.html",
            {"report": plain.report_item(signal), "signal": signal},
            status=status,
        )
    return render(
        request,
        "signals/detail.html",
        {
            "signal": signal,
            "case": case,
            "entities": entities,
            "form": form if can_triage else None,
            "analyst_view": analyst_view,
            "overdue": signal.is_overdue(),
            "decidable": signal.status in (SignalStatus.NEW, SignalStatus.TRIAGED),
        },
        status=status,
    )


@login_required
# The reporter sees the signal they reported (the row rule), without the queue's grant.
@requires("signal:view", "signal:create")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, selectors.signal_for(request.user, pk))


@login_required
@require_POST
@requires("signal:change")
def triage(request: HttpRequest, pk: int) -> HttpResponse:
    """One analyst's decision; a concurrent one by a colleague is refused with a clear text."""
    user = request.user
    signal = selectors.signal_for(user, pk)
    return submit_form(
        request,
        TriageForm(request.POST, cases=selectors.reportable_cases(user)),
        lambda d: services.triage_signal(
            user,
            signal.pk,
            decision=d["decision"],
            note=d.get("note", ""),
            case_id=d["case"].pk if d.get("case") else None,
            reliability=d.get("reliability") or "",
            credibility=d.get("credibility"),
            expected_version=d["version"],
        ),
        conflict=lambda exc: (
            _(
                "Een collega heeft dit signaal intussen beoordeeld of gewijzigd. Uw "
                "beslissing is niet opgeslagen. %(detail)s"
            )
            % {"detail": exc.detail}
        ),
        success=_("De beoordeling is opgeslagen."),
        done=lambda _signal: redirect("signals:detail", pk=signal.pk),
        show=lambda form, status: _render_detail(
            request, selectors.signal_for(user, pk), form=form, status=status
        ),
    )
