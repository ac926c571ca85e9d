"""Leak hunt for hit/no-hit between shielded investigations and protection cases.

Unique markers are planted in the investigation's title, in the label of its selector that
matches a protection case, in the label of a selector the case team registered on that case,
and in the reasons of the coordinator's decision not to share. The matching job finds the hit
through the services. Then every user signs in and requests every page and API endpoint of
the matching app (lists, the marked objects, absent ids, write attempts with empty bodies),
the start page with its panels and alerts, the case page with its sections, the case's
access log, the compartment pages, and the search page and API searching for each marker;
every body and header is searched for the markers.

Who may reach what:
- the investigation's title and selector label: its members (the coordinator and the OM
  co-owner), never the inspectorate, the case team or anyone else;
- the decision's reasons: the coordinator(s) of the investigation and the inspectorate
  (oversight), never the OM co-owner, the case team or anyone else;
- the case team's own selector label: the case team, never the coordinator or the inspector.

And the case team learns nothing of a hit before it is shared: no marker, no alert, nothing
on the case's trail, and its pages read the same before and after the match.
"""

from __future__ import annotations

import difflib
import re
import secrets
import string
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client, override_settings

from weerstand import testing as t
from weerstand.audit.models import AuditRecord
from weerstand.information.legal_bases import ensure_default_legal_bases
from weerstand.matching import services, sharing
from weerstand.matching.models import SharingDecision
from weerstand.matching.tests.helpers import Setup, add_member, protection_case, register
from weerstand.policy.models import Alert

pytestmark = pytest.mark.django_db
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _letters(n: int = 10) -> str:
    # Letters only: a selector label may hold at most three digits.
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(n))


@dataclass
class Hunt:
    title: str
    label: str
    case_label: str
    reasons: str
    setup: Setup
    case: Any
    hit: Any
    users: dict[str, Any]


def _build(decide: bool = True) -> Hunt:
    ensure_default_legal_bases()
    title, label = f"Onderzoek LEAKTITLE{_letters()}", f"telefoon leaklabel{_letters()}"
    case_label, reasons = f"auto leakcase{_letters()}", f"LEAKREASON{secrets.token_hex(6)}"
    coordinator = t.user("information_coordinator", organisation=t.org("police", code="pol"))
    om = t.user("om_officer")
    investigation = services.open_investigation(
        coordinator, services.InvestigationData(title, co_owner=om.pk, reason="Afgeschermd")
    )
    s = Setup(coordinator, om, investigation)
    second_coordinator = t.user("information_coordinator")
    add_member(s, second_coordinator)
    case, owner, analyst = protection_case()
    services.refresh_case_selectors(case)
    services.register_for_case(
        analyst, case.pk, services.SelectorData("plate", "LK-001-Z", case_label)
    )
    register(s, "phone", "+31 6 1234 5678", label)
    [hit] = services.match_new()
    if decide:
        sharing.not_share(coordinator, hit.pk, sharing.NotShareData(reasons))
    users = {
        "coordinator": coordinator,
        "second_coordinator": second_coordinator,
        "om_co_owner": om,
        "case_owner": owner,
        "case_analyst": analyst,
        "inspector": t.user("inspector"),
        "other_coordinator": t.user("information_coordinator"),
        "outsider_analyst": t.user("analyst"),
        "senior_analyst": t.user("senior_analyst"),
        "decision_maker": t.user("decision_maker"),
        "police_liaison": t.user("police_liaison"),
        "mayor": t.user("mayor"),
        "administrator": t.user("system_admin"),
        "lcc": t.user("lcc_coordinator"),
    }
    return Hunt(title, label, case_label, reasons, s, case, hit, users)


def _probe(marker: str) -> str:
    """A search for the marker that does not spell it out: the page echoes the query."""
    return marker.split()[-1][:-3]


def _urls(h: Hunt) -> tuple[list[str], list[str]]:
    inv, hit, case = h.setup.investigation.pk, h.hit.pk, h.case.pk
    web = [
        "/",
        "/onderzoeken/",
        f"/onderzoeken/{inv}",
        f"/onderzoeken/{inv + 999}",
        "/onderzoeken/hits",
        f"/onderzoeken/hits/{hit}",
        f"/onderzoeken/hits/{hit + 999}",
        f"/onderzoeken/casussen/{case}/selectors",
        f"/casussen/{case}",
        f"/audit/casussen/{case}",
        "/toegang/compartimenten",
        f"/toegang/compartimenten/{h.setup.investigation.compartment_id}",
        *(f"/zoeken/?q={_probe(m)}" for m in (h.title, h.label, h.case_label, h.reasons)),
    ]
    api = [
        "/api/v1/shielded-investigations",
        f"/api/v1/shielded-investigations/{inv}/selectors",
        f"/api/v1/shielded-investigations/{inv + 999}/selectors",
        "/api/v1/hits",
        f"/api/v1/hits/{hit}/sharing-decisions",
        f"/api/v1/hits/{hit + 999}/sharing-decisions",
        f"/api/v1/cases/{case}/selectors",
        f"/api/v1/compartments/{h.setup.investigation.compartment_id}/members",
        "/api/v1/compartments",
        *(f"/api/v1/search?q={_probe(m)}" for m in (h.title, h.label, h.case_label, h.reasons)),
    ]
    return web, api


