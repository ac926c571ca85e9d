"""The inspector's download of a case's signed package (the same service as the API)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from weerstand.core.decorators import requires
from weerstand.inspection import services


@login_required
@requires("inspection_export:view")
def case_export(request: HttpRequest, case_pk: int) -> HttpResponse:
    try:
        export = services.export_case(request.user, case_pk)
    except services.AuditChainUnverified as exc:
        messages.error(request, exc.detail)
        return redirect("cases:detail", case_pk)
    response = HttpResponse(export.data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "no-store"
    return response
