"""Every role does its main job in a few clicks, on a desk (1280 px) and a phone (390 px).

Per role one job, the one that role signs in for, done the way a person would: sign in, start
on the start page, and from there only clicks (`clicks.Clicks`; typing and choosing from a
list are free, ticking a box counts). Each job has a click budget, a named constant below: what
the job takes today, so a change that adds a step fails here and must be argued for. The
start page and the page where the job is done are checked with axe-core at both widths.

Each test builds the smallest world its job needs with the apps' own builders, as the other
browser flows do. The selectors of a job are in its own function, so a changed label is a
one-line fix.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from weerstand import testing as t

from .axe import assert_accessible
from .clicks import Clicks, open_link, open_nav, press

pytestmark = pytest.mark.browser

SignIn = Callable[..., None]
WIDTHS = (1280, 390)

# The budgets: clicks from the start page until the job is done (sign-in not counted; on a
# phone the menu button comes on top, see `Clicks.within`). What each job takes today; a job
# that starts in the main menu has one click to spare for opening its menu group.
ANALYST_DRAFT = 3  # the work item -> start a draft -> save
SENIOR_CHECK = 3  # case -> the version waiting for the check -> record the extra check
DECISION = 4  # case -> take the decision -> acknowledge the disagreement -> record it
LCC_PRIORITISATION = 4  # menu (+group) -> compute the plan -> confirm the prioritisation
POLICE_ACKNOWLEDGE = 3  # menu (+group) -> acknowledge the assignment
MAYOR_ADVICE = 4  # menu (+group) -> "niet akkoord" -> send the answer
PROTECTEE_LETTER = 1  # the new letter, straight from the start page
INSPECTOR_AUDIT = 4  # menu (+group) -> case -> who has seen this case
ADVISORY_FIGURES = 2  # menu (+group): the national figures


def enrolled(user: Any) -> Any:
    """A TOTP device for a builder's user, so it can sign in through the real pages."""
    from weerstand.accounts.services import demo_totp_key, enrol_totp

    enrol_totp(user, demo_totp_key(user.username))
    return user


def start(page: Page, sign_in: SignIn, user: Any, width: int, what: str) -> Clicks:
    """Sign in at this width; the start page must pass axe; the clicks start counting here."""
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(enrolled(user))
    assert_accessible(page, f"de startpagina van {what} ({width}px)")
    return Clicks(page)


def job_page(page: Page, what: str, width: int) -> None:
    assert_accessible(page, f"{what} ({width}px)")


def status(page: Page, text: str | re.Pattern[str]) -> None:
    expect(page.get_by_role("status").filter(has_text=text).first).to_be_visible()


def heading(page: Page, text: str | re.Pattern[str]) -> None:
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)


def open_case(page: Page, clicks: Clicks, case: Any) -> None:
    """A case that needs the user, from the start page's work (any link that names it)."""
    open_link(page, clicks, re.compile(re.escape(case.reference)))
    heading(page, case.reference)


def to_threat_picture(page: Page, clicks: Clicks) -> None:
    """From the case page to its threat pictures."""
    open_link(
        page, clicks, re.compile(r"^(Dreigingsbeeld|Naar het dreigingsbeeld|Dreigingsbeelden)")
    )


# --- analyst ------------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_analyst_drafts_the_threat_picture(page: Page, sign_in: SignIn, width: int) -> None:
    from weerstand.assessments.models import Assessment

    from .test_assessment_flow import setting

    author, _challenger, case, _product = setting()
    clicks = start(page, sign_in, author, width, "de analist")
    # The start page's work item leads straight to the case's threat pictures.
    item = "^Eerste dreigingsbeeld opstellen .* " + re.escape(case.reference)
    open_link(page, clicks, re.compile(item))
    heading(page, case.reference)
    press(page, clicks, "Dreigingsbeeld opstellen")
    heading(page, "bewerken")
    page.get_by_label("Integraal oordeel").fill("Gerichte dreiging vanuit het netwerk.")
    job_page(page, "het bewerkscherm van het dreigingsbeeld", width)
    press(page, clicks, "Opslaan")
    status(page, "opgeslagen")
    clicks.within(ANALYST_DRAFT, "analist: concept dreigingsbeeld")
    assert Assessment.objects.get(case=case).summary == "Gerichte dreiging vanuit het netwerk."


