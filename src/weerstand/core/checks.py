"""Production refuses to start with demo secrets, weak secrets, DEBUG or SQLite.

`CoreConfig.ready()` calls `enforce()`, so every entry point (web server, console command,
worker) stops before it serves anything. An unknown WEERSTAND_MODE is refused as well: a
typo must not silently fall back to demo mode with its public keys.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured

MODES = ("demo", "production")
MIN_SECRET_KEY_LENGTH = 50


def _field_key_problems(spec: str, demo_spec: str) -> list[str]:
    """Parsed the way the encrypted fields parse them; a re-encoded demo key is caught too."""
    from weerstand.core.crypto.fields import _parse_keys

    try:
        keys = _parse_keys(spec)
    except ImproperlyConfigured as exc:
        return [str(exc)]
    if set(keys.values()) & set(_parse_keys(demo_spec).values()):
        return ["WEERSTAND_FIELD_KEYS contains the demo key"]
    return []


def _signing_key_problems(seed: str, demo_seed: str) -> list[str]:
    """Compared as keys, not as text, so the demo seed can't come back in another spelling."""
    from weerstand.audit import chain

    try:
        raw = base64.b64decode(seed.strip(), validate=True)
        public = chain.public_bytes(chain.signing_key(seed.strip()).public_key())
    except (binascii.Error, ValueError):
        return ["WEERSTAND_AUDIT_SIGNING_KEY is not base64"]
    if public == chain.public_bytes(chain.signing_key(demo_seed).public_key()):
        return ["WEERSTAND_AUDIT_SIGNING_KEY is the demo key"]
    if len(raw) != 32:
        return ["WEERSTAND_AUDIT_SIGNING_KEY must be a base64 32-byte Ed25519 seed"]
    return []


def production_problems(conf: Any = None) -> list[str]:
    """Every reason not to start; empty in demo mode and for a sound production config.

    `conf` defaults to the settings; tests pass a plain namespace with the same names.
    """
    settings = conf if conf is not None else django_settings
    if settings.MODE not in MODES:
        return [f"WEERSTAND_MODE must be one of {', '.join(MODES)}, not {settings.MODE!r}"]
    if settings.MODE != "production":
        return []
    problems = []
    if settings.DEBUG:
        problems.append("DJANGO_DEBUG is on")
    secret = settings.SECRET_KEY or ""
    if secret == settings.DEMO_SECRET_KEY:
        problems.append("DJANGO_SECRET_KEY is the demo key")
    elif (
        len(secret) < MIN_SECRET_KEY_LENGTH
        or len(set(secret)) < 5
        or secret.startswith("django-insecure")
    ):
        problems.append(
            f"DJANGO_SECRET_KEY is weak (use at least {MIN_SECRET_KEY_LENGTH} random characters)"
        )
    problems += _field_key_problems(settings.FIELD_ENCRYPTION_KEYS, settings.DEMO_FIELD_KEYS)
    problems += _signing_key_problems(settings.AUDIT_SIGNING_KEY, settings.DEMO_AUDIT_SIGNING_KEY)
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        problems.append("production needs PostgreSQL (DATABASE_URL), not SQLite")
    if "*" in settings.ALLOWED_HOSTS:
        problems.append("DJANGO_ALLOWED_HOSTS must name the hosts, not '*'")
    return problems


def enforce() -> None:
    problems = production_problems()
    if problems:
        raise ImproperlyConfigured("Weerstand weigert te starten: " + "; ".join(problems))
