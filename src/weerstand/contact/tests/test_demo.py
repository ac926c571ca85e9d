"""The demo seeds the contact person, deputy and a few messages of the demo protectee's case,
and the portal accounts see them (the start page panel and their own messages)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from weerstand import testing as t
from weerstand.accounts.models import User
from weerstand.contact import selectors
from weerstand.contact.models import Communication, ContactPerson


@pytest.fixture(scope="module")
def seeded(seeded_demo: dict[str, Any]) -> dict[str, Any]:
    """The demo world, seeded once for every module that reads it (conftest)."""
    return seeded_demo


@pytest.mark.django_db
def test_demo_has_contact_person_and_messages(seeded: dict[str, Any]) -> None:
    assert seeded["contact_persons"] == 1
    assert seeded["communications"] >= 3
    record = ContactPerson.objects.get()
    assert record.contact.username == "weerbaarheid"
    assert record.deputy is not None
    assert selectors.case_log(record.contact, record.case).differing  # the demo shows a mark
    for username in ("tbp", "naaste", "werkgever"):
        user = User.objects.get(username=username)
        client = Client()
        t.login(client, user)
        assert "Uw vaste contactpersoon" in client.get("/").content.decode(), username
        assert "Uw vaste contactpersoon" in client.get("/uw-beveiliging").content.decode()
        own = Communication.objects.filter(recipient_person=user.person_id).count()
        assert own >= 1
        page = client.get("/contact/mijn-berichten")
        assert page.status_code == 200
