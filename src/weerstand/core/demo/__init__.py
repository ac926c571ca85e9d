"""Fictional demo data for Weerstand: who may sign in to the demo, and with what.

Everything in the demo is invented. Each app writes its own part of the demo world from its
own plain tables (`<app>/demo.py`, `<app>/demo_data.py`); the kernel only runs them
(`weerstand.core.demo.seed.seed()`). The login list is plain data (no model imports), so tests
and scripts can read it without a configured database; `weerstand demo-users` prints these
logins from the database.
"""

from __future__ import annotations

from weerstand.accounts.demo_data import DEMO_ACCOUNTS, DemoAccount

# One shared password for every demo login; it passes the project's password validators.
DEMO_PASSWORD = "Weerstand-demo-2026"  # noqa: S105  # public by design, refused in production

DEMO_USERS: list[tuple[str, tuple[str, ...], str]] = [
    (a.username, a.roles, a.organisation) for a in DEMO_ACCOUNTS
]
"""(username, role codes, organisation code) of every demo user, in role order."""

DEMO_USERNAMES: tuple[str, ...] = tuple(a.username for a in DEMO_ACCOUNTS)

__all__ = ["DEMO_ACCOUNTS", "DEMO_PASSWORD", "DEMO_USERNAMES", "DEMO_USERS", "DemoAccount"]
