"""Production refuses to start with demo secrets or DEBUG."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def production_problems() -> list[str]:
    if settings.MODE != "production":
        return []
    problems = []
    if settings.DEBUG:
        problems.append("DJANGO_DEBUG is on")
    if settings.SECRET_KEY == settings.DEMO_SECRET_KEY:
        problems.append("DJANGO_SECRET_KEY is the demo key")
    if settings.DEMO_FIELD_KEYS.split(",")[0] in settings.FIELD_ENCRYPTION_KEYS:
        problems.append("WEERSTAND_FIELD_KEYS contains the demo key")
    if settings.AUDIT_SIGNING_KEY == settings.DEMO_AUDIT_SIGNING_KEY:
        problems.append("WEERSTAND_AUDIT_SIGNING_KEY is the demo key")
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        problems.append("production needs PostgreSQL (DATABASE_URL)")
    return problems


def enforce() -> None:
    problems = production_problems()
    if problems:
        raise ImproperlyConfigured("Weerstand weigert te starten in productie: " + "; ".join(problems))
