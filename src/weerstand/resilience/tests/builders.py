"""Test set-up for the resilience tests: a case with its team (the expert with the
resilience-expert function), the protectee and a relative with portal accounts, partners
in the team without need, and a former protectee who can be a buddy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from weerstand import testing as t
from weerstand.cases.models import Case, CasePerson
from weerstand.policy.models import CompartmentMembership
from weerstand.resilience import services


@dataclass
class World:
    case: Any
    other_case: Any
    expert: Any
    other_expert: Any
    owner: Any
    decision_maker: Any
    liaison: Any
    planner: Any
    om: Any
    outsider: Any
    inspector: Any
    protectee_user: Any
    relative_user: Any
    other_protectee_user: Any
    relative: Any
    buddy_person: Any
    buddy_user: Any


def member(case: Case, user: Any, function: str = "member") -> None:
    CompartmentMembership.objects.update_or_create(
        compartment=case.team, user=user, defaults={"function": function}
    )


def portal_user(role: str, person: Any) -> Any:
    u = t.user(role, organisation=t.org("civilian", code="burgers"), clearance=0)
    u.person = person
    u.save(update_fields=["person"])
    return u


def world(state: str = "protection_active") -> World:
    nctv = t.org("nctv", code="nctv-w")
    police = t.org("police", code="politie-w")
    expert = t.user("resilience_expert", organisation=nctv)
    other_expert = t.user("resilience_expert", organisation=nctv)
    owner = t.user("analyst", organisation=nctv)
    dm = t.user("decision_maker", organisation=nctv)
    liaison = t.user("police_liaison", organisation=police)
    planner = t.user("unit_planner", organisation=police)
    om = t.user("om_officer")
    referrer = t.user("police_liaison", organisation=police)
    case = t.case(
        referrer,
        protectee=t.person("Sanne", "Beschermd"),
        owner=owner,
        team=(dm, liaison, planner, om),
        state=state,
    )
    member(case, expert, "resilience_expert")
    relative = t.person("Thomas", "Naaste")
    CasePerson.objects.create(case=case, person=relative, role="partner")
    other_case = t.case(referrer, owner=t.user("analyst"), state=state)
    member(other_case, other_expert, "resilience_expert")
    # A former protectee: their own case ended, a portal account of their own.
    buddy_person = t.person("Mirjam", "Oudbeschermd")
    ended = t.case(referrer, protectee=buddy_person, state="ended")
    member(ended, expert, "resilience_expert")
    return World(
        case=case,
        other_case=other_case,
        expert=expert,
        other_expert=other_expert,
        owner=owner,
        decision_maker=dm,
        liaison=liaison,
        planner=planner,
        om=om,
        outsider=t.user("analyst", organisation=nctv),
        inspector=t.user("inspector"),
        protectee_user=portal_user("protectee", case.protectee),
        relative_user=portal_user("relative", relative),
        other_protectee_user=portal_user("protectee", other_case.protectee),
        relative=relative,
        buddy_person=buddy_person,
        buddy_user=portal_user("protectee", buddy_person),
    )


def at(days: int, hour: int = 10) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def plan(w: World, *, person: Any = None, phase: str = "impact", days: int = 3, **kw: Any) -> Any:
    return services.plan_conversation(
        w.expert,
        w.case.pk,
        services.ConversationPlan(
            person_id=(person or w.case.protectee).pk,
            phase=phase,
            planned_at=at(days),
            channel=kw.get("channel", "in_person"),
            place=kw.get("place", "Spreekkamer"),
        ),
    )


def held(w: World, marker: str = "", **kw: Any) -> Any:
    """A conversation held yesterday, with notes (carrying `marker`) and a follow-up."""
    from weerstand.resilience.models import ResilienceConversation

    c = plan(w, **kw)
    ResilienceConversation.objects.filter(pk=c.pk).update(planned_at=at(-1))
    services.record_notes(
        w.expert,
        c.pk,
        services.NotesData(
            wellbeing=f"Slaapt slecht {marker}",
            worries=f"Zorgen om de kinderen {marker}",
            strengths=f"Hardlopen {marker}",
            agreements=f"Over drie weken verder {marker}",
        ),
    )
    services.add_follow_up(
        w.expert,
        c.pk,
        description=f"School bellen {marker}",
        owner_id=w.expert.pk,
        due_on=timezone.localdate() + timedelta(days=5),
    )
    c.refresh_from_db()
    return c


def active_match(w: World, *, message: str = "", contact: str = "", items: tuple = ()) -> Any:
    services.register_volunteer(w.expert, w.buddy_person.pk)
    m = services.propose_match(
        w.expert,
        w.case.pk,
        buddy_id=w.buddy_person.pk,
        ends_on=timezone.localdate() + timedelta(days=90),
    )
    services.consent(w.protectee_user, m.pk)
    services.consent(w.buddy_user, m.pk)
    if items:
        services.set_shares(
            w.protectee_user, m.pk, items=list(items), contact=contact, message=message
        )
    m.refresh_from_db()
    return m
