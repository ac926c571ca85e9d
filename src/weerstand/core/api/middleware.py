"""`API-Version` (and `Cache-Control: no-store`) on every `/api/v1/` response, and
problem+json for the errors Django answers before or after DRF (unknown URL, uncaught
exception), so a client never parses HTML."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from weerstand.core.api.problems import NOT_FOUND, PROBLEM_CT, problem_body

API_PREFIX = "/api/v1/"

_GENERIC: dict[int, tuple[str, str, str]] = {
    404: NOT_FOUND[1:],
    405: ("method-not-allowed", "Deze methode is hier niet toegestaan", ""),
    500: ("server-error", "Er ging iets mis", "Probeer het later opnieuw."),
}


def api_version() -> str:
    """The full version of the API; only the major version is in the URL."""
    return str(settings.SPECTACULAR_SETTINGS["VERSION"])


def is_api_path(path: str) -> bool:
    """`/api/v1` itself (the root, without a trailing slash) is as much the API as below it."""
    return path == API_PREFIX.rstrip("/") or path.startswith(API_PREFIX)


class ApiVersionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not is_api_path(request.path):
            return response
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith(
            PROBLEM_CT
        ):
            response = _as_problem(response)
        response["API-Version"] = api_version()
        if not response.has_header("Cache-Control"):
            # Protected content must not linger in shared or browser caches.
            response["Cache-Control"] = "no-store"
        return response


def _as_problem(original: HttpResponse) -> HttpResponse:
    status = original.status_code
    code, title, detail = _GENERIC.get(
        status, ("error", "Het verzoek kon niet worden verwerkt", "")
    )
    if status >= 500 and status not in _GENERIC:
        code, title, detail = _GENERIC[500]
    response = HttpResponse(
        json.dumps(problem_body(status, code, title, detail)),
        status=status,
        content_type=PROBLEM_CT,
    )
    if original.has_header("Allow"):
        response["Allow"] = original["Allow"]
    return response
