"""Portal pages: 'Uw brieven' on the start page with new letters marked, reading a letter marks
it read, no internal reference on the portal, the employer's measures and confirmation."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from weerstand import testing as t
from weerstand.rights import services
from weerstand.rights.models import AddressedLetter
from weerstand.rights.tests import relatives_builders as rb

NEW_BADGE = '<strong class="badge">Nieuw</strong>'

pytestmark = pytest.mark.django_db
CODE = re.compile(r"\b(BES|BS|BZ|CAS|BO)-[A-Z0-9-]*\d")


def _client(u: Any) -> Client:
    c = Client()
    t.login(c, u)
    return c


def test_uw_brieven_marks_new_letters_and_reading_marks_them_read() -> None:
    rw = rb.linked_case()
    d = rb.decide_start(rw)
    letter = AddressedLetter.objects.get(decision=d, person=rw.partner)
    c = _client(rw.partner_user)
    assert "Lees uw nieuwe brief: Beveiliging bij uw huis" in c.get("/").content.decode()
    home = c.get("/uw-beveiliging").content.decode()
    assert "Uw brieven" in home and NEW_BADGE in home and "Beveiliging bij uw huis" in home
    assert not CODE.search(home), CODE.search(home)
    page = c.get(f"/rechten/brieven/{letter.pk}")
    body = page.content.decode()
    assert page.status_code == 200 and rb.PARTNER_ASK in body
    assert d.reference not in body and "Bezwaar maken" in body
    assert AddressedLetter.objects.get(pk=letter.pk).read_at is not None
    assert NEW_BADGE not in c.get("/uw-beveiliging").content.decode()
    assert "Lees uw nieuwe brief" not in c.get("/").content.decode()
    index = c.get("/rechten/").content.decode()
    assert "Uw brieven" in index and "Beveiliging bij uw huis" in index
    assert "Er zijn nog geen besluiten" not in index and not CODE.search(index)
    pdf = c.get(f"/rechten/brieven/{letter.pk}/brief.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    # the objection form names the letter's date, not the decision reference
    form = c.get(f"/rechten/besluiten/{d.pk}/bezwaar").content.decode()
    assert d.reference not in form and "brief van" in form


def test_the_protectee_sees_their_own_letter_not_the_partners() -> None:
    rw = rb.linked_case()
    d = rb.decide_start(rw)
    own = AddressedLetter.objects.get(decision=d, person=rw.protectee)
    partner = AddressedLetter.objects.get(decision=d, person=rw.partner)
    c = _client(rw.protectee_user)
    for url in ("/", "/uw-beveiliging"):
        home = c.get(url).content.decode()
        assert "Besluit over uw beveiliging" in home and "Beveiliging bij uw huis" not in home
    page = c.get(f"/rechten/brieven/{own.pk}")
    assert page.status_code == 200 and "Besluit over uw beveiliging" in page.content.decode()
    assert not CODE.search(page.content.decode()), CODE.search(page.content.decode())
    assert c.get(f"/rechten/brieven/{partner.pk}").status_code == 404
    assert c.get(f"/rechten/brieven/{partner.pk}/brief.pdf").status_code == 404


def test_the_employer_sees_and_confirms_their_measures() -> None:
    rw = rb.linked_case()
    m = services.record_employer_measure(
        rw.w.author,
        rw.case.pk,
        services.EmployerMeasureData(
            contact=rw.employer.pk,
            title="Toegangscontrole bij de receptie",
            due_on=timezone.localdate() + timedelta(days=7),
        ),
    )
    c = _client(rw.employer_user)
    start = c.get("/").content.decode()
    assert "Toegangscontrole bij de receptie" in start and "Laat ons weten" in start
    home = c.get("/uw-beveiliging").content.decode()
    assert "Wat u als werkgever doet" in home and "Toegangscontrole" in home
    posted = c.post(f"/rechten/werkgever-maatregelen/{m.pk}", {"note": "Klaar", "version": 1})
    assert posted.status_code == 302
    m.refresh_from_db()
    assert m.status == "done"
    assert _client(rw.partner_user).get(f"/rechten/werkgever-maatregelen/{m.pk}").status_code == 404
    team = _client(rw.w.author)
    page = team.get(f"/rechten/casussen/{rw.case.pk}/werkgever-maatregelen")
    assert page.status_code == 200 and "Toegangscontrole" in page.content.decode()
    posted = team.post(
        f"/rechten/casussen/{rw.case.pk}/werkgever-maatregelen",
        {
            "contact": rw.employer.pk,
            "title": "Cameras bij de ingang",
            "description": "",
            "due_on": (timezone.localdate() + timedelta(days=5)).isoformat(),
        },
    )
    assert posted.status_code == 302, posted.content.decode()[:1500]


def test_what_the_decision_asks_of_the_employer_sends_their_letter_later() -> None:
    rw = rb.linked_case(employer_shares=["letters", "expectations"])
    d = rb.decide_start(rw, asks=False)
    assert not AddressedLetter.objects.filter(decision=d, person=rw.employer).exists()
    c = _client(rw.w.dm1)
    form = c.get(f"/rechten/besluiten/{d.pk}/brieftekst")
    assert form.status_code == 200 and "Wat vragen we van de werkgever?" in form.content.decode()
    from weerstand.rights.models import LetterText

    text = LetterText.objects.get(decision=d)
    posted = c.post(
        f"/rechten/besluiten/{d.pk}/brieftekst",
        {
            "shareable_reason": text.shareable_reason,
            "shareable_reason_en": "",
            "household_text": "",
            "household_text_en": "",
            "employer_text": "Zet een extra slot op de achterdeur van het kantoor.",
            "employer_text_en": "",
            "version": text.version,
        },
    )
    assert posted.status_code == 302, posted.content.decode()[:1500]
    letter = AddressedLetter.objects.get(decision=d, person=rw.employer)
    assert letter.kind == "employer" and letter.measure_codes == []
    body = _client(rw.employer_user).get(f"/rechten/brieven/{letter.pk}").content.decode()
    assert "extra slot op de achterdeur" in body
