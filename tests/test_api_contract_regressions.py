"""What fuzzing the API found, each as a fast, plain test (issue 14, "an API that keeps its
contract"); `tests/test_api_contract.py` runs the fuzzer itself.

- integer filters beyond the database's range are a 400 problem, never a 500;
- the server's own `next` link and `pageSize` are accepted by every paginated list;
- the OpenAPI document tells the truth: nullable timestamps are nullable, `/search` answers one
  page object, every operation lists the statuses it can answer (as problem+json), request
  objects refuse unknown fields (`additionalProperties: false`) and so does the server, nested
  objects included; JSON keys are camelCase (`partnerReference`);
- downloads are negotiated: `Accept: application/octet-stream` (and the file's own type) are
  served, anything else is a 406 problem;
- `If-Match: *` is answered as documented: 428 where a version is required, no check where
  If-Match is optional.
"""

from __future__ import annotations

import base64
import json
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import get_resolver
from rest_framework.test import APIClient

from weerstand import testing as t

PROBLEM = "application/problem+json"
TOO_BIG = "9223372036854775808"  # 2**63: one past PostgreSQL's bigint
METHODS = ("get", "post", "put", "patch", "delete")


def _is_problem(response: Any, status: int) -> bool:
    return response.status_code == status and response["Content-Type"].startswith(PROBLEM)


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    response = APIClient().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, op)
        for path, item in document["paths"].items()
        for method, op in item.items()
        if method in METHODS
    ]


# --- integer filters without bounds -----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/assessments",
        "/api/v1/decisions",
        "/api/v1/gaps",
        "/api/v1/signals",
        "/api/v1/threat-products",
    ],
)
@pytest.mark.parametrize("value", [TOO_BIG, f"-{TOO_BIG}1"])
def test_an_integer_filter_past_the_database_range_is_a_400_problem(path: str, value: str) -> None:
    api = t.api_client(t.user("analyst", "senior_analyst", "decision_maker"))
    response = api.get(path, {"case": value})
    assert _is_problem(response, 400), (path, response.status_code, response.content[:200])
    assert [p["name"] for p in response.json()["invalidParams"]] == ["case"]


# --- pagination parameters --------------------------------------------------------------------


def _walk(patterns: list[Any], prefix: str = "/") -> list[tuple[str, Any]]:
    """(route, pattern) of every URL pattern, includes resolved."""
    out = []
    for p in patterns:
        route = prefix + str(p.pattern)
        out.extend(_walk(p.url_patterns, route) if hasattr(p, "url_patterns") else [(route, p)])
    return out


def _paginated_list_routes() -> list[str]:
    """Every `/api/v1/` URL without path parameters whose GET is a paginated `list`."""
    out = []
    for route, pattern in _walk(get_resolver().url_patterns):
        if not route.startswith("/api/v1/") or "<" in route:
            continue
        actions = getattr(pattern.callback, "actions", None) or {}
        initkwargs = getattr(pattern.callback, "initkwargs", {})
        if actions.get("get") == "list" and initkwargs.get("pagination_class", 1) is not None:
            out.append(route)
    return sorted(out)


def test_the_list_routes_are_found() -> None:
    routes = _paginated_list_routes()
    assert "/api/v1/decisions" in routes and "/api/v1/security-assignments" in routes


@pytest.mark.django_db
def test_every_paginated_list_accepts_page_and_page_size() -> None:
    """`page` and `pageSize` are known to every list's strict query validation."""
    inspector = t.user("inspector")  # reads widely; a role without a grant gets 404 anyway
    api = t.api_client(inspector)
    for path in _paginated_list_routes():
        response = api.get(path, {"page": 1, "pageSize": 5})
        assert response.status_code in (200, 400, 404), (path, response.content[:300])
        if response.status_code == 400:  # e.g. /search without `q`: but never for paging
            names = {p["name"] for p in response.json()["invalidParams"]}
            assert not names & {"page", "pageSize"}, (path, names)
        if response.status_code == 200:
            assert {"count", "next", "previous", "results"} <= set(response.json()), path


