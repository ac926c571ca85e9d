"""Structural accessibility of the rendered pages (WCAG 2.1 AA basics, without a browser).

One h1, landmarks, a language, a working skip link, a label for every input, unique ids,
aria-describedby pointing at existing elements, and th with scope. The browser suite runs
axe on top; this catches regressions in every page and role fast.
"""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from weerstand import testing as t
from weerstand.cases.models import CaseState
from weerstand.policy import services as policy_services
from weerstand.registry.models import LimitativeEntry

pytestmark = pytest.mark.django_db

VOID = {"input", "br", "img", "meta", "link", "hr", "col", "area", "base", "source", "wbr"}


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.labels_for: set[str] = set()
        self.stack: list[str] = []
        self.inputs_in_label: int = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if tag == "label" and a.get("for"):
            self.labels_for.add(a["for"])
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass


def check(html: str) -> list[str]:
    p = Page()
    p.feed(html)
    problems = []
    names = [tag for tag, _ in p.tags]
    if names.count("h1") != 1:
        problems.append(f"{names.count('h1')} h1 elements")
    for landmark in ("header", "nav", "main", "footer"):
        if landmark not in names:
            problems.append(f"no <{landmark}>")
    html_attrs = next(a for tag, a in p.tags if tag == "html")
    if html_attrs.get("lang") not in ("nl", "en"):
        problems.append("no lang on <html>")
    ids = Counter(a["id"] for _, a in p.tags if a.get("id"))
    problems += [f"duplicate id {i}" for i, n in ids.items() if n > 1]
    skip = next((a for tag, a in p.tags if tag == "a" and "skip-link" in a.get("class", "")), None)
    if skip is None or skip.get("href", "#")[1:] not in ids:
        problems.append("skip link without target")
    for tag, a in p.tags:
        is_field = tag in ("input", "select", "textarea") and a.get("type") != "hidden"
        labelled = a.get("id") in p.labels_for or bool(a.get("aria-label"))
        if is_field and not labelled:
            problems.append(f"unlabelled {tag} {a.get('name')}")
        for ref in a.get("aria-describedby", "").split():
            if ref not in ids:
                problems.append(f"aria-describedby -> missing #{ref}")
        if a.get("aria-labelledby") and a["aria-labelledby"] not in ids:
            problems.append(f"aria-labelledby -> missing #{a['aria-labelledby']}")
        if tag == "th" and a.get("scope") not in ("col", "row"):
            problems.append("th without scope")
        if tag == "img" and "alt" not in a:
            problems.append("img without alt")
    return problems


def signed_in(*roles: str, **kwargs: Any) -> tuple[Client, Any]:
    client = Client()
    u = t.user(*roles, **kwargs)
    t.login(client, u)
    return client, u


def assert_accessible(client: Client, url: str, status: int = 200) -> str:
    resp = client.get(url)
    assert resp.status_code == status, url
    html = resp.content.decode()
    assert check(html) == [], (url, check(html))
    return html


def test_pages_of_an_analyst() -> None:
    client, analyst = signed_in("analyst")
    referrer = t.user("mayor")
    person = t.person("Iris", "Dekker", home_address="Laan 3")
    triage = t.case(referrer, protectee=person, state=CaseState.TRIAGE, team=(analyst,))
    active = t.case(referrer, owner=analyst, state=CaseState.PROTECTION_ACTIVE)
    for url in (
        reverse("core:home"),
        reverse("cases:list"),
        reverse("cases:detail", args=[triage.pk]),
        reverse("cases:detail", args=[active.pk]),
        reverse("cases:refer"),
        reverse("cases:om-transfer"),
        reverse("registry:persons"),
        reverse("registry:person", args=[person.pk]),
        reverse("registry:limitative"),
        reverse("policy:break-glass"),
        reverse("policy:oversight"),
        reverse("audit:case-log", args=[active.pk]),
    ):
        assert_accessible(client, url)


def test_pages_with_errors_stay_accessible() -> None:
    client, analyst = signed_in("analyst")
    case = t.case(t.user("mayor"), state=CaseState.TRIAGE, team=(analyst,))
    resp = client.post(
        reverse("cases:transition", args=[case.pk, "route_local"]),
        {"route_local-reason": "", "route_local-version": case.version},
    )
    assert resp.status_code == 400 and check(resp.content.decode()) == []
    resp = client.post(reverse("cases:refer"), {"first_name": "Alleen"})
    assert resp.status_code == 400 and check(resp.content.decode()) == []
    resp = client.post(reverse("policy:break-glass"), {"reason": "kort"})
    assert resp.status_code == 400 and check(resp.content.decode()) == []


def test_pages_of_other_roles() -> None:
    owner = t.user("analyst")
    case = t.case(t.user("mayor"), owner=owner, state=CaseState.PROTECTION_ACTIVE)
    police_org = t.org("police")
    LimitativeEntry.objects.create(kind="object", name="Paleis", owner=police_org)
    police = t.user("police_liaison", organisation=police_org)
    grant = policy_services.break_glass(
        police, case.reference, reason="Acute dreiging, eigenaar onbereikbaar", minutes=60
    )
    client = Client()
    t.login(client, police)
    assert_accessible(client, reverse("policy:break-glass-granted", args=[grant.pk]))
    assert_accessible(client, reverse("cases:detail", args=[case.pk]))
    assert_accessible(client, reverse("registry:limitative"))

    inspector, _ = signed_in("inspector")
    assert_accessible(inspector, reverse("core:home"))
    assert_accessible(inspector, reverse("policy:oversight"))
    assert_accessible(inspector, reverse("cases:aggregates"))
    assert_accessible(inspector, reverse("cases:detail", args=[case.pk]))

    for role in ("advisory_body", "system_admin", "decision_maker", "mayor"):
        c, _ = signed_in(role)
        assert_accessible(c, reverse("core:home"))
    adviser, _ = signed_in("advisory_body")
    assert_accessible(adviser, reverse("cases:aggregates"))
    assert_accessible(adviser, reverse("cases:detail", args=[case.pk]), status=404)


def test_htmx_fragment_has_no_page_chrome_but_labelled_table() -> None:
    client, dm = signed_in("decision_maker")
    t.case(t.user("mayor"), team=(dm,))
    html = client.get(reverse("cases:list"), headers={"HX-Request": "true"}).content.decode()
    assert "<h1" not in html and "<main" not in html
    assert '<caption class="visually-hidden">' in html
    assert 'scope="col"' in html and 'scope="row"' in html
