"""The case list's order has an index (issue 19): an inspector sees every case, so without
one the list is a full scan and sort. On PostgreSQL the plan must use it (skipped on SQLite,
whose planner we do not tune for)."""

from __future__ import annotations

import pytest
from django.db import connection

from weerstand import testing as t
from weerstand.cases.models import Case

pytestmark = pytest.mark.django_db

INDEX = "case_referred_at_idx"


def test_the_index_is_declared() -> None:
    assert INDEX in {i.name for i in Case._meta.indexes}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL's planner")
def test_the_inspectors_case_list_is_read_in_index_order() -> None:
    inspector = t.user("inspector")
    referrer = t.user("police_liaison")
    for i in range(30):
        t.case(referrer, protectee=t.person("Anna", f"Jansen{i}"))
    page = Case.objects.visible_to(inspector).order_by("-referred_at", "-pk")[:25]
    sql, params = page.query.sql_with_params()
    with connection.cursor() as cursor:
        # A test database of a few rows is cheaper to scan than to index: tell the planner a
        # scan and a sort cost too much, as they do with 10,000 cases, and see what it picks.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert INDEX in plan and "Index Scan Backward" in plan, plan
