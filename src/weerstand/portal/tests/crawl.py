"""Walk every page a portal user can reach from their start page and menu, and say what on
it a protectee, relative or employer should never see: internal codes, English UI words,
officials' words, tables (which scroll sideways on a phone)."""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urldefrag, urlparse

# Internal references of cases, signals, decisions, objections... ("SIG-2026-00020").
CODE_PATTERNS = (
    re.compile(r"\b[A-Z]{2,5}-\d{4}-\d+\b"),
    re.compile(r"\b(?:BES|SIG|CAS|BZW|BS|WB)-[A-Z0-9]"),
)
# English words a Dutch portal page should not show (case-sensitive, whole words).
ENGLISH = re.compile(
    r"\b(?:Submit|Cancel|Save|Delete|Dashboard|Settings|Log ?out|Log ?in|Sign ?in|Password|"
    r"Next|Previous|Search|Back|Reports?|Signals?|Notifications?|Measures?|Letters?|Profile|"
    r"Welcome|Loading|Error|Received|Handled|This field is required|Tokens?)\b"
)
# Officials' words and items that have no place in the portal.
OFFICIAL = (
    "API-tokens",
    "Waarneming",
    "Burgers (te beveiligen",
    "Ongelezen meldingen",
    "Mijn meldingen",
    "Beheer",
    "Rubricering",
    "Dreigingsniveau",
    "Casus ",
)
# The language switch names the languages in their own words ("English"): not UI text.
LANGUAGE_NAMES = {"English", "Nederlands"}
SKIP_PREFIXES = ("/static/", "/api/", "/i18n/", "/accounts/afmelden", "/admin/")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[str] = []
        self.tables = 0
        self._skip = 0
        self._option = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "option":
            self._option = True
        if tag == "table":
            self.tables += 1
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
        for name in ("title", "aria-label", "alt", "placeholder"):
            if a.get(name):
                self.text.append(a[name] or "")
        if tag in ("input", "button") and a.get("type") in ("submit", "button") and a.get("value"):
            self.text.append(a["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1
        if tag == "option":
            self._option = False

    def handle_data(self, data: str) -> None:
        if self._skip or (self._option and data.strip() in LANGUAGE_NAMES):
            return
        self.text.append(data)


@dataclass
class Visit:
    url: str
    status: int
    problems: list[str] = field(default_factory=list)


def problems_in(html: str) -> tuple[list[str], list[str]]:
    """(problems, links) of one page."""
    page = _Page()
    page.feed(html)
    text = " ".join(" ".join(page.text).split())
    found = []
    for pattern in CODE_PATTERNS:
        found += [f"internal code {m.group(0)!r}" for m in pattern.finditer(text)]
    found += [f"English {m.group(0)!r}" for m in ENGLISH.finditer(text)]
    found += [f"official word {w!r}" for w in OFFICIAL if w in text]
    if page.tables:
        found.append(f"{page.tables} table(s): use a list or cards in the portal")
    return found, page.links


def crawl(client: Any, start: str = "/", limit: int = 60) -> list[Visit]:
    """Breadth-first over same-site GET links from `start` (the start page and its menu)."""
    seen: set[str] = set()
    queue = deque([start])
    visits: list[Visit] = []
    while queue and len(visits) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        resp = client.get(url)
        visit = Visit(url, resp.status_code)
        visits.append(visit)
        if resp.status_code != 200:
            visit.problems.append(f"status {resp.status_code}")
            continue
        if "text/html" not in resp.get("Content-Type", ""):
            continue
        found, links = problems_in(resp.content.decode())
        visit.problems += found
        for href in links:
            href = urldefrag(href)[0]
            parsed = urlparse(href)
            if parsed.scheme or parsed.netloc or not href.startswith("/"):
                continue
            if href.startswith(SKIP_PREFIXES) or href in seen:
                continue
            queue.append(href)
    return visits
