"""Leak hunt for the portal's own panels ("Uw beveiliging nu", "Wat u aan ons meldde") and
the portal pages of signals.

Two brand-new cases, each with a start decision in force (taken and approved through the
services). Unique markers are planted in what the portal reads around: the decision's
reasoning, the case summary and residual risk of the assessment (case A), the other case's
protectee name and reasoning (case B), and the reports of each portal user. Then every user
(protectee, relative with shares, relative without shares and employer of case A; protectee
of case B; an analyst outside both teams; a police liaison without need) walks every page
their start page and menu lead to, plus every report's page, their list and the signals API,
and no body may carry a marker that is not theirs; a report not theirs answers exactly like
an absent one. The allowed users do reach their own marker, so the hunt can fail.
"""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from weerstand import testing as t
from weerstand.portal.tests import builders as pb
from weerstand.portal.tests.crawl import crawl
from weerstand.signals.models import Signal

pytestmark = pytest.mark.django_db


def mark(what: str) -> str:
    return f"LEAKMARK{what}{secrets.token_hex(4)}"


@dataclass
class Hunt:
    pw: pb.PortalWorld
    users: dict[str, object]
    marks: dict[str, str]  # marker name -> value
    own: dict[str, set[str]]  # user key -> marker names they may see
    signals: dict[str, int]  # marker name -> signal pk


def _report(user: object, text: str) -> int:
    c = Client()
    t.login(c, user)
    when = (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    resp = c.post(
        reverse("signals:portal"),
        {"kind": "threat", "what": text, "happened_at": when, "certainty": "not_sure"},
    )
    assert resp.status_code == 302
    return Signal.objects.filter(reported_by=user).latest("pk").pk


def build() -> Hunt:
    from weerstand.cases import persons
    from weerstand.decisions import services
    from weerstand.decisions.tests import builders as b
    from weerstand.registry.services import PersonData

    pw = pb.world()
    w = pw.w
    marks = {k: mark(k) for k in ("reasonA", "summaryA", "nameB", "reasonB")}
    marks |= {f"sig_{k}": mark(f"sig{k}") for k in ("protA", "relA", "empA", "protB")}
    # Case A: the reasoning and summary are never for the portal, not even the protectee's.
    from weerstand.cases.models import Case
    from weerstand.decisions.models import Decision

    Decision.objects.filter(pk=pw.decision.pk).update(reasoning=marks["reasonA"])
    Case.objects.filter(pk=pw.case.pk).update(summary=marks["summaryA"])
    quiet = persons.link_person(
        w.author,
        pw.case.pk,
        role="sibling",
        reason="Broer, woont elders",
        new_person=PersonData(first_name="Joost", last_name="Vermeulen"),
        shares=(),
    )
    # Case B: another protectee, another decision in force.
    person_b = t.person("Karin", marks["nameB"])
    case_b, _a = b.decided_case(w, protectee=person_b)
    d = services.create_decision(w.dm1, case_b.pk, b.start_data(w, reasoning=marks["reasonB"]))
    services.approve_decision(w.dm2, d.pk)
    users = {
        "protA": pw.protectee,
        "relA": pw.relative,
        "quietA": pb.portal_user("relative", quiet.person),
        "empA": pw.employer,
        "protB": pb.portal_user("protectee", person_b),
        "analyst": t.user("analyst"),
        "liaison": t.user("police_liaison"),
    }
    sigs = {
        f"sig_{k}": _report(users[k], marks[f"sig_{k}"]) for k in ("protA", "relA", "empA", "protB")
    }
    own = {k: {f"sig_{k}"} for k in ("protA", "relA", "empA", "protB")}
    own["protB"].add("nameB")  # their own name, in the header
    own["quietA"] = set()
    own["liaison"] = set()
    # The analysis function reaches every report (the signals policy): not a portal leak.
    own["analyst"] = {f"sig_{k}" for k in ("protA", "relA", "empA", "protB")}
    return Hunt(pw, users, marks, own, sigs)


def _text(resp: object) -> str:
    """The words of a response: a PDF (the letter) read back with pypdf, the rest as text."""
    content: bytes = resp.content  # type: ignore[attr-defined]
    if content.startswith(b"%PDF"):
        from pypdf import PdfReader

        return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(content)).pages)
    return content.decode()


def _bodies(hunt: Hunt, key: str) -> list[tuple[str, str]]:
    user = hunt.users[key]
    c = Client()
    t.login(c, user)
    out = [(v.url, _text(c.get(v.url))) for v in crawl(c)]
    for pk in [*hunt.signals.values(), 999999]:
        url = reverse("signals:detail", args=[pk])
        out.append((url, c.get(url).content.decode()))
    out.append((reverse("signals:mine"), c.get(reverse("signals:mine")).content.decode()))
    api = t.api_client(user)
    out.append(("/api/v1/signals", api.get("/api/v1/signals").content.decode()))
    for pk in hunt.signals.values():
        out.append((f"/api/v1/signals/{pk}", api.get(f"/api/v1/signals/{pk}").content.decode()))
    return out


def test_no_portal_page_shows_what_is_not_theirs() -> None:
    hunt = build()
    leaks = []
    for key in hunt.users:
        allowed = hunt.own[key]
        for url, body in _bodies(hunt, key):
            for name, value in hunt.marks.items():
                if name not in allowed and value in body:
                    leaks.append(f"{key} sees {name} on {url}")
    assert leaks == []


def test_a_report_not_theirs_answers_like_an_absent_one() -> None:
    hunt = build()
    for key in ("protA", "relA", "quietA", "empA", "protB", "liaison"):
        c = Client()
        t.login(c, hunt.users[key])
        absent = c.get(reverse("signals:detail", args=[999999]))
        for name, pk in hunt.signals.items():
            if name in hunt.own[key]:
                continue
            resp = c.get(reverse("signals:detail", args=[pk]))
            assert resp.status_code == absent.status_code == 404
            assert "Niet gevonden" in resp.text and "Niet gevonden" in absent.text
            assert hunt.marks[name] not in resp.text


def test_the_allowed_users_do_reach_their_own() -> None:
    hunt = build()
    for key in ("protA", "relA", "empA", "protB"):
        c = Client()
        t.login(c, hunt.users[key])
        body = c.get(reverse("signals:detail", args=[hunt.signals[f"sig_{key}"]])).text
        assert hunt.marks[f"sig_{key}"] in body
    c = Client()
    t.login(c, hunt.users["protA"])
    home = c.get("/uw-beveiliging").text  # the full panels: one click from the start page
    assert "Uw beveiliging nu" in home and "Beveiligd vervoer" in home
    assert "Uw beveiliging in het kort" in c.get("/").text
    # The relative without shares hears nothing of the protection; the one with shares does.
    t.login(c, hunt.users["quietA"])
    assert "Uw beveiliging nu" not in c.get("/uw-beveiliging").text
    assert "Uw beveiliging in het kort" not in c.get("/").text
    t.login(c, hunt.users["relA"])
    assert "Cameratoezicht" in c.get("/uw-beveiliging").text
