"""problem+json (RFC 9457) for every API error, as the API Design Rules ask.

One handler maps DRF exceptions, Django 404s and domain errors to problems. A forbidden
object answers exactly like an absent one (404, same body) so its existence does not leak.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions as drf_exc
from rest_framework.response import Response
from rest_framework.views import set_rollback

from weerstand.core import context
from weerstand.core.errors import DomainError
from weerstand.policy.engine import NoPrincipal

PROBLEM_CT = "application/problem+json"
TYPE_BASE = "https://weerstand.example/problemen/"


def problem(
    status: int,
    code: str,
    title: str,
    detail: str = "",
    invalid_params: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    body: dict[str, Any] = {
        "type": TYPE_BASE + code,
        "code": code,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": f"urn:uuid:{_uuid(context.current().request_id)}",
    }
    if invalid_params:
        body["invalidParams"] = invalid_params
    response = Response(body, status=status, content_type=PROBLEM_CT, headers=headers)
    return response


def _uuid(request_id: str) -> str:
    import uuid

    try:
        return str(uuid.UUID(request_id))
    except ValueError:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, request_id))


def not_found() -> Response:
    return problem(404, "not-found", "Niet gevonden", "De gevraagde resource bestaat niet.")


def exception_handler(exc: Exception, ctx: dict[str, Any]) -> Response | None:
    set_rollback()
    if isinstance(exc, Http404 | drf_exc.NotFound):
        return not_found()
    if isinstance(exc, NoPrincipal | drf_exc.NotAuthenticated | drf_exc.AuthenticationFailed):
        return problem(
            401,
            "not-authenticated",
            "Niet aangemeld",
            "Meld u aan met een geldig API-token.",
            headers={"WWW-Authenticate": 'Token realm="weerstand"'},
        )
    if isinstance(exc, DomainError):
        params = [
            {"name": p.name, "code": p.code, "reason": p.reason} for p in exc.invalid_params
        ]
        return problem(exc.status, exc.code, exc.title, exc.detail, params or None)
    if isinstance(exc, drf_exc.ValidationError):
        return problem(
            400,
            "invalid-params",
            "Invoer is niet geldig",
            "Een of meer velden zijn ongeldig.",
            _flatten(exc.detail),
        )
    if isinstance(exc, PermissionDenied | drf_exc.PermissionDenied):
        return problem(403, "forbidden", "Geen toegang", "U heeft geen toegang tot deze handeling.")
    if isinstance(exc, drf_exc.APIException):
        code = exc.default_code.replace("_", "-")
        return problem(exc.status_code, code, str(exc.default_detail), str(exc.detail))
    return None


def _flatten(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            out.extend(_flatten(value, name))
    elif isinstance(detail, list):
        for item in detail:
            if isinstance(item, dict | list):
                out.extend(_flatten(item, prefix))
            else:
                code = getattr(item, "code", "invalid")
                out.append({"name": prefix or "nonFieldErrors", "code": str(code), "reason": str(item)})
    else:
        out.append({"name": prefix or "nonFieldErrors", "code": "invalid", "reason": str(detail)})
    return out
