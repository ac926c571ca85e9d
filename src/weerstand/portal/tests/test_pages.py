"""Every page a portal user can reach, for each of the three portal roles, on a brand-new case:
no internal code, no English UI word, no officials' word or tool, no table that scrolls
sideways on a phone. And the report form makes the person choose, in B1 words."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from weerstand import testing as t
from weerstand.portal.tests import builders as pb
from weerstand.portal.tests.crawl import crawl, problems_in
from weerstand.signals.models import Signal

pytestmark = pytest.mark.django_db

# The rights app (letters, objections; owned and being reworked elsewhere) still shows the
# decision's reference and a table on its portal pages: checked apart, as a known defect.
RIGHTS = "/rechten/"


def _client(user: Any) -> Client:
    c = Client()
    t.login(c, user)
    return c


def _report(c: Client, what: str) -> None:
    when = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    resp = c.post(
        reverse("signals:portal"),
        {"kind": "observation", "what": what, "happened_at": when, "certainty": "seen_myself"},
    )
    assert resp.status_code == 302, resp.content.decode()[:2000]


def _check(visits: list, *, rights: bool) -> list[str]:
    bad = []
    for v in visits:
        if v.url.startswith(RIGHTS) != rights:
            continue
        problems = v.problems
        if "lang=en" in v.url:  # an English version the person asked for on purpose
            problems = [p for p in problems if not p.startswith("English")]
        bad += [f"{v.url}: {p}" for p in problems]
    return bad


@pytest.fixture
def reported_world() -> pb.PortalWorld:
    pw = pb.world()
    for u in (pw.protectee, pw.relative, pw.employer):
        _report(_client(u), f"Een auto stond lang voor de deur ({u.role_codes})")
    return pw


def test_every_portal_page_of_each_role_speaks_plain_dutch(reported_world: pb.PortalWorld) -> None:
    pw = reported_world
    for user in (pw.protectee, pw.relative, pw.employer):
        visits = crawl(_client(user))
        urls = {v.url for v in visits}
        # The crawl reaches the start page, the report form, their reports and one report.
        assert {"/", reverse("signals:portal"), reverse("signals:mine")} <= urls
        assert any(u.startswith("/signalen/") and u.rstrip("/").split("/")[-1].isdigit()
                   for u in urls), urls  # fmt: skip
        assert _check(visits, rights=False) == [], user.role_codes
        # Acknowledging the framework, then the start page again: still plain words.
        from weerstand.rights.selectors import framework_in_force

        fw = framework_in_force()
        assert fw is not None
        c = _client(user)
        done = c.post(reverse("rights:framework-acknowledge", args=[fw.pk]), follow=True)
        assert done.status_code == 200 and "vastgelegd dat u dit hebt gelezen" in done.text
        assert problems_in(done.text)[0] == []
        assert problems_in(c.get("/").text)[0] == []
        # Nothing of the officials: no API tokens page either.
        assert _client(user).get(reverse("accounts:api-tokens")).status_code == 404


def test_rights_pages_in_the_portal_show_no_codes(reported_world: pb.PortalWorld) -> None:
    assert _check(crawl(_client(reported_world.protectee)), rights=True) == []


def test_letters_and_objections_name_no_codes_for_any_portal_role() -> None:
    """All three roles, with letters sent and objections lodged and decided: the rights pages
    (also the English letter) name a decision and an objection by date and subject, never by
    reference, and list them without a table; the officials keep the references."""
    from weerstand.policy.models import Alert
    from weerstand.rights import letter as letters
    from weerstand.rights import services as rights
    from weerstand.rights.models import Objection
    from weerstand.rights.tests import relatives_builders as rb

    rw = rb.linked_case()
    decision = rb.decide_start(rw)
    users = (rw.protectee_user, rw.partner_user, rw.employer_user)
    lodged = []
    for user in users:
        c = _client(user)
        url = reverse("rights:objection-create", args=[decision.pk])
        if c.get(url).status_code != 200:
            continue
        form = c.get(url).text
        assert problems_in(form)[0] == [] and decision.reference not in form
        assert "Tegen het besluit uit de brief van" in form and "start van beveiliging" in form
        done = c.post(url, {"grounds": "Ik ben het er niet mee eens, het is te weinig."},
                      follow=True)  # fmt: skip
        assert done.status_code == 200 and "Uw bezwaar is ontvangen." in done.text
        assert problems_in(done.text)[0] == [], done.text
        lodged.append(user)
    assert rw.protectee_user in lodged and rw.partner_user in lodged
    officer = t.user("appeal_officer", organisation=t.org("appeal_body", code="bz-portaal"))
    first = Objection.objects.filter(lodged_by=rw.protectee_user).get()
    rights.decide_objection(officer, first.pk, outcome="unfounded", reasoning="x" * 40)
    alert = Alert.objects.get(recipient=rw.protectee_user, message__contains="beslist op uw")
    assert first.reference not in alert.message and "bezwaar van" in alert.message
    for user in users:
        visits = crawl(_client(user))
        urls = {v.url for v in visits}
        assert _check(visits, rights=True) == [], user.role_codes
        assert reverse("rights:index") in urls
        if user in lodged:
            assert any(u.startswith("/rechten/bezwaren/") for u in urls), urls
    page = _client(rw.protectee_user).get(reverse("rights:index")).text
    assert "Besluit van " in page and ": start van beveiliging" in page
    english = _client(rw.protectee_user).get(
        reverse("rights:decision-letter-preview", args=[decision.pk]) + "?lang=en"
    )
    assert english.status_code == 200 and decision.reference not in english.text
    pdf = _client(rw.protectee_user).get(reverse("rights:decision-letter", args=[decision.pk]))
    assert decision.reference not in pdf["Content-Disposition"]
    for lang in ("nl", "en"):
        text = letters.build(decision, lang, portal=True).plain_text()
        assert decision.reference not in text and "Kenmerk" not in text
    # The officials keep the references.
    officer_page = _client(officer).get(reverse("rights:objection-detail", args=[first.pk])).text
    assert first.reference in officer_page and decision.reference in officer_page


def test_sign_in_page_speaks_plain_dutch() -> None:
    problems, _links = problems_in(Client().get(reverse("accounts:login")).content.decode())
    assert problems == []


def test_start_page_shows_where_they_stand_and_their_reports(
    reported_world: pb.PortalWorld,
) -> None:
    pw = reported_world
    start = _client(pw.protectee).get("/").content.decode()
    assert "Wat op u wacht" in start and "Uw beveiliging in het kort" in start
    assert "Waarneming" not in start and "SIG-" not in start and "API-tokens" not in start
    page = _client(pw.protectee).get("/uw-beveiliging").content.decode()
    assert "Uw beveiliging nu" in page and "U reist in een beveiligde auto" in page
    assert "Wat u aan ons meldde" in page and "Ik zag of hoorde iets vreemds" in page
    assert "Ontvangen" in page
    assert "Waarneming" not in page and "SIG-" not in page and "API-tokens" not in page
    assert "Burgers (te beveiligen" not in page
    # The analyst links the protectee's report to the case: now it is being looked at.
    from weerstand.signals import services

    signal = Signal.objects.get(reported_by=pw.protectee)
    services.triage_signal(
        pw.analyst, signal.pk, decision="link", case_id=pw.case.pk, note="Past bij dreiging"
    )
    page = _client(pw.protectee).get("/uw-beveiliging").content.decode()
    assert "Wordt bekeken" in page
    # The relative sees the home measures, the employer the workplace, neither the other's.
    rel = _client(pw.relative).get("/uw-beveiliging").content.decode()
    assert "Cameratoezicht" in rel and "Beveiligd vervoer" not in rel
    emp = _client(pw.employer).get("/uw-beveiliging").content.decode()
    assert "beveiligde auto naar het werk" in emp and "Cameratoezicht" not in emp
    assert "Vertel niemand waar of wanneer uw medewerker werkt." in emp
    assert pb.MARK_EXPECTATION not in emp and pb.MARK_EXPECTATION not in rel


def test_start_page_is_short_and_the_full_panels_are_one_click_away(
    reported_world: pb.PortalWorld,
) -> None:
    """The start page says what waits and the protection in a few lines; the measures, the
    expectations and the reports in full are on the overview, not repeated on the start."""
    pw = reported_world
    c = _client(pw.protectee)
    start = c.get("/").content.decode()
    assert "U heeft beveiliging sinds" in start
    assert reverse("portal:overview") in start
    for full in ("Dit gaat u merken", "Wat wij van u vragen", "Wat u aan ons meldde"):
        assert full not in start, full
    overview = c.get(reverse("portal:overview")).content.decode()
    for full in ("Dit gaat u merken", "Wat wij van u vragen", "Wat u aan ons meldde"):
        assert full in overview, full


def test_report_form_preselects_nothing_and_asks_to_choose_in_b1() -> None:
    pw = pb.world()
    c = _client(pw.protectee)
    form = c.get(reverse("signals:portal")).content.decode()
    assert "checked" not in form
    resp = c.post(reverse("signals:portal"), {"what": "", "happened_at": ""})
    assert resp.status_code == 400
    body = resp.content.decode()
    assert "Kies wat er aan de hand is." in body and "Kies hoe zeker u bent." in body
    assert "Schrijf op wat u zag of hoorde." in body
    assert "checked" not in body
    assert problems_in(body)[0] == []
    assert not Signal.objects.exists()


def test_a_report_is_confirmed_without_a_reference_and_shown_in_their_words() -> None:
    pw = pb.world()
    c = _client(pw.protectee)
    _report(c, "Iemand maakte foto's van mijn huis")
    signal = Signal.objects.get()
    page = c.get(reverse("signals:mine")).content.decode()
    assert "We hebben uw melding ontvangen" in page
    assert signal.reference not in page and "Waarneming" not in page and "<table" not in page
    detail = c.get(reverse("signals:detail", args=[signal.pk])).content.decode()
    assert "Iemand maakte foto" in detail and "Ontvangen" in detail
    assert signal.reference not in detail and "Waarneming" not in detail


def test_officials_keep_their_pages() -> None:
    analyst = t.user("analyst")
    c = _client(analyst)
    page = c.get("/").content.decode()
    assert "API-tokens" in page and "portal" not in page.split("<body", 1)[1][:40]
    assert c.get(reverse("accounts:api-tokens")).status_code == 200
    # The portal's overview is not theirs: it sends them to their own start page.
    assert c.get(reverse("portal:overview"))["Location"] == reverse("core:home")
