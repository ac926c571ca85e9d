"""The integrated threat picture in a real browser, as the analysts who write it.

An analyst of the case team drafts the picture from the partner's products (cites them with
their grading, weighs the phenomenon's factors, writes a scenario, a key assumption and the
remaining gap) and submits it; a second analyst of the team records the challenge with an ACH
matrix; the author answers and finalises. The PDF report is produced and its text contains the
scenario and the assumption. Every page on the way is checked with axe-core.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from weerstand import testing as t
from weerstand.assessments.models import Assessment
from weerstand.assessments.tests.builders import template
from weerstand.cases.models import Case

from .axe import assert_accessible

pytestmark = pytest.mark.browser

SignIn = Callable[..., None]
SignOut = Callable[[], None]

SCENARIO = "Liquidatiepoging na de uitspraak"
ASSUMPTION = "De uitvoerders kennen het nieuwe woonadres niet."


def form_of(page: Page, button: str) -> Locator:
    return page.locator("form").filter(has=page.get_by_role("button", name=button, exact=True))


def expect_message(page: Page, text: str) -> None:
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def setting() -> tuple[Any, Any, Case, Any]:
    """A case in assessment with two analysts in its team and a police product about it."""
    from weerstand.information import services as information
    from weerstand.information.legal_bases import ensure_default_legal_bases

    ensure_default_legal_bases()
    template("organised_crime")
    author = t.user("analyst", username="analist-a", totp=True)
    challenger = t.user("analyst", username="analist-b", totp=True)
    police = t.user("police_liaison", organisation=t.org("police", code="politie-rotterdam"))
    case = t.case(
        author, owner=author, team=(challenger, police), state="assessment", codename="Grutto"
    )
    product = information.create_product(
        police,
        information.ProductData(
            title="Tapverslag: opdracht tot liquidatie",
            legal_basis="wpg-16",
            reliability="B",
            credibility=2,
            summary="Gesprek over het inhuren van uitvoerders.",
            cases=[case],
        ),
    )
    return author, challenger, case, product


def draft(page: Page, case: Case, product: Any) -> None:
    page.goto(f"/dreigingsbeelden/casus/{case.pk}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.reference)
    assert_accessible(page, "de dreigingsbeelden van de casus")
    page.get_by_role("button", name="Dreigingsbeeld opstellen").click()
    expect_message(page, "als concept")
    expect(page.get_by_role("heading", level=1)).to_contain_text("bewerken")
    assert_accessible(page, "het bewerkscherm")

    fields = form_of(page, "Opslaan")
    fields.get_by_label("Integraal oordeel").fill("Gerichte dreiging vanuit het netwerk.")
    fields.get_by_label("Dreigingsniveau").select_option("3")
    fields.get_by_role("textbox", name=re.compile(r"^Restrisico")).fill(
        "Restrisico op de route tussen woning en werk."
    )
    fields.get_by_label("Aanbevolen benodigde weerstand").select_option("2")
    fields.get_by_role("button", name="Opslaan", exact=True).click()
    expect_message(page, "opgeslagen")

    cite = form_of(page, "Product citeren")
    cite.get_by_label("Product").select_option(str(product.pk))
    cite.get_by_label("Gebruik in het oordeel").fill("Kern van het oordeel.")
    cite.get_by_role("button", name="Product citeren").click()
    expect_message(page, "Toegevoegd")
    expect(page.get_by_role("region", name="Geciteerde informatie")).to_contain_text("[B2]")

    factors = form_of(page, "Weging opslaan")
    factors.get_by_label(re.compile(r"^Motief")).select_option("present")
    factors.get_by_role("button", name="Weging opslaan").click()
    expect_message(page, "weging")

    scenario = form_of(page, "Scenario toevoegen")
    scenario.get_by_label(re.compile(r"^Scenario( |$)")).fill(SCENARIO)
    scenario.get_by_label("Wie").fill("Ingehuurde uitvoerders")
    scenario.get_by_label("Waarschijnlijkheid").select_option("likely")
    scenario.get_by_label(re.compile(r"^Impact")).select_option("fatal")
    scenario.get_by_label(re.compile(r"^Triggermoment 1( \(niet verplicht\))?$")).fill(
        "Uitspraak in de strafzaak"
    )
    scenario.get_by_label("Datum triggermoment 1").fill("2031-03-01")
    scenario.get_by_role("button", name="Scenario toevoegen").click()
    expect_message(page, "Toegevoegd")

    assumption = form_of(page, "Aanname toevoegen")
    assumption.get_by_label(re.compile(r"^Aanname")).fill(ASSUMPTION)
    assumption.get_by_label("Zekerheid").select_option("moderate")
    assumption.get_by_label("Toetsen vóór").fill("2031-01-31")
    assumption.get_by_role("button", name="Aanname toevoegen").click()
    expect_message(page, "Toegevoegd")

    gap = form_of(page, "Leemte toevoegen")
    gap.get_by_label("Of: beschrijf de leemte").fill("Onbekend wie de opdrachtgever is.")
    gap.get_by_role("button", name="Leemte toevoegen").click()
    expect_message(page, "Toegevoegd")
    assert_accessible(page, "het bewerkscherm met inhoud")

    page.get_by_role("link", name=re.compile("Naar het dreigingsbeeld")).click()
    page.get_by_role("button", name="Indienen voor tegenspraak").click()
    expect_message(page, "In tegenspraak")
    assert_accessible(page, "het dreigingsbeeld in tegenspraak")


def challenge(page: Page, a: Assessment) -> None:
    page.goto(f"/dreigingsbeelden/{a.pk}")
    page.get_by_role("link", name="Tegenspraak vastleggen").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tegenspraak")
    assert_accessible(page, "het tegenspraakformulier")
    page.get_by_label("Samenvatting van de tegenspraak").fill("Alternatief te licht gewogen.")
    page.get_by_label(re.compile(r"^Hypothese 1( \(niet verplicht\))?$")).fill(
        "Gerichte liquidatieopdracht"
    )
    page.get_by_label(re.compile(r"^Hypothese 2( \(niet verplicht\))?$")).fill(
        "Grootspraak zonder uitvoering"
    )
    page.get_by_label(re.compile(r"^Bewijsstuk 1( \(niet verplicht\))?$")).fill("Tapverslag")
    page.get_by_label("Bewijsstuk 1 tegen hypothese 1").select_option("CC")
    page.get_by_label("Bewijsstuk 1 tegen hypothese 2").select_option("I")
    page.get_by_label("Punten van onenigheid (één per regel)").fill("Niveau 3 is te laag.")
    page.get_by_role("button", name="Tegenspraak vastleggen").click()
    expect_message(page, "tegenspraak is vastgelegd")
    expect(page.get_by_role("table", name=re.compile("concurrerende hypothesen"))).to_be_visible()
    assert_accessible(page, "het dreigingsbeeld met tegenspraak")


def answer_and_finalise(page: Page, a: Assessment) -> None:
    page.goto(f"/dreigingsbeelden/{a.pk}")
    page.get_by_role("link", name="Tegenspraak beantwoorden").first.click()
    assert_accessible(page, "het antwoordformulier")
    page.get_by_label("Deels eens").check()
    page.get_by_label("Uw antwoord").fill("Niveau blijft 3: geen verkenning waargenomen.")
    page.get_by_role("button", name="Antwoord vastleggen").click()
    expect_message(page, "antwoord op de tegenspraak")
    expect(
        page.get_by_role("region", name=re.compile("Resterend meningsverschil"))
    ).to_contain_text("Niveau 3 is te laag.")
    page.get_by_role("button", name="Vaststellen").click()
    expect_message(page, "Vastgesteld")
    assert_accessible(page, "het vastgestelde dreigingsbeeld")


def test_draft_challenge_answer_finalise_and_report(
    page: Page, sign_in: SignIn, sign_out: SignOut
) -> None:
    author, challenger, case, product = setting()

    sign_in(author)
    draft(page, case, product)
    a = Assessment.objects.get(case=case)
    assert a.status == "challenge" and a.product_citations.get().grading == "B2"
    sign_out()

    sign_in(challenger)
    challenge(page, a)
    sign_out()

    # The author signs in a second time within one 30-second TOTP step: forget the used step,
    # as a new step would (the replay protection itself is tested in the accounts app).
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=author).update(last_t=-1)
    sign_in(author)
    answer_and_finalise(page, a)
    a.refresh_from_db()
    assert a.status == "finalised" and a.finalised_by == author
    assert "Niveau 3 is te laag." in a.unresolved_disagreement
    case.refresh_from_db()
    assert case.next_recalibration == a.next_recalibration

    response = page.request.get(f"/dreigingsbeelden/{a.pk}/rapport.pdf")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert SCENARIO in text and ASSUMPTION in text
    assert "Niveau 3 is te laag." in text and "Admiralty" in text

    page.goto(f"/dreigingsbeelden/casus/{case.pk}")
    expect(page.get_by_role("table", name="Tijdlijn als tabel")).to_contain_text("niveau 3")
    assert_accessible(page, "de tijdlijn")
    page.goto("/dreigingsbeelden/overzicht")
    expect(page.get_by_role("table")).to_contain_text(case.reference)
    assert_accessible(page, "het overzicht")


def test_editor_keeps_typed_text_and_warns_before_leaving_unsaved_changes(
    page: Page, sign_in: SignIn
) -> None:
    """Text typed into "Integraal oordeel" survives "Scenario toevoegen" (one form); leaving
    the page with a dirty field asks first (beforeunload), submitting does not."""
    author, _challenger, case, _product = setting()
    sign_in(author)
    page.goto(f"/dreigingsbeelden/casus/{case.pk}")
    page.get_by_role("button", name="Dreigingsbeeld opstellen").click()
    expect(
        page.get_by_role("heading", name="Nog nodig vóór indienen voor tegenspraak")
    ).to_be_visible()

    page.get_by_label("Integraal oordeel").fill("Getypt, nog niet opgeslagen.")
    page.get_by_label(re.compile(r"^Scenario( |$)")).fill(SCENARIO)
    page.get_by_role("button", name="Scenario toevoegen").click()
    expect_message(page, "Toegevoegd")
    expect(page.get_by_label("Integraal oordeel")).to_have_value("Getypt, nog niet opgeslagen.")
    expect(page.get_by_role("region", name="Scenario's")).to_contain_text(SCENARIO)

    # An empty required field: the summary comes first, gets focus, the title says so.
    page.get_by_label("Integraal oordeel").fill("Ook dit blijft staan.")
    page.get_by_role("button", name="Aanname toevoegen").click()
    summary = page.get_by_role("alert").filter(has_text="Er is een probleem")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile("^Fout: "))
    expect(summary).to_contain_text("Vul de aanname in waarop het oordeel rust")
    expect(page.get_by_label("Integraal oordeel")).to_have_value("Ook dit blijft staan.")
    assert_accessible(page, "het bewerkscherm met een fout")

    dialogs: list[str] = []

    def stay(dialog: Any) -> None:
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.get_by_role("textbox", name=re.compile(r"^Restrisico")).click()
    page.get_by_role("textbox", name=re.compile(r"^Restrisico")).press_sequentially(
        "Nog niet opgeslagen"
    )
    page.get_by_role("link", name=re.compile("Naar het dreigingsbeeld")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("bewerken")  # stayed
    assert dialogs == ["beforeunload"]

    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect_message(page, "opgeslagen")
    page.get_by_role("link", name=re.compile("Naar het dreigingsbeeld")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Geïntegreerd dreigingsbeeld")
    assert dialogs == ["beforeunload"]  # saved: no warning
    a = Assessment.objects.get(case=case)
    assert a.residual_risk == "Nog niet opgeslagen" and a.summary == "Ook dit blijft staan."
