"""The assessment editor keeps everything typed: one form, where every button saves all
fields together with its own change, and the page comes back as typed when something is
wrong. Also: the checklist of what submitting still needs, and the unsaved-changes warning."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from weerstand import testing as t
from weerstand.accounts.models import User
from weerstand.assessments import services
from weerstand.assessments.tests import builders as b

pytestmark = pytest.mark.django_db

JUDGEMENT = "Gerichte dreiging vanuit het netwerk, nog niet opgeslagen."


def _client(user: User) -> Client:
    c = Client()
    t.login(c, user)
    return c


def _scenario(a_version: int, **extra: str) -> dict[str, object]:
    return {
        "version": a_version,
        "classification": 1,
        "summary": JUDGEMENT,
        "scenarios-version": a_version,
        "scenarios-title": "Aanslag bij de woning",
        "scenarios-likelihood": "likely",
        "scenarios-impact": "fatal",
        "action": "add:scenarios",
        **extra,
    }


def test_typed_judgement_survives_adding_a_scenario() -> None:
    w = b.world()
    a = services.start_version(w.author, w.case.pk)
    c = _client(w.author)
    r = c.post(reverse("assessments:edit", args=[a.pk]), _scenario(a.version))
    assert r.status_code == 302 and r["Location"].endswith("#scenarios")
    a.refresh_from_db()
    assert a.summary == JUDGEMENT  # saved with the scenario, in one version step
    assert [s.title for s in a.scenarios.all()] == ["Aanslag bij de woning"]
    page = c.get(reverse("assessments:edit", args=[a.pk])).content.decode()
    assert JUDGEMENT in page


def test_an_incomplete_scenario_keeps_everything_typed_and_says_what_is_missing() -> None:
    w = b.world()
    a = services.start_version(w.author, w.case.pk)
    c = _client(w.author)
    data = _scenario(a.version, **{"scenarios-title": "", "assumptions-statement": "Aanname X"})
    r = c.post(reverse("assessments:edit", args=[a.pk]), data)
    assert r.status_code == 400
    html = r.content.decode()
    assert JUDGEMENT in html and "Aanname X" in html  # nothing typed is lost
    assert "Vul het scenario in, in één zin" in html and "Dit veld is vereist" not in html
    main = html[html.index("<main") :]
    assert main.index("error-summary") < main.index("<form")  # the summary comes first
    assert re.search(r'class="error-summary"[^>]*autofocus', html)
    assert re.search(r"<title>\s*Fout: ", html)
    assert 'data-warn-unsaved="dirty"' in html  # not saved: warn before leaving
    a.refresh_from_db()
    assert a.summary == "" and not a.scenarios.exists()


def test_saving_keeps_text_typed_into_a_part_not_yet_added() -> None:
    w = b.world()
    a = services.start_version(w.author, w.case.pk)
    c = _client(w.author)
    data = {
        "version": a.version,
        "classification": 1,
        "summary": JUDGEMENT,
        "gaps-version": a.version,
        "gaps-description": "Onbekend wie de opdrachtgever is.",
        "action": "save",
    }
    r = c.post(reverse("assessments:edit", args=[a.pk]), data)
    assert r.status_code == 200
    html = r.content.decode()
    assert "Onbekend wie de opdrachtgever is." in html and "error-summary" not in html
    a.refresh_from_db()
    assert a.summary == JUDGEMENT


def test_remove_button_saves_the_typed_text_too() -> None:
    w = b.world()
    a = services.start_version(w.author, w.case.pk)
    c = _client(w.author)
    c.post(reverse("assessments:edit", args=[a.pk]), _scenario(a.version))
    a.refresh_from_db()
    data = {
        "version": a.version,
        "classification": 1,
        "summary": "Anders",
        "action": "remove:scenarios:0",
    }
    r = c.post(reverse("assessments:edit", args=[a.pk]), data)
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.summary == "Anders" and not a.scenarios.exists()


def test_stale_version_refuses_all_and_keeps_the_input() -> None:
    w = b.world()
    a = services.start_version(w.author, w.case.pk)
    c = _client(w.author)
    stale = a.version
    services.update_assessment(w.author, a.pk, {"summary": "Iemand anders"}, expected_version=stale)
    r = c.post(reverse("assessments:edit", args=[a.pk]), _scenario(stale))
    assert r.status_code == 412
    assert JUDGEMENT in r.content.decode()
    a.refresh_from_db()
    assert a.summary == "Iemand anders" and not a.scenarios.exists()


def test_checklist_at_the_top_links_to_what_is_still_needed() -> None:
    w = b.world()
    a = services.start_version(w.author, w.case.pk)
    html = _client(w.author).get(reverse("assessments:edit", args=[a.pk])).content.decode()
    checklist = html[html.index('id="nog-nodig"') : html.index('id="bewerken"')]
    assert "Nog nodig vóór indienen voor tegenspraak" in checklist
    assert 'href="#scenarios"' in checklist and 'href="#assumptions"' in checklist
    assert reverse("assessments:detail", args=[a.pk]) + "#product-citeren" in checklist


def test_warning_script_is_served_and_referenced() -> None:
    w = b.world()
    a = services.start_version(w.author, w.case.pk)
    html = _client(w.author).get(reverse("assessments:edit", args=[a.pk])).content.decode()
    assert re.search(r'<script src="[^"]*warn-unsaved\.js" defer></script>', html)
    assert "data-warn-unsaved" in html and 'data-warn-unsaved="dirty"' not in html
    path = finders.find("weerstand/warn-unsaved.js")
    assert path
    with open(path, encoding="utf-8") as script:
        assert "beforeunload" in script.read()
