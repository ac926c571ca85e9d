"""Leak hunt for the authority and execution objects: assessments, catalogue, decisions,
security assignments, local notifications, letters, objections and capacity.

The demo world is seeded once for the module; then unique markers ("LEAKMARK<hex>") are
planted in restricted objects of every kind (`leak_support.authority.build_world`): the
crown-witness case's assessment (scenario, assumption, challenge, unresolved disagreement),
decision (reasoning, deviation), assignment (reference, note), objection and inform task; a
Stg. Zeer Geheim assessment; a draft decision-makers may not read; a notice to another
municipality and one to the demo mayor's; another protectee's letter text and objection
grounds; a KMar officer; a plan with a shortage on the crown-witness assignment.

Then every demo user signs in through the real two-step sign-in and requests every URL
pattern of those apps (web and `/api/v1/`) plus the start page and the case pages that show
their sections: int parameters filled with the restricted objects first and an absent id,
list pages with search, paging, export and the filters of their GET forms, the same-site
links they show (exports included: PDFs are read back with pypdf), and write attempts on
objects the user may not know. Every body and header is searched for the markers the user
may not see; which those are is decided by `leak_support.authority.Rules`, a restatement of
the documented policy that shares no code with the engine. A forbidden object answers like
an absent one, and no page, panel or list total changes when hidden objects are added.
"""

from __future__ import annotations

import io
import json
import re
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import get_resolver

from leak_support.authority import (
    MARK,
    World,
    build_world,
    new_token,
    plant_hidden_extras,
    plant_hidden_officer,
)
from leak_support.html import Links, view_module, walk

pytestmark = pytest.mark.slow

APPS = (
    "weerstand.assessments",
    "weerstand.catalogue",
    "weerstand.decisions",
    "weerstand.rights",
    "weerstand.capacity",
)
APP_PREFIXES = ("/dreigingsbeelden/", "/catalogus/", "/besluiten/", "/rechten/", "/capaciteit/")
API_PREFIXES = (
    "/api/v1/assessments",
    "/api/v1/catalogue",
    "/api/v1/decisions",
    "/api/v1/security-assignments",
    "/api/v1/objections",
    "/api/v1/rights-frameworks",
    "/api/v1/framework-acknowledgements",
    "/api/v1/plan-runs",
    "/api/v1/officers",
    "/api/v1/units",
)
PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LINK_BUDGET = 25  # per user: same-site links and form filters beyond the patterns themselves
# Which model an int parameter names, by the route around it (first match wins).
KINDS = (
    (re.compile(r"/casus/<int:case_pk>"), "case"),
    (re.compile(r"^/dreigingsbeelden/<int:pk>"), "assessment"),
    (re.compile(r"^/api/v1/assessments/<int:pk>"), "assessment"),
    (re.compile(r"^/besluiten/opdrachten/<int:pk>"), "assignment"),
    (re.compile(r"^/besluiten/<int:pk>"), "decision"),
    (re.compile(r"^/api/v1/decisions/<int:pk>"), "decision"),
    (re.compile(r"^/api/v1/security-assignments/<int:pk>"), "assignment"),
    (re.compile(r"<int:decision_id>"), "decision"),
    (re.compile(r"bezwaren/<int:pk>|objections/<int:pk>"), "objection"),
    (re.compile(r"plannen/<int:pk>|plan-runs/<int:pk>"), "plan_run"),
    (re.compile(r"taken/<int:pk>"), "task"),
    (re.compile(r"medewerkers/<int:pk>|officers/<int:pk>"), "officer"),
    (re.compile(r"kader/<int:pk>|kader/versies/<int:pk>|rights-frameworks/<int:pk>"), "framework"),
)
SLUGS = {
    "phenomenon": "organised_crime",
    "kind": "scenarios",
    "name": "indienen",
    "code": "bestaat-niet",
}
# (list or create endpoint, method, parameter or body field, the kind of object it names)
REFERENCES = (
    ("/api/v1/assessments", "get", "case", "case"),
    ("/api/v1/decisions", "get", "case", "case"),
    ("/api/v1/security-assignments", "get", "case", "case"),
    ("/api/v1/assessments", "post", "case", "case"),
    ("/api/v1/decisions", "post", "case", "case"),
    ("/api/v1/objections", "post", "decision", "decision"),
)
CATALOGUE_KIND = {"/catalogus/<slug:kind>/<slug:code>/versies": "maatregel"}


