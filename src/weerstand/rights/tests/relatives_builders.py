"""Set-up for the tests of letters to relatives and the employer: a brand-new case carried
through a start decision with four eyes (decisions services), with a partner and an employer
contact linked by the analyst (cases.persons), each with a portal account."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from weerstand import testing as t
from weerstand.accounts.models import User

PARTNER_ASK = "Laat de beveiligers binnen. MARKER-NAASTE-BRIEF-5521"
EMPLOYER_ASK = "Zet iemand bij de receptie die bezoekers controleert."
FULL_SHARES = ["protection_status", "own_measures", "expectations", "contact_person", "letters"]


@dataclass
class RWorld:
    w: Any  # the decisions world (analysts, decision-makers, catalogue)
    case: Any
    protectee: Any
    partner: Any
    employer: Any
    protectee_user: Any
    partner_user: Any
    employer_user: Any
    partner_link: Any
    employer_link: Any
    decision: Any = None


def portal_user(role: str, person: Any) -> Any:
    u = t.user(role, organisation=t.org("civilian", code="burgers"), clearance=0)
    User.objects.filter(pk=u.pk).update(person=person)
    return User.objects.get(pk=u.pk)


def linked_case(
    *, partner_shares: list[str] | None = None, employer_shares: list[str] | None = None
) -> RWorld:
    from weerstand.cases import persons
    from weerstand.decisions.tests import builders as b

    w = b.world()
    case, _assessment = b.decided_case(w)
    from weerstand.registry.services import PersonData

    protectee = case.protectee
    partner_link = persons.link_person(
        w.author,
        case.pk,
        role="partner",
        reason="woont met de persoon samen",
        new_person=PersonData(first_name="Thomas", last_name="Kerkhof", date_of_birth=None),
        shares=FULL_SHARES if partner_shares is None else partner_shares,
    )
    employer_link = persons.link_person(
        w.author,
        case.pk,
        role="employer_contact",
        reason="hoofd beveiliging van de werkgever",
        new_person=PersonData(first_name="Erik", last_name="Dijkman", date_of_birth=None),
        shares=FULL_SHARES if employer_shares is None else employer_shares,
    )
    partner, employer = partner_link.person, employer_link.person
    return RWorld(
        w=w,
        case=case,
        protectee=protectee,
        partner=partner,
        employer=employer,
        protectee_user=portal_user("protectee", protectee),
        partner_user=portal_user("relative", partner),
        employer_user=portal_user("employer", employer),
        partner_link=partner_link,
        employer_link=employer_link,
    )


def decide_start(rw: RWorld, *, asks: bool = True) -> Any:
    """A start decision at level 3 (camera watch at home, secure transport), its letter text
    written while it waits, approved by the second decision-maker."""
    from weerstand.decisions import services
    from weerstand.decisions.tests import builders as b
    from weerstand.rights import services as rights

    decision = services.create_decision(rw.w.dm1, rw.case.pk, b.start_data(rw.w))
    rights.save_letter_text(
        rw.w.dm1,
        decision.pk,
        shareable_reason="De dreiging tegen u is ernstig. U kunt zich niet zelf beschermen.",
        asks=({"household_text": PARTNER_ASK, "employer_text": EMPLOYER_ASK} if asks else None),
    )
    rw.decision = services.approve_decision(rw.w.dm2, decision.pk)
    return rw.decision
