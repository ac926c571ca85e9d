"""The set-based matching job: many pending selectors on both sides at once, duplicates within
one run, the bookkeeping of each new hit (one alert per coordinator, one audit record), and
two runs at the same time recording every pair once (PostgreSQL)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from weerstand import testing as t
from weerstand.audit.models import AuditRecord
from weerstand.matching import digests, matcher, services
from weerstand.matching.models import Hit, Selector, SelectorSide, SelectorSource
from weerstand.matching.tests.helpers import add_member, open_investigation, register
from weerstand.policy.models import Alert


def _phone(n: int) -> str:
    return f"06-{20_000_000 + n:08d}"


def _bulk(owner: Any, values: list[str], *, source: str = SelectorSource.REGISTERED) -> None:
    """Phone selectors of an investigation or a case, inserted as the job finds them: unseen."""
    side = SelectorSide.CASE if hasattr(owner, "team_id") else SelectorSide.INVESTIGATION
    rows = []
    for i, raw in enumerate(values):
        version, digest = digests.digest("phone", raw)
        rows.append(
            Selector(
                side=side,
                investigation=None if side == SelectorSide.CASE else owner,
                case=owner if side == SelectorSide.CASE else None,
                kind="phone",
                key_version=version,
                digest=digest,
                label=f"telefoon {i}",
                source=source,
            )
        )
    Selector._base_manager.bulk_create(rows)


def _cases(n: int) -> list[Any]:
    owner = t.user("analyst")
    return [t.case(owner, protectee=t.person(f"P{i}", "Beschermd"), owner=owner) for i in range(n)]


def _hit_records() -> int:
    return AuditRecord.objects.filter(object_type="matching.hit").count()


@pytest.mark.django_db
def test_many_pending_selectors_on_both_sides_match_in_one_run(
    monkeypatch: Any, settings: Any
) -> None:
    # Registered by one user within the hour: above the registration limits (limits.py).
    settings.MATCHING_SELECTORS_PER_USER_HOUR = 10_000
    settings.MATCHING_SELECTORS_PER_INVESTIGATION_DAY = 10_000
    settings.MATCHING_BULK_THRESHOLD = 10_000
    # Above this many unseen selectors a run marks them in one UPDATE and joins by the mark;
    # below, by key: the first run here takes the one way, the second the other.
    monkeypatch.setattr(matcher, "CHUNK", 100)
    first, second = open_investigation(), open_investigation("Onderzoek Merel")
    add_member(first, t.user("information_coordinator"))  # two coordinators to tell
    cases = _cases(6)
    # 300 + 200 investigation selectors; each case 40 selectors, 10 of them in an investigation.
    _bulk(first.investigation, [_phone(n) for n in range(300)])
    _bulk(second.investigation, [_phone(n) for n in range(1000, 1200)])
    for i, case in enumerate(cases):
        shared = [_phone(i * 10 + k) for k in range(5)] + [
            _phone(1000 + i * 10 + k) for k in range(5)
        ]
        _bulk(case, shared + [_phone(5000 + i * 100 + k) for k in range(30)])

    hits = services.match_new()

    assert len(hits) == 60 == Hit.objects.count()
    assert len({h.pk for h in hits}) == 60
    by_investigation = {first.investigation.pk: 0, second.investigation.pk: 0}
    for hit in hits:
        by_investigation[hit.investigation_id] += 1
    assert by_investigation == {first.investigation.pk: 30, second.investigation.pk: 30}
    assert {h.case_id for h in hits} == {c.pk for c in cases}
    assert Alert.objects.filter(message__contains="geeft een hit").count() == 30 * 2 + 30
    assert _hit_records() == 60
    assert not Selector.objects.filter(matched_at__isnull=True).exists()
    assert services.match_new() == []

    # New selectors on both sides: only the pairs they take part in are new.
    _bulk(cases[0], [_phone(299), _phone(1199), _phone(9999)])  # two old ones, one unknown
    new_inv = register(first, "phone", _phone(5000), "telefoon nieuw")  # in cases[0]
    old_first = Selector.objects.get(investigation=first.investigation, digest=_digest(_phone(299)))
    old_second = Selector.objects.get(
        investigation=second.investigation, digest=_digest(_phone(1199))
    )
    later = services.match_new()
    assert {(h.investigation_selector_id, h.case_id) for h in later} == {
        (old_first.pk, cases[0].pk),
        (old_second.pk, cases[0].pk),
        (new_inv.pk, cases[0].pk),
    }
    assert Hit.objects.count() == 63 and _hit_records() == 63


def _digest(raw: str) -> str:
    return digests.digest("phone", raw)[1]


@pytest.mark.django_db
def test_duplicates_in_one_run_give_one_hit_per_selector_and_case() -> None:
    s = open_investigation()
    other = open_investigation("Onderzoek Merel")
    case_a, case_b = _cases(2)
    value = _phone(1)
    # The same value: registered and derived in case A, in case B too, and in two investigations.
    _bulk(case_a, [value])
    _bulk(case_a, [value], source=SelectorSource.DERIVED)
    _bulk(case_b, [value])
    mine = register(s, "phone", value, "telefoon 1")
    theirs = register(other, "phone", "+31 6 2000 0001", "telefoon 1")

    hits = services.match_new()

    pairs = sorted((h.investigation_selector_id, h.case_id) for h in hits)
    assert pairs == sorted(
        [(mine.pk, case_a.pk), (mine.pk, case_b.pk), (theirs.pk, case_a.pk), (theirs.pk, case_b.pk)]
    )
    assert Hit.objects.count() == 4 and _hit_records() == 4
    oldest_of_a = (
        Selector.objects.filter(case=case_a).order_by("pk").values_list("pk", flat=True)[0]
    )
    assert {h.case_selector_id for h in hits if h.case_id == case_a.pk} == {oldest_of_a}
    assert Alert.objects.filter(recipient=s.coordinator, message__contains="hit").count() == 2
    assert services.match_new() == []


@pytest.mark.django_db
def test_a_run_with_nothing_unseen_does_nothing() -> None:
    s = open_investigation()
    register(s, "plate", "12-ABC-3", "kenteken 1")
    assert services.match_new() == []
    before = AuditRecord.objects.count()
    assert services.match_new() == []
    assert AuditRecord.objects.count() == before


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent runs need PostgreSQL")
def test_two_concurrent_runs_record_every_pair_once() -> None:
    s = open_investigation()
    cases = _cases(4)
    _bulk(s.investigation, [_phone(n) for n in range(400)])
    for i, case in enumerate(cases):
        _bulk(
            case,
            [_phone(i * 50 + k) for k in range(25)]
            + [_phone(9000 + i * 50 + k) for k in range(25)],
        )
    start = threading.Barrier(2)
    results: list[list[Hit]] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            start.wait(timeout=30)
            results.append(services.match_new())
        except BaseException as exc:  # reported by the assertions below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert sorted(len(r) for r in results) == [0, 100]  # one run found them, the other nothing
    assert Hit._base_manager.count() == 100
    assert Alert.objects.filter(recipient=s.coordinator, message__contains="hit").count() == 100
    assert _hit_records() == 100
    assert not Selector._base_manager.filter(matched_at__isnull=True).exists()


@pytest.mark.django_db
def test_a_selector_registered_during_a_run_waits_for_the_next(monkeypatch: Any) -> None:
    s = open_investigation()
    [case] = _cases(1)
    _bulk(case, [_phone(1), _phone(2)])
    assert services.match_new() == []  # the case's selectors are seen
    register(s, "phone", _phone(1), "telefoon 1")
    joins = matcher._pairs
    late: list[Any] = []

    def register_meanwhile(own_rows: str, params: list[Any]) -> list[matcher.Pair]:
        if not late:  # after this run marked what it saw, before it joined
            late.append(register(s, "phone", _phone(2), "telefoon 2"))
        return joins(own_rows, params)

    monkeypatch.setattr(matcher, "_pairs", register_meanwhile)
    [first] = services.match_new()
    assert Selector.objects.get(pk=late[0].pk).matched_at is None
    monkeypatch.setattr(matcher, "_pairs", joins)
    [second] = services.match_new()
    assert first.investigation_selector_id != late[0].pk
    assert second.investigation_selector_id == late[0].pk
