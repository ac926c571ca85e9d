"""Finding 6: a strict Content-Security-Policy on every response, and nothing inline that it
would have to allow; HSTS and the proxy header in production mode.

- A crawl of the demo world as a system administrator (including the admin at /beheer/), an
  analyst and a senior analyst: every response carries the policy, and no HTML page holds an
  inline <script>, a <style> element, a style="" attribute, an on*="" handler, hx-on or a
  javascript: URL, nor loads a script or stylesheet from elsewhere.
- Every template in the source is scanned for the same, so a page the crawl misses is caught.
- Production settings are read from a real `django.setup()` in a fresh interpreter.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import deque
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client

from leak_support.html import Links

SRC = Path(__file__).resolve().parent.parent / "src" / "weerstand"
SKIP_PREFIXES = ("/static/", "/afmelden", "/i18n/", "/beheer/logout")
SKIP_SUFFIXES = (".pdf", ".csv")
BUDGET = 140  # pages per user: enough to reach every kind of page of the demo world
EXPECTED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def policy(header: str) -> dict[str, str]:
    return {
        part.split()[0]: " ".join(part.split()[1:])
        for part in (p.strip() for p in header.split(";"))
        if part
    }


class InlineFinder(HTMLParser):
    """What a strict CSP refuses (or would have to allow) in one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): v or "" for k, v in attrs}
        if tag == "script":
            if not a.get("src"):
                self.found.append("inline <script>")
            elif urlsplit(a["src"]).netloc:
                self.found.append(f"script from elsewhere: {a['src']}")
        if tag == "style":
            self.found.append("<style> element")
        if (
            tag == "link"
            and "stylesheet" in a.get("rel", "")
            and urlsplit(a.get("href", "")).netloc
        ):
            self.found.append(f"stylesheet from elsewhere: {a['href']}")
        for name, value in a.items():
            if name == "style":
                self.found.append(f'style="" on <{tag}>')
            if name.startswith("on") or name.startswith(("hx-on", "data-hx-on")):
                self.found.append(f"{name}= handler on <{tag}>")
            url_attribute = name in ("href", "src", "action", "formaction", "hx-get", "hx-post")
            if url_attribute and value.strip().lower().startswith("javascript:"):
                self.found.append(f"javascript: URL on <{tag}>")


