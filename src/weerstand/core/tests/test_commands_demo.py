"""The console commands around the demo: tokens, TOTP codes, logins, and their refusals."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.utils import timezone
from rest_framework.test import APIRequestFactory

from weerstand import testing
from weerstand.accounts.authentication import ApiTokenAuthentication
from weerstand.accounts.models import ApiToken, User
from weerstand.audit.models import AuditAction, AuditRecord
from weerstand.organisations.models import Organisation

pytestmark = pytest.mark.django_db

TOKEN_RE = re.compile(r"^wst_[0-9a-f]{16}\.[A-Za-z0-9_-]+$")


def _run(name: str, *args: str) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


# --- create-token ---------------------------------------------------------------------------


def test_create_token_prints_only_a_token_that_authenticates() -> None:
    user = testing.user("analyst", username="tokenhouder")
    out = _run("create_token", "tokenhouder", "--days", "3", "--label", "script")
    assert out.endswith("\n") and out.count("\n") == 1
    raw = out.strip()
    assert TOKEN_RE.match(raw)
    token = ApiToken.lookup(raw)
    assert token is not None and token.user == user and token.label == "script"
    assert timedelta(days=2, hours=23) < token.expires_at - timezone.now() <= timedelta(days=3)
    request = APIRequestFactory().get("/api/v1/cases", HTTP_AUTHORIZATION=f"Token {raw}")
    authenticated = ApiTokenAuthentication().authenticate(request)
    assert authenticated is not None
    authed_user, authed_token = authenticated
    assert authed_user == user and authed_token == token
    assert ApiToken.lookup(raw[:-1] + ("A" if raw[-1] != "A" else "B")) is None
    record = AuditRecord.objects.filter(action=AuditAction.TOKEN).latest("seq")
    assert record.channel == "cli" and record.actor_id == user.pk
    assert raw not in json.dumps(record.changes) and raw not in record.object_repr


def test_create_token_default_lifetime(settings) -> None:
    testing.user("analyst", username="standaard")
    raw = _run("create_token", "standaard").strip()
    token = ApiToken.lookup(raw)
    assert token is not None
    expected = timedelta(days=settings.API_TOKEN_DAYS)
    assert expected - timedelta(minutes=1) < token.expires_at - timezone.now() <= expected


@pytest.mark.parametrize("days", ["0", "-2", "366"])
def test_create_token_rejects_silly_lifetimes(days: str) -> None:
    testing.user("analyst", username="dagen")
    with pytest.raises(CommandError, match="--days"):
        _run("create_token", "dagen", "--days", days)
    assert not ApiToken.objects.exists()


def test_create_token_is_refused_outside_demo_mode(settings) -> None:
    """Issue 14, finding 1: a token for someone else is their credential in an operator's
    hands; outside the demo only the person creates their own token."""
    testing.user("analyst", username="doelwit")
    settings.MODE = "production"
    with pytest.raises(CommandError, match="demomodus"):
        _run("create_token", "doelwit")
    assert not ApiToken.objects.exists()


def test_create_token_refuses_unknown_and_inactive_users() -> None:
    with pytest.raises(CommandError, match="Onbekende gebruiker"):
        _run("create_token", "niemand")
    user = testing.user("analyst", username="slapend")
    User.objects.filter(pk=user.pk).update(is_active=False)
    with pytest.raises(CommandError, match="niet actief"):
        _run("create_token", "slapend")
    assert not ApiToken.objects.exists()


def test_errors_give_a_non_zero_exit_on_the_command_line(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["weerstand", "create_token", "niemand"]).execute()
    assert exit_info.value.code != 0
    captured = capsys.readouterr()
    assert captured.out == "" and "Onbekende gebruiker" in captured.err


# --- totp -----------------------------------------------------------------------------------


def test_totp_prints_a_code_that_check_totp_accepts() -> None:
    from weerstand.accounts.services import check_totp

    user = testing.user("analyst", username="codegebruiker", totp=True)
    code = _run("totp", "codegebruiker").strip()
    assert re.fullmatch(r"\d{6}", code)
    check_totp(user, code)


def test_totp_refuses_outside_demo_mode(settings) -> None:
    testing.user("analyst", username="prodgebruiker", totp=True)
    for mode in ("production", "test", ""):
        settings.MODE = mode
        with pytest.raises(CommandError, match="demomodus"):
            _run("totp", "prodgebruiker")


def test_totp_errors_for_unknown_users_and_users_without_a_device() -> None:
    with pytest.raises(CommandError, match="Onbekende"):
        _run("totp", "niemand")
    testing.user("analyst", username="zonderapparaat")
    with pytest.raises(CommandError, match="TOTP-apparaat"):
        _run("totp", "zonderapparaat")


# --- demo-users and seed-demo refusals ------------------------------------------------------


def test_demo_users_refuses_in_production(settings) -> None:
    settings.MODE = "production"
    with pytest.raises(CommandError, match="productie"):
        _run("demo_users")
    with pytest.raises(CommandError, match="productie"):
        _run("demo_users", "--json")


def test_demo_users_only_lists_demo_accounts() -> None:
    testing.user("analyst", username="analist")  # a demo name
    testing.user("analyst", username="echte-collega")  # not a demo name
    rows = json.loads(_run("demo_users", "--json"))
    assert [r["username"] for r in rows] == ["analist"]
    assert rows[0]["roles"] == ["analyst"]


def test_demo_users_without_a_seed() -> None:
    assert json.loads(_run("demo_users", "--json")) == []
    assert "seed-demo" in _run("demo_users")


def test_seed_demo_refuses_in_production(settings) -> None:
    settings.MODE = "production"
    for args in ((), ("--if-empty",)):
        with pytest.raises(CommandError, match="productie"):
            _run("seed_demo", *args)
    assert not Organisation.objects.exists()


def test_seed_demo_if_empty_skips_a_database_in_use() -> None:
    testing.org("nctv", code="bestaand")
    out = _run("seed_demo", "--if-empty")
    assert out.strip() == "Database bevat al gegevens; demodata niet opnieuw geladen."
    assert list(Organisation.objects.values_list("code", flat=True)) == ["bestaand"]
    with pytest.raises(CommandError, match="niet leeg"):
        _run("seed_demo")
