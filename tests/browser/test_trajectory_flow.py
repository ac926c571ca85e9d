"""A crown-witness trajectory the whole way to publication, in a real browser.

The OM opens a trajectory and maps the circle from the start: the witness's brother (who needs
protection by Weerstand) and his partner (covered by the witness protection programme: only
that, and by which programme). The members join through four eyes (set up through the
compartment service; its pages have their own browser test). The OM refers the brother for a
case of his own inside the trajectory's compartment; the NCTV triages, designates, finalises
the threat picture (through the API, as in the whole-way test) and takes the start decision
with four eyes; the police acknowledges the assignments; the LCC plans and publishes the plan
that staffs them on the planned date. The OM records the integrated weighing. Publication is
refused while the independent review is missing, and the refusal names what is missing; the
reviewer, who never sees the circle's names, approves; only then does publication go through.
Every page on the way is checked with axe-core, and the database must agree.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from weerstand import testing as t
from weerstand.accounts.roles import Role
from weerstand.capacity.models import PlanRun
from weerstand.capacity.tests import builders as capacity
from weerstand.cases.models import Case
from weerstand.crownwitness.models import CirclePerson, Trajectory
from weerstand.decisions.models import Decision, DecisionStatus, SecurityAssignment
from weerstand.organisations.models import Organisation
from weerstand.policy import compartments
from weerstand.policy.models import ChangeKind

from .axe import assert_accessible
from .test_case_whole_way import (
    approve_from_start_page,
    build_team,
    designate,
    expect_message,
    form_of,
    people,
    start,
    submit_for_decision,
    threat_picture_through_the_api,
    triage_and_advise,
)

pytestmark = pytest.mark.browser

SignIn = Callable[..., None]
SignOut = Callable[[], None]

TITLE = "Traject Stormvogel"
BROTHER = ("Ruben", "Stormvogel-Broer")


def world() -> dict[str, Any]:
    w = people()
    om = Organisation.objects.get(code="om-heel")
    w["om1"] = t.user(Role.OM_OFFICER, organisation=om, username="olga-officier", totp=True)
    w["om2"] = t.user(Role.OM_OFFICER, organisation=om, username="otto-officier", totp=True)
    body = t.org("advisory_body", code="toetsing-heel", name="Toetsingscommissie")
    w["reviewer"] = t.user(
        Role.INDEPENDENT_REVIEWER, organisation=body, username="rita-toetser", totp=True
    )
    unit = capacity.unit(w["police"], "dkdb", code="politie-heel-dkdb")
    for _ in range(8):
        capacity.officer(unit, "surveillance", "personal_protection", "firearms")
    return w


def join(w: dict[str, Any], trajectory: Trajectory) -> None:
    """Four eyes on every membership: the first officer proposes, the second approves."""
    for who in ("analyst", "challenger", "senior", "dm1", "dm2", "lcc", "liaison", "reviewer"):
        change = compartments.propose(
            w["om1"],
            trajectory.compartment_id,
            w[who].pk,
            kind=ChangeKind.ADD,
            reason="Nodig voor de kring van de getuige",
        )
        compartments.decide(w["om2"], change.pk, approve=True)


def open_and_map(page: Page, w: dict[str, Any]) -> Trajectory:
    page.goto("/kroongetuigen/")
    page.get_by_role("link", name="Kroongetuigetraject openen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kroongetuigetraject openen")
    page.get_by_label("Naam van het traject").fill(TITLE)
    page.get_by_label("Omschrijving").fill(
        "Verdachte biedt een verklaring aan over een liquidatie."
    )
    page.get_by_label("Tweede officier van justitie (mede-eigenaar)").select_option(
        label=w["om2"].display_name
    )
    page.get_by_label("Reden").fill("Toezegging aan getuige in overweging")
    assert_accessible(page, "het formulier om een traject te openen")
    page.get_by_role("button", name="Traject openen").click()
    expect_message(page, "geopend")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    trajectory = Trajectory.objects.get(title=TITLE)

    for first, last, relation, coverage in (
        (*BROTHER, "sibling", "weerstand"),
        ("Mila", "Stormvogel-Partner", "partner", "programme"),
    ):
        add = form_of(page, "Toevoegen")
        add.get_by_label("Voornaam").fill(first)
        add.get_by_label("Achternaam").fill(last)
        add.get_by_role("combobox", name="Relatie").select_option(relation)
        add.get_by_role("combobox", name="Dekking").select_option(coverage)
        if coverage == "programme":
            add.get_by_label("Programma (alleen bij programmadekking)").fill(
                "Getuigenbescherming (OM/politie)"
            )
            add.get_by_label("Onderbouwing van de programmadekking").fill(
                "Krijgt met de getuige een nieuwe identiteit in het programma."
            )
        add.get_by_label("Reden").fill("Kring vanaf het begin in kaart brengen")
        add.get_by_role("button", name="Toevoegen").click()
        expect_message(page, "aan de kring toegevoegd")
    circle = page.get_by_role("table", name="Personen in de kring van de getuige")
    expect(circle.locator("tbody tr")).to_have_count(2)

    status = form_of(page, "Status opslaan")
    status.get_by_label("Nieuwe status").select_option("running")
    status.get_by_label("Reden").fill("Afspraken met de getuige worden voorbereid")
    status.get_by_role("button", name="Status opslaan").click()
    expect_message(page, "status van het traject is gewijzigd")

    date = form_of(page, "Datum opslaan")
    date.get_by_label("Geplande datum van bekendmaking").fill(
        (timezone.localdate() + timedelta(days=1)).isoformat()
    )
    date.get_by_label("Reden").fill("Eerste zitting van de strafzaak gepland")
    date.get_by_role("button", name="Datum opslaan").click()
    expect_message(page, "geplande datum is opgeslagen")
    assert_accessible(page, "het traject met de kring")
    return trajectory


def refer_brother(page: Page, trajectory: Trajectory) -> Case:
    page.goto(f"/kroongetuigen/{trajectory.pk}")
    circle = page.get_by_role("table", name="Personen in de kring van de getuige")
    row = circle.get_by_role("row").filter(has_text=BROTHER[1])
    row.get_by_role("link", name="Casus openen of koppelen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(BROTHER[1])
    # Programme cover: no case for the partner is offered.
    refer = form_of(page, "Casus openen")
    refer.get_by_label("Fenomeen").select_option("organised_crime")
    refer.get_by_label("Ernst").select_option("serious")
    refer.get_by_label("Aanleiding").fill(
        "Broer van een kroongetuige; het netwerk zal hem zoeken zodra de toezegging bekend is."
    )
    refer.get_by_label("Reden").fill("De kring krijgt een eigen dreigingsanalyse")
    assert_accessible(page, "de aanmelding van een persoon uit de kring")
    refer.get_by_role("button", name="Casus openen").click()
    expect_message(page, "geopend in het compartiment van het traject")
    entry = CirclePerson.objects.get(trajectory=trajectory, person__last_name=BROTHER[1])
    assert entry.protection_case is not None
    case = entry.protection_case
    assert case.restricted_compartment_id == trajectory.compartment_id
    return case


def protect_brother(page: Page, sign_in: SignIn, sign_out: SignOut, w: dict, case: Case) -> None:
    """The NCTV carries the brother's case to a start decision in force (four eyes)."""
    sign_in(w["analyst"])
    triage_and_advise(page, case.reference)
    build_team(page, w)
    sign_out()
    sign_in(w["dm1"])
    designation = designate(page, case)
    sign_out()
    sign_in(w["dm2"])
    approve_from_start_page(page, designation)
    sign_out()
    threat_picture_through_the_api(w, case)
    sign_in(w["analyst"])
    submit_for_decision(page, case)
    sign_out()
    sign_in(w["dm1"])
    decision = start(page, case)
    sign_out()
    sign_in(w["dm2"])
    approve_from_start_page(page, decision)
    sign_out()
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.IN_FORCE


