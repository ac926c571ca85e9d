"""The API keeps its contract (API Design Rules): plural nouns in every path, every array a
page in the one pagination envelope, and `API-Version` on every answer, the root included."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import Resolver404, resolve

from weerstand import testing as t
from weerstand.core.api.problems import PROBLEM_CT

pytestmark = pytest.mark.django_db

RENAMED = {
    # old path (refused, no alias) -> the plural noun that replaced it
    "/api/v1/limitative-list": "/api/v1/limitative-list-entries",
    "/api/v1/assessments/1/challenge": "/api/v1/assessments/1/challenges",
    "/api/v1/signals/1/triage": "/api/v1/signals/1/triages",
}
PAGED = (
    "/api/v1/cases/{id}/transitions",
    "/api/v1/threat-products/{id}/versions",
    "/api/v1/plan-runs/{id}/prioritisation-confirmations",
)


@pytest.mark.parametrize(("old", "new"), sorted(RENAMED.items()))
def test_singular_paths_are_gone_and_their_plural_nouns_answer(old: str, new: str) -> None:
    with pytest.raises(Resolver404):
        resolve(old)
    assert (resolve(new).url_name or "").startswith("api-")
    analyst = t.api_client(t.user("analyst"))
    gone = analyst.get(old)
    assert gone.status_code == 404 and gone["Content-Type"] == PROBLEM_CT


def test_the_schema_names_only_the_plural_paths() -> None:
    paths = t.api_client().get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/limitative-list-entries" in paths
    assert "/api/v1/assessments/{id}/challenges" in paths
    assert "/api/v1/signals/{id}/triages" in paths
    for path in paths:
        assert not path.endswith(("/limitative-list", "/challenge", "/triage")), path


@pytest.mark.parametrize("path", PAGED)
def test_arrays_are_documented_as_pages(path: str) -> None:
    schema = t.api_client().get("/api/v1/openapi.json").json()
    get = schema["paths"][path]["get"]
    ref = get["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    page = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert set(page["required"]) == {"count", "next", "previous", "results"}
    assert page["properties"]["results"]["type"] == "array"
    assert {p["name"] for p in get["parameters"]} >= {"page", "pageSize"}
    assert "400" in get["responses"]


@pytest.mark.parametrize("who", ["anonymous", "analyst"])
def test_the_api_root_carries_the_version(who: str) -> None:
    client: Any = t.api_client(t.user("analyst")) if who == "analyst" else t.api_client()
    root = client.get("/api/v1")
    assert root.status_code == 200 and root["API-Version"] == "1.0.0"
    assert root["Content-Type"] == "application/json"
    assert root["Cache-Control"] == "no-store"
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200 and schema["API-Version"] == "1.0.0"


def test_a_web_path_that_merely_starts_alike_is_not_the_api() -> None:
    response = t.api_client().get("/api/v10")
    assert not response.has_header("API-Version")
