"""Structural accessibility of the information pages (the core checker, every page and form)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from weerstand import testing as t
from weerstand.core.tests.test_views_a11y import check
from weerstand.information import services
from weerstand.information.services import AttachmentData, ProductData

pytestmark = pytest.mark.django_db


def test_information_pages_are_structurally_accessible(world) -> None:
    p = services.create_product(
        world.liaison,
        ProductData(
            title="Melding",
            legal_basis=world.bases["wpg-19"],
            reliability="B",
            credibility=2,
            cases=[world.case],
            entities=[("phone", "0612345678")],
            attachments=[AttachmentData("a.txt", "text/plain", b"tekst")],
        ),
    )
    entity = p.entity_links.visible_to(world.analyst).get().entity
    pages = {
        world.analyst: [
            reverse("information:list"),
            reverse("information:detail", args=[p.pk]),
            reverse("information:create"),
            reverse("information:entity", args=[entity.pk]),
            reverse("information:case", args=[world.case.pk]),
            reverse("cases:detail", args=[world.case.pk]),
        ],
        world.liaison: [
            reverse("information:detail", args=[p.pk]),
            reverse("information:new-version", args=[p.pk]),
            reverse("information:create"),
        ],
    }
    for user, urls in pages.items():
        client = Client()
        t.login(client, user)
        for url in urls:
            resp = client.get(url)
            assert resp.status_code == 200, url
            assert check(resp.content.decode()) == [], url
        if user is world.liaison:
            bad = client.post(reverse("information:create"), {"title": ""})
            assert bad.status_code == 400 and check(bad.content.decode()) == []
            bad = client.post(reverse("information:withdraw", args=[p.pk]), {"reason": ""})
            assert bad.status_code == 400 and check(bad.content.decode()) == []