def acknowledge_and_staff(
    page: Page, sign_in: SignIn, sign_out: SignOut, w: dict, case: Case
) -> None:
    """The police confirms every assignment; the LCC plans and publishes the plan."""
    decision = Decision.objects.get(case=case, decision_type="start")
    sign_in(w["liaison"])
    page.goto("/besluiten/opdrachten")
    for a in SecurityAssignment.objects.filter(decision=decision).order_by("reference"):
        page.get_by_role("button", name=f"Bevestigen {a.reference}").click()
        expect_message(page, f"Opdracht {a.reference} bevestigd")
    sign_out()
    assert not SecurityAssignment.objects.filter(decision=decision, status="pending").exists()

    sign_in(w["lcc"])
    page.goto("/capaciteit/")
    form = page.locator("#form-plan")
    form.get_by_label("Eerste dag").fill(timezone.localdate().isoformat())
    form.get_by_label("Aantal dagen").fill("2")
    form.get_by_text("Details voor planners/specialisten").click()  # the time limit
    form.get_by_label("Tijdslimiet (seconden)").fill("5")
    form.get_by_role("button", name="Plan berekenen").click()
    expect(page.get_by_role("status").filter(has_text="gemaakt in")).to_be_visible()
    page.get_by_role("button", name="Plan publiceren").click()
    expect(page.locator("main")).to_contain_text("gepubliceerd")
    sign_out()
    assert PlanRun.objects.filter(published=True).exists()


