"""Case page section, start-page panel, linking intake products, and key rotation coverage."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from weerstand import testing as t
from weerstand.core.errors import NotPermitted
from weerstand.information import services
from weerstand.information.models import ProductCase, ThreatProduct
from weerstand.information.services import ProductData

pytestmark = pytest.mark.django_db


def client_for(u) -> Client:
    c = Client()
    t.login(c, u)
    return c


def make(world, **kw) -> ThreatProduct:
    base = dict(
        title="Melding MARKER-PAGINA",
        legal_basis=world.bases["wpg-19"],
        reliability="C",
        credibility=3,
        cases=[world.case],
    )
    base.update(kw)
    return services.create_product(world.liaison, ProductData(**base))


def test_case_page_section_and_start_panel(world) -> None:
    p = make(world)
    page = client_for(world.analyst).get(reverse("cases:detail", args=[world.case.pk]))
    body = page.content.decode()
    assert "Dreigingsinformatie" in body and p.reference in body and "C3" in body
    assert "Herbeoordeling geadviseerd" in body
    home = client_for(world.analyst).get(reverse("core:home")).content.decode()
    assert "Advies tot herbeoordeling afhandelen" in home and world.case.reference in home
    # A team member without a product grant sees no product section and no panel.
    expert = t.user("resilience_expert")
    from weerstand.policy.models import CompartmentMembership

    CompartmentMembership.objects.create(compartment=world.case.team, user=expert)
    body = client_for(expert).get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    assert "MARKER-PAGINA" not in body and p.reference not in body
    # The outsider's start page does not name the case.
    home = client_for(world.outsider).get(reverse("core:home")).content.decode()
    assert world.case.reference not in home


def test_analyst_links_intake_product_to_case(world) -> None:
    p = make(world, cases=[])
    other = t.user("analyst")
    assert ThreatProduct.objects.visible_to(other).filter(pk=p.pk).exists()  # intake
    with pytest.raises(NotPermitted):
        services.link_product_to_case(world.liaison, p.pk, world.case.pk)
    c = client_for(world.analyst)
    resp = c.post(reverse("information:link-case", args=[p.pk]), {"case": world.case.pk})
    assert resp.status_code == 302
    assert ProductCase.objects.filter(product=p, case=world.case).exists()
    assert services.open_advice(world.case).exists()
    # No longer intake: the other analyst (not in the team) loses sight of it.
    assert not ThreatProduct.objects.visible_to(other).filter(pk=p.pk).exists()


def test_key_rotation_covers_information_secrets() -> None:
    from weerstand.core.crypto.rotation import encrypted_columns

    labels = {c.label for c in encrypted_columns()}
    for label in (
        "information.threatproduct.summary",
        "information.threatproduct.body",
        "information.attachment.content",
        "information.attachment.extracted_text",
        "information.entity.value",
    ):
        assert label in labels


def test_list_count_does_not_leak(world) -> None:
    make(world)
    body = client_for(world.outsider).get(reverse("information:list")).content.decode()
    assert "0 producten gevonden" in body and "MARKER-PAGINA" not in body
    body = client_for(world.analyst).get(reverse("information:list") + "?q=PAGINA").content.decode()
    assert "1 product gevonden" in body


def test_entity_seen_through_a_signal_only_and_404_otherwise(world) -> None:
    from django.utils import timezone

    from weerstand.signals import services as signals

    signal = signals.record_signal(
        world.analyst,
        signals.SignalData(
            what="Auto met draaiende motor voor de deur",
            happened_at=timezone.now(),
            case_id=world.case.pk,
            vehicles=["tv-456-h"],
        ),
    )
    entity = signal.entity_links.visible_to(world.analyst).get().entity
    resp = client_for(world.analyst).get(reverse("information:entity", args=[entity.pk]))
    assert resp.status_code == 200 and signal.reference in resp.content.decode()
    for u in (t.user("mayor"), t.user("police_liaison")):
        absent = client_for(u).get(reverse("information:entity", args=[10**8]))
        hidden = client_for(u).get(reverse("information:entity", args=[entity.pk]))
        assert hidden.status_code == absent.status_code == 404
        assert "TV456H" not in hidden.content.decode()
