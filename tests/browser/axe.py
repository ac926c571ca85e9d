"""Accessibility checks with axe-core, from the copy bundled in axe-playwright-python.

The package's own wrapper does `page.evaluate(<axe.min.js text>)` and pastes the options into
a script string. We take the same bundled file, hand it to the browser context once as an init
script (so every page has `window.axe` without half a megabyte per check), and pass the
options to `axe.run` as a real argument. Nothing is fetched from the network; the browser
fixture blocks and reports any attempt anyway.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from axe_playwright_python.base import AXE_FILE_PATH
from playwright.sync_api import BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

# WCAG 2.1 level A and AA, the level the government must meet (Besluit digitale toegankelijkheid).
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
BLOCKING_IMPACTS = frozenset({"serious", "critical"})


@cache
def axe_source() -> str:
    """The bundled axe-core script (read once per worker)."""
    return AXE_FILE_PATH.read_text(encoding="utf-8")


def install_axe(context: BrowserContext) -> None:
    """Make axe-core part of every document the context loads."""
    context.add_init_script(script=axe_source())


# What Chromium says when the document is replaced while axe walks it: a click that
# navigates returns before the new page has loaded, so a check may start on the old one.
_NAVIGATION_RACE = ("Execution context was destroyed", "reading 'documentElement'")


def run_axe(page: Page) -> dict[str, Any]:
    """Run axe-core on the whole current document and return its raw result.

    Waits until the document has loaded; if a navigation still replaces it during the run,
    the check runs again on the new document (twice at most), so it never reports on a
    half-gone page and never passes without having run."""
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            if not page.evaluate("() => typeof window.axe === 'object'"):
                page.evaluate(axe_source())
            return page.evaluate(
                "options => window.axe.run(document, options)",
                {
                    "runOnly": {"type": "tag", "values": list(WCAG_TAGS)},
                    "resultTypes": ["violations"],
                },
            )
        except PlaywrightError as exc:
            if attempt == 2 or not any(s in str(exc) for s in _NAVIGATION_RACE):
                raise
    raise AssertionError("unreachable")


def blocking_violations(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [v for v in result["violations"] if v.get("impact") in BLOCKING_IMPACTS]


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())[:240]
            lines.append(f"    {target}: {summary}")
    return "\n".join(lines)


def assert_accessible(page: Page, what: str) -> dict[str, Any]:
    """Fail when the page has serious or critical WCAG 2.1 A/AA violations; list them all."""
    result = run_axe(page)
    bad = blocking_violations(result)
    assert not bad, (
        f"axe-core: {len(bad)} ernstige/kritieke toegankelijkheidsfouten op {what} "
        f"({page.url}):\n{format_violations(bad)}"
    )
    return result
