"""Leak hunt for the contact person and the communication log.

Unique markers are planted in the team's note on a case's contact person and in the text of
two messages (one to the protectee, one to the partner) of case A. Then every user signs in
and reads every surface of the contact app and the pages its data appears on (start page,
case page, team and persons pages, access log, search, the portal's own page, every API
endpoint with filters and ids, a write naming another case's message): the markers must be
unreachable for another case's protectee and relative, a police liaison and a unit planner
in the team (partners without need), an analyst outside the team, and case A's employer
(nothing shared, nothing told); and reachable for the team's NCTV side and the inspector,
and, only their own message, for the person addressed (so the hunt can fail).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client, override_settings

from weerstand import testing as t
from weerstand.contact.tests import world as wb

pytestmark = pytest.mark.django_db
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _mark(what: str) -> str:
    return f"LEAKMARK{what}{secrets.token_hex(4)}"


@dataclass
class Hunt:
    a: wb.CaseWorld
    b: wb.CaseWorld
    note: str
    to_tbp: str
    to_partner: str
    ids: list[int]
    inspector: Any
    outsider: Any


def _world() -> Hunt:
    a, b = wb.build("A"), wb.build("B")
    note, to_tbp, to_partner = _mark("NOTE"), _mark("TBP"), _mark("PARTNER")
    wb.assign(a, note=f"Notitie {note}")
    wb.assign(b)
    m1 = wb.tell(a, a.protectee_link, f"De camera komt dinsdag {to_tbp}")
    m2 = wb.tell(a, a.partner_link, f"De camera komt woensdag {to_partner}")
    wb.tell(b, b.partner_link, "Bericht in de andere casus")
    return Hunt(
        a, b, note, to_tbp, to_partner, [m1.pk, m2.pk], t.user("inspector"), t.user("analyst")
    )


def _web(h: Hunt) -> list[str]:
    c = h.a.case.pk
    return [
        "/",
        f"/casussen/{c}",
        f"/casussen/{c}/team",
        f"/casussen/{c}/personen",
        f"/audit/casussen/{c}",
        "/zoeken/?q=camera",
        "/zoeken/?q=Notitie",
        "/casussen/",
        "/contact/mijn-berichten",
        "/contact/mijn-berichten?page=2",
    ]


def _api(h: Hunt) -> list[str]:
    c = h.a.case.pk
    return [
        "/api/v1/communications",
        f"/api/v1/communications?case={c}",
        f"/api/v1/communications?recipient={h.a.partner_link.pk}",
        f"/api/v1/communications?case={c}&page=1",
        *(f"/api/v1/communications/{pk}" for pk in h.ids),
        f"/api/v1/cases/{c}/contact-person",
        f"/api/v1/cases/{c}",
        f"/api/v1/cases/{c}/persons",
    ]


def _read_all(h: Hunt, user: Any) -> str:
    """Everything the user gets back from every surface (bodies and headers)."""
    client = Client()
    t.login(client, user)
    out = []
    for url in _web(h):
        r = client.get(url, follow=True)
        out.append(r.content.decode(errors="replace") + str(dict(r.headers)))
    api = t.api_client(user)
    for url in _api(h):
        r = api.get(url)
        out.append(r.content.decode(errors="replace") + str(dict(r.headers)))
    # A write naming case A's message from another case: the refusal says nothing of it.
    r = api.post(
        "/api/v1/communications",
        {
            "case": h.b.case.pk,
            "recipient": h.b.protectee_link.pk,
            "text": "Correctie",
            "channel": "phone",
            "corrects": h.ids[0],
        },
    )
    out.append(r.content.decode(errors="replace"))
    return "\n".join(out)


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
def test_markers_reach_only_who_may_see_them() -> None:
    h = _world()
    a, b = h.a, h.b
    everything = {h.note, h.to_tbp, h.to_partner}
    cases = [
        # (user, markers they must see, why)
        (b.tbp, set(), "another case's protectee"),
        (b.partner, set(), "a relative of another case"),
        (b.expert, set(), "another case's contact person"),
        (a.police, set(), "police liaison in the team: no need"),
        (a.planner, set(), "unit planner in the team: no need"),
        (h.outsider, set(), "analyst outside the team"),
        (a.employer, set(), "case A's employer: nothing shared, nothing told"),
        (a.owner, everything, "case owner"),
        (a.expert, everything, "contact person"),
        (a.deputy, everything, "deputy"),
        (a.decider, everything, "decision-maker in the team"),
        (h.inspector, everything, "inspectorate"),
        (a.tbp, {h.to_tbp}, "the protectee: only their own message"),
        (a.partner, {h.to_partner}, "the partner: only their own message"),
    ]
    failures = []
    for user, allowed, why in cases:
        text = _read_all(h, user)
        for marker in everything:
            seen = marker in text
            if seen and marker not in allowed:
                failures.append(f"{why} ({user.username}) reached {marker[:14]}")
            if not seen and marker in allowed:
                failures.append(f"{why} ({user.username}) did not reach {marker[:14]}")
    assert not failures, "\n".join(failures)


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
def test_counts_do_not_change_when_hidden_messages_are_added() -> None:
    h = _world()
    watchers = [h.b.expert, h.a.police, h.outsider, h.b.tbp]

    def answers() -> list[str]:
        out = []
        for user in watchers:
            api = t.api_client(user)
            r = api.get("/api/v1/communications")
            out.append(f"{r.status_code}:{r.json().get('count') if r.status_code == 200 else ''}")
        return out

    before = answers()
    wb.tell(h.a, h.a.partner_link, "Nog een bericht dat zij niet mogen zien")
    assert answers() == before
