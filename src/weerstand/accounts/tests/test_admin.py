"""The admin site (/beheer/): TOTP required, accounts and organisations only, all audited,
and no way from there (or with is_superuser) to case content."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.http import HttpRequest
from django.test import Client
from django.urls import Resolver404, URLResolver, get_resolver, resolve, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from weerstand import testing
from weerstand.accounts import services
from weerstand.accounts.models import AccessChangeRequest, ApiToken, RoleAssignment, User
from weerstand.audit.models import AuditAction, AuditRecord
from weerstand.cases.models import Case
from weerstand.core.admin import site
from weerstand.organisations.models import Organisation, Unit
from weerstand.testing import PASSWORD, sign_in

pytestmark = pytest.mark.django_db

INDEX = reverse("beheer:index")


def system_admin(**kwargs) -> User:
    u = testing.user("system_admin", **kwargs)
    services.sync_staff_flag(u)
    return User.objects.get(pk=u.pk)


@pytest.fixture
def admin_user() -> User:
    return system_admin(username="beheerder")


@pytest.fixture
def admin_client(admin_user: User) -> Client:
    client = Client()
    sign_in(client, admin_user)
    return client


def admin_records() -> list[AuditRecord]:
    return list(AuditRecord.objects.filter(action=AuditAction.ADMIN).order_by("seq"))


# --- what is there -----------------------------------------------------------------------------


def test_only_accounts_and_organisations_are_registered() -> None:
    registered = {m._meta.label for m in site._registry}
    assert registered == {
        "accounts.User",
        "accounts.ApiToken",
        "organisations.Organisation",
        "organisations.Unit",
    }
    for label in ("cases", "registry", "policy", "audit", "capacity", "auth", "otp_totp"):
        for model in apps.get_app_config(label).get_models():
            assert model not in site._registry, model


def test_djangos_default_admin_is_not_mounted() -> None:
    with pytest.raises(Resolver404):
        resolve("/admin/")


def test_every_admin_url_declares_its_needs() -> None:
    (beheer,) = [
        p
        for p in get_resolver().url_patterns
        if isinstance(p, URLResolver) and str(p.pattern) == "beheer/"
    ]

    def walk(patterns):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                yield from walk(p.url_patterns)
            else:
                yield p

    names = set()
    for p in walk(beheer.url_patterns):
        assert getattr(p.callback, "policy_needs", None), p
        names.add(p.name)
    assert "view_on_site" not in names  # would confirm that any object id exists


# --- who gets in -------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_the_two_step_sign_in(client: Client) -> None:
    response = client.get(INDEX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    response = client.get(reverse("beheer:login"))
    assert response["Location"] == f"{reverse('accounts:login')}?next=%2Fbeheer%2F"


def test_the_admin_requires_totp(client: Client, admin_user: User) -> None:
    client.force_login(admin_user)  # the password only
    assert client.get(INDEX).status_code == 302
    assert "_auth_user_id" not in client.session

    request = HttpRequest()
    request.user = admin_user
    admin_user.is_verified = lambda: False  # type: ignore[attr-defined]  # as OTPMiddleware does
    assert site.has_permission(request) is False  # the site itself asks too
    admin_user.is_verified = lambda: True  # type: ignore[attr-defined]  # as OTPMiddleware does
    assert site.has_permission(request) is True


def test_a_system_admin_with_both_factors_sees_only_these_models(admin_client: Client) -> None:
    response = admin_client.get(INDEX)
    assert response.status_code == 200
    shown = {m["object_name"] for app in response.context["app_list"] for m in app["models"]}
    assert shown == {"User", "ApiToken", "Organisation", "Unit"}
    for url in (
        reverse("beheer:accounts_user_changelist"),
        reverse("beheer:accounts_apitoken_changelist"),
        reverse("beheer:organisations_organisation_changelist"),
        reverse("beheer:organisations_unit_changelist"),
    ):
        assert admin_client.get(url).status_code == 200, url


def test_other_verified_users_find_no_admin_site() -> None:
    client = Client()
    sign_in(client, testing.user("analyst", "senior_analyst"))
    assert client.get(INDEX).status_code == 404
    assert client.get(reverse("beheer:accounts_user_changelist")).status_code == 404


def test_is_superuser_grants_nothing(client: Client) -> None:
    referrer = testing.user("analyst")
    case = testing.case(referrer, summary="Zeer geheime aanleiding")
    su = testing.user()
    User.objects.filter(pk=su.pk).update(is_superuser=True, is_staff=True)
    su = User.objects.get(pk=su.pk)
    assert not Case.objects.visible_to(su).exists()
    sign_in(client, su)
    assert client.get(INDEX).status_code == 404
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    listing = client.get(reverse("cases:list"))
    assert case.reference.encode() not in listing.content


def test_a_system_admin_reaches_no_case_content(admin_user: User, admin_client: Client) -> None:
    referrer = testing.user("analyst")
    person = testing.person("Kroon", "Getuige")
    case = testing.case(referrer, protectee=person, summary="Zeer geheime aanleiding")
    assert not Case.objects.visible_to(admin_user).exists()
    for url in (
        reverse("cases:detail", args=[case.pk]),
        reverse("registry:person", args=[person.pk]),
        reverse("audit:case-log", args=[case.pk]),
    ):
        assert admin_client.get(url).status_code == 404, url
    for url in (INDEX, reverse("cases:list"), reverse("core:home")):
        response = admin_client.get(url)
        assert response.status_code in (200, 404)
        for secret in (case.reference, "Zeer geheime aanleiding", "Getuige"):
            assert secret.encode() not in response.content, (url, secret)


# --- actions -----------------------------------------------------------------------------------


def _action(client: Client, model: str, action: str, pks: list[int]):
    return client.post(
        reverse(f"beheer:{model}_changelist"),
        {"action": action, "_selected_action": [str(pk) for pk in pks], "index": "0"},
    )


def test_unlock_action(settings, admin_user: User, admin_client: Client) -> None:
    settings.LOCKOUT_THRESHOLD = 1
    victim = testing.user("analyst", totp=True)
    c = Client()
    c.post(reverse("accounts:login"), {"username": victim.username, "password": "wrong"})
    c.post(reverse("accounts:totp"), {"token": "000000"})
    victim.refresh_from_db()
    assert victim.is_locked()
    response = _action(admin_client, "accounts_user", "unlock", [victim.pk])
    assert response.status_code == 302
    victim.refresh_from_db()
    assert not victim.is_locked()
    (rec,) = admin_records()
    assert rec.actor_id == admin_user.pk and rec.object_id == str(victim.pk)
    assert rec.reason == "ontgrendeld"
    sign_in(Client(), victim)


def test_there_is_no_one_person_authenticator_reset(admin_user: User, admin_client: Client) -> None:
    """Resetting someone's authenticator is a four-eyes request, not an admin action."""
    victim = testing.user("analyst", totp=True)
    _action(admin_client, "accounts_user", "reset_authenticator", [victim.pk])
    assert TOTPDevice.objects.filter(user=victim, confirmed=True).exists()
    assert not admin_records()
    # And a device-less account shows no secret at sign-in (enrolment: the mailed link only).
    TOTPDevice.objects.filter(user=victim).delete()
    c = Client()
    c.post(reverse("accounts:login"), {"username": victim.username, "password": PASSWORD})
    assert b'class="qr"' not in c.get(reverse("accounts:totp")).content


