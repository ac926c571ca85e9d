"""Test-wide set-up: a fast password hasher (Argon2 is asserted in its own test) and a fresh
request context per test, so an actor set by one test can never act in the next."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from weerstand.core import context


@pytest.fixture(autouse=True)
def _fast_hasher(settings: pytest.FixtureRequest) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_request_context() -> Iterator[None]:
    with context.use(context.RequestContext()):
        yield
