"""What both leak hunts crawl: every URL pattern and its view module, and the links and GET
forms a page offers to follow."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

from django.urls import URLPattern, URLResolver


def walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            yield route, p.callback


def view_module(callback: Any) -> str:
    target = getattr(callback, "cls", None) or getattr(callback, "view_class", None) or callback
    return getattr(target, "__module__", "") or ""


class Links(HTMLParser):
    """Same-site links (href, hx-get) and GET forms (action + field names and options)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        for key in ("href", "hx-get"):
            if a.get(key):
                self.links.append(a[key])
        if tag == "form":
            self._form = {
                "method": (a.get("method") or "get").lower(),
                "action": a.get("action", ""),
                "text": [],
                "choices": {},
            }
            self.forms.append(self._form)
        elif self._form is not None and tag == "input" and a.get("name"):
            if a.get("type", "text") in ("text", "search", ""):
                self._form["text"].append(a["name"])
            elif a.get("type") in ("radio", "checkbox"):
                self._form["choices"].setdefault(a["name"], []).append(a.get("value", "on"))
        elif self._form is not None and tag == "select" and a.get("name"):
            self._select = a["name"]
            self._form["choices"].setdefault(self._select, [])
        elif self._form is not None and tag == "option" and self._select:
            self._form["choices"][self._select].append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
