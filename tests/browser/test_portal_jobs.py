"""The portal's other main jobs in a real browser, on a desk (1280 px) and a phone (390 px).

A protectee of a brand-new case (start decision taken by one decision-maker and approved by
another, the letter sent by that decision) reads a new letter, sees their contact person and
deputy and what they were told, and follows a module the resilience expert gave them; a
relative answers the questionnaire about how they experienced the protection when it ends.
The data is made through the services by the roles that own each step. Every page: axe-core
without serious violations, no sideways scrolling and no internal code.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from weerstand.portal.tests import builders as pb

from .test_portal_flow import WIDTHS, check, with_totp

pytestmark = pytest.mark.browser

SignIn = Callable[..., None]

CONTACT = ("Mirjam", "de Boer", "070 751 5050")
DEPUTY = ("Karim", "Haddou", "070 751 5051")
TOLD = "Vanaf maandag rijdt er een andere auto met u mee naar het werk."


def rename(user: Any, first: str, last: str) -> None:
    from weerstand.accounts.models import User

    User.objects.filter(pk=user.pk).update(first_name=first, last_name=last)


def home(page: Page) -> None:
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Start").click()
    expect(waiting(page)).to_be_visible()


def overview(page: Page) -> None:
    """Everything about the protection, one menu click from the short start page."""
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Uw beveiliging"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw beveiliging")


def waiting(page: Page) -> Any:
    """The start page's short list: what waits for the person."""
    return page.get_by_role("region", name="Wat op u wacht")