# --- routes --------------------------------------------------------------------------------


def routes() -> list[str]:
    """Every URL pattern whose view lives in one of the five apps (web and API)."""
    return sorted(
        "/" + route
        for route, callback in walk(get_resolver().url_patterns)
        if view_module(callback).startswith(APPS)
    )


def kind_of(route: str) -> str | None:
    return next((kind for pattern, kind in KINDS if pattern.search(route)), None)


def fill(route: str, pk: int) -> str:
    def value(m: re.Match) -> str:
        if (m.group("conv") or "str") == "int":
            return "0" if m.group("name") == "index" else str(pk)
        if route in CATALOGUE_KIND and m.group("name") == "kind":
            return CATALOGUE_KIND[route]
        return SLUGS.get(m.group("name"), "x")

    return PARAM.sub(value, route)


def in_scope(path: str) -> bool:
    return path == "/" or path.startswith(APP_PREFIXES + API_PREFIXES + ("/casussen/",))


# --- reading answers -------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    text: str  # body as text; a PDF's extracted text and metadata
    headers: str
    content_type: str
    raw: str  # body as received (for comparisons)


def read(response: Any) -> Answer:
    raw = (
        b"".join(response.streaming_content)
        if getattr(response, "streaming", False)
        else response.content
    )
    content_type = response.get("Content-Type", "")
    body = raw.decode("utf-8", errors="replace")
    text = body
    if raw.startswith(b"%PDF") or "pdf" in content_type:
        text = pdf_text(raw)
    headers = "\n".join(f"{k}: {v}" for k, v in response.items())
    return Answer(response.status_code, text, headers, content_type, body)


