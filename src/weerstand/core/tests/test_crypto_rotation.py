"""`weerstand rotate-keys`: every stored secret moves to the newest key, nothing is lost."""

from __future__ import annotations

import base64
import io
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from weerstand import testing
from weerstand.audit.models import AuditAction, AuditRecord
from weerstand.core.crypto import fields as crypto
from weerstand.core.crypto import rotation
from weerstand.registry.models import Employer, Person, ProgrammeCover

pytestmark = pytest.mark.django_db

KEY1 = django_settings.DEMO_FIELD_KEYS
KEY2 = "2:" + base64.b64encode(b"second-field-key-for-tests-32b!!").decode()


def use_keys(settings: Any, spec: str) -> None:
    settings.FIELD_ENCRYPTION_KEYS = spec
    crypto._parse_keys.cache_clear()


def stored_values() -> list[str]:
    """Every non-empty encrypted value of every model, straight from the tables."""
    out = []
    with connection.cursor() as cur:
        for col in rotation.encrypted_columns():
            cur.execute(
                f"SELECT {col.field.column} FROM {col.model._meta.db_table}"  # noqa: S608
            )
            out += [v for (v,) in cur.fetchall() if v]
    return out


@pytest.fixture
def secrets_under_key1(settings: Any) -> dict[int, tuple[str, str, str]]:
    use_keys(settings, KEY1)
    expected = {}
    for i in range(7):
        employer = Employer.objects.create(name=f"Werkgever {i}", contact=f"contact-{i}")
        p = testing.person(
            home_address=f"Adres {i}",
            phone_numbers=f"06-{i:08d}" if i % 2 else "",
            employer=employer,
        )
        cover = ProgrammeCover.objects.create(
            person=p, programme="Getuigenbeschermingsprogramma", reason=f"Onderbouwing {i}"
        )
        expected[p.pk] = (p.home_address, p.phone_numbers, cover.reason)
    assert all(v.startswith("enc:v1:") for v in stored_values())
    return expected


def read_all() -> dict[int, tuple[str, str, str]]:
    return {
        p.pk: (p.home_address, p.phone_numbers, p.programme_cover.reason)
        for p in Person.objects.select_related("programme_cover")
    }


def test_rotate_keys_moves_everything_to_the_newest_key(
    settings: Any, secrets_under_key1: dict[int, tuple[str, str, str]]
) -> None:
    use_keys(settings, f"{KEY1},{KEY2}")
    assert read_all() == secrets_under_key1  # both versions readable before ...

    out = io.StringIO()
    call_command("rotate_keys", "--batch-size", "2", stdout=out)
    assert "24 waarden opnieuw versleuteld met sleutel v2" in out.getvalue()

    values = stored_values()
    assert len(values) == 7 * 3 + 3  # contact, address, cover reason for all; phone for 3
    assert all(v.startswith("enc:v2:") for v in values)
    assert read_all() == secrets_under_key1  # ... and after

    rec = AuditRecord.objects.get(action=AuditAction.KEY_ROTATION)
    assert rec.changes["rotated"] == 24 and rec.changes["remaining"] == 0
    assert rec.changes["per_field"] == {
        "registry.employer.contact": 7,
        "registry.person.home_address": 7,
        "registry.person.phone_numbers": 3,
        "registry.programmecover.reason": 7,
    }
    assert rec.changes["old_versions"] == {"1": 24}
    assert "Adres" not in str(rec.changes) and "enc:v" not in str(rec.changes)

    use_keys(settings, KEY2)  # the old key can go now
    assert read_all() == secrets_under_key1
    assert {e.contact for e in Employer.objects.all()} == {f"contact-{i}" for i in range(7)}

    call_command("rotate_keys", stdout=out)  # idempotent: nothing left to do
    assert AuditRecord.objects.filter(action=AuditAction.KEY_ROTATION).count() == 2
    assert testing.last_audit(action=AuditAction.KEY_ROTATION).changes["rotated"] == 0


def test_dry_run_only_counts(
    settings: Any, secrets_under_key1: dict[int, tuple[str, str, str]]
) -> None:
    use_keys(settings, f"{KEY1},{KEY2}")
    out = io.StringIO()
    call_command("rotate_keys", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "24 waarden nog niet onder sleutel v2 (v1: 24)" in text
    assert "registry.person.phone_numbers: 3" in text
    assert all(v.startswith("enc:v1:") for v in stored_values())
    assert not AuditRecord.objects.filter(action=AuditAction.KEY_ROTATION).exists()


def test_concurrent_edit_is_never_overwritten(
    settings: Any, secrets_under_key1: dict[int, tuple[str, str, str]], monkeypatch: Any
) -> None:
    use_keys(settings, f"{KEY1},{KEY2}")
    victim = min(secrets_under_key1)
    real = crypto.reencrypt
    edited: list[int] = []

    def reencrypt_while_user_saves(stored: str, aad: str) -> str:
        fresh = real(stored, aad)
        if aad == "registry.Person.home_address" and not edited:
            p = Person.objects.get(pk=victim)  # a user saves between our read and our write
            p.home_address = "Verhuisd naar Nieuwstraat 3"
            p.save(update_fields=["home_address"])
            edited.append(p.pk)
        return fresh

    monkeypatch.setattr(crypto, "reencrypt", reencrypt_while_user_saves)
    call_command("rotate_keys", stdout=io.StringIO())

    assert Person.objects.get(pk=victim).home_address == "Verhuisd naar Nieuwstraat 3"
    assert all(v.startswith("enc:v2:") for v in stored_values())
    rec = AuditRecord.objects.get(action=AuditAction.KEY_ROTATION)
    assert rec.changes["conflicts_retried"] == 1
    assert rec.changes["rotated"] == 23 and rec.changes["remaining"] == 0


def test_unreadable_value_is_reported_and_left_alone(
    settings: Any, secrets_under_key1: dict[int, tuple[str, str, str]]
) -> None:
    use_keys(settings, f"{KEY1},{KEY2}")
    victim = max(secrets_under_key1)
    broken = "enc:v1:" + base64.b64encode(b"\0" * 40).decode()
    with connection.cursor() as cur:
        cur.execute("UPDATE registry_person SET home_address = %s WHERE id = %s", [broken, victim])
    with pytest.raises(CommandError, match="1 waarden staan nog onder een oude sleutel") as exc:
        call_command("rotate_keys", stdout=io.StringIO())
    assert exc.value.returncode == 1
    rec = AuditRecord.objects.get(action=AuditAction.KEY_ROTATION)
    assert (rec.result, rec.changes["unreadable"], rec.changes["rotated"]) == ("partial", 1, 23)
    with connection.cursor() as cur:
        cur.execute("SELECT home_address FROM registry_person WHERE id = %s", [victim])
        assert cur.fetchone()[0] == broken


def test_finds_every_encrypted_column() -> None:
    labels = {c.label for c in rotation.encrypted_columns()}
    assert {
        "registry.employer.contact",
        "registry.person.home_address",
        "registry.person.phone_numbers",
        "registry.programmecover.reason",
    } <= labels
