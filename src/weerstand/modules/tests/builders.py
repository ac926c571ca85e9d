"""Builders for the modules tests (and the leak hunt): a case with a resilience expert in
its team, a protectee and a partner with portal accounts, and the shipped modules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from weerstand import testing as t


def portal_user(person: Any, role: str = "protectee") -> Any:
    from weerstand.accounts.models import User

    u = t.user(role, organisation=t.org("civilian", code="burgers"), clearance=0)
    User.objects.filter(pk=u.pk).update(person=person)
    return User.objects.get(pk=u.pk)


@dataclass
class World:
    case: Any
    expert: Any
    analyst: Any
    protectee: Any
    portal: Any
    partner: Any
    partner_portal: Any
    protectee_link: Any
    partner_link: Any


def world(first: str = "Sanne", last: str = "Wijnberg") -> World:
    from weerstand.cases.models import CasePerson
    from weerstand.modules import services

    services.load_content()
    analyst = t.user("analyst")
    expert = t.user("resilience_expert")
    protectee = t.person(first, last)
    case = t.case(
        analyst,
        protectee=protectee,
        team=(analyst, expert),
        owner=analyst,
        state="protection_active",
    )
    partner = t.person("Thomas", last)
    partner_link = CasePerson.objects.create(case=case, person=partner, role="partner")
    return World(
        case=case,
        expert=expert,
        analyst=analyst,
        protectee=protectee,
        portal=portal_user(protectee),
        partner=partner,
        partner_portal=portal_user(partner, "relative"),
        protectee_link=CasePerson.objects.get(case=case, role="protectee"),
        partner_link=partner_link,
    )


def version(code: str = "veilig-online") -> Any:
    from weerstand.modules.models import ModuleVersion

    return ModuleVersion.objects.filter(module__code=code).order_by("-number").first()
