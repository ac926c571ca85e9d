"""A small world for the contact tests: two cases with their own team, persons and portal
accounts, built through the services where a role owns the step."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from weerstand import testing as t
from weerstand.accounts.models import User
from weerstand.cases.models import Case, CasePerson
from weerstand.contact import services


def portal_user(role: str, person: Any) -> User:
    u = t.user(role, organisation=t.org("civilian", code="burgers"))
    User.objects.filter(pk=u.pk).update(person=person)
    return User.objects.get(pk=u.pk)


@dataclass
class CaseWorld:
    case: Case
    owner: User
    expert: User  # resilience expert: the contact person
    deputy: User  # second analyst: the deputy
    police: User  # police liaison in the team: a partner without need
    planner: User
    decider: User
    protectee_link: CasePerson
    partner_link: CasePerson
    employer_link: CasePerson
    tbp: User  # the protectee's portal account
    partner: User  # the partner's portal account (shares contact_person)
    employer: User  # the employer's portal account (shares nothing)


def build(name: str = "A") -> CaseWorld:
    owner = t.user("analyst")
    expert = t.user("resilience_expert")
    deputy = t.user("analyst")
    police = t.user("police_liaison")
    planner = t.user("unit_planner")
    decider = t.user("decision_maker")
    protectee = t.person("Sanne", f"Wijnberg{name}")
    case = t.case(
        owner,
        protectee=protectee,
        owner=owner,
        team=(expert, deputy, police, planner, decider),
        state="protection_active",
    )
    partner_person = t.person("Thomas", f"Kerkhof{name}")
    employer_person = t.person("Erik", f"Dijkman{name}")
    partner_link = CasePerson.objects.create(
        case=case, person=partner_person, role="partner", shares=["contact_person"]
    )
    employer_link = CasePerson.objects.create(
        case=case, person=employer_person, role="employer_contact"
    )
    return CaseWorld(
        case=case,
        owner=owner,
        expert=expert,
        deputy=deputy,
        police=police,
        planner=planner,
        decider=decider,
        protectee_link=services.protectee_link(case),  # type: ignore[arg-type]
        partner_link=partner_link,
        employer_link=employer_link,
        tbp=portal_user("protectee", protectee),
        partner=portal_user("relative", partner_person),
        employer=portal_user("employer", employer_person),
    )


def assign(w: CaseWorld, note: str = "Op vrijdag via de vervanger.") -> Any:
    return services.assign(
        w.owner,
        w.case.pk,
        services.Assignment(
            contact=w.expert.pk,
            contact_phone="070 751 5050",
            deputy=w.deputy.pk,
            deputy_phone="070 751 5051",
            note=note,
        ),
        reason="Vaste stem vanaf de start",
        expected_version=0,
    )


def tell(w: CaseWorld, link: CasePerson, text: str, topic: str = "measures", **kw: Any) -> Any:
    return services.record_message(
        w.expert,
        w.case.pk,
        services.Message(recipient=link.pk, text=text, channel="phone", topic=topic, **kw),
    )
