"""Liveness and readiness (issue 19): each check can fail on its own, answers 503 then, and
the answer names no more than a status per check."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from weerstand.core import health
from weerstand.core.models import JobRunnerHeartbeat

pytestmark = pytest.mark.django_db

CHECK_NAMES = {"database", "migrations", "audit:chainHead", "jobs:runner"}


def _ready(client: Client | None = None) -> tuple[int, dict[str, Any], Any]:
    response = (client or Client()).get("/health/ready")
    return response.status_code, json.loads(response.content), response


def _statuses(body: dict[str, Any]) -> dict[str, str]:
    return {name: entries[0]["status"] for name, entries in body["checks"].items()}


@pytest.fixture
def runner_alive() -> None:
    health.beat("test-runner")


def test_live_answers_without_the_database(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        response = Client().get("/health/live")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/health+json"
    assert json.loads(response.content) == {"status": "pass"}
    assert response["Cache-Control"] == "no-store"


def test_ready_passes_with_everything_in_order(runner_alive: None) -> None:
    status, body, response = _ready()
    assert status == 200 and body["status"] == "pass"
    assert response["Content-Type"] == "application/health+json"
    assert _statuses(body) == dict.fromkeys(CHECK_NAMES, "pass")


def test_ready_reveals_nothing_but_a_status_per_check(runner_alive: None) -> None:
    from weerstand import testing as t

    t.case(t.user("police_liaison"))  # a world with data and audit records in it
    _status, body, response = _ready()
    assert set(body) == {"status", "checks"}
    for entries in body["checks"].values():
        assert entries == [{"status": "pass"}]
    text = response.content.decode()
    assert not any(ch.isdigit() for ch in text), "no counts, sequence numbers or versions"
    assert "Server" not in response or "gunicorn" not in response["Server"].lower()


def test_ready_fails_without_a_live_job_runner(settings: Any) -> None:
    status, body, _ = _ready()
    assert status == 503 and body["status"] == "fail"
    assert _statuses(body)["jobs:runner"] == "fail"
    assert _statuses(body)["database"] == "pass"
    JobRunnerHeartbeat.objects.create(runner="old", beat_at=timezone.now() - timedelta(seconds=121))
    assert _ready()[0] == 503, "a heartbeat older than the window does not count"
    settings.JOB_HEARTBEAT_MAX_AGE_SECONDS = 0
    assert _ready()[0] == 200, "0 leaves the runner out (cron deployments decide themselves)"


def test_run_jobs_beats(settings: Any) -> None:
    from io import StringIO

    assert _ready()[0] == 503
    call_command("run_jobs", "--only", "escalate-overdue-signals", stdout=StringIO())
    assert _ready()[0] == 200
    assert JobRunnerHeartbeat.objects.count() == 1


def test_ready_fails_with_an_unapplied_migration(runner_alive: None, monkeypatch: Any) -> None:
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(health, "_migrations_applied", False)
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("x", False)])
    status, body, _ = _ready()
    assert status == 503 and _statuses(body)["migrations"] == "fail"
    assert _statuses(body)["database"] == "pass"


def test_ready_fails_when_the_audit_head_is_unreadable(
    runner_alive: None, monkeypatch: Any
) -> None:
    from weerstand.audit import services

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("relation audit_auditrecord does not exist")

    monkeypatch.setattr(services, "chain_heads", broken)
    status, body, response = _ready()
    assert status == 503 and _statuses(body)["audit:chainHead"] == "fail"
    assert b"relation" not in response.content, "the error stays in the log"


def test_ready_fails_when_the_audit_head_is_not_a_chain_head(
    runner_alive: None, monkeypatch: Any
) -> None:
    from weerstand.audit import services

    # (shard, shard_seq, hash, seq): a head whose hash is not a chain hash.
    monkeypatch.setattr(services, "chain_heads", lambda: [(0, 7, "not-a-hash", 7)])
    status, body, _ = _ready()
    assert status == 503 and _statuses(body)["audit:chainHead"] == "fail"


def test_ready_fails_without_the_database(runner_alive: None, monkeypatch: Any) -> None:
    tried: list[str] = []

    def down() -> bool:
        raise OSError("connection refused by 10.0.0.5")

    def other() -> bool:
        tried.append("other")
        return True

    checks = {name: other for name in health.CHECKS} | {"database": down}
    monkeypatch.setattr(health, "CHECKS", checks)
    response = Client().get("/health/ready")
    body = json.loads(response.content)
    assert response.status_code == 503 and body["status"] == "fail"
    # Once the database fails the other checks are not tried, and count as failed.
    assert set(_statuses(body).values()) == {"fail"} and not tried
    assert b"10.0.0.5" not in response.content


def test_health_endpoints_need_no_sign_in_and_refuse_writes() -> None:
    client = Client()
    assert client.get("/health/live").status_code == 200
    assert client.head("/health/live").status_code == 200
    assert client.post("/health/live").status_code == 405
    assert client.post("/health/ready").status_code == 405


def test_health_is_not_part_of_the_api() -> None:
    """Not under /api/v1/: there every error answer is problem+json and every operation can
    answer 401, while a probe needs a health document with its 503 and no token."""
    assert Client().get("/api/v1/health").status_code == 404
    doc = Client().get("/api/v1/openapi.json").json()
    assert not [p for p in doc["paths"] if "health" in p]
