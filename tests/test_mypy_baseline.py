"""The type-checking ratchet (scripts/mypy_baseline.py): it fails above the baseline, passes at
or below it, and only ever lowers the number. Each case runs mypy on a tiny module of its own."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "mypy_baseline.py"

# Two type errors, nothing else to check: fast, and independent of the project's own state.
TWO_ERRORS = """\
    def double(x: int) -> int:
        return x * 2

    a: int = "one"
    b: str = double(2)
    """


def _tree(tmp_path: Path, baseline: str, source: str = TWO_ERRORS) -> Path:
    (tmp_path / "module.py").write_text(textwrap.dedent(source), encoding="utf-8")
    (tmp_path / "mypy.ini").write_text("[mypy]\nfiles = module.py\n", encoding="utf-8")
    (tmp_path / "baseline.txt").write_text(baseline, encoding="utf-8")
    return tmp_path


def _run(tree: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--root",
            str(tree),
            "--config-file",
            str(tree / "mypy.ini"),
            "--baseline",
            str(tree / "baseline.txt"),
            *extra,
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def test_more_errors_than_the_baseline_fail_and_are_listed(tmp_path: Path) -> None:
    result = _run(_tree(tmp_path, "1\n"))
    assert result.returncode == 1, result.stdout
    assert "module.py:4: error" in result.stdout and "module.py:5: error" in result.stdout
    assert "2 errors, the baseline allows 1" in result.stdout


def test_at_the_baseline_passes(tmp_path: Path) -> None:
    result = _run(_tree(tmp_path, "# allowed mypy errors\n2\n"))
    assert result.returncode == 0, result.stdout
    assert "at the baseline" in result.stdout


def test_below_the_baseline_passes_and_asks_to_lower_it(tmp_path: Path) -> None:
    tree = _tree(tmp_path, "# note\n5\n")
    result = _run(tree)
    assert result.returncode == 0, result.stdout
    assert "Lower baseline.txt to 2" in result.stdout
    assert (tree / "baseline.txt").read_text() == "# note\n5\n"  # told, not changed

    result = _run(tree, "--update")
    assert result.returncode == 0 and (tree / "baseline.txt").read_text() == "# note\n2\n"


def test_update_never_raises_the_baseline(tmp_path: Path) -> None:
    tree = _tree(tmp_path, "0\n")
    assert _run(tree, "--update").returncode == 1
    assert (tree / "baseline.txt").read_text() == "0\n"


def test_a_clean_module_counts_zero(tmp_path: Path) -> None:
    result = _run(_tree(tmp_path, "0\n", "x: int = 1\n"))
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("config", ["[mypy]\nfiles = missing.py\n", "[mypy]\nplugins = nope\n"])
def test_mypy_that_does_not_run_is_an_error_not_zero(tmp_path: Path, config: str) -> None:
    tree = _tree(tmp_path, "10\n")
    (tree / "mypy.ini").write_text(config, encoding="utf-8")
    result = _run(tree)
    assert result.returncode == 2, result.stdout


def test_a_baseline_that_is_not_a_number_is_refused(tmp_path: Path) -> None:
    result = _run(_tree(tmp_path, "about forty\n"))
    assert result.returncode == 2
    assert "expected one whole number" in result.stderr
