"""The inspectorate's signed case package: who gets it, what is in it, and that it verifies."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from weerstand import testing as t
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction, AuditRecord
from weerstand.audit.testing import dba_bypass
from weerstand.audit.verify import trusted_keys
from weerstand.decisions import services as decisions
from weerstand.decisions.tests import builders as b
from weerstand.inspection import package
from weerstand.policy.models import Alert

pytestmark = pytest.mark.django_db
API = "/api/v1/cases/{}/inspection-export"
MARKER_OTHER = "ANDERE-CASUS-MARKER-5521"


@pytest.fixture
def world() -> dict:
    w = b.world()
    case, assessment = b.decided_case(w)
    decision = decisions.create_decision(w.dm1, case.pk, b.start_data(w))
    # A read of the case by a team member: must be in the package with its seq and hash.
    audit.record(AuditAction.READ, case, actor=w.dm2)
    other = t.case(w.author, summary=MARKER_OTHER, codename=MARKER_OTHER, team=(w.author,))
    audit.record(AuditAction.READ, other, actor=w.author, reason=MARKER_OTHER)
    inspector = t.user("inspector")
    return {
        "w": w,
        "case": case,
        "assessment": assessment,
        "decision": decision,
        "other": other,
        "inspector": inspector,
    }


def _files(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _export(world: dict) -> bytes:
    response = t.api_client(world["inspector"]).get(API.format(world["case"].pk))
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/zip"
    return response.content


def test_package_verifies_and_holds_the_case_and_its_reads(world: dict) -> None:
    data = _export(world)
    files = _files(data)
    assert set(files) == set(package.ALL_FILES)
    assert package.verify_package(data, trusted_keys()) == []
    content = json.loads(files["case.json"])
    assert content["case"]["reference"] == world["case"].reference
    assert [d["reference"] for d in content["decisions"]] == [world["decision"].reference]
    assert [a["number"] for a in content["assessments"]] == [1]
    assert content["timeline"], "the timeline of the case is in the package"
    assert {m["name"].split(" (")[1].rstrip(")") for m in content["team"]} >= {
        world["w"].dm2.username
    }
    dm2_reads = [
        r
        for r in content["auditRecords"]
        if r["actor_id"] == world["w"].dm2.pk and r["action"] == "read"
    ]
    assert dm2_reads and all(r["seq"] and len(r["hash"]) == 64 for r in dm2_reads)
    manifest = json.loads(files["manifest.json"])
    assert manifest["checkpoint"]["seq"] >= max(r["seq"] for r in content["auditRecords"])
    assert manifest["exporter"]["id"] == world["inspector"].pk
    assert manifest["files"]["case.pdf"] == package.sha256(files["case.pdf"])
    assert files["case.pdf"].startswith(b"%PDF")
    # The export itself is audited, against the case.
    rec = t.last_audit(action=AuditAction.EXPORT, case_id=world["case"].pk)
    assert rec.actor_id == world["inspector"].pk
    assert rec.changes["manifest_sha256"] == package.sha256(files["manifest.json"])


@pytest.mark.parametrize("name", package.ALL_FILES)
def test_tampering_with_any_file_fails_verification(world: dict, name: str) -> None:
    files = _files(_export(world))
    original = files[name]
    if name == "manifest.sig":
        files[name] = (b"A" if original[:1] != b"A" else b"B") + original[1:]
    else:
        files[name] = original + b"%tampered"
    assert files[name] != original
    assert package.verify_package(_zip(files), trusted_keys())


def test_a_changed_audit_record_in_the_json_fails_even_with_fresh_hashes(world: dict) -> None:
    """Rewriting case.json is caught by the manifest's hash; re-hashing it breaks the signature."""
    files = _files(_export(world))
    content = json.loads(files["case.json"])
    content["auditRecords"][0]["actor_name"] = "iemand anders"
    files["case.json"] = package.dumps(content)
    problems = package.verify_package(_zip(files), trusted_keys())
    assert any("case.json" in p for p in problems)


