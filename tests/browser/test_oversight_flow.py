"""The oversight pages in a real browser: the quality monitor, learning, the advisory body,
retention and access requests, and the inspector's export, each with a brand-new object.

1. The quality officer opens the monitor, chooses another period with the form, drills down
   into a figure and finds the new case behind it.
2. The quality officer fills in a section of a new incident review and assigns an action to a
   case-team member; a save from a stale second tab is refused with a clear message and the
   text typed there stays; the team member marks the action done.
3. The advisory body records an advice with a theme, the quality officer responds, the
   advisory body reads the response and downloads the national figures as CSV (no count
   from 1 to 9 in it).
4. The privacy officer adds a retention rule and a legal hold, opens a destruction report, and
   handles a new access request to the end with one item withheld under an exception.
5. The inspector downloads the signed inspection export from the case page: a ZIP with the
   four files.

Every page: axe-core without serious or critical WCAG 2.1 AA violations at 1280 and 390 px,
no sideways scrolling, no internal code (a snake_case value) in the main text.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from weerstand import testing as t

from .axe import assert_accessible
from .conftest import open_menu_link

pytestmark = pytest.mark.browser

SignIn = Callable[..., None]
SignOut = Callable[[], None]

WIDTHS = (1280, 390)
# A code value (snake_case) or a setting name (UPPER_CASE) shown as text.
INTERNAL = re.compile(r"\b(?:[a-z]+(?:_[a-z]+)+|[A-Z]+(?:_[A-Z]+)+)\b")
# The innermost elements that stick out to the right (named in a failed scroll check).
WIDE = """() => {
  const w = document.documentElement.clientWidth;
  const out = e => e.getBoundingClientRect().right > w;
  const tables = [...document.querySelectorAll('main table')]
    .filter(e => out(e) && !e.closest('.table-scroll'))
    .map(e => 'table ' + (e.caption ? e.caption.textContent.trim()
      : '(no caption) ' + e.textContent.trim().slice(0, 60)));
  const rest = [...document.querySelectorAll('main *')]
    .filter(e => out(e) && !e.closest('table, .table-scroll') && ![...e.children].some(out))
    .map(e => e.tagName.toLowerCase() + ' ' + e.textContent.trim().slice(0, 40));
  return [...tables, ...rest].slice(0, 12);
}"""


def check(page: Page, what: str, *, codes: bool = True) -> None:
    """axe and no sideways scroll at both widths; no internal code in the main text (unless
    `codes` is False: the case page names its triage rule by code, on purpose)."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page, f"{what} ({width}px)")
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{what} scrolls {overflow}px sideways at {width}px: " + ", ".join(
            page.evaluate(WIDE)
        )
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    if not codes:
        return
    text = page.get_by_role("main").inner_text()
    assert not INTERNAL.search(text), f"internal code on {what}: {INTERNAL.search(text)}"


def heading(page: Page, text: str | re.Pattern[str]) -> None:
    """Wait for the new page's heading (a click returns before the next page has loaded)."""
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


# --- 1. the quality monitor -------------------------------------------------------------


def test_quality_officer_changes_the_period_and_drills_down_to_a_new_case(
    page: Page, sign_in: SignIn
) -> None:
    from weerstand.oversight.tests import builders as ob

    officer = t.user("quality_officer", username="kwaliteit", totp=True)
    analyst = t.user("analyst", username="analist")
    case = t.case(
        analyst,
        team=(analyst,),
        owner=analyst,
        state="protection_active",
        codename="Werknaam Vuurtoren",
    )
    w = ob.World(analyst, None, case, case)
    now = timezone.now()
    ob.signal(w, case, now - timedelta(hours=2), now - timedelta(hours=3))

    sign_in(officer)
    open_menu_link(page, "Kwaliteitsmonitor")
    heading(page, "Kwaliteitsmonitor")
    check(page, "de kwaliteitsmonitor")

    form = page.get_by_role("form", name="Periode kiezen")
    form.get_by_label("Periode").select_option("month")
    form.get_by_role("button", name="Toon").click()
    expect(page).to_have_url(re.compile(r"period=month"))
    heading(page, "Kwaliteitsmonitor")
    check(page, "de kwaliteitsmonitor per maand")

    signals = page.get_by_role("region", name="Signalen tijdig beoordeeld")
    links = signals.get_by_role("link", name=re.compile("^casussen "))
    expect(links.last).to_be_visible()
    links.last.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(":")
    table = page.get_by_role("table", name="Casussen achter dit cijfer die u mag inzien")
    expect(table).to_contain_text("Werknaam Vuurtoren")
    check(page, "de casussen achter een cijfer")
    table.get_by_role("link", name=case.reference).click()
    expect(page.get_by_role("main")).to_contain_text("Werknaam Vuurtoren")


# --- 2. learning: an incident review ----------------------------------------------------


