"""Every API error is problem+json (RFC 9457) with a traceable `instance`, and every API
response carries `API-Version`."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from rest_framework import exceptions as drf_exc

from weerstand import testing as t
from weerstand.core import context
from weerstand.core.api.middleware import ApiVersionMiddleware
from weerstand.core.api.problems import PROBLEM_CT, camel, exception_handler
from weerstand.core.errors import (
    ConcurrencyConflict,
    InvalidParam,
    InvalidTransition,
    NotPermitted,
    ValidationFailed,
    VersionMismatch,
)

pytestmark = pytest.mark.django_db

REQUIRED = {"type", "title", "status", "detail", "instance"}


def _check(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM_CT
    assert response["API-Version"] == "1.0.0"
    body = response.json()
    assert set(body) >= REQUIRED
    assert body["status"] == status
    assert body["type"].endswith(body["code"])
    # The instance urn is the request id, which is also in the logs and the audit trail.
    assert body["instance"].replace("-", "").endswith(response["X-Request-ID"])
    return body


@pytest.fixture
def client() -> Any:
    analyst = t.user("analyst")
    t.case(t.user("police_liaison"), owner=analyst)
    return t.api_client(analyst)


def test_success_and_errors_carry_the_api_version(client: Any) -> None:
    ok = client.get("/api/v1/cases")
    assert ok.status_code == 200 and ok["API-Version"] == "1.0.0"
    assert ok["Cache-Control"] == "no-store"
    assert t.api_client().get("/api/v1/openapi.json")["API-Version"] == "1.0.0"


@pytest.mark.parametrize(
    ("method", "url", "kwargs", "status", "code"),
    [
        ("get", "/api/v1/nothing-here", {}, 404, "not-found"),
        ("get", "/api/v1/cases/", {}, 404, "not-found"),  # no trailing slashes
        ("get", "/api/v1/cases/abc", {}, 404, "not-found"),
        ("delete", "/api/v1/cases/1", {}, 405, "method-not-allowed"),
        ("options", "/api/v1/cases", {}, 405, "method-not-allowed"),
        ("put", "/api/v1/cases/1", {"data": {}}, 405, "method-not-allowed"),
        (
            "post",
            "/api/v1/cases",
            {"data": "{nope", "content_type": "application/json"},
            400,
            "parse-error",
        ),
        (
            "post",
            "/api/v1/cases",
            {"data": {"a": "b"}, "format": "multipart"},
            415,
            "unsupported-media-type",
        ),
        ("get", "/api/v1/cases?state=unknown", {}, 400, "invalid-params"),
    ],
)
def test_errors_are_problems(
    client: Any, method: str, url: str, kwargs: dict[str, Any], status: int, code: str
) -> None:
    body = _check(getattr(client, method)(url, **kwargs), status)
    assert body["code"] == code
    if status == 400 and code == "invalid-params":
        assert body["invalidParams"] == [
            {
                "name": "state",
                "code": "invalid-choice",
                "reason": body["invalidParams"][0]["reason"],
            }
        ]


def test_the_405_says_which_methods_are_allowed(client: Any) -> None:
    response = client.delete("/api/v1/cases")
    _check(response, 405)
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "POST", "HEAD"}


def test_unauthenticated_is_401_without_data() -> None:
    body = _check(t.api_client().get("/api/v1/cases"), 401)
    assert set(body) == {"type", "code", "title", "status", "detail", "instance"}


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [
        (
            ValidationFailed(
                "x", invalid_params=[InvalidParam("local_authority", "required", "r")]
            ),
            400,
            "validation-failed",
        ),
        (NotPermitted("x"), 403, "not-permitted"),
        (InvalidTransition("x"), 409, "invalid-transition"),
        (ConcurrencyConflict("x"), 412, "concurrency-conflict"),
        (VersionMismatch("x"), 409, "concurrency-conflict"),
        (drf_exc.Throttled(wait=30), 429, "throttled"),
    ],
)
def test_domain_errors_map_to_their_status(exc: Exception, status: int, code: str) -> None:
    with context.use(context.RequestContext(request_id="a" * 32)):
        response = exception_handler(exc, {})
    assert response is not None
    assert (response.status_code, response.data["code"]) == (status, code)
    assert response.data["instance"] == "urn:uuid:aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"
    if isinstance(exc, ValidationFailed):
        assert response.data["invalidParams"] == [
            {"name": "localAuthority", "code": "required", "reason": "r"}
        ]
    if isinstance(exc, drf_exc.Throttled):
        assert response["Retry-After"] == "30"


def test_unknown_exceptions_are_left_to_django() -> None:
    assert exception_handler(RuntimeError("boom"), {}) is None


def test_a_server_error_under_the_api_becomes_a_problem_without_details() -> None:
    def crash(request: Any) -> HttpResponse:
        return HttpResponse("<h1>Traceback: secret stuff</h1>", status=500)

    response = ApiVersionMiddleware(crash)(RequestFactory().get("/api/v1/cases"))
    assert response.status_code == 500
    assert response["Content-Type"] == PROBLEM_CT
    assert b"secret" not in response.content
    web = ApiVersionMiddleware(crash)(RequestFactory().get("/casussen/"))
    assert web["Content-Type"].startswith("text/html") and not web.has_header("API-Version")


@pytest.mark.parametrize(
    ("snake", "camel_case"),
    [
        ("reason", "reason"),
        ("local_authority", "localAuthority"),
        ("newProtectee.date_of_birth", "newProtectee.dateOfBirth"),
    ],
)
def test_domain_field_names_become_camel_case(snake: str, camel_case: str) -> None:
    assert camel(snake) == camel_case