def inline_problems(body: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(body)
    return finder.found


# --- the crawl ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_world(seeded_demo: dict[str, Any]) -> None:
    """The demo world, seeded once for every module that reads it (conftest)."""


def _crawl(client: Client, start: list[str]) -> Iterator[tuple[str, Any]]:
    seen: set[str] = set()
    queue: deque[tuple[str, bool]] = deque((url, False) for url in start)
    while queue and len(seen) < BUDGET:
        url, htmx = queue.popleft()
        parts = urlsplit(url)
        if parts.netloc or not parts.path.startswith("/") or url in seen:
            continue
        if parts.path.startswith(SKIP_PREFIXES) or parts.path.endswith(SKIP_SUFFIXES):
            continue
        seen.add(url)
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        response = client.get(url, **headers)
        yield url, response
        if response.get("Content-Type", "").startswith("text/html"):
            links = Links()
            links.feed(response.content.decode())
            for link in links.links:
                queue.append((link.split("#")[0], False))


@pytest.mark.once
@pytest.mark.parametrize("username", ["beheerder", "analist", "senior-analist"])
def test_every_page_of_a_crawl_carries_the_policy_and_nothing_inline(
    demo_world: None, db: None, username: str
) -> None:
    from weerstand import testing as t
    from weerstand.accounts.models import User

    client = Client()
    t.login(client, User.objects.get(username=username))
    start = ["/", "/casussen/", "/beheer/", "/api/v1/openapi.json", "/bestaat-niet"]
    pages = 0
    problems: dict[str, list[str]] = {}
    for url, response in _crawl(client, start):
        header = response.get("Content-Security-Policy")
        assert header, f"{url} ({response.status_code}) has no Content-Security-Policy"
        got = policy(header)
        for directive, value in EXPECTED.items():
            assert got.get(directive) == value, (url, directive, header)
        assert "unsafe-inline" not in header and "unsafe-eval" not in header, url
        if response.get("Content-Type", "").startswith("text/html"):
            pages += 1
            found = inline_problems(response.content.decode())
            if found:
                problems[url] = found
    assert not problems, problems
    assert pages > 20, f"the crawl as {username} reached only {pages} pages"


# --- every template in the source ---------------------------------------------------------------

TEMPLATE_PATTERNS = {
    "inline <script>": re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I),
    "<style> element": re.compile(r"<style[\s>]", re.I),
    'style=""': re.compile(r"\sstyle\s*=", re.I),
    "on*= handler": re.compile(r"<[^>]+\son[a-z]+\s*=", re.I),
    "hx-on": re.compile(r"\s(?:data-)?hx-on", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def test_no_template_holds_what_the_policy_refuses() -> None:
    templates = sorted(SRC.rglob("templates/**/*.html"))
    assert len(templates) > 50
    found = [
        f"{path.relative_to(SRC)}: {what}"
        for path in templates
        for what, pattern in TEMPLATE_PATTERNS.items()
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert not found, found


def test_htmx_is_told_not_to_inject_styles_or_evaluate_code() -> None:
    base = (SRC / "templates" / "weerstand" / "base.html").read_text(encoding="utf-8")
    meta = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", base)
    assert meta is not None and base.index("htmx-config") < base.index("htmx-2.min.js")
    config = json.loads(meta.group(1))
    assert config == {"includeIndicatorStyles": False, "allowEval": False, "allowScriptTags": False}
    css = (SRC / "core" / "static" / "weerstand" / "weerstand.css").read_text(encoding="utf-8")
    assert ".htmx-request .htmx-indicator" in css


def test_the_finder_finds_what_it_looks_for() -> None:
    """The crawl's scanner must be able to fail: each kind of inline content is caught."""
    bad = (
        '<script>alert(1)</script><style>p{}</style><p style="color:red" onclick="x()">'
        '<a href="javascript:x()">x</a><button hx-on:click="x()">b</button>'
        '<script src="https://cdn.example/x.js"></script>'
    )
    found = " | ".join(inline_problems(bad))
    for what in ("inline <script>", "<style>", 'style=""', "onclick", "hx-on", "javascript:"):
        assert what in found, found
    assert "elsewhere" in found
    assert inline_problems('<script src="/static/x.js"></script><svg role="img"></svg>') == []
    for what, pattern in TEMPLATE_PATTERNS.items():
        assert pattern.search(bad), what


# --- transport security in production ------------------------------------------------------------


def _settings_in(env_changes: dict[str, str]) -> dict[str, Any]:
    from weerstand.core.tests.test_checks import production_env

    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("WEERSTAND_", "DJANGO_", "DATABASE_URL"))
    }
    env.update(production_env())
    env.update(env_changes)
    env["DJANGO_SETTINGS_MODULE"] = "weerstand.settings"
    env["WEERSTAND_VAR_DIR"] = env_changes.get("WEERSTAND_VAR_DIR", "")
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({n: getattr(s, n) for n in ("
        "'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD', "
        "'SECURE_SSL_REDIRECT', 'SECURE_PROXY_SSL_HEADER', 'SECURE_CSP', "
        "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE')}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def test_production_mode_sends_hsts_and_trusts_the_proxy_header(tmp_path: Path) -> None:
    prod = _settings_in({"WEERSTAND_VAR_DIR": str(tmp_path)})
    assert prod["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert prod["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert prod["SECURE_HSTS_PRELOAD"] is False  # opt-in: hard to undo
    assert prod["SECURE_SSL_REDIRECT"] is True
    assert prod["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert prod["SESSION_COOKIE_SECURE"] is True and prod["CSRF_COOKIE_SECURE"] is True
    assert prod["SECURE_CSP"]["script-src"] == ["'self'"]
    custom = _settings_in(
        {
            "WEERSTAND_VAR_DIR": str(tmp_path),
            "WEERSTAND_PROXY_SSL_HEADER": "X-Forwarded-Ssl: on",
            "WEERSTAND_HSTS_PRELOAD": "true",
            "WEERSTAND_SSL_REDIRECT": "false",
        }
    )
    assert custom["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_SSL", "on"]
    assert custom["SECURE_HSTS_PRELOAD"] is True and custom["SECURE_SSL_REDIRECT"] is False
    direct = _settings_in({"WEERSTAND_VAR_DIR": str(tmp_path), "WEERSTAND_PROXY_SSL_HEADER": "off"})
    assert direct["SECURE_PROXY_SSL_HEADER"] is None


def test_demo_mode_sends_no_hsts_but_the_same_policy() -> None:
    # The test run is demo mode: plain HTTP on localhost must keep working.
    assert settings.SECURE_HSTS_SECONDS == 0 and settings.SECURE_SSL_REDIRECT is False
    assert settings.SECURE_PROXY_SSL_HEADER is None
    assert "django.middleware.csp.ContentSecurityPolicyMiddleware" in settings.MIDDLEWARE


def test_the_hsts_header_is_sent_over_https(client: Client, settings: Any) -> None:
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get("/api/v1/openapi.json", HTTP_X_FORWARDED_PROTO="https")
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["Content-Security-Policy"]
