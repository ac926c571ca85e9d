"""PostgreSQL: after selectors of every kind are registered and derived on both sides and
matched, a full pg_dump holds none of their values, in no notation, raw or normalised: not
in the selectors, the hits, the alerts or the audit trail."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from django.db import connection

from weerstand.audit.tests.test_pg_dump import _pg_dump
from weerstand.matching import services
from weerstand.matching.models import Hit, Selector
from weerstand.matching.tests.helpers import open_investigation, protection_case, register

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump needs PostgreSQL"),
]


def _letters(hex_text: str) -> str:
    return "".join("abcdefghijklmnop"[int(c, 16)] for c in hex_text)


def test_no_selector_value_in_clear_in_a_dump() -> None:
    tag = _letters(uuid.uuid4().hex[:8])  # letters only: names and streets take no digits
    digits = f"{uuid.uuid4().int % 10**7:07d}"
    phone_a, phone_b, phone_c = f"6{digits}1", f"6{digits}2", f"6{digits}3"  # after the 0
    surname = f"Zeldenrust{tag}"  # the protectee's name is in the person record, in clear
    case, _, analyst = protection_case(
        first_name="Quirina",
        last_name=surname,
        date_of_birth=date(1971, 9, 13),
        phone_numbers=f"0{phone_a[:1]}-{phone_a[1:]}; +31 {phone_b[:1]} {phone_b[1:]}",
        home_address=f"Kwikstaart{tag}laan 77-b, 9876 XQ Zwolle",
    )
    for kind, raw in (("plate", "QX-987-ZW"), ("handle", f"@QZ_{tag}")):
        services.register_for_case(
            analyst, case.pk, services.SelectorData(kind, raw, f"casus {kind}")
        )
    assert services.refresh_case_selectors(case) == 4  # name+dob, two phones, address
    s = open_investigation()
    # Equal to the case's, in other notations ...
    register(s, "phone", f"+31 {phone_a[:1]} {phone_a[1:]}", "telefoon 1")
    register(s, "address", "9876xq 77 B", "adres 1")
    register(s, "plate", "qx987zw", "kenteken 1")
    register(s, "handle", f"https://x.com/qz_{tag}/", "account 1")
    register(s, "name_dob", f"QUIRINA {surname.upper()}, 13-09-1971", "persoon 1")
    # ... and others that match nothing.
    register(s, "phone", f"0031 {phone_c}", "telefoon 2")
    register(s, "address", f"Merel{tag}hof 5, 8765 QZ Ergens", "adres 2")
    register(s, "plate", "ZW-123-QX", "kenteken 2")
    register(s, "handle", f"@XW_{tag}", "account 2")
    register(s, "name_dob", f"Xaveria Qwerty{tag} 1961-07-03", "persoon 2")

    assert len(services.match_new()) == 5

    dump = _pg_dump()
    # The rows are in the dump: the digests, the hits, the coordinator's alerts.
    some = Selector.objects.filter(case=case).first()
    assert some is not None and some.digest in dump
    assert surname in dump  # what is stored in clear is seen: the person record's name
    assert Hit.objects.count() == 5 and "geeft een hit op een beveiligingscasus" in dump
    notations = [
        # phone numbers, every way they were written or normalised
        *(f"0{p}" for p in (phone_a, phone_b, phone_c)),
        *(f"+31{p}" for p in (phone_a, phone_b, phone_c)),
        *(f"31{p}" for p in (phone_a, phone_b, phone_c)),
        *(p for p in (phone_a, phone_b, phone_c)),
        f"{phone_a[:1]}-{phone_a[1:]}",
        f"{phone_b[:1]} {phone_b[1:]}",
        f"{phone_a[:1]} {phone_a[1:]}",
        # plates
        "QX-987-ZW",
        "QX987ZW",
        "qx987zw",
        "ZW-123-QX",
        "ZW123QX",
        # addresses: postcode in every notation, and the canonical form
        "9876 XQ",
        "9876XQ",
        "9876xq",
        "9876XQ|77|B",
        "8765 QZ",
        "8765QZ",
        "8765QZ|5|",
        # handles
        f"QZ_{tag}",
        f"qz_{tag}",
        f"XW_{tag}",
        f"xw_{tag}",
        # names with dates of birth: the canonical and the registered forms
        f"quirina zeldenrust{tag}|1971-09-13",
        f"QUIRINA {surname.upper()}",
        "13-09-1971",
        f"xaveria qwerty{tag}|1961-07-03",
        f"Qwerty{tag}",
        f"qwerty{tag}",
        "1961-07-03",
        "03-07-1961",
    ]
    leaked = [n for n in notations if n in dump]
    assert leaked == []
    # The tag is in the person record (the protectee's surname) and nowhere else: not in the
    # encrypted address, the handles, the other name or the streets of the selectors.
    assert tag not in dump.replace(surname, "")
