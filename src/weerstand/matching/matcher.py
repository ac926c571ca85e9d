"""The matching job, set-based: pending selectors joined against the other side in a few
statements, hits inserted in bulk, alerts and audit records for the new ones only.

One run is one transaction, and runs are serialised (an advisory lock on PostgreSQL; on
SQLite the immediate transaction already holds the write lock), so what a run inserts is
exactly what it reports, alerts and audits; the unique constraint on (investigation
selector, case) is the last word should anything else insert a hit. A run first marks the
unseen selectors as seen, then joins exactly the rows it marked: a selector registered while
a run is under way stays unseen and waits for the next run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from weerstand.accounts.roles import Role
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.matching.models import Hit, Selector, SelectorSide, ShieldedInvestigation
from weerstand.policy.models import Alert, CompartmentMembership

_MATCH_LOCK_ID = 0x57534D54  # "WSMT": one matching run at a time on PostgreSQL
# Selector keys per statement: well under SQLite's limit of bound parameters.
CHUNK = 5000


@dataclass(frozen=True)
class Pair:
    investigation_selector_id: int
    investigation_id: int
    case_selector_id: int
    case_id: int


def _chunks(values: Sequence[int], size: int = CHUNK) -> Iterator[Sequence[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [_MATCH_LOCK_ID])


def _pairs(own_rows: str, params: list[Any]) -> list[Pair]:
    """Every (investigation selector, case selector) pair with equal kind, key version and
    digest in which a selector chosen by `own_rows` (a condition on `own`) takes part: one
    join per side."""
    table = Selector._meta.db_table
    out: list[Pair] = []
    with connection.cursor() as cur:
        for own, other in (("i", "c"), ("c", "i")):
            cur.execute(
                "SELECT i.id, i.investigation_id, c.id, c.case_id "  # noqa: S608 - no input
                f"FROM {table} {own} JOIN {table} {other} "
                f"ON {other}.kind = {own}.kind AND {other}.key_version = {own}.key_version "
                f"AND {other}.digest = {own}.digest "
                f"WHERE {own_rows.replace('own.', own + '.')} AND i.side = %s AND c.side = %s",
                [*params, SelectorSide.INVESTIGATION, SelectorSide.CASE],
            )
            out.extend(Pair(*row) for row in cur.fetchall())
    return out


def _mark_and_pair(now: datetime) -> list[Pair] | None:
    """Mark every unseen selector as seen at `now` and return the pairs they take part in;
    None when nothing was unseen.

    A few unseen selectors (the usual run) are marked and joined by primary key. Many (a first
    run, a backlog) are marked in one UPDATE and joined by their mark, `now`: by key, the
    chunked IN lists would cost more than the joins. Either way only the rows this run marked
    are joined, and a selector registered meanwhile stays unseen for the next run.
    """
    unseen = Selector._base_manager.filter(matched_at__isnull=True)
    few = list(unseen.order_by().values_list("pk", flat=True)[: CHUNK + 1])
    if not few:
        return None
    if len(few) <= CHUNK:
        Selector._base_manager.filter(pk__in=few).update(matched_at=now)
        return _pairs(f"own.id IN ({', '.join(['%s'] * len(few))})", few)
    unseen.update(matched_at=now)
    # Not an index-friendly test for statistics that see one mark on most rows (SQLite's
    # averages would scan the other side instead), but here most rows are this run's.
    return _pairs("own.matched_at = %s", [connection.ops.adapt_datetimefield_value(now)])


def _one_per_hit(pairs: Iterable[Pair]) -> dict[tuple[int, int], Pair]:
    """A hit is an (investigation selector, case) pair: when several selectors of one case
    match (registered and derived, or seen from both sides in one run), the oldest case
    selector stands for them."""
    out: dict[tuple[int, int], Pair] = {}
    for pair in sorted(pairs, key=lambda p: p.case_selector_id):
        out.setdefault((pair.investigation_selector_id, pair.case_id), pair)
    return out


def _already_recorded(keys: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
    by_selector = sorted({k[0] for k in keys})
    found: set[tuple[int, int]] = set()
    for chunk in _chunks(by_selector):
        found.update(
            Hit._base_manager.filter(investigation_selector_id__in=chunk).values_list(
                "investigation_selector_id", "case_id"
            )
        )
    return found


def coordinators_by_compartment(compartment_ids: Iterable[int]) -> dict[int, list[int]]:
    """Active information coordinators among the members of each compartment (user ids)."""
    out: dict[int, list[int]] = {}
    rows = (
        CompartmentMembership.objects.filter(
            compartment_id__in=sorted(set(compartment_ids)),
            user__is_active=True,
            user__role_assignments__role=Role.INFORMATION_COORDINATOR,
        )
        .values_list("compartment_id", "user_id")
        .distinct()
        .order_by("compartment_id", "user_id")
    )
    for compartment_id, user_id in rows:
        out.setdefault(compartment_id, []).append(user_id)
    return out


def _tell_and_audit(hits: list[Hit]) -> None:
    """One alert per coordinator of the hit's investigation and one audit record per hit."""
    investigations = {
        inv.pk: inv
        for inv in ShieldedInvestigation._base_manager.filter(
            pk__in={h.investigation_id for h in hits}
        ).only("pk", "title", "compartment_id")
    }
    labels: dict[int, str] = {}
    for chunk in _chunks(sorted({h.investigation_selector_id for h in hits})):
        labels.update(Selector._base_manager.filter(pk__in=chunk).values_list("pk", "label"))
    coordinators = coordinators_by_compartment(i.compartment_id for i in investigations.values())
    alerts: list[Alert] = []
    for hit in hits:
        investigation = investigations[hit.investigation_id]
        message = (
            f"Selector '{labels[hit.investigation_selector_id]}' van afgeschermd onderzoek "
            f"'{investigation.title}' geeft een hit op een beveiligingscasus."
        )
        alerts.extend(
            Alert(recipient_id=user_id, message=message)
            for user_id in coordinators.get(investigation.compartment_id, [])
        )
    Alert.objects.bulk_create(alerts, batch_size=1000)
    # The audit trail has no bulk path (every record is chained to the one before); the
    # records are written in the run's transaction, after one another. No case_id: the
    # case's own trail (read by its team) must not show the hit.
    for hit in hits:
        audit.record(
            AuditAction.CREATE,
            hit,
            case_id=None,
            changes={"investigation_selector": [None, hit.investigation_selector_id]},
        )


