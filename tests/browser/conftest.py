"""Browser tests: Debian's headless Chromium, driven by Playwright, against pytest-django's
live server.

Why the details below exist:

- Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls from a
  thread with a running loop unless DJANGO_ALLOW_ASYNC_UNSAFE is set. The test code and the
  browser never run at the same time, so this is safe here.
- The live server needs a transactional test database, which pytest-django empties with
  `flush` after every test; the audit trail's own pytest plugin (`weerstand.audit.pytest_plugin`,
  enabled in pyproject.toml) empties the append-only audit tables first.
- One Chromium per xdist worker (session scope), a fresh browser context per test.
- Every request to anything but the live server is aborted and recorded; the test then fails:
  Weerstand must not load anything from a CDN or another outside host.
- Chromium comes from Debian (`make browser-deps` installs it); a missing browser is a
  failure, never a skip, so the accessibility and flow checks cannot silently disappear.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    Route,
    expect,
    sync_playwright,
)

from .axe import assert_accessible, install_axe

CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
DEBIAN_CHROMIUM = "/usr/bin/chromium"
TIMEOUT_MS = 10_000


# --- the browser --------------------------------------------------------------------------


def chromium_executable() -> str:
    """WEERSTAND_CHROMIUM, else Debian's chromium on PATH, else /usr/bin/chromium."""
    configured = os.environ.get("WEERSTAND_CHROMIUM", "").strip()
    candidates = [configured] if configured else [shutil.which("chromium"), DEBIAN_CHROMIUM]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    where = f"WEERSTAND_CHROMIUM={configured}" if configured else f"PATH or {DEBIAN_CHROMIUM}"
    pytest.fail(
        f"Chromium not found ({where}). The browser tests need Debian's chromium: "
        "run `make browser-deps` (it installs the package), or point WEERSTAND_CHROMIUM "
        "at a Chromium executable.",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """One headless Chromium per test process (xdist worker)."""
    chromium = playwright.chromium.launch(
        executable_path=chromium_executable(), args=list(CHROMIUM_ARGS), headless=True
    )
    yield chromium
    chromium.close()


class Traffic:
    """Requests the page tried to send outside the live server, and script errors."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.blocked: list[str] = []
        self.page_errors: list[str] = []

    @property
    def outside(self) -> re.Pattern[str]:
        """Every URL not on the live server's origin. Matched inside the browser driver, so
        the server's own requests never make a round trip through Python."""
        return re.compile(rf"^(?!{re.escape(self.origin)}(/|$))")

    def block(self, route: Route) -> None:
        self.blocked.append(route.request.url)
        route.abort("blockedbyclient")


@pytest.fixture
def traffic(live_server: Any) -> Traffic:
    return Traffic(live_server.url)


@pytest.fixture
def context(browser: Browser, live_server: Any, traffic: Traffic) -> Iterator[BrowserContext]:
    ctx = browser.new_context(
        base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam"
    )
    ctx.set_default_timeout(TIMEOUT_MS)
    ctx.route(traffic.outside, traffic.block)
    install_axe(ctx)
    yield ctx
    ctx.close()
    assert not traffic.blocked, (
        "De pagina probeerde iets buiten de eigen server te laden (CDN?): "
        + ", ".join(traffic.blocked)
    )


@pytest.fixture
def page(context: BrowserContext, traffic: Traffic) -> Iterator[Page]:
    pg = context.new_page()
    pg.on("pageerror", lambda exc: traffic.page_errors.append(str(exc)))
    yield pg
    assert not traffic.page_errors, "JavaScript-fouten: " + "; ".join(traffic.page_errors)


# --- the header's menus ---------------------------------------------------------------------


def open_account_menu(page: Page) -> None:
    """Open the account menu (name, organisation, API tokens, language, sign-out)."""
    menu = page.locator("details.account-menu")
    if menu.get_attribute("open") is None:
        menu.locator("summary").click()
    expect(page.get_by_role("button", name="Afmelden")).to_be_visible()


def open_menu_link(page: Page, name: str) -> None:
    """Follow a main-menu entry by its name: a plain link, or inside its task group, which is
    opened first (the way a user does: the group's disclosure button, then the link)."""
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    group = nav.locator("details.nav-group").filter(
        has=page.get_by_role("link", name=name, exact=True, include_hidden=True)
    )
    if group.count() and group.get_attribute("open") is None:
        group.locator("summary").click()
    nav.get_by_role("link", name=name, exact=True).click()


# --- signing in ---------------------------------------------------------------------------


SignIn = Callable[..., None]


@pytest.fixture
def sign_in(page: Page, live_server: Any) -> SignIn:
    """Sign in through the real pages: password, then a TOTP code from the user's device.

    With `check_a11y` both sign-in pages are checked with axe on the way. The code is one the
    device still accepts (`fresh_totp_code`), so a user can sign in again within the same
    30-second step without tripping the replay protection.
    """
    from weerstand.accounts.services import totp_device
    from weerstand.testing import PASSWORD, fresh_totp_code

    def _sign_in(user: Any, *, check_a11y: bool = False) -> None:
        page.goto("/aanmelden")
        expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelden")
        if check_a11y:
            assert_accessible(page, "de aanmeldpagina")
        page.get_by_label("Gebruikersnaam").fill(user.username)
        page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Volgende").click()
        expect(page).to_have_url(re.compile(r"/aanmelden/code(\?.*)?$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Tweede factor")
        if check_a11y:
            assert_accessible(page, "de TOTP-stap")
        page.get_by_label("Code uit uw authenticator-app").fill(fresh_totp_code(totp_device(user)))
        page.get_by_role("button", name="Aanmelden", exact=True).click()
        expect(page).to_have_url(f"{live_server.url}/")
        # Signed in: the account menu (name, sign-out) is in the header.
        expect(page.locator("details.account-menu > summary")).to_be_visible()

    return _sign_in


@pytest.fixture
def sign_out(page: Page) -> Callable[[], None]:
    def _sign_out() -> None:
        open_account_menu(page)
        page.get_by_role("button", name="Afmelden").click()
        expect(page).to_have_url(re.compile(r"/aanmelden$"))
        expect(page.locator("details.account-menu")).to_have_count(0)

    return _sign_out
