"""Structured logs with a request id (issue 19): the id is taken from a well-formed
X-Request-ID or made up, sent back, put on every log line and on the audit records of the
request; the access log has one line per request without query strings or names."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from weerstand.core import context
from weerstand.core.logs import JsonFormatter, RequestIdFilter, logging_config


def _record(msg: str = "hallo %s", args: tuple[Any, ...] = ("wereld",), **extra: Any) -> Any:
    record = logging.LogRecord("weerstand.test", logging.INFO, __file__, 1, msg, args, None)
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def test_the_filter_puts_the_running_request_id_on_each_record() -> None:
    with context.use(context.RequestContext(request_id="abc12345")):
        record = _record()
        assert RequestIdFilter().filter(record) is True
    assert record.request_id == "abc12345"


def test_the_json_formatter_writes_one_object_with_the_known_fields() -> None:
    record = _record(request_id="abc12345", status=200, path="/x", secret="nee")
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "hallo wereld" and entry["level"] == "INFO"
    assert entry["request_id"] == "abc12345" and entry["status"] == 200 and entry["path"] == "/x"
    assert "secret" not in entry, "only the declared extra fields are written"
    assert entry["time"].endswith("+00:00")


def test_the_json_formatter_includes_the_traceback() -> None:
    try:
        raise ValueError("kapot")
    except ValueError:
        record = logging.LogRecord(
            "weerstand", logging.ERROR, __file__, 1, "mis", (), sys.exc_info()
        )
    entry = json.loads(JsonFormatter().format(record))
    assert "ValueError: kapot" in entry["exception"]


def test_djangos_own_request_log_lines_carry_the_request_id() -> None:
    class Request:
        request_id = "from-request-1"

    record = _record(request=Request())
    with context.use(context.RequestContext(request_id="other-12345")):
        RequestIdFilter().filter(record)
    assert record.request_id == "from-request-1"


def test_an_unknown_log_format_is_refused() -> None:
    assert logging_config("json")["handlers"]["console"]["formatter"] == "json"
    assert logging_config("text")["handlers"]["console"]["formatter"] == "text"
    with pytest.raises(ValueError, match="WEERSTAND_LOG_FORMAT"):
        logging_config("xml")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("req-0123456789abcdef", True),
        ("short", False),
        ("has spaces in it", False),
        ("x" * 65, False),
        ("line\nbreak-123456", False),
    ],
)
def test_a_well_formed_request_id_is_kept_and_any_other_replaced(sent: str, kept: bool) -> None:
    response = Client().get("/health/live", HTTP_X_REQUEST_ID=sent)
    got = response["X-Request-ID"]
    assert (got == sent) is kept
    assert 8 <= len(got) <= 64


@pytest.mark.django_db
def test_one_access_line_per_request_without_query_string_or_names(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from weerstand import testing as t

    user = t.user("analyst")
    client = Client()
    t.login(client, user)
    with caplog.at_level(logging.INFO, logger="weerstand.access"):
        response = client.get("/casussen/?q=Jansen+geheim", HTTP_X_REQUEST_ID="trace-12345678")
    assert response.status_code == 200
    lines = [r for r in caplog.records if r.name == "weerstand.access"]
    assert len(lines) == 1
    line = lines[0]
    entry = json.loads(JsonFormatter().format(line))
    assert entry["method"] == "GET" and entry["path"] == "/casussen/"
    assert entry["status"] == 200 and entry["user_id"] == user.pk
    assert isinstance(entry["duration_ms"], float)
    text = json.dumps(entry)
    assert "Jansen" not in text and "q=" not in text and user.username not in text


@pytest.mark.django_db
def test_the_request_id_is_on_the_audit_records_of_the_request() -> None:
    from weerstand import testing as t
    from weerstand.audit.models import AuditRecord

    user = t.user("analyst")
    case = t.case(t.user("police_liaison"), owner=user)
    client = Client()
    t.login(client, user)
    response = client.get(
        reverse("cases:detail", args=[case.pk]), HTTP_X_REQUEST_ID="trace-audit-1234"
    )
    assert response.status_code == 200
    assert AuditRecord.objects.filter(request_id="trace-audit-1234").exists()


def test_json_logs_from_a_fresh_process(tmp_path: Path) -> None:
    """WEERSTAND_LOG_FORMAT=json configures Django's logging: a real line on stderr."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WEERSTAND_", "DJANGO_"))}
    env |= {
        "WEERSTAND_VAR_DIR": str(tmp_path),
        "WEERSTAND_LOG_FORMAT": "json",
        "DJANGO_SETTINGS_MODULE": "weerstand.settings",
    }
    script = (
        "import django, logging; django.setup(); "
        "logging.getLogger('weerstand.test').warning('hallo %s', 'json')"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr[-2000:]
    entry = json.loads(out.stderr.strip().splitlines()[-1])
    assert entry["message"] == "hallo json" and entry["request_id"] == "-"
