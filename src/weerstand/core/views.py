"""Start page, alerts, aggregates, health check and error pages."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from weerstand.core.decorators import public, requires


@login_required
@requires("authenticated")
def home(request: HttpRequest) -> HttpResponse:
    from weerstand.core.dashboard import dashboard_for

    return render(request, "core/home.html", dashboard_for(request.user))


@login_required
@require_POST
@requires("authenticated")
def alert_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of the user's own alerts as read (404 for anyone else's)."""
    from weerstand.core.dashboard import mark_alert_read

    mark_alert_read(request.user, pk)
    messages.success(request, _("De melding is als gelezen gemarkeerd."))
    return redirect("core:home")


@public
def health(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """One body for 'absent' and 'not yours': the exception text is never shown."""
    if request.path.startswith("/api/"):
        from weerstand.core.api.problems import PROBLEM_CT
        from weerstand.core.api.problems import not_found as problem

        resp = problem()
        return HttpResponse(json.dumps(resp.data), status=404, content_type=PROBLEM_CT)
    context = {"status": 404, "title": _("Niet gevonden")}
    return render(request, "core/error.html", context, status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    context = {"status": 403, "title": _("Geen toegang")}
    return render(request, "core/error.html", context, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(
        request, "core/error.html", {"status": 500, "title": _("Er ging iets mis")}, status=500
    )