# --- senior analyst -----------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_senior_analyst_records_the_extra_check(page: Page, sign_in: SignIn, width: int) -> None:
    from weerstand.assessments import services
    from weerstand.assessments.models import Assessment
    from weerstand.assessments.tests import builders as ab

    w = ab.world()
    a = ab.answered(w)
    services.request_senior_check(w.author, a.pk)
    clicks = start(page, sign_in, w.senior, width, "de senior analist")
    open_case(page, clicks, w.case)
    open_link(page, clicks, re.compile(r"^Versie \d+$"))
    page.get_by_label("Bevindingen van de extra controle").fill(
        "Gecontroleerd: de weging is navolgbaar."
    )
    job_page(page, "het dreigingsbeeld voor de extra controle", width)
    press(page, clicks, "Extra controle vastleggen")
    status(page, re.compile("controle", re.I))
    clicks.within(SENIOR_CHECK, "senior analist: extra controle")
    assert Assessment.objects.get(pk=a.pk).senior_checked_by == w.senior


# --- decision-maker -----------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_decision_maker_takes_the_decision(page: Page, sign_in: SignIn, width: int) -> None:
    from weerstand.decisions.models import Decision

    from .test_decision_flow import _people

    w = _people()
    case = w["case"]
    clicks = start(page, sign_in, w["dm1"], width, "de besluitvormer")
    open_case(page, clicks, case)
    open_link(page, clicks, "Besluit nemen")
    heading(page, "Besluit nemen")
    page.get_by_label("Gemeente waar de maatregelen lopen").select_option(label="Gemeente Zeestad")
    page.get_by_label("Voorkeur uitvoerende organisatie").select_option(label="Politie")
    page.get_by_label("Motivering van het besluit").fill(
        "Dreiging tegen het leven na de getuigenverklaring; het standaardpakket past."
    )
    clicks.check(
        page.get_by_label("Ik heb kennisgenomen van het resterende meningsverschil"),
        "meningsverschil erkennen",
    )
    if w["complex"]:
        clicks.check(
            page.get_by_label(re.compile("extra toets voor complexe casussen")), "extra toets"
        )
    job_page(page, "het besluitscherm", width)
    press(page, clicks, "Besluit vastleggen")
    status(page, "vastgelegd")
    budget = DECISION + (1 if w["complex"] else 0)
    clicks.within(budget, "besluitvormer: besluit nemen")
    assert Decision.objects.get(case=case).decided_by == w["dm1"]


# --- LCC coordinator ----------------------------------------------------------------------


LCC_WIDTHS = (1280, 390)


@pytest.mark.parametrize("width", LCC_WIDTHS)
def test_lcc_plans_and_confirms_the_prioritisation(page: Page, sign_in: SignIn, width: int) -> None:
    from weerstand.capacity.models import PrioritisationConfirmation

    from .test_capacity_flow import _world

    w = _world()
    clicks = start(page, sign_in, w["lcc"], width, "het LCC")
    open_nav(page, clicks, "Capaciteit")
    heading(page, "Operationeel beeld capaciteit")
    form = page.locator("#form-plan")
    form.get_by_label("Eerste dag").fill(timezone.localdate().isoformat())
    form.get_by_label("Aantal dagen").fill("2")
    # The time limit is a specialist's setting behind "details": the coordinator keeps the
    # default, so the job needs no click on it.
    press(page, clicks, "Plan berekenen", within=form)
    status(page, "gemaakt in")
    confirm = page.locator("#form-confirm")
    confirm.get_by_label("Motivering van de prioritering").fill(
        "Reiger heeft de hoogste vereiste weerstand; Mus wordt twee dagen niet bemand."
    )
    press(page, clicks, "Prioritering bevestigen", within=confirm)
    status(page, "Prioritering bevestigd")
    clicks.within(LCC_PRIORITISATION, "LCC: prioritering bevestigen")
    assert PrioritisationConfirmation.objects.count() == 1
    job_page(page, "het operationeel beeld met een bevestigd plan", width)