def test_tokens_are_read_only_with_a_revoke_action(admin_user: User, admin_client: Client) -> None:
    owner = testing.user("analyst")
    token, raw = services.issue_token(owner, label="koppeling")
    change = admin_client.get(reverse("beheer:accounts_apitoken_change", args=[token.pk]))
    assert change.status_code == 200
    assert token.token_hash.encode() not in change.content
    assert admin_client.get(reverse("beheer:accounts_apitoken_add")).status_code == 403
    delete = reverse("beheer:accounts_apitoken_delete", args=[token.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    _action(admin_client, "accounts_apitoken", "revoke", [token.pk])
    token.refresh_from_db()
    assert token.revoked_at is not None and ApiToken.lookup(raw) is None
    rec = AuditRecord.objects.filter(action=AuditAction.TOKEN).order_by("-seq").first()
    assert rec is not None
    assert rec.reason == "ingetrokken door beheerder" and rec.actor_id == admin_user.pk


def test_users_cannot_be_deleted(admin_client: Client) -> None:
    u = testing.user("analyst")
    url = reverse("beheer:accounts_user_delete", args=[u.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=u.pk).exists()


# --- changes through forms ---------------------------------------------------------------------


def _user_form(u: User, roles: list[str], **overrides) -> dict:
    assignments = list(RoleAssignment.objects.filter(user=u).order_by("pk"))
    data = {
        "username": u.username,
        "first_name": u.first_name,
        "last_name": u.last_name,
        "email": u.email,
        "organisation": str(u.organisation_id),
        "unit": "",
        "clearance": str(u.clearance),
        "is_active": "on",
        "role_assignments-TOTAL_FORMS": str(len(roles)),
        "role_assignments-INITIAL_FORMS": str(len(assignments)),
        "role_assignments-MIN_NUM_FORMS": "0",
        "role_assignments-MAX_NUM_FORMS": "1000",
    }
    for i, role in enumerate(roles):
        data[f"role_assignments-{i}-role"] = role
        data[f"role_assignments-{i}-user"] = str(u.pk)
        if i < len(assignments):
            data[f"role_assignments-{i}-id"] = str(assignments[i].pk)
    data.update(overrides)
    return data


def test_changing_a_user_is_audited_with_the_changed_fields(
    admin_user: User, admin_client: Client
) -> None:
    u = testing.user("analyst", clearance=3)
    url = reverse("beheer:accounts_user_change", args=[u.pk])
    response = admin_client.post(url, _user_form(u, ["analyst"], clearance="2"))
    assert response.status_code == 302, response.content.decode()[:2000]
    u.refresh_from_db()
    assert u.clearance == 2  # lowering reduces access: one person, audited
    (rec,) = admin_records()
    assert rec.changes == {"clearance": [3, 2]} and rec.reason == "gewijzigd"
    assert rec.actor_id == admin_user.pk


def test_raising_a_clearance_in_the_change_form_does_not_take_effect(
    admin_client: Client,
) -> None:
    u = testing.user("analyst", clearance=2)
    url = reverse("beheer:accounts_user_change", args=[u.pk])
    response = admin_client.post(url, _user_form(u, ["analyst"], clearance="4"))
    assert response.status_code == 200  # the form comes back with the four-eyes refusal
    assert "tweede persoon" in response.content.decode()
    u.refresh_from_db()
    assert u.clearance == 2
    assert not admin_records()


def test_granting_a_role_in_the_change_form_does_not_take_effect(admin_client: Client) -> None:
    u = testing.user("analyst")
    url = reverse("beheer:accounts_user_change", args=[u.pk])
    admin_client.post(url, _user_form(u, ["analyst", "system_admin"]))
    admin_client.post(url, _user_form(u, ["inspector"]))  # an existing row changed in place
    u = User.objects.get(pk=u.pk)
    assert u.role_codes == {"analyst"} and not u.is_staff
    assert not u.user_permissions.exists()


def test_removing_a_role_is_direct_and_audited(admin_user: User, admin_client: Client) -> None:
    u = testing.user("analyst", "senior_analyst")
    url = reverse("beheer:accounts_user_change", args=[u.pk])
    data = _user_form(u, ["analyst", "senior_analyst"])
    assignments = list(RoleAssignment.objects.filter(user=u).order_by("pk"))
    senior = next(i for i, a in enumerate(assignments) if a.role == "senior_analyst")
    data[f"role_assignments-{senior}-DELETE"] = "on"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(pk=u.pk).role_codes == {"analyst"}
    roles = [r for r in admin_records() if r.reason == "rollen gewijzigd"]
    assert roles[0].changes == {"roles": [["analyst", "senior_analyst"], ["analyst"]]}


def test_granting_system_admin_gives_staff_and_only_admin_permissions(
    admin_user: User,
) -> None:
    from weerstand.accounts import access_changes

    u = testing.user("analyst", totp=True)
    second = system_admin()
    change = access_changes.request_change(
        admin_user, u, "grant_role", role="system_admin", reason="Tweede beheerder nodig"
    )
    access_changes.decide(second, change.pk, approve=True)
    u = User.objects.get(pk=u.pk)
    assert u.is_staff and not u.is_superuser
    labels = {
        f"{p.content_type.app_label}.{p.content_type.model}" for p in u.user_permissions.all()
    }
    assert labels == {f"{a}.{m}" for a, m in services.ADMIN_MODELS}

    u.role_assignments.filter(role="system_admin").delete()
    assert services.sync_staff_flag(u) is True
    u = User.objects.get(pk=u.pk)
    assert not u.is_staff and not u.user_permissions.exists()


def test_no_one_changes_their_own_roles_or_clearance(
    admin_user: User, admin_client: Client
) -> None:
    url = reverse("beheer:accounts_user_change", args=[admin_user.pk])
    data = _user_form(admin_user, ["system_admin", "analyst"], clearance="4")
    admin_client.post(url, data)
    admin_user.refresh_from_db()
    assert set(admin_user.role_assignments.values_list("role", flat=True)) == {"system_admin"}
    assert admin_user.clearance != 4


def test_adding_a_user_audits_without_the_password(admin_client: Client) -> None:
    org = testing.org("police")
    secret = "Een-Nieuw-Wachtwoord-2024!"
    response = admin_client.post(
        reverse("beheer:accounts_user_add"),
        {
            "username": "nieuwe.collega",
            "usable_password": "true",
            "password1": secret,
            "password2": secret,
            "first_name": "Nieuwe",
            "last_name": "Collega",
            "email": "nieuwe.collega@politie.invalid",
            "organisation": str(org.pk),
            "unit": "",
            "clearance": "1",
            "requested_roles": ["police_liaison"],
            "access_reason": "Nieuwe liaison voor de eenheid",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    u = User.objects.get(username="nieuwe.collega")
    assert u.check_password(secret) and not u.is_staff
    # The role and clearance wait for a second person.
    assert not u.has_role("police_liaison") and u.clearance == 0
    assert AccessChangeRequest.objects.get(target=u).roles == ["police_liaison"]
    trail = json.dumps([r.changes for r in AuditRecord.objects.all()]) + "".join(
        r.reason + r.object_repr for r in AuditRecord.objects.all()
    )
    assert secret not in trail
    assert any(r.reason.startswith("aangemaakt") for r in admin_records())


def test_an_account_with_roles_needs_an_email_and_a_reason(admin_client: Client) -> None:
    org = testing.org("police")
    response = admin_client.post(
        reverse("beheer:accounts_user_add"),
        {
            "username": "zonder.adres",
            "usable_password": "false",
            "email": "",
            "organisation": str(org.pk),
            "unit": "",
            "clearance": "2",
            "requested_roles": ["police_liaison"],
            "access_reason": "",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="zonder.adres").exists()


def test_setting_someone_elses_password_is_a_request(admin_client: Client) -> None:
    u = testing.user("analyst")
    secret = "Nog-Een-Ander-Wachtwoord-99"
    url = reverse("beheer:auth_user_password_change", args=[u.pk])
    response = admin_client.post(
        url, {"password1": secret, "password2": secret, "usable_password": "true"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:access-change-new"))
    u.refresh_from_db()
    assert not u.check_password(secret) and u.check_password(PASSWORD)
    assert not admin_records()


def test_own_password_is_still_set_in_the_admin(admin_user: User, admin_client: Client) -> None:
    secret = "Nog-Een-Ander-Wachtwoord-99"
    url = reverse("beheer:auth_user_password_change", args=[admin_user.pk])
    response = admin_client.post(
        url, {"password1": secret, "password2": secret, "usable_password": "true"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    admin_user.refresh_from_db()
    assert admin_user.check_password(secret)
    (rec,) = admin_records()
    assert rec.reason == "wachtwoord ingesteld door beheerder"
    assert secret not in json.dumps(rec.changes)


def test_unit_must_belong_to_the_organisation(admin_client: Client) -> None:
    u = testing.user("police_liaison")
    other = testing.org("kmar")
    unit = Unit.objects.create(organisation=other, code="bsb", name="BSB", kind="bsb")
    url = reverse("beheer:accounts_user_change", args=[u.pk])
    response = admin_client.post(url, _user_form(u, ["police_liaison"], unit=str(unit.pk)))
    assert response.status_code == 200  # the form comes back with an error
    u.refresh_from_db()
    assert u.unit_id is None


def test_organisation_changes_are_audited(admin_user: User, admin_client: Client) -> None:
    response = admin_client.post(
        reverse("beheer:organisations_organisation_add"),
        {"code": "gemeente-x", "name": "Gemeente X", "kind": "municipality", "parent": ""},
    )
    assert response.status_code == 302
    org = Organisation.objects.get(code="gemeente-x")
    unit = Unit.objects.create(organisation=org, code="x-1", name="Eenheid", kind="other")
    delete = reverse("beheer:organisations_unit_delete", args=[unit.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert not Unit.objects.filter(pk=unit.pk).exists()
    reasons = [(r.object_repr, r.reason) for r in admin_records()]
    assert reasons == [("organisatie gemeente-x", "aangemaakt"), ("eenheid x-1", "verwijderd")]


def test_deleting_an_organisation_never_shows_its_cases(admin_client: Client) -> None:
    referrer = testing.user("police_liaison")
    case = testing.case(referrer, summary="Zeer geheime aanleiding")
    municipality = testing.org("municipality", code="gemeente-y")  # no users, one case
    Case.objects.filter(pk=case.pk).update(local_authority=municipality)
    assert referrer.organisation is not None
    for org in (referrer.organisation, municipality):
        url = reverse("beheer:organisations_organisation_delete", args=[org.pk])
        page = admin_client.get(url)
        assert page.status_code == 200
        for text in (case.reference, case.codename, "Zeer geheime aanleiding", "casus"):
            assert text.encode() not in page.content, text
        admin_client.post(url, {"post": "yes"})
        assert Organisation.objects.filter(pk=org.pk).exists()
    assert b"gegevens buiten het beheer" in page.content
    assert not admin_records()


def test_admin_logout_is_the_audited_sign_out(admin_user: User, admin_client: Client) -> None:
    assert admin_client.get(reverse("beheer:logout")).status_code == 405
    response = admin_client.post(reverse("beheer:logout"))
    assert response.status_code == 302
    assert admin_client.get(INDEX).status_code == 302
    assert AuditRecord.objects.filter(action=AuditAction.LOGOUT, actor_id=admin_user.pk).exists()


def test_sync_staff_flag_leaves_others_without_permissions() -> None:
    u = testing.user("analyst")
    u.user_permissions.add(Permission.objects.get(codename="view_case"))
    assert services.sync_staff_flag(u) is False
    u = User.objects.get(pk=u.pk)
    assert not u.is_staff and not u.user_permissions.exists()
