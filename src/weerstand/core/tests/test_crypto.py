"""Field encryption: round trip, binding to its column, tamper detection and key versions."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from weerstand import testing
from weerstand.core.crypto import fields as crypto
from weerstand.registry.models import Employer, Person

KEY1 = django_settings.DEMO_FIELD_KEYS  # "1:<demo key>"
KEY2 = "2:" + base64.b64encode(b"second-field-key-for-tests-32b!!").decode()


def raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cur:
        cur.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cur.fetchone()[0]


def set_raw(table: str, column: str, pk: int, value: str) -> None:
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, pk])  # noqa: S608


@pytest.fixture
def one_key(settings: Any) -> None:
    settings.FIELD_ENCRYPTION_KEYS = KEY1
    crypto._parse_keys.cache_clear()


def test_encrypt_decrypt_round_trip_and_fresh_nonce(one_key: None) -> None:
    text = "Dorpsstraat 1, 1234 AB Ergens \u2013 één ☎"
    a = crypto.encrypt(text, "registry.Person.home_address")
    b = crypto.encrypt(text, "registry.Person.home_address")
    assert a.startswith("enc:v1:") and a != b
    assert text not in a
    assert crypto.decrypt(a, "registry.Person.home_address") == text


@pytest.mark.django_db
def test_model_round_trip_stores_only_ciphertext(one_key: None) -> None:
    p = testing.person(home_address="Kade 7", phone_numbers="06-12345678")
    stored = raw("registry_person", "home_address", p.pk)
    assert stored.startswith("enc:v1:") and "Kade" not in stored
    fresh = Person.objects.get(pk=p.pk)
    assert (fresh.home_address, fresh.phone_numbers) == ("Kade 7", "06-12345678")
    empty = testing.person(home_address="")
    assert Person.objects.get(pk=empty.pk).home_address == ""
    assert raw("registry_person", "home_address", empty.pk) == ""  # empty stays empty


@pytest.mark.django_db
def test_ciphertext_moved_to_another_field_does_not_decrypt(one_key: None) -> None:
    p = testing.person(home_address="Kade 7")
    stolen = raw("registry_person", "home_address", p.pk)
    set_raw("registry_person", "phone_numbers", p.pk, stolen)
    with pytest.raises(crypto.DecryptionFailed, match=r"registry\.Person\.phone_numbers"):
        Person.objects.get(pk=p.pk)


@pytest.mark.django_db
def test_ciphertext_moved_to_another_model_does_not_decrypt(one_key: None) -> None:
    p = testing.person(home_address="Kade 7")
    e = Employer.objects.create(name="Werkgever", contact="06-1")
    set_raw("registry_employer", "contact", e.pk, raw("registry_person", "home_address", p.pk))
    with pytest.raises(crypto.DecryptionFailed) as exc:
        Employer.objects.get(pk=e.pk)
    assert "Kade" not in str(exc.value)


@pytest.mark.django_db
def test_ciphertext_moved_to_another_row_of_the_same_field_decrypts(one_key: None) -> None:
    """Documented limit of the AAD: it binds model and field, not the row."""
    a = testing.person(home_address="Kade 7")
    b = testing.person(home_address="Plein 2")
    set_raw("registry_person", "home_address", b.pk, raw("registry_person", "home_address", a.pk))
    assert Person.objects.get(pk=b.pk).home_address == "Kade 7"


@pytest.mark.parametrize("position", [8, 20, -1])
def test_tampered_ciphertext_fails(one_key: None, position: int) -> None:
    stored = crypto.encrypt("Kade 7", "registry.Person.home_address")
    prefix, blob = stored.rsplit(":", 1)
    data = bytearray(base64.b64decode(blob))
    data[position] ^= 0x01
    tampered = f"{prefix}:{base64.b64encode(bytes(data)).decode()}"
    with pytest.raises(crypto.DecryptionFailed, match="does not authenticate"):
        crypto.decrypt(tampered, "registry.Person.home_address")


@pytest.mark.parametrize(
    "stored", ["Kade 7", "enc:v1:", "enc:v1:!!!", "enc:v1:AAAA", "enc:vx:AAAA", "enc:v1"]
)
def test_malformed_values_fail_clearly(one_key: None, stored: str) -> None:
    with pytest.raises(crypto.DecryptionFailed, match=r"registry\.Person\.home_address"):
        crypto.decrypt(stored, "registry.Person.home_address")


@pytest.mark.django_db
def test_unknown_key_version_gives_a_clear_error(one_key: None) -> None:
    p = testing.person()
    blob = crypto.encrypt("x", "registry.Person.home_address").split(":", 2)[2]
    set_raw("registry_person", "home_address", p.pk, f"enc:v9:{blob}")
    with pytest.raises(crypto.UnknownKeyVersion) as exc:
        Person.objects.get(pk=p.pk)
    message = str(exc.value)
    assert "version 9" in message and "registry.Person.home_address" in message
    assert "[1]" in message
    assert isinstance(exc.value, ImproperlyConfigured)


@pytest.mark.django_db
def test_several_key_versions_decrypt_and_newest_encrypts(settings: Any, one_key: None) -> None:
    old = testing.person(home_address="Oud adres 1")
    settings.FIELD_ENCRYPTION_KEYS = f"{KEY1},{KEY2}"
    crypto._parse_keys.cache_clear()
    new = testing.person(home_address="Nieuw adres 2")
    assert raw("registry_person", "home_address", old.pk).startswith("enc:v1:")
    assert raw("registry_person", "home_address", new.pk).startswith("enc:v2:")
    assert Person.objects.get(pk=old.pk).home_address == "Oud adres 1"
    assert Person.objects.get(pk=new.pk).home_address == "Nieuw adres 2"
    assert crypto.current_version() == 2


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("", "holds no key"),
        ("1:" + base64.b64encode(b"short").decode(), "must be 32 bytes"),
        ("x:" + base64.b64encode(b"k" * 32).decode(), "bad entry"),
        ("1:not base64!", "bad entry"),
        ("0:" + base64.b64encode(b"k" * 32).decode(), ">= 1"),
        (f"{KEY1},{KEY1}", "given twice"),
    ],
)
def test_bad_key_configuration_is_refused(spec: str, message: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        crypto._parse_keys(spec)
