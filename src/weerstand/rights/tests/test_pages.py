"""Every page of the rights app passes the project's structural accessibility check (one h1,
landmarks, labels, unique ids, table headers with scope) for the roles that use it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from weerstand import testing as t
from weerstand.core.tests.test_views_a11y import check
from weerstand.rights import services
from weerstand.rights.tests import builders as b

pytestmark = pytest.mark.django_db


def pages_ok(user: Any, urls: list[str]) -> None:
    client = Client()
    t.login(client, user)
    for url in urls:
        resp = client.get(url)
        assert resp.status_code == 200, url
        assert check(resp.content.decode()) == [], url


def test_pages_are_accessible_for_each_role() -> None:
    w = b.world()
    fw = b.framework(w.decider)
    o = services.lodge_objection(
        w.protectee_user, w.decision.pk, services.ObjectionData("Ik ben het er niet mee eens.")
    )
    officer = t.user("appeal_officer", organisation=t.org("appeal_body"))
    d = w.decision.pk
    pages_ok(
        w.protectee_user,
        [
            reverse("core:home"),
            reverse("portal:overview"),
            reverse("rights:index"),
            reverse("rights:framework"),
            reverse("rights:decision-letter-preview", args=[d]),
            reverse("rights:decision-letter-preview", args=[d]) + "?lang=en",
            reverse("rights:objection-create", args=[d]),
            reverse("rights:objection-detail", args=[o.pk]),
        ],
    )
    pages_ok(
        w.decider,
        [
            reverse("rights:index"),
            reverse("rights:framework-versions"),
            reverse("rights:framework-create"),
            reverse("rights:letter-text", args=[d]),
            reverse("rights:objections") + "?status=all",
        ],
    )
    pages_ok(
        officer,
        [
            reverse("core:home"),
            reverse("rights:objections"),
            reverse("rights:objection-detail", args=[o.pk]),
        ],
    )
    pages_ok(w.analyst, [reverse("rights:objection-create", args=[d])])
    assert fw.number == 1


def test_case_page_shows_letters_and_objections_to_the_team() -> None:
    w = b.world()
    o = services.lodge_objection(
        w.protectee_user, w.decision.pk, services.ObjectionData("Ik ben het er niet mee eens.")
    )
    client = Client()
    t.login(client, w.analyst)
    body = client.get(reverse("cases:detail", args=[w.case.pk])).content.decode()
    assert "Besluitbrieven en bezwaren" in body
    assert reverse("rights:decision-letter", args=[w.decision.pk]) in body
    assert reverse("rights:objection-create", args=[w.decision.pk]) in body
    assert o.reference in body
    assert check(body) == [] or all("herijking" in p for p in check(body))
