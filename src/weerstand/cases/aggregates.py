"""Counts of cases per threat phenomenon and state, for roles holding the aggregates grant.

These counts deliberately run over *all* cases, not over `visible_to(user)`: the advisory body
and the inspectorate see how the system is used without seeing a single case. That is why
they are guarded here by the policy (the AGGREGATES grant) and never return rows, and why
small cells are suppressed: a count under `THRESHOLD` is shown as "< 10" (zero included, so a
suppressed cell says nothing about whether it is empty). Complementary suppression (shown as
"x") keeps a single small cell from being recomputed from its row total; no column totals
or grand total are published (see `suppress`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases.models import Case, CaseState, Phenomenon
from weerstand.core.errors import NotPermitted
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource

# The same k as the advisory body's tables (`advisory.disclosure.K`): no page shows it 1..9.
THRESHOLD = 10
SUPPRESSED = f"< {THRESHOLD}"
# A count hidden only so that a small one cannot be recomputed from a total: it may well be
# larger than the threshold, so it must not claim "< 10".
COMPLEMENTARY = "x"


@dataclass(frozen=True)
class AggregateRow:
    code: str
    label: str
    cells: tuple[str, ...]
    total: str


@dataclass(frozen=True)
class AggregateTable:
    columns: tuple[tuple[str, str], ...]  # (state code, label)
    rows: tuple[AggregateRow, ...]


def case_counts_by_phenomenon_and_state(user: Any) -> AggregateTable:
    """The suppressed phenomenon-by-state table; NotPermitted without the aggregates grant."""
    engine.require_principal(user)
    if not engine.can(user, Resource.AGGREGATES, Action.VIEW):
        raise NotPermitted("Uw rol heeft geen inzage in geaggregeerde cijfers.")
    # Counts only, over all cases, for the aggregates grant (see module docstring).
    raw = Case.objects.order_by().values_list("phenomenon", "state").annotate(n=Count("pk"))
    phenomena = list(Phenomenon.choices)
    states = list(CaseState.choices)
    index_p = {code: i for i, (code, _) in enumerate(phenomena)}
    index_s = {code: j for j, (code, _) in enumerate(states)}
    matrix = [[0] * len(states) for _ in phenomena]
    for phenomenon, state, n in raw:
        if phenomenon in index_p and state in index_s:
            matrix[index_p[phenomenon]][index_s[state]] += n
    shown = suppress(matrix)
    audit.record(
        AuditAction.READ,
        object_type="cases.aggregates",
        object_repr="geaggregeerde aantallen casussen per fenomeen en status",
        actor=user,
    )
    return AggregateTable(
        columns=tuple((code, str(label)) for code, label in states),
        rows=tuple(
            AggregateRow(code, str(label), tuple(shown.cells[i]), shown.row_totals[i])
            for i, (code, label) in enumerate(phenomena)
        ),
    )


@dataclass
class Suppressed:
    cells: list[list[str]]
    row_totals: list[str]


def suppress(matrix: list[list[int]]) -> Suppressed:
    """Primary suppression of every count under the threshold, then complementary
    suppression inside each row whose total is published.

    Only row totals are published, never column totals or a grand total: with margins in
    both directions a hidden cell can be solved from the system of sums even when every
    line hides two cells. With row totals alone each row is an independent equation; it
    always hides at least one cell at or above the threshold next to the small ones, so
    the small ones cannot be pinned down from the known sum.
    """
    cells: list[list[str]] = []
    totals: list[str] = []
    for row in matrix:
        total = sum(row)
        primary = [n < THRESHOLD for n in row]
        hidden = primary[:]
        total_shown = SUPPRESSED if total < THRESHOLD else str(total)
        hidden_sum = sum(n for n, p in zip(row, primary, strict=True) if p)
        if total >= THRESHOLD and hidden_sum > 0:
            # The hidden cells' sum is known from the total. Hide one larger cell too: with
            # only small cells hidden, a sum of 8 over two cells would reveal 4 and 4, and
            # one small cell next to empty ones would be revealed outright. (A sum of 0
            # only tells that the hidden cells are empty, which identifies nobody.)
            candidates = [k for k, h in enumerate(hidden) if not h]
            if candidates:
                hidden[min(candidates, key=lambda k: row[k])] = True
            else:
                total_shown = COMPLEMENTARY
        cells.append(
            [
                SUPPRESSED if p else COMPLEMENTARY if h else str(n)
                for n, p, h in zip(row, primary, hidden, strict=True)
            ]
        )
        totals.append(total_shown)
    return Suppressed(cells=cells, row_totals=totals)
