"""Demo data of the accounts app: the demo users with their roles and TOTP devices, and the
portal logins linked to their registry entries.

Two steps in `AccountsConfig`: the users (order 20, after the organisations) and, once the
cases' step has written the demo protectee's household, the portal links (order 45).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import make_password

from weerstand.accounts.demo_data import DEMO_ACCOUNTS
from weerstand.accounts.models import RoleAssignment, User
from weerstand.accounts.services import demo_totp_key, enrol_totp, sync_staff_flag
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.demo import DEMO_PASSWORD
from weerstand.core.demo.seed import World


def seed(world: World) -> dict[str, Any]:
    password = make_password(DEMO_PASSWORD)  # hashed once: the same password for all
    User.objects.bulk_create(
        [
            User(
                username=a.username,
                first_name=a.first_name,
                last_name=a.last_name,
                email=f"{a.username}@weerstand.invalid",
                organisation=world.orgs[a.organisation],
                unit=world.units.get(a.unit),
                clearance=a.clearance,
                password=password,
            )
            for a in DEMO_ACCOUNTS
        ]
    )
    by_name = {
        u.username: u for u in User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS])
    }
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=by_name[a.username], role=role)
            for a in DEMO_ACCOUNTS
            for role in a.roles
        ]
    )
    for a in DEMO_ACCOUNTS:
        user = User.objects.select_related("organisation", "unit").get(username=a.username)
        enrol_totp(user, demo_totp_key(user.username))
        if "system_admin" in a.roles:
            sync_staff_flag(user)
        audit.record(
            AuditAction.ADMIN,
            user,
            changes={"roles": [None, list(a.roles)], "clearance": [None, a.clearance]},
            reason="demogebruiker aangemaakt (seed-demo)",
        )
        world.users[a.username] = user
    world.say(f"  {len(world.users)} demogebruikers met TOTP")
    return {"users": len(world.users)}


def link_portal_users(world: World) -> None:
    """The protectee, relative and employer logins see their own registry entries."""
    for username, person in world.portal_persons.items():
        User.objects.filter(username=username).update(person=person)


def fingerprint() -> list[list[Any]]:
    return [
        list(
            User.objects.order_by("username").values_list(
                "username", "organisation__code", "unit__code", "clearance", "person__last_name"
            )
        ),
        list(
            RoleAssignment.objects.order_by("user__username", "role").values_list(
                "user__username", "role"
            )
        ),
    ]
