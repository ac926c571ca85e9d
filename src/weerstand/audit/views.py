"""Who looked at a case and when: for its owner and for inspectors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction, AuditRecord
from weerstand.core.decorators import requires
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource


@login_required
@requires("case_audit:view")
def case_access_log(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = engine.get_for(engine.case_model()._default_manager.all(), request.user, pk=case_pk)
    if not engine.can(request.user, Resource.CASE_AUDIT, Action.VIEW, case):
        raise Http404
    records = AuditRecord.objects.filter(case_id=case.pk).order_by("-seq")[:500]
    audit.record(AuditAction.READ, case, reason="toegangslog ingezien")
    return render(request, "audit/case_log.html", {"case": case, "records": records})
