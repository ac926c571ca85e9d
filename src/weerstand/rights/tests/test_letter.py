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
    assert rec.actor_id == w.decider.pk and "pdf, nl" in rec.reason


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
