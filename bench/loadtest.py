"""Load test: mixed traffic of every role against a generated national world (PostgreSQL).

Generates, in bulk, a world of N cases (default 10,000) in case teams, M threat products
(100,000, indexed for search), A audit records (1,000,000, a valid chain) and U accounts (500)
across all roles, on top of the demo world (`seed-demo`, for the reference data: templates,
catalogue, plans). The generated database is kept under its name when `--keep` is given, and
`--reuse` measures again on it without generating (minutes saved). Then: starts
`weerstand serve` (gunicorn, 4 workers) on a loopback port, issues a token and a signed-in web
session for each account, runs locust headless for a bounded time (`--seconds`, `--users`)
with a traffic mix per role (bench/locustfile.py), runs `pgbench -S` (select-only) for a few
seconds against a scratch pgbench database on the same server, and prints p50/p95/p99 and
errors per endpoint as a markdown table, with the ratio to pgbench.

    make bench-load                        # installs locust (requirements-bench.lock) first
    .venv/bin/python bench/loadtest.py --seconds 90 --users 20
    .venv/bin/python bench/loadtest.py --keep            # keep the generated world ...
    .venv/bin/python bench/loadtest.py --reuse --keep    # ... and measure again on it
    .venv/bin/python bench/loadtest.py --drop            # drop the kept world

Databases (on `--server`, default postgres@127.0.0.1:5432): `<name>` (default
`weerstand_loadtest`) and `<name>_pgbench`; both are dropped at the end unless `--keep`.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
VENV_BIN = Path(sys.executable).parent
WEERSTAND = str(VENV_BIN / "weerstand")
MARKER = "lt-analist-0000"  # the first generated account: the world is complete when it exists

# Accounts per role for 500 (scaled for other totals): every role of accounts/roles.py.
ROLE_SHARE = {
    "analyst": 120,
    "senior_analyst": 20,
    "decision_maker": 15,
    "lcc_coordinator": 25,
    "police_liaison": 40,
    "kmar_liaison": 10,
    "unit_planner": 40,
    "intelligence_liaison": 10,
    "om_officer": 20,
    "mayor": 25,
    "information_coordinator": 10,
    "resilience_expert": 10,
    "protectee": 80,
    "relative": 20,
    "employer": 10,
    "inspector": 10,
    "appeal_officer": 5,
    "advisory_body": 5,
    "quality_officer": 5,
    "privacy_officer": 5,
    "independent_reviewer": 5,
    "system_admin": 5,
    "security_officer": 5,
}
ORG_KIND = {
    "police_liaison": "police",
    "unit_planner": "police",
    "kmar_liaison": "kmar",
    "intelligence_liaison": "aivd",
    "om_officer": "om",
    "mayor": "municipality",
    "inspector": "inspectorate",
    "advisory_body": "advisory_body",
}
SHORT = {"analyst": "analist"}
CASE_STATES = ["assessment", "decision", "protection_active", "recalibration", "triage"]
PHENOMENA = ["organised_crime", "terrorism", "state_actors", "radicalised_loner", "stalking"]
PORTAL_ROLES = ("protectee", "relative", "employer")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    p.add_argument("--name", default="weerstand_loadtest", help="Database of the world.")
    p.add_argument("--cases", type=int, default=10_000)
    p.add_argument("--products", type=int, default=100_000)
    p.add_argument("--audit-records", type=int, default=1_000_000)
    p.add_argument("--accounts", type=int, default=500)
    p.add_argument("--seconds", type=int, default=60, help="Duration of the load (locust -t).")
    p.add_argument("--users", type=int, default=20, help="Concurrent locust users.")
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--port", type=int, default=8790)
    p.add_argument("--pgbench-seconds", type=int, default=10)
    p.add_argument("--seed", type=int, default=20261207)
    p.add_argument("--no-demo", action="store_true", help="Skip `seed-demo` (quick checks).")
    p.add_argument("--reuse", action="store_true", help="Measure on the kept world.")
    p.add_argument("--keep", action="store_true", help="Do not drop the world at the end.")
    p.add_argument("--drop", action="store_true", help="Only drop the databases.")
    p.add_argument("--json", default="", help="Also write the results to this JSON file.")
    return p.parse_args(argv)


# --- the world (Django configured in this process) ------------------------------------------


def scaled_roles(total: int) -> dict[str, int]:
    """Accounts per role for `total` accounts: every role at least once."""
    base = sum(ROLE_SHARE.values())
    return {role: max(1, round(n * total / base)) for role, n in ROLE_SHARE.items()}


def build_world(
    *, cases: int, products: int, audit_records: int, accounts: int, seed: int, log: Any = print
) -> dict[str, Any]:
    """Generate the world in bulk on the configured database (after `seed-demo`).

    Set-based: `bulk_create` per table, one password hash for every account, the audit chain
    through `build_chain`, the search index through the real indexer. A few drafts are started
    through the assessment service, so the analysts have a draft to save.
    """
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone
    from search_bench import text_for

    from weerstand import testing
    from weerstand.accounts.models import RoleAssignment, User
    from weerstand.cases.models import Case, CasePerson
    from weerstand.information.models import LegalBasis, ProductCase, ThreatProduct
    from weerstand.policy.models import Compartment, CompartmentMembership
    from weerstand.registry.models import Person

    rng = random.Random(seed)
    timings: dict[str, float] = {}
    t = time.perf_counter()
    now = timezone.now()
    orgs = {
        kind: testing.org(kind, code=f"lt-{kind}", name=f"Belasting {kind}")
        for kind in {*ORG_KIND.values(), "nctv"}
    }
    referrers = [orgs["police"], orgs["kmar"], orgs["aivd"], orgs["om"]]
    password = make_password(testing.PASSWORD)
    per_role = scaled_roles(accounts)
    with transaction.atomic():
        # Protectees first: a portal account is a person in the registry.
        people = Person.objects.bulk_create(
            [Person(first_name=f"Persoon {i}", last_name="Belasting") for i in range(cases)]
        )
        users = []
        for role, n in per_role.items():
            for i in range(n):
                users.append(
                    User(
                        username=f"lt-{SHORT.get(role, role.replace('_', '-'))}-{i:04d}",
                        password=password,
                        organisation=orgs[ORG_KIND.get(role, "nctv")],
                        clearance=4 if role in ("inspector", "decision_maker") else 3,
                        first_name=role.replace("_", " ").capitalize(),
                        last_name=f"Belasting {i}",
                    )
                )
        # Relatives and employers are linked to the cases after the protectees' ones.
        offset = {"protectee": 0, "relative": per_role["protectee"]}
        offset["employer"] = offset["relative"] + per_role["relative"]
        for u in users:
            role = _role_of(u.username)
            if role in offset and offset[role] + int(u.username.rsplit("-", 1)[1]) < cases:
                u.person = people[offset[role] + int(u.username.rsplit("-", 1)[1])]
        users = User.objects.bulk_create(users)
        RoleAssignment.objects.bulk_create(
            [RoleAssignment(user=u, role=_role_of(u.username)) for u in users]
        )
        by_role: dict[str, list[Any]] = {}
        for u in users:
            by_role.setdefault(_role_of(u.username), []).append(u)
        teams = Compartment.objects.bulk_create(
            [Compartment(kind="case_team", name=f"team LT-{i}") for i in range(cases)]
        )
        restricted = Compartment.objects.bulk_create(
            [Compartment(kind="crown_witness", name=f"kroongetuige LT-{i}") for i in range(20)]
        )
        n_analysts = len(by_role["analyst"])
        case_rows = Case.objects.bulk_create(
            [
                Case(
                    reference=f"WS-LT-{i:05d}",
                    codename=f"Werknaam {i}",
                    # Each analyst's first case takes a draft: a state where one is written.
                    state="assessment" if i < n_analysts else rng.choice(CASE_STATES),
                    phenomenon=rng.choice(PHENOMENA),
                    severity="serious",
                    protectee=people[i],
                    referring_organisation=rng.choice(referrers),
                    # Every 25th case above the officials' clearance, every 100th in a
                    # crown-witness compartment; never the analysts' draft cases.
                    classification=4 if i % 25 == 24 and i >= n_analysts else rng.choice([1, 2, 3]),
                    team=teams[i],
                    restricted_compartment=(
                        restricted[i % 20] if i % 100 == 98 and i >= n_analysts else None
                    ),
                    referred_at=now - timezone.timedelta(minutes=i * 7),
                )
                for i in range(cases)
            ]
        )
        CasePerson.objects.bulk_create(
            [CasePerson(case=c, person=c.protectee, role="protectee") for c in case_rows]
        )
        # Every case team: two analysts (the first the owner), a police liaison, a unit planner.
        members = []
        team_roles = ("analyst", "police_liaison", "unit_planner", "lcc_coordinator")
        for i, team in enumerate(teams):
            analysts = by_role["analyst"]
            members.append(
                CompartmentMembership(
                    compartment=team, user=analysts[i % len(analysts)], function="owner"
                )
            )
            second = analysts[(i * 7 + 3) % len(analysts)]
            if second != analysts[i % len(analysts)]:
                members.append(CompartmentMembership(compartment=team, user=second))
            for role in team_roles[1:]:
                who = by_role.get(role) or []
                if who:
                    members.append(CompartmentMembership(compartment=team, user=who[i % len(who)]))
        CompartmentMembership.objects.bulk_create(members)
    timings["accounts_and_cases"] = time.perf_counter() - t
    log(f"  {len(users)} accounts, {cases} cases ({timings['accounts_and_cases']:.0f} s)")

    t = time.perf_counter()
    bases = list(LegalBasis.objects.all()[:3]) or [
        LegalBasis.objects.create(
            code="lt-wpg-16", name="Wpg art. 16", law="Wpg art. 16", recipient_kinds=["nctv"]
        )
    ]
    handlings = ["none"] * 8 + ["analysis_only", "orcon", "no_operational_use"]
    made = 0
    while made < products:
        n = min(5_000, products - made)
        rows = []
        for i in range(made, made + n):
            title, summary, body = text_for(rng)
            rows.append(
                ThreatProduct(
                    reference=f"DP-LT-{i:07d}",
                    originator=rng.choice(referrers),
                    legal_basis=rng.choice(bases),
                    classification=rng.choice([0, 1, 1, 2, 2, 3, 4]),
                    handling=rng.choice(handlings),
                    title=title,
                    summary=summary,
                    body=body,
                    reliability=rng.choice("ABCDEF"),
                    credibility=rng.randint(1, 6),
                    phenomenon=rng.choice(PHENOMENA),
                    received_at=now - timezone.timedelta(minutes=rng.randint(0, 525_600)),
                )
            )
        with transaction.atomic():
            batch = ThreatProduct.objects.bulk_create(rows)
            ProductCase.objects.bulk_create(
                [
                    ProductCase(product=p, case=c)
                    for p in batch
                    for c in rng.sample(case_rows, min(len(case_rows), rng.choice([1, 1, 2])))
                ]
            )
        made += n
    timings["products"] = time.perf_counter() - t
    log(f"  {products} products ({timings['products']:.0f} s)")

    return {
        "accounts": per_role,
        "timings": {k: round(v, 1) for k, v in timings.items()},
        **finish_world(audit_records=audit_records, log=log),
    }


def finish_world(*, audit_records: int, log: Any = print) -> dict[str, Any]:
    """The second half of the generation, resumable (`--reuse` on an interrupted world): an
    open draft for every generated analyst (through the assessment service, on a case the
    analyst owns), the audit chain topped up to `audit_records`, the search index."""
    from django.db.models import Q
    from django.utils import timezone

    from weerstand.accounts.models import User
    from weerstand.assessments.models import Assessment
    from weerstand.assessments.services.drafting import start_version
    from weerstand.audit.models import AuditRecord
    from weerstand.audit.testing import build_chain
    from weerstand.cases.models import Case
    from weerstand.core import context
    from weerstand.search import index

    timings: dict[str, float] = {}
    t = time.perf_counter()
    drafts = 0
    open_drafts = Assessment.objects.filter(status="draft").values("author")
    analysts = User.objects.filter(username__startswith="lt-analist-").exclude(pk__in=open_drafts)
    with context.use(context.RequestContext(channel="cli")):
        for analyst in analysts:
            case = (
                Case.objects.filter(
                    team__memberships__user=analyst,
                    team__memberships__function="owner",
                    classification__lte=analyst.clearance,
                    restricted_compartment__isnull=True,
                )
                .exclude(Q(assessments__isnull=False))
                .order_by("pk")
                .first()
            )
            if case is None:
                continue
            Case.objects.filter(pk=case.pk).update(state="assessment", updated_at=timezone.now())
            start_version(User.objects.get(pk=analyst.pk), case.pk)
            drafts += 1
    timings["drafts"] = time.perf_counter() - t
    log(f"  {drafts} assessment drafts through the service ({timings['drafts']:.0f} s)")

    t = time.perf_counter()
    missing = audit_records - AuditRecord.objects.count()
    if missing > 0:
        build_chain(missing)
    timings["audit_chain"] = time.perf_counter() - t
    log(f"  audit chain to {AuditRecord.objects.count()} records ({timings['audit_chain']:.0f} s)")

    t = time.perf_counter()
    indexed = index.rebuild()
    timings["search_index"] = time.perf_counter() - t
    log(f"  search index {indexed} ({timings['search_index']:.0f} s)")
    return {"finish_timings": {k: round(v, 1) for k, v in timings.items()}, "indexed": indexed}


def world_complete(products: int) -> bool:
    from weerstand.accounts.models import User
    from weerstand.search.models import SearchDocument

    return (
        User.objects.filter(username=MARKER).exists() and SearchDocument.objects.count() >= products
    )


def _role_of(username: str) -> str:
    middle = username[len("lt-") :].rsplit("-", 1)[0]
    return {v: k for k, v in SHORT.items()}.get(middle, middle.replace("-", "_"))


def plan(limit_per_role: int = 50) -> dict[str, Any]:
    """Credentials and targets for the load: per role up to `limit_per_role` accounts, each with
    a fresh API token (officials) and a signed-in, second-factor-verified web session, the
    cases of their teams and (analysts) their open draft. Tokens are never stored in clear,
    so a reused world gets new ones."""
    from django.conf import settings
    from django.test import Client

    from weerstand import testing
    from weerstand.accounts.models import User
    from weerstand.accounts.services import issue_token
    from weerstand.assessments.models import Assessment
    from weerstand.core import context
    from weerstand.policy.models import CompartmentMembership

    out: dict[str, list[dict[str, Any]]] = {}
    users = User.objects.filter(username__startswith="lt-").order_by("username")
    with context.use(context.RequestContext(channel="cli")):
        for u in users:
            role = _role_of(u.username)
            if len(out.get(role, [])) >= limit_per_role:
                continue
            entry: dict[str, Any] = {"username": u.username}
            if role not in PORTAL_ROLES:
                entry["token"] = issue_token(u, days=1, label="belastingtest")[1]
            client = Client()
            testing.login(client, u)
            entry["session"] = client.cookies[settings.SESSION_COOKIE_NAME].value
            entry["cases"] = list(
                CompartmentMembership.objects.filter(user=u, compartment__team_case__isnull=False)
                .order_by("compartment__team_case__pk")
                .values_list("compartment__team_case__pk", flat=True)[:40]
            )
            draft = Assessment.objects.filter(author=u, status="draft").values("pk").first()
            if draft:
                entry["draft"] = draft["pk"]
            out.setdefault(role, []).append(entry)
    return {"session_cookie": settings.SESSION_COOKIE_NAME, "roles": out}


# --- the run ---------------------------------------------------------------------------------


def _psql(server: str, sql: str) -> None:
    subprocess.run(  # noqa: S603
        ["psql", f"{server}/postgres", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql],  # noqa: S607
        check=True,
        capture_output=True,
    )


def _exists(server: str, name: str) -> bool:
    out = subprocess.run(  # noqa: S603
        ["psql", f"{server}/postgres", "-tAc", f"select 1 from pg_database where datname='{name}'"],  # noqa: S607, S608
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip() == "1"


def drop(server: str, name: str) -> None:
    for db in (name, f"{name}_pgbench"):
        _psql(server, f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


def configure(database_url: str, var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WEERSTAND_", "DJANGO_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "weerstand.settings",
            "WEERSTAND_VAR_DIR": str(var_dir),
            "DATABASE_URL": database_url,
            "WEERSTAND_AUDIT_ANCHOR_FILE": "",
            "WEERSTAND_STATIC_MANIFEST": "1",
            "WEERSTAND_LOG_FORMAT": "json",
            "DJANGO_DEBUG": "false",
        }
    )
    os.environ.update(env)
    return env


def pgbench(server: str, name: str, seconds: int, clients: int) -> dict[str, Any]:
    """Select-only pgbench (`-S`) on a scratch database: the database's own ceiling."""
    db = f"{name}_pgbench"
    _psql(server, f'DROP DATABASE IF EXISTS "{db}"')
    _psql(server, f'CREATE DATABASE "{db}"')
    url = f"{server}/{db}"
    subprocess.run(["pgbench", "-i", "-q", "-s", "10", url], check=True, capture_output=True)  # noqa: S603, S607
    done = subprocess.run(  # noqa: S603
        ["pgbench", "-S", "-n", "-c", str(clients), "-j", "2", "-T", str(seconds), url],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    )
    tps = float(re.search(r"tps = ([\d.]+)", done.stdout).group(1))  # type: ignore[union-attr]
    latency = re.search(r"latency average = ([\d.]+) ms", done.stdout)
    _psql(server, f'DROP DATABASE IF EXISTS "{db}"')
    return {
        "clients": clients,
        "seconds": seconds,
        "tps": round(tps),
        "latency_ms": float(latency.group(1)) if latency else None,
    }


