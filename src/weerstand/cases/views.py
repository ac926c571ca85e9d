"""Case pages. Thin: they ask the policy for rows and call domain services for changes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases.models import Case
from weerstand.cases.services import allowed_transitions
from weerstand.core.decorators import requires
from weerstand.policy import engine


@login_required
@requires("case:view")
def case_list(request: HttpRequest) -> HttpResponse:
    cases = Case.objects.visible_to(request.user).select_related("protectee")[:200]
    cases = list(cases)
    audit.record(AuditAction.LIST, object_type="cases.case", object_repr=f"{len(cases)} casussen",
                 changes={"ids": [c.pk for c in cases]})
    return render(request, "cases/list.html", {"cases": cases})


@login_required
@requires("case:view")
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = engine.get_for(Case.objects.select_related("protectee"), request.user, pk=pk)
    audit.record(AuditAction.READ, case)
    return render(
        request,
        "cases/detail.html",
        {"case": case, "events": case.events.all(), "transitions": allowed_transitions(request.user, case)},
    )


@login_required
@requires("case:create")
def refer(request: HttpRequest) -> HttpResponse:
    return render(request, "cases/refer.html", {})
