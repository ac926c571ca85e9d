"""Fictional demo data for Weerstand: who may sign in to the demo, and with what.

Everything here is invented. The user list is plain data (no model imports), so tests and
scripts can read it without a configured database. `weerstand.core.demo.seed.seed()` writes
the whole demo world; `weerstand demo-users` prints these logins from the database.
"""

from __future__ import annotations

from weerstand.core.demo.data import DEMO_ACCOUNTS, DemoAccount

# One shared password for every demo login; it passes the project's password validators.
DEMO_PASSWORD = "Weerstand-demo-2026"  # noqa: S105  # public by design, refused in production

DEMO_USERS: list[tuple[str, tuple[str, ...], str]] = [
    (a.username, a.roles, a.organisation) for a in DEMO_ACCOUNTS
]
"""(username, role codes, organisation code) of every demo user, in role order."""

DEMO_USERNAMES: tuple[str, ...] = tuple(a.username for a in DEMO_ACCOUNTS)

__all__ = ["DEMO_ACCOUNTS", "DEMO_PASSWORD", "DEMO_USERNAMES", "DEMO_USERS", "DemoAccount"]
