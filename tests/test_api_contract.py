"""The API keeps its contract: schemathesis fuzzes the operations of `/api/v1/` as three roles.

The OpenAPI document is loaded from the application itself (`/api/v1/openapi.json` through
Django's WSGI handler, in-process: no server, no network) and schemathesis runs every phase
against it: the schema's examples, coverage (boundaries, missing, malformed and unexpected
values, unexpected methods), random fuzzing and, where responses link operations (Location
headers), stateful sequences. Every answer must be no server error and conform to the
document: status code, content type, response schema and documented headers. Each role uses
its own personal API token, so the policy's answers (404 for hidden or ungranted, 403 for a
refused step) are held to the document too.

- The full run (every operation, the demo world, three roles: an analyst who writes case
  content, a decision-maker, a police liaison of a partner organisation) is marked `postgres`
  and runs on CI's PostgreSQL run, the production database; `WEERSTAND_API_FUZZ=full` forces
  it anywhere (`=smoke` the smoke run).
- A smoke run of a few operations on a small world runs on the embedded SQLite run, so a
  broken harness or a contract break in the shared layer shows on every run.

Bounded: few examples per operation and a time budget per role (the full run takes about
three minutes on two cores, most of it seeding the demo world). The engine calls the
application from its own worker threads, so these tests commit their data (transactional)
and the threads see it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

schemathesis = pytest.importorskip("schemathesis")

from schemathesis.engine import events  # noqa: E402

from weerstand import testing as t  # noqa: E402

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

SCHEMA_URL = "/api/v1/openapi.json"
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
)
PHASES = ("examples", "coverage", "fuzzing", "stateful")
# The demo users the full run fuzzes as (see README: analyst, decision-maker, police liaison).
FULL_ROLES = ("analist", "besluitvormer", "politie")
FULL_SECONDS_PER_ROLE = 30
FULL_MAX_EXAMPLES = 10
# The smoke run: lists with integer, enum and date filters and paging, one detail, one write
# with a nested body, the search page and a download.
SMOKE_PATHS = (
    "/api/v1/decisions",
    "/api/v1/gaps",
    "/api/v1/signals",
    "/api/v1/signals/{id}",
    "/api/v1/search",
    "/api/v1/attachments/{id}",
)
SMOKE_SECONDS_PER_ROLE = 8
SMOKE_MAX_EXAMPLES = 5
SEED = 20230331


def _full_run() -> bool:
    forced = os.environ.get("WEERSTAND_API_FUZZ", "")
    if forced in ("full", "smoke"):
        return forced == "full"
    return connection.vendor == "postgresql"


def _application() -> Callable[..., Any]:
    """Django's WSGI application, closing each request's database connection when done.

    The engine calls it from its own worker threads; a connection such a thread left open
    (CONN_MAX_AGE) would outlive the test and keep the test database from being dropped."""
    from django.db import connections

    from weerstand.wsgi import application

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        response = application(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            response.close()
            connections.close_all()  # this thread's connections only

    return app


@dataclass(frozen=True)
class Violation:
    role: str
    operation: str
    title: str
    detail: str  # the first lines of the check's message
    request: str  # a curl command that reproduces it (token filtered out)

    def __str__(self) -> str:
        return f"[{self.role}] {self.operation}: {self.title}: {self.detail}\n    {self.request}"


def _config(token: str, *, seconds: int, max_examples: int) -> Any:
    checks: dict[str, Any] = {"enabled": False}
    checks.update({name: {"enabled": True} for name in CHECKS})
    return schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "max-time": seconds,
            "workers": 1,
            "headers": {"Authorization": f"Token {token}"},
            "generation": {"max-examples": max_examples, "no-shrink": True},
            "checks": checks,
            "phases": {name: {"enabled": True} for name in PHASES},
        }
    )


def fuzz(
    role: str,
    token: str,
    *,
    seconds: int,
    max_examples: int,
    only: tuple[str, ...] = (),
) -> tuple[list[Violation], set[str]]:
    """Run every phase as `role`; the contract violations found and the operations tried."""
    config = _config(token, seconds=seconds, max_examples=max_examples)
    schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, _application(), config=config)
    if only:
        schema = schema.include(path=list(only))
    found: list[Violation] = []
    tried: set[str] = set()
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            tried.add(event.recorder.label)
            for nodes in event.recorder.checks.values():
                for node in nodes:
                    info = node.failure_info
                    if info is None:
                        continue
                    detail = " / ".join((info.failure.message or "").splitlines()[:3])
                    request = info.code_sample.splitlines()[0] if info.code_sample else ""
                    found.append(
                        Violation(role, event.recorder.label, info.failure.title, detail, request)
                    )
        elif isinstance(event, events.NonFatalError):
            found.append(Violation(role, event.label, "engine error", str(event.value), ""))
        elif isinstance(event, events.FatalError):
            found.append(Violation(role, "run", "fatal error", str(event.exception), ""))
    return found, tried


def _report(found: list[Violation]) -> str:
    unique = {(v.operation, v.title, v.detail): v for v in found}
    return f"{len(unique)} contract violations:\n" + "\n".join(
        str(unique[key]) for key in sorted(unique)
    )


def _tokens(usernames: tuple[str, ...]) -> dict[str, str]:
    from weerstand.accounts.models import User
    from weerstand.accounts.services import issue_token

    return {name: issue_token(User.objects.get(username=name))[1] for name in usernames}


@pytest.mark.postgres
def test_every_operation_keeps_its_contract_for_three_roles() -> None:
    if not _full_run():
        pytest.skip("the full run is CI's PostgreSQL run (or WEERSTAND_API_FUZZ=full)")
    from weerstand.core.demo.seed import seed

    seed()
    found: list[Violation] = []
    tried: set[str] = set()
    for role, token in _tokens(FULL_ROLES).items():
        violations, operations = fuzz(
            role, token, seconds=FULL_SECONDS_PER_ROLE, max_examples=FULL_MAX_EXAMPLES
        )
        found += violations
        tried |= operations
    assert not found, _report(found)
    assert len(tried) > 60, sorted(tried)  # the budget reached (nearly) every operation


def _small_world() -> dict[str, str]:
    """Three roles and a little of what they may see: a case in the analysts' team with a
    signal and a product with an attachment, a decision-maker, a police liaison."""
    from weerstand.information import services as information
    from weerstand.information.legal_bases import ensure_default_legal_bases
    from weerstand.information.services import AttachmentData, ProductData
    from weerstand.signals import services as signals

    bases = ensure_default_legal_bases()
    police = t.org("police", code="politie-contract")
    liaison = t.user("police_liaison", organisation=police, username="politie")
    analyst = t.user("analyst", username="analist")
    decider = t.user("decision_maker", username="besluitvormer")
    case = t.case(analyst, team=(analyst, liaison, decider), owner=analyst, state="assessment")
    information.create_product(
        liaison,
        ProductData(
            title="Observatie bij de woning",
            legal_basis=bases["wpg-19"],
            reliability="B",
            credibility=2,
            cases=[case],
            attachments=[AttachmentData("pv.txt", "text/plain", b"Proces-verbaal")],
        ),
    )
    signals.record_signal(
        analyst,
        signals.SignalData(
            what="Een auto reed twee keer langs.", happened_at=timezone.now(), case_id=case.pk
        ),
    )
    return _tokens(("analist", "besluitvormer", "politie"))


def test_a_few_operations_keep_their_contract_on_every_database() -> None:
    if _full_run():
        pytest.skip("the full run covers these operations")
    found: list[Violation] = []
    for role, token in _small_world().items():
        violations, tried = fuzz(
            role,
            token,
            seconds=SMOKE_SECONDS_PER_ROLE,
            max_examples=SMOKE_MAX_EXAMPLES,
            only=SMOKE_PATHS,
        )
        found += violations
        assert tried, f"nothing was fuzzed as {role}"
    assert not found, _report(found)
