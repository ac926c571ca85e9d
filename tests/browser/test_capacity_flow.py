"""The coordination centre plans protection teams in a real browser.

The LCC coordinator signs in, opens the operational picture from the main menu, lets the
planner compute a plan for the coming days, sees a shortage with its reason and the priority
rule that decided, confirms the prioritisation with a reason, and sees the tasks that went to
the case owners to inform the protected persons. The case owner then finds the task on the
start page and completes it. Every page on the way is checked with axe-core, and the database
must agree with what the pages showed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from weerstand import testing as t
from weerstand.audit.models import AuditAction, AuditRecord
from weerstand.audit.verify import verify_chain
from weerstand.capacity.models import InformTask, PlanRun, PrioritisationConfirmation
from weerstand.capacity.tests import builders as b

from .axe import assert_accessible
from .conftest import open_menu_link

pytestmark = pytest.mark.browser

SignIn = Callable[..., None]
SignOut = Callable[[], None]


def _world() -> dict[str, Any]:
    police = t.org("police", code="politie", name="Politie")
    kmar = t.org("kmar", code="kmar", name="Koninklijke Marechaussee")
    lcc = t.user("lcc_coordinator", totp=True)
    owner = t.user("analyst", totp=True)
    heavy = t.case(owner, owner=owner, team=(lcc,), codename="Reiger")
    light = t.case(owner, owner=owner, team=(lcc,), codename="Mus")
    dkdb = b.unit(police, "dkdb", code="politie-dkdb")
    hrb = b.unit(kmar, "hrb", code="kmar-hrb")
    b.officer(dkdb, "personal_protection", "firearms")
    b.officer(hrb, "personal_protection", "firearms")
    a_heavy = b.assignment(
        heavy, police, officers=2, priority=20, resistance=4, threat=4, mixed=True
    )
    a_light = b.assignment(light, police, officers=1, priority=6, resistance=2, threat=1)
    return {
        "lcc": lcc,
        "owner": owner,
        "heavy": heavy,
        "light": light,
        "a_heavy": a_heavy,
        "a_light": a_light,
    }


def test_coordinator_plans_confirms_and_owner_informs(
    page: Page, sign_in: SignIn, sign_out: SignOut
) -> None:
    w = _world()
    sign_in(w["lcc"])
    open_menu_link(page, "Capaciteit")
    expect(page.get_by_role("heading", level=1)).to_have_text("Operationeel beeld capaciteit")
    assert_accessible(page, "het operationeel beeld (leeg)")

    # Plan the next two days; the time limit is a specialist's setting, behind the details.
    form = page.locator("#form-plan")
    form.get_by_label("Eerste dag").fill(timezone.localdate().isoformat())
    form.get_by_label("Aantal dagen").fill("2")
    expect(form.get_by_label("Tijdslimiet (seconden)")).to_be_hidden()
    form.get_by_text("Details voor planners/specialisten").click()
    form.get_by_label("Tijdslimiet (seconden)").fill("5")
    form.get_by_role("button", name="Plan berekenen").click()
    expect(page.get_by_role("status").filter(has_text="gemaakt in")).to_be_visible()
    run = PlanRun.objects.get()
    assert run.validator_ok

    # First the summary, with solver internals folded away; then the load per unit and day.
    summary = page.get_by_role("region", name=re.compile(r"^Plan \d+: vanaf"))
    expect(summary).to_contain_text("bemand")
    expect(summary).to_contain_text("1 opdracht met tekort")
    expect(summary.get_by_text("Doelfunctie / beste grens / gat")).to_be_hidden()
    summary.get_by_text("Details voor planners/specialisten").click()
    expect(summary.get_by_text("Doelfunctie / beste grens / gat")).to_be_visible()
    load = page.get_by_role("table", name="Geplande uren tegenover contracturen")
    expect(load).to_be_visible()
    expect(load).to_contain_text("overbelast")

    # Coverage per assignment and day: a table with text values and a legend, on request.
    page.get_by_text("Toon de dekking van").click()
    heat = page.get_by_role(
        "table", name="Dekking: bemande / benodigde diensten per opdracht per dag"
    )
    expect(heat).to_be_visible()
    expect(heat.get_by_role("row").filter(has_text=w["a_heavy"].reference)).to_contain_text("2/2")
    expect(heat.get_by_role("row").filter(has_text=w["a_light"].reference)).to_contain_text("0/1")
    expect(heat.get_by_role("row").filter(has_text=w["a_light"].reference)).to_contain_text(
        "onbemand"
    )

    # The shortage, one row per assignment with its days as a range: how much, why, and the
    # rule that decided.
    shortages = page.get_by_role("table", name="Opdrachten die niet volledig bemand zijn")
    row = shortages.get_by_role("row").filter(has_text=w["a_light"].reference)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("1 van 1 agent tekort")
    expect(row).to_contain_text("hogere prioriteit")
    expect(row).to_contain_text("Hogere vereiste weerstand gaat voor")
    expect(shortages.get_by_role("row").filter(has_text=w["a_heavy"].reference)).to_have_count(0)
    # No protectee names on the LCC page.
    expect(page.locator("main")).not_to_contain_text(w["light"].protectee.last_name)
    assert_accessible(page, "het operationeel beeld met een plan")

    # Confirm without a reason: refused, nothing stored; then with a reason.
    confirm = page.locator("#form-confirm")
    confirm.get_by_role("button", name="Prioritering bevestigen").click()
    # The error summary at the top of the page names what to fill in, in words.
    expect(page.locator(".error-summary").first).to_contain_text(re.compile(r"Vul .+ in"))
    assert not PrioritisationConfirmation.objects.exists()
    assert_accessible(page, "het bevestigingsformulier met een fout")
    reason = "Reiger heeft de hoogste vereiste weerstand; Mus wordt twee dagen niet bemand."
    page.locator("#form-confirm").get_by_label("Motivering van de prioritering").fill(reason)
    page.locator("#form-confirm").get_by_role("button", name="Prioritering bevestigen").click()
    expect(page.get_by_role("status").filter(has_text="Prioritering bevestigd")).to_be_visible()
    expect(page.get_by_role("region", name="Tekorten en verdringing")).to_contain_text(reason)

    tasks = page.get_by_role(
        "table", name="Per casus de taak voor de vaste contactpersoon (anders de casuseigenaar)"
    )
    task_row = tasks.get_by_role("row").filter(has_text=w["light"].reference)
    expect(task_row).to_contain_text(w["owner"].display_name)
    expect(task_row).to_contain_text("Informeer de beschermde persoon")
    expect(task_row).to_contain_text("Open")
    assert_accessible(page, "het operationeel beeld na bevestiging")
    confirmation = PrioritisationConfirmation.objects.get(run=run)
    assert confirmation.reason == reason
    assert AuditRecord.objects.filter(
        action=AuditAction.CREATE,
        object_type="capacity.prioritisationconfirmation",
        actor_id=w["lcc"].pk,
        reason=reason,
    ).exists()
    sign_out()

    # The case owner finds the task on the start page and completes it.
    sign_in(w["owner"])
    work = page.get_by_role("region", name="Wat u vandaag moet doen")
    expect(work.get_by_role("link", name="Beschermde persoon informeren")).to_contain_text(
        w["light"].reference
    )
    panel = page.get_by_role("region", name="Beschermde personen informeren")
    expect(panel).to_contain_text(w["light"].reference)
    assert_accessible(page, "de startpagina met de informeertaak")
    panel.get_by_label("Wat heeft u de persoon verteld?").fill("Telefonisch toegelicht, akkoord.")
    panel.get_by_label("Hoe?").select_option("phone")
    panel.get_by_role("button", name="Taak afronden").click()
    expect(page.get_by_role("status").filter(has_text="afgerond")).to_be_visible()
    task = InformTask.objects.get(case=w["light"])
    assert task.status == "done" and task.done_by == w["owner"]
    # What was told is in the case's communication log (one voice), through the chosen channel.
    assert task.communication is not None and task.communication.channel == "phone"
    report = verify_chain()
    assert report.ok, report.summary()
