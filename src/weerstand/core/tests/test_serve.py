"""`weerstand serve` (issue 19): gunicorn with documented knobs, environment variables as
defaults; static files through whitenoise, hashed names cached for a year and compressed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from weerstand.core.management.commands.serve import gunicorn_options

KNOBS = {
    "--bind": "WEERSTAND_BIND",
    "--workers": "WEERSTAND_WORKERS",
    "--threads": "WEERSTAND_THREADS",
    "--timeout": "WEERSTAND_TIMEOUT",
    "--graceful-timeout": "WEERSTAND_GRACEFUL_TIMEOUT",
    "--max-requests": "WEERSTAND_MAX_REQUESTS",
    "--max-requests-jitter": "WEERSTAND_MAX_REQUESTS_JITTER",
}


def _options(**changes: Any) -> dict[str, Any]:
    base = {
        "bind": "127.0.0.1:8000",
        "workers": 2,
        "threads": 4,
        "timeout": 60,
        "graceful_timeout": 30,
        "max_requests": 2000,
        "max_requests_jitter": 200,
    }
    return base | changes


def _fresh_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WEERSTAND_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    return env | {"WEERSTAND_VAR_DIR": str(tmp_path), **extra}


def test_help_documents_every_knob_and_its_variable() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "weerstand", "serve", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    text = " ".join(out.split())
    for flag, variable in KNOBS.items():
        assert flag in text and variable in text, flag


def test_the_knobs_become_gunicorn_settings() -> None:
    opts = gunicorn_options(_options(workers=3, threads=8, bind="0.0.0.0:9000"))
    assert opts["worker_class"] == "gthread"
    assert opts["workers"] == 3 and opts["threads"] == 8 and opts["bind"] == ["0.0.0.0:9000"]
    assert opts["timeout"] == 60 and opts["graceful_timeout"] == 30
    assert opts["max_requests"] == 2000 and opts["max_requests_jitter"] == 200
    assert opts["accesslog"] is None, "our middleware writes the access line, without query"
    assert gunicorn_options(_options(max_requests=0))["max_requests_jitter"] == 0


@pytest.mark.parametrize(
    "changes",
    [{"workers": 0}, {"threads": 0}, {"timeout": 0}, {"max_requests": -1}, {"bind": "8000"}],
)
def test_nonsense_knobs_are_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(CommandError):
        gunicorn_options(_options(**changes))


def test_environment_variables_are_the_defaults(tmp_path: Path) -> None:
    env = _fresh_env(
        tmp_path, WEERSTAND_WORKERS="5", WEERSTAND_THREADS="3", WEERSTAND_BIND="127.0.0.1:9123"
    )
    out = subprocess.run(
        [sys.executable, "-m", "weerstand", "serve", "--check", "--timeout", "7"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=True,
    ).stdout
    assert "workers = 5" in out and "threads = 3" in out and "timeout = 7" in out
    assert "127.0.0.1:9123" in out


def test_check_prints_the_settings_without_serving() -> None:
    out = StringIO()
    call_command("serve", "--check", "--workers", "1", stdout=out)
    assert "worker_class = gthread" in out.getvalue() and "workers = 1" in out.getvalue()


def test_production_refuses_to_serve_with_demo_secrets(tmp_path: Path) -> None:
    env = _fresh_env(tmp_path, WEERSTAND_MODE="production")
    result = subprocess.run(
        [sys.executable, "-m", "weerstand", "serve", "--check"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode != 0
    assert "workers" not in result.stdout


@pytest.mark.once
def test_static_files_are_hashed_compressed_and_cached_for_a_year(tmp_path: Path) -> None:
    """In a fresh process with the manifest on (as `make run` and production): collectstatic,
    then the hashed stylesheet comes back gzip-compressed, immutable, with the page headers."""
    script = """
import json, django
django.setup()
from django.core.management import call_command
call_command("collectstatic", "--noinput", "-v0")
from django.templatetags.static import static
from django.test import Client
url = static("weerstand/weerstand.css")
hashed = Client().get(url, HTTP_ACCEPT_ENCODING="gzip")
plain = Client().get("/static/weerstand/weerstand.css")
print(json.dumps({
    "url": url,
    "status": hashed.status_code,
    "cache": hashed.get("Cache-Control", ""),
    "encoding": hashed.get("Content-Encoding", ""),
    "csp": hashed.get("Content-Security-Policy", ""),
    "nosniff": hashed.get("X-Content-Type-Options", ""),
    "plain_cache": plain.get("Cache-Control", ""),
}))
"""
    env = _fresh_env(tmp_path, WEERSTAND_STATIC_MANIFEST="1")
    env["DJANGO_SETTINGS_MODULE"] = "weerstand.settings"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300, env=env
    )
    assert result.returncode == 0, result.stderr[-2000:]
    got = json.loads(result.stdout.strip().splitlines()[-1])
    assert got["url"].startswith("/static/weerstand/weerstand.") and got["url"].count(".") == 2
    assert got["status"] == 200
    assert "immutable" in got["cache"] and "max-age=315360000" in got["cache"]
    assert got["encoding"] == "gzip"
    assert "default-src 'self'" in got["csp"] and got["nosniff"] == "nosniff"
    assert "immutable" not in got["plain_cache"], "an unhashed name is not cached for a year"
