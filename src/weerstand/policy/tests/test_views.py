"""Break-glass pages: asking for emergency access, its alert and audit marks, and oversight."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from weerstand import testing as t
from weerstand.accounts.roles import Clearance
from weerstand.audit.models import AuditAction, AuditRecord
from weerstand.cases.models import CaseState
from weerstand.policy.models import Alert, BreakGlassGrant

pytestmark = pytest.mark.django_db

CSRF = r'(csrfmiddlewaretoken" value=|"X-CSRFToken": )"[^"]+"'
REASON = "Acute dreiging gemeld door de meldkamer, eigenaar onbereikbaar"


def signed_in(*roles: str, **kwargs: Any) -> tuple[Client, Any]:
    client = Client()
    u = t.user(*roles, **kwargs)
    t.login(client, u)
    return client, u


@pytest.fixture
def owned_case() -> tuple[Any, Any]:
    owner = t.user("analyst")
    case = t.case(t.user("mayor"), owner=owner, state=CaseState.PROTECTION_ACTIVE)
    return case, owner


def test_break_glass_flow_alerts_owner_marks_audit_and_opens_the_case(owned_case: Any) -> None:
    case, owner = owned_case
    client, police = signed_in("police_liaison")
    detail = reverse("cases:detail", args=[case.pk])
    assert client.get(detail).status_code == 404  # not in the team

    page = client.get(reverse("policy:break-glass"))
    assert page.status_code == 200
    body = page.content.decode()
    for name in ("case_reference", "reason", "minutes"):
        assert f'for="id_{name}"' in body

    resp = client.post(
        reverse("policy:break-glass"),
        {"case_reference": case.reference, "reason": REASON, "minutes": 60},
    )
    grant = BreakGlassGrant.objects.get(user=police, case=case)
    assert resp.status_code == 302
    assert resp["Location"] == reverse("policy:break-glass-granted", args=[grant.pk])
    granted = client.get(resp["Location"]).content.decode()
    assert detail in granted and case.reference in granted

    alert = Alert.objects.get(recipient=owner, case=case)
    assert REASON in alert.message
    assert AuditRecord.objects.filter(
        action=AuditAction.BREAK_GLASS, case_id=case.pk, break_glass=True, actor_id=police.pk
    ).exists()

    resp = client.get(detail)
    assert resp.status_code == 200
    assert "via noodtoegang" in resp.content.decode()
    read = t.last_audit(action=AuditAction.READ, case_id=case.pk)
    assert read.actor_id == police.pk and read.break_glass

    # The owner sees the alert on the start page and can mark it read.
    owner_client = Client()
    t.login(owner_client, owner)
    home = owner_client.get(reverse("core:home")).content.decode()
    assert REASON in home
    assert owner_client.post(reverse("core:alert-read", args=[alert.pk])).status_code == 302
    alert.refresh_from_db()
    assert alert.read_at is not None
    assert REASON not in owner_client.get(reverse("core:home")).content.decode()


def test_expired_grant_closes_the_case_again(owned_case: Any) -> None:
    case, _ = owned_case
    client, police = signed_in("police_liaison")
    client.post(
        reverse("policy:break-glass"),
        {"case_reference": case.reference, "reason": REASON, "minutes": 30},
    )
    BreakGlassGrant.objects.filter(user=police).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404


def test_short_reason_is_refused_and_keeps_input(owned_case: Any) -> None:
    case, _ = owned_case
    client, _ = signed_in("police_liaison")
    resp = client.post(
        reverse("policy:break-glass"),
        {"case_reference": case.reference, "reason": "te kort", "minutes": 60},
    )
    assert resp.status_code == 400
    body = resp.content.decode()
    assert "minimaal 20 tekens" in body and 'role="alert"' in body
    assert f'value="{case.reference}"' in body
    assert not BreakGlassGrant.objects.exists()


def test_duration_above_four_hours_is_refused(owned_case: Any) -> None:
    case, _ = owned_case
    client, _ = signed_in("police_liaison")
    resp = client.post(
        reverse("policy:break-glass"),
        {"case_reference": case.reference, "reason": REASON, "minutes": 300},
    )
    assert resp.status_code == 400
    assert not BreakGlassGrant.objects.exists()


def test_unknown_and_out_of_clearance_references_answer_alike(owned_case: Any) -> None:
    referrer = t.user("mayor", clearance=Clearance.STG_ZEER_GEHEIM)
    secret = t.case(referrer, classification=Clearance.STG_ZEER_GEHEIM)
    client, _ = signed_in("police_liaison", clearance=Clearance.STG_GEHEIM)
    answers = []
    for ref in ("WS-1999-9999", secret.reference):
        resp = client.post(
            reverse("policy:break-glass"), {"case_reference": ref, "reason": REASON, "minutes": 60}
        )
        assert resp.status_code == 404
        body = re.sub(CSRF, "", resp.content.decode())
        answers.append(body.replace(ref, "REF"))
    assert answers[0] == answers[1]
    assert "geen casus met dit kenmerk" in answers[0]
    assert not BreakGlassGrant.objects.exists()


def test_break_glass_page_is_404_without_the_grant() -> None:
    for role in ("inspector", "advisory_body", "system_admin", "unit_planner"):
        client, _ = signed_in(role)
        assert client.get(reverse("policy:break-glass")).status_code == 404


def test_granted_page_shows_only_own_grants(owned_case: Any) -> None:
    case, _ = owned_case
    client, _police = signed_in("police_liaison")
    client.post(
        reverse("policy:break-glass"),
        {"case_reference": case.reference, "reason": REASON, "minutes": 60},
    )
    grant = BreakGlassGrant.objects.get()
    other, _ = signed_in("police_liaison")
    assert other.get(reverse("policy:break-glass-granted", args=[grant.pk])).status_code == 404


def test_inspector_oversight_lists_and_reviews_grants(owned_case: Any) -> None:
    case, _owner = owned_case
    police_client, police = signed_in("police_liaison")
    police_client.post(
        reverse("policy:break-glass"),
        {"case_reference": case.reference, "reason": REASON, "minutes": 60},
    )
    grant = BreakGlassGrant.objects.get()
    client, inspector = signed_in("inspector")
    resp = client.get(reverse("policy:oversight"))
    assert resp.status_code == 200
    body = resp.content.decode()
    assert REASON in body and police.display_name in body and case.reference in body
    assert f'id="id_review-{grant.pk}-note"' in body
    listed = t.last_audit(action=AuditAction.LIST, object_type="policy.breakglassgrant")
    assert listed.changes["ids"] == [grant.pk]

    resp = client.post(reverse("policy:review", args=[grant.pk]), {f"review-{grant.pk}-note": ""})
    assert resp.status_code == 400
    grant.refresh_from_db()
    assert grant.reviewed_at is None

    resp = client.post(
        reverse("policy:review", args=[grant.pk]),
        {f"review-{grant.pk}-note": "Gerechtvaardigd: acute situatie"},
    )
    assert resp.status_code == 302
    grant.refresh_from_db()
    assert grant.reviewed_by == inspector and grant.review_note.startswith("Gerechtvaardigd")
    body = client.get(reverse("policy:oversight")).content.decode()
    assert "Gerechtvaardigd: acute situatie" in body


def test_oversight_for_owners_covers_only_their_cases(owned_case: Any) -> None:
    case, owner = owned_case
    other_case = t.case(t.user("mayor"), owner=t.user("analyst"))
    police_client, _ = signed_in("police_liaison")
    for c in (case, other_case):
        police_client.post(
            reverse("policy:break-glass"),
            {"case_reference": c.reference, "reason": REASON, "minutes": 60},
        )
    client = Client()
    t.login(client, owner)
    body = client.get(reverse("policy:oversight")).content.decode()
    assert case.reference in body and other_case.reference not in body
    foreign = BreakGlassGrant.objects.get(case=other_case)
    resp = client.post(
        reverse("policy:review", args=[foreign.pk]), {f"review-{foreign.pk}-note": "Niet mijn zaak"}
    )
    assert resp.status_code == 404
    foreign.refresh_from_db()
    assert foreign.reviewed_at is None


def test_oversight_is_404_for_roles_without_audit_access() -> None:
    for role in ("police_liaison", "advisory_body", "system_admin"):
        client, _ = signed_in(role)
        assert client.get(reverse("policy:oversight")).status_code == 404
        assert client.post(reverse("policy:review", args=[1]), {}).status_code == 404