def test_quality_officer_reviews_an_incident_and_a_stale_tab_keeps_its_text(
    page: Page, context: BrowserContext, sign_in: SignIn, sign_out: SignOut
) -> None:
    from weerstand.experience.tests import builders as eb
    from weerstand.signals import services as signals
    from weerstand.signals.services import SignalData

    officer = t.user("quality_officer", username="kwaliteit", totp=True)
    member = t.user("analyst", username="teamlid", totp=True)
    case = t.case(member, team=(member,), owner=member, state="protection_active")
    signals.record_signal(
        member,
        SignalData(
            what="Een auto reed in op de beveiligde woning.",
            happened_at=timezone.now() - timedelta(hours=1),
            kind="incident",
            case_id=case.pk,
        ),
    )
    world = eb.started()  # and an evaluation: a stop decision put in force
    eb.stop(world)

    sign_in(officer)
    page.goto("/leren/")
    heading(page, "Evalueren en leren")
    check(page, "het overzicht evalueren en leren")

    page.get_by_role("table", name="Evaluaties").get_by_role("link").first.click()
    heading(page, re.compile(r"^Evaluatie \d+$"))
    expect(page.get_by_role("main")).to_contain_text("Beëindigen")
    check(page, "een evaluatie")

    page.goto("/leren/")
    heading(page, "Evalueren en leren")
    reviews = page.get_by_role("table", name="Nabesprekingen na een incident")
    expect(reviews).to_contain_text(case.reference)
    reviews.get_by_role("row").filter(has_text=case.reference).get_by_role("link").click()
    heading(page, re.compile(r"^Nabespreking incident \d+$"))
    check(page, "een nabespreking")
    review_url = page.url

    # A second tab opens the same version before the first one saves.
    stale = context.new_page()
    stale.goto(review_url)
    heading(stale, re.compile(r"^Nabespreking incident \d+$"))

    page.get_by_label("Wat is er gebeurd").fill("De auto reed om 22.10 uur tegen het hek.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Opgeslagen.")
    expect(page.get_by_label("Wat is er gebeurd")).to_have_value(
        "De auto reed om 22.10 uur tegen het hek."
    )
    check(page, "een nabespreking na opslaan")

    stale_text = "Vooraf was een dreigende brief bekend."
    stale.get_by_label("Wat was vooraf bekend").fill(stale_text)
    stale.get_by_role("button", name="Opslaan").click()
    expect(stale.get_by_role("main")).to_contain_text("Iemand anders heeft dit intussen gewijzigd")
    expect(stale.get_by_label("Wat was vooraf bekend")).to_have_value(stale_text)
    check(stale, "een nabespreking na een verouderde opslag")
    stale.close()

    form = page.locator("form[action$='/acties']")
    form.get_by_label("Actie").fill("Hek verstevigen bij de oprit")
    form.get_by_label("Toegewezen aan").select_option(label=member.display_name)
    form.get_by_label("Uiterlijk op").fill((timezone.localdate() + timedelta(days=14)).isoformat())
    form.get_by_role("button", name="Actie toewijzen").click()
    expect(page.get_by_role("status")).to_contain_text("De actie is toegewezen.")
    actions = page.get_by_role("table", name="Acties")
    expect(actions).to_contain_text("Hek verstevigen bij de oprit")
    check(page, "een nabespreking met een actie")

    # The case-team member finds the action and marks it done.
    sign_out()
    sign_in(member)
    page.goto("/leren/")
    heading(page, "Evalueren en leren")
    open_actions = page.get_by_role("table", name="Open acties")
    open_actions.get_by_role("link", name="Hek verstevigen bij de oprit").click()
    heading(page, re.compile(r"^Nabespreking incident \d+$"))
    expect(page.get_by_label("Wat is er gebeurd")).to_have_value(
        "De auto reed om 22.10 uur tegen het hek."
    )
    check(page, "een nabespreking voor het teamlid")
    row = (
        page.get_by_role("table", name="Acties")
        .get_by_role("row")
        .filter(has_text="Hek verstevigen")
    )
    row.get_by_label("Wat is er gedaan").fill("Paal geplaatst")
    row.get_by_role("button", name="Gedaan").click()
    expect(page.get_by_role("table", name="Acties")).to_contain_text("Gedaan: Paal geplaatst")


# --- 3. the advisory body ---------------------------------------------------------------


