"""Cluster check: two app servers behind a proxy, a primary with a streaming replica, two workers.

Everything runs on loopback in throw-away clusters (never the shared server): a PostgreSQL
primary with the demo world, a streaming replica made from it with `pg_basebackup -R`, two app
servers (`weerstand serve`) reading the replica through the router (`DATABASE_REPLICA_URL`),
two job runners (`run-jobs --loop`) and HAProxy in front of the app servers.

Promises checked, each a non-zero exit when broken:
1. a user who signs in through the proxy (answered by one server) goes on with the same session
   cookie on the other server directly: the servers keep no state of their own;
2. API writes from several threads through both servers at once keep one audit chain that
   `audit-verify` accepts, and every acknowledged write is on the primary with its audit record;
3. with two job runners every scheduled slot runs exactly once (one run, one attempt, one
   worker per task);
4. page views of a user who has not just written read the replica (its table counters move),
   a user who just wrote reads the primary (they do not), writes all land on the primary and
   the replica never refuses one (no read-only error anywhere), and the replica catches up.

Run: `make check-cluster` (a few minutes). HAProxy comes from the distribution's package; run
as root the check installs it when it is missing, otherwise it says how.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import ExitStack
from email.message import Message
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pgcluster import Cluster, free_port, pg_bin, temporary_cluster, wait_until

DB = "weerstand_cluster"
USER = "politie"  # a police liaison: refers cases through the API and lists them on the web
WRITE_THREADS_PER_SERVER = 3
WRITE_SECONDS = 8.0
PIN_SECONDS = 15
STATS_DELAY_SECONDS = 12.0
JOB_WAIT_SECONDS = 25.0
COUNTS = "SELECT (SELECT count(*) FROM cases_case), (SELECT count(*) FROM audit_auditrecord)"


def find_haproxy() -> str:
    for candidate in (shutil.which("haproxy"), "/usr/sbin/haproxy"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("HAProxy is missing: apt-get install -y haproxy")
        subprocess.run(
            ["apt-get", "-o", "DPkg::Lock::Timeout=600", "install", "-y", "-qq", "haproxy"],
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
        return find_haproxy()
    raise SystemExit(
        "HAProxy is not installed: run `sudo apt-get install -y haproxy` (or run this check as "
        "root, which installs it), then `make check-cluster` again."
    )


def weerstand(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "weerstand", *args], env=env, text=True, capture_output=True
    )
    if done.returncode != 0:
        raise SystemExit(f"weerstand {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Browser:
    """A cookie jar shared by every server: what a browser behind the proxy holds."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def request(self, url: str, form: dict[str, str] | None = None) -> tuple[int, str, Message]:
        """Status, body and headers (looked up without regard to case: HAProxy lowercases)."""
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        req = urllib.request.Request(url, data=data, headers={"Referer": url})
        try:
            with self.opener.open(req, timeout=30) as answer:
                return answer.status, answer.read().decode(), answer.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), error.headers

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not found:
        raise SystemExit("no CSRF token on the sign-in page")
    return found.group(1)


def api(url: str, token: str, body: dict | None = None) -> tuple[int, dict]:
    headers = {"Accept": "application/json", "Authorization": f"Token {token}"}
    data = None
    if body is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as answer:
            return answer.status, json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, {}
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, {}


def haproxy_config(port: int, servers: dict[str, int]) -> str:
    lines = [
        "global",
        "    maxconn 256",
        "defaults",
        "    mode http",
        "    timeout connect 5s",
        "    timeout client 60s",
        "    timeout server 60s",
        "frontend weerstand",
        f"    bind 127.0.0.1:{port}",
        "    default_backend app",
        "backend app",
        "    balance roundrobin",
        "    option forwardfor",
        "    option httpchk GET /health/ready",
        "    http-check expect status 200",
        # Which server answered: only for this check, a deployment leaves it out.
        "    http-response set-header X-Cluster-Server %s",
    ]
    lines += [f"    server {name} 127.0.0.1:{p} check inter 2s" for name, p in servers.items()]
    return "\n".join(lines) + "\n"


def replica_scans(replica: Cluster) -> int:
    """Index and sequential scans of the case table counted on the replica itself."""
    return int(
        replica.psql(
            DB,
            "SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_user_tables "
            "WHERE relname = 'cases_case'",
        )
        or 0
    )


