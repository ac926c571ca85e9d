"""`/api/v1/addressed-letters`: the letters to relatives and the employer through the API, with
the rule of the web pages (the addressee their own, the case team those of its cases, 404 for
anyone else), read-marking and audit through the same service, no internal references for
portal users, and a unique marker in a letter that only the allowed callers reach."""

from __future__ import annotations

import io
import re
import secrets
from typing import Any

import pytest
from pypdf import PdfReader

from weerstand import testing as t
from weerstand.audit.models import AuditRecord
from weerstand.rights.models import AddressedLetter
from weerstand.rights.tests import relatives_builders as rb

pytestmark = pytest.mark.django_db
API = "/api/v1/addressed-letters"
CODE = re.compile(r"\b(BES|BS|BZ|CAS|BO)-[A-Z0-9-]*\d")


def _decide(rw: rb.RWorld, marker: str) -> Any:
    """A start decision whose household ask carries `marker` (only in the partner's letter)."""
    from weerstand.decisions import services as decisions
    from weerstand.decisions.tests import builders as b
    from weerstand.rights import services

    d = decisions.create_decision(rw.w.dm1, rw.case.pk, b.start_data(rw.w))
    services.save_letter_text(
        rw.w.dm1,
        d.pk,
        shareable_reason="De dreiging tegen u is ernstig; u kunt zich niet zelf beschermen.",
        asks={
            "household_text": f"Laat de beveiligers binnen. {marker}",
            "employer_text": "Let op.",
        },
    )
    rw.decision = decisions.approve_decision(rw.w.dm2, d.pk)
    return rw.decision


def _other_relative(rw: rb.RWorld) -> Any:
    """The partner of a second case (same decision-makers), with a portal account."""
    from weerstand.cases import persons
    from weerstand.decisions.tests import builders as b
    from weerstand.registry.services import PersonData

    case, _assessment = b.decided_case(rw.w)
    link = persons.link_person(
        rw.w.author,
        case.pk,
        role="partner",
        reason="betrokken bij de tweede casus",
        new_person=PersonData(first_name="Noor", last_name="Verbeek"),
        shares=rb.FULL_SHARES,
    )
    return rb.portal_user("relative", link.person)


def _count(user: Any) -> int:
    response = t.api_client(user).get(API)
    assert response.status_code == 200, response.content[:500]
    return int(response.json()["count"])


