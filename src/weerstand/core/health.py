"""Liveness and readiness: is the process up, and can it serve (database, migrations, audit
chain head, a job runner that is alive)?

The answers are for load balancers and orchestrators, without authentication, so they name
only a status per check: no counts, names, versions, hosts or error texts. What failed in
detail goes to the log (with the request id), not to the caller. Format: the IETF draft
"Health Check Response Format for HTTP APIs" (`application/health+json`): `status` is
`pass` or `fail`, `checks` maps each check to a list with one `{"status": ...}`.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

logger = logging.getLogger(__name__)

HEALTH_CT = "application/health+json"
PASS, FAIL = "pass", "fail"

# Once every migration was applied, it stays so for the life of this process (new code, and
# with it new migrations, means a new process): the graph is not loaded again on every probe.
_migrations_applied = False


def live() -> dict[str, Any]:
    """The process answers: nothing else is asked (no database)."""
    return {"status": PASS}


def check_database() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def check_migrations() -> bool:
    global _migrations_applied
    if _migrations_applied:
        return True
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    _migrations_applied = not pending
    return _migrations_applied


def check_audit_head() -> bool:
    """Every shard's last record can be read and looks like a chain head (no verification:
    that is `audit-verify`'s job, and far too slow for a probe). One index probe per shard."""
    from weerstand.audit.services import chain_heads

    for _shard, shard_seq, digest, seq in chain_heads():
        digest = str(digest)
        if not (seq > 0 and shard_seq > 0 and len(digest) == 64):
            return False
        if not all(c in "0123456789abcdef" for c in digest):
            return False
    return True  # an empty trail is a valid chain


def check_job_runner() -> bool:
    """Some `run-jobs` beat within the allowed window (0 switches the check off)."""
    from weerstand.core.models import JobRunnerHeartbeat

    window = settings.JOB_HEARTBEAT_MAX_AGE_SECONDS
    if window <= 0:
        return True
    since = timezone.now() - timedelta(seconds=window)
    return JobRunnerHeartbeat.objects.filter(beat_at__gte=since).exists()


CHECKS: dict[str, Callable[[], bool]] = {
    "database": check_database,
    "migrations": check_migrations,
    "audit:chainHead": check_audit_head,
    "jobs:runner": check_job_runner,
}


def ready() -> dict[str, Any]:
    """Every check in turn; one that fails (or raises) makes the whole answer `fail`.

    After the database check fails the others are not tried (they would only fail too)."""
    checks: dict[str, list[dict[str, str]]] = {}
    for name, check in CHECKS.items():
        if checks.get("database", [{}])[0].get("status") == FAIL:
            ok = False
        else:
            try:
                ok = bool(check())
            except Exception:
                logger.exception("readiness check %s raised", name)
                ok = False
        if not ok:
            logger.warning("readiness check %s failed", name)
        checks[name] = [{"status": PASS if ok else FAIL}]
    status = PASS if all(c[0]["status"] == PASS for c in checks.values()) else FAIL
    return {"status": status, "checks": checks}


def runner_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def beat(name: str | None = None) -> None:
    """Record that this job runner is alive (called by `run-jobs` on every round)."""
    from weerstand.core.models import JobRunnerHeartbeat

    now = timezone.now()
    JobRunnerHeartbeat.objects.update_or_create(
        runner=name or runner_name(), defaults={"beat_at": now}
    )
    # Runners that stopped long ago are forgotten, so the table stays a handful of rows.
    JobRunnerHeartbeat.objects.filter(beat_at__lt=now - timedelta(days=1)).delete()
