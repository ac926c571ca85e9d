"""Reads from a streaming replica, when one is configured (`DATABASE_REPLICA_URL`).

Without that setting neither the router nor the middleware is installed and every query goes
to the one database, as before. With it, a read goes to the replica only when all of these hold
(anything else goes to the primary, and every write always does):

1. it runs inside a web request (`ReplicaReadsMiddleware`): commands, jobs and the shell read
   the primary;
2. the request is a page view with a safe method (GET, HEAD, OPTIONS), not the API: an API
   client (a token, no cookies) may write and read back at once, and would not carry the pin
   below;
3. the browser has not written in the last `WEERSTAND_REPLICA_PIN_SECONDS` (a write sets a
   short-lived cookie that pins its reads to the primary: a user sees their own writes even if
   the replica lags), and this request has not written a replicated table so far;
4. the primary's connection is not inside `transaction.atomic` (reads that decide a write);
5. the model is not in an app whose tables must always be current (`PRIMARY_ONLY_APPS`):
   users, sessions, tokens and authenticators, the policy's grants and team memberships (a
   revoked access takes effect at once), the audit trail (its chain head is what a new record
   links to), the job queue and the job runner's heartbeat.

So a replica serves what is read-heavy (case lists, search, overviews, detail pages) of people
who have not just written, at most the replication lag behind. The audit record an audited read
writes goes to the primary; it is in `PRIMARY_ONLY_APPS`, so it does not pin the request.
If the replica does not answer, the request reads the primary.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse

PRIMARY = "default"
REPLICA = "replica"
PIN_COOKIE = "weerstand_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Tables that must be read where they are written: identity and sign-in, the access policy and
# who belongs to which team, the audit chain, the job queue and heartbeat, Django's own.
PRIMARY_ONLY_APPS = frozenset(
    {
        "accounts",
        "admin",
        "audit",
        "auth",
        "contenttypes",
        "core",
        "django_tasks_database",
        "organisations",
        "otp_totp",
        "policy",
        "sessions",
    }
)
# Paths that are never served from the replica, whatever the method.
PRIMARY_PREFIXES = ("/api/", "/health/", "/aanmelden")

log = logging.getLogger(__name__)


@dataclass
class ReadState:
    """What the running request allows: set by the middleware, read by the router."""

    replica: bool
    wrote: bool = False


_state: contextvars.ContextVar[ReadState | None] = contextvars.ContextVar(
    "weerstand_replica_reads", default=None
)


def may_use_replica(request: HttpRequest) -> bool:
    """Whether a request's reads may go to the replica (before the view runs)."""
    return (
        request.method in SAFE_METHODS
        and PIN_COOKIE not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path.startswith(PRIMARY_PREFIXES)
    )


class ReplicaRouter:
    """Send a read to the replica when the running request allows it; writes to the primary."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        state = _state.get()
        if state is None or not state.replica or state.wrote:
            return PRIMARY
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return PRIMARY
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        state = _state.get()
        if state is not None and model._meta.app_label not in PRIMARY_ONLY_APPS:
            state.wrote = True  # read-your-own-writes for the rest of this request
        instance = hints.get("instance")
        if instance is not None and getattr(instance._state, "db", None) == REPLICA:
            # A row read from a copy that may lag, saved back: read it in transaction.atomic
            # (on the primary, with select_for_update) before changing it.
            log.warning("saving a %s read from the replica", model._meta.label)
        return PRIMARY

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica is a copy of the primary: a row read on either may point to the other's.
        if {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA}:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None


def _replica_answers() -> bool:
    """Connect to the replica if needed; False (and a warning) if it does not answer."""
    try:
        connections[REPLICA].ensure_connection()
    except DatabaseError as exc:
        log.warning("replica unavailable, reading the primary: %s", type(exc).__name__)
        return False
    return True


class ReplicaReadsMiddleware:
    """Decide per request whether reads may go to the replica; pin a writer to the primary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        state = ReadState(replica=may_use_replica(request) and _replica_answers())
        token = _state.set(state)
        try:
            response = self.get_response(request)
        finally:
            _state.reset(token)
        if request.method not in SAFE_METHODS or state.wrote:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Strict",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
