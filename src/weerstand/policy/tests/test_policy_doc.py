"""docs/access-policy.md is generated from the code; the two must never drift apart."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from weerstand.policy.management.commands.policy_table import default_path
from weerstand.policy.table import GRANTS, render_markdown


def test_document_matches_the_code() -> None:
    path = default_path()
    assert path.exists(), "docs/access-policy.md is missing: run `weerstand policy-table --write`"
    assert path.read_text(encoding="utf-8") == render_markdown(), (
        "docs/access-policy.md differs from policy/table.py: run `weerstand policy-table --write`"
    )


def test_command_prints_the_table() -> None:
    out = StringIO()
    call_command("policy_table", stdout=out)
    assert out.getvalue() == render_markdown()


def test_check_passes_on_the_real_document() -> None:
    call_command("policy_table", "--check", stdout=StringIO())


def test_check_fails_on_a_drifted_document(tmp_path: Path) -> None:
    doc = tmp_path / "access-policy.md"
    doc.write_text(render_markdown().replace("| inspector |", "| inspecteur |"), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("policy_table", "--check", "--path", str(doc), stdout=StringIO())
    missing = tmp_path / "absent.md"
    with pytest.raises(CommandError):
        call_command("policy_table", "--check", "--path", str(missing), stdout=StringIO())


def test_write_then_check(tmp_path: Path) -> None:
    doc = tmp_path / "sub" / "access-policy.md"
    call_command("policy_table", "--write", "--path", str(doc), stdout=StringIO())
    assert doc.read_text(encoding="utf-8") == render_markdown()
    call_command("policy_table", "--check", "--path", str(doc), stdout=StringIO())


def test_every_grant_appears_in_the_document() -> None:
    text = render_markdown()
    for role, rows in GRANTS.items():
        line = next(ln for ln in text.splitlines() if ln.startswith(f"| {role.value} |"))
        for (resource, action), scopes in rows.items():
            header = text.splitlines()[
                next(i for i, ln in enumerate(text.splitlines()) if ln.startswith("| role |"))
            ]
            columns = [c.strip() for c in header.strip("|").split("|")]
            cells = [c.strip() for c in line.strip("|").split("|")]
            col = columns.index(f"{resource.value}:{action.value}")
            assert cells[col] == ",".join(s.value for s in scopes)


def test_document_states_the_inspector_compartment_choice() -> None:
    text = render_markdown()
    assert "Restricting compartments bind inspectors too" in text
    assert "Break-glass" in text and "never change" in text.lower()


def test_console_command_checks_and_fails_on_drift(tmp_path: Path) -> None:
    """`weerstand policy-table --check` as the console runs it: 0 when in step, else not."""
    import subprocess
    import sys

    ok = subprocess.run(
        [sys.executable, "-m", "weerstand", "policy-table", "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    drifted = tmp_path / "access-policy.md"
    drifted.write_text("# Access policy\n\nhand-edited\n", encoding="utf-8")
    bad = subprocess.run(
        [sys.executable, "-m", "weerstand", "policy-table", "--check", "--path", str(drifted)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode != 0
