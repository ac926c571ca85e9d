"""What one case request costs the database (issue 19, "where the time goes"): counted
queries, not timings, so the gains stay when the machine is busy.

The test runs inside a transaction, so each audit record's own `atomic()` shows up as a
SAVEPOINT / RELEASE pair; outside the test that is the transaction itself, which Django does
not count as a query. Those pairs are left out of the counts below, and so is the audit
chain's advisory lock on PostgreSQL (`SELECT pg_advisory_xact_lock`): the append itself is
being redesigned apart from this (issue 19, "the audit chain must not cap the deployment"),
and is counted on its own."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from weerstand import testing as t
from weerstand.cases.models import Case, CaseState

pytestmark = pytest.mark.django_db

# token, principal, case, protectee, audit chain head, audit record + its payload (the
# erasable fields live in their own row since the audit-payload change: one more insert)
DETAIL_MAX = 7


AUDIT_LOCK = "SELECT pg_advisory_xact_lock"


def _statements(captured: CaptureQueriesContext) -> list[str]:
    sql = [
        q["sql"]
        for q in captured.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]
    assert len([s for s in sql if s.startswith(AUDIT_LOCK)]) <= 1  # one audited read
    return [s for s in sql if not s.startswith(AUDIT_LOCK)]


def _world(rows: int) -> dict[str, Any]:
    referrer = t.user("police_liaison")
    owner = t.user("analyst")
    member = t.user("analyst")
    cases = [
        t.case(
            referrer,
            protectee=t.person("Anna", f"Jansen{i}"),
            owner=owner,
            team=(member,),
            state=CaseState.ASSESSMENT,
        )
        for i in range(rows)
    ]
    return {"member": member, "cases": cases}


def _count(client: Any, url: str) -> list[str]:
    client.get(url)  # warm: first-use caches (content types, translations) are not the point
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return _statements(captured)


def test_case_detail_for_an_analyst_in_the_team_is_at_most_seven_queries() -> None:
    w = _world(1)
    sql = _count(t.api_client(w["member"]), f"/api/v1/cases/{w['cases'][0].pk}")
    assert len(sql) <= DETAIL_MAX, "\n".join(sql)
    # No lazy load of an organisation (the referring one, or the actor's for the audit record).
    assert not [s for s in sql if s.startswith('SELECT "organisations_organisation"')], sql


def test_the_principal_is_read_once_per_request() -> None:
    w = _world(1)
    sql = _count(t.api_client(w["member"]), f"/api/v1/cases/{w['cases'][0].pk}")
    facts = [s for s in sql if '"accounts_roleassignment"' in s]
    assert len(facts) == 1, facts  # roles, memberships and break-glass: one UNION ALL
    assert "policy_compartmentmembership" in facts[0] and "policy_breakglassgrant" in facts[0]


@pytest.mark.parametrize("channel", ["api", "web"])
def test_the_case_list_does_not_grow_with_its_rows(client: Any, channel: str) -> None:
    w = _world(2)
    if channel == "api":
        browser, url = t.api_client(w["member"]), "/api/v1/cases"
    else:
        t.login(client, w["member"])
        browser, url = client, reverse("cases:list")
    few = _count(browser, url)
    referrer = t.user("police_liaison")
    for i in range(6):
        t.case(
            referrer,
            protectee=t.person("Bram", f"Peters{i}"),
            team=(w["member"],),
            state=CaseState.ASSESSMENT,
        )
    assert Case.objects.count() == 8
    many = _count(browser, url)
    assert len(many) == len(few), "\n".join(many)


def test_the_person_rule_does_not_carry_the_list_of_teams() -> None:
    """`visible_persons` (and every case rule) asks the memberships by a subquery, not by a
    literal `IN (...)` of every team: an analyst in forty teams sends the same statement as
    one in a single team, so PostgreSQL does not plan a longer list each time."""
    from weerstand.policy.models import CompartmentMembership
    from weerstand.registry.models import Person

    w = _world(1)
    analyst = w["member"]

    def params() -> tuple[Any, ...]:
        qs = Person.objects.visible_to(analyst).filter(pk__in=[w["cases"][0].protectee_id])
        return qs.query.sql_with_params()[1]

    before = params()
    referrer = t.user("police_liaison")
    for i in range(40):
        c = t.case(referrer, protectee=t.person("Cas", f"Vos{i}"), state=CaseState.ASSESSMENT)
        CompartmentMembership.objects.get_or_create(compartment=c.team, user=analyst)
    analyst = type(analyst).objects.get(pk=analyst.pk)
    assert len(params()) == len(before)
    assert Person.objects.visible_to(analyst).count() == 41
