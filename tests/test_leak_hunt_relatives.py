"""Leak hunt for the relatives' and employer's side: letters addressed to persons concerned,
their objections, and the employer's own measures.

A brand-new case A is carried through a start decision with four eyes (decisions services);
its partner and employer contact are linked by the analyst with what may be shared. Unique
markers are planted in what is restricted: the text the decision asks of the household (only
in the partner's letter), the text it asks of the employer (only in the employer's letter),
an employer measure's explanation and the employer's confirmation note, and a relative's
objection grounds. A second case B, with its own protectee, partner and employer contact,
runs beside it.

Every user then signs in and requests every page and API endpoint that could show them (the
start page, the rights pages, each letter and its PDF read back with pypdf, the case pages,
the employer measures, the objections) plus write attempts on objects they may not know.
Each body is searched for the markers the user may not see, and the allowed users must find
theirs (so the hunt can fail): the addressee reads their own letter, the employer contact
their measures, the case team everything.
"""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from weerstand import testing as t
from weerstand.rights import services
from weerstand.rights.models import AddressedLetter, EmployerMeasure
from weerstand.rights.tests import relatives_builders as rb

pytestmark = pytest.mark.django_db


def mark(what: str) -> str:
    return f"LEAKMARK{what}{secrets.token_hex(4)}"


@dataclass
class Hunt:
    rw: rb.RWorld
    other: rb.RWorld
    markers: dict[str, str]
    urls: list[str] = field(default_factory=list)
    writes: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)


def _second_case(rw: rb.RWorld) -> rb.RWorld:
    """Case B: the same decision-makers, its own protectee, partner and employer contact."""
    from weerstand.cases import persons
    from weerstand.decisions.tests import builders as b
    from weerstand.registry.services import PersonData

    case, _assessment = b.decided_case(rw.w)
    links = [
        persons.link_person(
            rw.w.author,
            case.pk,
            role=role,
            reason="betrokken bij de tweede casus",
            new_person=PersonData(first_name=first, last_name=last),
            shares=rb.FULL_SHARES,
        )
        for role, first, last in (
            ("partner", "Noor", "Verbeek"),
            ("employer_contact", "Kees", "Smit"),
        )
    ]
    other = rb.RWorld(
        w=rw.w,
        case=case,
        protectee=case.protectee,
        partner=links[0].person,
        employer=links[1].person,
        protectee_user=rb.portal_user("protectee", case.protectee),
        partner_user=rb.portal_user("relative", links[0].person),
        employer_user=rb.portal_user("employer", links[1].person),
        partner_link=links[0],
        employer_link=links[1],
    )
    rb.decide_start(other, asks=True)
    return other