def pdf_text(raw: bytes) -> str:
    """Every page's text and the document metadata; also without whitespace, so a marker
    the layout broke over two lines is still found."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(raw))
    parts = [page.extract_text() or "" for page in reader.pages]
    parts += [str(v) for v in (reader.metadata or {}).values()]
    text = "\n".join(parts)
    return text + "\n" + re.sub(r"\s+", "", text)


def same_site(base: str, link: str) -> str | None:
    link = link.strip()
    if not link or link.startswith(("#", "mailto:", "javascript:", "tel:", "data:")):
        return None
    if link.startswith("?"):
        link = urlsplit(base).path + link
    parts = urlsplit(link)
    if (parts.scheme or parts.netloc) and parts.netloc not in ("testserver", ""):
        return None
    if not parts.path.startswith("/") or not in_scope(parts.path):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


_NOISE = [
    # Flash messages belong to an earlier request (whatever was asked before), not this one.
    (re.compile(r'<div class="messages" role="status">.*?</div>', re.S), ""),
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'), 'name="csrfmiddlewaretoken"'),
    (re.compile(r'<meta name="csrf-token" content="[^"]*"'), "<meta csrf>"),
    (re.compile(r'"X-CSRFToken": "[^"]*"'), '"X-CSRFToken"'),
    (re.compile(r"\b[A-Za-z0-9_-]{48,}\b"), "TOKEN"),
    (
        re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"),
        "U",
    ),
    (re.compile(r"\b[0-9a-f]{32}\b"), "H"),
    (re.compile(r"\b\d{1,2}:\d{2}(:\d{2})?\b"), "T"),
]


def normalise(body: str, replace: list[str]) -> str:
    """Tokens, request ids and times out; then what the two requests themselves named
    (their URLs, search words, the ids they sent: a bare number only as a whole word)."""
    for pattern, repl in _NOISE:
        body = pattern.sub(repl, body)
    for r in sorted(replace, key=len, reverse=True):
        if r.isdigit():
            body = re.sub(rf"(?<![\w-]){r}(?![\w-])", "<X>", body)
        elif r:
            body = body.replace(r, "<X>")
    return "\n".join(line for line in body.splitlines() if line.strip())


def first_difference(a: str, b: str) -> str:
    for x, y in zip(a.splitlines(), b.splitlines(), strict=False):
        if x != y:
            at = next(i for i, (p, q) in enumerate(zip(x + "\0", y + "\1", strict=False)) if p != q)
            start = max(0, at - 60)
            return f"{x[start : at + 100].strip()!r} vs {y[start : at + 100].strip()!r}"
    return "lengths differ"


# --- the crawler ---------------------------------------------------------------------------


@dataclass
class Crawl:
    client: Client
    world: World
    username: str
    user: Any | None
    visits: int = 0
    links_followed: int = 0
    seen: dict[tuple[str, str, bool], Answer] = field(default_factory=dict)
    leaks: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)
    pages: deque = field(default_factory=deque)
    routes_hit: set[str] = field(default_factory=set)
    phases: list[int] = field(default_factory=list)  # visits after each phase
    timings: list[tuple[float, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.hidden = self.world.hidden(self.user)

    def fetch(
        self,
        url: str,
        method: str = "get",
        data: Any = None,
        route: str | None = None,
        htmx: bool = False,
    ) -> Answer:
        key = (method, url + (json.dumps(data, sort_keys=True) if data else ""), htmx)
        if key in self.seen:
            return self.seen[key]
        self.visits += 1
        started = time.perf_counter()
        extra: dict[str, Any] = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        if method == "get":
            response = self.client.get(url, **extra)
        elif url.startswith("/api/"):
            response = getattr(self.client, method)(
                url, data=json.dumps(data or {}), content_type="application/json", **extra
            )
        else:
            response = getattr(self.client, method)(url, data=data or {}, **extra)
        if route:
            self.routes_hit.add(route)
        answer = read(response)
        self.timings.append((time.perf_counter() - started, f"{method.upper()} {url}"))
        self.seen[key] = answer
        self.inspect(f"{method.upper()} {url}{' [htmx]' if htmx else ''}", answer, url)
        if method == "get" and answer.status == 200 and "html" in answer.content_type:
            self.pages.append((url, answer.raw))
        return answer

    def inspect(self, where: str, answer: Answer, sent: str) -> None:
        text = answer.text + "\n" + answer.headers
        for m in self.hidden:
            if m.token in text and m.token not in sent:
                self.leaks.append(f"{self.username}: {where} shows {m.what} ({m.text})")
        if answer.status >= 500:
            self.errors.append(f"{self.username}: {where} answered {answer.status}")

    def same(self, what: str, a: Answer, b: Answer, replace: list[str]) -> None:
        if a.status != b.status:
            self.differences.append(f"{self.username}: {what}: status {a.status} vs {b.status}")
            return
        left, right = normalise(a.raw, replace), normalise(b.raw, replace)
        if left != right:
            self.differences.append(
                f"{self.username}: {what}: bodies differ: {first_difference(left, right)}"
            )

    def knows(self, kind: str | None, pk: int) -> bool:
        if self.user is None:
            return False
        if kind is None:
            return True
        return self.world.rules.knows(kind, self.world.facts(self.user), pk)


def crawl(client: Client, world: World, username: str, user: Any | None) -> Crawl:
    c = Crawl(client, world, username, user)
    all_routes = routes()
    plain = [r for r in all_routes if not PARAM.search(r)]
    with_params = [r for r in all_routes if PARAM.search(r)]
    n = world.named

    # 1. The start page (panels), the case pages that carry these apps' sections, every
    #    parameterless pattern (and its htmx fragment).
    c.fetch("/")
    for pk in world.priority["case"]:
        c.fetch(f"/casussen/{pk}")
    lists: list[str] = []
    for route in plain:
        answer = c.fetch(route, route=route)
        if answer.status != 200:
            continue
        if not route.startswith("/api/"):
            c.fetch(route, route=route, htmx=True)
        if "html" in answer.content_type or "json" in answer.content_type:
            lists.append(route)

    c.phases.append(c.visits)

    # 2. Lists: API lists get a partial-marker search, paging and an export attempt; a
    #    search (API `q`, the text fields of a page's GET forms) for a hidden marker must
    #    answer exactly like a search for nothing.
    nothing = f"{MARK}{new_token()}"
    for route in lists:
        api = route.startswith("/api/")
        if api:
            fields = ["q"]
            for params in ({"q": MARK}, {"page": "2"}, {"format": "csv"}):
                c.fetch(f"{route}?{urlencode(params)}", route=route)
        else:  # the page's own search fields (its filters and exports: links, step 5)
            parser = Links()
            parser.feed(c.seen[("get", route, False)].raw)
            fields = sorted(
                {f for form in parser.forms if form["method"] == "get" for f in form["text"]}
            )
        for name in fields:
            if not c.hidden:
                break
            m = c.hidden[len(c.seen) % len(c.hidden)]  # a different hidden marker per list
            empty = c.fetch(f"{route}?{urlencode({name: nothing})}", route=route)
            answer = c.fetch(f"{route}?{urlencode({name: m.text})}", route=route)
            c.same(
                f"search {route}?{name}=<hidden {m.what}> vs nothing",
                answer,
                empty,
                [m.text, nothing],
            )

    c.phases.append(c.visits)

    # 3. Every parameterised pattern: the restricted objects of its kind first, then an
    #    absent id; an object the user may not know answers exactly like the absent one.
    #    Patterns that only accept writes (405 on GET) get the write attempt of step 4.
    actions: list[str] = []
    for route in with_params:
        kind = kind_of(route)
        absent_url = fill(route, world.absent)
        absent = c.fetch(absent_url, route=route)
        if absent.status == 405:
            actions.append(route)
            continue
        if route.startswith("/api/") and route.endswith("<int:pk>"):
            actions.append(route)  # the detail also takes PATCH
        pks = _framework_pks() if kind == "framework" else world.priority.get(kind or "", [])
        # Details and documents get every restricted object; the sub-pages of an object
        # (forms, steps) the first one the user knows and the first one it does not.
        detail = route.endswith((">", ".pdf", "/brief", "/verschillen", "/shortages"))
        tried = {True: False, False: False}  # known, hidden
        for pk in pks or [n["run"].pk]:
            known = c.knows(kind, pk)
            if tried[known] and not detail:
                continue
            tried[known] = True
            url = fill(route, pk)
            answer = c.fetch(url, route=route)
            if not known:
                c.same(f"GET {url} vs absent", answer, absent, [url, absent_url])

    c.phases.append(c.visits)

    # 4. Write attempts on objects the user may not know: like absent ones, showing nothing.
    #    (Pages that also render on GET were compared above; their POST shares the lookup.)
    data = {"reason": "x" * 30, "note": "x" * 30, "grounds": "x" * 30}
    for route in actions:
        kind = kind_of(route)
        hidden = [pk for pk in world.priority.get(kind or "", []) if not c.knows(kind, pk)]
        if not hidden:
            continue
        method = "patch" if route.endswith("<int:pk>") else "post"
        absent_url = fill(route, world.absent)
        absent = c.fetch(absent_url, method=method, data=data, route=route)
        url = fill(route, hidden[0])
        answer = c.fetch(url, method=method, data=data, route=route)
        c.same(f"{method.upper()} {url} vs absent", answer, absent, [url, absent_url])

    # 4b. Filters and write bodies that name a hidden case or decision answer exactly as
    #     if they named an absent one (no "exists but not yours" through a side door).
    for url, method, name, kind in REFERENCES:
        hidden = [pk for pk in world.priority[kind] if not c.knows(kind, pk)]
        if not hidden:
            continue
        if method == "get":
            a = c.fetch(f"{url}?{urlencode({name: hidden[0]})}", route=url)
            b = c.fetch(f"{url}?{urlencode({name: world.absent})}", route=url)
        else:
            a = c.fetch(url, method="post", data={**data, name: hidden[0]}, route=url)
            b = c.fetch(url, method="post", data={**data, name: world.absent}, route=url)
        c.same(
            f"{method.upper()} {url} naming a hidden {kind}",
            a,
            b,
            [str(hidden[0]), str(world.absent)],
        )

    c.phases.append(c.visits)

    # 5. Same-site links and the filters of GET forms on the pages seen, within a budget.
    done: set[str] = set()
    while c.pages and c.links_followed < LINK_BUDGET:
        url, body = c.pages.popleft()
        parser = Links()
        parser.feed(body)
        targets = [s for s in (same_site(url, link) for link in parser.links) if s]
        for form in parser.forms:
            action = same_site(url, form["action"] or url)
            if form["method"] != "get" or not action or action in done:
                continue
            done.add(action)
            base = action.split("?")[0]
            for name, options in form["choices"].items():
                targets += [f"{base}?{urlencode({name: o})}" for o in options[:6]]
            for name in form["text"]:
                targets.append(f"{base}?{urlencode({name: MARK})}")
        for target in targets:
            if c.links_followed >= LINK_BUDGET:
                break
            key = ("get", target, False)
            if key in c.seen:
                continue
            c.links_followed += 1
            c.fetch(target)
    return c


def _framework_pks() -> list[int]:
    from weerstand.rights.models import FrameworkVersion

    return list(FrameworkVersion._base_manager.order_by("-pk").values_list("pk", flat=True)[:2])


# --- fixtures ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(seeded_demo: dict[str, Any], django_db_blocker: Any) -> Iterator[World]:
    """Marked once for the module in the seeded demo world, inside a savepoint rolled back at
    the end (the next module finds the world as seeded)."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _demo_usernames() -> list[str]:
    """Every demo user on PostgreSQL; one of each kind of reach on SQLite (leak_support)."""
    from leak_support import crawl_usernames
    from weerstand.core.demo import DEMO_USERNAMES

    return crawl_usernames(list(DEMO_USERNAMES))