# --- police liaison, mayor, inspector: a decision in force ---------------------------------


def in_force() -> tuple[Any, Any, Any]:
    """A start decision taken and approved (four eyes): assignments and local notices exist."""
    from weerstand.decisions import services as decisions
    from weerstand.decisions.tests import builders as db

    w = db.world()
    case, _assessment = db.decided_case(w)
    decision = decisions.create_decision(w.dm1, case.pk, db.start_data(w))
    decisions.approve_decision(w.dm2, decision.pk)
    return w, case, decision


@pytest.mark.parametrize("width", WIDTHS)
def test_police_acknowledges_an_assignment(page: Page, sign_in: SignIn, width: int) -> None:
    from weerstand.decisions.models import SecurityAssignment

    w, _case, decision = in_force()
    first = (
        SecurityAssignment.objects.filter(decision=decision, executing_organisation=w.police)
        .order_by("reference")
        .first()
    )
    assert first is not None
    clicks = start(page, sign_in, w.police_liaison, width, "de politie")
    open_nav(page, clicks, re.compile(r"^(Beveiligingsopdrachten|Opdrachten)$"))
    heading(page, "Beveiligingsopdrachten")
    job_page(page, "de opdrachten van de politie", width)
    press(page, clicks, f"Bevestigen {first.reference}")
    status(page, f"Opdracht {first.reference} bevestigd")
    clicks.within(POLICE_ACKNOWLEDGE, "politie: opdracht bevestigen")
    assert SecurityAssignment.objects.get(pk=first.pk).status == "active"


@pytest.mark.parametrize("width", WIDTHS)
def test_mayor_answers_a_measure_in_the_municipality(
    page: Page, sign_in: SignIn, width: int
) -> None:
    from weerstand.decisions.models import (
        LocalNotification,
        NotificationKind,
        NotificationResponse,
    )

    w, _case, _decision = in_force()
    notice = LocalNotification.objects.filter(
        kind=NotificationKind.NEW, measure_name="Cameratoezicht"
    ).first()
    assert notice is not None
    clicks = start(page, sign_in, w.mayor, width, "de burgemeester")
    open_nav(page, clicks, re.compile(r"^(Berichten lokaal gezag|Berichten|Maatregelen)"))
    heading(page, re.compile("Berichten"))
    form = page.locator(f"#form-reactie-{notice.pk}")
    clicks.check(form.get_by_label("Niet akkoord"), "niet akkoord")
    form.get_by_label("Reden of vraag").fill("Eerst een besluit van de raad over cameratoezicht.")
    job_page(page, "de berichten aan het lokaal gezag", width)
    press(page, clicks, re.compile(r"^Reactie versturen"), within=form)
    status(page, "verstuurd")
    clicks.within(MAYOR_ADVICE, "burgemeester: reactie op een maatregel")
    assert LocalNotification.objects.get(pk=notice.pk).response == NotificationResponse.DECLINED


@pytest.mark.parametrize("width", WIDTHS)
def test_inspector_reads_who_saw_a_case(page: Page, sign_in: SignIn, width: int) -> None:
    w, case, _decision = in_force()
    inspector = t.user("inspector", username="inspecteur")
    clicks = start(page, sign_in, inspector, width, "de inspecteur")
    open_nav(page, clicks, "Casusoverzicht")
    open_case(page, clicks, case)
    open_link(page, clicks, re.compile(r"^(Wie heeft deze casus ingezien|Audittrail)"))
    heading(page, re.compile("ingezien|[Aa]udit"))
    expect(page.get_by_role("main")).to_contain_text(w.dm1.display_name)
    job_page(page, "wie de casus heeft ingezien", width)
    clicks.within(INSPECTOR_AUDIT, "inspecteur: audittrail van een casus")


