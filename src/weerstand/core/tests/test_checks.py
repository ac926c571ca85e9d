"""Production refuses to start on demo secrets, DEBUG or SQLite; a sound config starts.

Each case is a real `django.setup()` in a fresh interpreter with only the environment given
here, exactly as a server would start. The interpreters run side by side to keep this fast.
"""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from weerstand import settings as real
from weerstand.core import checks

DEMO_FIELD_KEY = real.DEMO_FIELD_KEYS.split(":", 1)[1]
DEMO_NAMES = {
    "DEMO_SECRET_KEY": real.DEMO_SECRET_KEY,
    "DEMO_FIELD_KEYS": real.DEMO_FIELD_KEYS,
    "DEMO_AUDIT_SIGNING_KEY": real.DEMO_AUDIT_SIGNING_KEY,
}


def _b64key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def production_env() -> dict[str, str]:
    """A production configuration with freshly generated secrets and PostgreSQL."""
    return {
        "WEERSTAND_MODE": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "WEERSTAND_FIELD_KEYS": f"1:{_b64key()},2:{_b64key()}",
        "WEERSTAND_AUDIT_SIGNING_KEY": _b64key(),
        "DATABASE_URL": "postgres://weerstand:secret@db.internal:5432/weerstand",
        "DJANGO_ALLOWED_HOSTS": "weerstand.example.nl",
    }


DROP = object()

CASES: dict[str, tuple[dict[str, object], str | None]] = {
    "sound production config": ({}, None),
    "demo mode with every default": (
        {
            k: DROP
            for k in (
                "WEERSTAND_MODE",
                "DJANGO_SECRET_KEY",
                "WEERSTAND_FIELD_KEYS",
                "WEERSTAND_AUDIT_SIGNING_KEY",
                "DATABASE_URL",
            )
        },
        None,
    ),
    "debug": ({"DJANGO_DEBUG": "true"}, "DJANGO_DEBUG is on"),
    "demo secret key": ({"DJANGO_SECRET_KEY": DROP}, "DJANGO_SECRET_KEY is the demo key"),
    "demo field key": (
        {"WEERSTAND_FIELD_KEYS": DROP},
        "WEERSTAND_FIELD_KEYS contains the demo key",
    ),
    "demo audit signing key": (
        {"WEERSTAND_AUDIT_SIGNING_KEY": DROP},
        "WEERSTAND_AUDIT_SIGNING_KEY is the demo key",
    ),
    "sqlite": ({"DATABASE_URL": DROP}, "production needs PostgreSQL"),
}


def _env(changes: dict[str, object], var_dir: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("WEERSTAND_", "DJANGO_", "DATABASE_URL"))
    }
    env.update(production_env())
    env["DJANGO_SETTINGS_MODULE"] = "weerstand.settings"
    env["WEERSTAND_VAR_DIR"] = str(var_dir)
    for key, value in changes.items():
        if value is DROP:
            env.pop(key, None)
        else:
            env[key] = str(value)
    return env


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory) -> dict[str, subprocess.CompletedProcess]:
    """Start every case at once, then collect: one interpreter per case."""
    procs = {}
    for name, (changes, _expected) in CASES.items():
        var_dir = tmp_path_factory.mktemp("var")
        procs[name] = subprocess.Popen(
            [sys.executable, "-c", "import django; django.setup()"],
            env=_env(changes, var_dir),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    results = {}
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=120)
        results[name] = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    return results


@pytest.mark.parametrize("name", list(CASES))
def test_start_up(started: dict[str, subprocess.CompletedProcess], name: str) -> None:
    result = started[name]
    expected = CASES[name][1]
    if expected is None:
        assert result.returncode == 0, result.stderr[-2000:]
        return
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert expected in result.stderr, result.stderr[-2000:]


# --- the finer rules, in process ---------------------------------------------------------------


def _problems(**overrides: object) -> list[str]:
    env = production_env()
    values = {
        "MODE": "production",
        "DEBUG": False,
        "SECRET_KEY": env["DJANGO_SECRET_KEY"],
        "FIELD_ENCRYPTION_KEYS": env["WEERSTAND_FIELD_KEYS"],
        "AUDIT_SIGNING_KEY": env["WEERSTAND_AUDIT_SIGNING_KEY"],
        "DATABASES": {"default": {"ENGINE": "django.db.backends.postgresql"}},
        "ALLOWED_HOSTS": ["weerstand.example.nl"],
        **overrides,
    }
    return checks.production_problems(SimpleNamespace(**{**DEMO_NAMES, **values}))


def test_a_sound_production_config_has_no_problems() -> None:
    assert _problems() == []


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"MODE": "prod"}, "WEERSTAND_MODE must be one of"),
        ({"SECRET_KEY": "geheim"}, "DJANGO_SECRET_KEY is weak"),
        ({"SECRET_KEY": "django-insecure-" + "x1y2z3" * 10}, "DJANGO_SECRET_KEY is weak"),
        ({"SECRET_KEY": "a" * 80}, "DJANGO_SECRET_KEY is weak"),
        ({"FIELD_ENCRYPTION_KEYS": f"1:{_b64key()},7:{DEMO_FIELD_KEY}"}, "contains the demo key"),
        ({"FIELD_ENCRYPTION_KEYS": "1:tooshort"}, "WEERSTAND_FIELD_KEYS"),
        ({"FIELD_ENCRYPTION_KEYS": ""}, "WEERSTAND_FIELD_KEYS"),
        ({"AUDIT_SIGNING_KEY": "bm90LWEta2V5"}, "32-byte Ed25519 seed"),
        ({"AUDIT_SIGNING_KEY": "***"}, "not base64"),
        ({"ALLOWED_HOSTS": ["*"]}, "DJANGO_ALLOWED_HOSTS"),
    ],
)
def test_finer_production_rules(overrides: dict, expected: str) -> None:
    problems = _problems(**overrides)
    assert any(expected in p for p in problems), problems


def test_a_refusal_names_every_problem_and_no_key_material() -> None:
    problems = _problems(
        DEBUG=True,
        SECRET_KEY=real.DEMO_SECRET_KEY,
        FIELD_ENCRYPTION_KEYS=real.DEMO_FIELD_KEYS,
        AUDIT_SIGNING_KEY=real.DEMO_AUDIT_SIGNING_KEY,
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3"}},
    )
    text = "; ".join(problems)
    for name in ("DJANGO_DEBUG", "DJANGO_SECRET_KEY", "FIELD_KEYS", "SIGNING_KEY", "PostgreSQL"):
        assert name in text
    for value in (real.DEMO_SECRET_KEY, DEMO_FIELD_KEY, real.DEMO_AUDIT_SIGNING_KEY):
        assert value not in text, "the refusal names problems, never key material"


def test_demo_mode_may_use_the_demo_secrets() -> None:
    assert _problems(MODE="demo", DEBUG=True, SECRET_KEY=real.DEMO_SECRET_KEY) == []
