"""The project's own error pages: no debug page for anyone, and problem+json under the API
even when the failure is unexpected and the caller holds an API token (issue 14, findings 8
and 9)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, RequestFactory

from weerstand import testing as t
from weerstand.core.api.problems import PROBLEM_CT
from weerstand.core.context_processors import navigation

pytestmark = pytest.mark.django_db

# Words of Django's technical 404/500 pages: the URL map and the settings must never show.
DEBUG_MARKERS = ("URLconf", "Using the URLconf", "DEBUG = True", "Traceback", "Request Method")


def _settings_debug(tmp_path: Path, **env: str) -> str:
    """DEBUG as `weerstand.settings` computes it for this environment (a fresh interpreter,
    so the environment is read as at start-up)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "WEERSTAND_"))}
    clean.update({"WEERSTAND_VAR_DIR": str(tmp_path), **env})
    out = subprocess.run(
        [sys.executable, "-c", "from weerstand import settings; print(settings.DEBUG)"],
        env=clean,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def test_the_demo_runs_without_debug_unless_a_developer_asks(tmp_path: Path) -> None:
    assert _settings_debug(tmp_path, WEERSTAND_MODE="demo") == "False"
    assert _settings_debug(tmp_path) == "False"  # demo is the default mode
    assert _settings_debug(tmp_path, WEERSTAND_MODE="demo", DJANGO_DEBUG="1") == "True"


@pytest.mark.parametrize(
    "asset", ["weerstand/weerstand.css", "django_htmx/htmx-2.min.js", "weerstand/favicon.svg"]
)
def test_the_demo_serves_its_static_files_with_debug_off(asset: str, settings: Any) -> None:
    assert settings.MODE == "demo" and not settings.DEBUG
    response = Client().get(f"/static/{asset}")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["/static/../settings.py", "/static/%2e%2e/settings.py"])
def test_static_serving_stays_inside_the_static_folders(path: str) -> None:
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code in (400, 404)
    assert b"SECRET_KEY" not in response.content and b"import" not in response.content


def test_an_unknown_page_is_the_projects_404_without_the_url_map() -> None:
    response = Client().get("/bestaat-niet/geheim")
    assert response.status_code == 404
    body = response.content.decode()
    assert "De gevraagde pagina bestaat niet." in body
    assert not any(marker in body for marker in DEBUG_MARKERS)
    assert "casussen/" not in body and "api/v1" not in body


def test_an_unknown_api_path_is_a_problem_404() -> None:
    response = Client().get("/api/v1/nonexistent")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM_CT
    assert response.json()["status"] == 404
    assert response.json()["code"] == "not-found"


def test_a_bad_host_is_the_projects_400() -> None:
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ongeldig verzoek" in body
    assert not any(marker in body for marker in DEBUG_MARKERS)


def test_a_refused_csrf_token_is_the_projects_403() -> None:
    response = Client(enforce_csrf_checks=True).post("/aanmelden", {"username": "x"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "U heeft geen toegang tot deze handeling." in body
    assert "CSRF verification" not in body and "Reason given" not in body
    assert not any(marker in body for marker in DEBUG_MARKERS)


def _crash(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("geheim detail uit de databank")


def test_an_unexpected_failure_under_a_token_is_a_problem_500(monkeypatch: Any) -> None:
    """The 500 page crashed on `user.is_verified()` for a token user (no django-otp binding),
    so the client got a bare text/plain "A server error occurred" instead of problem+json."""
    client = t.api_client(t.user("analyst"))
    client.raise_request_exception = False
    monkeypatch.setattr("weerstand.search.engine.run", _crash)
    response = client.get("/api/v1/search", {"q": "dreiging"})
    assert response.status_code == 500
    assert response["Content-Type"] == PROBLEM_CT
    body = response.json()
    assert (body["status"], body["code"]) == (500, "server-error")
    assert body["instance"].replace("-", "").endswith(response["X-Request-ID"])
    assert b"geheim" not in response.content and b"RuntimeError" not in response.content


def test_the_500_page_of_a_signed_in_user_is_the_projects_page(monkeypatch: Any) -> None:
    client = Client(raise_request_exception=False)
    t.login(client, t.user("analyst"))
    monkeypatch.setattr("weerstand.core.dashboard.dashboard_for", _crash)
    response = client.get("/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Probeer het later opnieuw." in body
    assert "geheim" not in body and not any(marker in body for marker in DEBUG_MARKERS)


def test_the_500_page_survives_a_broken_request_context(monkeypatch: Any) -> None:
    """When the page cannot even be rendered with the request's context (database down, a
    context processor failing), the plain version of the project's page still answers."""
    monkeypatch.setattr("weerstand.core.dashboard.dashboard_for", _crash)
    monkeypatch.setattr("weerstand.core.views.render", _crash)
    client = Client(raise_request_exception=False)
    t.login(client, t.user("analyst"))
    response = client.get("/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Probeer het later opnieuw." in body and "geheim" not in body


def test_navigation_does_not_crash_for_a_user_django_otp_never_saw() -> None:
    request = RequestFactory().get("/api/v1/cases")
    request.user = t.user("analyst")  # a token user: no `is_verified` bound to it
    assert navigation(request) == {"nav": {}}
