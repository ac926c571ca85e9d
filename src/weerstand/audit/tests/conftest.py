"""Fixtures for the audit tests: a small chain with checkpoints, and running the verifier."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction, AuditRecord
from weerstand.core import context


@pytest.fixture(autouse=True)
def _fresh_context() -> Any:
    """A system context per test: code that sets `context.current().user` outside a request
    (e.g. an authentication class called directly) would otherwise leak its user into here."""
    with context.use(context.RequestContext()):
        yield


def write_records(n: int) -> list[AuditRecord]:
    """Records with varied content (unicode, nested JSON, floats, nulls) to stress the hash."""
    out = []
    for i in range(1, n + 1):
        with context.use(context.RequestContext(client_ip=f"192.0.2.{i}", channel="web")):
            out.append(
                audit.record(
                    [AuditAction.READ, AuditAction.UPDATE, AuditAction.TRANSITION][i % 3],
                    object_type="cases.case",
                    object_id=i % 4 + 1,
                    object_repr=f"casus {i % 4 + 1} \u2013 één",
                    case_id=i % 4 + 1 if i % 5 else None,
                    changes={"state": ["triage", "beoordeling"], "score": 0.1 * i, "n": i}
                    if i % 2
                    else {},
                    reason="dossiercontrole" if i % 3 == 0 else "",
                )
            )
    return out


@pytest.fixture
def trail(settings: Any) -> list[AuditRecord]:
    """Twelve records; signed checkpoints at seq 5 and 10."""
    settings.AUDIT_CHECKPOINT_EVERY = 5
    settings.AUDIT_ANCHOR_FILE = ""
    return write_records(12)


def verify(*args: str) -> dict[str, Any]:
    """Run `audit-verify --json`; returns the report plus the exit code it would end with."""
    out = io.StringIO()
    try:
        call_command("audit_verify", "--json", *args, stdout=out)
        code = 0
    except CommandError as exc:
        code = exc.returncode
    data = json.loads(out.getvalue())
    data["exit_code"] = code
    return data