def match_pending(now: datetime | None = None) -> list[Hit]:
    """Match every selector not seen yet against the other side; returns the new hits."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock()
        pairs = _mark_and_pair(now)
        if pairs is None:
            return []
        wanted = _one_per_hit(pairs)
        new_keys = set(wanted) - _already_recorded(wanted)
        hits = _insert(sorted(new_keys), wanted, now)
        if hits:
            _tell_and_audit(hits)
    return hits


def _insert(
    keys: list[tuple[int, int]], wanted: dict[tuple[int, int], Pair], now: datetime
) -> list[Hit]:
    """Insert the hits of `keys`; conflicts are ignored and what was inserted is read back."""
    if not keys:
        return []
    Hit._base_manager.bulk_create(
        [
            Hit(
                investigation_id=wanted[k].investigation_id,
                investigation_selector_id=wanted[k].investigation_selector_id,
                case_id=wanted[k].case_id,
                case_selector_id=wanted[k].case_selector_id,
                created_at=now,
            )
            for k in keys
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    wanted_keys = set(keys)
    hits: list[Hit] = []
    for chunk in _chunks(sorted({k[0] for k in keys})):
        hits.extend(
            h
            for h in Hit._base_manager.filter(investigation_selector_id__in=chunk, created_at=now)
            if (h.investigation_selector_id, h.case_id) in wanted_keys
        )
    return sorted(hits, key=lambda h: h.pk)
