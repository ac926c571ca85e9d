"""The advisory body's pages: national aggregates (with CSV and PDF), advice, themes and the
NCTV's responses. Thin: every rule is in `advisory.services`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from weerstand.advisory import disclosure, exports, selectors, services
from weerstand.advisory.forms import AdviceForm, AggregateQueryForm, ResponseForm, ThemeForm
from weerstand.advisory.models import Advice
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.decorators import requires
from weerstand.core.errors import NotPermitted
from weerstand.core.forms import submit_form
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource


def _query(request: HttpRequest) -> AggregateQueryForm:
    data = request.GET if "year" in request.GET else None
    form = AggregateQueryForm(
        data, initial={"year": timezone.localdate().year, "period": "quarter"}
    )
    return form


def _params(form: AggregateQueryForm) -> tuple[int, str, str | None]:
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        return d["year"], d["period"], d["breakdown"] or None
    return timezone.localdate().year, "quarter", None


@login_required
@requires("aggregates:view")
def aggregates(request: HttpRequest) -> HttpResponse:
    form = _query(request)
    year, period, breakdown = _params(form)
    try:
        tables = services.aggregate_tables(request.user, year, period, breakdown)
    except NotPermitted as exc:
        raise Http404 from exc
    query = f"year={year}&period={period}" + (f"&breakdown={breakdown}" if breakdown else "")
    return render(
        request,
        "advisory/aggregates.html",
        {
            "form": form,
            "tables": tables,
            "year": year,
            "period": period,
            "k": disclosure.K,
            "query": query,
            "suppressed": services.SUPPRESSED,
            "not_yet": services.NOT_YET,
            "may_advise": engine.can(request.user, Resource.ADVICE, Action.VIEW),
        },
    )


@login_required
@requires("aggregates:view")
def aggregates_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "pdf"):
        raise Http404
    year, period, breakdown = _params(_query(request))
    try:
        tables = services.aggregate_tables(request.user, year, period, breakdown, export=fmt)
    except NotPermitted as exc:
        raise Http404 from exc
    if fmt == "csv":
        response = HttpResponse(exports.csv_bytes(tables), content_type="text/csv; charset=utf-8")
    else:
        title = _("Adviescijfers %(year)s") % {"year": year}
        response = HttpResponse(exports.pdf_bytes(tables, title), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="adviescijfers-{year}-{period}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


def _advice_page(request: HttpRequest, form: Any, theme_form: Any, status: int) -> HttpResponse:
    user = request.user
    rows = list(selectors.advice_list(user))
    audit.record(
        AuditAction.LIST,
        object_type="advisory.advice",
        object_repr=f"{len(rows)} adviezen",
        changes={"ids": [a.pk for a in rows]},
        actor=user,
    )
    may_create = engine.can(user, Resource.ADVICE, Action.CREATE)
    return render(
        request,
        "advisory/advice_list.html",
        {
            "rows": rows,
            "form": form if may_create else None,
            "theme_form": theme_form if may_create else None,
            "themes": list(selectors.themes(user)),
            "may_respond": engine.can(user, Resource.ADVICE, Action.CHANGE),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
@requires("advice:view")
def advice_list(request: HttpRequest) -> HttpResponse:
    form = AdviceForm(request.POST or None, user=request.user)
    theme_form = ThemeForm()
    return submit_form(
        request,
        form,
        lambda d: services.create_advice(
            request.user,
            title=d["title"],
            body=d["body"],
            theme_ids=[t.pk for t in d["themes"]],
        ),
        done=lambda a: redirect("advisory:detail", a.pk),
        show=lambda f, status: _advice_page(request, f, theme_form, status),
        success=_("Advies vastgelegd."),
    )


@login_required
@require_POST
@requires("advice:create")
def theme_create(request: HttpRequest) -> HttpResponse:
    theme_form = ThemeForm(request.POST)
    return submit_form(
        request,
        theme_form,
        lambda d: services.create_theme(request.user, d["name"], d["description"]),
        done=lambda t: redirect("advisory:list"),
        show=lambda f, status: _advice_page(request, AdviceForm(user=request.user), f, status),
        success=_("Thema toegevoegd."),
    )


@login_required
@require_http_methods(["GET", "POST"])
@requires("advice:view")
def advice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    advice = engine.get_for(
        Advice.objects.prefetch_related(*selectors.parts()), request.user, Action.VIEW, pk=pk
    )
    may_respond = engine.can(request.user, Resource.ADVICE, Action.CHANGE)
    form = ResponseForm(request.POST or None)

    def show(f: Any, status: int) -> HttpResponse:
        audit.record(AuditAction.READ, advice, actor=request.user)
        return render(
            request,
            "advisory/advice_detail.html",
            {
                "advice": advice,
                "themes": advice.theme_list,
                "responses": advice.response_list,
                "form": f if may_respond else None,
            },
            status=status,
        )

    if request.method == "POST" and not may_respond:
        raise Http404
    return submit_form(
        request,
        form,
        lambda d: services.respond(request.user, advice.pk, d["body"]),
        done=lambda r: redirect("advisory:detail", advice.pk),
        show=show,
        success=_("Reactie vastgelegd."),
    )
