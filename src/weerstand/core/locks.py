"""Named transaction-scoped locks, for the few places where rows must be numbered in order."""

from __future__ import annotations

import zlib

from django.db import connection


def serialise(name: str) -> None:
    """Hold a lock called `name` until the current transaction ends.

    PostgreSQL: an advisory transaction lock. SQLite: transactions already begin IMMEDIATE
    (settings), so the writer holds the database lock and nothing more is needed.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(name.encode())])
