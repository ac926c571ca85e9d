"""Four eyes on access (`accounts.access_changes`): who may approve what, takeover by resets,
alerts to the account's organisation, the audit trail, and the inspectorate's view."""

from __future__ import annotations

import json
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from weerstand import testing
from weerstand.accounts import access_changes, services
from weerstand.accounts.models import AccessChangeRequest, ApiToken, EnrolmentLink, User
from weerstand.audit.models import AuditAction, AuditRecord
from weerstand.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from weerstand.policy.models import Alert
from weerstand.testing import PASSWORD, sign_in

pytestmark = pytest.mark.django_db

REASON = "Nieuwe taak in het team bescherming"


def admin(org=None, **kwargs) -> User:
    u = testing.user("system_admin", organisation=org, totp=True, **kwargs)
    services.sync_staff_flag(u)
    return User.objects.get(pk=u.pk)


@pytest.fixture
def nctv():
    return testing.org("nctv", code="nctv")


@pytest.fixture
def victim(nctv) -> User:
    u = testing.user("analyst", organisation=nctv, totp=True, clearance=2)
    User.objects.filter(pk=u.pk).update(email="slachtoffer@nctv.invalid")
    return User.objects.get(pk=u.pk)


# --- the second person -------------------------------------------------------------------------


def test_the_requester_never_approves_their_own_request(nctv, victim: User) -> None:
    a = admin(nctv)
    change = access_changes.request_change(a, victim, "raise_clearance", clearance=4, reason=REASON)
    with pytest.raises(NotPermitted, match="Vier ogen"):
        access_changes.decide(a, change.pk, approve=True)
    change.refresh_from_db()
    victim.refresh_from_db()
    assert change.status == "pending" and victim.clearance == 2
    denied = AuditRecord.objects.get(action=AuditAction.DENIED, actor_id=a.pk)
    assert denied.object_id == str(change.pk) and "Vier ogen" in denied.reason


def test_nobody_decides_about_their_own_account(nctv) -> None:
    a, b = admin(nctv), admin(nctv)
    change = access_changes.request_change(a, b, "grant_role", role="inspector", reason=REASON)
    with pytest.raises(NotPermitted, match="eigen account"):
        access_changes.decide(b, change.pk, approve=True)
    assert not User.objects.get(pk=b.pk).has_role("inspector")
    with pytest.raises(NotPermitted, match="eigen account"):
        access_changes.request_change(a, a, "grant_role", role="inspector", reason=REASON)


def test_a_security_officer_of_the_accounts_organisation_is_a_second_person(
    nctv, victim: User
) -> None:
    a = admin(nctv)
    own_officer = testing.user("security_officer", organisation=nctv)
    other_officer = testing.user("security_officer", organisation=testing.org("police"))
    inspector = testing.user("inspector")
    change = access_changes.request_change(
        a, victim, "grant_role", role="senior_analyst", reason=REASON
    )
    from django.http import Http404

    with pytest.raises(Http404):  # another organisation's officer: not even there
        access_changes.decide(other_officer, change.pk, approve=True)
    with pytest.raises(NotPermitted):  # the inspectorate sees, never decides
        access_changes.decide(inspector, change.pk, approve=True)
    access_changes.decide(own_officer, change.pk, approve=True)
    assert User.objects.get(pk=victim.pk).role_codes == {"analyst", "senior_analyst"}


def test_only_a_system_administrator_requests(nctv, victim: User) -> None:
    for requester in (
        testing.user("security_officer", organisation=nctv),
        testing.user("inspector"),
        testing.user("analyst", organisation=nctv),
    ):
        with pytest.raises(NotPermitted):
            access_changes.request_change(
                requester, victim, "grant_role", role="inspector", reason=REASON
            )
    assert not AccessChangeRequest.objects.exists()


def test_a_refusal_needs_a_reason_and_changes_nothing(nctv, victim: User) -> None:
    a, b = admin(nctv), admin(nctv)
    change = access_changes.request_change(a, victim, "grant_role", role="inspector", reason=REASON)
    with pytest.raises(ValidationFailed):
        access_changes.decide(b, change.pk, approve=False, reason="nee")
    access_changes.decide(b, change.pk, approve=False, reason="Geen taak bij de inspectie")
    change.refresh_from_db()
    assert change.status == "refused" and change.decided_by_id == b.pk
    assert not User.objects.get(pk=victim.pk).has_role("inspector")
    assert Alert.objects.filter(recipient=a, message__contains="afgewezen").exists()
    with pytest.raises(InvalidTransition):
        access_changes.decide(b, change.pk, approve=True)


