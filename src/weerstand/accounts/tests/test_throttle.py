"""Sign-in throttling (issue 14, finding 4): growing delays per user name and per source
address, never an API token switched off, and nothing that tells which names exist."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from weerstand import testing
from weerstand.accounts import services, throttle
from weerstand.accounts.models import SignInThrottle, ThrottleKind, User
from weerstand.audit.models import AuditAction, AuditRecord

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
CODE = reverse("accounts:totp")
HOME = reverse("core:home")
GENERIC = str(services.GENERIC_FAILURE)


@pytest.fixture(autouse=True)
def _throttle_settings(settings: Any) -> None:
    settings.LOCKOUT_THRESHOLD = 3
    settings.LOCKOUT_SOURCE_THRESHOLD = 6
    settings.LOCKOUT_BASE_SECONDS = 30
    settings.LOCKOUT_MINUTES = 15
    settings.LOCKOUT_FORGET_HOURS = 24


@pytest.fixture
def alice() -> User:
    return testing.user("analyst", username="alice", totp=True)


class Clock:
    """`timezone.now` under the test's control (TOTP itself runs on the real clock)."""

    def __init__(self, monkeypatch: Any) -> None:
        self.now = timezone.now()
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch: Any) -> Clock:
    return Clock(monkeypatch)


def good_code(user: User) -> str:
    device = TOTPDevice.objects.get(user=user)
    device.last_t = -1  # several sign-ins within one 30-second step: a test, not a replay
    device.throttling_failure_count = 0
    device.save(update_fields=["last_t", "throttling_failure_count"])
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():06d}"


def attempt(username: str, password: str, code: str = "000000", addr: str = "10.0.0.1") -> Client:
    client = Client(REMOTE_ADDR=addr)
    r1 = client.post(LOGIN, {"username": username, "password": password})
    assert r1.status_code == 302 and r1["Location"] == CODE  # never a verdict at step one
    client.post(CODE, {"token": code})
    return client


def signed_in(client: Client) -> bool:
    return client.get(HOME).status_code == 200


def good_sign_in(user: User, addr: str = "10.0.0.1") -> bool:
    return signed_in(attempt(user.username, testing.PASSWORD, good_code(user), addr))


def name_row(username: str) -> SignInThrottle | None:
    return SignInThrottle.objects.filter(
        kind=ThrottleKind.USERNAME, key=throttle.username_key(username)
    ).first()


def blocked_for(username: str, addr: str = "10.0.0.1") -> timedelta:
    until = throttle.blocked_until(username, addr)
    return until - timezone.now() if until else timedelta(0)


# --- the delay grows -------------------------------------------------------------------------


def test_the_delay_doubles_from_the_base_and_is_capped() -> None:
    assert throttle.delay_for(2, free=3) == timedelta(0)
    assert [throttle.delay_for(n, free=3).total_seconds() for n in range(3, 10)] == [
        30,
        60,
        120,
        240,
        480,
        900,  # capped at LOCKOUT_MINUTES
        900,
    ]
    assert throttle.delay_for(10_000, free=3) == timedelta(minutes=15)


def test_each_failure_after_the_threshold_doubles_the_delay(alice: User, clock: Clock) -> None:
    attempt("alice", "wrong")
    attempt("alice", "wrong")
    assert blocked_for("alice") == timedelta(0)
    attempt("alice", "wrong")  # the third: the first delay
    assert blocked_for("alice") == timedelta(seconds=30)
    alice.refresh_from_db()
    assert alice.is_locked() and alice.failed_login_count == 3  # shown to the administrator
    for expected in (60, 120, 240):
        clock.advance(seconds=blocked_for("alice").total_seconds() + 1)
        assert blocked_for("alice") == timedelta(0)
        attempt("alice", "wrong")
        assert blocked_for("alice") == timedelta(seconds=expected)
    locks = AuditRecord.objects.filter(action=AuditAction.LOCKED, object_id=str(alice.pk))
    assert locks.count() == 4
    newest = locks.last()
    assert newest is not None and "API-tokens blijven werken" in newest.reason


def test_during_a_delay_even_the_right_factors_fail_and_nothing_is_counted(
    alice: User, clock: Clock
) -> None:
    for _ in range(3):
        attempt("alice", "wrong")
    row = name_row("alice")
    assert row is not None and row.failures == 3
    client = attempt("alice", testing.PASSWORD, good_code(alice))
    assert not signed_in(client)
    assert GENERIC in client.get(LOGIN).content.decode()
    for _ in range(10):  # hammering during the delay does not make it longer
        attempt("alice", "wrong")
    row.refresh_from_db()
    assert row.failures == 3
    assert blocked_for("alice") == timedelta(seconds=30)
    last = AuditRecord.objects.filter(action=AuditAction.LOGIN_FAILED).order_by("-seq").first()
    assert last is not None and last.reason == services.BLOCKED_REASON
    clock.advance(seconds=31)
    assert good_sign_in(alice)
    assert name_row("alice") is None, "a full sign-in clears the name"
    alice.refresh_from_db()
    assert not alice.is_locked() and alice.failed_login_count == 0