def _bodies(user: Any, h: Hunt) -> str:
    web, api = _urls(h)
    client = Client()
    t.login(client, user)
    api_client = t.api_client(user)
    out = []
    for url in web:
        r = client.get(url)
        out.append(r.content.decode(errors="replace"))
        out.extend(str(v) for v in r.headers.values())
    for url in api:
        r = api_client.get(url)
        out.append(r.content.decode(errors="replace"))
        out.extend(str(v) for v in r.headers.values())
    # Write attempts (empty bodies) must not echo anything either.
    for url in (
        f"/api/v1/hits/{h.hit.pk}/sharing-decisions",
        f"/api/v1/shielded-investigations/{h.setup.investigation.pk}/selectors",
        f"/api/v1/cases/{h.case.pk}/selectors",
    ):
        out.append(api_client.post(url, {}, format="json").content.decode(errors="replace"))
    out.append(client.post(f"/onderzoeken/hits/{h.hit.pk}", {}).content.decode())
    return "\n".join(out)


ALLOWED = {
    # marker: who may reach it
    "title": {"coordinator", "second_coordinator", "om_co_owner"},
    "label": {"coordinator", "second_coordinator", "om_co_owner"},
    "reasons": {"coordinator", "second_coordinator", "inspector"},
    "case_label": {"case_owner", "case_analyst"},
}


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
def test_markers_reach_exactly_who_may_see_them() -> None:
    h = _build()
    markers = {"title": h.title, "label": h.label, "reasons": h.reasons, "case_label": h.case_label}
    for name, user in h.users.items():
        body = _bodies(user, h)
        for marker, value in markers.items():
            reached = value in body
            allowed = name in ALLOWED[marker]
            assert reached == allowed, (
                f"{name} {'reached' if reached else 'did not reach'} the {marker}"
            )


def _case_team_view(h: Hunt, user: Any) -> str:
    """The case team's pages with what varies per request (tokens, times, ids of audit
    rows) taken out."""
    client = Client()
    t.login(client, user)
    api = t.api_client(user)
    out = [
        client.get(f"/casussen/{h.case.pk}").content.decode(),
        client.get("/").content.decode(),
        api.get(f"/api/v1/cases/{h.case.pk}/selectors").content.decode(),
        api.get("/api/v1/hits").content.decode(),
    ]
    text = "\n".join(out)
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    text = re.sub(r'nonce="[^"]+"', "", text)
    text = re.sub(r'"X-CSRFToken": "[^"]+"', "", text)
    text = re.sub(r"urn:uuid:[0-9a-f-]+", "", text)
    return re.sub(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}|\d{4}-\d{2}-\d{2}T[0-9:.+Z-]+", "", text)


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
def test_the_case_team_learns_nothing_of_a_hit_before_sharing() -> None:
    ensure_default_legal_bases()
    case, owner, analyst = protection_case()
    services.refresh_case_selectors(case)
    hunt = Hunt("", "", "", "", None, case, None, {})  # type: ignore[arg-type]
    before = {u.pk: _case_team_view(hunt, u) for u in (owner, analyst)}
    alerts_before = Alert.objects.filter(recipient__in=[owner, analyst]).count()
    coordinator = t.user("information_coordinator", organisation=t.org("police", code="pol"))
    investigation = services.open_investigation(
        coordinator,
        services.InvestigationData(
            "Onderzoek Stil", co_owner=t.user("om_officer").pk, reason="Afgeschermd"
        ),
    )
    services.register_for_investigation(
        coordinator,
        investigation.pk,
        services.SelectorData("phone", "06-12345678", "telefoon 1"),
    )
    [hit] = services.match_new()
    sharing.not_share(coordinator, hit.pk, sharing.NotShareData("Nog even niet delen nu."))
    after = {u.pk: _case_team_view(hunt, u) for u in (owner, analyst)}
    for pk, text in after.items():
        diff = [
            line
            for line in difflib.unified_diff(before[pk].splitlines(), text.splitlines(), n=0)
            if line[:1] in "+-" and line[:3] not in ("+++", "---")
        ]
        assert not diff, "\n".join(diff[:20])
    assert Alert.objects.filter(recipient__in=[owner, analyst]).count() == alerts_before
    assert not AuditRecord.objects.filter(
        case_id=case.pk, object_type__in=("matching.hit", "matching.sharingdecision")
    ).exists()
    # After sharing, the team sees the product (and only the product).
    sharing.share(
        coordinator,
        hit.pk,
        sharing.ShareData(
            title="Dreiging LEAKSHARED", summary="Wat de casus moet weten.", legal_basis="wpg-16"
        ),
    )
    shared = _case_team_view(hunt, analyst)
    assert "LEAKSHARED" in shared and "Onderzoek Stil" not in shared
    # ... and the coordinator, reading their own product, still learns nothing of the case.
    product = SharingDecision.objects.get(outcome="share").product
    assert product is not None
    client = Client()
    t.login(client, coordinator)
    seen = [
        client.get(f"/informatie/producten/{product.pk}").content.decode(),
        client.get("/informatie/").content.decode(),
        t.api_client(coordinator).get(f"/api/v1/threat-products/{product.pk}").content.decode(),
    ]
    assert "LEAKSHARED" in seen[0] and "LEAKSHARED" in seen[2]
    for secret in (case.reference, case.codename, case.protectee.last_name):
        assert not any(secret in page for page in seen), secret
