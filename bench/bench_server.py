"""Which WSGI server serves Weerstand: gunicorn (gthread) against granian (WSGI), one run.

Builds the demo world in a throwaway folder (SQLite, as `make run`; or `--database-url` for
an empty PostgreSQL database), issues an API token for a demo user, then for each server in
turn starts it on a loopback port with the same worker and thread counts and lets a few
concurrent clients (threads of this process) read the case list and a case detail through the
API for a fixed time. Prints requests/s, p50/p95/p99 and errors per server and endpoint, and
the ratio between the servers, as JSON and as a table for docs/benchmarks.md (section 5).

    .venv/bin/python bench/bench_server.py --seconds 20 --clients 8
    # granian is not a dependency of Weerstand: `pip install granian` into the venv first.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

VENV_BIN = Path(sys.executable).parent
WEERSTAND = str(VENV_BIN / "weerstand")


def _env(var_dir: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WEERSTAND_", "DJANGO_"))}
    env["WEERSTAND_VAR_DIR"] = str(var_dir)
    env["WEERSTAND_STATIC_MANIFEST"] = "1"
    env["WEERSTAND_LOG_FORMAT"] = "json"
    env["DJANGO_SETTINGS_MODULE"] = "weerstand.settings"
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env.pop("DATABASE_URL", None)
    return env


def _run(env: dict[str, str], *args: str) -> str:
    out = subprocess.run(  # noqa: S603
        [WEERSTAND, *args], env=env, capture_output=True, text=True, check=True, timeout=900
    )
    return out.stdout.strip()


def _get(url: str, token: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Authorization": f"Token {token}"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def _wait_ready(base: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/health/live", timeout=2) as r:  # noqa: S310
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server at {base} did not come up")


def _server_command(name: str, port: int, workers: int, threads: int) -> list[str]:
    if name == "gunicorn":
        return [
            WEERSTAND,
            "serve",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            f"--threads={threads}",
        ]
    if name == "granian":
        return [
            str(VENV_BIN / "granian"),
            "--interface=wsgi",
            "--host=127.0.0.1",
            f"--port={port}",
            f"--workers={workers}",
            f"--blocking-threads={threads}",
            "--no-ws",
            "weerstand.wsgi:application",
        ]
    raise SystemExit(f"unknown server {name}")


def _load(base: str, token: str, paths: dict[str, str], clients: int, seconds: float) -> Any:
    latencies: dict[str, list[float]] = {name: [] for name in paths}
    errors: dict[str, int] = dict.fromkeys(paths, 0)
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(offset: int) -> None:
        names = list(paths)
        i = offset
        while time.monotonic() < stop_at:
            name = names[i % len(names)]
            i += 1
            start = time.perf_counter()
            status, _body = _get(base + paths[name], token)
            took = time.perf_counter() - start
            with lock:
                if status == 200:
                    latencies[name].append(took)
                else:
                    errors[name] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    begin = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - begin
    result = {}
    for name, values in latencies.items():
        values.sort()
        q = statistics.quantiles(values, n=100) if len(values) > 1 else [0.0] * 99
        result[name] = {
            "requests": len(values),
            "errors": errors[name],
            "req_per_s": round(len(values) / elapsed, 1),
            "p50_ms": round(q[49] * 1000, 1),
            "p95_ms": round(q[94] * 1000, 1),
            "p99_ms": round(q[98] * 1000, 1),
        }
    total = sum(len(v) for v in latencies.values())
    result["all"] = {"req_per_s": round(total / elapsed, 1)}
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--servers", default="gunicorn,granian")
    parser.add_argument("--user", default="analist")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database-url", default="", help="empty PostgreSQL database")
    args = parser.parse_args()

    var_dir = Path(tempfile.mkdtemp(prefix="weerstand-serverbench-"))
    env = _env(var_dir, args.database_url)
    try:
        _run(env, "migrate", "-v0")
        _run(env, "seed-demo")
        _run(env, "collectstatic", "--noinput", "-v0")
        token = _run(env, "create-token", args.user, "--label", "bench").splitlines()[-1]
        results: dict[str, Any] = {}
        for name in args.servers.split(","):
            port = args.port
            log = open(var_dir / f"{name}.log", "w")  # noqa: SIM115
            proc = subprocess.Popen(  # noqa: S603
                _server_command(name, port, args.workers, args.threads),
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                base = f"http://127.0.0.1:{port}"
                _wait_ready(base)
                status, body = _get(base + "/api/v1/cases?pageSize=25", token)
                assert status == 200, status
                first = json.loads(body)["results"][0]["id"]
                paths = {"case list": "/api/v1/cases?pageSize=25", "case detail": ""}
                paths["case detail"] = f"/api/v1/cases/{first}"
                _load(base, token, paths, args.clients, 3)  # warm-up, not counted
                results[name] = _load(base, token, paths, args.clients, args.seconds)
            finally:
                proc.terminate()
                proc.wait(timeout=60)
                log.close()
        report = {
            "seconds": args.seconds,
            "clients": args.clients,
            "workers": args.workers,
            "threads": args.threads,
            "database": "postgresql" if args.database_url else "sqlite",
            "results": results,
        }
        names = list(results)
        if len(names) == 2:
            a, b = names
            report["ratio"] = {
                f"{a}/{b} req/s": round(
                    results[a]["all"]["req_per_s"] / max(results[b]["all"]["req_per_s"], 0.1), 2
                )
            }
        print(json.dumps(report, indent=2))
        print()
        print("| server | endpoint | req/s | p50 ms | p95 ms | p99 ms | errors |")
        print("|---|---|---|---|---|---|---|")
        for name, per in results.items():
            for endpoint, r in per.items():
                if endpoint == "all":
                    continue
                print(
                    f"| {name} | {endpoint} | {r['req_per_s']} | {r['p50_ms']} | {r['p95_ms']} "
                    f"| {r['p99_ms']} | {r['errors']} |"
                )
        return 0
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
