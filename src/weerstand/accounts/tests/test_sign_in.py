"""The two-step sign-in: Argon2, mandatory TOTP, one verdict, lock-out, enrolment, audit."""

from __future__ import annotations

import json
import logging
import time
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from weerstand import testing
from weerstand.accounts import services
from weerstand.accounts.models import User
from weerstand.audit.models import AuditAction, AuditRecord
from weerstand.testing import PASSWORD, fresh_totp_code, sign_in

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
CODE = reverse("accounts:totp")
HOME = reverse("core:home")
GENERIC = str(services.GENERIC_FAILURE)


def code_for(user: User, at: float | None = None) -> str:
    """A TOTP code computed from the device key, independently of the services module."""
    device = TOTPDevice.objects.get(user=user)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = at if at is not None else time.time()  # django-otp checks the real clock
    return f"{totp.token():06d}"


def wrong_code(user: User) -> str:
    return f"{(int(code_for(user)) + 1) % 1_000_000:06d}"


def attempt(client: Client, username: str, password: str, code: str) -> None:
    r1 = client.post(LOGIN, {"username": username, "password": password})
    assert r1.status_code == 302 and r1["Location"] == CODE  # always on to step two: no verdict yet
    client.post(CODE, {"token": code})


def signed_in(client: Client) -> bool:
    return client.get(HOME).status_code == 200


def failure_shown(client: Client) -> str:
    response = client.get(LOGIN)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def alice() -> User:
    return testing.user("analyst", username="alice", totp=True)


# --- hashing ---------------------------------------------------------------------------------


def test_the_real_settings_hash_passwords_with_argon2(settings) -> None:
    """The test conftest swaps in MD5 for speed; the settings module itself must say Argon2."""
    import weerstand.settings as real

    assert real.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    settings.PASSWORD_HASHERS = real.PASSWORD_HASHERS
    u = testing.user("analyst")
    assert identify_hasher(u.password).algorithm == "argon2"
    assert u.password.startswith("argon2$argon2id$")
    assert u.check_password(PASSWORD)


# --- the happy path --------------------------------------------------------------------------