@pytest.mark.django_db
def test_the_servers_own_next_link_is_followed_on_decisions_and_assignments() -> None:
    from weerstand.decisions import services
    from weerstand.decisions.tests import builders as b

    w = b.world()
    for _ in range(2):
        case, _assessment = b.decided_case(w)
        decision = services.create_decision(w.dm1, case.pk, b.start_data(w))
        services.approve_decision(w.dm2, decision.pk)
    api = t.api_client(w.dm1)
    first = api.get("/api/v1/decisions", {"pageSize": 1})
    assert first.status_code == 200 and first.json()["count"] >= 2
    following = api.get(first.json()["next"])
    assert following.status_code == 200, following.content[:300]
    assert following.json()["results"] and following.json()["previous"]
    assert api.get("/api/v1/decisions", {"page": 2, "pageSize": 1}).status_code == 200

    lcc = t.api_client(w.lcc)
    assignments = lcc.get("/api/v1/security-assignments", {"pageSize": 1})
    assert assignments.status_code == 200, assignments.content[:300]
    assert assignments.json()["count"] >= 2 and assignments.json()["next"]
    assert lcc.get(assignments.json()["next"]).status_code == 200


# --- what the document says -------------------------------------------------------------------


NULLABLE = {
    "Signal": ("triagedAt", "escalatedAt"),
    "InformationRequest": ("answeredAt", "escalatedAt"),
    "AssessmentListItem": ("finalisedAt", "nextRecalibration"),
    "Assessment": ("finalisedAt", "nextRecalibration"),
}


