"""API authentication: personal tokens (hashed, expiring, revocable) or a verified session."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from weerstand import testing as t
from weerstand.accounts.models import ApiToken, User
from weerstand.accounts.services import issue_token, revoke_token
from weerstand.core.api.problems import PROBLEM_CT

pytestmark = pytest.mark.django_db


def _client(header: str | None) -> APIClient:
    client = APIClient()
    if header is not None:
        client.credentials(HTTP_AUTHORIZATION=header)
    return client


def _assert_401(response: Any) -> None:
    assert response.status_code == 401, response.content
    assert response["Content-Type"] == PROBLEM_CT
    assert response["WWW-Authenticate"].startswith("Token")
    body = response.json()
    assert body["code"] == "not-authenticated"
    assert "results" not in body and "count" not in body


@pytest.fixture
def analyst_and_case() -> tuple[User, int]:
    analyst = t.user("analyst")
    case = t.case(t.user("police_liaison"), owner=analyst)
    return analyst, case.pk


def test_a_valid_token_works_and_a_read_writes_nothing(analyst_and_case: tuple[User, int]) -> None:
    analyst, case_id = analyst_and_case
    token, raw = issue_token(analyst)
    response = _client(f"Token {raw}").get(f"/api/v1/cases/{case_id}")
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is None  # nothing writes on a GET; the read is audited
    assert ApiToken.objects.get(pk=token.pk).token_hash != raw  # only a hash is stored


def test_an_expired_token_is_401(analyst_and_case: tuple[User, int]) -> None:
    analyst, case_id = analyst_and_case
    token, raw = issue_token(analyst)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    _assert_401(_client(f"Token {raw}").get(f"/api/v1/cases/{case_id}"))
    _assert_401(_client(f"Token {raw}").get("/api/v1/cases"))


def test_a_revoked_token_is_401(analyst_and_case: tuple[User, int]) -> None:
    analyst, case_id = analyst_and_case
    token, raw = issue_token(analyst)
    assert _client(f"Token {raw}").get(f"/api/v1/cases/{case_id}").status_code == 200
    revoke_token(analyst, token)
    _assert_401(_client(f"Token {raw}").get("/api/v1/cases"))


def test_a_sign_in_delay_leaves_the_token_working_but_deactivation_stops_it(
    analyst_and_case: tuple[User, int],
) -> None:
    """Failed web sign-ins must not switch an integration off (issue 14, finding 4)."""
    analyst, case_id = analyst_and_case
    _, raw = issue_token(analyst)
    User.objects.filter(pk=analyst.pk).update(locked_until=timezone.now() + timedelta(minutes=5))
    assert _client(f"Token {raw}").get(f"/api/v1/cases/{case_id}").status_code == 200
    User.objects.filter(pk=analyst.pk).update(locked_until=None, is_active=False)
    _assert_401(_client(f"Token {raw}").get(f"/api/v1/cases/{case_id}"))


@pytest.mark.parametrize(
    "header",
    [
        "Token garbage",
        "Token wst_0000000000000000.secret",
        "Token ",
        "Token wst_",
        "Bearer wst_abc.def",
        "",
        None,
    ],
)
def test_garbage_or_missing_credentials_are_a_401_problem(
    analyst_and_case: tuple[User, int], header: str | None
) -> None:
    _assert_401(_client(header).get("/api/v1/cases"))


def test_a_token_with_the_right_id_and_a_wrong_secret_is_401(
    analyst_and_case: tuple[User, int],
) -> None:
    analyst, _ = analyst_and_case
    _, raw = issue_token(analyst)
    _assert_401(_client(f"Token {raw[:-2]}xx").get("/api/v1/cases"))


def test_a_session_counts_only_after_the_second_factor(
    analyst_and_case: tuple[User, int],
) -> None:
    analyst, case_id = analyst_and_case
    half = APIClient()
    half.force_login(analyst)  # password only
    _assert_401(half.get(f"/api/v1/cases/{case_id}"))
    full = APIClient()
    t.login(full, analyst)
    assert full.get(f"/api/v1/cases/{case_id}").status_code == 200
    # Writes with a session need the CSRF token, like the web forms.
    strict = APIClient(enforce_csrf_checks=True)
    t.login(strict, analyst)
    response = strict.patch(
        f"/api/v1/cases/{case_id}", {"codename": "X"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM_CT
