"""Counting what a user does to get a job done: every click, from the start page on.

A job's budget is a number of clicks (typing is free: it is the work itself, not the way to
it). The helpers here are the only way the role-job tests move through the application, so a
`page.goto` cannot hide a missing link: after signing in, every page is reached by a click.

The menu may be flat, grouped (a group with several items is a disclosure, `<details>` or a
button with `aria-expanded`, opened first) or, on a narrow screen, folded behind a "Menu"
button. `open_nav` handles all three and counts every click it needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from playwright.sync_api import Locator, Page

Name = str | re.Pattern[str]

MAIN_MENU = re.compile(r"^(Hoofdmenu|Main menu)$")
MENU_BUTTON = re.compile(r"^(Menu|Hoofdmenu)$", re.IGNORECASE)
MENU_BUTTON_CLICK = "menu openen"
COLLAPSED_GROUP = "details:not([open]) > summary, button[aria-expanded='false']"


@dataclass
class Clicks:
    """The clicks of one job, with what each was for (shown when a budget is exceeded)."""

    page: Page
    log: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.log)

    def click(self, target: Locator, what: str) -> None:
        target.click()
        self.log.append(what)

    def check(self, target: Locator, what: str) -> None:
        """Ticking a box is a click too."""
        target.check()
        self.log.append(what)

    @property
    def menu_button(self) -> int:
        """Presses of a narrow screen's menu button: the screen's cost, not the job's."""
        return self.log.count(MENU_BUTTON_CLICK)

    def within(self, budget: int, job: str) -> None:
        """At most `budget` clicks, plus the menu button where a narrow screen folds the menu.
        Prints the walk, so `pytest -s` shows what each job takes today."""
        allowed = budget + self.menu_button
        walk = " -> ".join(self.log)
        print(f"\n[klikken] {job}: {self.count} (budget {allowed}): {walk}")
        assert self.count <= allowed, f"{job}: {self.count} klikken, budget {allowed}: {walk}"


def main_menu(page: Page) -> Locator:
    """The main navigation, also while a narrow screen folds it away."""
    return page.get_by_role("navigation", name=MAIN_MENU, include_hidden=True)


def _exact(name: Name) -> bool:
    return isinstance(name, str)


def _link(scope: Locator, label: Name) -> Locator:
    """Links by accessible name, also those in a closed group (hidden until it opens)."""
    return scope.get_by_role("link", name=label, exact=_exact(label), include_hidden=True)


def _group_of(page: Page, toggle: Locator) -> Locator:
    """What a group's toggle opens: the element it names in aria-controls, else its parent
    (a <details> around its <summary>, or the item around a button and its list)."""
    controls = toggle.get_attribute("aria-controls")
    if controls:
        return page.locator(f"[id='{controls}']")
    return toggle.locator("xpath=..")


def open_nav(page: Page, clicks: Clicks, label: Name) -> None:
    """Click the main-menu link named `label`: press the menu button when the menu is folded
    away (narrow screens), and open the closed group that holds the link when it is grouped."""
    menu = main_menu(page)
    link = _link(menu, label).first
    if not link.is_visible():
        button = page.get_by_role("button", name=MENU_BUTTON).first
        if button.count() and button.is_visible():
            expanded = button.get_attribute("aria-expanded")
            folded = expanded == "false" or (
                expanded is None and not menu.get_by_role("link").count()
            )
            if folded:
                clicks.click(button, MENU_BUTTON_CLICK)
    if not link.is_visible():
        groups = menu.locator(COLLAPSED_GROUP)
        for i in range(groups.count()):
            group = groups.nth(i)
            if group.is_visible() and _link(_group_of(page, group), label).count():
                clicks.click(group, f"groep {group.inner_text().strip()!r} openen")
                break
    clicks.click(link, f"menu: {label if isinstance(label, str) else label.pattern}")


def open_link(page: Page, clicks: Clicks, name: Name, *, within: Locator | None = None) -> None:
    """Click the first link with this accessible name in the page's content (or `within`)."""
    scope = within if within is not None else page.get_by_role("main")
    link = scope.get_by_role("link", name=name, exact=_exact(name)).first
    clicks.click(link, f"link: {name if isinstance(name, str) else name.pattern}")


def press(page: Page, clicks: Clicks, name: Name, *, within: Locator | None = None) -> None:
    """Click the first button with this accessible name in the content (or `within`)."""
    scope = within if within is not None else page.get_by_role("main")
    button = scope.get_by_role("button", name=name, exact=_exact(name)).first
    clicks.click(button, f"knop: {name if isinstance(name, str) else name.pattern}")