def test_lowering_is_not_a_request_and_raising_must_raise(nctv, victim: User) -> None:
    a = admin(nctv)
    with pytest.raises(ValidationFailed):
        access_changes.request_change(a, victim, "raise_clearance", clearance=1, reason=REASON)
    with pytest.raises(ValidationFailed):
        access_changes.request_change(a, victim, "grant_role", role="analyst", reason=REASON)
    with pytest.raises(ValidationFailed):
        access_changes.request_change(a, victim, "grant_role", role="inspector", reason="kort")


def test_one_pending_request_of_a_kind_per_account(nctv, victim: User) -> None:
    a = admin(nctv)
    access_changes.request_change(a, victim, "reset_authenticator", reason=REASON)
    with pytest.raises(InvalidTransition):
        access_changes.request_change(a, victim, "reset_authenticator", reason=REASON)


# --- taking over an account by resets -----------------------------------------------------------


def test_one_administrator_cannot_take_an_account_over_by_resets(nctv, victim: User) -> None:
    a, b = admin(nctv), admin(nctv)
    pw = access_changes.request_change(a, victim, "reset_password", reason=REASON)
    dev = access_changes.request_change(a, victim, "reset_authenticator", reason=REASON)
    for change in (pw, dev):
        with pytest.raises(NotPermitted):
            access_changes.decide(a, change.pk, approve=True)
    victim = User.objects.get(pk=victim.pk)
    assert victim.check_password(PASSWORD)
    assert TOTPDevice.objects.filter(user=victim, confirmed=True).exists()
    assert mail.outbox == [] and not EnrolmentLink.objects.exists()

    # The page refuses the same way, and the admin's password form does not set it either.
    insider = Client()
    sign_in(insider, a)
    response = insider.post(
        reverse("accounts:access-change-decide", args=[pw.pk]), {"outcome": "approved"}
    )
    assert response.status_code == 403
    insider.post(
        reverse("beheer:auth_user_password_change", args=[victim.pk]),
        {"password1": "Overgenomen-2026!x", "password2": "Overgenomen-2026!x"},
    )
    assert User.objects.get(pk=victim.pk).check_password(PASSWORD)

    # With a second person: the victim's open sessions end and the link goes to the victim.
    victim_client = Client()
    sign_in(victim_client, victim)
    access_changes.decide(b, pw.pk, approve=True)
    victim = User.objects.get(pk=victim.pk)
    assert not victim.has_usable_password()
    assert victim_client.get(reverse("core:home")).status_code == 302
    (message,) = mail.outbox
    assert message.to == ["slachtoffer@nctv.invalid"]
    access_changes.decide(b, dev.pk, approve=True)
    assert not TOTPDevice.objects.filter(user=victim).exists()
    assert [m.to for m in mail.outbox] == [["slachtoffer@nctv.invalid"]] * 2
    # Only the newest link works: the reset issued a new one and revoked the first.
    assert EnrolmentLink.objects.filter(user=victim, revoked_at__isnull=True).count() == 1


def test_a_changed_email_address_voids_the_approval(nctv, victim: User) -> None:
    a, b = admin(nctv), admin(nctv)
    change = access_changes.request_change(a, victim, "reset_authenticator", reason=REASON)
    User.objects.filter(pk=victim.pk).update(email="beheerder@eigen.invalid")
    with pytest.raises(InvalidTransition, match="e-mailadres"):
        access_changes.decide(b, change.pk, approve=True)
    assert TOTPDevice.objects.filter(user=victim).exists() and mail.outbox == []


def test_the_email_address_is_read_only_in_the_admin(nctv, victim: User) -> None:
    c = Client()
    sign_in(c, admin(nctv))
    page = c.get(reverse("beheer:accounts_user_change", args=[victim.pk])).content.decode()
    assert 'name="email"' not in page and "slachtoffer@nctv.invalid" in page