@pytest.mark.parametrize("width", WIDTHS)
def test_protectee_reads_a_new_letter(page: Page, sign_in: SignIn, width: int) -> None:
    from weerstand.rights.models import AddressedLetter

    pw = pb.world()
    letter = AddressedLetter.objects.get(decision=pw.decision, person=pw.protectee.person_id)
    assert letter.read_at is None
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(with_totp(pw.protectee))

    item = waiting(page).get_by_role(
        "link", name="Lees uw nieuwe brief: Besluit over uw beveiliging"
    )
    expect(item).to_be_visible()
    check(page, "de startpagina met een nieuwe brief")

    item.click()
    expect(page).to_have_url(re.compile(rf"/rechten/brieven/{letter.pk}$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Besluit over uw beveiliging")
    article = page.locator("article.letter")
    expect(article).to_contain_text("Beveiligd vervoer")
    expect(article).not_to_contain_text("Kenmerk")
    expect(page.get_by_role("main")).not_to_contain_text(pw.decision.reference)
    expect(page.get_by_role("link", name="Bezwaar maken")).to_be_visible()
    check(page, "een brief in het portaal")

    home(page)
    expect(waiting(page)).not_to_contain_text("Lees uw nieuwe brief")
    overview(page)
    letters = page.get_by_role("region", name="Uw brieven")
    expect(letters).not_to_contain_text("nieuwe brief")
    expect(letters.locator(".badge")).to_have_count(0)
    expect(letters.get_by_role("link", name="Besluit over uw beveiliging")).to_be_visible()
    check(page, "alles over uw beveiliging, met een gelezen brief")
    assert AddressedLetter.objects.get(pk=letter.pk).read_at is not None


@pytest.mark.parametrize("width", WIDTHS)
def test_protectee_sees_contact_person_and_what_they_were_told(
    page: Page, sign_in: SignIn, width: int
) -> None:
    from weerstand.contact import services as contact

    pw = pb.world()
    contact_user, deputy_user = pw.analyst, pw.w.challenger  # both NCTV analysts in the team
    rename(contact_user, *CONTACT[:2])
    rename(deputy_user, *DEPUTY[:2])
    contact.assign(
        pw.analyst,
        pw.case.pk,
        contact.Assignment(
            contact=contact_user.pk,
            contact_phone=CONTACT[2],
            deputy=deputy_user.pk,
            deputy_phone=DEPUTY[2],
            note="Vaste stem vanaf de start.",
        ),
        reason="Vaste stem vanaf de start",
        expected_version=0,
    )
    link = contact.protectee_link(pw.case)
    assert link is not None
    contact.record_message(
        contact_user,
        pw.case.pk,
        contact.Message(recipient=link.pk, text=TOLD, channel="phone", topic="measures"),
    )
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(with_totp(pw.protectee))

    panel = page.get_by_role("region", name="Uw vaste contactpersoon")
    expect(panel).to_contain_text(f"{CONTACT[0]} {CONTACT[1]}")
    expect(panel.get_by_role("link", name=CONTACT[2])).to_have_attribute(
        "href", "tel:" + CONTACT[2].replace(" ", "")
    )
    expect(panel).to_contain_text(f"{DEPUTY[0]} {DEPUTY[1]}")
    expect(panel.get_by_role("link", name=DEPUTY[2])).to_be_visible()
    expect(panel).not_to_contain_text("Vaste stem vanaf de start.")  # the team's own note
    check(page, "de startpagina met de vaste contactpersoon")

    overview(page)
    panel = page.get_by_role("region", name="Uw vaste contactpersoon")
    expect(panel).to_contain_text(f"{CONTACT[0]} {CONTACT[1]}")
    expect(panel).not_to_contain_text("Vaste stem vanaf de start.")
    panel.get_by_role("link", name="Wat wij u hebben verteld").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wat wij u hebben verteld")
    main = page.get_by_role("main")
    expect(main).to_contain_text(TOLD)
    expect(main).to_contain_text("Telefoon")
    check(page, "wat wij u hebben verteld")


@pytest.mark.parametrize("width", WIDTHS)
def test_protectee_follows_a_module(page: Page, sign_in: SignIn, width: int) -> None:
    from weerstand import testing as t
    from weerstand.contact import services as contact
    from weerstand.modules import services as modules
    from weerstand.modules.models import ModuleSection
    from weerstand.modules.tests.builders import version
    from weerstand.policy.models import CompartmentMembership

    pw = pb.world()
    expert = t.user("resilience_expert", organisation=pw.w.nctv)
    CompartmentMembership.objects.create(compartment=pw.case.team, user=expert)
    modules.load_content()
    module = version("veilig-online")
    total = ModuleSection.objects.filter(version=module).count()
    assert total >= 2
    link = contact.protectee_link(pw.case)
    assert link is not None
    assignment = modules.assign_module(
        expert, pw.case.pk, link.pk, module.pk, note="Begin met het eerste deel."
    )
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(with_totp(pw.protectee))

    item = waiting(page).get_by_role("listitem").filter(has_text=module.title)
    expect(item).to_contain_text(f"0 van {total} delen klaar")
    check(page, "de startpagina met een module")

    item.get_by_role("link", name=f"Begin aan de module {module.title}").click()
    expect(page).to_have_url(re.compile(rf"/modules/opdrachten/{assignment.pk}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(module.title)
    expect(page.get_by_role("main")).to_contain_text("Begin met het eerste deel.")
    expect(page.get_by_role("heading", level=2, name=re.compile("^Deel 1: "))).to_be_visible()
    check(page, "een module, deel 1")

    # With the keyboard: focus the button and press Enter.
    done = page.get_by_role("button", name="Klaar, naar het volgende deel")
    done.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Goed gedaan. Dit deel is klaar.")
    expect(page.get_by_role("heading", level=2, name=re.compile("^Deel 2: "))).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(f"1 van {total} delen klaar")
    parts = page.get_by_role("navigation", name="Delen van de module")
    expect(parts.get_by_role("listitem").first).to_contain_text("(klaar)")
    check(page, "een module, deel 2")

    home(page)
    item = waiting(page).get_by_role("listitem").filter(has_text=module.title)
    expect(item.get_by_role("link", name=f"Ga verder met de module {module.title}")).to_be_visible()
    expect(item).to_contain_text(f"1 van {total} delen klaar")
    check(page, "de startpagina met voortgang")
    overview(page)
    panel = page.get_by_role("region", name="Uw modules")
    expect(panel).to_contain_text(f"1 van {total} delen klaar")
    expect(panel.locator("progress")).to_have_attribute("value", str(round(100 / total)))
    check(page, "alles over uw beveiliging, met voortgang")


@pytest.mark.parametrize("width", WIDTHS)
def test_relative_answers_the_experience_questionnaire(
    page: Page, sign_in: SignIn, width: int
) -> None:
    from weerstand.experience.models import ExperienceQuestionnaire
    from weerstand.experience.tests import builders as eb

    pw = pb.world()
    # The decision-makers stop the protection; the relative (a portal account) is invited.
    eb.stop(
        eb.World(
            w=pw.w,
            case=pw.case,
            start=pw.decision,
            expert=None,
            portal=pw.protectee,
            partner_portal=pw.relative,
        )
    )
    invitation = ExperienceQuestionnaire.objects.get(recipient=pw.relative)
    assert invitation.status == "invited"
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(with_totp(pw.relative))

    invite = waiting(page).get_by_role("link", name="Vertel ons hoe u de beveiliging hebt ervaren")
    expect(invite).to_be_visible()
    check(page, "de startpagina met een uitnodiging")
    invite.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hoe hebt u het ervaren?")
    expect(page.locator("input[type=radio]:checked")).to_have_count(0)
    check(page, "de ervaringsvragen")

    # Sent with one question left open: the page asks for it and keeps what was chosen.
    answers = {
        "Ik wist wie ik kon bellen.": "Mee eens",
        "Ik begreep waarom dit besloten werd.": "Niet mee eens",
        "Ik kreeg steeds dezelfde informatie.": "Niet eens, niet oneens",
        "Ik voelde me serieus genomen.": "Helemaal mee eens",
    }
    for question, answer in answers.items():
        page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    page.get_by_role("button", name="Versturen").click()
    family = page.get_by_role("group", name="Er was genoeg aandacht voor mijn gezin.")
    expect(family).to_contain_text("Kies een antwoord.")
    expect(page.locator("input[type=radio]:checked")).to_have_count(len(answers))
    check(page, "de ervaringsvragen met een fout")

    family.get_by_label("Helemaal niet mee eens", exact=True).check()
    page.get_by_label("Wilt u ons nog iets vertellen?").fill("De agenten waren vriendelijk.")
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("status")).to_contain_text("Dank u wel voor uw antwoorden.")
    expect(page.get_by_role("region", name="Hoe hebt u het ervaren?")).to_have_count(0)
    expect(page.get_by_text("Vertel ons hoe u de beveiliging hebt ervaren")).to_have_count(0)
    check(page, "de startpagina na het antwoord")
    invitation.refresh_from_db()
    assert invitation.status == "answered"
    assert invitation.open_answer == "De agenten waren vriendelijk."