def _sign_in(client: Client, user: Any) -> None:
    from weerstand.core.demo import DEMO_PASSWORD
    from weerstand.testing import sign_in

    sign_in(client, user, password=DEMO_PASSWORD)


def _client(user: Any) -> Client:
    client = Client(raise_request_exception=False)
    _sign_in(client, user)
    return client


# --- the tests -----------------------------------------------------------------------------


@pytest.mark.parametrize("username", _demo_usernames())
def test_no_leaks(world: World, db: None, username: str, settings: Any) -> None:
    settings.PASSWORD_HASHERS = FAST_HASHER
    user = world.users[username]
    result = crawl(_client(user), world, username, user)
    slowest = ", ".join(f"{u} {t:.2f}s" for t, u in sorted(result.timings, reverse=True)[:6])
    print(f"{username}: {result.visits} visits, phases {result.phases}; slowest {slowest}")
    problems = result.leaks + result.errors + result.differences
    report = f"{username} ({', '.join(sorted(user.role_codes))}): {result.visits} visits\n  "
    assert not problems, report + "\n  ".join(problems)
    missed = sorted(set(routes()) - result.routes_hit)
    assert not missed, f"{username}: URL patterns never requested: {missed}"


def test_no_leaks_without_signing_in(world: World, db: None) -> None:
    result = crawl(Client(raise_request_exception=False), world, "anonymous", None)
    assert not result.leaks + result.errors, "\n".join(result.leaks + result.errors)


