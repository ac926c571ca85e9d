"""A case from referral through triage to the advice to the authority, in a real browser.

A referrer (police liaison, OM officer) signs in with password and TOTP and refers a
threatened person through the form; an NCTV analyst signs in, finds the referral in the intake
on the start page, starts triage, sees the recommendation and the rule that gave it, and
confirms the route with a reason. Every page on the way is checked with axe-core, and the
database must agree with what the pages showed: state, timeline events and audit records.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from weerstand import testing as t
from weerstand.audit.models import AuditAction, AuditRecord
from weerstand.audit.verify import verify_chain
from weerstand.cases import triage
from weerstand.cases.models import Case, CaseEvent, CasePerson, Domain

from .axe import assert_accessible
from .conftest import open_menu_link

pytestmark = pytest.mark.browser

SignIn = Callable[..., None]
SignOut = Callable[[], None]

REFERENCE = re.compile(r"WS-\d{4}-\d{4}")


def step_form(page: Page, button: str) -> Locator:
    """The form whose submit button carries this label (each step is its own form)."""
    return page.locator("form").filter(has=page.get_by_role("button", name=button, exact=True))


def expect_message(page: Page, text: str) -> None:
    """A confirmation in the page's status messages (announced by screen readers)."""
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def reason_box(form: Locator) -> Locator:
    """Each step asks one free-text reason (its label differs per step)."""
    return form.get_by_role("textbox")


def field(dl: Locator, term: str) -> Locator:
    """The <dd> that belongs to a <dt> in the case's field list."""
    return dl.locator(f"dt:text-is('{term}') + dd")


def refer(
    page: Page,
    *,
    first: str,
    last: str,
    phenomenon: str,
    severity: str,
    summary: str,
    codename: str,
) -> str:
    """Fill in and send the referral form; return the case reference the page confirms."""
    open_menu_link(page, "Nieuwe aanmelding")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe aanmelding")
    assert_accessible(page, "het aanmeldformulier")
    page.get_by_label("Voornaam").fill(first)
    page.get_by_label("Achternaam").fill(last)
    page.get_by_label("Dreigingsfenomeen").select_option(phenomenon)
    page.get_by_label("Ernst van de dreiging").select_option(severity)
    page.get_by_label("Aanleiding").fill(summary)
    page.get_by_label("Werknaam").fill(codename)
    page.get_by_role("button", name="Aanmelding versturen").click()
    confirmation = page.get_by_role("status").filter(has_text="is geregistreerd")
    expect(confirmation).to_be_visible()
    found = REFERENCE.search(confirmation.inner_text())
    assert found, f"no case reference in the confirmation: {confirmation.inner_text()!r}"
    return found.group(0)


