"""Nothing but the sign-in pages without both factors; idle sessions expire; the API too."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from weerstand import testing
from weerstand.accounts import services
from weerstand.accounts.models import ApiToken, User
from weerstand.testing import sign_in

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
HOME = reverse("core:home")
WHOAMI = "/api/v1/test-whoami"
_SAMPLE = {
    "int": "1",
    "slug": "x",
    "str": "x",
    "path": "1",
    "uuid": "00000000-0000-0000-0000-000000000001",
}


def _walk(patterns: list, prefix: str = "") -> Iterator[tuple[str, object]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            if "^" in route or "(?P" in route:
                continue  # regex routes (admin catch-all, app index): covered by the others
            path = re.sub(
                r"<(?:(\w+):)?\w+>", lambda m: _SAMPLE.get(m.group(1) or "str", "x"), route
            )
            yield "/" + path, p.callback


def protected_urls() -> list[str]:
    """Every page of the site that is not marked public and not part of the API."""
    urls = []
    for path, view in _walk(get_resolver().url_patterns):
        if path.startswith(("/api/", "/i18n/", "/static/")):
            continue
        if "public" in getattr(view, "policy_needs", ()):
            continue
        urls.append(path)
    return sorted(set(urls))


def test_the_walk_finds_the_pages_that_matter() -> None:
    urls = protected_urls()
    for expected in ("/", "/casussen/", "/casussen/1", "/api-tokens", "/beheer/"):
        assert expected in urls
    assert LOGIN not in urls and reverse("accounts:totp") not in urls


def _assert_sent_to_sign_in(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302, f"{url} answered {response.status_code}"
    assert response["Location"].startswith(LOGIN), f"{url} redirected to {response['Location']}"


def test_anonymous_users_reach_only_the_sign_in_pages(client: Client) -> None:
    for url in protected_urls():
        _assert_sent_to_sign_in(client, url)
    assert client.get(LOGIN).status_code == 200
    assert client.get(reverse("core:health")).status_code == 200


def test_a_session_with_only_the_password_reaches_nothing(client: Client) -> None:
    """Authenticated but not verified (as if the second step were skipped): sent back."""
    u = testing.user("analyst", totp=True)
    for url in protected_urls():
        client.force_login(u)  # no OTP device in the session
        _assert_sent_to_sign_in(client, url)
        assert "_auth_user_id" not in client.session, f"{url} left the half session alive"
    client.force_login(u)
    response = client.post(reverse("accounts:api-tokens"), {"label": "x", "days": "7"})
    assert response.status_code == 302
    assert not ApiToken.objects.exists()


def test_htmx_requests_are_redirected_by_header(client: Client) -> None:
    response = client.get(reverse("cases:list"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"] == LOGIN


def test_a_verified_session_reaches_the_pages(client: Client) -> None:
    """The counterpart of the tests above, so they can fail: with both factors it works."""
    u = testing.user("analyst")
    sign_in(client, u)
    assert client.get(HOME).status_code == 200
    assert client.get(reverse("accounts:api-tokens")).status_code == 200


# --- the API and sessions --------------------------------------------------------------------


@pytest.mark.urls("weerstand.accounts.tests.api_urls")
def test_the_api_refuses_an_unverified_session() -> None:
    u = testing.user("analyst", totp=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(u)
    assert client.get(WHOAMI).status_code == 401


@pytest.mark.urls("weerstand.accounts.tests.api_urls")
def test_the_api_accepts_a_verified_session_with_csrf() -> None:
    u = testing.user("analyst")
    client = Client(enforce_csrf_checks=True)
    client.get(LOGIN)
    csrf = client.cookies["csrftoken"].value
    client.post(
        LOGIN, {"username": u.username, "password": testing.PASSWORD, "csrfmiddlewaretoken": csrf}
    )
    from weerstand.accounts.services import totp_device

    code = testing.fresh_totp_code(totp_device(u) or services.enrol_totp(u))
    client.post(reverse("accounts:totp"), {"token": code, "csrfmiddlewaretoken": csrf})
    response = client.get(WHOAMI)
    assert response.status_code == 200 and response.json() == {"username": u.username}
    assert client.post(WHOAMI, {}, content_type="application/json").status_code == 403, (
        "unsafe methods over a session need the CSRF token"
    )
    csrf = client.cookies["csrftoken"].value
    ok = client.post(WHOAMI, {}, content_type="application/json", HTTP_X_CSRFTOKEN=csrf)
    assert ok.status_code == 200


@pytest.mark.urls("weerstand.accounts.tests.api_urls")
def test_the_api_without_credentials_is_401(client: Client) -> None:
    response = client.get(WHOAMI)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")


# --- idle expiry -----------------------------------------------------------------------------


def test_the_real_settings_expire_idle_sessions() -> None:
    import weerstand.settings as real

    assert real.SESSION_SAVE_EVERY_REQUEST is True
    assert 0 < real.SESSION_COOKIE_AGE <= 30 * 60
    # Sessions live on the server, so an idle one can be refused whatever the browser keeps.
    engine = getattr(real, "SESSION_ENGINE", "django.contrib.sessions.backends.db")
    assert engine != "django.contrib.sessions.backends.signed_cookies"


def test_an_idle_session_requires_signing_in_again(client: Client, settings, monkeypatch) -> None:
    age = settings.SESSION_COOKIE_AGE
    u = testing.user("analyst")
    sign_in(client, u)
    start = timezone.now()

    def at(seconds: float) -> None:
        monkeypatch.setattr(timezone, "now", lambda: start + timedelta(seconds=seconds))

    at(age - 60)
    assert client.get(HOME).status_code == 200
    at(2 * age - 120)  # alive only because the previous request slid the expiry
    assert client.get(HOME).status_code == 200
    at(3 * age - 119)  # idle just over the limit
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_an_expired_session_row_is_not_honoured(client: Client) -> None:
    u = testing.user("analyst")
    sign_in(client, u)
    key = client.session.session_key
    session = Session.objects.get(session_key=key)
    assert session.expire_date > timezone.now() + timedelta(minutes=1)
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_every_request_slides_the_expiry(client: Client, settings) -> None:
    u = testing.user("analyst")
    sign_in(client, u)
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + timedelta(seconds=30)
    )
    client.get(HOME)
    expires = Session.objects.get(session_key=client.session.session_key).expire_date
    assert expires > timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 30)


def test_resetting_the_authenticator_ends_open_sessions(client: Client) -> None:
    u = testing.user("analyst")
    sign_in(client, u)
    assert client.get(HOME).status_code == 200
    services.reset_totp(testing.user("system_admin"), User.objects.get(pk=u.pk))
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_deactivating_an_account_ends_open_sessions(client: Client) -> None:
    u = testing.user("analyst")
    sign_in(client, u)
    User.objects.filter(pk=u.pk).update(is_active=False)
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
