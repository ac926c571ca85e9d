"""From a finalised assessment to a decision in force, in a real browser.

A decision-maker opens the decision screen from the case page, takes a start decision on the
proposed standard package; a second decision-maker finds it on the start page and approves it
(four eyes); the security assignments appear, the decision letter's PDF link gives a PDF, and
the police liaison acknowledges the police assignment. Pages are checked with axe-core, and
the database must agree with what the pages showed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from weerstand import testing as t
from weerstand.cases.models import Case
from weerstand.decisions.models import Decision, DecisionStatus, SecurityAssignment
from weerstand.decisions.tests import builders as b
from weerstand.policy.models import CompartmentMembership

from .axe import assert_accessible

pytestmark = pytest.mark.browser

SignIn = Callable[..., None]
SignOut = Callable[[], None]


def _people() -> dict[str, object]:
    """A case whose assessment went through the real flow: drafted, challenged, answered
    with a remaining disagreement, finalised, and submitted to the authority."""
    from weerstand.accounts.services import demo_totp_key, enrol_totp
    from weerstand.assessments.tests import builders as ab
    from weerstand.cases.services import transition_case

    police = t.org("police", code="politie-flow", name="Politie")
    t.org("kmar", code="kmar-flow", name="Koninklijke Marechaussee")
    municipality = t.org("municipality", code="gemeente-flow", name="Gemeente Zeestad")
    om = t.org("om", code="om-flow", name="Parket Zeestad")
    b.catalogue()
    w = ab.world()
    assessment = ab.finalised(w, position="disagree")
    assert assessment.status == "finalised" and assessment.unresolved_disagreement
    case = Case.objects.get(pk=w.case.pk)
    if case.state == "assessment":
        transition_case(
            w.author, case.pk, "submit_for_decision", reason="Dreigingsbeeld vastgesteld."
        )
    dm2 = t.user("decision_maker", organisation=w.decider.organisation, totp=True)
    CompartmentMembership.objects.get_or_create(compartment=case.team, user=dm2)
    enrol_totp(w.decider, demo_totp_key(w.decider.username))
    liaison = t.user("police_liaison", organisation=police, totp=True)
    return {
        "case": Case.objects.get(pk=case.pk),
        "dm1": w.decider,
        "dm2": dm2,
        "liaison": liaison,
        "municipality": municipality,
        "om": om,
        "police": police,
        "complex": assessment.is_complex,
    }


def test_decision_from_assessment_to_assignments_and_letter(
    page: Page, sign_in: SignIn, sign_out: SignOut
) -> None:
    w = _people()
    case = w["case"]

    sign_in(w["dm1"])
    page.goto(f"/casussen/{case.pk}")
    page.get_by_role("link", name="Besluit nemen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Besluit nemen")
    assert_accessible(page, "het besluitscherm")
    # The remaining disagreement from the challenge is on the screen and must be acknowledged.
    expect(page.get_by_role("note")).to_contain_text("Resterend meningsverschil")
    # The standard package for organised crime at the recommended level 2 is proposed.
    expect(page.get_by_label("Bewaken woning", exact=True)).to_be_checked()
    expect(page.get_by_label("Cameratoezicht", exact=True)).not_to_be_checked()
    page.get_by_label("Gemeente waar de maatregelen lopen").select_option(label="Gemeente Zeestad")
    page.get_by_label("Voorkeur uitvoerende organisatie").select_option(label="Politie")
    page.get_by_label("Motivering van het besluit").fill(
        "Dreiging tegen het leven na de getuigenverklaring; het standaardpakket past."
    )
    page.get_by_role("button", name="Besluit vastleggen").click()
    # Refused without the acknowledgement; the input stays.
    expect(page.get_by_role("alert")).to_contain_text("meningsverschil")
    assert not Decision.objects.filter(case=case).exists()
    page.get_by_label("Ik heb kennisgenomen van het resterende meningsverschil").check()
    if w["complex"]:
        page.get_by_label(re.compile("extra toets voor complexe casussen")).check()
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text("vastgelegd")
    expect(page.locator("#besluit-status")).to_have_text("Wacht op accordering")
    assert_accessible(page, "een besluit dat wacht op accordering")
    decision = Decision.objects.get(case=case)
    assert decision.decided_by == w["dm1"]
    assert not SecurityAssignment.objects.filter(decision=decision).exists()
    sign_out()

    sign_in(w["dm2"])
    panel = page.get_by_role("region", name="Wat u vandaag moet doen")
    panel.get_by_role("link", name=f"Besluit {decision.reference} accorderen").click()
    page.get_by_role("button", name="Accorderen", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("geaccordeerd")
    expect(page.locator("#besluit-status")).to_have_text("Van kracht")
    assignments = page.get_by_role("region", name="Beveiligingsopdrachten")
    expect(assignments.locator("tbody tr")).to_have_count(2)
    expect(assignments).to_contain_text("Bewaken woning")
    assert_accessible(page, "een besluit van kracht met opdrachten")
    letter = page.get_by_role("link", name="Besluitbrief (PDF)")
    href = letter.get_attribute("href")
    assert href and re.search(rf"/{decision.pk}\b", href)
    response = page.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/pdf")
    assert response.body().startswith(b"%PDF")
    sign_out()

    sign_in(w["liaison"])
    page.goto("/besluiten/opdrachten")
    expect(page.get_by_role("heading", level=1)).to_have_text("Beveiligingsopdrachten")
    assert_accessible(page, "de opdrachten van de politie")
    first = SecurityAssignment.objects.filter(decision=decision).order_by("reference").first()
    page.get_by_role("button", name=f"Bevestigen {first.reference}").click()
    expect(page.get_by_role("status")).to_contain_text(f"Opdracht {first.reference} bevestigd")

    decision.refresh_from_db()
    assert decision.status == DecisionStatus.IN_FORCE and decision.approved_by == w["dm2"]
    assert Case.objects.get(pk=case.pk).state == "protection_active"
    assert SecurityAssignment.objects.get(pk=first.pk).status == "active"
    assert SecurityAssignment.objects.filter(decision=decision).count() == 2
    assert decision.disagreement_acknowledged
