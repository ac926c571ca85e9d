"""The advisory pages pass the same structural accessibility checks as every other page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from weerstand.advisory import services
from weerstand.core.tests.test_views_a11y import assert_accessible, signed_in

pytestmark = pytest.mark.django_db


def test_advisory_pages_are_accessible() -> None:
    adviser, user = signed_in("advisory_body")
    theme = services.create_theme(user, "Capaciteit")
    advice = services.create_advice(user, title="Verdringing", body="Tekst", theme_ids=[theme.pk])
    assert_accessible(adviser, reverse("advisory:aggregates"))
    assert_accessible(adviser, reverse("advisory:aggregates") + "?year=2025&period=year")
    assert_accessible(
        adviser, reverse("advisory:aggregates") + "?year=2025&period=quarter&breakdown=phenomenon"
    )
    assert_accessible(adviser, reverse("advisory:list"))
    assert_accessible(adviser, reverse("advisory:detail", args=[advice.pk]))
    quality, q_user = signed_in("quality_officer")
    services.respond(q_user, advice.pk, "Overgenomen.")
    assert_accessible(quality, reverse("advisory:detail", args=[advice.pk]))
