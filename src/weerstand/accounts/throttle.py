"""Sign-in throttling per source address and per user name, with growing delays.

Why not a lock on the account: five wrong passwords used to lock the account *and its API
tokens* for 15 minutes, again and again, so anyone who knew a user name could switch an
integration off. Now:

- failures are counted per user name and, separately, per source address;
- after `LOCKOUT_THRESHOLD` failures for a name (`LOCKOUT_SOURCE_THRESHOLD` for an address)
  each further failure starts a delay that doubles, from `LOCKOUT_BASE_SECONDS` up to
  `LOCKOUT_MINUTES`; during a delay every attempt is refused with the usual generic message
  and is *not* counted, so hammering cannot push the delay beyond one doubling per delay;
- failures older than `LOCKOUT_FORGET_HOURS` are forgotten; a sign-in that passes both
  factors clears its name (not its address: one valid account must not reset a password
  spray from the same address);
- the delay applies to the web sign-in only. API tokens never look at it
  (`accounts.authentication`): a token is a separate, revocable secret.

Names are kept as a keyed fingerprint, alike for existing and unknown names, so the
behaviour and the table tell nothing about which accounts exist. The address is the one the
request context carries (`REMOTE_ADDR`, as in the audit trail); behind a proxy that must be
the client's address.

Why our own module and not django-axes: axes locks out (a fixed cool-off) rather than
growing the delay, checks its lock-out inside every `authenticate()` call, and its released
version predates Django 6.1; this is one small, tested module on one table.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from weerstand.accounts.models import SignInThrottle, ThrottleKind


def username_key(username: str) -> str:
    """The keyed fingerprint a user name is throttled under (never the name itself)."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"sign-in-throttle:{username}".encode(), hashlib.sha256
    )
    return digest.hexdigest()


def _free(kind: str) -> int:
    if kind == ThrottleKind.SOURCE:
        return max(1, settings.LOCKOUT_SOURCE_THRESHOLD)
    return max(1, settings.LOCKOUT_THRESHOLD)


def delay_for(failures: int, free: int) -> timedelta:
    """The delay after `failures` failures when `free` of them cost nothing: none below the
    threshold, then `LOCKOUT_BASE_SECONDS` doubling per failure, capped at `LOCKOUT_MINUTES`."""
    if failures < free:
        return timedelta(0)
    cap = max(1, settings.LOCKOUT_MINUTES) * 60
    base = max(1, settings.LOCKOUT_BASE_SECONDS)
    steps = min(failures - free, 32)  # 2**32 seconds is far beyond any cap
    return timedelta(seconds=min(base * 2**steps, cap))


def _keys(username: str, source: str) -> list[tuple[str, str]]:
    keys = [(ThrottleKind.USERNAME.value, username_key(username))]
    if source:
        keys.append((ThrottleKind.SOURCE.value, source[:64]))
    return keys


def blocked_until(username: str, source: str, now: datetime | None = None) -> datetime | None:
    """Until when a sign-in as `username` from `source` is refused; None when it is not."""
    now = now or timezone.now()
    q = SignInThrottle.objects.none()
    for kind, key in _keys(username, source):
        q = q | SignInThrottle.objects.filter(kind=kind, key=key, blocked_until__gt=now)
    return max((t.blocked_until for t in q if t.blocked_until), default=None)


@dataclass(frozen=True)
class Outcome:
    """What one failure did: counted or not (during a delay), and the delays it started."""

    counted: bool
    username_failures: int
    username_blocked_until: datetime | None
    source_failures: int
    source_blocked_until: datetime | None
    new_delays: tuple[str, ...]  # kinds whose delay this failure started


def register_failure(username: str, source: str, now: datetime | None = None) -> Outcome:
    """Count a failed sign-in for the name and the address (not while a delay runs)."""
    now = now or timezone.now()
    forget = timedelta(hours=max(1, settings.LOCKOUT_FORGET_HOURS))
    rows: dict[str, SignInThrottle] = {}
    with transaction.atomic():
        for kind, key in _keys(username, source):
            row, _created = SignInThrottle.objects.select_for_update().get_or_create(
                kind=kind, key=key, defaults={"last_failure_at": now}
            )
            rows[kind] = row
        counted = not any(r.blocked_until and r.blocked_until > now for r in rows.values())
        started: list[str] = []
        if counted:
            for kind, row in rows.items():
                if row.failures and now - row.last_failure_at > forget:
                    row.failures = 0
                row.failures += 1
                row.last_failure_at = now
                delay = delay_for(row.failures, _free(kind))
                row.blocked_until = now + delay if delay else None
                if delay:
                    started.append(kind)
                row.save(update_fields=["failures", "last_failure_at", "blocked_until"])
    name = rows[ThrottleKind.USERNAME]
    src = rows.get(ThrottleKind.SOURCE)
    return Outcome(
        counted=counted,
        username_failures=name.failures,
        username_blocked_until=name.blocked_until,
        source_failures=src.failures if src else 0,
        source_blocked_until=src.blocked_until if src else None,
        new_delays=tuple(started),
    )


def clear_username(username: str) -> bool:
    """Forget the failures of a name (a full sign-in, or an administrator's unlock)."""
    deleted, _detail = SignInThrottle.objects.filter(
        kind=ThrottleKind.USERNAME, key=username_key(username)
    ).delete()
    return bool(deleted)