def test_need_to_know_users_see_what_they_need(world: World, db: None, settings: Any) -> None:
    """The positive side: the users whose work needs the information do see it, and the
    rules say they may (otherwise the markers above prove little)."""
    settings.PASSWORD_HASHERS = FAST_HASHER
    n = world.named
    owner = n["owner"].username
    expected = [
        (owner, f"/dreigingsbeelden/{n['a1'].pk}", "crown-witness assessment scenario actor"),
        (owner, f"/dreigingsbeelden/{n['a1'].pk}", "crown-witness assessment assumption"),
        (owner, f"/dreigingsbeelden/{n['a1'].pk}", "crown-witness assessment challenge point"),
        (
            owner,
            f"/dreigingsbeelden/{n['a1'].pk}",
            "crown-witness assessment unresolved disagreement",
        ),
        (
            "besluitvormer",
            f"/dreigingsbeelden/{n['a1'].pk}",
            "crown-witness assessment unresolved disagreement",
        ),
        ("besluitvormer", f"/besluiten/{n['d1'].pk}", "crown-witness decision reasoning"),
        ("besluitvormer", f"/besluiten/{n['d1'].pk}", "crown-witness deviation reasoning"),
        (
            "senior-analist",
            f"/dreigingsbeelden/{n['a2'].pk}",
            "Stg. Zeer Geheim assessment summary",
        ),
        ("analist2", f"/dreigingsbeelden/{n['a3'].pk}", "draft assessment summary"),
        ("lcc", "/besluiten/opdrachten", "crown-witness assignment reference"),
        ("kmar", f"/api/v1/security-assignments/{n['s2'].pk}", "KMar assignment reference"),
        ("burgemeester", "/besluiten/berichten", "notification to Rotterdam contact"),
        ("lcc", "/besluiten/berichten", "notification to another municipality"),
        ("bezwaar", f"/rechten/bezwaren/{n['obj_other'].pk}", "another person's objection grounds"),
        ("kmar", f"/capaciteit/medewerkers/{n['officer'].pk}", "KMar officer name"),
        ("lcc", f"/capaciteit/plannen/{n['run'].pk}", "crown-witness assignment reference"),
        ("analist", "/", "inform task of the analyst"),
    ]
    if n["obj_own"] is not None:
        expected.append(("tbp", f"/rechten/bezwaren/{n['obj_own'].pk}", "own grounds"))
    if n["d_own"] is not None:
        expected.append(
            ("tbp", f"/rechten/besluiten/{n['d_own'].pk}/brief.pdf", "own letter reason")
        )
    if n["d_other"] is not None:
        expected.append(
            (
                "besluitvormer",
                f"/rechten/besluiten/{n['d_other'].pk}/brief.pdf",
                "another protectee's letter reason",
            )
        )
    missing: list[str] = []
    clients: dict[str, Client] = {}
    for username, url, what in expected:
        marker = world.marker(what)
        user = world.users[username]
        assert marker.allowed(world.facts(user)), f"the rules deny {username} {what}"
        client = clients.get(username) or clients.setdefault(username, _client(user))
        answer = read(client.get(url))
        if marker.token not in answer.text:
            missing.append(f"{username}: {url} ({answer.status}) does not show {what}")
    assert not missing, "\n".join(missing)


