"""Builders shared by the test suites (and the benchmarks), so every test speaks one dialect."""

from __future__ import annotations

import itertools
from typing import Any

from weerstand.accounts.models import RoleAssignment, User
from weerstand.accounts.roles import Clearance
from weerstand.audit.models import AuditRecord
from weerstand.cases import services as case_services
from weerstand.cases.models import Case
from weerstand.organisations.models import Organisation
from weerstand.policy.models import Compartment, CompartmentMembership
from weerstand.registry.models import Person

_seq = itertools.count(1)

PASSWORD = "correct-horse-battery-staple"  # noqa: S105 - test-only password


def org(kind: str = "nctv", code: str | None = None, name: str | None = None) -> Organisation:
    code = code or f"{kind}-{next(_seq)}"
    return Organisation.objects.get_or_create(
        code=code, defaults={"name": name or code.upper(), "kind": kind}
    )[0]


def user(
    *roles: str,
    organisation: Organisation | None = None,
    clearance: int = Clearance.STG_GEHEIM,
    username: str | None = None,
    totp: bool = False,
) -> User:
    username = username or f"{'-'.join(roles) or 'user'}-{next(_seq)}"
    u = User.objects.create_user(
        username=username,
        password=PASSWORD,
        organisation=organisation or org(_default_kind(roles)),
        clearance=clearance,
        first_name=username.split("-")[0].capitalize(),
        last_name="Test",
    )
    for role in roles:
        RoleAssignment.objects.create(user=u, role=role)
    if totp:
        from weerstand.accounts.services import demo_totp_key, enrol_totp

        enrol_totp(u, demo_totp_key(u.username))
    return User.objects.get(pk=u.pk)  # fresh instance: role cache empty


def _default_kind(roles: tuple[str, ...]) -> str:
    mapping = {
        "police_liaison": "police",
        "unit_planner": "police",
        "kmar_liaison": "kmar",
        "intelligence_liaison": "aivd",
        "om_officer": "om",
        "mayor": "municipality",
        "inspector": "inspectorate",
        "advisory_body": "advisory_body",
    }
    for r in roles:
        if r in mapping:
            return mapping[r]
    return "nctv"


def person(first: str = "Test", last: str = "Persoon", **kwargs: Any) -> Person:
    return Person.objects.create(first_name=first, last_name=last, **kwargs)


def case(
    referrer: User,
    *,
    protectee: Person | None = None,
    phenomenon: str = "organised_crime",
    severity: str = "serious",
    summary: str = "Dreiging na een getuigenverklaring",
    classification: int = Clearance.DEPV,
    team: tuple[User, ...] = (),
    owner: User | None = None,
    state: str | None = None,
    **kwargs: Any,
) -> Case:
    """Open a case through the service, add a team, optionally force a state for set-up."""
    c = case_services.open_case(
        referrer,
        case_services.ReferralData(
            protectee=protectee or person(),
            phenomenon=phenomenon,
            severity=severity,
            summary=summary,
            classification=classification,
            **kwargs,
        ),
    )
    if owner is not None:
        CompartmentMembership.objects.create(compartment=c.team, user=owner, function="owner")
    for member in team:
        CompartmentMembership.objects.get_or_create(compartment=c.team, user=member)
    if state is not None:
        Case.objects.filter(pk=c.pk).update(state=state)
        c.refresh_from_db()
    return c


def restrict(c: Case, kind: str = "crown_witness", members: tuple[User, ...] = ()) -> Compartment:
    comp = Compartment.objects.create(kind=kind, name=f"{kind} {c.reference}")
    for m in members:
        CompartmentMembership.objects.create(compartment=comp, user=m)
    Case.objects.filter(pk=c.pk).update(restricted_compartment=comp)
    c.refresh_from_db()
    return comp


def login(client: Any, u: User) -> User:
    """Sign `u` in on a Django test client with both factors, as the sign-in views would.

    The password step is `force_login`; the second factor marks the session verified the way
    `django_otp.login` does (session key `otp_device_id`), enrolling a TOTP device if needed.
    """
    from django_otp import DEVICE_ID_SESSION_KEY

    from weerstand.accounts.services import demo_totp_key, enrol_totp, totp_device

    device = totp_device(u) or enrol_totp(u, demo_totp_key(u.username))
    client.force_login(u)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return u


def sign_in(client: Any, u: User, password: str = PASSWORD) -> Any:
    """The REAL two-step sign-in through the views: password, then a current TOTP code.

    Unlike `login` (a shortcut for tests of other things), this runs lock-out, audit and
    session handling exactly as a browser would. A user without an authenticator gets the
    deterministic demo key. Signing the same user in twice within one 30-second step would
    trip the replay protection, so the code of the next (still accepted) step is used, and
    throttling left by deliberate failures earlier in the test is cleared.
    Returns the response of the code step (a redirect on success).
    """
    from django.urls import reverse

    from weerstand.accounts.services import demo_totp_key, enrol_totp, totp_device

    device = totp_device(u) or enrol_totp(u, demo_totp_key(u.username))
    credentials = {"username": u.username, "password": password}
    response = client.post(reverse("accounts:login"), credentials)
    assert response.status_code == 302, f"password step answered {response.status_code}"
    response = client.post(reverse("accounts:totp"), {"token": fresh_totp_code(device)})
    assert response.status_code == 302 and response.url != reverse("accounts:login"), (
        f"sign-in of {u.username} failed"
    )
    return response


def fresh_totp_code(device: Any) -> str:
    """A code the device accepts now: current step, or the next one if this one was used."""
    from django.utils import timezone
    from django_otp.oath import TOTP

    device.refresh_from_db()
    if device.throttling_failure_count:
        device.throttle_reset()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = timezone.now().timestamp()
    now_t = totp.t()
    for offset in range(device.tolerance + 1):
        if now_t + offset > device.last_t:
            totp.time = timezone.now().timestamp() + offset * device.step
            return f"{totp.token():0{device.digits}d}"
    device.last_t = -1  # more sign-ins than steps in the window: a test, not an attack
    device.save(update_fields=["last_t"])
    totp.time = timezone.now().timestamp()
    return f"{totp.token():0{device.digits}d}"


def api_client(u: User | None = None) -> Any:
    """A DRF test client that sends JSON and, given `u`, a fresh personal API token."""
    from rest_framework.test import APIClient

    from weerstand.accounts.services import issue_token

    client = APIClient()
    client.default_format = "json"
    if u is not None:
        _, raw = issue_token(u)
        client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return client


def last_audit(**filters: Any) -> AuditRecord:
    """The newest audit record matching `filters`. None found is an error (DoesNotExist),
    so an assertion about the record's content never runs on nothing."""
    return AuditRecord.objects.filter(**filters).latest("seq")
