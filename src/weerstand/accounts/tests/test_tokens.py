"""Personal API tokens: the page, hashing, expiry, revocation, and the DRF authentication."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.test import APIRequestFactory

from weerstand import testing
from weerstand.accounts import services
from weerstand.accounts.authentication import ApiTokenAuthentication, VerifiedSessionAuthentication
from weerstand.accounts.models import ApiToken, User
from weerstand.audit.models import AuditAction, AuditRecord
from weerstand.core.errors import NotPermitted
from weerstand.testing import sign_in

pytestmark = pytest.mark.django_db

PAGE = reverse("accounts:api-tokens")
WHOAMI = "/api/v1/test-whoami"


@pytest.fixture
def bob() -> User:
    return testing.user("police_liaison", username="bob")


@pytest.fixture
def bob_client(bob: User) -> Client:
    client = Client()
    sign_in(client, bob)
    return client


# --- the page --------------------------------------------------------------------------------


def test_create_shows_the_token_once_and_stores_only_a_hash(bob: User, bob_client: Client) -> None:
    assert b"nog geen API-tokens" in bob_client.get(PAGE).content
    response = bob_client.post(PAGE, {"label": "koppeling planning", "days": "7"})
    assert response.status_code == 200
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    )
    token = ApiToken.objects.get(user=bob)
    html = response.content.decode()
    raw = html.split('id="nieuw-token" readonly value="')[1].split('"')[0]
    assert raw.startswith(f"wst_{token.key_id}.")
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    stored = json.dumps(list(ApiToken.objects.values()), default=str)
    assert raw not in stored and raw.split(".", 1)[1] not in stored
    assert timedelta(days=6, hours=23) < token.expires_at - timezone.now() <= timedelta(days=7)

    again = bob_client.get(PAGE).content.decode()
    assert raw not in again, "the value is shown once, on the response that created it"
    assert token.prefix in again and "koppeling planning" in again and "Actief" in again

    rec = AuditRecord.objects.get(action=AuditAction.TOKEN)
    assert rec.actor_id == bob.pk and rec.reason == "uitgegeven"
    assert raw.split(".", 1)[1] not in json.dumps(rec.changes) + rec.object_repr


def test_list_shows_only_own_tokens_with_their_state(bob: User, bob_client: Client) -> None:
    other = testing.user("analyst")
    theirs, _ = services.issue_token(other, label="van een ander")
    used, _ = services.issue_token(bob, label="gebruikt")
    ApiToken.objects.filter(pk=used.pk).update(last_used_at=timezone.now())
    expired, _ = services.issue_token(bob, label="oud")
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    revoked, _ = services.issue_token(bob, label="weg")
    services.revoke_token(bob, revoked)
    html = bob_client.get(PAGE).content.decode()
    assert theirs.prefix not in html and "van een ander" not in html
    for t in (used, expired, revoked):
        assert t.prefix in html
    assert "Verlopen" in html and "Ingetrokken op" in html
    assert html.count("Intrekken</button>") == 1  # only the usable token can be revoked


def test_revoke_from_the_page(bob: User, bob_client: Client) -> None:
    token, raw = services.issue_token(bob, label="x")
    url = reverse("accounts:revoke-api-token", args=[token.pk])
    assert bob_client.get(url).status_code == 405
    response = bob_client.post(url)
    assert response.status_code == 302 and response["Location"] == PAGE
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiToken.lookup(raw) is None
    records = AuditRecord.objects.filter(action=AuditAction.TOKEN).order_by("seq")
    assert [r.reason for r in records] == ["uitgegeven", "ingetrokken"]
    bob_client.post(url)  # twice: nothing new to record
    assert AuditRecord.objects.filter(action=AuditAction.TOKEN).count() == 2


def test_someone_elses_token_is_absent(bob_client: Client) -> None:
    other = testing.user("analyst")
    token, _ = services.issue_token(other)
    response = bob_client.post(reverse("accounts:revoke-api-token", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_unoffered_lifetime_is_refused(bob: User, bob_client: Client) -> None:
    assert bob_client.post(PAGE, {"label": "x", "days": "3650"}).status_code == 400
    assert not ApiToken.objects.exists()


def test_the_service_lets_only_the_owner_or_a_system_admin_revoke(bob: User) -> None:
    token, _ = services.issue_token(bob)
    with pytest.raises(NotPermitted):
        services.revoke_token(testing.user("analyst"), token)
    admin = testing.user("system_admin")
    assert services.revoke_token(admin, token) is True
    assert AuditRecord.objects.filter(
        reason="ingetrokken door beheerder", actor_id=admin.pk
    ).exists()


# --- the authentication class ----------------------------------------------------------------


def _request(header: str | None = None, method: str = "get"):
    from rest_framework.request import Request

    factory = APIRequestFactory()
    extra: dict[str, Any] = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    return Request(getattr(factory, method)("/api/v1/anything", **extra))


def test_a_valid_token_authenticates_and_records_its_use_with_a_write(bob: User) -> None:
    token, raw = services.issue_token(bob)
    assert token.last_used_at is None
    for scheme in ("Token", "Bearer", "token"):
        result = ApiTokenAuthentication().authenticate(_request(f"{scheme} {raw}"))
        assert result is not None
        user, auth = result
        assert user.pk == bob.pk and auth.pk == token.pk
    token.refresh_from_db()
    assert token.last_used_at is None, "a read writes nothing (the audit trail has it)"
    assert ApiTokenAuthentication().authenticate(_request(f"Token {raw}", "post")) is not None
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_no_token_header_is_left_to_other_classes() -> None:
    assert ApiTokenAuthentication().authenticate(_request()) is None
    assert ApiTokenAuthentication().authenticate(_request("Basic Ym9iOnB3")) is None


@pytest.mark.parametrize(
    "spoil",
    [
        "expired",
        "revoked",
        "wrong_secret",
        "unknown",
        "inactive_user",
        "two_parts",
    ],
)
def test_unusable_tokens_are_refused(bob: User, spoil: str) -> None:
    token, raw = services.issue_token(bob)
    header = f"Token {raw}"
    if spoil == "expired":
        ApiToken.objects.filter(pk=token.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
    elif spoil == "revoked":
        services.revoke_token(bob, token)
    elif spoil == "wrong_secret":
        header = f"Token {raw[:-4]}AAAA"
    elif spoil == "unknown":
        header = "Token wst_0000000000000000.secret"
    elif spoil == "inactive_user":
        User.objects.filter(pk=bob.pk).update(is_active=False)
    elif spoil == "two_parts":
        header = f"Token {raw} extra"
    with pytest.raises(exceptions.AuthenticationFailed):
        ApiTokenAuthentication().authenticate(_request(header))
    token.refresh_from_db()
    assert token.last_used_at is None


def test_the_session_class_ignores_unverified_sessions(bob: User) -> None:
    request = _request()
    request._request.user = bob  # authenticated, but no is_verified(): a plain Django user
    assert VerifiedSessionAuthentication().authenticate(request) is None
    bob.is_verified = lambda: False  # type: ignore[attr-defined]  # as OTPMiddleware sets it
    assert VerifiedSessionAuthentication().authenticate(request) is None


# --- over HTTP -------------------------------------------------------------------------------


@pytest.mark.urls("weerstand.accounts.tests.api_urls")
def test_tokens_over_http(bob: User, bob_client: Client) -> None:
    html = bob_client.post(PAGE, {"label": "http", "days": "30"}).content.decode()
    raw = html.split('id="nieuw-token" readonly value="')[1].split('"')[0]
    api = Client()
    ok = api.get(WHOAMI, HTTP_AUTHORIZATION=f"Token {raw}")
    assert ok.status_code == 200 and ok.json() == {"username": "bob"}
    token = ApiToken.objects.get(user=bob)
    bob_client.post(reverse("accounts:revoke-api-token", args=[token.pk]))
    refused = api.get(WHOAMI, HTTP_AUTHORIZATION=f"Token {raw}")
    assert refused.status_code == 401
    assert refused["Content-Type"].startswith("application/problem+json")


def test_a_bad_token_is_refused_even_on_the_public_openapi_document(bob: User) -> None:
    """Authentication runs before the public permission: a revoked token is never 'fine'."""
    token, raw = services.issue_token(bob)
    api = Client()
    assert api.get("/api/v1/openapi.json", HTTP_AUTHORIZATION=f"Token {raw}").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api.get("/api/v1/openapi.json", HTTP_AUTHORIZATION=f"Token {raw}").status_code == 401
