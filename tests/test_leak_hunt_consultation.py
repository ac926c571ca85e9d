"""Leak hunt for consultations between protection and prosecution.

A unique marker is planted in every text of a consultation (interests, agreements, the
follow-up action) and in the investigation link of a brand-new case built through the
services. Then every user signs in and requests the consultation pages, the case page, the
search page, the API list (with and without filter), the detail, the completion endpoint
and an absent id: the marker must reach only the case team of both sides (and the
inspectorate), never a partner without need (unit planner, resilience expert, mayor),
an analyst or OM officer outside the team, the protectee, or a member removed from the
team. A restricting compartment on the case hides it from team members outside it.
"""

from __future__ import annotations

import secrets
from typing import Any

import pytest
from django.test import Client

from weerstand import testing as t
from weerstand.consultations import services
from weerstand.consultations.models import CaseInvestigationLink
from weerstand.consultations.tests import builders as b
from weerstand.policy.models import CompartmentMembership

pytestmark = pytest.mark.django_db
API = "/api/v1/consultations"
LINKS = "/api/v1/cases/%s/investigation-links"


def _world() -> tuple[b.World, Any, str, dict[str, Any]]:
    mark = f"LEAKMARK{secrets.token_hex(6)}"
    w = b.world()
    services.link_investigation(
        w.om, w.case.pk, om_office="Parket Zeeland", investigation_name=f"Onderzoek {mark}"
    )
    c = services.record_consultation(w.analyst, w.case.pk, b.data(w, mark))
    protectee = t.user("protectee")
    type(protectee).objects.filter(pk=protectee.pk).update(person=w.case.protectee)
    removed = t.user("om_officer")
    CompartmentMembership.objects.create(compartment=w.case.team, user=removed)
    CompartmentMembership.objects.filter(compartment=w.case.team, user=removed).delete()
    mayor = t.user("mayor")
    CompartmentMembership.objects.create(compartment=w.case.team, user=mayor)
    others = {
        "planner": w.planner,
        "resilience": w.resilience,
        "mayor": mayor,
        "outsider_analyst": w.outsider_analyst,
        "outsider_om": w.outsider_om,
        "protectee": type(protectee).objects.get(pk=protectee.pk),
        "removed": type(removed).objects.get(pk=removed.pk),
    }
    return w, c, mark, others


def _urls(w: b.World, c: Any, mark: str) -> list[str]:
    f = c.follow_ups.model.objects.filter(consultation=c.pk).values_list("pk", flat=True)[0]
    link = CaseInvestigationLink.objects.get(case=w.case.pk).pk
    return [
        f"/casussen/{w.case.pk}",
        f"/afstemming/casussen/{w.case.pk}",
        "/zoeken/?q=Woning+eerst+beveiligd",
        "/",
        API,
        f"{API}?case={w.case.pk}",
        f"{API}/{c.pk}",
        f"{API}/{c.pk + 999}",
        f"{LINKS % w.case.pk}",
        f"{LINKS % w.case.pk}/{link}",
        f"{LINKS % w.case.pk}/{link + 999}",
        f"{LINKS % (w.case.pk + 999)}",
        f"{API}/{c.pk}/follow-ups/{f}/completions",
    ]


def _bodies(user: Any, urls: list[str]) -> str:
    client = Client()
    t.login(client, user)
    api = t.api_client(user)
    out = []
    for url in urls:
        getter = api if url.startswith("/api/") else client
        response = getter.get(url)
        out.append(response.content.decode(errors="replace"))
        out.extend(str(v) for v in response.headers.values())
    # A write attempt must not echo the marker either.
    for url in (urls[-1], *(u for u in urls if u.endswith("investigation-links"))):
        response = api.post(url, {}, format="json")
        out.append(response.content.decode(errors="replace"))
    return "\n".join(out)


def test_the_marker_reaches_no_one_without_need() -> None:
    w, c, mark, others = _world()
    urls = _urls(w, c, mark)
    for name, user in others.items():
        assert mark not in _bodies(user, urls), f"{name} reached the consultation"


def test_both_sides_reach_it() -> None:
    w, c, mark, _others = _world()
    urls = _urls(w, c, mark)
    for user in (w.analyst, w.om, w.police):
        client = Client()
        t.login(client, user)
        assert mark in client.get(f"/afstemming/casussen/{w.case.pk}").content.decode()
        assert mark in t.api_client(user).get(f"{API}/{c.pk}").content.decode()
        assert mark in t.api_client(user).get(LINKS % w.case.pk).content.decode()
    assert mark in _bodies(w.om, urls[:7])


def test_a_restricting_compartment_keeps_hiding_it() -> None:
    w, c, mark, _others = _world()
    t.restrict(w.case, kind="shielded_investigation", members=(w.om,))
    analyst = type(w.analyst).objects.get(pk=w.analyst.pk)
    assert mark not in _bodies(analyst, _urls(w, c, mark))
    om = type(w.om).objects.get(pk=w.om.pk)
    assert mark in t.api_client(om).get(f"{API}/{c.pk}").content.decode()
    assert mark in t.api_client(om).get(LINKS % w.case.pk).content.decode()
