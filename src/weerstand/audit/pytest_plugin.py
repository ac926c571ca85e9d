"""pytest plugin: lets transactional tests end although the audit trail refuses DELETE.

Django ends a transactional test (and every `live_server` test) by flushing all tables, which
the append-only triggers refuse as soon as an audit record exists. Before that flush this
plugin empties the audit tables the way a DBA would (`audit.testing.purge_trail`). Ordinary
tests roll back and are left alone. Enabled in pyproject.toml (`-p weerstand.audit.pytest_plugin`).
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest

_TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences"}


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None:
        from pytest_django.fixtures import validate_django_db

        transactional, reset_sequences, *_ = validate_django_db(marker)
        if transactional or reset_sequences:
            return True
    return bool(_TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())))


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(_RewindSeq(), "weerstand-audit-rewind-seq")


class _RewindSeq:
    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_teardown(self, item: pytest.Item, nextitem: pytest.Item | None) -> Any:
        yield
        _rewind_seq(item)


def _rewind_seq(item: pytest.Item) -> None:
    """PostgreSQL: seq comes from a sequence, which a rolled-back test does not rewind; once a
    test has left the trail empty again, the next one starts at seq 1, as on SQLite."""
    uses_db = {"db", "transactional_db", "django_db_blocker"} & set(
        getattr(item, "fixturenames", ())
    )
    if not uses_db and item.get_closest_marker("django_db") is None:
        return
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    from pytest_django.plugin import blocking_manager_key

    blocker = item.config.stash.get(blocking_manager_key, None)
    if blocker is None:
        return
    with blocker.unblock():
        try:
            with connection.cursor() as cur:
                cur.execute("SELECT EXISTS (SELECT 1 FROM audit_auditrecord)")
                if not cur.fetchone()[0]:
                    cur.execute("SELECT setval('audit_auditrecord_seq', 1, false)")
        except Exception:  # noqa: S110 - a test that switched databases: nothing to rewind
            pass


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    if not _is_transactional(item):
        return
    from pytest_django.plugin import blocking_manager_key

    blocker = item.config.stash.get(blocking_manager_key, None)
    if blocker is None:
        return
    with blocker.unblock():
        from weerstand.audit.models import AuditCheckpoint, AuditRecord
        from weerstand.audit.testing import purge_trail

        try:
            if AuditRecord.objects.exists() or AuditCheckpoint.objects.exists():
                purge_trail()
        except Exception as exc:  # the flush that follows reports the real failure
            warnings.warn(f"could not empty the audit trail before flush: {exc}", stacklevel=1)
