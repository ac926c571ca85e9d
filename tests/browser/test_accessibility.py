"""Accessibility of the main pages per role, checked with axe-core in a real browser, and the
keyboard basics every page shares (skip link first, and it moves focus to the content).

The pages are found through each role's own main menu, so a page added to the menu is checked
without touching this file.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from weerstand import testing as t

from .axe import assert_accessible

pytestmark = pytest.mark.browser

SignIn = Callable[..., None]

SKIP_LINK_TEXT = "Naar de inhoud"


def assert_skip_link_first(page: Page) -> None:
    """Tab once from the top: the skip link gets focus, shows, and Enter moves focus to main."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text(SKIP_LINK_TEXT)
    expect(focused).to_be_in_viewport()  # visible when focused (WCAG 2.4.7)
    target = focused.get_attribute("href") or ""
    assert target.startswith("#"), f"skip link points to {target!r}, expected an in-page anchor"
    main = page.get_by_role("main")
    assert main.get_attribute("id") == target[1:], "the skip link must point to <main>"
    page.keyboard.press("Enter")
    expect(main).to_be_focused()
    # The next Tab continues inside the content, not back in the header.
    page.keyboard.press("Tab")
    inside = page.evaluate(
        "() => document.querySelector('main').contains(document.activeElement) "
        "|| document.activeElement.closest('footer') !== null"
    )
    assert inside, "after the skip link, Tab must continue in the main content"


def visit(page: Page, path: str, what: str) -> None:
    response = page.goto(path)
    status = response.status if response is not None else None
    assert status is not None and status < 400, f"{what}: HTTP {status}"
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert_accessible(page, what)


def menu_paths(page: Page) -> list[tuple[str, str]]:
    """(name, path) of every link in the main menu, in order, closed task groups included."""
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu).to_be_visible()
    links = menu.locator("a")
    return [
        ((links.nth(i).text_content() or "").strip(), links.nth(i).get_attribute("href") or "")
        for i in range(links.count())
    ]


def check_header_menus(page: Page, what: str) -> None:
    """The task groups and the account menu open by keyboard, and pass axe while open;
    Escape closes a menu and gives focus back to its button."""
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    groups = nav.locator("details.nav-group > summary")
    if groups.count():
        first = groups.first
        first.focus()
        page.keyboard.press("Enter")
        expect(nav.locator("details.nav-group[open] a").first).to_be_visible()
        assert_accessible(page, f"{what}, met een open menugroep")
        page.keyboard.press("Escape")
        expect(nav.locator("details.nav-group[open]")).to_have_count(0)
        expect(first).to_be_focused()
    account = page.locator("details.account-menu > summary")
    account.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Afmelden")).to_be_visible()
    assert_accessible(page, f"{what}, met het accountmenu open")
    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="Afmelden")).to_be_hidden()


def test_sign_in_pages_keyboard_and_axe(page: Page, sign_in: SignIn) -> None:
    """The anonymous pages: skip link, labels, and axe on both sign-in steps."""
    page.goto("/aanmelden")
    assert_skip_link_first(page)
    # Both fields are reachable by their visible labels (WCAG 1.3.1, 3.3.2).
    expect(page.get_by_label("Gebruikersnaam")).to_be_editable()
    expect(page.get_by_label("Wachtwoord", exact=True)).to_be_editable()
    sign_in(t.user("analyst", totp=True), check_a11y=True)
    assert_skip_link_first(page)


