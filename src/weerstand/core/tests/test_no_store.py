"""ASVS 8.2.1: what a signed-in user was shown is not kept in a browser or proxy cache."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from weerstand import testing as t
from weerstand.cases.models import CaseState

pytestmark = pytest.mark.django_db


def test_pages_and_api_answers_of_a_signed_in_user_are_not_stored() -> None:
    analyst = t.user("analyst")
    case = t.case(t.user("mayor"), team=(analyst,), state=CaseState.TRIAGE)
    client = Client()
    t.login(client, analyst)
    for url in (reverse("core:home"), reverse("cases:detail", args=[case.pk])):
        resp = client.get(url)
        assert resp.status_code == 200, url
        assert resp["Cache-Control"] == "no-store", url
    api = t.api_client(analyst)
    resp = api.get(f"/api/v1/cases/{case.pk}")
    assert resp.status_code == 200
    assert resp["Cache-Control"] == "no-store"
