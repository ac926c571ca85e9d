"""`make bench`: run every benchmark in turn; figures are copied into docs/benchmarks.md."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = ["bench_audit.py", "bench_planner.py"]


def main() -> int:
    status = 0
    for name in BENCHES:
        path = HERE / name
        print(f"== {name} ==", flush=True)
        status |= subprocess.call([sys.executable, str(path), *sys.argv[1:]])  # noqa: S603
    return status


if __name__ == "__main__":
    raise SystemExit(main())