def test_nullable_timestamps_are_nullable_in_the_document(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    for component, fields in NULLABLE.items():
        for name in fields:
            assert schemas[component]["properties"][name].get("nullable") is True, (
                component,
                name,
            )


def test_no_response_field_reads_a_nullable_column_without_saying_so() -> None:
    """Every read-only field of a viewset's serializers whose source is a nullable column
    (directly or through a nullable relation) is `allow_null`, so the document says
    `nullable` before a client meets a null."""
    from django.core.exceptions import FieldDoesNotExist
    from rest_framework import serializers

    found: list[str] = []
    seen: set[tuple[type, type]] = set()

    def check(serializer_class: type, model: type, where: str) -> None:
        if (serializer_class, model) in seen:
            return
        seen.add((serializer_class, model))
        for name, field in serializer_class().fields.items():
            if not field.read_only or field.source == "*":
                continue
            current, nullable, column = model, False, None
            for part in field.source.split("."):
                try:
                    column = current._meta.get_field(part)
                except (FieldDoesNotExist, AttributeError):
                    column = None
                    break
                nullable = nullable or bool(getattr(column, "null", False))
                if column.is_relation:
                    current = column.related_model
            if column is None:
                continue
            if isinstance(field, serializers.Serializer):
                check(type(field), current, f"{where}.{name}")
            elif (
                nullable
                and not field.allow_null
                and not isinstance(field, serializers.ListSerializer)
            ):
                found.append(f"{where}.{name} ({field.source})")

    for _route, pattern in _walk(get_resolver().url_patterns):
        viewset = getattr(pattern.callback, "cls", None)
        model = getattr(viewset, "model", None)
        if model is None:
            continue
        for attr in ("list_serializer", "detail_serializer"):
            serializer_class = getattr(viewset, attr, None)
            if serializer_class is not None:
                check(serializer_class, model, serializer_class.__name__)
    assert not found, found


def test_search_is_documented_as_the_page_object_it_answers(document: dict[str, Any]) -> None:
    ok = document["paths"]["/api/v1/search"]["get"]["responses"]["200"]
    schema = ok["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/SearchPage"}
    page = document["components"]["schemas"]["SearchPage"]
    assert {"count", "next", "previous", "results", "facets"} <= set(page["properties"])


def test_every_operation_documents_the_generic_statuses(document: dict[str, Any]) -> None:
    problem = {"$ref": "#/components/schemas/Problem"}
    for path, method, op in _operations(document):
        responses = op["responses"]
        expected = {"400", "401", "403", "404", "405", "406", "500"}
        if method in ("post", "put", "patch"):
            expected.add("415")
        if_match = [p for p in op.get("parameters", []) if p["name"] == "If-Match"]
        if if_match:
            expected.add("412")
        if any(p.get("required") for p in if_match):
            expected.add("428")
        assert expected <= set(responses), (method, path, sorted(expected - set(responses)))
        for status in expected:
            assert responses[status]["content"] == {PROBLEM: {"schema": problem}}, (path, status)


def test_request_objects_refuse_unknown_fields_in_the_document(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    bodies = 0
    for path, method, op in _operations(document):
        content = op.get("requestBody", {}).get("content", {}).get("application/json")
        if not content or "$ref" not in content["schema"]:
            continue
        bodies += 1
        name = content["schema"]["$ref"].rsplit("/", 1)[-1]
        assert schemas[name].get("additionalProperties") is False, (method, path, name)
    assert bodies > 30
    # nested request objects too
    assert schemas["EntityInputRequest"]["additionalProperties"] is False


def test_the_import_report_is_camel_case(document: dict[str, Any]) -> None:
    record = document["components"]["schemas"]["ImportRecordResult"]
    assert "partnerReference" in record["properties"]
    assert "partner_reference" not in record["properties"]


# --- the server does what the document says ---------------------------------------------------


@pytest.fixture
def info(db: None) -> SimpleNamespace:
    from weerstand.information.legal_bases import ensure_default_legal_bases

    ensure_default_legal_bases()
    police = t.org("police", code="pol")
    liaison = t.user("police_liaison", organisation=police)
    analyst = t.user("analyst")
    case = t.case(t.user("mayor"), team=(liaison, analyst), state="assessment")
    return SimpleNamespace(police=police, liaison=liaison, analyst=analyst, case=case)


def _product_body(case: Any, **extra: Any) -> dict[str, Any]:
    return {
        "title": "Observatie bij de woning",
        "legalBasis": "wpg-19",
        "reliability": "B",
        "credibility": 2,
        "cases": [case.reference],
        "attachments": [
            {
                "filename": "pv.txt",
                "contentType": "text/plain",
                "contentBase64": base64.b64encode(b"Proces-verbaal").decode(),
            }
        ],
        **extra,
    }


def test_an_unknown_field_in_a_nested_object_is_a_400(info: SimpleNamespace) -> None:
    from weerstand.information.models import ThreatProduct

    api = t.api_client(info.liaison)
    body = _product_body(info.case, entities=[{"kind": "vehicle", "value": "GX-1", "colour": 1}])
    response = api.post("/api/v1/threat-products", body)
    assert _is_problem(response, 400), response.content[:300]
    names = [p["name"] for p in response.json()["invalidParams"]]
    assert names == ["entities[0].colour"]
    assert not ThreatProduct.objects.exists()
    top = api.post("/api/v1/threat-products", _product_body(info.case, colour=1))
    assert _is_problem(top, 400) and top.json()["invalidParams"][0]["name"] == "colour"


def test_the_import_report_answers_partner_reference_in_camel_case(info: SimpleNamespace) -> None:
    record = {
        "partner_reference": "PRT-1",
        "title": "Observatie",
        "legal_basis": "wpg-19",
        "reliability": "B",
        "credibility": 2,
    }
    api = t.api_client(info.liaison)
    response = api.post("/api/v1/product-imports", {"records": [record]})
    assert response.status_code == 200, response.content[:300]
    (entry,) = response.json()["records"]
    assert entry["partnerReference"] == "PRT-1" and "partner_reference" not in entry


def _attachment(info: SimpleNamespace) -> Any:
    api = t.api_client(info.liaison)
    created = api.post("/api/v1/threat-products", _product_body(info.case))
    assert created.status_code == 201, created.content[:300]
    return created.json()["attachments"][0]["id"]


@pytest.mark.parametrize(
    ("accept", "served"),
    [
        ("application/octet-stream", "application/octet-stream"),
        ("text/plain", "text/plain; charset=utf-8"),
        ("*/*", "text/plain; charset=utf-8"),
        ("application/pdf, application/octet-stream;q=0.5", "application/octet-stream"),
        (None, "text/plain; charset=utf-8"),
    ],
)
def test_an_attachment_is_served_as_the_client_accepts(
    info: SimpleNamespace, accept: str | None, served: str
) -> None:
    from weerstand.audit.models import AuditRecord

    pk = _attachment(info)
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    exports = AuditRecord.objects.filter(action="export").count()
    response = t.api_client(info.analyst).get(f"/api/v1/attachments/{pk}", **headers)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == served
    assert response.content == b"Proces-verbaal"
    assert response["Content-Disposition"].startswith("attachment;")
    assert AuditRecord.objects.filter(action="export").count() == exports + 1


@pytest.mark.parametrize(
    "accept", ["application/json", "image/png", "application/octet-stream;q=0"]
)
def test_an_attachment_refuses_what_it_cannot_be_served_as(
    info: SimpleNamespace, accept: str
) -> None:
    from weerstand.audit.models import AuditRecord

    pk = _attachment(info)
    exports = AuditRecord.objects.filter(action="export").count()
    response = t.api_client(info.analyst).get(f"/api/v1/attachments/{pk}", HTTP_ACCEPT=accept)
    assert _is_problem(response, 406), (response.status_code, response.content[:200])
    assert b"Proces-verbaal" not in response.content
    # Nothing was given out, so nothing is recorded as given out.
    assert AuditRecord.objects.filter(action="export").count() == exports


def test_downloads_document_the_types_they_serve(document: dict[str, Any]) -> None:
    attachment = document["paths"]["/api/v1/attachments/{id}"]["get"]["responses"]["200"]
    assert {"application/octet-stream", "application/pdf", "text/plain"} <= set(
        attachment["content"]
    )
    report = document["paths"]["/api/v1/assessments/{id}/report.pdf"]["get"]["responses"]["200"]
    assert set(report["content"]) == {"application/pdf", "application/octet-stream"}
    letter = document["paths"]["/api/v1/decisions/{id}/letter"]["get"]["responses"]["200"]
    assert set(letter["content"]) == {"application/pdf", "application/octet-stream"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept", "status", "served"),
    [
        ("application/pdf", 200, "application/pdf"),
        ("application/octet-stream", 200, "application/octet-stream"),
        ("application/json", 406, PROBLEM),
    ],
)
def test_the_assessment_report_is_negotiated(accept: str, status: int, served: str) -> None:
    from weerstand.assessments.tests import builders as b

    w = b.world()
    a = b.drafted(w)
    response = t.api_client(w.author).get(
        f"/api/v1/assessments/{a.pk}/report.pdf", HTTP_ACCEPT=accept
    )
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == served
    if status == 200:
        assert response.content.startswith(b"%PDF")


# --- If-Match: * ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_if_match_star_is_a_428_where_a_version_is_required(document: dict[str, Any]) -> None:
    referrer = t.user("analyst")
    case = t.case(referrer, owner=referrer)
    patch = document["paths"]["/api/v1/cases/{id}"]["patch"]
    (if_match,) = [p for p in patch["parameters"] if p["name"] == "If-Match"]
    assert if_match["required"] and "`*`" in if_match["description"]
    assert "428" in patch["responses"]
    response = t.api_client(referrer).patch(
        f"/api/v1/cases/{case.pk}", {"codename": "Kievit"}, HTTP_IF_MATCH="*"
    )
    assert _is_problem(response, 428)


@pytest.mark.django_db
def test_if_match_star_is_no_check_where_if_match_is_optional(document: dict[str, Any]) -> None:
    from weerstand.decisions import services
    from weerstand.decisions.tests import builders as b

    approvals = document["paths"]["/api/v1/decisions/{id}/approvals"]["post"]
    (if_match,) = [p for p in approvals["parameters"] if p["name"] == "If-Match"]
    assert not if_match.get("required") and "`*`" in if_match["description"]
    assert "428" not in approvals["responses"]

    w = b.world()
    case, _assessment = b.decided_case(w)
    decision = services.create_decision(w.dm1, case.pk, b.start_data(w))
    response = t.api_client(w.dm2).post(
        f"/api/v1/decisions/{decision.pk}/approvals",
        {"outcome": "approved", "reason": ""},
        HTTP_IF_MATCH="*",
    )
    assert response.status_code == 201, response.content[:300]
    assert response.json()["status"] in ("approved", "in_force")


# --- empty query values -----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/v1/gaps", "status"),
        ("/api/v1/gaps", "case"),
        ("/api/v1/information-requests", "status"),
        ("/api/v1/information-requests", "overdue"),
        ("/api/v1/persons", "q"),
        ("/api/v1/catalogue/measures", "phenomenon"),
        ("/api/v1/catalogue/packages", "phenomenon"),
        ("/api/v1/threat-products", "handling"),
        ("/api/v1/decisions", "page"),
        ("/api/v1/decisions", "pageSize"),
    ],
)
def test_an_empty_query_value_is_a_400_not_no_filter(path: str, name: str) -> None:
    """The document says these need a value (minLength 1, an enum, a number, a boolean);
    an empty one must not pass silently as 'no filter'."""
    roles = ("analyst", "senior_analyst", "decision_maker", "police_liaison")
    api = t.api_client(t.user(*roles))
    response = api.get(f"{path}?{name}=")
    assert _is_problem(response, 400), (path, name, response.status_code)
    assert [p["name"] for p in response.json()["invalidParams"]] == [name]


