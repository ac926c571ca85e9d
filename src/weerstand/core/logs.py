"""Structured logs: every line carries the request id of the request (or job) it belongs to.

`WEERSTAND_LOG_FORMAT=json` writes one JSON object per line (for a log shipper), `text` the
familiar plain lines. The access log (`weerstand.access`, written by the request-id
middleware) has one line per request: method, path without query string, status, duration,
request id and user id, never a name, a query string or a body.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from weerstand.core import context

# Fields a log call may add with `extra=`; anything else passed that way is not written.
EXTRA_FIELDS = ("method", "path", "status", "duration_ms", "user_id", "channel", "job")


class RequestIdFilter(logging.Filter):
    """Puts the running request's (or job's) id on every record as `request_id`."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Django logs 4xx/5xx answers (`django.request`) after the middleware has left the
        # request's context; those records carry the request itself.
        request_id = getattr(getattr(record, "request", None), "request_id", None)
        ctx = context.peek()
        if request_id is None and ctx is not None:
            request_id = ctx.request_id
        record.request_id = request_id or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request id,
    the known extra fields, and the traceback of an exception if there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        for name in EXTRA_FIELDS:
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def logging_config(fmt: str) -> dict[str, Any]:
    """The LOGGING setting for `json` or `text`."""
    if fmt not in ("json", "text"):
        raise ValueError(f"WEERSTAND_LOG_FORMAT must be 'json' or 'text', got {fmt!r}")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "weerstand.core.logs.RequestIdFilter"}},
        "formatters": {
            "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
            "json": {"()": "weerstand.core.logs.JsonFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": fmt,
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": "WARNING"},
        "loggers": {"weerstand": {"level": "INFO"}},
    }