def test_advisory_body_records_advice_reads_the_response_and_downloads_figures(
    page: Page, sign_in: SignIn, sign_out: SignOut
) -> None:
    adviser = t.user("advisory_body", username="adviesorgaan", totp=True)
    officer = t.user("quality_officer", username="kwaliteit", totp=True)

    sign_in(adviser)
    page.goto("/advies/")
    heading(page, "Adviezen van het adviesorgaan")
    check(page, "de adviezen (leeg)")
    themes = page.locator("form[action$='/themas']")
    themes.get_by_role("textbox", name=re.compile(r"^Thema")).fill("Nazorg na beëindiging")
    themes.get_by_role("button", name="Thema toevoegen").click()
    heading(page, "Adviezen van het adviesorgaan")
    expect(page.get_by_role("main")).to_contain_text("Nazorg na beëindiging")

    form = page.locator("form[action$='/advies/']")
    form.get_by_role("textbox", name=re.compile(r"^Titel")).fill(
        "Nazorg verdient een vaste termijn"
    )
    form.get_by_role("textbox", name=re.compile(r"^Advies")).fill(
        "Plan de nazorg binnen vier weken na het einde."
    )
    form.get_by_label("Thema's").select_option(label="Nazorg na beëindiging")
    form.get_by_role("button", name="Vastleggen").click()
    heading(page, re.compile(r": Nazorg verdient een vaste termijn$"))
    main = page.get_by_role("main")
    expect(main).to_contain_text("Nazorg na beëindiging")
    expect(main).to_contain_text("Nog geen reactie.")
    check(page, "een nieuw advies")
    advice_url = page.url

    sign_out()
    sign_in(officer)
    page.goto("/advies/")
    heading(page, "Adviezen van het adviesorgaan")
    check(page, "de adviezen voor de kwaliteitsfunctie")
    page.get_by_role("link", name=re.compile("Nazorg verdient een vaste termijn")).click()
    heading(page, re.compile(r": Nazorg verdient een vaste termijn$"))
    page.get_by_role("textbox", name=re.compile(r"^Reactie van de NCTV")).fill(
        "We nemen de termijn over in de werkwijze."
    )
    page.get_by_role("button", name="Reactie vastleggen").click()
    expect(page.get_by_role("main")).to_contain_text("We nemen de termijn over in de werkwijze.")
    check(page, "een advies met een reactie")

    sign_out()
    sign_in(adviser)
    page.goto("/advies/")
    heading(page, "Adviezen van het adviesorgaan")
    expect(page.get_by_role("main")).to_contain_text("1 reactie van de NCTV")
    page.get_by_role("link", name=re.compile("Nazorg verdient een vaste termijn")).click()
    heading(page, re.compile(r": Nazorg verdient een vaste termijn$"))
    assert page.url == advice_url
    expect(page.get_by_role("main")).to_contain_text("We nemen de termijn over in de werkwijze.")
    expect(page.get_by_role("button", name="Reactie vastleggen")).to_have_count(0)

    page.goto("/advies/")
    page.get_by_role("link", name="Landelijke cijfers").click()
    heading(page, "Landelijke cijfers voor het adviesorgaan")
    check(page, "de landelijke cijfers")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download als CSV").click()
    body = download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";" if ";" in body else ","))
    assert len(rows) > 1, body
    small = [cell for row in rows for cell in row if re.fullmatch(r"[1-9]", cell.strip())]
    assert not small, f"small counts in the CSV: {small}"


# --- 4. retention and access requests -------------------------------------------------


