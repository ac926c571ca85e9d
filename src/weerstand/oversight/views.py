"""The quality monitor's pages: every indicator per period (table, chart with the table as its
alternative) and the drill-down to the cases behind one figure, within need-to-know.

Thin: the figures and the drill-down come from `oversight.selectors` (audited there); a role
without the monitor grant gets a 404 (`@requires`)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from weerstand.core.decorators import requires
from weerstand.core.errors import NotPermitted
from weerstand.oversight import indicators, selectors
from weerstand.oversight.forms import PeriodForm
from weerstand.oversight.periods import KINDS, period_of


@login_required
@require_GET
@requires("quality_monitor:view")
def monitor(request: HttpRequest) -> HttpResponse:
    form = PeriodForm.from_query(request.GET)
    series: list[selectors.Series] = []
    status = 200
    if form.is_valid():
        d = form.cleaned_data
        series = selectors.monitor(request.user, d["period"], d["start"], d["end"])
    else:
        status = 400
    return render(
        request,
        "oversight/monitor.html",
        {"form": form, "series": series, "period_kind": form.data.get("period", "quarter")},
        status=status,
    )


@login_required
@require_GET
@requires("quality_monitor:view")
def drilldown(request: HttpRequest, code: str) -> HttpResponse:
    if code not in indicators.INDICATORS or not indicators.INDICATORS[code].drilldown:
        raise Http404("Niet gevonden")
    kind = request.GET.get("period", "quarter")
    try:
        start = date.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        start = None
    if kind not in KINDS or start is None:
        raise Http404("Niet gevonden")
    period = period_of(kind, start)
    try:
        result = selectors.drilldown(request.user, code, period)
    except NotPermitted as exc:
        raise Http404("Niet gevonden") from exc
    return render(request, "oversight/drilldown.html", {"d": result})