def test_two_step_sign_in_with_a_real_totp_code(client: Client, alice: User) -> None:
    response = client.post(LOGIN, {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == CODE
    assert client.get(HOME).status_code == 302, "the password alone signs nobody in"
    response = client.post(CODE, {"token": code_for(alice)})
    assert response.status_code == 302 and response["Location"] == HOME
    assert signed_in(client)
    assert AuditRecord.objects.filter(action=AuditAction.LOGIN, actor_id=alice.pk).count() == 1


def test_code_with_spaces_is_accepted(client: Client, alice: User) -> None:
    client.post(LOGIN, {"username": "alice", "password": PASSWORD})
    code = code_for(alice)
    client.post(CODE, {"token": f"{code[:3]} {code[3:]}"})
    assert signed_in(client)


def test_the_session_key_changes_at_sign_in(client: Client, alice: User) -> None:
    client.post(LOGIN, {"username": "alice", "password": PASSWORD})
    before = client.session.session_key
    client.post(CODE, {"token": code_for(alice)})
    assert signed_in(client)
    assert client.session.session_key != before


def test_a_used_code_cannot_be_replayed(alice: User) -> None:
    code = code_for(alice)
    first, second = Client(), Client()
    attempt(first, "alice", PASSWORD, code)
    attempt(second, "alice", PASSWORD, code)
    assert signed_in(first)
    assert not signed_in(second)


def test_next_is_followed_only_within_the_site(client: Client, alice: User) -> None:
    client.post(LOGIN, {"username": "alice", "password": PASSWORD, "next": "/casussen/"})
    assert client.post(CODE, {"token": code_for(alice)})["Location"] == "/casussen/"
    other = Client()
    other.post(LOGIN, {"username": "alice", "password": PASSWORD, "next": "https://evil.example/"})
    response = other.post(CODE, {"token": fresh_totp_code(TOTPDevice.objects.get(user=alice))})
    assert response["Location"] == HOME


def test_code_step_without_password_step_goes_back(client: Client) -> None:
    assert client.get(CODE)["Location"] == LOGIN
    assert client.post(CODE, {"token": "123456"})["Location"] == LOGIN


def test_a_stale_password_step_expires(client: Client, alice: User, monkeypatch) -> None:
    client.post(LOGIN, {"username": "alice", "password": PASSWORD})
    later = timezone.now() + timedelta(seconds=services.PENDING_SECONDS + 1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    client.post(CODE, {"token": code_for(alice)})  # device clock: real time, code is valid
    assert not signed_in(client)
    assert TOTPDevice.objects.get(user=alice).last_t == -1, "the code was never even tried"


# --- one verdict, never which factor ---------------------------------------------------------


def test_wrong_totp_fails_with_the_generic_message(client: Client, alice: User) -> None:
    attempt(client, "alice", PASSWORD, wrong_code(alice))
    assert not signed_in(client)
    assert GENERIC in failure_shown(client)
    rec = AuditRecord.objects.get(action=AuditAction.LOGIN_FAILED)
    assert rec.object_id == str(alice.pk) and rec.result == "denied"


def test_wrong_password_unknown_user_and_wrong_code_look_the_same(alice: User) -> None:
    """Step one always continues; step two fails alike. The page never names the factor."""
    pages = []
    for username, password, code in (
        ("alice", "wrong-password-123", code_for(alice)),  # right code, wrong password
        ("nobody", PASSWORD, code_for(alice)),
        ("alice", PASSWORD, wrong_code(alice)),
    ):
        c = Client()
        first = c.post(LOGIN, {"username": username, "password": password})
        assert (first.status_code, first["Location"]) == (302, CODE)
        step_two = c.get(CODE)
        assert step_two.status_code == 200 and b'class="qr"' not in step_two.content
        assert c.post(CODE, {"token": code})["Location"] == LOGIN
        page = failure_shown(c)
        assert GENERIC in page
        pages.append(page.replace(c.cookies["csrftoken"].value, ""))
        for word in ("wachtwoord onjuist", "TOTP-code onjuist", "bestaat niet", "geblokkeerd"):
            assert word not in page.lower()
    assert len(pages) == 3
    assert not User.objects.filter(username="nobody").exists()


def test_an_unknown_username_is_not_stored_in_the_audit_trail(client: Client) -> None:
    typed = "MyS3cret-typed-in-the-name-field"
    attempt(client, typed, PASSWORD, "123456")
    rec = AuditRecord.objects.get(action=AuditAction.LOGIN_FAILED)
    assert rec.object_repr == "onbekende gebruikersnaam"
    assert typed not in json.dumps(_record_values(rec))
    attempt(Client(), typed, PASSWORD, "123456")
    fingerprints = {r.reason for r in AuditRecord.objects.filter(action=AuditAction.LOGIN_FAILED)}
    assert len(fingerprints) == 1, "the same name gets the same fingerprint, for correlation"


# --- lock-out (the growing delays themselves: test_throttle.py) -----------------------------


def test_lockout_after_n_mixed_failures(settings, alice: User) -> None:
    settings.LOCKOUT_THRESHOLD = 4
    attempt(Client(), "alice", "wrong-1", "000000")
    attempt(Client(), "alice", PASSWORD, wrong_code(alice))
    attempt(Client(), "alice", "wrong-2", "000000")
    alice.refresh_from_db()
    assert alice.failed_login_count == 3 and not alice.is_locked()
    attempt(Client(), "alice", PASSWORD, wrong_code(alice))
    alice.refresh_from_db()
    assert alice.is_locked()
    assert (
        AuditRecord.objects.filter(action=AuditAction.LOCKED, object_id=str(alice.pk)).count() == 1
    )
    assert AuditRecord.objects.filter(action=AuditAction.LOGIN_FAILED).count() == 4

    # Correct password and a correct code: still refused, with the same message.
    c = Client()
    attempt(c, "alice", PASSWORD, fresh_totp_code(TOTPDevice.objects.get(user=alice)))
    assert not signed_in(c)
    assert GENERIC in failure_shown(c)
    assert not AuditRecord.objects.filter(action=AuditAction.LOGIN).exists()
    locked = AuditRecord.objects.filter(action=AuditAction.LOGIN_FAILED).order_by("-seq").first()
    assert locked is not None and locked.reason == services.BLOCKED_REASON


def test_a_successful_sign_in_resets_the_count(settings, alice: User) -> None:
    settings.LOCKOUT_THRESHOLD = 3
    attempt(Client(), "alice", "wrong", "000000")
    attempt(Client(), "alice", "wrong", "000000")
    sign_in(Client(), alice)
    alice.refresh_from_db()
    assert alice.failed_login_count == 0
    attempt(Client(), "alice", "wrong", "000000")
    alice.refresh_from_db()
    assert not alice.is_locked()


def test_the_lock_expires(settings, alice: User, monkeypatch) -> None:
    settings.LOCKOUT_THRESHOLD = 2
    settings.LOCKOUT_MINUTES = 15
    attempt(Client(), "alice", "wrong", "000000")
    attempt(Client(), "alice", "wrong", "000000")
    alice.refresh_from_db()
    assert alice.is_locked()

    c = Client()
    sign_in_refused = c.post(LOGIN, {"username": "alice", "password": PASSWORD})
    assert sign_in_refused["Location"] == CODE
    c.post(CODE, {"token": code_for(alice)})
    assert not signed_in(c)

    later = timezone.now() + timedelta(minutes=16)
    monkeypatch.setattr(timezone, "now", lambda: later)
    c = Client()
    c.post(LOGIN, {"username": "alice", "password": PASSWORD})
    c.post(CODE, {"token": code_for(alice)})  # TOTP itself runs on the real clock
    assert signed_in(c)
    alice.refresh_from_db()
    assert alice.failed_login_count == 0 and alice.locked_until is None


def test_admin_unlock_lets_the_user_in_again(settings, alice: User) -> None:
    settings.LOCKOUT_THRESHOLD = 2
    admin = testing.user("system_admin")
    attempt(Client(), "alice", PASSWORD, wrong_code(alice))
    attempt(Client(), "alice", PASSWORD, wrong_code(alice))
    alice.refresh_from_db()
    assert alice.is_locked()
    assert services.unlock_account(admin, alice) is True
    alice.refresh_from_db()
    assert not alice.is_locked() and alice.failed_login_count == 0
    rec = AuditRecord.objects.get(action=AuditAction.ADMIN)
    assert (
        rec.actor_id == admin.pk and rec.object_id == str(alice.pk) and rec.reason == "ontgrendeld"
    )
    c = Client()
    sign_in(c, alice)  # the authenticator throttle was lifted with the lock
    assert signed_in(c)
    assert services.unlock_account(admin, alice) is False


# --- enrolment -------------------------------------------------------------------------------


def test_a_new_user_without_authenticator_is_shown_no_secret(client: Client) -> None:
    """Whoever knows the password of a new account gets no authenticator secret: enrolment
    goes only through the one-time link in the person's mailbox (`test_enrolment.py`)."""
    newbie = testing.user("analyst", username="newbie")
    assert not TOTPDevice.objects.filter(user=newbie).exists()
    client.post(LOGIN, {"username": "newbie", "password": PASSWORD})
    page = client.get(CODE)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="qr"' not in html and "Authenticator koppelen" not in html
    assert not TOTPDevice.objects.filter(user=newbie).exists()
    response = client.post(CODE, {"token": "123456"})
    assert response["Location"] == LOGIN
    assert not signed_in(client)
    assert GENERIC in failure_shown(client)
    newbie.refresh_from_db()
    assert newbie.failed_login_count == 1


def test_an_unconfirmed_device_is_not_shown_at_sign_in_either(client: Client) -> None:
    newbie = testing.user("analyst", username="newbie")
    device = services.enrolment_device(newbie)  # as if the link page had been opened
    client.post(LOGIN, {"username": "newbie", "password": PASSWORD})
    html = client.get(CODE).content.decode()
    assert services.totp_secret_b32(device)[:8] not in html and 'class="qr"' not in html


def test_no_qr_code_without_the_right_password(client: Client) -> None:
    testing.user("analyst", username="newbie")
    client.post(LOGIN, {"username": "newbie", "password": "not-the-password"})
    page = client.get(CODE)
    assert b'class="qr"' not in page.content
    assert not TOTPDevice.objects.exists()


# --- audit and logs: never a secret ----------------------------------------------------------


def _record_values(rec: AuditRecord) -> dict:
    return {f.name: getattr(rec, f.name) for f in rec._meta.fields if f.name != "created_at"}


def test_no_password_or_code_in_the_audit_trail_or_the_logs(settings, alice: User, caplog) -> None:
    settings.LOCKOUT_THRESHOLD = 3
    caplog.set_level(logging.DEBUG)
    secrets_typed = ["Wr0ng-Passw0rd-xyz", PASSWORD]
    attempt(Client(), "alice", secrets_typed[0], "000000")
    bad = wrong_code(alice)
    attempt(Client(), "alice", PASSWORD, bad)
    good = fresh_totp_code(TOTPDevice.objects.get(user=alice))
    c = Client()
    attempt(c, "alice", PASSWORD, good)
    assert signed_in(c)
    c.post(reverse("accounts:logout"))
    actions = set(AuditRecord.objects.values_list("action", flat=True))
    assert {AuditAction.LOGIN, AuditAction.LOGIN_FAILED, AuditAction.LOGOUT} <= actions
    trail = json.dumps([_record_values(r) for r in AuditRecord.objects.all()], default=str)
    logs = caplog.text
    for secret in [*secrets_typed, bad, good]:
        assert secret not in trail
        assert secret not in logs


def test_logout_is_audited_and_ends_the_session(client: Client, alice: User) -> None:
    sign_in(client, alice)
    assert client.get(reverse("accounts:logout")).status_code == 405  # POST only
    client.post(reverse("accounts:logout"))
    assert not signed_in(client)
    assert AuditRecord.objects.filter(action=AuditAction.LOGOUT, actor_id=alice.pk).count() == 1


def test_an_inactive_account_cannot_sign_in(client: Client, alice: User) -> None:
    User.objects.filter(pk=alice.pk).update(is_active=False)
    attempt(client, "alice", PASSWORD, code_for(alice))
    assert not signed_in(client)