def test_a_reset_needs_an_email_address(nctv) -> None:
    a = admin(nctv)
    u = testing.user("analyst", organisation=nctv, totp=True)
    with pytest.raises(ValidationFailed, match="e-mailadres"):
        access_changes.request_change(a, u, "reset_password", reason=REASON)


# --- alerts and audit --------------------------------------------------------------------------


def test_an_approved_grant_alerts_the_accounts_organisation(nctv, victim: User) -> None:
    a = admin(nctv)
    police = testing.org("police")
    b = admin(police)
    officer = testing.user("security_officer", organisation=nctv)
    elsewhere = testing.user("security_officer", organisation=police)
    change = access_changes.request_change(a, victim, "grant_role", role="inspector", reason=REASON)
    access_changes.decide(b, change.pk, approve=True)
    done = Alert.objects.filter(message__contains="doorgevoerd")
    assert set(done.values_list("recipient", flat=True)) == {officer.pk}  # nctv's officer
    assert not Alert.objects.filter(recipient=elsewhere).exists()
    assert Alert.objects.filter(recipient=victim, message__contains="Rol toekennen").exists()
    assert Alert.objects.filter(recipient=a, message__contains="goedgekeurd").exists()


def test_request_approval_and_refusal_are_audited(nctv, victim: User) -> None:
    a, b = admin(nctv), admin(nctv)
    one = access_changes.request_change(a, victim, "grant_role", role="inspector", reason=REASON)
    two = access_changes.request_change(a, victim, "raise_clearance", clearance=3, reason=REASON)
    access_changes.decide(b, one.pk, approve=True)
    access_changes.decide(b, two.pk, approve=False, reason="Niet nodig voor de taak")
    label = "accounts.accesschangerequest"
    created = AuditRecord.objects.filter(action=AuditAction.CREATE, object_type=label)
    assert {(r.object_id, r.actor_id) for r in created} == {
        (str(one.pk), a.pk),
        (str(two.pk), a.pk),
    }
    decided = AuditRecord.objects.filter(action=AuditAction.TRANSITION, object_type=label)
    assert {(r.object_id, r.actor_id, r.changes["status"][1]) for r in decided} == {
        (str(one.pk), b.pk, "approved"),
        (str(two.pk), b.pk, "refused"),
    }
    applied = AuditRecord.objects.get(action=AuditAction.ADMIN, object_id=str(victim.pk))
    assert applied.changes == {"roles": [["analyst"], ["analyst", "inspector"]]}


# --- the inspectorate's view -------------------------------------------------------------------


def test_the_inspectorate_sees_every_request_with_requester_and_approver(
    nctv, victim: User
) -> None:
    a = admin(nctv, username="aanvrager")
    b = admin(nctv, username="goedkeurder")
    change = access_changes.request_change(a, victim, "grant_role", role="inspector", reason=REASON)
    access_changes.decide(b, change.pk, approve=True)
    inspector = testing.user("inspector", totp=True)

    c = Client()
    sign_in(c, inspector)
    page = c.get(reverse("accounts:access-changes"))
    assert page.status_code == 200
    html = page.content.decode()
    assert victim.username in html and a.display_name in html and b.display_name in html
    assert (
        "form-access-decide"
        not in c.get(reverse("accounts:access-change", args=[change.pk])).content.decode()
    )

    _, raw = ApiToken.issue(inspector)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    response = api.get("/api/v1/access-change-requests")
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row["requestedBy"] == "aanvrager" and row["decidedBy"] == "goedkeurder"
    assert row["kind"] == "grant_role" and row["targetUsername"] == victim.username
    assert row["reason"] == REASON and row["status"] == "approved" and row["decidedAt"]
    assert api.get(f"/api/v1/access-change-requests/{change.pk}").status_code == 200
    refused = api.post(
        f"/api/v1/access-change-requests/{change.pk}/decisions",
        {"outcome": "approved"},
        format="json",
    )
    assert refused.status_code in (403, 404)
    assert AuditRecord.objects.filter(action=AuditAction.LIST, actor_id=inspector.pk).exists()


