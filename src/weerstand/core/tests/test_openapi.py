"""The OpenAPI document describes every resource, its problem+json errors, and validates."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

PATHS = {
    "/api/v1/cases": {"get", "post"},
    "/api/v1/cases/{id}": {"get", "patch"},
    "/api/v1/cases/{id}/transitions": {"get", "post"},
    "/api/v1/cases/{id}/events": {"get"},
    "/api/v1/cases/om-transfers": {"post"},
    "/api/v1/persons": {"get", "post"},
    "/api/v1/persons/{id}": {"get"},
    "/api/v1/limitative-list-entries": {"get"},
}
METHODS = {"get", "post", "put", "patch", "delete", "head", "options"}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    """Fetched once over HTTP, as a client would: the document is public (no token)."""
    response = APIClient().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, op)
        for path, item in schema["paths"].items()
        for method, op in item.items()
        if method in METHODS
    ]


def test_it_is_openapi_3_with_every_resource_and_no_trailing_slashes(
    schema: dict[str, Any],
) -> None:
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["version"] == "1.0.0"
    for path, methods in PATHS.items():
        assert path in schema["paths"], path
        assert methods <= set(schema["paths"][path]), path
    assert not [p for p in schema["paths"] if p.endswith("/")]
    assert {"apiToken", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


def test_every_operation_documents_problem_responses(schema: dict[str, Any]) -> None:
    problem_ref = "#/components/schemas/Problem"
    for path, method, op in _operations(schema):
        responses = op["responses"]
        expected = {"401"} | ({"404"} if "{" in path else set())
        if method in ("post", "patch"):
            expected.add("400")
        assert expected <= set(responses), (path, method, sorted(responses))
        for status, response in responses.items():
            assert "API-Version" in response.get("headers", {}), (path, method, status)
            if status.startswith(("4", "5")):
                content = response["content"]
                assert list(content) == ["application/problem+json"], (path, method, status)
                assert content["application/problem+json"]["schema"]["$ref"] == problem_ref
    patch = schema["paths"]["/api/v1/cases/{id}"]["patch"]
    assert {"412", "428", "409", "403"} <= set(patch["responses"])
    assert any(p["name"] == "If-Match" and p["required"] for p in patch["parameters"])
    assert "ETag" in schema["paths"]["/api/v1/cases/{id}"]["get"]["responses"]["200"]["headers"]
    assert "409" in schema["paths"]["/api/v1/cases/{id}/transitions"]["post"]["responses"]


def test_the_problem_component(schema: dict[str, Any]) -> None:
    problem = schema["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail", "instance"} <= set(problem["required"])
    params = problem["properties"]["invalidParams"]
    assert params["type"] == "array"
    item = schema["components"]["schemas"]["InvalidParam"]
    assert set(item["required"]) == {"name", "code", "reason"}


def test_secret_person_fields_are_optional_in_the_document(schema: dict[str, Any]) -> None:
    detail = schema["components"]["schemas"]["PersonDetail"]
    optional = {"homeAddress", "phoneNumbers"}
    assert optional <= set(detail["properties"])
    # Weerstand stores no witness-protection identity (only a programme-cover record).
    assert "witnessProtectionIdentity" not in detail["properties"]
    assert not optional & set(detail.get("required", []))
    case = schema["components"]["schemas"]["Case"]
    assert "protectee" in case["properties"] and "protectee" not in case["required"]


def test_list_filters_are_documented(schema: dict[str, Any]) -> None:
    names = {p["name"] for p in schema["paths"]["/api/v1/cases"]["get"]["parameters"]}
    assert {
        "state",
        "phenomenon",
        "domain",
        "referredAfter",
        "referredBefore",
        "q",
        "ordering",
        "page",
        "pageSize",
    } <= names


def test_the_document_validates(schema: dict[str, Any]) -> None:
    validate_schema(schema)  # JSON Schema of OpenAPI 3.0, shipped with drf-spectacular
    try:
        from openapi_spec_validator import validate as spec_validate
    except ImportError:
        return  # the structural checks above and the JSON Schema validation still ran
    spec_validate(schema)


def test_schema_generation_has_no_warnings() -> None:
    out = io.StringIO()
    call_command("spectacular", "--fail-on-warn", "--validate", stdout=out, stderr=io.StringIO())
    assert "openapi" in out.getvalue()


@pytest.mark.django_db
def test_the_api_root_points_to_the_document() -> None:
    """A client that starts at `/api/v1` (no trailing slash, as every path) finds the document;
    the root is public and names no resource."""
    client = APIClient()
    response = client.get("/api/v1")
    assert response.status_code == 200
    assert response["API-Version"]
    body = response.json()
    assert body["_links"]["openapi"]["href"] == "/api/v1/openapi.json"
    assert client.get(body["_links"]["openapi"]["href"]).status_code == 200
    refused = client.post("/api/v1", {})
    assert refused.status_code == 405
    assert refused["Content-Type"].startswith("application/problem+json")