def test_first_sign_in_enrols_an_authenticator(page: Page) -> None:
    """A new user enrols through the one-time link from their mailbox: password first, then a
    QR code and a typeable key; the key on the page yields valid codes. Signing in with the
    password alone shows no secret (issue 14, finding 1)."""
    from django.core import mail

    from weerstand.accounts import enrolment
    from weerstand.accounts.models import User

    newcomer = t.user("lcc_coordinator")  # no authenticator yet
    User.objects.filter(pk=newcomer.pk).update(email="nieuw@nctv.invalid")
    page.goto("/aanmelden")
    page.get_by_label("Gebruikersnaam").fill(newcomer.username)
    page.get_by_label("Wachtwoord", exact=True).fill(t.PASSWORD)
    page.get_by_role("button", name="Volgende").click()
    expect(page.get_by_role("region", name="Authenticator koppelen")).to_have_count(0)

    enrolment.issue_link(User.objects.get(pk=newcomer.pk), email="nieuw@nctv.invalid")
    found = re.search(r"(/aanmelden/koppelen/[A-Za-z0-9_-]+)", str(mail.outbox[-1].body))
    assert found is not None
    page.goto(found.group(1))
    assert_accessible(page, "de koppellink: wachtwoord")
    page.get_by_label("Uw wachtwoord").fill(t.PASSWORD)
    page.get_by_role("button", name="Volgende").click()
    enrol = page.get_by_role("region", name="Authenticator koppelen")
    expect(enrol).to_be_visible()
    expect(enrol.get_by_role("img")).to_have_count(1)  # the QR code, with a text alternative
    assert_accessible(page, "het koppelen van een authenticator")
    key = re.sub(r"\s", "", enrol.locator("code").inner_text())
    padded = key + "=" * (-len(key) % 8)
    code = f"{totp(base64.b32decode(padded), step=30, t0=0, digits=6):06d}"
    page.get_by_label("Code uit uw authenticator-app").fill(code)
    page.get_by_role("button", name="Koppelen", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelden")
    assert TOTPDevice.objects.filter(user=newcomer, confirmed=True).count() == 1


def filter_case_list(page: Page, codename: str, reference: str) -> None:
    """The case list filters in place (htmx, served locally); the new count is announced."""
    page.goto("/casussen/")
    count = page.get_by_role("status").filter(has_text="gevonden")
    expect(count).to_have_attribute("aria-live", "polite")
    expect(count).to_have_text("2 casussen gevonden")
    with page.expect_request(lambda r: r.headers.get("hx-request") == "true"):
        page.get_by_label("Zoek op kenmerk of werknaam").fill(codename)
    expect(count).to_have_text("1 casus gevonden")
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows).to_have_count(2)  # header and the one match
    expect(rows.nth(1)).to_contain_text(reference)
    expect(page).to_have_url(re.compile(rf"[?&]q={codename}"))  # filter state in the URL
    assert_accessible(page, "de gefilterde casuslijst")


def referral_errors(page: Page) -> None:
    """An incomplete referral: a summary of errors that links to the fields, fields marked."""
    page.goto("/casussen/aanmelden")
    page.get_by_role("button", name="Aanmelding versturen").click()
    summary = page.get_by_role("alert").filter(has_text="Er is een probleem")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # the summary gets focus when the page loads
    expect(page).to_have_title(re.compile("^Fout: "))
    first_name = page.get_by_label("Voornaam")
    expect(first_name).to_have_attribute("aria-invalid", "true")
    summary.get_by_role("link", name="Vul de voornaam van de nieuwe persoon in").click()
    expect(first_name).to_be_focused()
    assert_accessible(page, "het aanmeldformulier met fouten")


@pytest.fixture
def case_world(transactional_db: None) -> dict[str, Any]:
    """A referred case in intake and one in assessment with a team, for the roles below."""
    police = t.org("police", code="politie-oost", name="Politie Oost-Nederland")
    referrer = t.user("police_liaison", organisation=police)
    analyst = t.user("analyst", totp=True)
    lcc = t.user("lcc_coordinator", totp=True)
    inspector = t.user("inspector", totp=True)
    intake = t.case(referrer, summary="Dreiging na een getuigenverklaring", codename="Vlinder")
    active = t.case(
        referrer,
        phenomenon="terrorism",
        summary="Bedreiging via sociale media",
        codename="Reiger",
        owner=analyst,
        team=(lcc,),
        state="assessment",
    )
    return {
        "analyst": analyst,
        "lcc_coordinator": lcc,
        "inspector": inspector,
        "intake": intake,
        "active": active,
    }


@pytest.mark.parametrize("role", ["analyst", "lcc_coordinator", "inspector"])
def test_main_pages_per_role(
    page: Page, sign_in: SignIn, case_world: dict[str, Any], role: str
) -> None:
    user = case_world[role]
    sign_in(user)
    assert_accessible(page, f"de startpagina ({role})")
    assert_skip_link_first(page)

    check_header_menus(page, f"de startpagina ({role})")
    paths = menu_paths(page)
    names = [name for name, _ in paths]
    assert "Casusoverzicht" in names, f"{role} misses the case list in the menu: {names}"
    for name, path in paths:
        if path != "/":  # the start page was checked right after signing in
            visit(page, path, f"menu '{name}' ({role})")

    active = case_world["active"]
    visit(page, f"/casussen/{active.pk}", f"casuspagina {active.reference} ({role})")
    expect(page.get_by_role("heading", level=1)).to_contain_text(active.reference)
    if role == "analyst":
        intake = case_world["intake"]
        visit(page, f"/casussen/{intake.pk}", f"aanmelding {intake.reference} ({role})")
        filter_case_list(page, active.codename, active.reference)
    if role == "lcc_coordinator":
        referral_errors(page)
    if role == "inspector":
        visit(page, f"/audit/casussen/{active.pk}", f"toegangslog {active.reference} ({role})")
