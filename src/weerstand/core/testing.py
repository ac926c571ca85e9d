"""Builders shared by the test suites (and the benchmarks), so every test speaks one dialect."""

from __future__ import annotations

import itertools
from typing import Any

from weerstand.accounts.models import RoleAssignment, User
from weerstand.accounts.roles import Clearance
from weerstand.cases import services as case_services
from weerstand.cases.models import Case
from weerstand.organisations.models import Organisation
from weerstand.policy.models import Compartment, CompartmentMembership
from weerstand.registry.models import Person

_seq = itertools.count(1)

PASSWORD = "correct-horse-battery-staple"


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
