"""Portal accounts for persons concerned: asked by the case team, four eyes, then the one-time
link to the person's own mailbox; one insider alone opens nothing."""

from __future__ import annotations

import pytest
from django.core import mail
from django.http import Http404

from weerstand import testing as t
from weerstand.accounts import access_changes
from weerstand.accounts.models import EnrolmentLink, User
from weerstand.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from weerstand.rights.models import AddressedLetter
from weerstand.rights.tests import relatives_builders as rb

pytestmark = pytest.mark.django_db


def _case_without_accounts() -> rb.RWorld:
    rw = rb.linked_case()
    User.objects.filter(person__in=[rw.partner, rw.employer, rw.protectee]).update(person=None)
    return rw


def test_the_team_asks_a_second_person_approves_the_person_gets_the_link() -> None:
    from weerstand.cases import persons

    rw = _case_without_accounts()
    t.org("civilian", code="burgers")
    admin = t.user("system_admin")
    change = persons.request_portal_account(
        rw.w.author, rw.case.pk, rw.partner_link.pk, email="thomas@example.org",
        reason="De partner wil zijn brieven in het portaal lezen.",
    )  # fmt: skip
    account = User.objects.get(person=rw.partner)
    assert change.roles == ["relative"] and change.status == "pending"
    assert not account.role_codes and not account.has_usable_password()
    # The letter is not reachable by the account while the request waits.
    d = rb.decide_start(rw)
    letter = AddressedLetter.objects.get(decision=d, person=rw.partner)
    assert not AddressedLetter.objects.visible_to(account).filter(pk=letter.pk).exists()
    # The requester cannot approve; nobody asks twice.
    with pytest.raises((NotPermitted, Http404)):
        access_changes.decide(rw.w.author, change.pk, approve=True)
    with pytest.raises(InvalidTransition):
        persons.request_portal_account(
            rw.w.author, rw.case.pk, rw.partner_link.pk, email="x@example.org",
            reason="Nog een keer aanvragen voor de partner.",
        )  # fmt: skip
    access_changes.decide(admin, change.pk, approve=True)
    account = User.objects.get(pk=account.pk)
    assert account.role_codes == {"relative"}
    assert EnrolmentLink.objects.filter(user=account).exists()
    assert mail.outbox and mail.outbox[-1].to == ["thomas@example.org"]
    assert AddressedLetter.objects.visible_to(account).filter(pk=letter.pk).exists()


def test_roles_follow_the_link_and_only_the_team_may_ask() -> None:
    from weerstand.cases import persons
    from weerstand.cases.models import CasePerson

    rw = _case_without_accounts()
    t.org("civilian", code="burgers")
    protectee_link = CasePerson.objects.get(case=rw.case, role="protectee")
    change = persons.request_portal_account(
        rw.w.author, rw.case.pk, protectee_link.pk, email="sanne@example.org",
        reason="De persoon wil het portaal gebruiken.",
    )  # fmt: skip
    assert change.roles == ["protectee"]
    change = persons.request_portal_account(
        rw.w.author, rw.case.pk, rw.employer_link.pk, email="erik@example.org",
        reason="De werkgever ziet zijn maatregelen in het portaal.",
    )  # fmt: skip
    assert change.roles == ["employer"]
    outsider = t.user("analyst")
    with pytest.raises(Exception) as exc:
        persons.request_portal_account(
            outsider, rw.case.pk, rw.partner_link.pk, email="x@example.org",
            reason="Ik probeer iemands brieven te lezen.",
        )  # fmt: skip
    assert exc.type.__name__ in ("Http404", "NotPermitted")
    with pytest.raises(ValidationFailed):
        persons.request_portal_account(
            rw.w.author, rw.case.pk, rw.partner_link.pk, email="geen-adres",
            reason="Een ongeldig e-mailadres hoort te falen.",
        )  # fmt: skip


def test_api_and_page_ask_a_portal_account() -> None:
    from django.test import Client

    rw = _case_without_accounts()
    t.org("civilian", code="burgers")
    url = f"/api/v1/cases/{rw.case.pk}/persons/{rw.partner_link.pk}/portal-accounts"
    client = t.api_client(rw.w.author)
    body = {"email": "thomas@example.org", "reason": "De partner wil het portaal gebruiken."}
    assert client.post(url, {**body, "role": "inspector"}).status_code == 400
    made = client.post(url, body)
    assert made.status_code == 201, made.content
    assert made.json()["roles"] == ["relative"] and made.json()["status"] == "pending"
    assert t.api_client(rw.partner_user).post(url, body).status_code == 404
    web = Client()
    t.login(web, rw.w.author)
    page = web.get(f"/casussen/{rw.case.pk}/personen")
    assert page.status_code == 200 and "Portaalaccount aanvragen" in page.content.decode()
    posted = web.post(
        f"/casussen/{rw.case.pk}/personen/{rw.employer_link.pk}/portaalaccount",
        {f"p{rw.employer_link.pk}-email": "erik@example.org",
         f"p{rw.employer_link.pk}-reason": "De werkgever wil zijn maatregelen zien."},
    )  # fmt: skip
    assert posted.status_code == 302, posted.content.decode()[:2000]
    assert User.objects.filter(person=rw.employer, email="erik@example.org").exists()
    listing = web.get(f"/casussen/{rw.case.pk}/personen").content.decode()
    assert "Aangevraagd, wacht op akkoord" in listing
