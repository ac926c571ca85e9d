"""Through the public API, by the roles that own each step: a brand-new case's analyst links
the partner and the employer contact with what may be shared and asks their portal
accounts; a system administrator approves them (four eyes); the decision-makers take the
start decision (four eyes); the partner and the employer then find their letter in the
portal with an alert, the employer gets a measure to confirm and confirms it."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from weerstand import testing as t
from weerstand.accounts.models import User
from weerstand.policy.models import Alert
from weerstand.rights.tests.relatives_builders import FULL_SHARES

pytestmark = pytest.mark.django_db
API = "/api/v1"


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, (response.status_code, response.content[:1500])
    return response.json() if response.content else None


def test_relatives_and_employer_through_the_api() -> None:
    from weerstand.decisions.tests import builders as b

    w = b.world()
    t.org("civilian", code="burgers")
    admin = t.user("system_admin")
    case, _assessment = b.decided_case(w)
    analyst = t.api_client(w.author)
    links = {}
    for role, first, last in (
        ("partner", "Thomas", "Kerkhof"),
        ("employer_contact", "Erik", "Dijkman"),
    ):
        links[role] = ok(
            analyst.post(
                f"{API}/cases/{case.pk}/persons",
                {
                    "newPerson": {"firstName": first, "lastName": last},
                    "role": role,
                    "shares": FULL_SHARES,
                    "reason": "betrokken bij de beveiliging",
                },
            ),
            201,
        )
    # portal accounts: asked by the analyst, approved by a second person (the administrator)
    admin_api = t.api_client(admin)
    for role, email in (
        ("partner", "thomas@example.org"),
        ("employer_contact", "erik@example.org"),
    ):
        change = ok(
            analyst.post(
                f"{API}/cases/{case.pk}/persons/{links[role]['id']}/portal-accounts",
                {"email": email, "reason": "De persoon leest de eigen brieven in het portaal."},
            ),
            201,
        )
        ok(
            admin_api.post(
                f"{API}/access-change-requests/{change['id']}/decisions", {"outcome": "approved"}
            ),
            201,
        )
    assert {m.to[0] for m in mail.outbox} >= {"thomas@example.org", "erik@example.org"}
    partner = User.objects.get(person=links["partner"]["person"]["id"])
    employer = User.objects.get(person=links["employer_contact"]["person"]["id"])
    # the start decision with four eyes
    today = timezone.localdate()
    decision = ok(
        t.api_client(w.dm1).post(
            f"{API}/decisions",
            {
                "case": case.pk,
                "decisionType": "start",
                "requiredResistance": 3,
                "reasoning": "Dreiging tegen het leven; de persoon kan zich niet zelf beschermen.",
                "effectiveDate": today.isoformat(),
                "nextRecalibration": (today + timedelta(days=60)).isoformat(),
                "municipality": w.municipality.code,
                "prosecutorOffice": w.om.code,
                "preferredExecutor": w.police.code,
                "acknowledgeDisagreement": True,
                "acknowledgeComplexity": True,
            },
        ),
        201,
    )
    ok(
        t.api_client(w.dm2).post(
            f"{API}/decisions/{decision['id']}/approvals", {"outcome": "approved"}
        ),
        201,
    )
    for u, subject in (
        (partner, "Beveiliging bij uw huis"),
        (employer, "Beveiliging bij uw bedrijf"),
    ):
        assert Alert.objects.filter(recipient=u, message__contains="nieuwe brief").exists()
        web = Client()
        t.login(web, u)
        start = web.get("/").content.decode()
        assert f"Lees uw nieuwe brief: {subject}" in start  # what waits, on the start page
        home = web.get("/uw-beveiliging").content.decode()
        new_badge = '<strong class="badge">Nieuw</strong>'
        assert subject in home and new_badge in home
        assert decision["reference"] not in home
        link = re.search(r'href="(/rechten/brieven/\d+)"', home)
        assert link is not None
        assert web.get(link.group(1)).status_code == 200
        assert new_badge not in web.get("/uw-beveiliging").content.decode()
        assert "Lees uw nieuwe brief" not in web.get("/").content.decode()
    # the employer's own measure, recorded by the analyst, confirmed by the employer
    measure = ok(
        analyst.post(
            f"{API}/employer-measures",
            {
                "case": case.pk,
                "contact": links["employer_contact"]["person"]["id"],
                "title": "Toegangscontrole bij de receptie",
                "dueOn": (today + timedelta(days=14)).isoformat(),
            },
        ),
        201,
    )
    employer_api = t.api_client(employer)
    confirmed = ok(
        employer_api.post(f"{API}/employer-measures/{measure['id']}/confirmations", {}), 201
    )
    assert confirmed["status"] == "done"
    # a relative holds no employer-measure grant at all: the collection is absent to them
    assert t.api_client(partner).get(f"{API}/employer-measures").status_code == 404
