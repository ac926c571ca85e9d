"""Twenty clients at once against a threaded server: no answer may be a 5xx (issue 14,
finding 9). A shared stateful stemmer made 8 % of searches fail under this load; the test
runs searches beside the other kinds of request (lists, details, the start of a case page's
reads) so that any other object shared between request threads shows up the same way.

The server is Django's threaded WSGI server (`runserver`'s, as under `make run`): each
request gets its own thread and its own database connection. Not pytest-django's
`live_server`: with SQLite's in-memory test database it hands every request thread the *same*
connection, so concurrent requests would trip over each other's transactions, a fault of
the fixture that no deployment has. On SQLite the test therefore copies the test database to
a file (WAL, as in the demo) that the request threads open; on PostgreSQL they connect to
the test database as usual.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from weerstand import testing as t
from weerstand.accounts.services import issue_token
from weerstand.search.tests import builders as sb

CLIENTS = 20
ROUNDS = 5

QUERIES = (
    "bedreigingen",
    "bedreigd scooter",
    "woning beveiliging",
    "kenteken vluchtauto",
    "aanslagen liquidaties verdachten",
    "burgemeester sociale media",
)


@pytest.fixture
def world(transactional_db: None) -> dict[str, Any]:
    police = t.org("police", code="politie-conc")
    analyst = t.user("analyst")
    liaison = t.user("police_liaison", organisation=police)
    case = t.case(analyst, owner=analyst, team=(liaison,))
    for n in range(6):
        sb.product(
            title=f"Waarneming {n} bij de woning",
            body="De beschermde persoon werd bedreigd door twee mannen op een scooter; "
            "bedreigingen, aanslagen en liquidaties worden onderzocht.",
            summary="Meerdere berichten op sociale media over de burgemeester.",
            cases=(case,),
            originator=police,
            attachments=(("tapverslag.txt", "Het kenteken van de vluchtauto is bekend."),),
        )
        sb.signal(
            what=f"Verdachte auto {n} bij de woning, bedreigingen", reporter=liaison, case=case
        )
    from weerstand.search import index

    index.rebuild()
    tokens = {name: issue_token(u)[1] for name, u in (("analyst", analyst), ("liaison", liaison))}
    return {"tokens": tokens, "case": case}


@contextlib.contextmanager
def _request_threads_database(tmp_path: Path) -> Iterator[None]:
    """Connections opened by new threads reach what this test wrote (see the docstring)."""
    from django.db import connections

    main = connections["default"]
    if main.vendor != "sqlite" or not main.is_in_memory_db():
        yield
        return
    target = tmp_path / "concurrency.sqlite3"
    main.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        main.connection.backup(copy)
    finally:
        copy.close()
    original = connections.settings
    patched = {alias: dict(conf) for alias, conf in original.items()}
    patched["default"]["NAME"] = str(target)
    # SQLite has one writer at a time; how long a writer waits for the lock depends on the
    # machine's load, not on the code under test. A generous wait keeps this test about
    # shared objects in the request threads, and free of timing.
    options = dict(patched["default"].get("OPTIONS", {}))
    options["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=600000;"
    options["timeout"] = 600
    patched["default"]["OPTIONS"] = options
    connections.__dict__["settings"] = patched  # read by connections made from now on
    try:
        yield
    finally:
        connections.__dict__["settings"] = original


@contextlib.contextmanager
def _threaded_server() -> Iterator[str]:
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    class Quiet(WSGIRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet)
    server.set_app(WSGIHandler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _get(base: str, path: str, token: str) -> tuple[int, str, str]:
    request = urllib.request.Request(  # noqa: S310  (http to loopback only)
        base + path, headers={"Authorization": f"Token {token}", "Accept": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310  (http to loopback only)
            return response.status, response.headers.get("Content-Type", ""), ""
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()[:300].decode("latin-1")


def test_twenty_concurrent_clients_get_no_server_error(
    world: dict[str, Any], tmp_path: Path
) -> None:
    case_id = world["case"].pk
    paths = [f"/api/v1/search?q={q.replace(' ', '+')}" for q in QUERIES] + [
        "/api/v1/cases",
        f"/api/v1/cases/{case_id}",
        "/api/v1/threat-products",
        "/api/v1/signals",
        "/api/v1/search?q=bedreigingen&kind=product",
        "/api/v1/nonexistent",
        "/api/v1/openapi.json",  # the schema is generated per request, from shared registries
        "/api/v1/assessments",
        "/api/v1/decisions",
        "/api/v1/persons",
        "/api/v1/catalogue/measures",
        "/api/v1/gaps",
        "/api/v1/compartments",
    ]
    tokens = list(world["tokens"].values())

    def client(n: int) -> list[tuple[str, int, str, str]]:
        out = []
        for r in range(ROUNDS):
            path = paths[(n + r) % len(paths)]
            status, ctype, body = _get(base, path, tokens[n % len(tokens)])
            out.append((path, status, ctype, body))
        return out

    with (
        _request_threads_database(tmp_path),
        _threaded_server() as base,
        ThreadPoolExecutor(max_workers=CLIENTS) as pool,
    ):
        answers = [a for batch in pool.map(client, range(CLIENTS * 2)) for a in batch]

    failures = [a for a in answers if a[1] >= 500]
    assert not failures, json.dumps(failures[:5], indent=1)
    searches = [a for a in answers if a[0].startswith("/api/v1/search")]
    assert searches and all(status == 200 for _, status, _, _ in searches)
    # Every error is still problem+json under the API, never HTML or bare text.
    assert all(
        ctype.startswith("application/problem+json") for _, s, ctype, _ in answers if s >= 400
    )
