"""A new case the whole way to protection, in a real browser, as the people who do each step.

A police liaison refers a threatened person; an analyst finds the referral in the intake,
triages it and advises the authority to designate, and (now the owner) builds the case team on
the team page; a decision-maker of that team designates on the admission screen and a second
one approves it from the start page (four eyes). The partner's product and the threat picture
follow through the API (see the comment there); the analyst submits the finalised picture on
the case page; the first decision-maker takes the start decision on the decision screen, the
second approves it, the assignments appear and the letter's PDF says, in plain Dutch, that the
person gets protection. Every page on the way is checked with axe-core, and the database must
agree with what the pages showed.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from weerstand import testing as t
from weerstand.accounts.roles import Role
from weerstand.assessments.tests.builders import template
from weerstand.cases.models import Case, CaseEvent
from weerstand.decisions.models import Decision, DecisionStatus, SecurityAssignment
from weerstand.decisions.tests.builders import catalogue
from weerstand.information.legal_bases import ensure_default_legal_bases
from weerstand.policy.models import CompartmentMembership

from .axe import assert_accessible
from .conftest import open_menu_link

pytestmark = pytest.mark.browser

SignIn = Callable[..., None]
SignOut = Callable[[], None]

REFERENCE = re.compile(r"WS-\d{4}-\d{4}")
START_SENTENCE = "We hebben besloten dat u beveiliging krijgt."


def form_of(page: Page, button: str) -> Locator:
    """The form whose submit button carries this label (each step is its own form)."""
    return page.locator("form").filter(has=page.get_by_role("button", name=button, exact=True))


def expect_message(page: Page, text: str) -> None:
    """A confirmation in the page's status messages (announced by screen readers)."""
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def case_state(page: Page) -> Locator:
    details = page.get_by_role("region", name="Gegevens")
    return details.locator("dt:text-is('Status') + dd")


def people() -> dict[str, Any]:
    """Configuration only: organisations, accounts, catalogue, method template, legal bases."""
    nctv = t.org("nctv", code="nctv-heel", name="NCTV")
    police = t.org("police", code="politie-heel", name="Politie")
    t.org("municipality", code="gemeente-heel", name="Gemeente Havenstad")
    t.org("om", code="om-heel", name="Parket Havenstad")
    catalogue()
    template("organised_crime")
    ensure_default_legal_bases()

    def account(username: str, *roles: str, org: Any = nctv) -> Any:
        return t.user(*roles, organisation=org, username=username, totp=True)

    return {
        "police": police,
        "liaison": account("lotte-liaison", Role.POLICE_LIAISON, org=police),
        "analyst": account("anna-analist", Role.ANALYST),
        "challenger": account("chris-analist", Role.ANALYST),
        "senior": account("sem-senior", Role.SENIOR_ANALYST),
        "dm1": account("dirk-besluit", Role.DECISION_MAKER),
        "dm2": account("daan-besluit", Role.DECISION_MAKER),
        "lcc": account("lena-lcc", Role.LCC_COORDINATOR),
    }


# --- referral, triage, team -----------------------------------------------------------------


def refer(page: Page) -> str:
    open_menu_link(page, "Nieuwe aanmelding")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe aanmelding")
    page.get_by_label("Voornaam").fill("Sanne")
    page.get_by_label("Achternaam").fill("de Wit")
    page.get_by_label("Dreigingsfenomeen").select_option("organised_crime")
    page.get_by_label("Ernst van de dreiging").select_option("serious")
    page.get_by_label("Aanleiding").fill(
        "Advocaat in een liquidatieproces; bedreigd na een getuigenverhoor."
    )
    page.get_by_label("Werknaam").fill("Kraanvogel")
    page.get_by_role("button", name="Aanmelding versturen").click()
    confirmation = page.get_by_role("status").filter(has_text="is geregistreerd")
    expect(confirmation).to_be_visible()
    found = REFERENCE.search(confirmation.inner_text())
    assert found, confirmation.inner_text()
    return found.group(0)


