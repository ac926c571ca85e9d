"""The decision letter: PDF and HTML, Dutch and English, plain language, nothing classified."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from weerstand import testing as t
from weerstand.audit.models import AuditAction
from weerstand.rights import letter as letters
from weerstand.rights import services
from weerstand.rights.tests import builders as b

pytestmark = pytest.mark.django_db

SECRET = "KROONJUWEEL-7731"  # planted in every classified field a letter could be built from


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def sentences(text: str) -> list[str]:
    """Sentences of running text: split on . ? ! : and on line ends (headings, list items)."""
    parts = re.split(r"(?<=[.?!:])\s+|\n+", text)
    return [p for p in (x.strip() for x in parts) if re.search(r"[A-Za-zÀ-ÿ]", p)]


def average_words(text: str) -> float:
    found = sentences(text)
    return sum(len(s.split()) for s in found) / len(found)


def long_words(text: str) -> float:
    """Share of words of more than 12 letters: B1 texts use few long words."""
    words = re.findall(r"[A-Za-zÀ-ÿ]+", text)
    return sum(len(w) > 12 for w in words) / len(words)


@pytest.fixture
def w() -> b.World:
    alarm = b.measure("woningbeveiliging", "Woningbeveiliging")
    escort = b.measure("persoonsbegeleiding", "Persoonsbegeleiding")
    world = b.world(reasoning=f"Gerubriceerde motivering {SECRET} uit het ambtsbericht.",
                    measures=(alarm, escort))  # fmt: skip
    from weerstand.assessments.models import Assessment

    Assessment.objects.filter(pk=world.decision.assessment_id).update(
        summary=f"Integraal oordeel {SECRET}", residual_risk=f"Restrisico {SECRET}"
    )
    b.framework(world.decider)
    services.save_letter_text(
        world.decider,
        world.decision.pk,
        shareable_reason=(
            "Er is een ernstige dreiging tegen u. U kunt zich daar zelf niet genoeg tegen "
            "beschermen. Daarom helpen wij u."
        ),
        shareable_reason_en=(
            "There is a serious threat against you. You cannot protect yourself enough. "
            "That is why we help you."
        ),
    )
    return world


def test_decision_maker_downloads_the_pdf_and_it_is_audited(w: b.World) -> None:
    client = Client()
    t.login(client, w.decider)
    url = reverse("rights:decision-letter", args=[w.decision.pk])
    resp = client.get(url)
    assert resp.status_code == 200
    assert resp["Content-Type"] == "application/pdf"
    assert resp.content.startswith(b"%PDF")
    text = pdf_text(resp.content)
    for heading in (
        "Wat hebben we besloten?",
        "Waarom?",
        "Wat verwachten we van u?",
        "Wat mag u van uw werkgever verwachten?",
        "Wat doet de overheid?",
        "Bent u het er niet mee eens?",
    ):
        assert heading in text
    assert "We hebben besloten dat u beveiliging krijgt." in text
    assert "Op momenten met meer risico zijn er beveiligers bij u." in text
    assert "Woningbeveiliging" in text and "alarmknop" in text
    assert "Er is een ernstige dreiging tegen u." in text
    assert "Vertel ons als u op reis gaat." in text
    deadline = services.objection_deadline(w.decision)
    assert f"{deadline.day} " in text and "zes weken" in text
    assert "Postbus 1, 2500 AA Den Haag" in text
    assert "onafhankelijke commissie" in text
    assert w.decision.reference in text
    rec = t.last_audit(
        action=AuditAction.EXPORT, object_type="decisions.decision", object_id=str(w.decision.pk)
    )
    assert rec.actor_id == w.decider.pk and "PDF, Nederlands" in rec.reason


def test_english_letter_is_translated(w: b.World) -> None:
    client = Client()
    t.login(client, w.protectee_user)
    resp = client.get(reverse("rights:decision-letter", args=[w.decision.pk]) + "?lang=en")
    assert resp.status_code == 200
    text = pdf_text(resp.content)
    for heading in (
        "What have we decided?",
        "Why?",
        "What do we expect from you?",
        "What may you expect from your employer?",
        "What does the government do?",
        "Do you disagree?",
    ):
        assert heading in text
    assert "There is a serious threat against you." in text
    assert "Tell us when you travel." in text
    assert "Home security: Your home gets better locks" in text
    assert "Woningbeveiliging" not in text
    assert "Wat hebben we besloten?" not in text and "Waarom?" not in text
    assert "six weeks" in text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_letter_is_plain_language_and_holds_nothing_classified(w: b.World, lang: str) -> None:
    """B1: short sentences (<= 15 words on average, none over 25) and few long words;
    and no word of the reasoning, the assessment or products."""
    letter = letters.build(w.decision, lang)
    text = letter.plain_text()
    assert average_words(text) <= 15, average_words(text)
    assert max(len(s.split()) for s in sentences(text)) <= 25
    assert long_words(text) < 0.08
    pdf = pdf_text(letters.render_pdf(letter))
    for body in (text, pdf):
        assert SECRET not in body
        assert "Gerubriceerde" not in body and "ambtsbericht" not in body
        assert "Integraal oordeel" not in body and "Restrisico" not in body


def test_readability_check_can_fail() -> None:
    long = "Dit is een zin die veel te lang is voor een brief aan een burger " * 2 + "."
    assert average_words(long) > 15
    assert long_words("Beveiligingsmaatregelen informatieproducten zijn lang.") > 0.08


def test_without_shareable_text_the_why_is_generic() -> None:
    w = b.world(reasoning=f"Reden {SECRET}")
    text = letters.build(w.decision, "nl").plain_text()
    assert "We hebben gekeken hoe groot de dreiging tegen u is." in text
    assert SECRET not in text
    assert "Niet alle informatie mogen we met u delen." in text
    # Without a framework in force the expectations are still there, in plain words.
    assert "Volg de afspraken die u met uw beveiligers maakt." in text


def test_stop_letter_lists_no_measures_or_level() -> None:
    m = b.measure("surveillance", "Surveillance")
    w = b.world(decision_type="stop", measures=(m,))
    text = letters.build(w.decision, "nl").plain_text()
    assert "Uw beveiliging stopt." in text
    assert "Surveillance" not in text and "kijken we opnieuw" not in text


def test_preview_page_shows_the_same_letter_with_a_pdf_link(w: b.World) -> None:
    client = Client()
    t.login(client, w.decider)
    resp = client.get(reverse("rights:decision-letter-preview", args=[w.decision.pk]))
    assert resp.status_code == 200
    body = resp.content.decode()
    assert "Besluitbrief (PDF)" in body and "Wat hebben we besloten?" in body
    assert reverse("rights:letter-text", args=[w.decision.pk]) in body
    assert SECRET not in body


def test_decision_maker_edits_the_shareable_text_with_versions(w: b.World) -> None:
    client = Client()
    t.login(client, w.decider)
    url = reverse("rights:letter-text", args=[w.decision.pk])
    assert client.get(url).status_code == 200
    resp = client.post(
        url, {"shareable_reason": "Te kort", "shareable_reason_en": "", "version": 1}
    )
    assert resp.status_code == 400
    new = "U krijgt hulp omdat de dreiging groot is. Wij blijven dat volgen."
    resp = client.post(url, {"shareable_reason": new, "shareable_reason_en": "", "version": 1})
    assert resp.status_code == 302
    stale = client.post(url, {"shareable_reason": new + " Oud.", "version": 1})
    assert stale.status_code == 412
    assert new in letters.build(w.decision, "nl").plain_text()
    # The analyst in the team may read the letter but not write its text.
    other = Client()
    t.login(other, w.analyst)
    assert other.get(reverse("rights:decision-letter", args=[w.decision.pk])).status_code == 200
    assert other.get(url).status_code == 404


# --- sections agree with the change the decision makes (issue 20) --------------------------


def _follow_up(w: b.World, decision_type: str, level: int, measures: tuple) -> object:
    """A decision that replaces the world's first one, with its own package."""
    later = b.decision(
        w.case, w.decider, w.analyst, decision_type=decision_type, level=level, measures=measures
    )
    type(later).objects.filter(pk=later.pk).update(supersedes=w.decision)
    later.refresh_from_db()
    return later