def _items(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content[:500]
    return list(response.json()["results"])


def _pdf_text(response: Any) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(p.extract_text() or "" for p in reader.pages)


@pytest.fixture
def world() -> tuple[rb.RWorld, str, Any]:
    rw = rb.linked_case()
    marker = f"APIBRIEF{secrets.token_hex(5)}"
    outsider = _other_relative(rw)
    before = {u.pk: _count(u) for u in (outsider, rw.w.police_liaison)}
    _decide(rw, marker)
    # the list count does not move for those who may not see the new letters
    assert {u.pk: _count(u) for u in (outsider, rw.w.police_liaison)} == before
    return rw, marker, outsider


def test_the_addressee_lists_reads_and_downloads_their_own_letter(world: Any) -> None:
    rw, marker, _outsider = world
    letter = AddressedLetter.objects.get(decision=rw.decision, person=rw.partner)
    api = t.api_client(rw.partner_user)
    listed = api.get(API)
    assert listed.status_code == 200
    rows = _items(listed)
    assert [r["id"] for r in rows] == [letter.pk]
    row = rows[0]
    assert row["subject"] == "Beveiliging bij uw huis" and row["read"] is False
    assert row["readAt"] is None and row["recipientRole"] == "partner"
    assert row["language"] == "nl" and row["date"]
    # no internal numbers for a portal user
    assert row["reference"] is None and row["case"] is None and row["recipient"] is None
    assert rw.decision.reference not in listed.content.decode()
    assert marker not in listed.content.decode()  # the list shows no letter text
    assert [r["id"] for r in _items(api.get(API, {"status": "unread"}))] == [letter.pk]

    detail = api.get(f"{API}/{letter.pk}")
    assert detail.status_code == 200, detail.content[:500]
    body = detail.content.decode()
    assert marker in body and marker in detail.json()["letter"]["text"]
    assert rw.decision.reference not in body and not CODE.search(body), CODE.search(body)
    assert detail.json()["read"] is True and detail.json()["readAt"]
    # marked read exactly as the web page does, and audited
    stored = AddressedLetter.objects.get(pk=letter.pk)
    assert stored.read_at is not None and stored.read_by_id == rw.partner_user.pk
    records = AuditRecord.objects.filter(
        actor_id=rw.partner_user.pk, object_id=str(letter.pk), action="read"
    )
    assert records.filter(reason="brief gelezen door de geadresseerde").count() == 1
    assert _items(api.get(API, {"status": "unread"})) == []
    assert [r["id"] for r in _items(api.get(API, {"status": "read"}))] == [letter.pk]

    english = api.get(f"{API}/{letter.pk}", {"lang": "en"})
    assert english.status_code == 200 and english.json()["language"] == "en"

    pdf = api.get(f"{API}/{letter.pk}/pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert marker in _pdf_text(pdf) and rw.decision.reference not in _pdf_text(pdf)
    assert records.filter(changes__kind="pdf").exists()
    # a file type the client does not accept: 406 before anything is audited
    n = AuditRecord.objects.count()
    refused = api.get(f"{API}/{letter.pk}/pdf", HTTP_ACCEPT="text/csv")
    assert refused.status_code == 406 and AuditRecord.objects.count() == n


def test_the_case_team_sees_the_letters_of_its_case_without_marking_them_read(
    world: Any,
) -> None:
    rw, marker, _outsider = world
    letters = AddressedLetter.objects.filter(decision=rw.decision)
    api = t.api_client(rw.w.author)
    rows = _items(api.get(API, {"case": rw.case.pk}))
    assert {r["id"] for r in rows} == set(letters.values_list("pk", flat=True))
    assert all(r["reference"] == rw.decision.reference and r["case"] == rw.case.pk for r in rows)
    partner = letters.get(person=rw.partner)
    detail = api.get(f"{API}/{partner.pk}")
    assert detail.status_code == 200 and marker in detail.content.decode()
    assert detail.json()["recipient"] == rw.partner.pk
    assert AddressedLetter.objects.get(pk=partner.pk).read_at is None
    assert AuditRecord.objects.filter(
        actor_id=rw.w.author.pk, object_id=str(partner.pk), reason="brief ingezien"
    ).exists()
    pdf = api.get(f"{API}/{partner.pk}/pdf")
    assert pdf.status_code == 200 and marker in _pdf_text(pdf)


def test_everyone_else_gets_a_404_like_an_absent_letter(world: Any) -> None:
    rw, marker, outsider = world
    letters = list(AddressedLetter.objects.filter(decision=rw.decision))
    partner = next(x for x in letters if x.person_id == rw.partner.pk)
    # the protectee of the same case reads their own letter, never the partner's
    callers = {
        "relative of another case": outsider,
        "police liaison": rw.w.police_liaison,
        "analyst outside the team": t.user("analyst"),
        "employer of the same case": rw.employer_user,
        "protectee of the same case": rw.protectee_user,
    }
    absent = t.api_client(rw.partner_user).get(f"{API}/999999").json()
    for who, user in callers.items():
        api = t.api_client(user)
        for url in (f"{API}/{partner.pk}", f"{API}/{partner.pk}/pdf"):
            response = api.get(url)
            assert response.status_code == 404, (who, url, response.status_code)
            assert marker not in response.content.decode(errors="replace"), who
            assert response.json()["title"] == absent["title"], who
        listed = api.get(API, {"case": rw.case.pk})
        assert marker not in listed.content.decode(), who
        assert partner.pk not in {r["id"] for r in _items(listed)}, who
    assert AddressedLetter.objects.get(pk=partner.pk).read_at is None


def test_strict_query_parameters() -> None:
    api = t.api_client(t.user("analyst"))
    assert api.get(API, {"nonsense": "1"}).status_code == 400
    assert api.get(API, {"status": ""}).status_code == 400
    assert api.get(API, {"case": "9223372036854775808"}).status_code == 400
    assert api.get(f"{API}/1", {"lang": "de"}).status_code == 400
    assert api.get(f"{API}/1", {"page": "2"}).status_code == 400
    assert api.get(f"{API}/9223372036854775808").status_code == 404
