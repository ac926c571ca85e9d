"""Request id and client address for every request, shared with logs and the audit trail.

It also writes, once the response is built, the audit records of what the request was
refused (`policy.probing`): hidden objects and refused writes leave a trace.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import BadRequest
from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from weerstand.core import context
from weerstand.core.api.middleware import is_api_path
from weerstand.core.api.problems import PROBLEM_CT, problem_body

access_log = logging.getLogger("weerstand.access")
_SAFE_ID = re.compile(r"^[A-Za-z0-9\-]{8,64}$")


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]  # annotated onto request
        channel = "api" if request.path.startswith("/api/") else "web"
        ctx = context.RequestContext(
            request_id=request_id,
            client_ip=request.META.get("REMOTE_ADDR", ""),
            channel=channel,
            method=(request.method or "GET").upper(),
            path=request.path[:200],
            principals={},
        )
        request.weerstand_context = ctx  # type: ignore[attr-defined]  # read by auth layers
        started = time.perf_counter()
        with context.use(ctx), _forget_principals_on_write(ctx):
            response = self.get_response(request)
            if ctx.refusals:
                # After the response is built and outside any transaction of the view: the
                # answer to a hidden object stays exactly the answer to an absent one.
                from weerstand.policy import probing

                probing.flush(ctx)
            response["X-Request-ID"] = request_id
            if settings.WEERSTAND_ACCESS_LOG:
                _access_line(request, response, ctx, time.perf_counter() - started)
        return response


# The tables the policy's facts about a user are read from (`policy.engine.principal`).
PRINCIPAL_TABLES = (
    "policy_compartmentmembership",
    "policy_breakglassgrant",
    "accounts_roleassignment",
    "accounts_user",
)


@contextlib.contextmanager
def _forget_principals_on_write(ctx: context.RequestContext) -> Iterator[None]:
    """The principal is cached for one request only; a write in that request to a table it
    is read from (a membership added, a break-glass grant taken, by any path: service, bulk
    update, cascade) empties the cache, so the rest of the request sees the change."""

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context_: Any) -> Any:
        try:
            return execute(sql, params, many, context_)
        finally:
            if (
                ctx.principals
                and not sql.lstrip()[:6].upper().startswith("SELECT")
                and any(table in sql for table in PRINCIPAL_TABLES)
            ):
                ctx.principals.clear()

    with contextlib.ExitStack() as stack:
        for conn in connections.all():
            stack.enter_context(conn.execute_wrapper(wrapper))
        yield


def _user_id(request: HttpRequest, ctx: context.RequestContext) -> int | None:
    """The acting user's id, without a database query of its own: the API's user from the
    context, the web user only if the request already loaded it."""
    user = ctx.user if ctx.user is not None else getattr(request, "_cached_user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return int(user.pk)


def _access_line(
    request: HttpRequest, response: HttpResponse, ctx: context.RequestContext, took: float
) -> None:
    """One line per request: no query string (it may hold search text), no names."""
    access_log.info(
        "%s %s %s",
        ctx.method,
        ctx.path,
        response.status_code,
        extra={
            "method": ctx.method,
            "path": ctx.path,
            "status": response.status_code,
            "duration_ms": round(took * 1000, 1),
            "user_id": _user_id(request, ctx),
            "channel": ctx.channel,
        },
    )


class NoStoreMiddleware:
    """Nothing a signed-in user was shown stays in a browser or proxy cache (ASVS 8.2.1).

    Pages and API answers carry names, addresses and intelligence; a shared workstation's
    cache or a proxy must not keep them. A view that set its own Cache-Control keeps it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not response.has_header("Cache-Control")
            and not request.path.startswith(settings.STATIC_URL or "/static/")
        ):
            response["Cache-Control"] = "no-store"
        return response


class RefuseNulMiddleware:
    """A NUL character in the query string is a 400 before any view runs. PostgreSQL cannot
    hold one in text, so a filter or search term with it was a 500 (a server error in the
    logs that the sender caused). The API answers problem+json naming each parameter; the web
    UI its own 400 page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        names = sorted(
            {k for k, values in request.GET.lists() for v in [k, *values] if "\x00" in v}
        )
        if not names:
            return self.get_response(request)
        if not is_api_path(request.path):
            raise BadRequest("NUL in query string")
        reason = str(_("Een NUL-teken is niet toegestaan."))
        params = [
            {"name": n.replace("\x00", "\\u0000"), "code": "invalid", "reason": reason}
            for n in names
        ]
        body = problem_body(
            400,
            "invalid-params",
            "Invoer is niet geldig",
            "Een of meer velden zijn ongeldig.",
            params,
        )
        return HttpResponse(json.dumps(body), status=400, content_type=PROBLEM_CT)
