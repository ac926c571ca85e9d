"""The accounts' demo step on its own (after the organisations it needs): every role has a
demo user with TOTP, the clearances follow the brief, the shared password signs in.

The whole demo world, with the portal logins linked to their registry entries, is tested in
`core/tests/test_demo_seed.py`.
"""

from __future__ import annotations

from collections import Counter

import pytest
from django.contrib.auth.password_validation import validate_password

from weerstand.accounts import demo
from weerstand.accounts.models import User
from weerstand.accounts.roles import Role
from weerstand.core.demo import DEMO_PASSWORD, DEMO_USERNAMES, DEMO_USERS
from weerstand.core.demo.seed import World
from weerstand.organisations import demo as organisations_demo


def _seed() -> World:
    world = World()
    organisations_demo.seed(world)
    assert demo.seed(world) == {"users": len(DEMO_USERS)}
    return world


@pytest.fixture
def world(db: None) -> World:
    return _seed()


def _user(username: str) -> User:
    return User.objects.select_related("organisation", "person").get(username=username)


def test_every_role_has_a_demo_user_with_totp(world: World) -> None:
    from weerstand.accounts.services import demo_totp_key, totp_device

    seen: Counter[str] = Counter()
    for username, roles, org_code in DEMO_USERS:
        user = _user(username)
        assert set(user.role_codes) == set(roles)
        assert user.organisation is not None and user.organisation.code == org_code
        device = totp_device(user)
        assert device is not None and device.key == demo_totp_key(username)
        seen.update(roles)
    assert set(seen) == set(Role.values)
    assert seen[Role.ANALYST] >= 2 and seen[Role.DECISION_MAKER] >= 2
    assert {"analist", "analist2", "besluitvormer", "besluitvormer2", "beheerder"} <= set(
        DEMO_USERNAMES
    )
    assert _user("beheerder").is_staff and not _user("analist").is_staff


def test_clearances_follow_the_brief(world: World) -> None:
    expected = {
        "analist": 3, "analist2": 3, "besluitvormer": 3, "lcc": 3, "aivd": 3,
        "senior-analist": 4, "infocoordinator": 4, "politie": 2, "kmar": 2,
        "burgemeester": 1, "inspecteur": 3, "adviesorgaan": 1, "beheerder": 1,
        "beheerder2": 1, "beveiliger": 1, "kwaliteit": 3, "privacy": 1,
        "tbp": 0, "naaste": 0, "werkgever": 0,
    }  # fmt: skip
    actual = dict(User.objects.values_list("username", "clearance"))
    for username, clearance in expected.items():
        assert actual[username] == clearance, username


def test_demo_password_passes_the_validators_and_signs_in(db: None, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    _seed()  # hashed with the production hasher, as `weerstand seed-demo` does
    for username in DEMO_USERNAMES:
        user = _user(username)
        validate_password(DEMO_PASSWORD, user)
        assert user.check_password(DEMO_PASSWORD)
        assert not user.check_password("Weerstand-demo-2025")
