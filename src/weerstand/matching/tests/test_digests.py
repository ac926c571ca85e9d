"""Keyed hashes: a key per matching domain, a version per key, and matching that survives a
rotation of the field keys."""

from __future__ import annotations

import base64

import pytest
from django.conf import settings
from django.test import override_settings

from weerstand.matching import digests, services
from weerstand.matching.models import Selector, SelectorSource
from weerstand.matching.tests.helpers import open_investigation, protection_case, register

NEW_KEY = base64.b64encode(b"matching-test-key-two-32-bytes!!").decode()


def _rotated() -> str:
    return f"{settings.FIELD_ENCRYPTION_KEYS},2:{NEW_KEY}"


def test_digest_is_keyed_per_domain_and_version() -> None:
    version, phone = digests.digest("phone", "06-12345678")
    assert digests.digest("phone", "+31 6 1234 5678") == (version, phone)
    assert len(phone) == 64 and "12345678" not in phone
    # The same canonical text under another domain's key hashes differently.
    assert digests.digest_normalised("plate", "+31612345678")[1] != phone
    with override_settings(FIELD_ENCRYPTION_KEYS=_rotated()):
        assert digests.current_version() == 2
        new_version, rotated = digests.digest("phone", "06-12345678")
        assert (new_version, rotated != phone) == (2, True)
        assert digests.digest("phone", "06-12345678", version) == (version, phone)


@pytest.mark.django_db
def test_matching_survives_key_rotation() -> None:
    s = open_investigation()
    old = register(s, "phone", "06-12345678", "telefoon 1")  # under the old key
    case, _, _ = protection_case()
    with override_settings(FIELD_ENCRYPTION_KEYS=_rotated()):
        services.refresh_all_case_selectors()
        derived = Selector.objects.filter(case=case, source=SelectorSource.DERIVED)
        # Every derived selector under the new key and under the old one still in use.
        assert set(derived.values_list("key_version", flat=True)) == {old.key_version, 2}
        [hit] = services.match_new()
        assert hit.investigation_selector_id == old.pk
        new = register(s, "address", "1234 AB 12a", "adres 1")
        assert new.key_version == 2
        assert [h.investigation_selector_id for h in services.match_new()] == [new.pk]
