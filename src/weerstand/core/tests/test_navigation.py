"""The menu of every demo user: a few tasks, and no two names that can be mistaken.

Issue 20: 16-18 flat menu items with look-alike names ("Signaal melden" / "Signalen") made
every role search for its work. The menu is now grouped by task (`NavItem.group`); this reads
it as each demo user gets it, from the seeded demo world.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.utils.translation import override

from weerstand.accounts.models import User
from weerstand.core.demo import DEMO_USERNAMES
from weerstand.core.extensions import NAV_GROUPS, NavItem, nav_for

MAX_TOP_LEVEL = 7


@pytest.fixture(scope="module")
def seeded(seeded_demo: dict[str, Any]) -> dict[str, Any]:
    return seeded_demo


def _menu(username: str) -> list[dict[str, Any]]:
    user = User.objects.get(username=username)
    # The middleware marks a signed-in session verified; the menu is a verified user's.
    user.is_verified = lambda: True  # type: ignore[attr-defined]
    return nav_for(user, None)


def _look_alike(a: str, b: str) -> bool:
    """One name inside the other (case-insensitive), or the same name."""
    a, b = a.casefold(), b.casefold()
    return a in b or b in a


@pytest.mark.django_db
@pytest.mark.parametrize("username", DEMO_USERNAMES)
def test_every_demo_user_has_a_short_menu_without_look_alikes(
    seeded: dict[str, Any], username: str
) -> None:
    with override("nl"):
        menu = _menu(username)
        # "Start" is the first top-level item of every menu (base.html).
        top = ["Start", *(str(g["label"]) for g in menu)]
        links = ["Start", *(str(e["label"]) for g in menu for e in g["items"])]
    assert len(top) <= MAX_TOP_LEVEL, (username, top)
    for a, b in itertools.combinations(top, 2):
        assert not _look_alike(a, b), (username, a, b)
    # Every link against every other link, and a group's name against the links of the other
    # groups (a group may name what its own entries have in common: "Signalen").
    for a, b in itertools.combinations(links, 2):
        assert not _look_alike(a, b), (username, a, b)
    for group in menu:
        if group["single"]:
            continue
        own = {str(e["label"]) for e in group["items"]}
        for link in set(links) - own:
            assert not _look_alike(str(group["label"]), link), (username, group["label"], link)


@pytest.mark.django_db
def test_a_group_of_one_is_a_plain_link_and_groups_keep_their_order(
    seeded: dict[str, Any],
) -> None:
    menus = {name: _menu(name) for name in DEMO_USERNAMES}
    order = list(NAV_GROUPS)
    for name, menu in menus.items():
        for group in menu:
            assert group["single"] == (len(group["items"]) == 1), name
        grouped = [g["key"] for g in menu if g["key"] in NAV_GROUPS]
        assert grouped == sorted(grouped, key=order.index), name
    # At least one role gets a real disclosure (the test would pass vacuously otherwise).
    assert any(not g["single"] for menu in menus.values() for g in menu)


def test_an_unknown_group_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown menu group"):
        NavItem("x", "core:home", lambda u: True, group="nope")
