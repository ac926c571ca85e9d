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


_current: ContextVar[RequestContext | None] = ContextVar("weerstand_request_context", default=None)


def current() -> RequestContext:
    """The context of the running request or command; a fresh system context otherwise."""
    ctx = _current.get()
    if ctx is None:
        ctx = RequestContext()
        _current.set(ctx)
    return ctx


@contextlib.contextmanager
def use(ctx: RequestContext) -> Iterator[RequestContext]:
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)
