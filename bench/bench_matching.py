"""Benchmark of hit/no-hit matching (issue 17): a full run over 100,000 investigation
selectors and 50,000 protection-case selectors, and matching one new selector.

(a) Builds shielded investigations (through the service), protection cases (in bulk) and
    their selectors in bulk: realistic values of every kind, normalised and hashed with the
    real keys, with a controlled number of values present on both sides (default 500). Times
    the first matching run over all of them (every selector pending) and checks that it finds
    exactly the planted hits. Baseline: the same equality join as a plain query, without
    alerts, audit records, inserting hits or marking selectors as seen.
(b) Registers single selectors one at a time through the service (every fifth equal to a
    case's selector) and runs the matching job after each: p50/p95 of the registration and of
    the matching run. Baseline: a plain indexed lookup of one digest on the other side.

Before (a) and before (b) the selector table gets what autovacuum would give it after a mass
insert or update (VACUUM ANALYZE on PostgreSQL, ANALYZE on SQLite); not timed.

Runs on a throwaway SQLite file in a temporary folder that is deleted afterwards, or on the
database given with --database-url (it must be empty: the audit trail cannot be deleted, so
use a database you drop afterwards). It never touches the demo database.

    .venv/bin/python bench/bench_matching.py
    .venv/bin/python bench/bench_matching.py --quick
    .venv/bin/python bench/bench_matching.py --database-url postgres://postgres@127.0.0.1:5432/wst_bench_matching
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Kinds with their share of each side: investigations hold many phone numbers and accounts;
# protection cases mostly what their persons yield (names with dates of birth, phone numbers,
# addresses) and some registered plates and handles.
INVESTIGATION_MIX = {"phone": 40, "handle": 20, "plate": 15, "name_dob": 15, "address": 10}
CASE_MIX = {"phone": 35, "address": 25, "name_dob": 20, "plate": 10, "handle": 10}
SELECTORS_PER_INVESTIGATION = 1000
SELECTORS_PER_CASE = 10
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _letters(n: int, width: int = 4) -> str:
    out = ""
    for _ in range(width):
        n, r = divmod(n, 26)
        out += LETTERS[r]
    return out


def value(kind: str, n: int) -> str:
    """A distinct value of `kind` for every n, in the notations people write."""
    if kind == "phone":
        return f"06-{10_000_000 + n:08d}" if n % 2 else f"+31 6 {10_000_000 + n:08d}"
    if kind == "handle":
        return f"@Bench_{_letters(n, 5)}{n % 10}"
    if kind == "plate":
        return f"{n % 100:02d}-{_letters(n // 100, 3).upper()}-{n % 7}"
    if kind == "name_dob":
        first = _letters(n, 4).capitalize()
        return f"{first} van {_letters(n // 7, 3).capitalize()}, 0{1 + n % 9}-0{1 + n % 9}-1975"
    if kind == "address":
        letters = _letters(n // 9000, 2).upper()
        return f"Dorpsstraat {1 + n // (9000 * 676)}, {1000 + n % 9000} {letters} Ergens"
    raise ValueError(kind)


@dataclass
class World:
    coordinator: Any
    investigations: list[Any]
    cases: list[Any]
    planted: int
    counters: dict[str, int] = field(default_factory=dict)
    case_values: list[tuple[str, str]] = field(default_factory=list)

    def fresh(self, kind: str) -> str:
        """A value of `kind` no selector has yet."""
        n = self.counters.get(kind, 0)
        self.counters[kind] = n + 1
        return value(kind, n)


def _kinds(mix: dict[str, int], count: int, rng: random.Random) -> list[str]:
    return rng.choices(list(mix), weights=list(mix.values()), k=count)


def build(n_investigation: int, n_case: int, overlaps: int, rng: random.Random) -> World:
    """Investigations through the service; cases, persons and selectors in bulk."""
    from django.db import transaction
    from django.utils import timezone

    from weerstand import testing as t
    from weerstand.cases.models import Case
    from weerstand.matching import digests, services
    from weerstand.matching.models import Selector, SelectorSide, SelectorSource
    from weerstand.matching.normalise import normalise
    from weerstand.policy.models import Compartment
    from weerstand.registry.models import Person

    coordinator, om = t.user("information_coordinator"), t.user("om_officer")
    investigations = [
        services.open_investigation(
            coordinator,
            services.InvestigationData(
                title=f"Onderzoek {_letters(i, 3)}",
                co_owner=om.pk,
                reason="Benchmark van de matching",
            ),
        )
        for i in range(max(1, -(-n_investigation // SELECTORS_PER_INVESTIGATION)))
    ]
    n_cases = max(1, -(-n_case // SELECTORS_PER_CASE))
    police = t.org("police", code="politie-bench-matching")
    now = timezone.now()
    with transaction.atomic():
        persons = Person.objects.bulk_create(
            [Person(first_name=f"P{i}", last_name="Bench") for i in range(n_cases)]
        )
        teams = Compartment.objects.bulk_create(
            [Compartment(kind="case_team", name=f"team {i}") for i in range(n_cases)]
        )
        cases = Case.objects.bulk_create(
            [
                Case(
                    reference=f"WS-M-{i:06d}",
                    codename=f"Werknaam {i}",
                    state="assessment",
                    phenomenon="organised_crime",
                    protectee=persons[i],
                    referring_organisation=police,
                    classification=2,
                    team=teams[i],
                    referred_at=now,
                )
                for i in range(n_cases)
            ]
        )
    world = World(coordinator, investigations, cases, planted=overlaps)
    inv_kinds = _kinds(INVESTIGATION_MIX, n_investigation, rng)
    case_kinds = _kinds(CASE_MIX, n_case, rng)
    # The first `overlaps` case selectors are planted in investigations as well.
    case_values = [(k, world.fresh(k)) for k in case_kinds]
    world.case_values = case_values
    planted_at = set(rng.sample(range(n_investigation), min(overlaps, n_investigation)))
    planted = iter(case_values[:overlaps])
    inv_values = [next(planted) if i in planted_at else None for i in range(n_investigation)]
    inv_values = [v or (k, world.fresh(k)) for k, v in zip(inv_kinds, inv_values, strict=True)]

    def hashed(kind: str, raw: str) -> tuple[int, str]:
        return digests.digest_normalised(kind, normalise(kind, raw))

    rows = []
    for i, (kind, raw) in enumerate(inv_values):
        version, digest = hashed(kind, raw)
        rows.append(
            Selector(
                side=SelectorSide.INVESTIGATION,
                investigation=investigations[i // SELECTORS_PER_INVESTIGATION],
                kind=kind,
                key_version=version,
                digest=digest,
                label=f"selector {i % 100}",
                registered_by=coordinator,
            )
        )
    for i, (kind, raw) in enumerate(case_values):
        version, digest = hashed(kind, raw)
        rows.append(
            Selector(
                side=SelectorSide.CASE,
                case=cases[i // SELECTORS_PER_CASE],
                kind=kind,
                key_version=version,
                digest=digest,
                label=f"selector {i % 100}",
                source=SelectorSource.DERIVED if i % 3 else SelectorSource.REGISTERED,
            )
        )
    rng.shuffle(rows)  # registrations of both sides interleave
    with transaction.atomic():
        Selector._base_manager.bulk_create(rows, batch_size=5000)
    return world


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def tidy() -> float:
    """What autovacuum does on its own after a mass insert or update: fresh statistics and no
    dead index entries (a mass update leaves every old "unseen" entry in the index until then).
    Returns the seconds it took (not part of any measured figure)."""
    from django.db import connection

    from weerstand.matching.models import Selector

    table = Selector._meta.db_table
    started = time.perf_counter()
    with connection.cursor() as cur:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cur.execute(f"VACUUM ANALYZE {table}")
        else:  # in the smoke test's transaction, or SQLite
            cur.execute(f"ANALYZE {table}")
    return time.perf_counter() - started


def plain_join() -> int:
    """The baseline of a full run: the equality join alone, every pair fetched."""
    from django.db import connection

    from weerstand.matching.models import Selector

    table = Selector._meta.db_table
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT i.id, c.case_id FROM {table} i JOIN {table} c "  # noqa: S608 - no input
            "ON c.kind = i.kind AND c.key_version = i.key_version AND c.digest = i.digest "
            "WHERE i.side = %s AND c.side = %s",
            ["investigation", "case"],
        )
        return len(cur.fetchall())


def _statement(sql: str) -> str:
    """Which part of a run a statement belongs to, for the breakdown."""
    if sql.startswith('UPDATE "matching_selector"'):
        return "mark_seen"
    if "JOIN matching_selector" in sql:
        return "join"
    if "audit_" in sql or "pg_advisory_xact_lock" in sql:
        return "audit_and_locks"
    return "other_statements"


def measure_full(world: World) -> dict[str, Any]:
    from django.db import connection

    from weerstand.matching import services
    from weerstand.matching.models import Hit, Selector

    breakdown: dict[str, float] = {}

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            part = _statement(sql)
            breakdown[part] = breakdown.get(part, 0.0) + time.perf_counter() - started

    pending = Selector._base_manager.filter(matched_at__isnull=True).count()
    started, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(timed):
        hits = services.match_new()
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    if len(hits) != world.planted or Hit._base_manager.count() != world.planted:
        raise SystemExit(f"expected {world.planted} hits, found {len(hits)}")
    plain_join()  # warm, as the match run was preceded by the build
    started = time.perf_counter()
    pairs = plain_join()
    baseline = time.perf_counter() - started
    return {
        "pending_selectors": pending,
        "hits": len(hits),
        "match_seconds": round(seconds, 2),
        "match_cpu_seconds": round(cpu_seconds, 2),
        "statement_seconds": {k: round(v, 2) for k, v in sorted(breakdown.items())},
        "baseline_join_seconds": round(baseline, 3),
        "baseline_pairs": pairs,
        "ratio_to_baseline": round(seconds / baseline, 1) if baseline else None,
    }


def measure_single(world: World, count: int, rng: random.Random) -> dict[str, Any]:
    from weerstand.matching import digests, services
    from weerstand.matching.models import Selector, SelectorSide

    register, match, total, lookup = [], [], [], []
    expected = found = 0
    investigation = world.investigations[0]
    taken = {v for _, v in world.case_values[: world.planted]}
    spare = [kv for kv in world.case_values if kv[1] not in taken]
    for j in range(count):
        if j % 5 == 0 and spare:
            kind, raw = spare.pop(rng.randrange(len(spare)))
            expected += 1
        else:
            kind = rng.choice(list(INVESTIGATION_MIX))
            raw = world.fresh(kind)
        started = time.perf_counter()
        services.register_for_investigation(
            world.coordinator,
            investigation.pk,
            services.SelectorData(kind=kind, value=raw, label=f"nieuw {j}"),
        )
        registered = time.perf_counter()
        hits = services.match_new()
        done = time.perf_counter()
        found += len(hits)
        register.append(registered - started)
        match.append(done - registered)
        total.append(done - started)
        version, digest = digests.digest(kind, raw)
        started = time.perf_counter()
        list(
            Selector._base_manager.filter(
                side=SelectorSide.CASE, kind=kind, key_version=version, digest=digest
            ).values_list("pk", "case_id")
        )
        lookup.append(time.perf_counter() - started)
    if found != expected:
        raise SystemExit(f"single registrations: expected {expected} hits, found {found}")
    match_p50 = statistics.median(match)
    lookup_p50 = statistics.median(lookup)
    return {
        "registrations": count,
        "hits": found,
        "register_p50_ms": _ms(statistics.median(register)),
        "register_p95_ms": _ms(_p(register, 0.95)),
        "match_p50_ms": _ms(match_p50),
        "match_p95_ms": _ms(_p(match, 0.95)),
        "register_and_match_p50_ms": _ms(statistics.median(total)),
        "register_and_match_p95_ms": _ms(_p(total, 0.95)),
        "baseline_lookup_p50_ms": _ms(lookup_p50),
        "baseline_lookup_p95_ms": _ms(_p(lookup, 0.95)),
        "ratio_match_to_lookup_p50": round(match_p50 / lookup_p50, 1) if lookup_p50 else None,
    }


def run(
    n_investigation: int, n_case: int, overlaps: int, singles: int, seed: int = 1
) -> dict[str, Any]:
    """Build, then measure (a) and (b); for the command and for the smoke test."""
    rng = random.Random(seed)
    started = time.perf_counter()
    world = build(n_investigation, n_case, overlaps, rng)
    built = time.perf_counter() - started
    print(f"  built {n_investigation} + {n_case} selectors in {built:.1f} s", flush=True)
    results: dict[str, Any] = {
        "investigation_selectors": n_investigation,
        "case_selectors": n_case,
        "investigations": len(world.investigations),
        "cases": len(world.cases),
        "planted_overlaps": overlaps,
        "build_seconds": round(built, 1),
    }
    results["tidy_after_build_seconds"] = round(tidy(), 1)
    results["full"] = measure_full(world)
    print(f"(a) full: {json.dumps(results['full'])}", flush=True)
    results["tidy_after_full_seconds"] = round(tidy(), 1)
    results["single"] = measure_single(world, singles, rng)
    print(f"(b) single: {json.dumps(results['single'])}", flush=True)
    return results


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--database-url", default="", help="Database to use (default: temp SQLite).")
    p.add_argument("--investigation-selectors", type=int, default=100_000)
    p.add_argument("--case-selectors", type=int, default=50_000)
    p.add_argument("--overlaps", type=int, default=500, help="Values planted on both sides.")
    p.add_argument("--singles", type=int, default=50, help="Single registrations in (b).")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--quick", action="store_true", help="10,000 x 5,000, 100 overlaps, 20 singles.")
    p.add_argument("--json", default="", help="Also write the results to this JSON file.")
    args = p.parse_args(argv)
    if args.quick:
        args.investigation_selectors, args.case_selectors = 10_000, 5_000
        args.overlaps, args.singles = 100, 20
    return args


def configure(args: argparse.Namespace, workdir: Path) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "weerstand.settings",
            "WEERSTAND_VAR_DIR": str(workdir),
            "DATABASE_URL": args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
            "WEERSTAND_AUDIT_ANCHOR_FILE": "",
            "DJANGO_DEBUG": "false",  # DEBUG would keep every query in memory
            # The world is built by one user in one hour: the registration limits (which still
            # run on every single registration measured) must not refuse the benchmark itself.
            "WEERSTAND_MATCHING_SELECTORS_PER_USER_HOUR": "10000000",
            "WEERSTAND_MATCHING_SELECTORS_PER_INVESTIGATION_DAY": "10000000",
            "WEERSTAND_MATCHING_BULK_THRESHOLD": "10000000",
        }
    )
    import django

    django.setup()


def _db_version(connection: Any) -> str:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SHOW server_version")
        else:
            cur.execute("SELECT sqlite_version()")
        return str(cur.fetchone()[0])


def main() -> None:
    args = parse_args()
    src = Path(__file__).resolve().parent.parent / "src"
    if str(src) not in sys.path:
        sys.path.insert(0, str(src))
    workdir = Path(tempfile.mkdtemp(prefix="weerstand-bench-matching-"))
    try:
        configure(args, workdir)
        from django.core.management import call_command
        from django.db import connection

        from weerstand.audit.models import AuditRecord
        from weerstand.matching.models import Selector

        call_command("migrate", verbosity=0)
        if AuditRecord.objects.exists() or Selector._base_manager.exists():
            raise SystemExit("This database is not empty: use a fresh database.")
        info = {
            "database": f"{connection.vendor} {_db_version(connection)}",
            "nproc": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_before": [round(x, 2) for x in os.getloadavg()],
        }
        print(json.dumps(info), flush=True)
        results = run(
            args.investigation_selectors,
            args.case_selectors,
            args.overlaps,
            args.singles,
            args.seed,
        )
        results.update(info, load_average_after=[round(x, 2) for x in os.getloadavg()])
        print(f"load average after: {results['load_average_after']}", flush=True)
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=2))
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: S110 - Django may not be set up yet
            pass
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