def test_the_command_checks_signature_and_hashes(world: dict, tmp_path: Path) -> None:
    good = tmp_path / "good.zip"
    good.write_bytes(_export(world))
    out = io.StringIO()
    call_command("verify_inspection_export", str(good), stdout=out)
    assert "geldig" in out.getvalue()
    files = _files(good.read_bytes())
    files["case.pdf"] += b" "
    bad = tmp_path / "bad.zip"
    bad.write_bytes(_zip(files))
    with pytest.raises(CommandError) as exc:
        call_command("verify_inspection_export", str(bad), stdout=io.StringIO())
    assert "case.pdf" in str(exc.value)
    # Under an unknown key (a verifier holding only some other public key) it fails too.
    from weerstand.audit import chain

    other_key = chain.public_key_b64(chain.signing_key("b3RoZXI=").public_key())
    with pytest.raises(CommandError):
        call_command(
            "verify_inspection_export", str(good), "--public-key", other_key, stdout=io.StringIO()
        )


def test_a_marker_of_another_case_never_appears(world: dict) -> None:
    data = _export(world)
    # The package is stored uncompressed (PDF streams too), so a leak hunt that greps the raw
    # response body sees the text inside: this case's reference is there in both files...
    assert data.count(world["case"].reference.encode()) >= 2
    assert world["case"].reference.encode() in _files(data)["case.pdf"]
    # ...and another case's marker nowhere, not in any file and not in the raw bytes.
    assert MARKER_OTHER.encode() not in data
    for content in _files(data).values():
        assert MARKER_OTHER.encode() not in content


@pytest.mark.parametrize(
    "roles",
    [
        ("analyst",),
        ("decision_maker",),
        ("advisory_body",),
        ("system_admin",),
        ("lcc_coordinator",),
    ],
)
def test_non_inspectors_get_404(world: dict, roles: tuple[str, ...]) -> None:
    user = t.user(*roles)
    response = t.api_client(user).get(API.format(world["case"].pk))
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


def test_team_members_of_the_case_get_404_too(world: dict) -> None:
    response = t.api_client(world["w"].dm1).get(API.format(world["case"].pk))
    assert response.status_code == 404


def test_absent_and_compartmented_cases_are_404_for_the_inspector(world: dict) -> None:
    client = t.api_client(world["inspector"])
    assert client.get(API.format(999_999)).status_code == 404
    t.restrict(world["other"])
    assert client.get(API.format(world["other"].pk)).status_code == 404


def test_a_broken_chain_refuses_the_export_and_alerts(world: dict) -> None:
    victim = AuditRecord.objects.filter(case_id=world["case"].pk).order_by("seq").first()
    assert victim is not None
    with dba_bypass():
        AuditRecord.objects.filter(pk=victim.pk).update(reason="herschreven")
    admin = t.user("system_admin")
    response = t.api_client(world["inspector"]).get(API.format(world["case"].pk))
    assert response.status_code == 409
    assert response.json()["type"].endswith("audit-chain-unverified")
    assert Alert.objects.filter(recipient=admin, message__contains="Inspectie-export").exists()
    assert Alert.objects.filter(recipient=world["inspector"]).exists()


def test_the_page_offers_the_download_to_the_inspector_only(world: dict, client: Any) -> None:
    t.login(client, world["inspector"])
    page = client.get(f"/casussen/{world['case'].pk}")
    url = f"/inspectie/casussen/{world['case'].pk}/export"
    assert url in page.content.decode()
    download = client.get(url)
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    assert package.verify_package(download.content, trusted_keys()) == []
    client.logout()
    t.login(client, world["w"].dm1)
    page = client.get(f"/casussen/{world['case'].pk}")
    assert page.status_code == 200 and url not in page.content.decode()
    assert client.get(url).status_code == 404