# --- protectee and advisory body: reading ---------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_protectee_reads_the_latest_letter(page: Page, sign_in: SignIn, width: int) -> None:
    from weerstand.portal.tests import builders as pb
    from weerstand.rights.models import AddressedLetter

    pw = pb.world()
    letter = AddressedLetter.objects.get(decision=pw.decision, person=pw.protectee.person_id)
    clicks = start(page, sign_in, pw.protectee, width, "de beschermde persoon")
    # The new letter is the first thing waiting on the short start page.
    open_link(page, clicks, re.compile("^Lees uw nieuwe brief: Besluit over uw beveiliging"))
    expect(page).to_have_url(re.compile(rf"/rechten/brieven/{letter.pk}$"))
    expect(page.locator("article.letter")).to_contain_text("Beveiligd vervoer")
    job_page(page, "een brief in het portaal", width)
    clicks.within(PROTECTEE_LETTER, "beschermde persoon: de nieuwste brief lezen")
    assert AddressedLetter.objects.get(pk=letter.pk).read_at is not None


@pytest.mark.parametrize("width", WIDTHS)
def test_advisory_body_reads_the_national_figures(page: Page, sign_in: SignIn, width: int) -> None:
    adviser = t.user("advisory_body", username="adviesorgaan")
    clicks = start(page, sign_in, adviser, width, "het adviesorgaan")
    open_nav(page, clicks, re.compile(r"^(Adviescijfers|Landelijke cijfers)$"))
    heading(page, re.compile("cijfers", re.I))
    expect(page.get_by_role("table").first).to_be_visible()
    job_page(page, "de landelijke cijfers", width)
    clicks.within(ADVISORY_FIGURES, "adviesorgaan: landelijke cijfers")


# --- the helper itself, on the menus to come ------------------------------------------------

GROUPED_MENU = """<!doctype html><html lang="nl"><body>
<button type="button" id="menu" aria-expanded="false">Menu</button>
<nav aria-label="Hoofdmenu" id="nav" hidden><ul>
  <li><a href="#start">Start</a></li>
  <li><details><summary>Casussen</summary><ul>
    <li><a href="#casussen">Alle casussen</a></li><li><a href="#nieuw">Nieuwe aanmelding</a></li>
  </ul></details></li>
  <li><button type="button" aria-expanded="false" id="g2">Toegang</button>
    <ul id="g2-items" hidden><li><a href="#noodtoegang">Noodtoegang</a></li></ul></li>
</ul></nav><main><p>Inhoud</p></main></body></html>"""
WIRE_BUTTONS = """() => {
  const toggle = (button, target) => button.addEventListener('click', () => {
    button.setAttribute('aria-expanded', 'true'); target.hidden = false; });
  toggle(document.getElementById('menu'), document.getElementById('nav'));
  toggle(document.getElementById('g2'), document.getElementById('g2-items'));
}"""


def test_open_nav_opens_the_folded_menu_and_the_group_first(page: Page) -> None:
    """A phone's menu button, a <details> group and an aria-expanded group: each opening is
    a counted click, a visible link is one click."""
    page.set_content(GROUPED_MENU)
    page.evaluate(WIRE_BUTTONS)
    clicks = Clicks(page)
    open_nav(page, clicks, "Nieuwe aanmelding")
    assert clicks.log == ["menu openen", "groep 'Casussen' openen", "menu: Nieuwe aanmelding"]
    assert page.url.endswith("#nieuw")
    open_nav(page, clicks, "Noodtoegang")
    assert clicks.log[3:] == ["groep 'Toegang' openen", "menu: Noodtoegang"]
    open_nav(page, clicks, "Start")
    assert clicks.count == 6 and clicks.menu_button == 1
    clicks.within(5, "menuhulp")
