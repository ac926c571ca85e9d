"""Issue 14, finding 1: "One administrator can read protected addresses."

The insider scenario end to end, through the real pages (admin site, two-step sign-in, the
queue of access changes, the enrolment link): `beheerder` creates an inspector account with
clearance 4 and tries to sign in as it and read a protectee's home address. It fails at the
second person: nothing is in effect and no authenticator secret is shown until another
administrator approves, and then the enrolment link goes only to the person's mailbox.
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from weerstand import testing
from weerstand.accounts import services
from weerstand.accounts.models import AccessChangeRequest, EnrolmentLink, User
from weerstand.cases.models import Case
from weerstand.policy.models import Alert
from weerstand.registry.models import Person
from weerstand.testing import sign_in

pytestmark = pytest.mark.django_db

ADDRESS = "Keizersgracht 1, Amsterdam"
NEW_PASSWORD = "Een-Heel-Geheim-Wachtwoord-2026"


def _admin(username: str, org) -> User:
    u = testing.user("system_admin", username=username, organisation=org, totp=True)
    services.sync_staff_flag(u)
    return User.objects.get(pk=u.pk)


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = time.time()
    return f"{totp.token():06d}"


def _add_inspector(client: Client, inspectorate: Any) -> Any:
    return client.post(
        reverse("beheer:accounts_user_add"),
        {
            "username": "inspecteur.x",
            "usable_password": "true",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "first_name": "Xander",
            "last_name": "Insider",
            "email": "xander@inspectie.invalid",
            "organisation": str(inspectorate.pk),
            "unit": "",
            "clearance": "4",
            "requested_roles": ["inspector"],
            "access_reason": "Nieuwe inspecteur voor het jaaronderzoek 2026",
        },
    )


def test_one_administrator_cannot_read_protected_addresses() -> None:
    nctv = testing.org("nctv", code="nctv")
    inspectorate = testing.org("inspectorate", code="inspectie")
    beheerder = _admin("beheerder", nctv)
    beheerder2 = _admin("beheerder2", nctv)
    officer = testing.user("security_officer", organisation=inspectorate, totp=True)
    referrer = testing.user("analyst", clearance=4)
    protectee = testing.person("Bedreigd", "Persoon", home_address=ADDRESS, classification=4)
    case = testing.case(referrer, protectee=protectee, classification=4)

    # 1. The insider creates the account in /beheer/, with the role and clearance asked for.
    insider = Client()
    sign_in(insider, beheerder)
    response = _add_inspector(insider, inspectorate)
    assert response.status_code == 302, response.content.decode()[:3000]
    account = User.objects.get(username="inspecteur.x")
    assert account.check_password(NEW_PASSWORD)  # the insider knows the password...
    assert account.clearance == 0 and not account.role_codes  # ...but nothing is in effect
    (pending,) = AccessChangeRequest.objects.filter(target=account)
    assert pending.status == "pending" and pending.requested_by_id == beheerder.pk
    assert pending.roles == ["inspector"] and pending.clearance == 4
    assert not Case.objects.visible_to(account).exists()
    assert not Person.objects.visible_to(account).exists()
    assert mail.outbox == []  # no enrolment link before a second person approved

    # 2. Signing in as it: no authenticator secret for whoever knows the password, and a
    #    code step that fails like any other failure.
    as_account = Client()
    step1 = as_account.post(
        reverse("accounts:login"), {"username": "inspecteur.x", "password": NEW_PASSWORD}
    )
    assert step1.status_code == 302
    page = as_account.get(reverse("accounts:totp")).content.decode()
    assert 'class="qr"' not in page and "Sleutel" not in page
    assert not TOTPDevice.objects.filter(user=account).exists()
    as_account.post(reverse("accounts:totp"), {"token": "123456"})
    assert as_account.get(reverse("registry:person", args=[protectee.pk])).status_code == 302
    failure = as_account.get(reverse("accounts:login")).content.decode()
    assert str(services.GENERIC_FAILURE) in failure

    # 3. The seams: the insider cannot approve their own request, nor raise the clearance or
    #    add the role in the admin change form instead.
    detail = reverse("accounts:access-change", args=[pending.pk])
    decide = reverse("accounts:access-change-decide", args=[pending.pk])
    assert b"form-access-decide" not in insider.get(detail).content
    refused = insider.post(decide, {"outcome": "approved", "reason": ""})
    assert refused.status_code == 403
    assert "Vier ogen" in refused.content.decode()
    change_url = reverse("beheer:accounts_user_change", args=[account.pk])
    insider.post(
        change_url,
        {
            "username": "inspecteur.x",
            "first_name": "Xander",
            "last_name": "Insider",
            "organisation": str(inspectorate.pk),
            "unit": "",
            "clearance": "4",
            "is_active": "on",
            "role_assignments-TOTAL_FORMS": "1",
            "role_assignments-INITIAL_FORMS": "0",
            "role_assignments-MIN_NUM_FORMS": "0",
            "role_assignments-MAX_NUM_FORMS": "1000",
            "role_assignments-0-role": "inspector",
            "role_assignments-0-user": str(account.pk),
        },
    )
    account = User.objects.get(pk=account.pk)
    assert account.clearance == 0 and not account.role_codes
    pending.refresh_from_db()
    assert pending.status == "pending" and pending.decided_by_id is None
    assert mail.outbox == []
    assert not Case.objects.visible_to(account).exists()

    # 4. The second person: another administrator finds it in the queue and approves.
    second = Client()
    sign_in(second, beheerder2)
    queue = second.get(reverse("accounts:access-changes")).content.decode()
    assert "Openstaande toegangswijzigingen" in queue and "inspecteur.x" in queue
    assert "xander@inspectie.invalid" in second.get(detail).content.decode()
    approved = second.post(decide, {"outcome": "approved", "reason": ""})
    assert approved.status_code == 302
    pending.refresh_from_db()
    assert pending.status == "approved" and pending.decided_by_id == beheerder2.pk
    account = User.objects.get(pk=account.pk)
    assert account.clearance == 4 and account.role_codes == {"inspector"}

    # The enrolment link went to the person's mailbox only, and is stored only as a hash.
    (message,) = mail.outbox
    assert message.to == ["xander@inspectie.invalid"]
    match = re.search(r"/aanmelden/koppelen/([A-Za-z0-9_-]+)", str(message.body))
    assert match is not None
    token = match.group(1)
    assert not EnrolmentLink.objects.filter(token_hash=token).exists()
    for c in (insider, second):
        for url in (detail, reverse("accounts:access-changes"), change_url):
            assert token.encode() not in c.get(url).content

    # The account's organisation (its security officer) is told; the inspectorate sees it.
    waiting, done_alert = Alert.objects.filter(recipient=officer).order_by("pk")
    assert "wacht op uw akkoord" in waiting.message  # the officer could have been the second
    alert = done_alert
    assert "doorgevoerd" in alert.message and "inspecteur.x" in alert.message
    assert beheerder.display_name in alert.message and beheerder2.display_name in alert.message

    # 5. The person enrols through the link: password first, then the secret, then a code.
    person = Client()
    link_url = reverse("accounts:enrolment", args=[token])
    first = person.get(link_url).content.decode()
    assert 'class="qr"' not in first  # not before the password
    assert person.post(link_url, {"password": NEW_PASSWORD}).status_code == 302
    enrol_page = person.get(link_url).content.decode()
    device = TOTPDevice.objects.get(user=account, confirmed=False)
    assert services.totp_secret_b32(device)[:4] in enrol_page
    done = person.post(link_url, {"token": _code(device)})
    assert done.status_code == 302 and done["Location"] == reverse("accounts:login")
    device.refresh_from_db()
    assert device.confirmed
    assert person.get(link_url).status_code == 404  # single use

    sign_in(person, account, password=NEW_PASSWORD)
    page = person.get(reverse("registry:person", args=[protectee.pk]))
    assert page.status_code == 200 and ADDRESS in page.content.decode()
    assert Case.objects.visible_to(account).filter(pk=case.pk).exists()
