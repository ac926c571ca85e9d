"""Leak hunt for resilience care: conversations (plan, place, notes, follow-ups) and buddy
matches (shared texts), against every page and API operation of the resilience app, the
start page and the case page.

A brand-new case is built through the services (`resilience.tests.builders`); unique
markers are planted in: the notes of a held conversation with the protectee and of one with
a relative, a follow-up, the place of a conversation (never shown in the portal), the text
the protectee shares with the buddy, and the case file itself (its summary and the
protectee's surname: never for the buddy). Then every user requests every URL pattern of the
app with every planted id (and an absent one), the lists with their filters, and write
attempts on objects they may not change. Every body is searched for the markers that user
may not see; which those are is restated below from the documented policy
(docs/access-policy.md, "Resilience care"), sharing no code with the rules. The allowed
readers must reach their markers, so the hunt can fail.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver

from leak_support.html import view_module, walk
from weerstand import testing as t
from weerstand.cases.models import Case
from weerstand.resilience import services
from weerstand.resilience.models import FollowUp
from weerstand.resilience.tests import builders as b

pytestmark = pytest.mark.django_db
PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


def mark(kind: str) -> str:
    return f"LEAK{kind}{secrets.token_hex(4).upper()}"


@dataclass
class Planted:
    w: b.World
    notes: str
    relative_notes: str
    follow_up: str
    place: str
    shared: str
    case_file: str
    surname: str
    ids: dict[str, list[int]]


def plant() -> Planted:
    w = b.world()
    notes, relative_notes, follow_up = mark("NOTE"), mark("RELNOTE"), mark("FOLLOW")
    place, shared, case_file, surname = mark("PLACE"), mark("SHARE"), mark("CASE"), mark("NAME")
    Case.objects.filter(pk=w.case.pk).update(summary=f"Dreiging {case_file}")
    type(w.case.protectee).objects.filter(pk=w.case.protectee_id).update(last_name=surname)
    held = b.held(w, marker=notes)
    rel = b.held(w, marker=relative_notes, person=w.relative)
    services.add_follow_up(
        w.expert,
        held.pk,
        description=f"Gesprek met school {follow_up}",
        owner_id=w.decision_maker.pk,
        due_on=b.at(6).date(),
    )
    upcoming = b.plan(w, place=f"Locatie {place}")
    match = b.active_match(w, items=("message",), message=f"Groet {shared}")
    # The other case has its own expert's conversation: nothing of ours may appear there.
    other = services.plan_conversation(
        w.other_expert,
        w.other_case.pk,
        services.ConversationPlan(
            person_id=w.other_case.protectee_id, phase="impact", planned_at=b.at(2)
        ),
    )
    ids = {
        "case": [w.case.pk, w.other_case.pk, 999999],
        "conversation": [held.pk, rel.pk, upcoming.pk, other.pk, 999999],
        "follow_up": [*FollowUp.objects.values_list("pk", flat=True), 999999],
        "match": [match.pk, 999999],
    }
    return Planted(w, notes, relative_notes, follow_up, place, shared, case_file, surname, ids)


# --- the policy, restated ----------------------------------------------------------------


def allowed(p: Planted, who: str) -> set[str]:
    """Markers each user may read, from the documented policy."""
    staff = {p.notes, p.relative_notes, p.follow_up, p.place}
    return {
        "expert": staff,
        "decision_maker": staff,
        "owner": staff,
        "inspector": staff,
        "protectee": {p.shared},  # their own text, never notes, follow-ups or the place
        "buddy": {p.shared},  # only what was shared
    }.get(who, set())


def users(p: Planted) -> dict[str, Any]:
    w = p.w
    return {
        "expert": w.expert,
        "decision_maker": w.decision_maker,
        "owner": w.owner,
        "inspector": w.inspector,
        "liaison": w.liaison,
        "planner": w.planner,
        "om": w.om,
        "outsider": w.outsider,
        "other_expert": w.other_expert,
        "protectee": w.protectee_user,
        "relative": w.relative_user,
        "other_protectee": w.other_protectee_user,
        "buddy": w.buddy_user,
    }


# --- what to request ------------------------------------------------------------------------


def kind_of(route: str, name: str) -> str:
    if ("follow" in route and name in ("follow_up_id",)) or "vervolgafspraken" in route:
        return "follow_up"
    if "buddy" in route and "volunteer" not in route and "casussen" not in route:
        return "match"
    if "casussen" in route:
        return "case"
    return "conversation"


def routes() -> list[str]:
    return sorted(
        "/" + route
        for route, callback in walk(get_resolver().url_patterns)
        if view_module(callback).startswith("weerstand.resilience")
    )


def urls(p: Planted) -> list[str]:
    out = ["/", f"/casussen/{p.w.case.pk}", f"/casussen/{p.w.other_case.pk}"]
    for route in routes():
        names = [m.group("name") for m in PARAM.finditer(route)]
        if not names:
            out.append(route)
            continue
        first_kind = kind_of(route.split("<")[0], names[0])
        for pk in p.ids[first_kind]:

            def fill(m: re.Match, pk: int = pk) -> str:
                if m.group("name") == "follow_up_id":
                    return str(p.ids["follow_up"][0])
                return str(pk)

            out.append(PARAM.sub(fill, route))
    lists = [
        "/api/v1/resilience-conversations",
        f"/api/v1/resilience-conversations?case={p.w.case.pk}",
        "/api/v1/resilience-conversations?status=held",
        "/api/v1/buddy-matches",
        f"/api/v1/buddy-matches?case={p.w.case.pk}",
        "/api/v1/buddy-volunteers",
    ]
    return list(dict.fromkeys(out + lists))


def body_of(client: Any, url: str) -> str:
    response = client.get(url)
    text = response.content.decode(errors="replace")
    return f"{response.status_code} {url}\n{dict(response.items())}\n{text}"


def writes(p: Planted) -> list[tuple[str, dict[str, Any]]]:
    """Write attempts every user makes; only the allowed succeed, none may echo a marker."""
    conv = p.ids["conversation"][0]
    match = p.ids["match"][0]
    return [
        (f"/api/v1/resilience-conversations/{conv}/notes", {"wellbeing": "Poging tot lezen"}),
        (
            f"/api/v1/resilience-conversations/{conv}/follow-ups",
            {"description": "x" * 6, "owner": 1, "dueOn": "2099-01-01"},
        ),
        (f"/api/v1/buddy-matches/{match}/consents", {}),
        (f"/api/v1/buddy-matches/{match}/shares", {"items": ["first_name"]}),
        (
            "/api/v1/resilience-conversations",
            {
                "case": p.w.case.pk,
                "person": p.w.case.protectee_id,
                "phase": "impact",
                "plannedAt": "2099-01-01T10:00:00Z",
            },
        ),
    ]


# --- the hunt -------------------------------------------------------------------------------


def test_no_marker_reaches_anyone_the_policy_does_not_allow() -> None:
    p = plant()
    every = {p.notes, p.relative_notes, p.follow_up, p.place, p.shared, p.case_file, p.surname}
    targets = urls(p)
    seen: dict[str, set[str]] = {}
    for who, user in users(p).items():
        forbidden = every - allowed(p, who)
        if who in ("expert", "decision_maker", "owner", "inspector", "liaison", "planner", "om"):
            forbidden -= {p.case_file, p.surname}  # the case file itself is theirs to read
        web, api = Client(), t.api_client(user)
        t.login(web, user)
        found: set[str] = set()
        for url in targets:
            client = api if url.startswith("/api/") else web
            text = body_of(client, url)
            leaked = {m for m in forbidden if m in text}
            assert not leaked, f"{who} read {leaked} at {text[:300]}"
            found |= {m for m in every if m in text}
        seen[who] = found
    # The allowed readers do reach their markers (so this hunt can fail).
    for who in ("expert", "decision_maker", "owner", "inspector"):
        assert {p.notes, p.relative_notes, p.follow_up, p.place} <= seen[who], (who, seen[who])
    assert p.shared in seen["buddy"] and p.shared in seen["protectee"]
    # Write attempts last (an allowed one may change what is shared): no refusal or
    # validation message echoes a marker the writer may not read.
    for who, user in users(p).items():
        forbidden = every - allowed(p, who) - {p.case_file, p.surname}
        api = t.api_client(user)
        for url, data in writes(p):
            response = api.post(url, data, format="json")
            text = response.content.decode(errors="replace")
            leaked = {m for m in forbidden if m in text}
            assert not leaked, f"{who} read {leaked} writing {url}"


def test_lists_and_counts_do_not_change_for_outsiders_when_hidden_rows_are_added() -> None:
    p = plant()
    for who in ("liaison", "outsider", "other_expert", "other_protectee", "relative"):
        user = users(p)[who]
        api = t.api_client(user)
        before = {
            url: answer(api, url)
            for url in ("/api/v1/resilience-conversations", "/api/v1/buddy-matches")
        }
        b.plan(p.w, phase="consolidation", days=9)
        for url, body in before.items():
            assert answer(api, url) == body, (who, url)


def answer(api: Any, url: str) -> tuple[int, Any]:
    """Status and body, without the per-request id a problem names as its instance."""
    response = api.get(url)
    body = response.json()
    if isinstance(body, dict):
        body.pop("instance", None)
    return response.status_code, body
