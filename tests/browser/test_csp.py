"""Finding 6 in a real browser: Chromium enforces the Content-Security-Policy the server sends,
and nothing Weerstand does violates it: the sign-in pages, the case list with its htmx filter,
a case page and its edit form, the threat picture's SVG timeline, and the admin site.

A violation is caught two ways: Chromium's console message ("Refused to ... Content Security
Policy") and the page's own `securitypolicyviolation` event, recorded by an init script. A
first test proves the listeners fire on a real violation, so the others can fail.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, expect

from weerstand import testing as t

pytestmark = pytest.mark.browser

SignIn = Callable[..., None]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.effectiveDirective} ${e.blockedURI || 'inline'}`);
});
"""


class Violations:
    def __init__(self) -> None:
        self.console: list[str] = []

    def on_console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.console.append(message.text)

    def check(self, page: Page, where: str) -> None:
        page.wait_for_load_state("networkidle")
        seen = page.evaluate("() => window.__cspViolations || []")
        assert not seen and not self.console, f"CSP-schending op {where}: {seen} {self.console}"


@pytest.fixture
def violations(context: BrowserContext, page: Page) -> Iterator[Violations]:
    found = Violations()
    context.add_init_script(script=RECORD_VIOLATIONS)
    page.on("console", found.on_console)
    yield found


def test_the_policy_is_enforced_and_a_violation_is_seen(page: Page, violations: Violations) -> None:
    response = page.goto("/aanmelden")
    assert response is not None
    assert "script-src 'self'" in (response.header_value("Content-Security-Policy") or "")
    page.evaluate(
        "() => { const s = document.createElement('style');"
        " s.textContent = 'body { color: red }'; document.head.appendChild(s); }"
    )
    page.wait_for_function("() => window.__cspViolations.length > 0")
    with pytest.raises(AssertionError, match="style-src"):
        violations.check(page, "een pagina met een ingevoegd stijlblok")
    violations.console.clear()


def test_no_violation_on_the_key_pages(
    page: Page, violations: Violations, sign_in: SignIn, live_server: Any
) -> None:
    from weerstand.assessments.models import Assessment

    analyst = t.user("analyst", totp=True)
    case = t.case(
        t.user("police_liaison"), owner=analyst, codename="Kraanvogel", state="assessment"
    )
    t.case(t.user("police_liaison"), owner=analyst, codename="Lepelaar")
    Assessment.objects.create(
        case=case,
        number=1,
        status="finalised",
        author=analyst,
        threat_level=3,
        recommended_resistance=2,
        finalised_at=timezone.now(),
        next_recalibration=timezone.localdate() + timedelta(days=60),
    )

    page.goto("/aanmelden")
    violations.check(page, "de aanmeldpagina")
    sign_in(analyst)
    violations.check(page, "de startpagina")

    # The case list filters through htmx: the request must run and swap under the policy.
    page.goto("/casussen/")
    with page.expect_response(re.compile(r"/casussen/\?.*q=Kraan")) as filtered:
        page.get_by_label("Zoek op kenmerk of werknaam").fill("Kraan")
    assert filtered.value.request.headers.get("hx-request") == "true"
    expect(page.locator("#case-results")).to_contain_text("Kraanvogel")
    expect(page.locator("#case-results")).not_to_contain_text("Lepelaar")
    violations.check(page, "de casuslijst met htmx-filter")

    page.goto(f"/casussen/{case.pk}")
    violations.check(page, "de casuspagina")
    page.locator("#form-edit").get_by_label("Werknaam").fill("Kraanvogel II")
    page.locator("#form-edit").get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("opgeslagen")
    violations.check(page, "de casuspagina na opslaan")

    page.goto(f"/casussen/{case.pk}/rubricering")
    violations.check(page, "de rubriceringspagina")

    page.goto(f"/dreigingsbeelden/casus/{case.pk}")
    expect(page.locator("svg").first).to_be_attached()
    violations.check(page, "de tijdlijn van het dreigingsbeeld")


def test_no_violation_in_the_admin(page: Page, violations: Violations, sign_in: SignIn) -> None:
    from weerstand.accounts.services import sync_staff_flag

    admin = t.user("system_admin", totp=True)
    sync_staff_flag(admin)
    other = t.user("analyst")
    sign_in(admin)
    for url in (
        "/beheer/",
        "/beheer/accounts/user/",
        f"/beheer/accounts/user/{other.pk}/change/",
        "/beheer/accounts/user/add/",
        "/beheer/organisations/organisation/",
    ):
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        assert response.header_value("Content-Security-Policy"), url
        violations.check(page, url)
