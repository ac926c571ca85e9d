"""The portal's main jobs in a real browser, on a phone (390 px) and a desk (1280 px).

A protectee of a brand-new case (start decision taken and approved by two decision-makers,
relative and employer linked by the analyst) signs in to a short start page (what waits, the
protection in brief, one screen), finds "Uw beveiliging nu" with the measures that apply one
click away, reports what they saw without any answer chosen for them, and finds it
back as "Ontvangen", in their words. The relative and the employer see their own start page.
Every page: axe-core without serious violations, and no sideways scrolling.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from weerstand.portal.tests import builders as pb

from .axe import assert_accessible

pytestmark = pytest.mark.browser

SignIn = Callable[..., None]
SignOut = Callable[[], None]

WIDTHS = (1280, 390)
CODE = re.compile(r"\b[A-Z]{2,5}-\d{4}-\d+\b")


def with_totp(user: Any) -> Any:
    from weerstand.accounts.services import demo_totp_key, enrol_totp

    enrol_totp(user, demo_totp_key(user.username))
    return user


def nav(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=name).click()


def short_start_page(page: Page, what: str) -> None:
    """The portal start page fits one laptop screen: it lists what waits, not everything."""
    expect(page.get_by_role("heading", level=2, name="Wat op u wacht")).to_be_visible()
    if page.viewport_size and page.viewport_size["width"] >= 1280:
        height = page.evaluate("() => document.documentElement.scrollHeight")
        assert height <= 1000, f"{what} is {height}px long at 1280px: not a short start page"


def check(page: Page, what: str) -> None:
    """axe, no sideways scroll, no internal code in what the page shows."""
    assert_accessible(page, what)
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{what} scrolls {overflow}px sideways at {page.viewport_size}"
    text = page.locator("body").inner_text()
    assert not CODE.search(text), f"internal code on {what}: {CODE.search(text)}"


@pytest.mark.parametrize("width", WIDTHS)
def test_protectee_sees_protection_and_reports_a_signal(
    page: Page, sign_in: SignIn, width: int
) -> None:
    pw = pb.world()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(with_totp(pw.protectee))
    main = page.get_by_role("main")
    short_start_page(page, "de startpagina van het portaal")
    expect(page.get_by_role("region", name="Uw beveiliging in het kort")).to_contain_text(
        "U heeft beveiliging sinds"
    )
    expect(page.get_by_text("API-tokens")).to_have_count(0)
    check(page, "de startpagina van het portaal")
    nav(page, "Uw beveiliging")
    protection = page.get_by_role("region", name="Uw beveiliging nu")
    expect(protection).to_be_visible()
    expect(protection).to_contain_text("U reist in een beveiligde auto met een chauffeur.")
    check(page, "alles over uw beveiliging")

    page.get_by_role("region", name="Wat u aan ons meldde").get_by_role(
        "link", name="Meld het ons"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Iets gezien of gehoord?")
    expect(page.locator("input[type=radio]:checked")).to_have_count(0)
    check(page, "het meldformulier")

    # Sent without choosing: the form asks, in plain words, and still chose nothing.
    page.get_by_role("button", name="Versturen").click()
    expect(main).to_contain_text("Kies wat er aan de hand is.")
    expect(main).to_contain_text("Kies hoe zeker u bent.")
    expect(page.locator("input[type=radio]:checked")).to_have_count(0)
    check(page, "het meldformulier met fouten")

    page.get_by_label("Ik zag of hoorde iets vreemds").check()
    page.get_by_label("Vertel wat u zag of hoorde").fill(
        "Een grijze auto stond twee uur voor mijn huis."
    )
    page.get_by_label("Ik heb het zelf gezien of gehoord").check()
    page.get_by_role("button", name="Versturen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Wat u aan ons meldde")
    expect(page.get_by_role("status")).to_contain_text("We hebben uw melding ontvangen")
    expect(main).to_contain_text("Ontvangen")
    expect(main).to_contain_text("Ik zag of hoorde iets vreemds")
    expect(main).not_to_contain_text("Waarneming")
    expect(main.locator("table")).to_have_count(0)
    check(page, "wat u aan ons meldde")

    main.get_by_role("link", name=re.compile("^Uw melding van")).first.click()
    expect(main).to_contain_text("Een grijze auto stond twee uur voor mijn huis.")
    expect(main).to_contain_text("Ontvangen")
    check(page, "een eigen melding")

    nav(page, "Uw beveiliging")
    expect(page.get_by_role("region", name="Wat u aan ons meldde")).to_contain_text("Ontvangen")
    check(page, "alles over uw beveiliging, met een melding")


@pytest.mark.parametrize("width", WIDTHS)
def test_relative_and_employer_see_their_own_start_page(
    page: Page, sign_in: SignIn, sign_out: SignOut, width: int
) -> None:
    pw = pb.world()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(with_totp(pw.relative))
    short_start_page(page, "de startpagina van een naaste")
    check(page, "de startpagina van een naaste")
    nav(page, "Uw beveiliging")
    protection = page.get_by_role("region", name="Uw beveiliging nu")
    expect(protection).to_contain_text("Cameratoezicht")
    expect(protection).not_to_contain_text("Beveiligd vervoer")
    check(page, "alles over de beveiliging, voor een naaste")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Wat u meldde"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wat u aan ons meldde")
    check(page, "wat een naaste meldde")
    sign_out()
    sign_in(with_totp(pw.employer))
    short_start_page(page, "de startpagina van een werkgever")
    check(page, "de startpagina van een werkgever")
    nav(page, "Uw beveiliging")
    protection = page.get_by_role("region", name="Uw beveiliging nu")
    expect(protection).to_contain_text("Uw medewerker komt met een beveiligde auto naar het werk.")
    expect(protection).not_to_contain_text("Cameratoezicht")
    check(page, "alles over de beveiliging, voor een werkgever")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Iets gezien of gehoord?"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Iets gezien of gehoord?")
    check(page, "het meldformulier van een werkgever")