def open_from_intake(page: Page, reference: str) -> None:
    """The analyst's start page lists the referral as work; open it from there."""
    intake = page.get_by_role("region", name="Wat u vandaag moet doen")
    expect(intake).to_be_visible()
    intake.get_by_role("link", name=reference).filter(has_text="Aanmelding beoordelen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)


def start_triage(page: Page, reason: str) -> None:
    form = step_form(page, "Triage starten")
    reason_box(form).fill(reason)
    form.get_by_role("button", name="Triage starten").click()
    expect_message(page, "Uitgevoerd: Triage starten")


def assert_recommendation(page: Page, rule_code: str, domain_label: str) -> None:
    """The triage panel shows where the rule points and the rule in words (not its code)."""
    rule = triage.rule_by_code(rule_code)
    assert rule is not None
    panel = page.get_by_role("region", name="Triage: advies aan het gezag")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text(f"De triageregel wijst naar: {domain_label}")
    expect(panel).not_to_contain_text(rule_code)
    expect(panel).to_contain_text(rule.text)


def timeline(page: Page) -> Locator:
    return page.get_by_role("region", name="Tijdlijn").get_by_role("listitem")


def assert_audit(case: Case, *, referrer: Any, analyst: Any) -> None:
    """The referral, the reads and both steps are in the audit trail, with the right actors."""
    records = AuditRecord.objects.filter(case_id=case.pk)
    created = records.filter(action=AuditAction.CREATE)
    assert [r.actor_id for r in created] == [referrer.pk]
    transitions = records.filter(action=AuditAction.TRANSITION).order_by("seq")
    assert [(r.actor_id, r.changes["state"]) for r in transitions] == [
        (analyst.pk, ["referral", "triage"]),
        (analyst.pk, ["triage", "designation"]),
    ]
    assert transitions.last().reason == case.triage_reason
    assert records.filter(action=AuditAction.READ, actor_id=analyst.pk).exists()
    for user in (referrer, analyst):
        assert AuditRecord.objects.filter(
            action=AuditAction.LOGIN, actor_id=user.pk, result="ok"
        ).exists(), f"no sign-in audited for {user.username}"
    # Written by the live server's request threads: the hash chain must still be whole.
    report = verify_chain()
    assert report.ok, report.summary()


def test_referral_to_national_assessment(page: Page, sign_in: SignIn, sign_out: SignOut) -> None:
    police = t.org("police", code="politie-rotterdam", name="Politie Rotterdam")
    referrer = t.user("police_liaison", organisation=police, totp=True)
    analyst = t.user("analyst", totp=True)

    # The referrer: password, TOTP, start page, referral form.
    sign_in(referrer, check_a11y=True)
    assert_accessible(page, "de startpagina van de verwijzer")
    reference = refer(
        page,
        first="Sanne",
        last="de Wit",
        phenomenon="organised_crime",
        severity="serious",
        summary="Advocaat in een liquidatieproces; bedreigd na een getuigenverhoor.",
        codename="Kraanvogel",
    )
    case = Case.objects.get(reference=reference)
    assert case.state == "referral"
    assert case.referring_organisation == police
    assert (case.protectee.first_name, case.protectee.last_name) == ("Sanne", "de Wit")
    assert CasePerson.objects.filter(case=case, person=case.protectee, role="protectee").exists()
    # A police liaison is not on the case team: the referral must not open for them.
    expect(page).not_to_have_url(re.compile(r"/casussen/\d+"))
    sign_out()

    # The analyst: intake on the start page, triage, recommendation, national route.
    sign_in(analyst)
    assert_accessible(page, "de startpagina van de analist")
    open_from_intake(page, reference)
    assert_accessible(page, "de casuspagina (aanmelding)")
    start_triage(page, "Nieuwe aanmelding, triage gestart.")
    details = page.get_by_role("region", name="Gegevens")
    expect(field(details, "Status")).to_have_text("Triage")
    assert_recommendation(page, "NATIONAL_SCOPE", "Rijksdomein")
    assert_accessible(page, "de casuspagina (triage)")

    advise = step_form(page, "Advies aan het gezag")
    # Designating is the authority's decision: the analyst only advises.
    expect(page.get_by_role("button", name="Aangewezen: naar het rijksdomein")).to_have_count(0)
    advise.get_by_label("Aanwijzen: naar het rijksdomein").check()
    reason = "Dreiging tegen het leven (georganiseerde criminaliteit); eigen weerstand onvoldoende."
    reason_box(advise).fill(reason)
    advise.get_by_role("button", name="Advies aan het gezag").click()
    expect_message(page, "Uitgevoerd: Advies aan het gezag")
    expect(field(details, "Status")).to_have_text("Aanwijzing door het gezag")
    expect(field(details, "Advies van de analisten aan het gezag")).to_contain_text(reason)
    expect(page.get_by_role("region", name="Wacht op een besluit van het gezag")).to_be_visible()
    items = timeline(page)
    expect(items).to_have_count(3)
    expect(items.nth(0)).to_contain_text("Aanmelding")
    expect(items.nth(1)).to_contain_text("Triage starten")
    expect(items.nth(2)).to_contain_text("Advies aan het gezag")
    expect(items.nth(2)).to_contain_text(reason)
    expect(items.nth(2)).to_contain_text(analyst.display_name)
    assert_accessible(page, "de casuspagina (wacht op aanwijzing)")

    # The case list shows the new state.
    open_menu_link(page, "Casusoverzicht")
    expect(page.get_by_role("heading", level=1)).to_have_text("Casussen")
    row = page.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text("Aanwijzing door het gezag")
    assert_accessible(page, "de casuslijst")

    # The database agrees with the pages.
    case.refresh_from_db()
    assert case.state == "designation"
    assert case.triage_advice == "national" and case.domain == ""
    assert (case.triage_rule, case.triage_recommendation) == ("NATIONAL_SCOPE", Domain.NATIONAL)
    assert case.triage_overridden is False
    assert case.triage_reason == reason
    events = list(CaseEvent.objects.filter(case=case).values_list("kind", "from_state", "to_state"))
    assert events == [
        ("referral", "", "referral"),
        ("start_triage", "referral", "triage"),
        ("advise_authority", "triage", "designation"),
    ]
    assert CaseEvent.objects.get(case=case, kind="advise_authority").actor_id == analyst.pk
    # The analyst who advised owns the case now.
    assert case.team.memberships.filter(user=analyst, function="owner").exists()
    assert_audit(case, referrer=referrer, analyst=analyst)


def test_referral_to_local_domain(page: Page, sign_in: SignIn, sign_out: SignOut) -> None:
    om = t.org("om", code="parket-midden-nederland", name="Parket Midden-Nederland")
    municipality = t.org("municipality", code="gemeente-utrecht", name="Gemeente Utrecht")
    referrer = t.user("om_officer", organisation=om, totp=True)
    analyst = t.user("analyst", totp=True)
    inspector = t.user("inspector", totp=True)

    sign_in(referrer)
    reference = refer(
        page,
        first="Noor",
        last="Bakker",
        phenomenon="stalking",
        severity="serious",
        summary="Ex-partner volgt haar al maanden en heeft gedreigd haar iets aan te doen.",
        codename="Merel",
    )
    sign_out()

    sign_in(analyst)
    open_from_intake(page, reference)
    start_triage(page, "Triage gestart op een aanmelding van het OM.")
    assert_recommendation(page, "LOCAL_PHENOMENON", "Lokaal domein")
    assert_accessible(page, "de casuspagina (triage, lokaal advies)")

    advise = step_form(page, "Advies aan het gezag")
    advise.get_by_label("Niet aanwijzen: naar het lokale domein").check()
    # Without a named local authority the advice is refused, and the input stays.
    reason = "Stalking door een ex-partner: lokaal domein, burgemeester van Utrecht."
    reason_box(advise).fill(reason)
    advise.get_by_role("button", name="Advies aan het gezag").click()
    advise = step_form(page, "Advies aan het gezag")
    # The refusal is in the error summary at the top of the page (it gets focus).
    expect(page.locator(".error-summary").first).to_contain_text("burgemeester")
    expect(advise.get_by_label("Lokaal gezag")).to_have_attribute("aria-invalid", "true")
    expect(reason_box(advise)).to_have_value(reason)
    assert Case.objects.get(reference=reference).state == "triage"
    assert_accessible(page, "de casuspagina (geweigerd advies)")

    advise.get_by_label("Niet aanwijzen: naar het lokale domein").check()
    advise.get_by_label("Lokaal gezag").select_option(label=municipality.name)
    advise.get_by_role("button", name="Advies aan het gezag").click()
    expect_message(page, "Uitgevoerd: Advies aan het gezag")
    # The advising analyst owns the case; the authority decides on the hand-over.
    details = page.get_by_role("region", name="Gegevens")
    expect(field(details, "Status")).to_have_text("Aanwijzing door het gezag")
    page.goto("/")
    intake = page.get_by_role("region", name="Wat u vandaag moet doen")
    expect(intake.get_by_role("link", name=reference)).to_have_count(0)
    sign_out()

    # The inspector (oversight, reads everything) sees the advice on the case page.
    sign_in(inspector)
    page.goto(f"/casussen/{Case.objects.get(reference=reference).pk}")
    details = page.get_by_role("region", name="Gegevens")
    expect(field(details, "Status")).to_have_text("Aanwijzing door het gezag")
    expect(field(details, "Lokaal gezag")).to_have_text(municipality.name)
    expect(field(details, "Advies van de analisten aan het gezag")).to_contain_text(reason)
    items = timeline(page)
    expect(items).to_have_count(3)
    expect(items.nth(1)).to_contain_text("Triage starten")
    expect(items.nth(2)).to_contain_text("Advies aan het gezag")
    expect(items.nth(2)).to_contain_text(reason)
    assert_accessible(page, "de casuspagina (advies lokaal domein, inspecteur)")

    case = Case.objects.get(reference=reference)
    assert case.state == "designation"
    assert case.triage_advice == "local" and case.domain == ""
    assert case.local_authority == municipality
    assert case.triage_overridden is False
    assert [e.kind for e in CaseEvent.objects.filter(case=case)] == [
        "referral",
        "start_triage",
        "advise_authority",
    ]
    assert_audit(case, referrer=referrer, analyst=analyst)
