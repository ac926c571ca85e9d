"""PostgreSQL: a full pg_dump of the database holds no stored secret in clear."""

from __future__ import annotations

import os
import subprocess
import uuid
from typing import Any

import pytest
from django.db import connection

from weerstand import testing
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.registry.models import Employer, Person, ProgrammeCover

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump needs PostgreSQL"),
]

PG_DUMP = "/usr/bin/pg_dump" if os.path.exists("/usr/bin/pg_dump") else "pg_dump"


def _pg_dump() -> str:
    s = connection.settings_dict
    cmd = [PG_DUMP, "--no-owner", "--dbname", s["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if s.get(key):
            cmd += [flag, str(s[key])]
    env = {**os.environ, "PGPASSWORD": s.get("PASSWORD") or ""}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True, timeout=120)
    return done.stdout


def test_dump_contains_no_secret_in_clear(settings: Any) -> None:
    settings.AUDIT_CHECKPOINT_EVERY = 2
    tag = uuid.uuid4().hex[:10]
    marker = {
        name: f"GEHEIM-{name}-{tag}"
        for name in ("home", "phone", "identity", "contact", "home2", "phone2")
    }
    employer = Employer.objects.create(name=f"Werkgever {tag}", contact=marker["contact"])
    p = testing.person(
        first=f"Zichtbaar{tag}",
        home_address=marker["home"],
        phone_numbers=marker["phone"],
        employer=employer,
    )
    ProgrammeCover.objects.create(
        person=p, programme="Getuigenbeschermingsprogramma", reason=marker["identity"]
    )
    audit.record(AuditAction.CREATE, p)

    before = {f: getattr(p, f) for f in Person.SECRET_FIELDS}
    p.home_address, p.phone_numbers = marker["home2"], marker["phone2"]
    p.save()
    after = {f: getattr(p, f) for f in Person.SECRET_FIELDS}
    audit.record(AuditAction.UPDATE, p, changes=audit.field_changes(before, after, model=Person))

    dump = _pg_dump()
    assert f"Zichtbaar{tag}" in dump  # the rows are in the dump ...
    assert "enc:v" in dump and "versleuteld veld gewijzigd" in dump
    leaked = [m for m in marker.values() if m in dump]
    assert leaked == []  # ... but none of the secrets
    assert tag not in dump.replace(f"Zichtbaar{tag}", "").replace(f"Werkgever {tag}", "")
