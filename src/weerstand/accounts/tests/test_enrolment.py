"""The one-time enrolment link (`accounts.enrolment`): only to the person's mailbox, stored as
a hash, expiring, single use, password first, a few wrong answers and it is gone."""

from __future__ import annotations

import hashlib
import re
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from weerstand import testing
from weerstand.accounts import enrolment, services
from weerstand.accounts.models import EnrolmentLink, User
from weerstand.audit.models import AuditRecord
from weerstand.testing import PASSWORD, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def newbie() -> User:
    u = testing.user("analyst", username="newbie")
    User.objects.filter(pk=u.pk).update(email="newbie@nctv.invalid")
    return User.objects.get(pk=u.pk)


def _issue(user: User) -> str:
    enrolment.issue_link(user, email=user.email)
    match = re.search(r"/aanmelden/koppelen/([A-Za-z0-9_-]+)", str(mail.outbox[-1].body))
    assert match is not None
    return match.group(1)


def _url(token: str) -> str:
    return reverse("accounts:enrolment", args=[token])


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = time.time()
    return f"{totp.token():06d}"


def test_the_link_goes_to_the_mailbox_and_only_its_hash_is_stored(newbie: User) -> None:
    token = _issue(newbie)
    (message,) = mail.outbox
    assert message.to == ["newbie@nctv.invalid"]
    link = EnrolmentLink.objects.get(user=newbie)
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(AuditRecord.objects.values()))
    assert link.expires_at - link.created_at == timedelta(hours=72)


def test_password_then_secret_then_code(newbie: User) -> None:
    token = _issue(newbie)
    c = Client()
    first = c.get(_url(token)).content.decode()
    assert 'class="qr"' not in first and 'name="password"' in first
    wrong = c.post(_url(token), {"password": "niet-het-wachtwoord"})
    assert wrong.status_code == 400 and 'class="qr"' not in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=newbie).exists()
    assert c.post(_url(token), {"password": PASSWORD}).status_code == 302
    page = c.get(_url(token)).content.decode()
    device = TOTPDevice.objects.get(user=newbie, confirmed=False)
    assert 'class="qr"><svg' in page and services.totp_secret_b32(device)[:4] in page
    bad = c.post(_url(token), {"token": f"{(int(_code(device)) + 1) % 1_000_000:06d}"})
    assert bad.status_code == 400
    device.refresh_from_db()
    assert not device.confirmed
    device.throttle_reset()  # django-otp's growing delay after a wrong code, not under test
    assert c.post(_url(token), {"token": _code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert c.get(_url(token)).status_code == 404  # used up
    sign_in(Client(), newbie)


def test_the_password_step_is_bound_to_its_own_link(newbie: User) -> None:
    other = testing.user("analyst")
    User.objects.filter(pk=other.pk).update(email="ander@nctv.invalid")
    mine, theirs = _issue(newbie), _issue(User.objects.get(pk=other.pk))
    c = Client()
    c.post(_url(mine), {"password": PASSWORD})
    assert 'class="qr"' not in c.get(_url(theirs)).content.decode()


def test_an_expired_or_revoked_link_shows_nothing(newbie: User) -> None:
    token = _issue(newbie)
    EnrolmentLink.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    c = Client()
    assert c.get(_url(token)).status_code == 404
    assert c.post(_url(token), {"password": PASSWORD}).status_code == 404
    newer = _issue(newbie)  # a new link revokes the old one
    older = _issue(newbie)
    assert c.get(_url(newer)).status_code == 404
    assert c.get(_url(older)).status_code == 200
    assert c.get(_url("verzonnen-token")).status_code == 404


def test_wrong_passwords_revoke_the_link(newbie: User) -> None:
    token = _issue(newbie)
    c = Client()
    for _ in range(enrolment.MAX_ATTEMPTS):
        c.post(_url(token), {"password": "fout-fout-fout"})
    assert c.post(_url(token), {"password": PASSWORD}).status_code == 404
    assert EnrolmentLink.objects.get().revoked_at is not None
    assert not TOTPDevice.objects.filter(user=newbie).exists()


def test_after_a_password_reset_the_person_chooses_the_password(newbie: User) -> None:
    services.enrol_totp(newbie, services.demo_totp_key(newbie.username))
    newbie.set_unusable_password()
    newbie.save()
    token = _issue(newbie)
    c = Client()
    page = c.get(_url(token)).content.decode()
    assert 'name="new_password1"' in page and 'class="qr"' not in page
    new = "Zelf-Gekozen-Wachtwoord-2026"
    done = c.post(_url(token), {"new_password1": new, "new_password2": new})
    assert done.status_code == 302 and done["Location"] == reverse("accounts:login")
    newbie.refresh_from_db()
    assert newbie.check_password(new)
    assert EnrolmentLink.objects.get().used_at is not None
    sign_in(Client(), newbie, password=new)
