"""The browser harness must be able to fail: axe finds a known violation, a request to an
outside host is blocked and reported, and a missing Chromium is a failure, not a skip."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .axe import WCAG_TAGS, assert_accessible, run_axe
from .conftest import Traffic, chromium_executable

pytestmark = pytest.mark.browser

BROKEN_PAGE = """<!DOCTYPE html><html><head><title>kapot</title></head><body>
<main><h1>Kapot</h1>
<form><input type="text" name="naam"><img src="/static/weerstand/none.png"></form>
<p id="grijs">Onleesbaar licht grijs</p>
</main></body></html>"""
# The site's Content-Security-Policy refuses style="" (the page keeps it when its content is
# replaced), so the unreadable grey is set through the CSSOM, which the policy allows.
GREY = (
    "() => Object.assign(document.getElementById('grijs').style,"
    " {color: '#bbb', background: '#fff'})"
)


def test_axe_reports_serious_violations_with_targets(page: Page) -> None:
    page.goto("/aanmelden")
    page.set_content(BROKEN_PAGE)
    page.evaluate(GREY)
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page, "een kapotte pagina")
    report = str(failure.value)
    for rule in ("label", "image-alt", "html-has-lang", "color-contrast"):
        assert rule in report, report
    assert "input" in report and "critical" in report


def test_axe_runs_only_wcag_a_and_aa_rules(page: Page) -> None:
    page.goto("/aanmelden")
    result = run_axe(page)
    assert result["testEngine"]["name"] == "axe-core"
    assert set(result["toolOptions"]["runOnly"]["values"]) == set(WCAG_TAGS)


def test_requests_to_outside_hosts_are_blocked_and_reported(page: Page, traffic: Traffic) -> None:
    # Weerstand's own pages carry a Content-Security-Policy that stops such requests in the
    # browser already; this proves the second line, the harness, on a page without one.
    page.goto("about:blank")
    page.set_content(
        '<html lang="nl"><head><title>cdn</title>'
        '<script src="https://cdn.example.org/lib.js"></script>'
        '<link rel="stylesheet" href="http://fonts.example.net/font.css"></head>'
        "<body><main><h1>cdn</h1></main></body></html>"
    )
    page.wait_for_load_state("load")
    assert sorted(traffic.blocked) == [
        "http://fonts.example.net/font.css",
        "https://cdn.example.org/lib.js",
    ]
    traffic.blocked.clear()  # seen; the fixture would otherwise fail this test at teardown


def test_missing_chromium_fails_with_instructions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEERSTAND_CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(pytest.fail.Exception) as failure:
        chromium_executable()
    assert "make browser-deps" in str(failure.value)
