"""`audit-verify` against an intact chain and against a DBA who tampers with it.

Every attack switches the append-only triggers off first (as a table owner could); the same
tests run on SQLite and PostgreSQL. Each must be caught, and the first bad seq named.
"""

from __future__ import annotations

import base64
import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F

from weerstand.audit import chain
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction, AuditCheckpoint, AuditPayload, AuditRecord
from weerstand.audit.testing import build_chain, dba_bypass
from weerstand.audit.tests.conftest import verify, write_records
from weerstand.audit.verify import verify_chain

pytestmark = pytest.mark.django_db

HASHED = (*chain.CHAINED_FIELDS, "format", "payload_digest", "shard", "shard_seq")
CONTENT = [f for f in HASHED if f not in ("seq", "shard_seq")] + ["prev_hash", "hash"]


def _row(seq: int) -> dict[str, Any]:
    return AuditRecord.objects.filter(seq=seq).values(*CONTENT).get()


def _id(seq: int) -> int:
    return AuditRecord.objects.values_list("id", flat=True).get(seq=seq)


def _forge_payload(seq: int, **values: Any) -> None:
    """Change a record's payload and its digest consistently (the salt sits next to it)."""
    AuditPayload.objects.filter(record_id=seq).update(**values)
    p = AuditPayload.objects.get(record_id=seq)
    values = {"object_repr": p.object_repr, "changes": p.changes, "reason": p.reason}
    AuditRecord.objects.filter(seq=seq).update(payload_digest=chain.payload_digest(p.salt, values))


def _flip(text: str, at: int = 0) -> str:
    """The same text with one character changed."""
    c = text[at]
    return text[:at] + ("b" if c != "b" else "c") + text[at + 1 :]


def assert_first_bad(data: dict[str, Any], seq: int, kind: str) -> None:
    assert data["exit_code"] == 1, data
    assert data["ok"] is False
    assert (data["problem"]["seq"], data["problem"]["kind"]) == (seq, kind), data["problem"]


# --- intact -----------------------------------------------------------------------------------


def test_intact_chain_verifies_with_one_line_summary(trail: list[AuditRecord]) -> None:
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    text = out.getvalue().strip()
    assert "\n" not in text
    assert text.startswith("Audittrail intact: 12 records (seq 1-12), 2 ondertekende checkpoints")

    data = verify()
    assert data["exit_code"] == 0 and data["ok"] is True and data["problem"] is None
    assert (data["records"], data["last_seq"], data["checkpoints"]) == (12, 12, 2)


def test_empty_trail_is_intact() -> None:
    data = verify()
    assert data["ok"] and data["records"] == 0


def test_bulk_built_chain_verifies_across_batches(settings: Any) -> None:
    write_records(3)
    head = build_chain(1500, batch_size=400, checkpoint_every=100)
    audit.record(AuditAction.READ, object_type="cases.case", object_id=1)
    assert head == 1503
    report = verify_chain(batch_size=97)
    assert report.ok, report.problem
    assert (report.records, report.checkpoints) == (1504, 15)


def test_failure_message_names_first_bad_record(trail: list[AuditRecord]) -> None:
    with dba_bypass():
        AuditRecord.objects.filter(seq=7).update(reason="niets gebeurd")
    with pytest.raises(CommandError) as exc:
        call_command("audit_verify", stdout=io.StringIO())
    assert exc.value.returncode == 1
    assert f"seq 7 (id {_id(7)})" in str(exc.value)
    assert "hash_mismatch" in str(exc.value)


