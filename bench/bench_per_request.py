"""Per-request work (issue 19): same-process ratios for the changes whose gain is not only a
query count. Run explicitly (not part of the test run), on PostgreSQL for the planner figures:

    DATABASE_URL=postgres://... .venv/bin/python -m pytest -q -s -p no:randomly \
        bench/bench_per_request.py

Prints one line per change; docs/benchmarks.md ("Per-request work") copies them.
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from weerstand import testing as t
from weerstand.cases.models import CaseState
from weerstand.core import context
from weerstand.policy import engine
from weerstand.policy.models import BreakGlassGrant, Compartment, CompartmentMembership
from weerstand.registry.models import Person

pytestmark = pytest.mark.django_db
ROUNDS = 200
TEAMS = 400


def _best(fn: Callable[[], Any], rounds: int = ROUNDS) -> float:
    """Median of `rounds` runs, in milliseconds."""
    took = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        took.append(time.perf_counter() - started)
    return statistics.median(took) * 1000


def _analyst_in_many_teams() -> Any:
    referrer, analyst = t.user("police_liaison"), t.user("analyst")
    t.case(referrer, team=(analyst,), state=CaseState.ASSESSMENT)
    teams = Compartment.objects.bulk_create(
        Compartment(kind="case_team", name=f"team {i}") for i in range(TEAMS)
    )
    CompartmentMembership.objects.bulk_create(
        CompartmentMembership(compartment=c, user=analyst) for c in teams
    )
    return type(analyst).objects.get(pk=analyst.pk)


def test_principal_read_once(capsys: Any) -> None:
    analyst = _analyst_in_many_teams()

    def before() -> None:  # roles, memberships and grants, read by two callers
        for _ in range(2):
            list(analyst.role_assignments.values_list("role", flat=True))
            list(
                CompartmentMembership.objects.filter(user=analyst.pk).values_list(
                    "compartment_id", "function"
                )
            )
            list(BreakGlassGrant.objects.filter(user=analyst.pk).values_list("case_id", flat=True))

    def after() -> None:  # one UNION ALL, once per request
        with context.use(context.RequestContext(channel="api", principals={})):
            engine.principal(analyst)
            engine.principal(analyst)

    b, a = _best(before), _best(after)
    with capsys.disabled():
        print(
            f"\nprincipal ({TEAMS} teams): before {b:.2f} ms, after {a:.2f} ms, ratio {b / a:.1f}x"
        )


def _explain(qs: Any) -> tuple[float, float]:
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE) {sql}", params)
        plan = "\n".join(r[0] for r in cursor.fetchall())
    planning = float(re.search(r"Planning Time: ([\d.]+)", plan).group(1))  # type: ignore[union-attr]
    execution = float(re.search(r"Execution Time: ([\d.]+)", plan).group(1))  # type: ignore[union-attr]
    return planning, execution


def _literal_list(p: Any, owner: bool = False) -> list[int]:
    return sorted(p.owner_of if owner else p.member_of)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_person_rule_subquery(capsys: Any, monkeypatch: Any) -> None:
    analyst = _analyst_in_many_teams()
    some = list(Person.objects.values_list("pk", flat=True)[:25])

    def rows() -> Any:
        return Person.objects.visible_to(analyst).filter(pk__in=some)

    def measure() -> tuple[float, float]:
        runs = [_explain(rows()) for _ in range(50)]
        return (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs))

    after = measure()
    with monkeypatch.context() as m:  # the literal list, as before
        m.setattr(engine, "compartments_of", _literal_list)
        before = measure()
    with capsys.disabled():
        print(
            f"\nvisible persons ({TEAMS} teams), planning/execution ms: before "
            f"{before[0]:.2f}/{before[1]:.2f}, after {after[0]:.2f}/{after[1]:.2f}, "
            f"ratio {(before[0] + before[1]) / (after[0] + after[1]):.1f}x"
        )
