"""No enumeration: registration is limited per user and per investigation (429, nothing
stored), bursts alert the compartment owners once per window, and a registration answers the
same whether the value matches a protection case or not."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings

from weerstand import testing as t
from weerstand.matching import limits, services
from weerstand.matching.models import Selector
from weerstand.matching.tests.helpers import add_member, open_investigation, protection_case
from weerstand.policy.models import Alert

pytestmark = pytest.mark.django_db

BASE = "/api/v1/shielded-investigations"


def _plate(i: int) -> services.SelectorData:
    return services.SelectorData("plate", f"XX-{i:03d}-Q", f"kenteken {chr(65 + i % 26)}")


def _unusual(user: Any) -> int:
    return Alert.objects.filter(recipient=user, message__startswith="Ongebruikelijke").count()


@override_settings(MATCHING_SELECTORS_PER_USER_HOUR=3, MATCHING_BULK_THRESHOLD=100)
def test_per_user_limit_refuses_with_429_stores_nothing_and_alerts_the_owners() -> None:
    s = open_investigation()
    for i in range(3):
        services.register_for_investigation(s.coordinator, s.investigation.pk, _plate(i))
    with pytest.raises(limits.SelectorLimitReached) as exc:
        services.register_for_investigation(s.coordinator, s.investigation.pk, _plate(3))
    assert exc.value.status == 429
    assert "XX-003-Q" not in exc.value.detail
    assert Selector.objects.filter(investigation=s.investigation).count() == 3
    assert _unusual(s.coordinator) == 1 and _unusual(s.om) == 1  # both owners
    with pytest.raises(limits.SelectorLimitReached):
        services.register_for_investigation(s.coordinator, s.investigation.pk, _plate(4))
    assert _unusual(s.om) == 1  # once per window


@override_settings(MATCHING_SELECTORS_PER_USER_HOUR=3)
def test_the_per_user_limit_counts_both_sides() -> None:
    case, _owner, analyst = protection_case()
    for i in range(3):
        services.register_for_case(analyst, case.pk, _plate(i))
    with pytest.raises(limits.SelectorLimitReached):
        services.register_for_case(analyst, case.pk, _plate(3))


@override_settings(MATCHING_SELECTORS_PER_INVESTIGATION_DAY=4, MATCHING_BULK_THRESHOLD=100)
def test_per_investigation_limit_over_all_its_members() -> None:
    s = open_investigation()
    colleague = t.user("om_officer")
    add_member(s, colleague)
    for i in range(2):
        services.register_for_investigation(s.coordinator, s.investigation.pk, _plate(i))
        services.register_for_investigation(colleague, s.investigation.pk, _plate(10 + i))
    with pytest.raises(limits.SelectorLimitReached):
        services.register_for_investigation(colleague, s.investigation.pk, _plate(20))
    assert Selector.objects.filter(investigation=s.investigation).count() == 4


@override_settings(MATCHING_BULK_THRESHOLD=2, MATCHING_BULK_WINDOW_MINUTES=10)
def test_a_burst_alerts_the_owners_once_per_window() -> None:
    s = open_investigation()
    member = t.user("om_officer")
    add_member(s, member)
    for i in range(2):
        services.register_for_investigation(member, s.investigation.pk, _plate(i))
    assert _unusual(s.coordinator) == 0
    for i in range(2, 6):
        services.register_for_investigation(member, s.investigation.pk, _plate(i))
    assert _unusual(s.coordinator) == 1 and _unusual(s.om) == 1
    assert _unusual(member) == 0  # a member, not an owner
    message = Alert.objects.filter(recipient=s.om).latest("pk").message
    assert "kenteken" not in message and "XX-" not in message


def test_registration_answers_the_same_for_matching_and_other_values() -> None:
    case, _, _ = protection_case()
    services.refresh_case_selectors(case)
    s = open_investigation()
    api = t.api_client(s.coordinator)
    url = f"{BASE}/{s.investigation.pk}/selectors"
    hit = api.post(url, {"kind": "phone", "value": "06-12345678", "label": "telefoon 1"})
    miss = api.post(url, {"kind": "phone", "value": "06-99999999", "label": "telefoon 2"})
    assert hit.status_code == miss.status_code == 201
    a, b = hit.json(), miss.json()
    assert set(a) == set(b)
    for key in ("side", "kind", "source"):
        assert a[key] == b[key]
    assert sorted(hit.headers) == sorted(miss.headers)
    assert Alert.objects.filter(recipient=s.coordinator, message__contains="hit").count() == 0


@override_settings(MATCHING_SELECTORS_PER_USER_HOUR=1, MATCHING_BULK_THRESHOLD=100)
def test_api_and_page_answer_429_readably() -> None:
    s = open_investigation()
    api = t.api_client(s.coordinator)
    url = f"{BASE}/{s.investigation.pk}/selectors"
    assert api.post(url, {"kind": "plate", "value": "AB-123-C", "label": "auto 1"}).status_code
    r = api.post(url, {"kind": "plate", "value": "AB-124-C", "label": "auto 2"})
    assert r.status_code == 429
    assert r["Content-Type"].startswith("application/problem+json")
    assert "AB-124-C" not in r.content.decode()
    client = Client()
    t.login(client, s.coordinator)
    page = client.post(
        f"/onderzoeken/{s.investigation.pk}",
        {"kind": "plate", "value": "AB-125-C", "label": "auto 3"},
    )
    assert page.status_code == 429
    body = page.content.decode()
    assert "maximum" in body and "AB-125-C" not in body
    assert Selector.objects.filter(investigation=s.investigation).count() == 1
