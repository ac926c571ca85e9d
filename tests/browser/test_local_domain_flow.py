"""The local domain in a real browser: the mayor finds a hand-over on the start page, tries to
return it without a proper reason (refused, input kept), then accepts it; the owner sees the
answer on the case page; the mayor replies to a measure that touches the municipality's
powers. Every page on the way is checked with axe-core, and the database must agree."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from weerstand.accounts.services import demo_totp_key, enrol_totp
from weerstand.cases.models import HandoverStatus, LocalHandover
from weerstand.cases.tests.test_local_domain import SECRETS, handed_over
from weerstand.decisions import services as decisions
from weerstand.decisions.models import LocalNotification, NotificationKind, NotificationResponse
from weerstand.decisions.tests import builders as b

from .axe import assert_accessible

pytestmark = pytest.mark.browser

SignIn = Callable[..., None]
SignOut = Callable[[], None]


def test_the_mayor_answers_a_hand_over_and_a_measure(
    page: Page, sign_in: SignIn, sign_out: SignOut
) -> None:
    h = handed_over()
    for user in (h.w.mayor, h.owner):
        enrol_totp(user, demo_totp_key(user.username))
    # A protection in another case with a camera measure in the mayor's municipality.
    other, _ = b.decided_case(h.w)
    started = decisions.create_decision(h.w.dm1, other.pk, b.start_data(h.w))
    decisions.approve_decision(h.w.dm2, started.pk)
    notice = LocalNotification.objects.filter(
        kind=NotificationKind.NEW, measure_name="Cameratoezicht"
    ).get()

    sign_in(h.w.mayor)
    work = page.get_by_role("region", name="Wat u vandaag moet doen")
    work.get_by_role("link", name=re.compile("^Overdracht beantwoorden")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Overdracht {h.case.reference}")
    assert_accessible(page, "een overdracht aan het lokaal gezag")
    body = page.content()
    assert not [s for s in SECRETS if s in body]
    page.get_by_label("Waarom geeft u de zaak terug?").fill("Te kort")
    page.get_by_role("button", name="Teruggeven").click()
    expect(page.get_by_role("alert").first).to_contain_text("ten minste 10 tekens")
    expect(page.get_by_label("Waarom geeft u de zaak terug?")).to_have_value("Te kort")
    assert_accessible(page, "een geweigerde teruggave")
    page.get_by_label("Toelichting (niet verplicht)").fill("Team Veiligheid pakt dit op.")
    page.get_by_role("button", name="Aanvaarden").click()
    expect(page.get_by_role("status")).to_contain_text("aanvaard")
    expect(page.locator(f"#overdracht-{h.handover.pk}-status")).to_have_text(
        "Aanvaard door het lokaal gezag"
    )

    page.goto("/besluiten/berichten")
    expect(page.get_by_role("heading", level=1)).to_have_text("Berichten lokaal gezag")
    assert_accessible(page, "de berichten met het reactieformulier")
    form = page.locator(f"#form-reactie-{notice.pk}")
    form.get_by_label("Niet akkoord").check()
    form.get_by_role("button", name="Reactie versturen").click()
    expect(page.get_by_role("alert").first).to_contain_text("reden")
    form = page.locator(f"#form-reactie-{notice.pk}")
    form.get_by_label("Niet akkoord").check()
    form.get_by_label("Reden of vraag").fill("Eerst een besluit van de raad over cameratoezicht.")
    form.get_by_role("button", name="Reactie versturen").click()
    expect(page.get_by_role("status")).to_contain_text("verstuurd")
    expect(page.locator(f"#reactie-{notice.pk}")).to_have_text("Niet akkoord")
    sign_out()

    sign_in(h.owner)
    page.goto(f"/casussen/{h.case.pk}")
    section = page.get_by_role("region", name="Overdracht aan het lokale domein")
    expect(section).to_contain_text("Aanvaard door het lokaal gezag")
    expect(section).to_contain_text("Team Veiligheid pakt dit op.")
    assert_accessible(page, "de casus met de overdracht")

    assert LocalHandover.objects.get(pk=h.handover.pk).status == HandoverStatus.ACCEPTED
    assert LocalNotification.objects.get(pk=notice.pk).response == NotificationResponse.DECLINED