def _wait_ready(base: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/health/live", timeout=2) as r:  # noqa: S310
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"server at {base} did not come up")


def read_stats(prefix: Path) -> list[dict[str, Any]]:
    rows = []
    with open(f"{prefix}_stats.csv", newline="") as f:
        for r in csv.DictReader(f):
            rows.append(
                {
                    "endpoint": r["Name"] if r["Name"] != "Aggregated" else "all",
                    "method": r["Type"],
                    "requests": int(r["Request Count"]),
                    "errors": int(r["Failure Count"]),
                    "req_per_s": round(float(r["Requests/s"]), 2),
                    "p50_ms": float(r["50%"]),
                    "p95_ms": float(r["95%"]),
                    "p99_ms": float(r["99%"]),
                }
            )
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in sorted(rows, key=lambda r: (r["endpoint"] == "all", -r["p95_ms"])):
        name = f"{r['method']} {r['endpoint']}".strip() if r["endpoint"] != "all" else "**all**"
        lines.append(
            f"| {name} | {r['requests']} | {r['req_per_s']} | {r['p50_ms']:.0f} | "
            f"{r['p95_ms']:.0f} | {r['p99_ms']:.0f} | {r['errors']} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.drop:
        drop(args.server, args.name)
        return 0
    if "loadtest" not in args.name:
        raise SystemExit("The database name must contain 'loadtest' (it is dropped afterwards).")
    from bench_audit import _db_version, machine

    var_dir = Path(tempfile.mkdtemp(prefix="weerstand-loadtest-"))
    env = configure(f"{args.server}/{args.name}", var_dir)
    results: dict[str, Any] = {"machine": machine(), "load_average_before": os.getloadavg()}
    server = None
    try:
        reuse = args.reuse and _exists(args.server, args.name)
        if not reuse:
            _psql(args.server, f'DROP DATABASE IF EXISTS "{args.name}" WITH (FORCE)')
            _psql(args.server, f'CREATE DATABASE "{args.name}"')
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection, connections

        from weerstand.accounts.models import User

        results["database"] = _db_version(connection)
        call_command("migrate", verbosity=0)
        if reuse and not User.objects.filter(username=MARKER).exists():
            raise SystemExit(f"{args.name} holds no generated world: run without --reuse.")
        if reuse and not world_complete(args.products):
            print("finishing an interrupted generation ...", flush=True)
            t = time.perf_counter()
            results["world"] = finish_world(
                audit_records=args.audit_records, log=lambda s: print(s, flush=True)
            )
            results["world"]["seconds"] = round(time.perf_counter() - t)
        if not reuse:
            t = time.perf_counter()
            print("generating the world ...", flush=True)
            if not args.no_demo:
                call_command("seed_demo", verbosity=0)
            print(f"  demo world ({time.perf_counter() - t:.0f} s)", flush=True)
            results["world"] = build_world(
                cases=args.cases,
                products=args.products,
                audit_records=args.audit_records,
                accounts=args.accounts,
                seed=args.seed,
                log=lambda s: print(s, flush=True),
            )
            with connection.cursor() as cur:
                cur.execute("VACUUM ANALYZE")
            results["world"]["seconds"] = round(time.perf_counter() - t)
            print(f"world generated in {results['world']['seconds']} s", flush=True)
        results["reused"] = reuse
        the_plan = plan()
        plan_file = var_dir / "plan.json"
        plan_file.write_text(json.dumps(the_plan))
        with connection.cursor() as cur:
            cur.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            results["database_size"] = cur.fetchone()[0]
        connections.close_all()
        subprocess.run(  # noqa: S603
            [WEERSTAND, "collectstatic", "--noinput", "-v0"], env=env, check=True
        )

        log = open(var_dir / "server.log", "w")  # noqa: SIM115
        base = f"http://127.0.0.1:{args.port}"
        server = subprocess.Popen(  # noqa: S603
            [
                WEERSTAND,
                "serve",
                f"--bind=127.0.0.1:{args.port}",
                f"--workers={args.workers}",
                f"--threads={args.threads}",
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        _wait_ready(base)
        prefix = var_dir / "locust"
        print(f"load: {args.users} users for {args.seconds} s ...", flush=True)
        locust_env = {**env, "WEERSTAND_LOADTEST_PLAN": str(plan_file)}
        subprocess.run(  # noqa: S603
            [
                str(VENV_BIN / "locust"),
                "-f",
                str(HERE / "locustfile.py"),
                "--headless",
                "--only-summary",
                "--host",
                base,
                "-u",
                str(args.users),
                "-r",
                str(max(1, args.users // 5)),
                "-t",
                f"{args.seconds}s",
                "--stop-timeout",
                "30",
                "--csv",
                str(prefix),
                "--loglevel",
                "WARNING",
            ],
            env=locust_env,
            check=False,
            timeout=args.seconds + 300,
        )
        results["load_average_after_load"] = os.getloadavg()
        server.terminate()
        server.wait(timeout=60)
        server = None
        log.close()
        rows = read_stats(prefix)
        results["endpoints"] = rows
        failures = Path(f"{prefix}_failures.csv")
        if failures.exists():
            results["failures"] = list(csv.DictReader(failures.open()))[:20]
        print("pgbench -S ...", flush=True)
        results["pgbench"] = pgbench(args.server, args.name, args.pgbench_seconds, args.users)
        total = next(r for r in rows if r["endpoint"] == "all")
        results["ratio_pgbench_tps_to_requests"] = round(
            results["pgbench"]["tps"] / max(total["req_per_s"], 0.01)
        )
        results["settings"] = {
            "seconds": args.seconds,
            "users": args.users,
            "workers": args.workers,
            "threads": args.threads,
        }
        results["load_average_after"] = os.getloadavg()
        print(json.dumps({k: v for k, v in results.items() if k != "endpoints"}, indent=2))
        print()
        print(table(rows))
        print()
        print(
            f"pgbench -S ({args.users} clients, {args.pgbench_seconds} s): "
            f"{results['pgbench']['tps']} tps; the application served {total['req_per_s']} "
            f"requests/s: ratio {results['ratio_pgbench_tps_to_requests']}"
        )
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False))
        return 0
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=60)
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: S110 - Django may not be set up yet
            pass
        if not args.keep:
            drop(args.server, args.name)
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