def _sections(letter: letters.Letter) -> dict[str, list[str]]:
    return {s.heading: s.paragraphs + s.bullets for s in letter.sections}


def test_a_downgrade_letter_announces_nothing_new() -> None:
    """The downgrade of the finding: from level 3 with guards and home security to level 2
    with home security only. No "Er komt extra toezicht", the guards stop, security stays."""
    guards = b.measure("bewaken-woning", "Bewaken woning")
    alarm = b.measure("woningbeveiliging", "Woningbeveiliging")
    w = b.world(level=3, measures=(guards, alarm))
    down = _follow_up(w, "scale_down", 2, (alarm,))
    letter = letters.build(down, "nl")
    text = letter.plain_text()
    assert "U krijgt minder beveiliging dan nu." in text
    assert "Er komt" not in text and "extra toezicht" not in text
    assert "Er blijft toezicht bij uw huis." in text
    got = _sections(letter)
    assert got["Wat stopt?"] == ["Bewaken woning: Er staan bewakers bij uw huis."]
    assert got["Wat blijft?"][0].startswith("Woningbeveiliging:")
    assert "Wat komt erbij?" not in got
    assert letters.contradictions(letter) == []


def test_an_upgrade_letter_names_what_is_added_and_what_stays() -> None:
    surveillance = b.measure("surveillance", "Surveillance")
    escort = b.measure("persoonsbegeleiding", "Persoonsbegeleiding")
    w = b.world(level=2, measures=(surveillance,))
    up = _follow_up(w, "adjust", 3, (surveillance, escort))
    letter = letters.build(up, "nl")
    got = _sections(letter)
    assert got["Wat komt erbij?"] == [
        "Persoonsbegeleiding: Een beveiliger gaat met u mee op momenten met meer risico."
    ]
    assert got["Wat blijft?"] == ["Surveillance: De politie rijdt vaker langs uw huis en uw werk."]
    assert "Wat stopt?" not in got and "minder beveiliging" not in letter.plain_text()
    assert letters.contradictions(letter) == []


