"""problem+json (RFC 9457) for every API error, as the API Design Rules ask.

One handler maps DRF exceptions, Django 404s and domain errors to problems. A forbidden
object answers exactly like an absent one (404, same body but for `instance`) so its
existence does not leak. Every problem carries `instance`, a urn built from the request id
that is also in the logs and the audit trail, so a user's error report can be traced.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions as drf_exc
from rest_framework import status as http
from rest_framework.response import Response
from rest_framework.views import set_rollback

from weerstand.core import context
from weerstand.core.errors import DomainError
from weerstand.policy import probing
from weerstand.policy.engine import NoPrincipal

PROBLEM_CT = "application/problem+json"
TYPE_BASE = "https://weerstand.example/problemen/"


class PreconditionRequired(drf_exc.APIException):
    """A write that must name the version it builds on (If-Match) did not (RFC 6585)."""

    status_code = http.HTTP_428_PRECONDITION_REQUIRED
    default_code = "precondition_required"
    default_detail = "Stuur de ETag van de laatst gelezen versie mee in de If-Match-header."


# Dutch titles for the DRF exceptions a client can provoke; `code` is the problem type.
_DRF_TITLES: dict[str, str] = {
    "parse_error": "Het verzoek is geen geldige JSON",
    "method_not_allowed": "Deze methode is hier niet toegestaan",
    "not_acceptable": "Dit antwoordformaat wordt niet ondersteund",
    "unsupported_media_type": "Dit formaat van het verzoek wordt niet ondersteund",
    "throttled": "Te veel verzoeken",
    "precondition_required": "Versie ontbreekt (If-Match)",
}


def instance_urn() -> str:
    """The urn of the running request; the same id is in the logs and the audit trail."""
    request_id = context.current().request_id
    try:
        return f"urn:uuid:{uuid.UUID(request_id)}"
    except ValueError:
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, request_id)}"


def problem_body(
    status: int,
    code: str,
    title: str,
    detail: str = "",
    invalid_params: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": TYPE_BASE + code,
        "code": code,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": instance_urn(),
    }
    if invalid_params:
        body["invalidParams"] = invalid_params
    return body


def problem(
    status: int,
    code: str,
    title: str,
    detail: str = "",
    invalid_params: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    return Response(
        problem_body(status, code, title, detail, invalid_params),
        status=status,
        content_type=PROBLEM_CT,
        headers=headers,
    )


NOT_FOUND = (404, "not-found", "Niet gevonden", "De gevraagde resource bestaat niet.")


def not_found() -> Response:
    return problem(*NOT_FOUND)


def not_authenticated() -> Response:
    return problem(
        401,
        "not-authenticated",
        "Niet aangemeld",
        "Meld u aan met een geldig API-token.",
        headers={"WWW-Authenticate": 'Token realm="weerstand"'},
    )


def exception_handler(exc: Exception, ctx: dict[str, Any]) -> Response | None:
    set_rollback()
    if isinstance(exc, Http404 | drf_exc.NotFound):
        return not_found()
    if isinstance(exc, NoPrincipal | drf_exc.NotAuthenticated | drf_exc.AuthenticationFailed):
        # Never a hint about why (expired, revoked, locked): the answer is the same for all.
        return not_authenticated()
    if isinstance(exc, DomainError):
        if exc.status == 403:
            probing.action_refused(reason=exc.detail)
        params = [
            {"name": camel(p.name), "code": p.code, "reason": p.reason} for p in exc.invalid_params
        ]
        response = problem(exc.status, exc.code, exc.title, exc.detail, params or None)
        # Extension members (RFC 9457 section 3.2) a refusal carries, e.g. what is missing.
        response.data.update(getattr(exc, "extensions", {}))
        return response
    if isinstance(exc, drf_exc.ValidationError):
        return problem(
            400,
            "invalid-params",
            "Invoer is niet geldig",
            "Een of meer velden zijn ongeldig.",
            _flatten(exc.detail),
        )
    if isinstance(exc, PermissionDenied | drf_exc.PermissionDenied):
        probing.action_refused(reason="geen toegang")
        return problem(403, "forbidden", "Geen toegang", "U heeft geen toegang tot deze handeling.")
    if isinstance(exc, drf_exc.APIException):
        code = exc.default_code
        title = _DRF_TITLES.get(code, "Het verzoek kon niet worden verwerkt")
        headers = {}
        if isinstance(exc, drf_exc.Throttled):
            wait: float | None = exc.wait  # type: ignore[attr-defined]  # DRF sets it; stubs lack it
            if wait:
                headers["Retry-After"] = str(int(wait))
        return problem(
            exc.status_code, code.replace("_", "-"), title, str(exc.detail), None, headers
        )
    return None


def camel(name: str) -> str:
    """Domain services name fields in snake_case; the API's JSON names are camelCase."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _flatten(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """DRF's nested error dict as a flat `invalidParams` list with dotted names."""
    out: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            if key == "non_field_errors":
                key = "nonFieldErrors"
            name = f"{prefix}.{key}" if prefix else str(key)
            out.extend(_flatten(value, name))
    elif isinstance(detail, list):
        for item in detail:
            if isinstance(item, dict | list):
                out.extend(_flatten(item, prefix))
            else:
                code = str(getattr(item, "code", "invalid")).replace("_", "-")
                out.append({"name": prefix or "nonFieldErrors", "code": code, "reason": str(item)})
    else:
        code = str(getattr(detail, "code", "invalid")).replace("_", "-")
        out.append({"name": prefix or "nonFieldErrors", "code": code, "reason": str(detail)})
    return out
