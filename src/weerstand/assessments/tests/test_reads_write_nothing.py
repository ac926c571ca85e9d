"""Reading never changes anything: every page, API read and start-page panel of the threat
picture writes only the audit record of the read (and the session Django keeps).

A job that must run (escalating, resolving advice, moving a date) belongs in a service that a
command or the scheduler calls, not in a page that happens to be opened. The world below has
every reason for recalibration at once (overdue assumption, open advice, a new product), so
the due machinery runs in full while the statements are watched.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from weerstand import testing as t
from weerstand.assessments import panels, services
from weerstand.assessments.models import Assessment, Assumption
from weerstand.assessments.tests import builders as b

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b[^\"']*[\"']?(\w+)", re.IGNORECASE)
# The audit record of the read is required. Signing in is not the page's doing: Django saves
# the session on every request and API token authentication notes when a token was last used.
ALLOWED_TABLES = {
    "audit_auditrecord",
    "audit_auditpayload",  # the record's erasable fields, written with it
    "audit_auditcheckpoint",
    "django_session",
    "accounts_apitoken",
}


def _watch(run: Callable[[], Any]) -> tuple[Any, list[str]]:
    """What `run` returns, and the statements it wrote outside the allowed tables."""
    with CaptureQueriesContext(connection) as ctx:
        result = run()
    out = []
    for q in ctx.captured_queries:
        m = WRITE.match(q["sql"])
        if m and m.group(2).lower() not in ALLOWED_TABLES:
            out.append(q["sql"][:120])
    return result, out


def _due_world() -> tuple[b.World, Assessment, Assessment]:
    from weerstand.information import services as information

    w = b.world(state="protection_active")
    a = b.finalised(w, position="disagree")
    Assessment.objects.filter(pk=a.pk).update(finalised_at=timezone.now() - timedelta(days=5))
    Assumption.objects.filter(assessment=a).update(
        review_by=timezone.localdate() - timedelta(days=1)
    )
    product = b.product(w.case, title="Nieuw product na vaststelling")
    information.advise_reassessment(
        w.case, reason="Nieuw product", source_type="product", source_id=product.pk, actor=w.author
    )
    draft = services.start_version(w.author, w.case.pk)
    services.submit_for_challenge(w.author, draft.pk)
    return w, a, draft


def test_the_watch_sees_a_write() -> None:
    """The check can fail: a real change is caught by the same watch."""
    w, _a, draft = _due_world()
    _, written = _watch(
        lambda: services.record_challenge(w.challenger, draft.pk, b.challenge_data())
    )
    assert written


def test_pages_api_and_panels_write_only_the_audit_trail() -> None:
    w, a, draft = _due_world()
    pages = [
        reverse("assessments:overview"),
        reverse("assessments:methods"),
        reverse("assessments:method-new", args=["organised_crime"]),
        reverse("assessments:case", args=[w.case.pk]),
        reverse("assessments:detail", args=[a.pk]),
        reverse("assessments:detail", args=[draft.pk]),
        reverse("assessments:edit", args=[draft.pk]),
        reverse("assessments:challenge", args=[draft.pk]),
        reverse("assessments:answer", args=[draft.pk]),
        reverse("assessments:diff", args=[draft.pk]),
        reverse("assessments:report", args=[a.pk]),
        reverse("core:home"),
        f"/api/v1/assessments?case={w.case.pk}",
        f"/api/v1/assessments/{a.pk}",
        f"/api/v1/assessments/{a.pk}/report.pdf",
    ]
    seen_ok = 0
    for user in (w.author, w.challenger, w.senior, w.decider, w.inspector, w.outsider):
        c = Client()
        t.login(c, user)
        api = t.api_client(user)
        for url in pages:
            client = api if url.startswith("/api/") else c
            response, written = _watch(partial(client.get, url))
            assert written == [], (user.username, url, written)
            seen_ok += response.status_code == 200
        assert _watch(partial(panels.work, user))[1] == []
        assert _watch(partial(panels.counts, user))[1] == []
        assert _watch(partial(panels.case_section, user, w.case))[1] == []
    assert seen_ok > 40  # the pages were really rendered, not only refused
