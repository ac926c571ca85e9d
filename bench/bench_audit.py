"""Benchmark of the audit trail: the cost of auditing a write, and verifying a long chain.

(a) N person updates, each in its own transaction, once without and once with an audit
    record (the domain-service pattern); reports writes per second and the ratio.
(b) Builds a valid chain of M records (default 1,000,000) with signed checkpoints in bulk,
    then times `weerstand audit-verify` on it in a child process (wall time and peak memory).

Runs on a throwaway SQLite file in a temporary folder that is deleted afterwards, or on the
database given with --database-url (it must have an empty audit trail: audit rows cannot be
deleted, so use a database you drop afterwards). It never touches the demo database.

    .venv/bin/python bench/bench_audit.py
    .venv/bin/python bench/bench_audit.py --database-url postgres://postgres@127.0.0.1:5432/wst_bench_audit
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--database-url", default="", help="Database to use (default: temp SQLite).")
    p.add_argument("--writes", type=int, default=2000, help="Updates per run in part (a).")
    p.add_argument("--records", type=int, default=1_000_000, help="Chain length in part (b).")
    p.add_argument("--checkpoint-every", type=int, default=100, help="Checkpoint interval.")
    p.add_argument("--batch-size", type=int, default=10_000, help="audit-verify batch size.")
    p.add_argument("--threads", type=int, default=8, help="Concurrent appenders in part (c).")
    p.add_argument("--appends", type=int, default=300, help="Appends per thread in part (c).")
    p.add_argument("--shards", type=int, default=8, help="Shards (PostgreSQL) in (b) and (c).")
    p.add_argument("--skip-concurrent", action="store_true", help="Skip part (c).")
    p.add_argument("--skip-writes", action="store_true", help="Skip part (a).")
    p.add_argument("--skip-verify", action="store_true", help="Skip part (b).")
    p.add_argument("--json", default="", help="Also write the results to this JSON file.")
    return p.parse_args()


def configure(args: argparse.Namespace, workdir: Path) -> dict[str, str]:
    """Environment for this process and the verifier child: never the demo database."""
    env = {
        "DJANGO_SETTINGS_MODULE": "weerstand.settings",
        "WEERSTAND_VAR_DIR": str(workdir),
        "DATABASE_URL": args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
        "WEERSTAND_AUDIT_CHECKPOINT_EVERY": str(args.checkpoint_every),
        "WEERSTAND_AUDIT_ANCHOR_FILE": "",
        "DJANGO_DEBUG": "false",  # DEBUG would keep every query in memory
    }
    os.environ.update(env)
    import django

    django.setup()
    return env


def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        mem_kb = 0
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gib": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
    }


def bench_writes(n: int) -> dict[str, Any]:
    from django.db import transaction
    from django.utils import timezone

    from weerstand import testing
    from weerstand.audit import services as audit
    from weerstand.audit.models import AuditAction
    from weerstand.core import context
    from weerstand.registry.models import Person

    actor = testing.user("lcc_coordinator")
    people = [testing.person(first=f"P{i}", home_address=f"Adres {i}") for i in range(50)]

    def run(audited: bool) -> tuple[float, float]:
        started, cpu = time.perf_counter(), time.process_time()
        with context.use(context.RequestContext(user=actor, channel="web")):
            for i in range(n):
                p = people[i % len(people)]
                with transaction.atomic():
                    before = {"first_name": p.first_name}
                    p.first_name = f"P{i}-{int(audited)}"
                    p.version += 1
                    p.updated_at = timezone.now()
                    p.save(update_fields=["first_name", "version", "updated_at"])
                    if audited:
                        audit.record(
                            AuditAction.UPDATE,
                            p,
                            changes=audit.field_changes(
                                before, {"first_name": p.first_name}, model=Person
                            ),
                            actor=actor,
                        )
        return time.perf_counter() - started, time.process_time() - cpu

    run(False)  # warm-up: connections, caches, query compilation
    plain, plain_cpu = run(False)
    audited, audited_cpu = run(True)
    return {
        "writes": n,
        "plain_seconds": round(plain, 2),
        "audited_seconds": round(audited, 2),
        "plain_per_second": round(n / plain),
        "audited_per_second": round(n / audited),
        "ratio_audited_to_plain": round(audited / plain, 2),
        "plain_cpu_seconds": round(plain_cpu, 2),
        "audited_cpu_seconds": round(audited_cpu, 2),
    }


def bench_concurrent(threads: int, per_thread: int, shards: int) -> dict[str, Any]:
    """(c) `threads` threads, each its own connection, append audit records (one per
    transaction) at full speed: once with 1 shard (the old single chain lock), once with
    `shards`. PostgreSQL only."""
    import threading

    from django.conf import settings
    from django.db import connection, connections, transaction

    from weerstand.audit import services as audit
    from weerstand.audit.models import AuditAction
    from weerstand.core import context

    if connection.vendor != "postgresql":
        return {"skipped": "needs PostgreSQL"}

    def run(n_shards: int) -> float:
        settings.AUDIT_SHARDS = n_shards
        barrier = threading.Barrier(threads + 1)
        errors: list[BaseException] = []

        def writer(t: int) -> None:
            try:
                with context.use(context.RequestContext(channel="web")):
                    audit.record(AuditAction.READ, object_type="bench", object_id=t)  # connect
                    barrier.wait()
                    for i in range(per_thread):
                        with transaction.atomic():
                            audit.record(AuditAction.READ, object_type="bench", object_id=i)
            except BaseException as exc:
                errors.append(exc)
            finally:
                connections.close_all()

        pool = [threading.Thread(target=writer, args=(t,)) for t in range(threads)]
        for t in pool:
            t.start()
        barrier.wait()
        started = time.perf_counter()
        for t in pool:
            t.join()
        if errors:
            raise SystemExit(f"concurrent appends failed: {errors[0]!r}")
        return time.perf_counter() - started

    total = threads * per_thread
    run(1)  # warm-up
    one = run(1)
    many = run(shards)
    settings.AUDIT_SHARDS = shards
    return {
        "threads": threads,
        "appends": total,
        "one_shard_per_second": round(total / one),
        "sharded_per_second": round(total / many),
        "shards": shards,
        "ratio_sharded_to_one": round(one / many, 2),
    }


def bench_verify(records: int, batch_size: int, env: dict[str, str], shards: int) -> dict[str, Any]:
    from django.db import connection, connections

    from weerstand.audit.models import AuditCheckpoint, AuditRecord
    from weerstand.audit.testing import build_chain

    before = AuditRecord.objects.count()
    started, cpu = time.perf_counter(), time.process_time()
    shards = shards if connection.vendor == "postgresql" else 1
    head = build_chain(records - before, batch_size=5000, shards=shards)
    built, built_cpu = time.perf_counter() - started, time.process_time() - cpu
    checkpoints = AuditCheckpoint.objects.count()
    connections.close_all()

    # The same walk in one process first (the baseline), then with the default workers.
    one = _verify_child(batch_size, env, workers=1)
    out = _verify_child(batch_size, env, workers=None)
    out.update(
        records=head,
        checkpoints=checkpoints,
        build_seconds=round(built, 1),
        build_cpu_seconds=round(built_cpu, 1),
        one_worker_wall_seconds=one["verify_wall_seconds"],
        ratio_one_worker_to_parallel=round(
            one["verify_wall_seconds"] / out["verify_wall_seconds"], 2
        ),
    )
    return out


def _verify_child(batch_size: int, env: dict[str, str], workers: int | None) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "weerstand.cli", "audit_verify", "--json"]
    cmd += ["--batch-size", str(batch_size)]
    if workers is not None:
        cmd += ["--workers", str(workers)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - our own interpreter and command
        cmd, env={**os.environ, **env}, capture_output=True, text=True, check=False
    )
    verify_seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"audit-verify failed ({done.returncode}): {done.stderr or done.stdout}")
    report = json.loads(done.stdout)
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (child.ru_utime + child.ru_stime) - (before.ru_utime + before.ru_stime)
    return {
        "verify_wall_seconds": round(verify_seconds, 1),
        "verify_reported_seconds": round(report["seconds"], 1),
        "verify_workers": report.get("workers", 1),
        "verify_cpu_seconds": round(cpu, 1),
        "verify_records_per_second": round(report["records"] / max(report["seconds"], 1e-9)),
        "verify_peak_rss_mib": round(child.ru_maxrss / 1024),
        "verify_summary": report["summary"],
    }


def main() -> None:
    args = parse_args()
    src = Path(__file__).resolve().parent.parent / "src"
    if str(src) not in sys.path:
        sys.path.insert(0, str(src))
    workdir = Path(tempfile.mkdtemp(prefix="weerstand-bench-audit-"))
    try:
        env = configure(args, workdir)
        from django.core.management import call_command
        from django.db import connection

        from weerstand.audit.models import AuditRecord

        call_command("migrate", verbosity=0)
        if AuditRecord.objects.exists():
            raise SystemExit("The audit trail of this database is not empty: use a fresh database.")
        results: dict[str, Any] = {
            "database": connection.vendor,
            "database_version": _db_version(connection),
            "machine": machine(),
        }
        print(f"database: {results['database']} {results['database_version']}")
        print(f"machine: {json.dumps(results['machine'])}")
        results["load_average_before"] = [round(x, 2) for x in os.getloadavg()]
        print(f"load average before: {results['load_average_before']}")
        if not args.skip_writes:
            results["writes"] = bench_writes(args.writes)
            print(f"(a) writes: {json.dumps(results['writes'])}")
        if not args.skip_concurrent:
            results["concurrent"] = bench_concurrent(args.threads, args.appends, args.shards)
            print(f"(c) concurrent appends: {json.dumps(results['concurrent'])}")
        if not args.skip_verify:
            results["verify"] = bench_verify(args.records, args.batch_size, env, args.shards)
            print(f"(b) verify: {json.dumps(results['verify'], ensure_ascii=False)}")
        results["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
        print(f"load average after: {results['load_average_after']}")
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False))
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: S110 - Django may not be set up yet
            pass
        shutil.rmtree(workdir, ignore_errors=True)


def _db_version(connection: Any) -> str:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SHOW server_version")
        else:
            cur.execute("SELECT sqlite_version()")
        return str(cur.fetchone()[0])


if __name__ == "__main__":
    main()
