"""The oversight pages in a real browser: the quality monitor, learning, the advisory body,
retention and access requests, and the inspector's export, each with a brand-new object.

1. The quality officer opens the monitor, chooses another period with the form, drills down
   into a figure and finds the new case behind it.
2. The quality officer fills in a section of a new incident review and assigns an action to a
   case-team member; a save from a stale second tab is refused with a clear message and the
   text typed there stays; the team member marks the action done.
3. The advisory body records an advice with a theme, the quality officer responds, the
   advisory body reads the response and downloads the national figures as CSV (no count
   from 1 to 9 in it).
4. The privacy officer adds a retention rule and a legal hold, opens a destruction report, and
   handles a new access request to the end with one item withheld under an exception.
5. The inspector downloads the signed inspection export from the case page: a ZIP with the
   four files.

Every page: axe-core without serious or critical WCAG 2.1 AA violations at 1280 and 390 px,
no sideways scrolling, no internal code (a snake_case value) in the main text.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from weerstand import testing as t

from .axe import assert_accessible

pytestmark = pytest.mark.browser

SignIn = Callable[..., None]
SignOut = Callable[[], None]

WIDTHS = (1280, 390)
INTERNAL = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
# The innermost elements that stick out to the right (named in a failed scroll check).
WIDE = """() => [...document.querySelectorAll('main *')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth
    && ![...e.children].some(c => c.getBoundingClientRect().right > document.documentElement.clientWidth))
  .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + e.className)"""


def check(page: Page, what: str) -> None:
    """axe and no sideways scroll at both widths; no internal code in the main text."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page, f"{what} ({width}px)")
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{what} scrolls {overflow}px sideways at {width}px: " + ", ".join(
            page.evaluate(WIDE)
        )
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    text = page.get_by_role("main").inner_text()
    assert not INTERNAL.search(text), f"internal code on {what}: {INTERNAL.search(text)}"


def heading(page: Page, text: str | re.Pattern[str]) -> None:
    """Wait for the new page's heading (a click returns before the next page has loaded)."""
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


# --- 1. the quality monitor -------------------------------------------------------------


def test_quality_officer_changes_the_period_and_drills_down_to_a_new_case(
    page: Page, sign_in: SignIn
) -> None:
    from weerstand.oversight.tests import builders as ob

    officer = t.user("quality_officer", username="kwaliteit", totp=True)
    analyst = t.user("analyst", username="analist")
    case = t.case(
        analyst, team=(analyst,), owner=analyst, state="protection_active", codename="Werknaam Vuurtoren"
    )
    w = ob.World(analyst, None, case, case)
    now = timezone.now()
    ob.signal(w, case, now - timedelta(hours=2), now - timedelta(hours=3))

    sign_in(officer)
    page.get_by_role("link", name="Kwaliteitsmonitor").first.click()
    heading(page, "Kwaliteitsmonitor")
    check(page, "de kwaliteitsmonitor")

    form = page.get_by_role("form", name="Periode kiezen")
    form.get_by_label("Periode").select_option("month")
    form.get_by_role("button", name="Toon").click()
    expect(page).to_have_url(re.compile(r"period=month"))
    heading(page, "Kwaliteitsmonitor")
    check(page, "de kwaliteitsmonitor per maand")

    signals = page.get_by_role("region", name="Signalen tijdig beoordeeld")
    links = signals.get_by_role("link", name=re.compile("^casussen "))
    expect(links.last).to_be_visible()
    links.last.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(":")
    table = page.get_by_role("table", name="Casussen achter dit cijfer die u mag inzien")
    expect(table).to_contain_text("Werknaam Vuurtoren")
    check(page, "de casussen achter een cijfer")
    table.get_by_role("link", name=case.reference).click()
    expect(page.get_by_role("main")).to_contain_text("Werknaam Vuurtoren")