def scans_since(replica: Cluster, before: int, *, expect: bool) -> int:
    """The replica's case-table scans since `before`. A backend reports its counters when idle
    at most every 10 s (PostgreSQL 15), so wait for a change, or that long for none."""
    deadline = time.monotonic() + STATS_DELAY_SECONDS
    while time.monotonic() < deadline:
        if expect and replica_scans(replica) > before:
            break
        time.sleep(0.5)
    return replica_scans(replica) - before


class Writes:
    """Threads referring cases through the API of one server each; what was acknowledged."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.lock = threading.Lock()
        self.acked: dict[str, list[int]] = {}
        self.refused: dict[str, int] = {}
        self.n = 0

    def run(self, name: str, base: str, until: float) -> None:
        while time.monotonic() < until:
            with self.lock:
                self.n += 1
                n = self.n
            status, body = api(
                f"{base}/api/v1/cases",
                self.token,
                {
                    "newProtectee": {"firstName": "Cluster", "lastName": f"Proef {n}"},
                    "phenomenon": "organised_crime",
                    "severity": "serious",
                    "summary": f"Schrijflast over twee app-servers, verzoek {n}.",
                },
            )
            with self.lock:
                if status == 201:
                    self.acked.setdefault(name, []).append(int(body["id"]))
                else:
                    self.refused[name] = self.refused.get(name, 0) + 1


def terminate(processes: list[subprocess.Popen[Any]]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def main() -> int:
    # SIGTERM (and Ctrl-C) unwind through the `finally` blocks: processes, then clusters.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(130))
    haproxy = find_haproxy()
    broken: list[str] = []
    processes: list[subprocess.Popen[Any]] = []
    with ExitStack() as stack:
        primary = stack.enter_context(temporary_cluster())
        primary.createdb(DB)
        env = {
            **os.environ,
            "DATABASE_URL": primary.url(DB),
            "PYTHONUNBUFFERED": "1",
            "WEERSTAND_REPLICA_PIN_SECONDS": str(PIN_SECONDS),
        }
        env.pop("DATABASE_REPLICA_URL", None)
        print(f"primary on port {primary.port}: migrate and seed the demo world")
        weerstand(env, "migrate", "-v0")
        weerstand(env, "seed-demo", "--if-empty")
        token = weerstand(env, "create-token", USER).strip().splitlines()[-1].strip()

        replica = stack.enter_context(temporary_cluster(init=False))
        replica.run(
            [
                pg_bin("pg_basebackup"),
                "-h",
                "127.0.0.1",
                "-p",
                str(primary.port),
                "-U",
                "postgres",
                "-D",
                str(replica.data),
                "-R",
                "-X",
                "stream",
                "-c",
                "fast",
            ]
        )
        with open(replica.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"\nport = {replica.port}\nunix_socket_directories = '{replica.root}'\n"
                "hot_standby = on\n"
            )
        replica.start()
        in_recovery = replica.psql(DB, "SELECT pg_is_in_recovery()")
        print(f"replica on port {replica.port}, a standby (pg_is_in_recovery): {in_recovery}")
        if in_recovery != "t":
            broken.append("the replica is not a standby")
        wait_until(
            lambda: primary.psql("postgres", "SELECT count(*) FROM pg_stat_replication") == "1",
            60,
            "the replica to stream",
        )
        env["DATABASE_REPLICA_URL"] = replica.url(DB)

        log = stack.enter_context(open(primary.root / "app.log", "w"))
        servers = {"a": free_port(), "b": free_port()}
        try:
            for port in servers.values():
                processes.append(
                    subprocess.Popen(
                        [
                            sys.executable,
                            "-m",
                            "weerstand",
                            "serve",
                            "--bind",
                            f"127.0.0.1:{port}",
                            "--workers",
                            "1",
                            "--threads",
                            "4",
                        ],
                        env=env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
                )
            for _ in range(2):
                processes.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "weerstand", "run-jobs", "--loop"],
                        env=env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
                )
            proxy_port = free_port()
            config = primary.root / "haproxy.cfg"
            config.write_text(haproxy_config(proxy_port, servers))
            subprocess.run([haproxy, "-c", "-q", "-f", str(config)], check=True)
            processes.append(
                subprocess.Popen(
                    [haproxy, "-db", "-f", str(config)], stdout=log, stderr=subprocess.STDOUT
                )
            )
            base = {name: f"http://127.0.0.1:{port}" for name, port in servers.items()}
            proxy = f"http://127.0.0.1:{proxy_port}"
            for name, url in base.items():
                wait_until(
                    lambda url=url: api(f"{url}/health/ready", token)[0] == 200,
                    120,
                    f"server {name} ready",
                )
            wait_until(lambda: api(f"{proxy}/health/ready", token)[0] == 200, 30, "the proxy")
            print(f"servers a :{servers['a']} and b :{servers['b']}, HAProxy :{proxy_port}")

            broken += check_session(proxy, base, env, replica)
            broken += check_writes(proxy, base, token, primary, env)
            broken += check_jobs(primary)
            broken += check_no_write_reached_the_replica(primary, replica, log.name)
            for process in processes:
                if process.poll() is not None:
                    broken.append(f"process {' '.join(map(str, process.args[2:4]))} died")
        finally:
            terminate(processes)
    for problem in broken:
        print("BROKEN:", problem)
    print("cluster: " + ("FAILED" if broken else "every promise kept"))
    return 1 if broken else 0


def check_session(
    proxy: str, base: dict[str, str], env: dict[str, str], replica: Cluster
) -> list[str]:
    """Sign in through the proxy; go on at the other server; reads on the replica or not."""
    from weerstand.core.demo import DEMO_PASSWORD

    broken = []
    browser = Browser()
    status, page, _ = browser.request(f"{proxy}/aanmelden")
    status, _, headers = browser.request(
        f"{proxy}/aanmelden",
        {"username": USER, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": csrf_of(page)},
    )
    if status != 302 or "/aanmelden/code" not in headers.get("Location", ""):
        return [f"password step through the proxy answered {status} {headers.get('Location')}"]
    status, page, _ = browser.request(f"{proxy}/aanmelden/code")
    code = weerstand(env, "totp", USER).strip()
    status, _, headers = browser.request(
        f"{proxy}/aanmelden/code",
        {"token": code, "csrfmiddlewaretoken": csrf_of(page)},
    )
    landed = headers.get("X-Cluster-Server", "?")
    if status != 302 or "aanmelden" in headers.get("Location", ""):
        return [f"code step through the proxy answered {status} {headers.get('Location')}"]
    other = "b" if landed == "a" else "a"
    print(f"signed in as {USER} through the proxy, answered by server {landed}")
    pinned_until = time.monotonic() + PIN_SECONDS
    if browser.cookie("weerstand_primary") is None:
        broken.append("the sign-in did not pin the browser to the primary")

    # Just written (signed in): pinned to the primary, the replica's case counters stay put.
    before = replica_scans(replica)
    status, _, _ = browser.request(f"{base[other]}/casussen/")
    if status != 200:
        return [*broken, f"the case list on server {other} with the session answered {status}"]
    print(f"same session on server {other} directly: case list 200")
    if time.monotonic() >= pinned_until:
        return [*broken, "the machine is too slow for the pin: raise PIN_SECONDS"]
    pinned_scans = scans_since(replica, before, expect=False)
    print(f"replica case-table scans while pinned to the primary: {pinned_scans}")
    if pinned_scans:
        broken.append(f"a user who just wrote read the replica ({pinned_scans} scans)")

    # After the pin: page views read the replica, on both servers and through the proxy.
    time.sleep(max(0.0, pinned_until - time.monotonic()) + 1)
    browser.jar.clear_expired_cookies()
    if browser.cookie("weerstand_primary") is not None:
        broken.append("the pin cookie did not expire")
    before = replica_scans(replica)
    statuses = [browser.request(f"{url}/casussen/")[0] for url in (*base.values(), proxy)]
    statuses.append(browser.request(f"{proxy}/")[0])
    scans = scans_since(replica, before, expect=True)
    connected = replica.psql(
        DB,
        "SELECT count(*) FROM pg_stat_activity "
        f"WHERE datname = '{DB}' AND backend_type = 'client backend' "
        "AND application_name <> 'psql'",
    )
    print(
        f"page views after the pin: {statuses}; replica case-table scans: {scans}; "
        f"app connections to the replica: {connected}"
    )
    if any(s != 200 for s in statuses):
        broken.append(f"page views on the replica answered {statuses}")
    if scans <= 0:
        broken.append("page views did not read the replica")
    if int(connected) < 1:
        broken.append("no app server holds a connection to the replica")
    return broken


def check_writes(
    proxy: str, base: dict[str, str], token: str, primary: Cluster, env: dict[str, str]
) -> list[str]:
    broken = []
    writes = Writes(token)
    until = time.monotonic() + WRITE_SECONDS
    targets = {**base, "proxy": proxy}
    threads = [
        threading.Thread(target=writes.run, args=(name, url, until))
        for name, url in targets.items()
        for _ in range(WRITE_THREADS_PER_SERVER if name != "proxy" else 1)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    counts = {name: len(ids) for name, ids in writes.acked.items()}
    print(f"API writes acknowledged per target: {counts}; refused: {writes.refused}")
    for name in base:
        if not counts.get(name):
            broken.append(f"no write was acknowledged by server {name}")
    if writes.refused:
        broken.append(f"writes refused: {writes.refused}")
    ids = sorted(i for ids in writes.acked.values() for i in ids)
    if ids:
        id_list = ",".join(map(str, ids))
        present = int(primary.psql(DB, f"SELECT count(*) FROM cases_case WHERE id IN ({id_list})"))
        audited = int(
            primary.psql(
                DB,
                "SELECT count(DISTINCT case_id) FROM audit_auditrecord "
                f"WHERE action = 'create' AND case_id IN ({id_list})",
            )
        )
        print(f"on the primary: {present} of {len(ids)} cases, {audited} with their audit record")
        if present != len(ids) or audited != len(ids):
            broken.append("acknowledged writes are missing on the primary or lack an audit record")
    verify = subprocess.run(
        [sys.executable, "-m", "weerstand", "audit-verify"],
        env=env,
        text=True,
        capture_output=True,
    )
    print("audit-verify:", (verify.stdout or verify.stderr).strip().splitlines()[-1:])
    if verify.returncode != 0:
        broken.append("audit-verify fails after concurrent writes through both servers")
    return broken


def check_jobs(primary: Cluster) -> list[str]:
    """Every slot one run, one attempt, and its task claimed by one worker."""
    deadline = time.monotonic() + JOB_WAIT_SECONDS
    while time.monotonic() < deadline:
        waiting = primary.psql(
            DB, "SELECT count(*) FROM core_scheduledrun WHERE state IN ('queued', 'running')"
        )
        if waiting == "0":
            break
        time.sleep(1)
    rows = primary.psql(
        DB,
        "SELECT state, count(*), max(attempts), count(DISTINCT worker) "
        "FROM core_scheduledrun GROUP BY state",
    )
    per_slot = primary.psql(
        DB,
        "SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM core_scheduledrun "
        "GROUP BY job_name, slot) AS s",
    )
    tasks = primary.psql(
        DB,
        "SELECT count(*), coalesce(max(jsonb_array_length(worker_ids::jsonb)), 0), "
        "count(DISTINCT worker_ids::text) FROM django_tasks_database_dbtaskresult",
    )
    workers = primary.psql(DB, "SELECT count(DISTINCT worker) FROM core_scheduledrun")
    runs = primary.psql(DB, "SELECT count(*) FROM core_scheduledrun")
    print(f"scheduled runs by state (state|runs|max attempts|workers): {rows.splitlines()}")
    print(f"tasks (count|max workers per task|distinct claims): {tasks}; runners: {workers}")
    broken = []
    done = {line.split("|")[0]: line.split("|") for line in rows.splitlines()}
    if "done" not in done:
        broken.append("no scheduled job ran")
    if set(done) - {"done"}:
        broken.append(f"scheduled runs not done: {sorted(set(done) - {'done'})}")
    if any(int(line[2]) > 1 for line in done.values()):
        broken.append("a scheduled run took more than one attempt")
    if per_slot != "1":
        broken.append("a job slot has more than one run")
    n_tasks, max_claims, _ = tasks.split("|")
    if int(max_claims) != 1 or int(n_tasks) != int(runs):
        broken.append(f"{n_tasks} tasks for {runs} runs, up to {max_claims} workers on one")
    return broken


def check_no_write_reached_the_replica(
    primary: Cluster, replica: Cluster, app_log: str
) -> list[str]:
    broken = []
    lsn = primary.psql("postgres", "SELECT pg_current_wal_lsn()")
    wait_until(
        lambda: replica.psql("postgres", f"SELECT pg_last_wal_replay_lsn() >= '{lsn}'") == "t",
        60,
        "the replica to catch up",
    )
    counts = [cluster.psql(DB, COUNTS) for cluster in (primary, replica)]
    print(f"cases|audit records on the primary {counts[0]}, on the replica {counts[1]}")
    if counts[0] != counts[1]:
        broken.append("the replica did not catch up with the primary")
    refused = [
        line
        for path in (Path(app_log), replica.root / "server.log")
        for line in path.read_text(errors="replace").splitlines()
        if "read-only transaction" in line or "ReadOnlySqlTransaction" in line
    ]
    print(f"writes refused by the read-only replica: {len(refused)}")
    if refused:
        broken.append(f"a write reached the replica: {refused[0][:200]}")
    return broken


if __name__ == "__main__":
    raise SystemExit(main())