def test_every_marker_is_really_restricted(world: World, db: None) -> None:
    """Each marker is hidden from someone and seen by someone: otherwise it tests nothing."""
    facts = [world.facts(u) for u in world.users.values()]
    for m in world.markers:
        allowed = [u for u in facts if m.allowed(u)]
        assert allowed, f"nobody may see {m.what}"
        assert len(allowed) < len(facts), f"everyone may see {m.what}"


def test_notices_carry_only_the_permitted_fields(world: World, db: None) -> None:
    """The notices the decisions app derived from the crown-witness decision hold the
    measure, municipality, period and contact point: none of the reasoning, the deviation,
    the threat picture or the case."""
    n = world.named
    content = n["notice_content_before_marking"]
    assert content, "the crown-witness decision produced no local notification"
    secrets = [m.text for m in world.markers if m.what.startswith("crown-witness")]
    secrets += [n["cw"].codename, n["cw"].reference, n["d1"].reference]
    for pk, fields in content.items():
        text = json.dumps({k: str(v) for k, v in fields.items()})
        found = [s for s in secrets if s and s in text]
        assert not found, f"local notification {pk} contains {found}"


def test_letters_carry_no_reasoning(world: World, db: None, settings: Any) -> None:
    """The decision letter holds the shareable text only: read by a decision-maker who may
    see everything of the decision, it still shows no reasoning, deviation or threat
    picture (the crawl cannot see this: that reader may see those markers elsewhere)."""
    settings.PASSWORD_HASHERS = FAST_HASHER
    n = world.named
    secret = [
        m
        for m in world.markers
        if "reasoning" in m.what or m.what.startswith("crown-witness assessment")
    ]
    reader = _client(world.users["besluitvormer"])
    checked = 0
    for d in (n["d1"], n["d_own"], n["d_other"]):
        if d is None:
            continue
        for url in (f"/rechten/besluiten/{d.pk}/brief.pdf", f"/rechten/besluiten/{d.pk}/brief"):
            answer = read(reader.get(url))
            assert answer.status == 200, f"{url} answered {answer.status}"
            checked += 1
            found = [m.what for m in secret if m.token in answer.text]
            assert not found, f"{url} shows {found}"
    assert checked >= 4


def _snapshot(client: Client, urls: list[str]) -> dict[str, Answer]:
    return {url: read(client.get(url)) for url in urls}


def _count_pages(world: World) -> list[str]:
    n = world.named
    pages = ["/", *[r for r in routes() if not PARAM.search(r)]]
    pages += [f"/capaciteit/plannen/{n['run'].pk}", f"/api/v1/plan-runs/{n['run'].pk}/shortages"]
    pages += [f"/api/v1/plan-runs/{n['run'].pk}/shortage-ranges"]
    pages += [f"/casussen/{pk}" for pk in world.priority["case"][:2]]
    return pages