def test_a_mixed_change_lists_added_removed_and_kept_apart() -> None:
    surveillance = b.measure("surveillance", "Surveillance")
    cameras = b.measure("cameratoezicht", "Cameratoezicht")
    guards = b.measure("bewaken-woning", "Bewaken woning")
    w = b.world(level=2, measures=(surveillance, guards))
    mixed = _follow_up(w, "adjust", 2, (surveillance, cameras))
    for lang in ("nl", "en"):
        letter = letters.build(mixed, lang)
        assert letters.contradictions(letter) == []
        assert letter.announced == ("cameratoezicht",)
        assert letter.stopping == ("bewaken-woning",)
    got = _sections(letters.build(mixed, "nl"))
    assert [line.split(":")[0] for line in got["Wat komt erbij?"]] == ["Cameratoezicht"]
    assert [line.split(":")[0] for line in got["Wat stopt?"]] == ["Bewaken woning"]
    assert [line.split(":")[0] for line in got["Wat blijft?"]] == ["Surveillance"]
    # Same level, nothing of the level is announced as new.
    assert "Er komt extra toezicht" not in letters.build(mixed, "nl").plain_text()


def test_a_scale_down_that_takes_nothing_away_does_not_say_less() -> None:
    surveillance = b.measure("surveillance", "Surveillance")
    w = b.world(level=2, measures=(surveillance,))
    same = _follow_up(w, "scale_down", 2, (surveillance,))
    letter = letters.build(same, "nl")
    assert "minder beveiliging" not in letter.plain_text()
    assert "We passen uw beveiliging aan." in letter.plain_text()
    assert letters.contradictions(letter) == []


def test_the_contradiction_check_can_fail() -> None:
    """The finding as it was written: a downgrade that announces extra supervision and lists
    a measure as new that the person already had."""
    guards = b.measure("bewaken-woning", "Bewaken woning")
    w = b.world(level=3, measures=(guards,))
    down = _follow_up(w, "scale_down", 2, (guards,))
    letter = letters.build(down, "nl")
    letter.sections[0].paragraphs.append(
        "Er komt extra toezicht bij uw huis. Uw huis wordt beter beveiligd."
    )
    letter.announced = ("bewaken-woning",)
    letter.stopping = ("surveillance",)
    found = " | ".join(letters.contradictions(letter))
    assert "aangekondigd" in found and "stopt volgens de brief" in found
    assert "kondigt meer beveiliging aan" in found
    letter.sections[0].paragraphs = ["U krijgt minder beveiliging dan nu."]
    letter.change = letters.PackageChange(("x",), (), ("bewaken-woning",), 2, 2, False)
    assert any("minder beveiliging" in f for f in letters.contradictions(letter))


def test_the_household_letter_of_a_follow_up_says_what_stays_not_what_comes() -> None:
    """A relative's letter after a downgrade: the cameras stay (not "Dit gaat u merken"),
    and an unknown measure that stays is not announced as coming."""
    from types import SimpleNamespace

    cameras = b.measure("cameratoezicht", "Cameratoezicht")
    other = b.measure("eigen-maatregel", "Eigen maatregel")
    guards = b.measure("bewaken-woning", "Bewaken woning")
    w = b.world(level=3, measures=(cameras, other, guards))
    down = _follow_up(w, "scale_down", 2, (cameras, other))
    addressed = SimpleNamespace(
        kind="household",
        decision=down,
        person=w.protectee,
        shares=["protection_status", "own_measures"],
        measure_codes=["cameratoezicht", "eigen-maatregel"],
        may_object=False,
    )
    letter = letters.build_addressed(addressed, "nl")
    got = _sections(letter)
    assert "Dit gaat u merken:" not in letter.plain_text()
    assert "Er komt" not in letter.plain_text()
    assert got["Wat blijft?"] == [
        "Er hangen camera's bij uw huis. Iemand kijkt mee.",
        "Er blijft een maatregel bij uw huis.",
    ]
