"""The export verifies the audit chain from the newest checkpoint an earlier export verified,
not from the first record; a break after that checkpoint still refuses the export, and a
rewrite before it is left to the full walk (`audit-verify`)."""

from __future__ import annotations

import pytest

from weerstand import testing as t
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction, AuditCheckpoint, AuditRecord
from weerstand.audit.testing import dba_bypass
from weerstand.audit.verify import verify_chain
from weerstand.inspection import services
from weerstand.inspection.models import VerifiedCheckpoint, VerifiedCheckpointFinal
from weerstand.inspection.tests.test_export import API, world  # noqa: F401  # the fixture

pytestmark = pytest.mark.django_db


def _export_status(world: dict) -> int:  # noqa: F811
    return t.api_client(world["inspector"]).get(API.format(world["case"].pk)).status_code


def test_the_export_remembers_the_checkpoint_it_verified(world: dict) -> None:  # noqa: F811
    assert _export_status(world) == 200
    remembered = VerifiedCheckpoint.objects.get()
    newest = AuditCheckpoint.objects.order_by("-seq").first()
    assert newest is not None
    assert (remembered.seq, remembered.record_hash) == (newest.seq, newest.record_hash)
    assert remembered.full


def test_the_next_export_reads_only_the_records_after_it(world: dict) -> None:  # noqa: F811
    assert _export_status(world) == 200
    base = VerifiedCheckpoint.objects.get()
    for _ in range(3):
        audit.record(AuditAction.READ, world["case"], actor=world["w"].dm2)
    checkpoint = services.verified_checkpoint(world["inspector"], world["case"].pk)
    total = AuditRecord.objects.count()
    assert checkpoint.seq == AuditRecord.objects.order_by("-seq").values_list("seq", flat=True)[0]
    report = verify_chain(after=(base.seq, base.record_hash))
    assert report.ok
    assert report.records == total - base.seq + 1 < total
    assert list(VerifiedCheckpoint.objects.values_list("seq", flat=True)) == [
        checkpoint.seq,
        base.seq,
    ]


def test_a_broken_record_after_the_verified_checkpoint_refuses_the_export(
    world: dict,  # noqa: F811
) -> None:
    assert _export_status(world) == 200
    base = VerifiedCheckpoint.objects.get()
    audit.record(AuditAction.READ, world["case"], actor=world["w"].dm2, reason="nieuw")
    victim = AuditRecord.objects.filter(seq__gt=base.seq).order_by("seq").first()
    assert victim is not None
    with dba_bypass():
        AuditRecord.objects.filter(pk=victim.pk).update(actor_name="herschreven")
    assert _export_status(world) == 409
    assert VerifiedCheckpoint.objects.count() == 1


def test_a_rewritten_verified_checkpoint_record_refuses_the_export(
    world: dict,  # noqa: F811
) -> None:
    assert _export_status(world) == 200
    base = VerifiedCheckpoint.objects.get()
    with dba_bypass():
        AuditRecord.objects.filter(seq=base.seq).update(actor_name="herschreven")
    assert _export_status(world) == 409


def test_an_old_rewrite_is_left_to_the_full_walk(world: dict) -> None:  # noqa: F811
    """The trade-off: a record before the verified checkpoint is not read again by an
    export; the full `audit-verify` walk still catches it."""
    assert _export_status(world) == 200
    base = VerifiedCheckpoint.objects.get()
    with dba_bypass():
        AuditRecord.objects.filter(seq=1).update(actor_name="herschreven")
    assert base.seq > 1
    assert _export_status(world) == 200
    report = verify_chain()
    assert report.problem is not None and report.problem.seq == 1


def test_a_verified_checkpoint_is_never_changed_or_deleted(world: dict) -> None:  # noqa: F811
    assert _export_status(world) == 200
    row = VerifiedCheckpoint.objects.get()
    row.record_hash = "0" * 64
    with pytest.raises(VerifiedCheckpointFinal):
        row.save()
    with pytest.raises(VerifiedCheckpointFinal):
        row.delete()
