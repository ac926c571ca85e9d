"""The acting principal and request metadata, carried in a context variable.

Domain services read it to write audit records without every caller passing request
details around. Management commands and background jobs set a system context explicitly.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from weerstand.accounts.models import User


@dataclass
class RequestContext:
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    client_ip: str = ""
    user: User | Any | None = None
    channel: str = "system"  # web, api, cli, system
    method: str = ""  # the HTTP method of a request ("" outside a request)
    path: str = ""  # the request path, without query string (never search text)
    token: str = ""  # the public prefix of the API token the request used, if any
    # Refusals (hidden objects, refused writes) waiting to be audited after the response,
    # outside the view's transaction, so a rollback cannot take them away.
    refusals: list[Any] = field(default_factory=list)
    # The last object the request read through `engine.get_for`: what a refused write was about.
    subject: tuple[str, str] | None = None
    # The policy's facts about each acting user (`policy.engine.principal`), read once per
    # request. None outside a request: commands and jobs read them on every call. The request
    # middleware empties it whenever the request writes a table those facts come from.
    principals: dict[Any, Any] | None = None

    @property
    def deferred(self) -> bool:
        """True while serving a request: refusals wait for the response to be built."""
        return self.channel in ("web", "api")


_current: ContextVar[RequestContext | None] = ContextVar("weerstand_request_context", default=None)


def current() -> RequestContext:
    """The context of the running request or command; a fresh system context otherwise."""
    ctx = _current.get()
    if ctx is None:
        ctx = RequestContext()
        _current.set(ctx)
    return ctx


def peek() -> RequestContext | None:
    """The running request's or command's context, or None; never creates one (for logs)."""
    return _current.get()


@contextlib.contextmanager
def use(ctx: RequestContext) -> Iterator[RequestContext]:
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)