def test_others_find_no_access_changes(nctv, victim: User) -> None:
    a = admin(nctv)
    change = access_changes.request_change(a, victim, "grant_role", role="inspector", reason=REASON)
    analyst = testing.user("analyst", totp=True)
    c = Client()
    sign_in(c, analyst)
    assert c.get(reverse("accounts:access-changes")).status_code == 404
    assert c.get(reverse("accounts:access-change", args=[change.pk])).status_code == 404
    _, raw = ApiToken.issue(analyst)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    assert api.get("/api/v1/access-change-requests").status_code == 404
    # A security officer of another organisation sees none of them.
    officer = testing.user("security_officer", organisation=testing.org("police"))
    assert not access_changes.visible(officer).exists()


def test_the_api_decision_of_a_second_person(nctv, victim: User) -> None:
    a, b = admin(nctv), admin(nctv)
    change = access_changes.request_change(a, victim, "raise_clearance", clearance=4, reason=REASON)
    clients = {}
    for who in (a, b):
        _, raw = ApiToken.issue(who)
        clients[who.pk] = APIClient()
        clients[who.pk].credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    url = f"/api/v1/access-change-requests/{change.pk}/decisions"
    own = clients[a.pk].post(url, {"outcome": "approved"}, format="json")
    assert own.status_code == 403 and own["Content-Type"] == "application/problem+json"
    assert "Vier ogen" in json.dumps(own.json(), ensure_ascii=False)
    assert User.objects.get(pk=victim.pk).clearance == 2
    ok = clients[b.pk].post(url, {"outcome": "approved"}, format="json")
    assert ok.status_code == 201 and ok.json()["status"] == "approved"
    assert User.objects.get(pk=victim.pk).clearance == 4
    again = clients[b.pk].post(url, {"outcome": "approved"}, format="json")
    assert again.status_code == 409


# --- the pages ---------------------------------------------------------------------------------


def test_request_page_and_queue(nctv, victim: User) -> None:
    a, b = admin(nctv), admin(nctv)
    c = Client()
    sign_in(c, a)
    new = reverse("accounts:access-change-new")
    assert c.get(f"{new}?target={victim.pk}&kind=reset_password").status_code == 200
    short = c.post(new, {"target": victim.pk, "kind": "reset_password", "reason": "kort"})
    assert short.status_code == 400
    response = c.post(new, {"target": victim.pk, "kind": "reset_password", "reason": REASON})
    assert response.status_code == 302
    change = AccessChangeRequest.objects.get()
    assert change.requested_by_id == a.pk and change.delivery_email == victim.email
    assert change.pk not in [x.pk for x in access_changes.queue(a)]
    assert [x.pk for x in access_changes.queue(b)] == [change.pk]

    second = Client()
    sign_in(second, b)
    home = second.get(reverse("core:home")).content.decode()
    assert f"Toegangswijziging voor {victim.display_name} beoordelen" in home
    decide = reverse("accounts:access-change-decide", args=[change.pk])
    assert second.post(decide, {"outcome": "rejected", "reason": ""}).status_code == 400
    assert second.post(decide, {"outcome": "approved"}).status_code == 302
    (message,) = mail.outbox
    token = re.search(r"/aanmelden/koppelen/([A-Za-z0-9_-]+)", str(message.body))
    assert token is not None
    for client in (c, second):
        for url in (reverse("accounts:access-change", args=[change.pk]), new):
            assert token.group(1).encode() not in client.get(url).content


def test_the_console_sets_no_one_elses_password(victim: User, capsys) -> None:
    from weerstand import cli

    with pytest.raises(SystemExit) as stopped:
        cli.main(["changepassword", victim.username])
    assert stopped.value.code == 2
    assert "Toegangswijzigingen" in capsys.readouterr().err
    assert User.objects.get(pk=victim.pk).check_password(PASSWORD)


def test_a_stale_request_is_not_approved(nctv, victim: User) -> None:
    from datetime import timedelta

    from django.utils import timezone

    a, b = admin(nctv), admin(nctv)
    change = access_changes.request_change(a, victim, "grant_role", role="inspector", reason=REASON)
    old = timezone.now() - timedelta(days=access_changes.REQUEST_DAYS + 1)
    AccessChangeRequest.objects.filter(pk=change.pk).update(requested_at=old)
    with pytest.raises(InvalidTransition, match="verlopen"):
        access_changes.decide(b, change.pk, approve=True)
    assert not User.objects.get(pk=victim.pk).has_role("inspector")