def triage_and_advise(page: Page, reference: str) -> None:
    intake = page.get_by_role("region", name="Wat u vandaag moet doen")
    intake.get_by_role("link", name=reference).filter(has_text="Aanmelding beoordelen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)
    start = form_of(page, "Triage starten")
    start.get_by_role("textbox").fill("Nieuwe aanmelding van de politie.")
    start.get_by_role("button", name="Triage starten").click()
    expect_message(page, "Uitgevoerd: Triage starten")
    expect(case_state(page)).to_have_text("Triage")

    advice = form_of(page, "Advies aan het gezag")
    advice.get_by_label("Aanwijzen: naar het rijksdomein").check()
    advice.get_by_label("Reden").fill("Dreiging tegen het leven uit georganiseerde criminaliteit.")
    assert_accessible(page, "de casuspagina (triage: advies aan het gezag)")
    advice.get_by_role("button", name="Advies aan het gezag").click()
    expect_message(page, "Uitgevoerd: Advies aan het gezag")
    expect(case_state(page)).to_have_text("Aanwijzing door het gezag")
    # The next step is the authority's: the page says so, and offers no button for it.
    expect(page.get_by_role("region", name="Wacht op een besluit van het gezag")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Aangewezen"))).to_have_count(0)


def build_team(page: Page, w: dict[str, Any]) -> None:
    """The owner adds the team on the team page: by name for the decision-makers, by the
    option's value where one person is offered in several functions (an analyst)."""
    page.get_by_role("link", name="Casusteam beheren").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Casusteam")
    assert_accessible(page, "de teampagina van de eigenaar")
    add = form_of(page, "Toevoegen aan het team")
    choices = [
        ("dm1", {"label": f"{w['dm1'].display_name} (NCTV)"}),
        ("dm2", {"label": f"{w['dm2'].display_name} (NCTV)"}),
        ("challenger", {"value": f"challenger:{w['challenger'].pk}"}),
        ("senior", {"value": f"senior_analyst:{w['senior'].pk}"}),
        ("lcc", {"value": f"coordinator:{w['lcc'].pk}"}),
        ("liaison", {"value": f"liaison:{w['liaison'].pk}"}),
    ]
    for who, option in choices:
        add = form_of(page, "Toevoegen aan het team")
        add.get_by_label("Wie, en in welke functie").select_option(**option)
        add.get_by_label("Reden").fill("Nodig voor de aanwijzing en de analyse.")
        add.get_by_role("button", name="Toevoegen aan het team").click()
        members = page.get_by_role("region", name="Leden")
        expect(members.get_by_role("row").filter(has_text=w[who].display_name)).to_be_visible()
    members = page.get_by_role("region", name="Leden")
    expect(members.locator("tbody tr")).to_have_count(7)
    expect(members.get_by_role("row").filter(has_text=w["dm1"].display_name)).to_contain_text(
        "Besluitvormer"
    )
    assert_accessible(page, "de teampagina met het hele team")


# --- decisions ------------------------------------------------------------------------------


def open_case(page: Page, case: Case) -> None:
    page.goto(f"/casussen/{case.pk}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.reference)


def approve_from_start_page(page: Page, decision: Decision) -> None:
    panel = page.get_by_role("region", name="Wat u vandaag moet doen")
    panel.get_by_role("link", name=f"Besluit {decision.reference} accorderen").click()
    expect(page.locator("#besluit-status")).to_have_text("Wacht op accordering")
    assert_accessible(page, "een besluit dat wacht op accordering (tweede besluitvormer)")
    page.get_by_role("button", name="Accorderen", exact=True).click()
    expect_message(page, "geaccordeerd")
    expect(page.locator("#besluit-status")).to_have_text("Van kracht")


def designate(page: Page, case: Case) -> Decision:
    open_case(page, case)
    page.get_by_role("link", name="Besluit nemen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Besluit over de aanwijzing")
    # The analysts' advice is on the screen and proposes the designation.
    advice = page.get_by_role("region", name="Advies van de analisten")
    expect(advice).to_contain_text("Aanwijzen: naar het rijksdomein")
    expect(page.get_by_label("Aanwijzen als te beveiligen persoon")).to_be_checked()
    page.get_by_label("Motivering van het besluit").fill(
        "Dreiging tegen het leven uit een nationaal fenomeen; het advies wordt gevolgd."
    )
    assert_accessible(page, "het besluitscherm voor de aanwijzing")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect_message(page, "vastgelegd")
    expect(page.locator("#besluit-status")).to_have_text("Wacht op accordering")
    # Four eyes: the page offers the decider no approval of their own decision.
    expect(page.get_by_role("button", name="Accorderen", exact=True)).to_have_count(0)
    return Decision.objects.get(case=case, decision_type="designate")


def threat_picture_through_the_api(w: dict[str, Any], case: Case) -> None:
    """The partner's product and the threat picture, through the API.

    These steps have pages (the product form, the picture's pages), walked page by page in
    their own browser tests (`test_assessment_flow.py`); here they go through the API so the
    whole way stays within the browser suite's time budget.
    """
    api = {who: t.api_client(w[who]) for who in ("liaison", "analyst", "challenger", "senior")}
    product = api["liaison"].post(
        "/api/v1/threat-products",
        {
            "title": "Tapverslag over de advocaat",
            "legalBasis": "wpg-16",
            "reliability": "B",
            "credibility": 2,
            "phenomenon": "organised_crime",
            "summary": "Het netwerk bespreekt de advocaat en haar vaste route.",
            "cases": [case.reference],
        },
    )
    assert product.status_code == 201, product.content
    created = api["analyst"].post("/api/v1/assessments", {"case": case.pk})
    assert created.status_code == 201, created.content
    url = f"/api/v1/assessments/{created.json()['id']}"
    later = str(timezone.localdate() + timedelta(days=90))
    content = {
        "summary": "Concrete dreiging vanuit het netwerk na de verklaring.",
        "threatLevel": 4,
        "recommendedResistance": 2,
        "residualRisk": "Restrisico op de vaste route naar huis.",
        "products": [{"product": product.json()["id"], "note": "Kernproduct."}],
        "gaps": [{"description": "Onbekend of het netwerk het woonadres kent."}],
        "scenarios": [{"title": "Aanslag op de route", "likelihood": "likely", "impact": "fatal"}],
        "assumptions": [
            {
                "statement": "Het netwerk kent het woonadres niet.",
                "confidence": "moderate",
                "reviewBy": later,
            }
        ],
    }
    steps = [
        ("analyst", "patch", url, content),
        ("analyst", "post", f"{url}/submissions", None),
        (
            "challenger",
            "post",
            f"{url}/challenges",
            {
                "summary": "Alternatieven onvoldoende gewogen.",
                "hypotheses": ["Gerichte dreiging", "Bluf zonder intentie"],
                "evidence": ["Tapverslag"],
                "ratings": [["CC"], ["I"]],
                "disagreements": ["Niveau 2 is te laag gezien de wapens."],
            },
        ),
    ]
    for who, method, path, body in steps:
        extra = {"HTTP_IF_MATCH": created["ETag"]} if method == "patch" else {}
        response = getattr(api[who], method)(path, body, **extra)
        assert response.status_code in (200, 201), (path, response.content)
    points = response.json()["challenge"]["points"]
    answers = [
        {"point": p["id"], "position": "partly", "answer": "Wapens wegen mee."} for p in points
    ]
    for who, path, body in (
        ("analyst", f"{url}/answers", {"answers": answers}),
        ("analyst", f"{url}/senior-check-requests", None),  # threat level 4: a complex case
        ("senior", f"{url}/senior-checks", {"note": "Gecontroleerd en akkoord."}),
        ("analyst", f"{url}/finalisations", None),
    ):
        response = api[who].post(path, body)
        assert response.status_code == 201, (path, response.content)
    assert response.json()["status"] == "finalised"


def submit_for_decision(page: Page, case: Case) -> None:
    open_case(page, case)
    submit = form_of(page, "Voorleggen aan gezag")
    submit.get_by_role("textbox").fill("Dreigingsbeeld vastgesteld; graag een besluit.")
    submit.get_by_role("button", name="Voorleggen aan gezag").click()
    expect_message(page, "Uitgevoerd: Voorleggen aan gezag")
    expect(case_state(page)).to_have_text("Besluitvorming")


def start(page: Page, case: Case) -> Decision:
    open_case(page, case)
    page.get_by_role("link", name="Besluit nemen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Besluit nemen")
    expect(page.get_by_role("note")).to_contain_text("Resterend meningsverschil")
    # The standard package for organised crime at the recommended level 2 is proposed.
    expect(page.get_by_label("Bewaken woning", exact=True)).to_be_checked()
    page.get_by_label("Gemeente waar de maatregelen lopen").select_option(
        label="Gemeente Havenstad"
    )
    page.get_by_label("Voorkeur uitvoerende organisatie").select_option(label="Politie")
    page.get_by_label("Motivering van het besluit").fill(
        "Dreiging tegen het leven na de getuigenverklaring; het standaardpakket past."
    )
    page.get_by_label("Ik heb kennisgenomen van het resterende meningsverschil").check()
    page.get_by_label(re.compile("extra toets voor complexe casussen")).check()
    assert_accessible(page, "het besluitscherm voor de start")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect_message(page, "vastgelegd")
    expect(page.locator("#besluit-status")).to_have_text("Wacht op accordering")
    return Decision.objects.get(case=case, decision_type="start")


def letter_says(page: Page, decision: Decision, sentence: str) -> None:
    href = page.get_by_role("link", name="Besluitbrief (PDF)").get_attribute("href")
    assert href and re.search(rf"/{decision.pk}\b", href)
    response = page.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/pdf")
    body = response.body()
    assert body.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(body))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert sentence in text, text[:1000]


def test_a_new_case_the_whole_way_to_protection(
    page: Page, sign_in: SignIn, sign_out: SignOut
) -> None:
    w = people()

    sign_in(w["liaison"])
    reference = refer(page)
    sign_out()

    sign_in(w["analyst"])
    triage_and_advise(page, reference)
    case = Case.objects.get(reference=reference)
    assert (case.state, case.triage_advice) == ("designation", "national")
    build_team(page, w)
    team = CompartmentMembership.objects.filter(compartment=case.team)
    assert dict(team.values_list("user__username", "function")) == {
        "anna-analist": "owner",
        "chris-analist": "challenger",
        "sem-senior": "senior_analyst",
        "dirk-besluit": "decision_maker",
        "daan-besluit": "decision_maker",
        "lena-lcc": "coordinator",
        "lotte-liaison": "liaison",
    }
    sign_out()

    sign_in(w["dm1"])
    designation = designate(page, case)
    sign_out()
    sign_in(w["dm2"])
    approve_from_start_page(page, designation)
    sign_out()
    case.refresh_from_db()
    assert (case.state, case.domain) == ("assessment", "national")

    threat_picture_through_the_api(w, case)
    sign_in(w["analyst"])
    submit_for_decision(page, case)
    sign_out()

    sign_in(w["dm1"])
    decision = start(page, case)
    assert not SecurityAssignment.objects.filter(decision=decision).exists()
    sign_out()
    sign_in(w["dm2"])
    approve_from_start_page(page, decision)
    assignments = page.get_by_role("region", name="Beveiligingsopdrachten")
    expect(assignments.locator("tbody tr")).to_have_count(2)
    expect(assignments).to_contain_text("Bewaken woning")
    assert_accessible(page, "een startbesluit van kracht met opdrachten")
    letter_says(page, decision, START_SENTENCE)

    decision.refresh_from_db()
    assert decision.status == DecisionStatus.IN_FORCE
    assert (decision.decided_by, decision.approved_by) == (w["dm1"], w["dm2"])
    assert decision.disagreement_acknowledged and decision.complexity_acknowledged
    case.refresh_from_db()
    assert case.state == "protection_active"
    assert set(
        SecurityAssignment.objects.filter(decision=decision).values_list(
            "executing_organisation", flat=True
        )
    ) == {w["police"].pk}
    steps = list(
        CaseEvent.objects.filter(case=case)
        .exclude(to_state="")
        .order_by("at", "pk")
        .values_list("kind", "actor_id")
    )
    assert steps == [
        ("referral", w["liaison"].pk),
        ("start_triage", w["analyst"].pk),
        ("advise_authority", w["analyst"].pk),
        ("route_national", w["dm2"].pk),
        ("submit_for_decision", w["analyst"].pk),
        ("activate_protection", w["dm2"].pk),
    ]