@pytest.mark.django_db
def test_a_signal_from_centuries_ago_is_refused() -> None:
    """A year 0390 was stored and then written back with the zone's local mean time offset
    (+00:19:32), which is no valid date-time in the document."""
    api = t.api_client(t.user("analyst"))
    body = {
        "what": "Een auto reed twee keer langs.",
        "happenedAt": "0390-06-28T22:39:53-15:52",
        "certainty": "fairly_sure",
    }
    response = api.post("/api/v1/signals", body)
    assert _is_problem(response, 400), response.content[:300]
    assert [p["name"] for p in response.json()["invalidParams"]] == ["happenedAt"]
    ok = api.post("/api/v1/signals", {**body, "happenedAt": "2026-01-05T10:00:00+01:00"})
    assert ok.status_code == 201 and ok.json()["happenedAt"].startswith("2026-01-05T10:00:00")


@pytest.mark.django_db
def test_an_organisation_code_with_a_nul_character_is_a_400() -> None:
    """PostgreSQL cannot hold NUL in text: the fuzzer sent `prosecutorOffice: "\\u00a6\\u0000"`
    and the lookup of the code raised a 500 before any rule ran."""
    api = t.api_client(t.user("decision_maker"))
    response = api.post("/api/v1/decisions", {"prosecutorOffice": "a\u0000b", "case": 1})
    assert _is_problem(response, 400), response.content[:300]
    assert "prosecutorOffice" in [p["name"] for p in response.json()["invalidParams"]]