def test_privacy_officer_rules_holds_report_and_an_access_request(
    page: Page, sign_in: SignIn
) -> None:
    from weerstand.cases.models import CasePerson
    from weerstand.information.models import ProductPerson
    from weerstand.retention import services
    from weerstand.retention.tests import builders as rb

    w = rb.world()
    privacy = t.user("privacy_officer", username="privacy", totp=True)
    gone = rb.product(w, rb.marker())
    kept = rb.product(w, rb.marker())
    rb.rule(w)
    services.place_hold(
        w.privacy,
        kind="litigation",
        reason="Rechtszaak",
        object_type="threat_product",
        object_id=kept.pk,
    )
    report = services.apply_retention(timezone.now() + timedelta(days=400))
    assert report is not None and gone.pk
    person = t.person(first="Inzage", last="Vrager")
    CasePerson.objects.create(case=w.case, person=person, role="protectee")
    ProductPerson.objects.create(product=kept, person=person)

    sign_in(privacy)
    page.goto("/bewaren/")
    heading(page, "Bewaren, vernietigen en inzage")
    check(page, "bewaren en inzage")

    rule = page.locator("form[action$='/regels/nieuw']")
    rule.get_by_label("Soort object").select_option("person")
    rule.get_by_role("spinbutton", name=re.compile("^Bewaartermijn")).fill("3650")
    rule.get_by_label("Gerekend vanaf").select_option("case_closed")
    rule.get_by_label("Handeling na afloop").select_option("anonymise")
    rule.get_by_role("button", name="Vastleggen").click()
    heading(page, "Bewaren, vernietigen en inzage")
    expect(page.get_by_role("status")).to_be_visible()
    rules = page.get_by_role("table", name="Bewaartermijnen per soort object en grondslag")
    expect(rules).to_contain_text("3650")
    check(page, "bewaren en inzage met een nieuwe regel")

    hold = page.locator("form[action$='/bewaarplichten/nieuw']")
    hold.get_by_label("Soort bewaarplicht").select_option(index=1)
    hold.get_by_role("spinbutton", name=re.compile("^Casusnummer")).fill(str(w.case.pk))
    hold.get_by_role("textbox", name=re.compile("^Reden")).fill("Klacht bij de Nationale ombudsman")
    hold.get_by_role("button", name="Opleggen").click()
    heading(page, "Bewaren, vernietigen en inzage")
    holds = page.get_by_role("table", name=re.compile("^Zolang een bewaarplicht geldt"))
    expect(holds).to_contain_text("Klacht bij de Nationale ombudsman")
    check(page, "bewaren en inzage met een nieuwe bewaarplicht")

    page.get_by_role("link", name=f"Verslag {report.pk}").click()
    heading(page, f"Vernietigingsverslag {report.pk}")
    expect(page.get_by_role("main")).to_contain_text("geldig")
    check(page, "een vernietigingsverslag")

    page.get_by_role("link", name="Terug naar bewaren en inzage").click()
    heading(page, "Bewaren, vernietigen en inzage")
    request = page.locator("form[action$='/inzageverzoeken/nieuw']")
    request.get_by_role("spinbutton", name=re.compile("^Persoonsnummer")).fill(str(person.pk))
    request.get_by_label("Ontvangen op").fill(timezone.localdate().isoformat())
    request.get_by_role("button", name="Vastleggen").click()
    heading(page, re.compile(r"^Inzageverzoek \d+$"))
    check(page, "een nieuw inzageverzoek")

    page.get_by_role("button", name="Verzamelen wat over de persoon is vastgelegd").click()
    items = page.get_by_role("table", name=re.compile("^Wat over de persoon is vastgelegd"))
    expect(items.get_by_role("row")).to_have_count(3)  # header, the case, the product
    check(page, "een inzageverzoek met onderdelen")

    product_row = items.get_by_role("row").filter(has_text=f"product {kept.reference}")
    product_row.get_by_label("Besluit").select_option("withhold")
    product_row.get_by_label("Wettelijke uitzondering").select_option("investigation")
    product_row.get_by_label("Motivering").fill("Lopend onderzoek")
    product_row.get_by_role("button", name="Beslissen").click()
    heading(page, re.compile(r"^Inzageverzoek \d+$"))
    items = page.get_by_role("table", name=re.compile("^Wat over de persoon is vastgelegd"))
    expect(items.get_by_role("row").filter(has_text=kept.reference)).to_contain_text(
        "Lopend onderzoek"
    )
    case_row = items.get_by_role("row").filter(has_text=f"casus {w.case.reference}")
    case_row.get_by_label("Besluit").select_option("disclose")
    case_row.get_by_role("button", name="Beslissen").click()
    heading(page, re.compile(r"^Inzageverzoek \d+$"))
    page.get_by_role("button", name="Afronden").click()
    heading(page, re.compile(r"^Inzageverzoek \d+$"))
    main = page.get_by_role("main")
    expect(main).to_contain_text("Samenvatting van het antwoord")
    expect(main).to_contain_text("Belang van opsporing en vervolging: 1")
    expect(main.locator("dl")).to_contain_text("Afgehandeld")
    check(page, "een afgerond inzageverzoek")


# --- 5. the inspector's export ----------------------------------------------------------


def test_inspector_downloads_the_signed_export_from_the_case_page(
    page: Page, sign_in: SignIn
) -> None:
    from weerstand.decisions import services as decisions
    from weerstand.decisions.tests import builders as db
    from weerstand.inspection import package

    w = db.world()
    case, _assessment = db.decided_case(w)
    decisions.create_decision(w.dm1, case.pk, db.start_data(w))
    inspector = t.user("inspector", username="inspecteur", totp=True)

    sign_in(inspector)
    page.goto(f"/casussen/{case.pk}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.reference)
    section = page.get_by_role("region", name="Inspectie-export")
    expect(section).to_be_visible()
    check(page, "de casuspagina van de inspecteur", codes=False)
    with page.expect_download() as download:
        section.get_by_role("link", name="Exporteer voor inspectie (ZIP)").click()
    assert download.value.suggested_filename.endswith(".zip")
    data = download.value.path().read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert sorted(zf.namelist()) == sorted(package.ALL_FILES)
        manifest = json.loads(zf.read(package.MANIFEST))
        for name in package.CONTENT_FILES:
            assert manifest["files"][name] == package.sha256(zf.read(name))
        assert json.loads(zf.read(package.CASE_JSON))["case"]["reference"] == case.reference
    from weerstand.audit.verify import trusted_keys

    assert package.verify_package(data, trusted_keys()) == []
