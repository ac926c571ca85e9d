"""Four eyes on access in a real browser: an administrator requests, a second administrator
approves from the queue; every page passes axe (issue 14, finding 1)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from weerstand import testing as t
from weerstand.accounts import services
from weerstand.accounts.models import AccessChangeRequest, User

from .axe import assert_accessible
from .conftest import open_account_menu

pytestmark = pytest.mark.browser

SignIn = Callable[..., None]


def _admin(org: Any) -> User:
    u = t.user("system_admin", organisation=org, totp=True)
    services.sync_staff_flag(u)
    return User.objects.get(pk=u.pk)


def test_request_and_approve_in_the_browser(page: Page, sign_in: SignIn) -> None:
    nctv = t.org("nctv", code="nctv")
    first, second = _admin(nctv), _admin(nctv)
    target = t.user("analyst", organisation=nctv, totp=True, clearance=2)

    sign_in(first)
    page.goto("/toegangswijzigingen/aanvragen")
    assert_accessible(page, "een toegangswijziging aanvragen")
    page.get_by_label("Account").select_option(str(target.pk))
    page.get_by_label("Wijziging").select_option("raise_clearance")
    page.get_by_label("Nieuw screeningsniveau").select_option("3")
    page.get_by_label("Reden").fill("Nieuwe taak met geheime producten")
    page.get_by_role("button", name="Aanvragen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Screeningsniveau verhogen")
    assert_accessible(page, "een toegangswijziging (aanvrager)")
    expect(page.get_by_role("region", name="Uw besluit als tweede persoon")).to_have_count(0)
    open_account_menu(page)
    page.get_by_role("button", name="Afmelden").click()

    sign_in(second)
    page.goto("/toegangswijzigingen")
    assert_accessible(page, "openstaande toegangswijzigingen")
    queue = page.get_by_role("region", name="Openstaande toegangswijzigingen")
    queue.get_by_role("link", name="Screeningsniveau verhogen").click()
    decide = page.get_by_role("region", name="Uw besluit als tweede persoon")
    expect(decide).to_be_visible()
    assert_accessible(page, "een toegangswijziging (tweede persoon)")
    decide.get_by_label("Akkoord: de wijziging gaat nu in").check()
    decide.get_by_role("button", name="Vastleggen").click()
    expect(page.get_by_role("status").first).to_contain_text("vastgelegd")
    assert AccessChangeRequest.objects.get().status == "approved"
    assert User.objects.get(pk=target.pk).clearance == 3
