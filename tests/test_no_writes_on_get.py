"""Nothing writes on a GET (issue 19): opening a page or reading the API changes no data.

Every demo user opens the start page and every main list page of their menu, and a few API
reads are made with a token; the SQL of each request is captured. Allowed are only the audit
trail (reads are audited on purpose) and the session table (a signed-in session's expiry
moves on every request). Everything else that used to happen on a GET runs as a job
(`run-jobs`) or in the POST that causes it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

ALLOWED_TABLES = {
    "audit_auditrecord",
    "audit_auditpayload",
    "audit_auditcheckpoint",
    "django_session",
}
WRITE = re.compile(
    r"^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+\"?([A-Za-z0-9_]+)\"?",
    re.IGNORECASE,
)


def writes(queries: list[dict[str, Any]]) -> list[str]:
    """The tables written by the captured statements, other than the allowed ones."""
    found = []
    for q in queries:
        match = WRITE.match(q["sql"])
        if match and match.group(1).lower() not in ALLOWED_TABLES:
            found.append(f"{match.group(1)}: {q['sql'][:160]}")
    return found


def test_the_detector_sees_writes_and_lets_audit_and_session_pass() -> None:
    queries = [
        {"sql": 'INSERT INTO "audit_auditrecord" ("seq") VALUES (1)'},
        {"sql": 'UPDATE "django_session" SET "expire_date" = 1'},
        {"sql": 'UPDATE "accounts_apitoken" SET "last_used_at" = 1'},
        {"sql": 'DELETE FROM "signals_signal" WHERE 1'},
        {"sql": 'INSERT OR IGNORE INTO "core_alert" ("x") VALUES (1)'},
        {"sql": 'SELECT * FROM "cases_case"'},
    ]
    assert [w.split(":")[0] for w in writes(queries)] == [
        "accounts_apitoken",
        "signals_signal",
        "core_alert",
    ]


@pytest.fixture(scope="module")
def demo_world(seeded_demo: dict[str, Any]) -> None:
    """The demo world, seeded once for every module that reads it (conftest)."""


def _get(client: Client, url: str, **headers: Any) -> tuple[int, list[str]]:
    # Django keeps the last 9,000 queries; once that log is full a capture sees nothing.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert captured.captured_queries, f"{url}: no SQL captured, the check would be blind"
    return response.status_code, writes(captured.captured_queries)


@pytest.mark.once
def test_no_start_page_or_list_page_of_any_demo_user_writes(demo_world: None, db: None) -> None:
    from weerstand import testing as t
    from weerstand.accounts.models import User
    from weerstand.core.extensions import nav_for

    users = list(User.objects.filter(is_active=True).order_by("username"))
    assert len(users) >= 10, "the demo world has users of every role"
    found: dict[str, list[str]] = {}
    pages = 0
    for user in users:
        client = Client()
        t.login(client, user)
        menu = nav_for(user, None)
        urls = ["/", *(item["url"] for group in menu for item in group["items"])]
        for url in dict.fromkeys(urls):
            status, bad = _get(client, url)
            assert status < 500, (user.username, url, status)
            pages += 1
            if bad:
                found.setdefault(f"{user.username} {url}", []).extend(bad)
    assert not found, found
    assert pages > 3 * len(users)


@pytest.mark.once
def test_api_reads_with_a_token_write_nothing_but_the_audit_trail(
    demo_world: None, db: None
) -> None:
    from weerstand.accounts.models import ApiToken, User

    user = User.objects.get(username="analist")
    _token, raw = ApiToken.issue(user, label="test")
    client = Client(HTTP_AUTHORIZATION=f"Token {raw}")
    status, bad = _get(client, "/api/v1/cases")
    assert status == 200 and not bad, bad
    first = client.get("/api/v1/cases").json()["results"][0]["id"]
    for url in (f"/api/v1/cases/{first}", "/api/v1/openapi.json", "/health/ready"):
        status, bad = _get(client, url)
        assert status in (200, 503) and not bad, (url, bad)
