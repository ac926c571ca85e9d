#!/usr/bin/env python3
"""Type checking as a ratchet: mypy may report no more errors than the checked-in baseline.

The count never grows: more errors than the number in `scripts/mypy-baseline.txt` fails (and
the errors are listed); fewer succeeds and asks to lower the number, so the gain is kept. The
number only ever goes down; `--update` writes a lower count, never a higher one. The tree is
type-clean now and the baseline is 0, so any error fails `make lint`.

Usage: python scripts/mypy_baseline.py [--update] [--root DIR] [--config-file FILE]
                                       [--baseline FILE]
Exit status: 0 at or below the baseline, 1 above it, 2 when mypy did not run or the
baseline file is unreadable.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "scripts" / "mypy-baseline.txt"
_FOUND = re.compile(r"^Found (\d+) errors? in \d+ files?", re.MULTILINE)
_CLEAN = re.compile(r"^Success: no issues found", re.MULTILINE)


def read_baseline(path: Path) -> int:
    """The allowed number of errors: the one number in the file (lines with # are notes)."""
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    numbers = [ln for ln in lines if ln and not ln.startswith("#")]
    if len(numbers) != 1 or not numbers[0].isdigit():
        raise ValueError(f"{path}: expected one whole number, found {numbers!r}")
    return int(numbers[0])


def write_baseline(path: Path, count: int) -> None:
    """Replace the number, keep the notes."""
    lines = path.read_text(encoding="utf-8").splitlines()
    kept = [ln for ln in lines if ln.strip().startswith("#")]
    path.write_text("\n".join([*kept, str(count)]) + "\n", encoding="utf-8")


def count_errors(output: str) -> int | None:
    """The error count of mypy's summary line; None when there is no summary (mypy crashed,
    or the configuration is wrong)."""
    found = _FOUND.search(output)
    if found:
        return int(found.group(1))
    return 0 if _CLEAN.search(output) else None


def run_mypy(root: Path, config_file: Path) -> tuple[int | None, str]:
    """The error count and mypy's output. Exit status 2 means mypy stopped before checking
    (a file it cannot read, a plugin it cannot load): that counts as no result at all."""
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-m", "mypy", "--config-file", str(config_file)],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    if result.returncode not in (0, 1):
        return None, output
    return count_errors(output), output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="mypy may report no more errors than before")
    parser.add_argument("--root", type=Path, default=ROOT, help="directory mypy runs in")
    parser.add_argument("--config-file", type=Path, default=None, help="default ROOT/pyproject")
    parser.add_argument("--baseline", type=Path, default=BASELINE)
    parser.add_argument("--update", action="store_true", help="lower the baseline to the count")
    args = parser.parse_args(argv)
    config_file = args.config_file or args.root / "pyproject.toml"

    try:
        allowed = read_baseline(args.baseline)
    except (OSError, ValueError) as exc:
        print(f"mypy baseline: {exc}", file=sys.stderr)
        return 2
    count, output = run_mypy(args.root, config_file)
    if count is None:
        print(output, end="")
        print("mypy did not report a result (see above).")
        return 2
    if count > allowed:
        print(output, end="")
        print(
            f"mypy: {count} errors, the baseline allows {allowed} ({args.baseline.name}). "
            "Fix the new errors; the baseline is never raised."
        )
        return 1
    if count < allowed:
        if args.update:
            write_baseline(args.baseline, count)
            print(f"mypy: {count} errors; baseline lowered from {allowed} to {count}.")
        else:
            print(
                f"mypy: {count} errors, below the baseline of {allowed}. Lower "
                f"{args.baseline.name} to {count} (or run with --update) to keep the gain."
            )
        return 0
    print(f"mypy: {count} errors, at the baseline.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
