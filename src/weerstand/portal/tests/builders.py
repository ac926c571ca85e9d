"""A brand-new case for the portal tests, built through the services by the roles that own
each step: referral and assessment (set-up as in the decisions tests), a start decision by
one decision-maker approved by another, a relative and an employer contact linked by the case's
analyst with what may be shared, a framework published (rights service), and a portal
account for each."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from weerstand import testing as t
from weerstand.decisions.tests import builders as b

MARK_EXPECTATION = "Vertel ons als u op reis gaat."
MARK_EMPLOYER = "Zorg voor een veilige ingang op het werk."


@dataclass
class PortalWorld:
    w: Any
    case: Any
    decision: Any
    protectee: Any
    relative: Any
    employer: Any
    analyst: Any


def portal_user(role: str, person: Any) -> Any:
    from weerstand.accounts.models import User

    u = t.user(role, organisation=t.org("civilian", code="burgers"), clearance=0)
    User.objects.filter(pk=u.pk).update(person=person)
    return User.objects.get(pk=u.pk)


def world(
    *,
    relative_shares: tuple[str, ...] = ("protection_status", "own_measures", "expectations"),
    employer_shares: tuple[str, ...] = ("own_measures", "expectations"),
    first: str = "Lotte",
    last: str = "Vermeulen",
) -> PortalWorld:
    from weerstand.cases import persons
    from weerstand.decisions import services
    from weerstand.registry.services import PersonData
    from weerstand.rights.tests.builders import framework

    w = b.world()
    person = t.person(first, last)
    case, _assessment = b.decided_case(w, protectee=person)
    decision = services.create_decision(w.dm1, case.pk, b.start_data(w))
    decision = services.approve_decision(w.dm2, decision.pk)
    assert decision.status == "in_force", decision.status
    framework(
        w.author,
        person_text=f"Wij vragen u om de afspraken te volgen.\n\n- {MARK_EXPECTATION}",
        employer_text=MARK_EMPLOYER,
    )
    rel_link = persons.link_person(
        w.author,
        case.pk,
        role="partner",
        reason="Woont samen met de beschermde persoon",
        new_person=PersonData(first_name="Bram", last_name="Vermeulen"),
        shares=relative_shares,
    )
    emp_link = persons.link_person(
        w.author,
        case.pk,
        role="employer_contact",
        reason="Leidinggevende op het werk",
        new_person=PersonData(first_name="Ilse", last_name="Dekker"),
        shares=employer_shares,
    )
    return PortalWorld(
        w=w,
        case=case,
        decision=decision,
        protectee=portal_user("protectee", person),
        relative=portal_user("relative", rel_link.person),
        employer=portal_user("employer", emp_link.person),
        analyst=w.author,
    )
