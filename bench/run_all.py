"""`make bench`: run every benchmark in turn; figures are copied into docs/benchmarks.md."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = ["bench_audit.py", "bench_planner.py", "bench_matching.py"]
# The search benchmark needs an empty PostgreSQL database of its own:
# `bench/run_all.py --search-database-url postgres://...` (see docs/benchmarks.md, section 3).
SEARCH_BENCH = "search_bench.py"
SEARCH_DB_FLAG = "--search-database-url"


def main() -> int:
    args = sys.argv[1:]
    search_db = ""
    if SEARCH_DB_FLAG in args:
        i = args.index(SEARCH_DB_FLAG)
        search_db = args[i + 1] if i + 1 < len(args) else ""
        del args[i : i + 2]
    status = 0
    for name in BENCHES:
        path = HERE / name
        print(f"== {name} ==", flush=True)
        status |= subprocess.call([sys.executable, str(path), *args])  # noqa: S603
    print(f"== {SEARCH_BENCH} ==", flush=True)
    if not search_db:
        print(f"skipped: give {SEARCH_DB_FLAG} postgres://... (an empty database)", flush=True)
        return status
    command = [sys.executable, str(HERE / SEARCH_BENCH), "--database-url", search_db]
    status |= subprocess.call(command)  # noqa: S603
    return status


if __name__ == "__main__":
    raise SystemExit(main())