@pytest.mark.parametrize("username", _demo_usernames())
def test_hidden_objects_change_no_page_or_count(
    world: World, db: None, username: str, settings: Any
) -> None:
    """Adding an assessment, decision, assignment, notice, objection, shortage and inform
    task nobody may see changes no page: no panel count, list total or heat-map row moves.
    (The coordinator's run page counts shortages it cannot see: documented in
    docs/architecture.md, so that one page is exempt for the coordinator only.)"""
    settings.PASSWORD_HASHERS = FAST_HASHER
    user = world.users[username]
    client = _client(user)
    pages = _count_pages(world)
    coordinator = "lcc_coordinator" in user.role_codes
    if coordinator:
        run_pk = world.named["run"].pk
        pages = [p for p in pages if p not in (f"/capaciteit/plannen/{run_pk}", "/capaciteit/")]
    _snapshot(client, ["/", "/besluiten/opdrachten"])  # lazy escalations and deadline alerts
    before = _snapshot(client, pages)
    pages = [url for url in pages if before[url].status == 200]  # a refusal stays a refusal
    with transaction.atomic():
        plant_hidden_extras(world)
        after = _snapshot(client, pages)
        transaction.set_rollback(True)
    changed = []
    for url in pages:
        a, b = before[url], after[url]
        if a.status != b.status:
            changed.append(f"{url}: status {a.status} -> {b.status}")
        elif normalise(a.raw, []) != normalise(b.raw, []):
            changed.append(f"{url}: {first_difference(normalise(a.raw, []), normalise(b.raw, []))}")
    assert not changed, f"{username}: hidden objects changed pages:\n  " + "\n  ".join(changed)


def test_hidden_officer_changes_no_capacity_page(world: World, db: None, settings: Any) -> None:
    """A KMar officer added: nothing changes for anyone who may not see KMar's officers."""
    settings.PASSWORD_HASHERS = FAST_HASHER
    pages = [
        "/capaciteit/",
        "/capaciteit/medewerkers",
        f"/capaciteit/plannen/{world.named['run'].pk}",
        "/api/v1/officers",
        "/api/v1/units",
    ]
    kmar = world.named["officer"].unit.organisation_id
    checked = 0
    changed = []
    for username, user in world.users.items():
        facts = world.facts(user)
        from weerstand.policy.tests.oracle import grants

        scopes = grants(facts.roles, "capacity", "view")
        if "all" in scopes or ("organisation" in scopes and facts.org == kmar):
            continue
        client = _client(user)
        before = _snapshot(client, pages)
        with transaction.atomic():
            plant_hidden_officer(world)
            after = _snapshot(client, pages)
            transaction.set_rollback(True)
        checked += 1
        for url in pages:
            a, b = normalise(before[url].raw, []), normalise(after[url].raw, [])
            if before[url].status != after[url].status or a != b:
                changed.append(f"{username}: {url}: {first_difference(a, b)}")
    assert checked >= 10
    assert not changed, "\n".join(changed)


# --- the hunter itself must be able to catch something ---------------------------------------


def _leaky_urlconf() -> Any:
    """The real URL map plus two deliberately leaky views that pose as decisions-app views:
    an unfiltered list of every decision's reasoning, and an assignment page that answers
    for objects the user may not see."""
    import types

    from django.http import Http404, HttpResponse
    from django.urls import path

    from weerstand.core.decorators import requires
    from weerstand.decisions.models import Decision, SecurityAssignment

    @requires("security_assignment:view")
    def all_reasoning(request: Any) -> HttpResponse:
        return HttpResponse(" | ".join(Decision._base_manager.values_list("reasoning", flat=True)))

    @requires("security_assignment:view")
    def any_assignment(request: Any, pk: int) -> HttpResponse:
        assignment = SecurityAssignment._base_manager.filter(pk=pk).first()
        if assignment is None:
            raise Http404
        return HttpResponse(f"opdracht {assignment.pk}")

    for view in (all_reasoning, any_assignment):
        view.__module__ = "weerstand.decisions.leaky"
    module = types.ModuleType("leaky_urls")
    module.urlpatterns = [  # type: ignore[attr-defined]
        path("besluiten/lek/alles", all_reasoning),
        path("besluiten/opdrachten/<int:pk>/lek", any_assignment),
        *get_resolver().url_patterns,
    ]
    return module


def test_the_hunter_catches_planted_leaks(world: World, db: None, settings: Any) -> None:
    from django.urls import clear_url_caches

    settings.PASSWORD_HASHERS = FAST_HASHER
    settings.ROOT_URLCONF = _leaky_urlconf()
    clear_url_caches()
    try:
        planner = world.users["planner"]
        result = crawl(_client(planner), world, "planner", planner)
    finally:
        clear_url_caches()
    assert any(
        "/besluiten/lek/alles" in leak and "crown-witness decision reasoning" in leak
        for leak in result.leaks
    ), result.leaks
    assert any("/lek vs absent" in d for d in result.differences), result.differences
