"""Batch import: idempotent per partner reference, per-record report, savepoint per record."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from django.core.management import call_command

from weerstand import testing as t
from weerstand.core.errors import ValidationFailed
from weerstand.information import services
from weerstand.information.models import Attachment, ThreatProduct

pytestmark = pytest.mark.django_db


def record(ref: str, **kw) -> dict:
    r = {
        "partner_reference": ref,
        "title": f"Melding {ref}",
        "legal_basis": "wpg-19",
        "reliability": "C",
        "credibility": 3,
        "summary": "Samenvatting",
    }
    r.update(kw)
    return r


def test_import_is_idempotent_and_versions_changes(world) -> None:
    doc: dict[str, Any] = {
        "schema_version": "1",
        "records": [record("A-1", cases=[world.case.reference]), record("A-2")],
    }
    r1 = services.import_products(world.liaison, json.dumps(doc), originator=world.police)
    assert r1["counts"] == {"accepted": 2, "unchanged": 0, "new_version": 0, "refused": 0}
    r2 = services.import_products(world.liaison, json.dumps(doc), originator=world.police)
    assert r2["counts"]["unchanged"] == 2
    doc["records"][1]["credibility"] = 2
    r3 = services.import_products(world.liaison, json.dumps(doc), originator=world.police)
    assert r3["counts"] == {"accepted": 0, "unchanged": 1, "new_version": 1, "refused": 0}
    chain = ThreatProduct.objects.filter(originator=world.police, partner_reference="A-2")
    assert sorted(chain.values_list("version", "status")) == [(1, "superseded"), (2, "active")]


def test_bad_records_never_block_good_ones_nor_half_write(world) -> None:
    bad_attachment = {
        "filename": "x.pdf",
        "content_type": "application/pdf",
        "content_base64": base64.b64encode(b"<html>nope</html>").decode(),
    }
    doc = {
        "records": [
            record("G-1"),
            record("B-1", reliability="Z"),
            record("B-2", legal_basis="wiv-64"),
            record("B-3", unknown_field=1),
            "not an object",
            record("B-4", cases=["WS-0000-9999"]),
            record(
                "B-5",
                entities=[{"kind": "phone", "value": "0612345678"}],
                attachments=[bad_attachment],
            ),
            record("B-6", credibility="2"),
            record("B-7", valid_from="gisteren"),
            record("G-2", entities=[{"kind": "phone", "value": "0612345678"}]),
        ]
    }
    report = services.import_products(world.liaison, doc, originator=world.police)
    outcomes = [r["outcome"] for r in report["records"]]
    assert outcomes == ["accepted"] + ["refused"] * 8 + ["accepted"], report
    assert all(r["reasons"] for r in report["records"] if r["outcome"] == "refused")
    assert set(ThreatProduct.objects.values_list("partner_reference", flat=True)) == {"G-1", "G-2"}
    assert not Attachment.objects.exists()


def test_document_limits(world, settings) -> None:
    settings.WEERSTAND_IMPORT_MAX_RECORDS = 2
    with pytest.raises(ValidationFailed):
        services.import_products(
            world.liaison,
            {"records": [record("1"), record("2"), record("3")]},
            originator=world.police,
        )
    settings.WEERSTAND_IMPORT_MAX_BYTES = 50
    with pytest.raises(ValidationFailed):
        services.import_products(
            world.liaison, json.dumps({"records": [record("1")]}), originator=world.police
        )
    with pytest.raises(ValidationFailed):
        services.import_products(world.liaison, b"{not json", originator=world.police)
    with pytest.raises(ValidationFailed):
        services.import_products(world.liaison, {"items": []}, originator=world.police)


def test_import_command_and_withdrawn_product(world, tmp_path, capsys) -> None:
    path = tmp_path / "batch.json"
    path.write_text(json.dumps({"records": [record("C-1")]}))
    call_command(
        "import_products", str(path), originator=world.police.code, user=world.liaison.username
    )
    assert '"accepted": 1' in capsys.readouterr().out
    p = ThreatProduct.objects.get(partner_reference="C-1")
    services.withdraw_product(world.liaison, p.pk, reason="Onjuist gebleken")
    path.write_text(json.dumps({"records": [record("C-1", title="Nieuw")]}))
    with pytest.raises(SystemExit):
        call_command(
            "import_products", str(path), originator=world.police.code, user=world.liaison.username
        )


def test_api_import_for_liaisons_only(world) -> None:
    client = t.api_client(world.liaison)
    resp = client.post("/api/v1/product-imports", {"records": [record("API-1")]}, format="json")
    assert resp.status_code == 200, resp.content
    assert resp.json()["counts"]["accepted"] == 1
    mayor = t.api_client(t.user("mayor"))
    resp = mayor.post("/api/v1/product-imports", {"records": [record("API-2")]}, format="json")
    # No role of the mayor grants anything on products: the declared need is not met, so the
    # resource answers as if it did not exist (the service would have said 403).
    assert resp.status_code == 404
    assert resp["Content-Type"].startswith("application/problem+json")
    assert not ThreatProduct.objects.filter(partner_reference="API-2").exists()
