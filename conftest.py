"""Test-wide set-up: a fast password hasher (Argon2 is asserted in its own test), a fresh
request context per test, so an actor set by one test can never act in the next, and the
demo world seeded once and shared by the modules that only read it (`seeded_demo`)."""

from __future__ import annotations

import copy
from collections.abc import Generator, Iterator
from typing import Any

import pytest

from weerstand.core import context

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SEEDED_DEMO = "seeded_demo"


@pytest.fixture(autouse=True)
def _fast_hasher(settings: pytest.FixtureRequest) -> None:
    settings.PASSWORD_HASHERS = FAST_HASHER


@pytest.fixture(autouse=True)
def _fresh_request_context() -> Iterator[None]:
    with context.use(context.RequestContext()):
        yield


# --- the demo world, seeded once per worker -------------------------------------------------
#
# Seeding the demo takes many seconds; a dozen modules (the leak hunts, the header crawl, the
# demo's own tests) read it. They ask for `seeded_demo`: the first of them seeds it inside a
# transaction that stays open while the following tests ask for it too, and is rolled back
# before the first test that does not (and at the end), so every other test still starts on
# an empty database. Modules that plant their own objects do so in a savepoint of their own
# (a module-scoped `transaction.atomic()` inside this one), so the next module finds the
# world exactly as seeded. The modules that use it are run first and together (see
# `pytest_collection_modifyitems`), so a worker seeds it about once.


class _DemoWorld:
    def __init__(self) -> None:
        self.atomic: Any = None
        self.summary: dict[str, Any] = {}
        self.seeds = 0

    def enter(self, blocker: Any) -> dict[str, Any]:
        if self.atomic is None:
            from django.db import transaction
            from django.test import override_settings

            from weerstand.core.demo.seed import seed

            with blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
                atomic = transaction.atomic()
                atomic.__enter__()
                try:
                    self.summary = seed()
                except BaseException:
                    transaction.set_rollback(True)
                    atomic.__exit__(None, None, None)
                    raise
                self.atomic = atomic
                self.seeds += 1
        return copy.deepcopy(self.summary)

    def alone(self) -> bool:
        """Nothing but the world's own transaction is open (no module savepoint inside it)."""
        from django.db import connection

        return connection.atomic_blocks == [self.atomic]

    def leave(self, blocker: Any) -> None:
        if self.atomic is None:
            return
        from django.db import transaction

        atomic, self.atomic, self.summary = self.atomic, None, {}
        with blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


_DEMO = _DemoWorld()


@pytest.fixture(scope="module")
def seeded_demo(django_db_setup: Any, django_db_blocker: Any) -> dict[str, Any]:
    """The seeded demo world (the summary `seed()` returned); read it, or change it only in
    a savepoint (the test's own `db`, or a module-scoped `transaction.atomic()`)."""
    return _DEMO.enter(django_db_blocker)


def _uses_demo(item: pytest.Item) -> bool:
    return SEEDED_DEMO in getattr(item, "fixturenames", ())


def _module(item: pytest.Item) -> str:
    return item.nodeid.split("::")[0]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Each module kept together, in this order: the modules that read the demo world (the
    leak hunts among them, the longest of all) together, so a worker seeds it about once;
    then the modules with `slow` or `browser` tests; then the rest, as collected. Longest
    first lets both xdist workers finish together (CI passes `--no-loadscope-reorder`, so
    xdist hands out the modules in this order). In a module the demo's readers come first,
    so a module never asks for the world again after it was rolled back."""
    demo_modules = {_module(item) for item in items if _uses_demo(item)}
    # A module that also holds tests without the world rolls it back once its readers are
    # done: such modules come last among the demo's readers, so the world is seeded once.
    mixed = {_module(item) for item in items if not _uses_demo(item)} & demo_modules
    long_modules = {
        _module(item)
        for item in items
        if item.get_closest_marker("slow") or item.get_closest_marker("browser")
    }
    first: dict[str, int] = {}
    for i, item in enumerate(items):
        first.setdefault(_module(item), i)

    def rank(module: str) -> int:
        if module in demo_modules:
            return 1 if module in mixed else 0
        return 2 if module in long_modules else 3

    def key(pair: tuple[int, pytest.Item]) -> tuple[int, int, bool, int]:
        i, item = pair
        module = _module(item)
        return (rank(module), first[module], not _uses_demo(item), i)

    items[:] = [item for _i, item in sorted(enumerate(items), key=key)]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None]:
    """Roll the demo world back once its last reader is done: before the next test that does
    not read it, or at the end. While a module's own fixture still holds a savepoint inside
    the world, the world stays until that module ends (as a module-scoped seed did)."""
    yield
    if _DEMO.atomic is None:
        return
    if nextitem is None or (not _uses_demo(nextitem) and _DEMO.alone()):
        from pytest_django.plugin import blocking_manager_key

        _DEMO.leave(item.config.stash[blocking_manager_key])
