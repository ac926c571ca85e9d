"""Carry the removed witness-protection identity over to a programme-cover record.

Weerstand no longer holds a new identity: for every person with a (non-empty) identity on
file, record only *that* the person is covered and by which programme. The identity value is
read here to test for emptiness and then dropped with the column in the next migration; it is
copied nowhere, neither into the cover's reason nor into the audit trail.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import migrations
from django.utils import timezone

PROGRAMME = "Getuigenbeschermingsprogramma"
# The audit trail's chain lock on PostgreSQL (same id as `audit.services`).
_CHAIN_LOCK_ID = 0x57455253


def _has_identity(stored: str | None) -> bool:
    """The stored value is filled: '' and NULL are empty, and so is an encrypted empty
    string (written by an older version of the field) once decrypted."""
    from weerstand.core.crypto.fields import decrypt, key_version

    if not stored:
        return False
    if key_version(stored) is None:
        return bool(stored.strip())
    return bool(decrypt(stored, "registry.Person.witness_protection_identity").strip())


def _audit(
    apps: Any, schema_editor: Any, request_id: str, person_id: int, cover_id: int, when: Any
) -> None:
    """One record per migrated person in the hash chain, as `audit.services.record` writes
    it (system actor, no request), so `verify_chain` still holds after the migration."""
    from weerstand.audit import chain

    AuditRecord = apps.get_model("audit", "AuditRecord")
    db = schema_editor.connection.alias
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_ID])
    last = AuditRecord.objects.using(db).order_by("-seq").values("seq", "hash").first()
    seq = (last["seq"] + 1) if last else 1
    prev_hash = last["hash"] if last else chain.GENESIS_HASH
    fields = {
        "seq": seq,
        "created_at": timezone.now(),
        "request_id": request_id,
        "client_ip": "",
        "channel": "system",
        "actor_id": None,
        "actor_name": "systeem",
        "organisation": "",
        "roles": "",
        "action": "create",
        "object_type": "registry.programmecover",
        "object_id": str(cover_id),
        "object_repr": f"dekking getuigenbescherming persoon {person_id}",
        "case_id": None,
        "changes": {
            "programme": [None, PROGRAMME],
            "carried_over_from": "registry.person.witness_protection_identity (verwijderd)",
            "person": person_id,
        },
        "result": "ok",
        "reason": "Overgenomen uit het verwijderde veld voor de beschermde identiteit; de "
        f"identiteit zelf is niet overgenomen ({when:%d-%m-%Y}).",
        "break_glass": False,
    }
    AuditRecord.objects.using(db).create(
        prev_hash=prev_hash, hash=chain.record_hash(prev_hash, fields), **fields
    )


def carry_over(apps: Any, schema_editor: Any) -> None:
    Person = apps.get_model("registry", "Person")
    ProgrammeCover = apps.get_model("registry", "ProgrammeCover")
    db = schema_editor.connection.alias
    # The raw column, not the field: a value is judged without trusting any field behaviour.
    rows = (
        Person.objects.using(db)
        .exclude(witness_protection_identity="")
        .exclude(witness_protection_identity__isnull=True)
        .values_list("pk", flat=True)
    )
    today = timezone.localdate()
    request_id = uuid.uuid4().hex  # one run of this migration, like one request
    with schema_editor.connection.cursor() as cur:
        for pk in list(rows):
            cur.execute(
                f"SELECT witness_protection_identity FROM {Person._meta.db_table} WHERE id = %s",
                [pk],
            )
            (stored,) = cur.fetchone()
            if not _has_identity(stored):
                continue
            if ProgrammeCover.objects.using(db).filter(person_id=pk).exists():
                continue
            cover = ProgrammeCover.objects.using(db).create(
                person_id=pk,
                programme=PROGRAMME,
                reason=(
                    "Overgenomen bij het verwijderen van het veld 'beschermde identiteit' op "
                    f"{today:%d-%m-%Y}: er stond een identiteit van het "
                    "getuigenbeschermingsprogramma op naam van deze persoon. Weerstand legt "
                    "alleen vast dát de persoon gedekt is; de identiteit is niet overgenomen."
                ),
            )
            _audit(apps, schema_editor, request_id, pk, cover.pk, today)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_programmecover"),
        ("audit", "0004_probing"),
    ]

    operations = [migrations.RunPython(carry_over, migrations.RunPython.noop)]
