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
import re
import zipfile
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from weerstand import testing as t

from .axe import assert_accessible

pytestmark = pytest.mark.browser

SignIn = Callable[..., None]
SignOut = Callable[[], None]

WIDTHS = (1280, 390)
INTERNAL = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
# The innermost elements that stick out to the right (named in a failed scroll check).
WIDE = """() => [...document.querySelectorAll('main *')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth
    && ![...e.children].some(c => c.getBoundingClientRect().right > document.documentElement.clientWidth))
  .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + e.className)"""


def check(page: Page, what: str) -> None:
    """axe and no sideways scroll at both widths; no internal code in the main text."""
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
        analyst, team=(analyst,), owner=analyst, state="protection_active", codename="Werknaam Vuurtoren"
    )
    w = ob.World(analyst, None, case, case)
    now = timezone.now()
    ob.signal(w, case, now - timedelta(hours=2), now - timedelta(hours=3))

    sign_in(officer)
    page.get_by_role("link", name="Kwaliteitsmonitor").first.click()
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
    row = page.get_by_role("table", name="Acties").get_by_role("row").filter(
        has_text="Hek verstevigen"
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
    form.get_by_role("textbox", name=re.compile(r"^Titel")).fill("Nazorg verdient een vaste termijn")
    form.get_by_role("textbox", name=re.compile(r"^Advies")).fill("Plan de nazorg binnen vier weken na het einde.")
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
    page.get_by_role("textbox", name=re.compile(r"^Reactie van de NCTV")).fill("We nemen de termijn over in de werkwijze.")
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
