"""The principal (roles, memberships, break-glass) is read once per request and never kept
beyond it (issue 19): a removed member loses access at the very next request, and a change
made within the request, by whatever path, counts for the rest of that request."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from weerstand import testing as t
from weerstand.cases.models import CaseState
from weerstand.core import context
from weerstand.core.middleware import _forget_principals_on_write
from weerstand.policy import engine
from weerstand.policy.models import BreakGlassGrant, CompartmentMembership

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, Any]:
    referrer = t.user("police_liaison")
    owner = t.user("analyst")
    member = t.user("analyst")
    case = t.case(referrer, owner=owner, team=(member,), state=CaseState.ASSESSMENT)
    return {"owner": owner, "member": member, "case": case}


def _request() -> Any:
    """A request's context as the middleware builds it, with its write watch."""
    return context.RequestContext(channel="api", principals={})


def _reads(user: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        engine.principal(user)
    return len(captured.captured_queries)


def test_outside_a_request_every_call_reads_again(world: dict[str, Any]) -> None:
    assert context.current().principals is None  # a command or job: no cache at all
    assert _reads(world["member"]) == 1
    assert _reads(world["member"]) == 1


def test_inside_a_request_the_facts_are_read_once(world: dict[str, Any]) -> None:
    ctx = _request()
    with context.use(ctx), _forget_principals_on_write(ctx):
        assert _reads(world["member"]) == 1
        assert _reads(world["member"]) == 0
        assert engine.principal(world["member"]).member_of == {world["case"].team_id}
    assert context.current().principals is None  # gone with the request


@pytest.mark.parametrize("how", ["service-like delete", "bulk update", "raw sql"])
def test_a_write_in_the_request_forgets_the_facts(world: dict[str, Any], how: str) -> None:
    member, team = world["member"], world["case"].team_id
    someone_else = t.user("analyst")
    ctx = _request()
    with context.use(ctx), _forget_principals_on_write(ctx):
        assert team in engine.principal(member).member_of
        rows = CompartmentMembership.objects.filter(user=member, compartment=team)
        if how == "service-like delete":
            rows.get().delete()
        elif how == "bulk update":
            rows.update(user=someone_else)
        else:
            with connection.cursor() as cursor:
                cursor.execute(
                    "DELETE FROM policy_compartmentmembership WHERE user_id = %s", [member.pk]
                )
        assert team not in engine.principal(member).member_of


def test_break_glass_taken_in_the_request_counts_at_once(world: dict[str, Any]) -> None:
    outsider = t.user("analyst")
    now = timezone.now()
    ctx = _request()
    with context.use(ctx), _forget_principals_on_write(ctx):
        assert not engine.principal(outsider).break_glass_cases
        BreakGlassGrant.objects.create(
            user=outsider,
            case=world["case"],
            reason="Spoed: acute dreiging buiten kantoortijd",
            granted_at=now,
            expires_at=now + timedelta(hours=1),
        )
        assert engine.principal(outsider).break_glass_cases == {world["case"].pk}


def test_a_removed_member_loses_access_at_the_next_request(world: dict[str, Any]) -> None:
    api = t.api_client(world["member"])
    url = f"/api/v1/cases/{world['case'].pk}"
    assert api.get(url).status_code == 200
    # Removed behind the service's back: nothing cached outlives the request that read it.
    CompartmentMembership.objects.filter(user=world["member"]).delete()
    assert api.get(url).status_code == 404
