"""Start page, health check and error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from weerstand.core.decorators import public, requires


@login_required
@requires("authenticated")
def home(request: HttpRequest) -> HttpResponse:
    from weerstand.core.dashboard import dashboard_for

    return render(request, "core/home.html", dashboard_for(request.user))


@public
def health(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        from weerstand.core.api.problems import PROBLEM_CT, not_found as problem

        resp = problem()
        return HttpResponse(
            _json(resp.data), status=404, content_type=PROBLEM_CT
        )
    return render(request, "core/error.html", {"status": 404, "title": "Niet gevonden"}, status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/error.html", {"status": 403, "title": "Geen toegang"}, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "core/error.html", {"status": 500, "title": "Er ging iets mis"}, status=500)


def _json(data: object) -> str:
    import json

    return json.dumps(data)
