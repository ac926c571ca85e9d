"""Fault check: PostgreSQL killed (immediate shutdown) in the middle of a write load.

Promises checked, each a non-zero exit when broken:
1. every write the API acknowledged (201) is in the database afterwards, with its audit record;
2. the audit chain verifies (`audit-verify`);
3. the application recovers without a restart: the same server processes answer `/health/ready`
   and acknowledge new writes once the database is back.

It runs on a throw-away cluster (never the shared server), with the demo world, the production
server (`weerstand serve`) and a police liaison's API token referring new cases from four
threads. Run: `make check-faults` (a few minutes).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pgcluster import free_port, temporary_cluster, wait_until

THREADS = 4
BEFORE_CRASH_S = 6.0
DOWN_S = 2.0
AFTER_RESTART_S = 10.0


def weerstand(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "weerstand", *args], env=env, text=True, capture_output=True
    )
    if done.returncode != 0:
        raise SystemExit(f"weerstand {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def http(url: str, token: str | None = None, body: dict | None = None) -> tuple[int, dict]:
    headers = {"Accept": "application/json"}
    data = None
    if token:
        headers["Authorization"] = f"Token {token}"
    if body is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, {}
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, {}


class Load:
    """Threads that refer cases until stopped; what was acknowledged, and when."""

    def __init__(self, base: str, token: str) -> None:
        self.base, self.token = base, token
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.acked: list[tuple[float, int, str]] = []
        self.failed = 0
        self.n = 0

    def one(self) -> None:
        with self.lock:
            self.n += 1
            n = self.n
        status, body = http(
            f"{self.base}/api/v1/cases",
            self.token,
            {
                "newProtectee": {"firstName": "Storing", "lastName": f"Proef {n}"},
                "phenomenon": "organised_crime",
                "severity": "serious",
                "summary": f"Schrijflast tijdens een databasestoring, verzoek {n}.",
            },
        )
        with self.lock:
            if status == 201:
                self.acked.append((time.monotonic(), int(body["id"]), body["reference"]))
            else:
                self.failed += 1
        if status != 201:
            time.sleep(0.05)  # the database is down: do not spin

    def run(self) -> None:
        while not self.stop.is_set():
            self.one()


def main() -> int:
    broken: list[str] = []
    with temporary_cluster() as pg:
        pg.createdb("weerstand")
        env = {**os.environ, "DATABASE_URL": pg.url("weerstand"), "PYTHONUNBUFFERED": "1"}
        print(f"cluster on port {pg.port}: migrate and seed the demo world")
        weerstand(env, "migrate", "-v0")
        weerstand(env, "seed-demo", "--if-empty")
        token = weerstand(env, "create-token", "politie").strip().splitlines()[-1].strip()
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = open(pg.root / "app.log", "w")  # noqa: SIM115 (closed below)
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "weerstand",
                "serve",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--threads",
                "4",
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        # The job runner belongs to the deployment: readiness asks for its heartbeat, and it
        # too must carry on after the database comes back.
        jobs = subprocess.Popen(
            [sys.executable, "-m", "weerstand", "run-jobs", "--loop"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until(lambda: http(f"{base}/health/ready")[0] == 200, 90, "a ready app")
            load = Load(base, token)
            threads = [threading.Thread(target=load.run) for _ in range(THREADS)]
            for t in threads:
                t.start()
            time.sleep(BEFORE_CRASH_S)
            crash_at = time.monotonic()
            print(f"{len(load.acked)} writes acknowledged; immediate shutdown of PostgreSQL")
            pg.stop("immediate")
            time.sleep(DOWN_S)
            pg.start()
            restart_at = time.monotonic()
            print("PostgreSQL started again (crash recovery); the load goes on")
            time.sleep(AFTER_RESTART_S)
            load.stop.set()
            for t in threads:
                t.join()

            before = [a for a in load.acked if a[0] < crash_at]
            after = [a for a in load.acked if a[0] > restart_at]
            print(
                f"acknowledged: {len(before)} before the crash, {len(after)} after the restart, "
                f"{len(load.acked)} in all; {load.failed} refused or failed during the outage"
            )
            if not before:
                broken.append("no write was acknowledged before the crash: the load did not run")
            if server.poll() is not None:
                broken.append("the app server died")
            if not after:
                broken.append("no write acknowledged after the restart: the app did not recover")
            if jobs.poll() is not None:
                broken.append("the job runner died")
            # The runner's heartbeat comes back on its next round.
            try:
                wait_until(lambda: http(f"{base}/health/ready")[0] == 200, 90, "readiness")
            except SystemExit:
                broken.append("/health/ready is not 200 after the restart")

            ids = sorted({a[1] for a in load.acked})
            if ids:
                id_list = ",".join(map(str, ids))
                present = pg.psql(
                    "weerstand", f"SELECT count(*) FROM cases_case WHERE id IN ({id_list})"
                )
                if int(present) != len(ids):
                    broken.append(f"{len(ids) - int(present)} acknowledged cases are missing")
                audited = pg.psql(
                    "weerstand",
                    "SELECT count(DISTINCT case_id) FROM audit_auditrecord "
                    f"WHERE action = 'create' AND case_id IN ({id_list})",
                )
                if int(audited) != len(ids):
                    broken.append(
                        f"{len(ids) - int(audited)} acknowledged cases have no audit record"
                    )
            verify = subprocess.run(
                [sys.executable, "-m", "weerstand", "audit-verify"],
                env=env,
                text=True,
                capture_output=True,
            )
            print("audit-verify:", (verify.stdout or verify.stderr).strip())
            if verify.returncode != 0:
                broken.append("audit-verify fails after the crash")
        finally:
            for process in (server, jobs):
                process.terminate()
                process.wait(30)
            log.close()
    for problem in broken:
        print("BROKEN:", problem)
    print("crash recovery: " + ("FAILED" if broken else "every promise kept"))
    return 1 if broken else 0


if __name__ == "__main__":
    raise SystemExit(main())