def test_old_failures_are_forgotten(alice: User, clock: Clock) -> None:
    attempt("alice", "wrong")
    attempt("alice", "wrong")
    clock.advance(hours=25)
    attempt("alice", "wrong")
    row = name_row("alice")
    assert row is not None and row.failures == 1 and row.blocked_until is None


# --- per user name, per source ---------------------------------------------------------------


def test_a_name_is_throttled_whatever_the_address(alice: User) -> None:
    for n in range(3):
        attempt("alice", "wrong", addr=f"10.0.1.{n}")
    assert not good_sign_in(alice, addr="10.0.9.9")
    # Another user from those addresses is not held up by alice's delay.
    bob = testing.user("analyst", username="bob", totp=True)
    assert good_sign_in(bob, addr="10.0.1.0")


def test_an_address_is_throttled_whatever_the_names(alice: User, clock: Clock) -> None:
    """A password spray: one address, a different name each time."""
    for n in range(6):
        attempt(f"user-{n}", "wrong", addr="10.6.6.6")
    assert blocked_for("alice", "10.6.6.6") == timedelta(seconds=30)
    assert not good_sign_in(alice, addr="10.6.6.6")
    assert good_sign_in(alice, addr="10.0.0.7"), "the name itself is not held up"
    rec = AuditRecord.objects.filter(
        action=AuditAction.LOCKED, object_type="accounts.signinthrottle"
    ).get()
    assert "10.6.6.6" in rec.object_repr


def test_a_successful_sign_in_does_not_clear_its_address(alice: User) -> None:
    """One valid account must not reset a spray from the same address."""
    for n in range(4):
        attempt(f"user-{n}", "wrong", addr="10.6.6.7")
    assert good_sign_in(alice, addr="10.6.6.7")
    source = SignInThrottle.objects.get(kind=ThrottleKind.SOURCE, key="10.6.6.7")
    assert source.failures == 4


# --- API tokens keep working -----------------------------------------------------------------


def test_a_throttled_name_does_not_switch_its_api_token_off(settings: Any, alice: User) -> None:
    settings.LOCKOUT_THRESHOLD = 5
    _, raw = services.issue_token(alice)
    for _ in range(12):  # far past the threshold
        attempt("alice", "wrong")
    alice.refresh_from_db()
    assert alice.is_locked()
    api = testing.api_client()
    api.credentials(HTTP_AUTHORIZATION=f"Token {raw}", REMOTE_ADDR="10.0.0.1")
    response = api.get("/api/v1/cases")
    assert response.status_code == 200, response.content
    # Blocking the account (an administrator's decision) still stops the token.
    User.objects.filter(pk=alice.pk).update(is_active=False)
    assert api.get("/api/v1/cases").status_code == 401


# --- no enumeration --------------------------------------------------------------------------


def _normalised(client: Client) -> str:
    html = client.get(LOGIN).content.decode()
    return re.sub(r"[A-Za-z0-9]{64}", "CSRF", html)


def test_known_and_unknown_names_are_throttled_alike(alice: User) -> None:
    pages: list[str] = []
    for name in ("alice", "nobody-here"):
        clients = [attempt(name, "wrong", addr=f"10.1.{len(pages)}.{n}") for n in range(4)]
        pages.append(_normalised(clients[-1]))
        row = name_row(name)
        assert row is not None and row.failures == 3 and row.blocked_until is not None
        assert name not in row.key
    assert pages[0] == pages[1]
    assert GENERIC in pages[0]
    assert not User.objects.filter(username="nobody-here").exists()
    # The table holds no typed name at all.
    keys = " ".join(SignInThrottle.objects.values_list("key", flat=True))
    assert "alice" not in keys and "nobody" not in keys


# --- the administrator -----------------------------------------------------------------------


def test_unlock_lifts_the_delay_on_the_name(alice: User) -> None:
    admin = testing.user("system_admin")
    for _ in range(3):
        attempt("alice", "wrong")
    alice.refresh_from_db()
    assert alice.is_locked()
    assert services.unlock_account(admin, alice) is True
    assert name_row("alice") is None
    assert good_sign_in(alice)
    assert services.unlock_account(admin, alice) is False