def build() -> Hunt:
    rw = rb.linked_case()
    markers = {
        "household": mark("HUIS"),
        "employer_letter": mark("WERKBRIEF"),
        "measure": mark("MAATREGEL"),
        "confirmation": mark("BEVESTIGD"),
        "objection": mark("BEZWAAR"),
    }
    from weerstand.decisions import services as decisions
    from weerstand.decisions.tests import builders as b

    d = decisions.create_decision(rw.w.dm1, rw.case.pk, b.start_data(rw.w))
    services.save_letter_text(
        rw.w.dm1,
        d.pk,
        shareable_reason="De dreiging tegen u is ernstig; u kunt zich niet zelf beschermen.",
        asks={
            "household_text": f"Laat de beveiligers binnen. {markers['household']}",
            "employer_text": f"Controleer bezoekers bij de receptie. {markers['employer_letter']}",
        },
    )
    rw.decision = decisions.approve_decision(rw.w.dm2, d.pk)
    measure = services.record_employer_measure(
        rw.w.author,
        rw.case.pk,
        services.EmployerMeasureData(
            contact=rw.employer.pk,
            title="Toegangscontrole bij de receptie",
            due_on=timezone.localdate() + timedelta(days=10),
            description=f"Alleen bezoekers met een afspraak. {markers['measure']}",
        ),
    )
    services.confirm_employer_measure(
        rw.employer_user, measure.pk, note=f"Poortje geplaatst. {markers['confirmation']}"
    )
    objection = services.lodge_objection(
        rw.partner_user,
        rw.decision.pk,
        services.ObjectionData(grounds=f"De camera's kijken in onze tuin. {markers['objection']}"),
    )
    other = _second_case(rw)
    hunt = Hunt(rw=rw, other=other, markers=markers)
    letters = list(AddressedLetter.objects.filter(case__in=[rw.case, other.case]))
    measures = list(EmployerMeasure.objects.filter(case__in=[rw.case, other.case]))
    for x in letters:
        hunt.urls += [
            f"/rechten/brieven/{x.pk}",
            f"/rechten/brieven/{x.pk}?lang=en",
            f"/rechten/brieven/{x.pk}/brief.pdf",
            f"/api/v1/addressed-letters/{x.pk}",
            f"/api/v1/addressed-letters/{x.pk}?lang=en",
            f"/api/v1/addressed-letters/{x.pk}/pdf",
        ]
    for dec in (rw.decision, other.decision):
        hunt.urls += [
            f"/rechten/besluiten/{dec.pk}/brief",
            f"/rechten/besluiten/{dec.pk}/brief.pdf",
            f"/rechten/besluiten/{dec.pk}/bezwaar",
            f"/api/v1/decisions/{dec.pk}/letter",
        ]
    for c in (rw.case, other.case):
        hunt.urls += [
            f"/casussen/{c.pk}",
            f"/casussen/{c.pk}/personen",
            f"/rechten/casussen/{c.pk}/werkgever-maatregelen",
        ]
    for m in measures:
        hunt.urls += [f"/rechten/werkgever-maatregelen/{m.pk}", f"/api/v1/employer-measures/{m.pk}"]
        hunt.writes += [
            ("post", f"/rechten/werkgever-maatregelen/{m.pk}", {"note": "x", "version": 9}),
            ("api", f"/api/v1/employer-measures/{m.pk}/confirmations", {"note": "x"}),
        ]
    hunt.urls += [
        "/",
        "/rechten/",
        "/rechten/bezwaren",
        f"/rechten/bezwaren/{objection.pk}",
        f"/api/v1/objections/{objection.pk}",
        "/api/v1/objections",
        "/api/v1/employer-measures",
        "/api/v1/employer-measures?page=2",
        "/rechten/brieven/999999",
        "/api/v1/employer-measures/999999",
        "/api/v1/addressed-letters",
        f"/api/v1/addressed-letters?case={rw.case.pk}",
        "/api/v1/addressed-letters/999999",
    ]
    return hunt


def _text(response: Any) -> str:
    body = response.content if hasattr(response, "content") else b"".join(response)
    if response.get("Content-Type", "").startswith("application/pdf") and body[:4] == b"%PDF":
        reader = PdfReader(io.BytesIO(body))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    return body.decode("utf-8", "replace") + " ".join(f"{k}:{v}" for k, v in response.items())


def _harvest(hunt: Hunt, user: Any) -> str:
    web = Client()
    t.login(web, user)
    api = t.api_client(user)
    seen = []
    for url in hunt.urls:
        client = api if url.startswith("/api/") else web
        response = client.get(url)
        assert response.status_code < 500, (url, response.status_code)
        seen.append(_text(response))
    for kind, url, body in hunt.writes:
        response = web.post(url, body) if kind == "post" else api.post(url, body)
        assert response.status_code < 500, (url, response.status_code)
        seen.append(_text(response))
    return "\n".join(seen)


def test_markers_reach_only_the_addressee_the_employer_and_the_case_team() -> None:
    hunt = build()
    rw, other, m = hunt.rw, hunt.other, hunt.markers
    outsider_analyst = t.user("analyst")
    # who may find which markers (the rest must be absent)
    expected: dict[str, tuple[Any, set[str]]] = {
        "partner A (addressee of the household letter, objector)": (
            rw.partner_user,
            {"household", "objection"},
        ),
        "employer A (addressee, measures)": (
            rw.employer_user,
            {"employer_letter", "measure", "confirmation"},
        ),
        "protectee A (not addressed, not the objector)": (rw.protectee_user, set()),
        "protectee B": (other.protectee_user, set()),
        "partner B": (other.partner_user, set()),
        "employer B": (other.employer_user, set()),
        "police liaison without need": (rw.w.police_liaison, set()),
        "mayor of the municipality": (rw.w.mayor, set()),
        "analyst outside the team": (outsider_analyst, set()),
        "case owner (analyst of the team)": (
            rw.w.author,
            {"household", "employer_letter", "measure", "confirmation", "objection"},
        ),
    }
    failures = []
    for who, (user, allowed) in expected.items():
        text = _harvest(hunt, user)
        for name, marker in m.items():
            found = marker in text
            if found and name not in allowed:
                failures.append(f"LEAK: {who} reaches {name}")
            if not found and name in allowed:
                failures.append(f"MISSING: {who} does not reach {name} (the hunt could not fail)")
    assert not failures, "\n".join(failures)