def weigh(page: Page, trajectory: Trajectory) -> None:
    page.goto(f"/kroongetuigen/{trajectory.pk}")
    weighing = form_of(page, "Weging vastleggen")
    for label, text in (
        ("Gewicht van de informatie voor de vervolging", "Enige getuige van de opdrachtgever."),
        ("Betrouwbaarheid van de getuige", "Verklaringen kloppen met tapgesprekken."),
        ("Veiligheidsrisico's voor iedereen in de kring", "De broer is het eerste doelwit."),
        ("Benodigde beveiligingsmaatregelen", "Bewaking van de woning van de broer."),
        ("Kan de staat ze leveren?", "Ja: het plan bemant de bewaking op de datum."),
        ("Draagbaarheid voor de getuige en de kring", "Zwaar maar draagbaar voor de broer."),
        ("Ethische gevolgen van de maatregelen", "De broer koos hier niet zelf voor."),
        ("Afweging en conclusie", "De belangen wegen samen op voor doorgaan."),
    ):
        weighing.get_by_label(label).fill(text)
    weighing.get_by_label("Doorgaan met het traject").check()
    assert_accessible(page, "het weegformulier")
    weighing.get_by_role("button", name="Weging vastleggen").click()
    expect_message(page, "Versie 1 van de weging is vastgelegd")


def try_publication(page: Page, trajectory: Trajectory) -> None:
    page.goto(f"/kroongetuigen/{trajectory.pk}")
    page.get_by_role("link", name="Gereedheid voor bekendmaking").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gereedheid voor bekendmaking")
    publish = form_of(page, "Bekendmaken")
    publish.get_by_label("Reden van de bekendmaking").fill(
        "De zitting begint; de toezegging wordt bekend"
    )
    publish.get_by_role("button", name="Bekendmaken").click()


def test_trajectory_goes_public_only_when_the_whole_circle_is_protected(
    page: Page, sign_in: SignIn, sign_out: SignOut
) -> None:
    w = world()

    sign_in(w["om1"])
    trajectory = open_and_map(page, w)
    join(w, trajectory)
    case = refer_brother(page, trajectory)
    sign_out()

    protect_brother(page, sign_in, sign_out, w, case)
    acknowledge_and_staff(page, sign_in, sign_out, w, case)

    sign_in(w["om1"])
    weigh(page, trajectory)
    try_publication(page, trajectory)
    refusal = page.locator("#weigering")
    expect(refusal).to_contain_text("De bekendmaking is geweigerd")
    expect(refusal).to_contain_text("Er is geen onafhankelijke toetsing.")
    # Everything for the brother is in place: the board says so, per person.
    board = page.get_by_role("table", name="Gereedheid per persoon in de kring")
    brother = board.get_by_role("row").filter(has_text=BROTHER[1])
    expect(brother).to_contain_text("gereed")
    expect(brother).not_to_contain_text("niet gereed")
    expect(refusal).not_to_contain_text(BROTHER[1])
    assert_accessible(page, "de gereedheid met een geweigerde bekendmaking")
    trajectory.refresh_from_db()
    assert trajectory.status == "running"
    sign_out()

    sign_in(w["reviewer"])
    page.goto(f"/kroongetuigen/{trajectory.pk}")
    main = page.locator("main")
    expect(main).to_contain_text(TITLE)
    expect(main).not_to_contain_text(BROTHER[1])
    expect(main).not_to_contain_text("liquidatie")  # the description is not for the reviewer
    review = form_of(page, "Toetsing vastleggen")
    review.get_by_label("Toetsende instantie").select_option("examining_judge")
    review.get_by_label("Positief").check()
    review.get_by_label("Motivering").fill(
        "De weging is volledig en de beveiliging van de broer staat op de datum."
    )
    assert_accessible(page, "het toetsformulier van de onafhankelijke toetser")
    review.get_by_role("button", name="Toetsing vastleggen").click()
    expect_message(page, "Uw toetsing is vastgelegd")
    sign_out()

    sign_in(w["om1"])
    try_publication(page, trajectory)
    expect_message(page, "Het traject is bekendgemaakt")
    trajectory.refresh_from_db()
    assert trajectory.status == "published"
    assert Case.objects.get(pk=case.pk).state == "protection_active"