# --- edit one byte ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "kind"),
    [
        ("actor_name", "hash_mismatch"),
        ("object_repr", "hash_mismatch"),
        ("request_id", "hash_mismatch"),
        ("hash", "hash_mismatch"),
        ("prev_hash", "broken_link"),
    ],
)
def test_one_changed_character_is_detected(trail: list[AuditRecord], field: str, kind: str) -> None:
    old = _row(7)[field] or "casus 4"  # format 2 keeps object_repr empty: content written in
    with dba_bypass():
        AuditRecord.objects.filter(seq=7).update(**{field: _flip(old, len(old) // 2)})
    data = verify()
    assert_first_bad(data, 7, kind)
    assert data["problem"]["record_id"] == _id(7)


def test_changed_json_changes_is_detected(trail: list[AuditRecord]) -> None:
    changes = AuditPayload.objects.get(record_id=7).changes
    changes["state"][1] = "besluit"
    with dba_bypass():
        AuditPayload.objects.filter(record_id=7).update(changes=changes)
    assert_first_bad(verify(), 7, "payload_mismatch")


def test_timestamp_moved_by_one_microsecond_is_detected(trail: list[AuditRecord]) -> None:
    with dba_bypass():
        AuditRecord.objects.filter(seq=3).update(
            created_at=F("created_at") + timedelta(microseconds=1)
        )
    assert_first_bad(verify(), 3, "hash_mismatch")


def test_flag_and_actor_id_changes_are_detected(trail: list[AuditRecord]) -> None:
    with dba_bypass():
        AuditRecord.objects.filter(seq=11).update(break_glass=True)
        AuditRecord.objects.filter(seq=12).update(actor_id=42)
    assert_first_bad(verify(), 11, "hash_mismatch")


# --- delete -----------------------------------------------------------------------------------


@pytest.mark.parametrize("seq", [1, 7, 11])
def test_deleted_record_is_detected(trail: list[AuditRecord], seq: int) -> None:
    with dba_bypass():
        AuditRecord.objects.filter(seq=seq).delete()
    data = verify()
    assert_first_bad(data, seq, "missing")
    assert data["problem"]["record_id"] is None
    assert f"seq {seq + 1}" in data["problem"]["detail"]


def test_deleted_record_with_renumbered_successors_is_detected(trail: list[AuditRecord]) -> None:
    with dba_bypass():
        AuditRecord.objects.filter(seq=7).delete()
        AuditRecord.objects.filter(seq__gt=7).update(seq=-F("seq"), shard_seq=-F("shard_seq"))
        AuditRecord.objects.filter(seq__lt=0).update(
            seq=-F("seq") - 1, shard_seq=-F("shard_seq") - 1
        )
    assert_first_bad(verify(), 7, "broken_link")


# --- insert a forged record -------------------------------------------------------------------


def _forged_fields(seq: int) -> dict[str, Any]:
    fields = {k: v for k, v in _row(6).items() if k not in ("prev_hash", "hash")}
    fields.update(
        seq=seq, shard_seq=seq, actor_name="Onschuldige Collega (collega-1)", action="read"
    )
    # The forger copies record 6's payload too (it matches the copied digest).
    payload = AuditPayload.objects.values("salt", "object_repr", "changes", "reason").get(
        record_id=6
    )
    AuditPayload.objects.create(record_id=seq, **payload)
    return fields


def test_forged_record_at_the_tail_with_invented_hash_is_detected(
    trail: list[AuditRecord],
) -> None:
    fields = _forged_fields(13)
    AuditRecord.objects.create(prev_hash=_row(12)["hash"], hash="ab" * 32, **fields)
    assert_first_bad(verify(), 13, "hash_mismatch")


def test_forged_record_spliced_into_the_middle_is_detected(trail: list[AuditRecord]) -> None:
    """The forger computes a valid hash for his record; the record after it no longer links."""
    with dba_bypass():
        AuditRecord.objects.filter(seq__gte=7).update(seq=-F("seq"), shard_seq=-F("shard_seq"))
        AuditRecord.objects.filter(seq__lt=0).update(
            seq=-F("seq") + 1, shard_seq=-F("shard_seq") + 1
        )
        AuditPayload.objects.filter(record_id__gte=7).update(record_id=-F("record_id"))
        AuditPayload.objects.filter(record_id__lt=0).update(record_id=-F("record_id") + 1)
    fields = _forged_fields(7)
    prev = _row(6)["hash"]
    AuditRecord.objects.create(prev_hash=prev, hash=chain.record_hash(prev, fields), **fields)
    data = verify()
    assert_first_bad(data, 8, "broken_link")


def test_forged_record_with_rewritten_chain_is_caught_by_signed_checkpoint(
    trail: list[AuditRecord],
) -> None:
    """A forger who also rehashes everything after his record fails at the next checkpoint."""
    with dba_bypass():
        AuditRecord.objects.filter(seq__gte=7).update(seq=-F("seq"), shard_seq=-F("shard_seq"))
        AuditRecord.objects.filter(seq__lt=0).update(
            seq=-F("seq") + 1, shard_seq=-F("shard_seq") + 1
        )
        AuditPayload.objects.filter(record_id__gte=7).update(record_id=-F("record_id"))
        AuditPayload.objects.filter(record_id__lt=0).update(record_id=-F("record_id") + 1)
        fields = _forged_fields(7)
        prev = _row(6)["hash"]
        AuditRecord.objects.create(prev_hash=prev, hash=chain.record_hash(prev, fields), **fields)
        prev = chain.record_hash(prev, fields)
        for seq in range(8, 14):
            row = _row(seq)
            body = {k: row[k] for k in HASHED if k not in ("seq", "shard_seq")}
            body |= {"seq": seq, "shard_seq": seq}
            digest = chain.record_hash(prev, body)
            AuditRecord.objects.filter(seq=seq).update(prev_hash=prev, hash=digest)
            prev = digest
    data = verify()
    assert_first_bad(data, 10, "checkpoint_mismatch")
    assert "checkpoint 10" in data["problem"]["detail"]


def test_checkpoint_signed_with_a_foreign_key_is_rejected(trail: list[AuditRecord]) -> None:
    forger = chain.signing_key(base64.b64encode(b"f" * 32).decode())
    head = _row(12)["hash"]
    AuditCheckpoint.objects.create(
        seq=12,
        record_hash=head,
        created_at=trail[-1].created_at,
        key_id=chain.key_id(forger.public_key()),
        signature=base64.b64encode(forger.sign(chain.checkpoint_message(12, head))).decode(),
    )
    assert_first_bad(verify(), 12, "unknown_key")


def test_altered_checkpoint_fails_its_signature(trail: list[AuditRecord]) -> None:
    with dba_bypass():
        AuditCheckpoint.objects.filter(seq=5).update(record_hash=_row(6)["hash"])
    assert_first_bad(verify(), 5, "bad_signature")


# --- swap two records -------------------------------------------------------------------------


def test_swapped_records_are_detected(trail: list[AuditRecord]) -> None:
    a, b = _row(4), _row(8)
    with dba_bypass():
        AuditRecord.objects.filter(seq=4).update(**b)
        AuditRecord.objects.filter(seq=8).update(**a)
    assert_first_bad(verify(), 4, "broken_link")


def test_swapped_contents_keeping_hashes_are_detected(trail: list[AuditRecord]) -> None:
    keep = {"prev_hash", "hash"}
    a = {k: v for k, v in _row(4).items() if k not in keep}
    b = {k: v for k, v in _row(8).items() if k not in keep}
    with dba_bypass():
        AuditRecord.objects.filter(seq=4).update(**b)
        AuditRecord.objects.filter(seq=8).update(**a)
    assert_first_bad(verify(), 4, "hash_mismatch")


# --- cut the tail -----------------------------------------------------------------------------


def test_cut_tail_behind_a_checkpoint_is_detected(trail: list[AuditRecord]) -> None:
    with dba_bypass():
        AuditRecord.objects.filter(seq__gte=9).delete()
    data = verify()
    assert_first_bad(data, 9, "truncated")
    assert "checkpoint tot seq 10" in data["problem"]["detail"]


# --- the anchor file --------------------------------------------------------------------------


@pytest.fixture
def anchored(
    settings: Any, tmp_path: Any, django_capture_on_commit_callbacks: Any
) -> list[AuditRecord]:
    settings.AUDIT_CHECKPOINT_EVERY = 5
    settings.AUDIT_ANCHOR_FILE = str(tmp_path / "anchor.log")
    with django_capture_on_commit_callbacks(execute=True):
        records = write_records(12)
    return records


def test_anchor_file_receives_every_checkpoint(anchored: list[AuditRecord], settings: Any) -> None:
    with open(settings.AUDIT_ANCHOR_FILE, encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    assert [int(line.split()[0]) for line in lines] == [5, 10]
    data = verify()
    assert data["ok"] and data["anchors"] == 2
    assert "2 ankerregels" in data["summary"]


def test_rolled_back_checkpoint_leaves_no_anchor_line(settings: Any, tmp_path: Any) -> None:
    from django.db import transaction

    settings.AUDIT_CHECKPOINT_EVERY = 1
    settings.AUDIT_ANCHOR_FILE = str(tmp_path / "anchor.log")
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(AuditAction.READ, object_type="cases.case", object_id=1)
        raise RuntimeError("domain change failed after the audit record")
    assert not (tmp_path / "anchor.log").exists()


def test_deleted_checkpoint_row_is_detected_with_anchor(anchored: list[AuditRecord]) -> None:
    with dba_bypass():
        AuditCheckpoint.objects.filter(seq=10).delete()
    assert_first_bad(verify(), 10, "checkpoint_deleted")


def test_cut_tail_with_its_checkpoints_is_detected_with_anchor(
    anchored: list[AuditRecord],
) -> None:
    with dba_bypass():
        AuditCheckpoint.objects.filter(seq__gte=6).delete()
        AuditRecord.objects.filter(seq__gte=6).delete()
    assert_first_bad(verify(), 6, "truncated")


def test_rewritten_chain_and_checkpoint_rows_are_caught_by_anchor(
    anchored: list[AuditRecord],
) -> None:
    """Even a DBA who deletes the checkpoints and rehashes from seq 3 is caught by the file."""
    with dba_bypass():
        AuditCheckpoint.objects.all().delete()
        _forge_payload(3, reason="vervalst")
        prev = _row(2)["hash"]
        for seq in range(3, 13):
            row = _row(seq)
            body = {k: row[k] for k in HASHED if k not in ("seq", "shard_seq")}
            body |= {"seq": seq, "shard_seq": seq}
            digest = chain.record_hash(prev, body)
            AuditRecord.objects.filter(seq=seq).update(prev_hash=prev, hash=digest)
            prev = digest
    assert_first_bad(verify(), 5, "checkpoint_mismatch")


# --- rotating the signing key -----------------------------------------------------------------


def test_retired_public_key_keeps_old_checkpoints_valid(
    trail: list[AuditRecord], settings: Any
) -> None:
    old_public = chain.public_key_b64(chain.signing_key(settings.AUDIT_SIGNING_KEY).public_key())
    settings.AUDIT_SIGNING_KEY = base64.b64encode(b"n" * 32).decode()
    assert_first_bad(verify(), 5, "unknown_key")

    settings.AUDIT_RETIRED_PUBLIC_KEYS = [old_public]
    write_records(3)  # checkpoint at 15 under the new key
    data = verify()
    assert data["ok"], data["problem"]
    assert data["checkpoints"] == 3 and len(data["keys"]) == 2


def test_print_public_key(settings: Any) -> None:
    out = io.StringIO()
    call_command("audit_verify", "--print-public-key", stdout=out)
    pub = chain.signing_key(settings.AUDIT_SIGNING_KEY).public_key()
    assert out.getvalue().split()[0] == chain.public_key_b64(pub)


def test_audit_checkpoint_command_signs_the_head_once(trail: list[AuditRecord]) -> None:
    out = io.StringIO()
    call_command("audit_checkpoint", stdout=out)
    assert "seq 12" in out.getvalue()
    call_command("audit_checkpoint", stdout=out)
    assert AuditCheckpoint.objects.filter(seq=12).count() == 1
    with dba_bypass():
        AuditRecord.objects.filter(seq__gte=11).delete()
    assert_first_bad(verify(), 11, "truncated")
