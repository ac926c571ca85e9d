"""The load test's world generator (bench/loadtest.py) with tiny numbers: it must build a
consistent world through the same bulk paths as the national one, and the plan it hands to
the load must work (the token and the web session of a generated analyst, the analyst's draft).
The load itself (`make bench-load`, minutes, PostgreSQL) is not part of the test run."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import loadtest

pytestmark = pytest.mark.django_db


def test_tiny_world_and_plan(client: object) -> None:
    from weerstand.accounts.models import RoleAssignment, User
    from weerstand.assessments.models import Assessment
    from weerstand.audit.models import AuditRecord
    from weerstand.cases.models import Case
    from weerstand.information.models import ThreatProduct

    world = loadtest.build_world(
        cases=25, products=20, audit_records=300, accounts=25, seed=1, log=lambda _s: None
    )
    generated = User.objects.filter(username__startswith="lt-")
    roles = set(RoleAssignment.objects.filter(user__in=generated).values_list("role", flat=True))
    assert roles == set(loadtest.ROLE_SHARE), "every role has generated accounts"
    assert generated.count() == sum(world["accounts"].values())
    assert Case.objects.filter(reference__startswith="WS-LT-").count() == 25
    assert ThreatProduct.objects.filter(reference__startswith="DP-LT-").count() == 20
    assert AuditRecord.objects.count() >= 300
    analysts = generated.filter(username__startswith="lt-analist-")
    assert (
        Assessment.objects.filter(author__in=analysts, status="draft").count() == analysts.count()
    )
    assert loadtest.world_complete(products=20)

    the_plan = loadtest.plan(limit_per_role=1)
    analyst = the_plan["roles"]["analyst"][0]
    assert analyst["cases"] and analyst["draft"] and analyst["token"]
    assert "token" not in the_plan["roles"]["protectee"][0], "portal accounts get no token"

    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {analyst['token']}")
    assert api.get(f"/api/v1/cases/{analyst['cases'][0]}").status_code == 200
    assert api.get(f"/api/v1/assessments/{analyst['draft']}").status_code == 200
    web = type(client)()
    web.cookies[the_plan["session_cookie"]] = the_plan["roles"]["protectee"][0]["session"]
    assert web.get("/").status_code == 200