@pytest.mark.django_db
def test_a_nul_character_in_any_string_query_parameter_is_no_server_error(
    document: dict[str, Any],
) -> None:
    """The same for every string query parameter of every list: a 400 (or an empty answer),
    never a 500 from the database."""
    api = t.api_client(t.user("analyst", "senior_analyst", "decision_maker", "police_liaison"))
    tried = 0
    for path, method, op in _operations(document):
        if method != "get" or "{" in path:
            continue
        for param in op.get("parameters", []):
            schema = param.get("schema", {})
            if param.get("in") != "query" or schema.get("type") != "string":
                continue
            response = api.get(path, {param["name"]: "a\x00b"})
            tried += 1
            assert response.status_code < 500, (path, param["name"], response.status_code)
    assert tried > 10


@pytest.mark.django_db
def test_a_nul_character_in_a_query_is_a_problem_in_the_api_and_a_400_page_on_the_web(
    client: Any,
) -> None:
    api = t.api_client(t.user("analyst"))
    response = api.get("/api/v1/search", {"q": "a\x00b"})
    assert _is_problem(response, 400)
    assert [p["name"] for p in response.json()["invalidParams"]] == ["q"]
    assert response["API-Version"]
    t.login(client, t.user("analyst"))
    page = client.get("/zoeken/", {"q": "a\x00b"})
    assert page.status_code == 400 and b"<html" in page.content.lower()
