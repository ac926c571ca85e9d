"""The classification banner: a page that shows one case's data says how it is classified.

Issue 20: the classification was a row in a field list, easy to miss. base.html now shows the
highest classification among what a page renders as a banner under the header, in words (the
colour is the second cue), and the case page no longer lists it as a row.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from weerstand import testing as t
from weerstand.accounts.roles import Clearance

pytestmark = pytest.mark.django_db


def _banner(html: str) -> str | None:
    match = re.search(r'<div class="classification-banner[^"]*"[^>]*>(.*?)</div>', html, re.S)
    return re.sub(r"<[^>]+>|\s+", " ", match.group(1)).strip() if match else None


@pytest.mark.parametrize(
    ("level", "label", "tone"),
    [
        (Clearance.DEPV, "Departementaal Vertrouwelijk", "depv"),
        (Clearance.STG_GEHEIM, "Stg. Geheim", "geheim"),
    ],
)
def test_case_page_carries_the_case_classification_as_a_banner(
    client: Client, level: int, label: str, tone: str
) -> None:
    analyst = t.user("analyst", clearance=Clearance.STG_ZEER_GEHEIM)
    police = t.user("police_liaison", clearance=Clearance.STG_ZEER_GEHEIM)
    case = t.case(police, team=(analyst,), owner=analyst, classification=level)
    t.login(client, analyst)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    banner = _banner(html)
    assert banner is not None and f"Rubricering: {label}" in banner
    assert f"classification-banner classification-{tone}" in html
    # The banner comes before the content, right under the header.
    assert html.index("classification-banner") < html.index('<main id="inhoud"')
    # No longer a row in the case's field list.
    assert "<dt>Rubricering</dt>" not in html


def test_a_page_without_classified_content_has_no_banner(client: Client) -> None:
    t.login(client, t.user("analyst"))
    html = client.get(reverse("cases:list")).content.decode()
    assert _banner(html) is None


def test_an_unclassified_case_has_no_banner(client: Client) -> None:
    analyst = t.user("analyst")
    case = t.case(
        t.user("police_liaison"),
        team=(analyst,),
        owner=analyst,
        classification=Clearance.UNCLASSIFIED,
    )
    t.login(client, analyst)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert _banner(html) is None


def test_a_case_bound_page_carries_the_banner_too(client: Client) -> None:
    """The threat pictures of one case: the case's classification, like on the case page."""
    analyst = t.user("analyst", clearance=Clearance.STG_ZEER_GEHEIM)
    police = t.user("police_liaison", clearance=Clearance.STG_ZEER_GEHEIM)
    case = t.case(police, team=(analyst,), owner=analyst, classification=Clearance.STG_GEHEIM)
    t.login(client, analyst)
    response = client.get(reverse("assessments:case", args=[case.pk]))
    assert response.status_code == 200
    banner = _banner(response.content.decode())
    assert banner is not None and "Rubricering: Stg. Geheim" in banner
