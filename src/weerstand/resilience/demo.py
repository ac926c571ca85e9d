"""Demo data of the resilience app (after the decisions, rights and capacity demo steps).

Fictional conversations with the demo protectee (the portal account 'tbp') and their
partner ('naaste'): an impact conversation held with notes and a follow-up, a consolidation
conversation planned next week; and one active buddy match with a former protectee of an
ended demo case, whose portal account ('buddy', a demo account with role protectee) is linked
to that person here. Everything goes through
`resilience.services` except that link and the past dates.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from weerstand.resilience import services
from weerstand.resilience.models import ResilienceConversation


def _expert_case(world: Any) -> Any:
    """The demo person's case, if the resilience expert is in its team."""
    from weerstand.cases.models import Case
    from weerstand.policy.models import CompartmentMembership

    person = world.portal_persons.get("tbp")
    expert = world.users.get("weerbaarheid")
    if person is None or expert is None:
        return None
    for case in Case.objects.filter(protectee=person.pk).exclude(state="ended"):
        if not CompartmentMembership.objects.filter(
            compartment=case.team_id, user=expert.pk, function="resilience_expert"
        ).exists():
            CompartmentMembership.objects.create(
                compartment=case.team, user=expert, function="resilience_expert"
            )
        return case
    return None


def _at(day: Any, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def seed(world: Any) -> dict[str, Any]:
    case = _expert_case(world)
    if case is None:
        return {"resilience_conversations": 0}
    expert = world.users["weerbaarheid"]
    protectee = world.portal_persons["tbp"]
    partner = world.portal_persons.get("naaste")
    held = services.plan_conversation(
        expert,
        case.pk,
        services.ConversationPlan(
            person_id=protectee.pk,
            phase="impact",
            planned_at=_at(world.today, 10),
            channel="in_person",
            place="Spreekkamer op een afgesproken locatie (fictief)",
        ),
    )
    ResilienceConversation.objects.filter(pk=held.pk).update(
        planned_at=_at(world.today - timedelta(days=12), 10)
    )
    services.record_notes(
        expert,
        held.pk,
        services.NotesData(
            wellbeing="Slaapt slecht sinds de start van de beveiliging; voelt zich wel gehoord.",
            worries="Zorgen over de kinderen op school en over haar werk als advocaat.",
            strengths="Steun van haar partner en een vaste hardloopronde met beveiliging.",
            agreements="Gesprek met de school via de contactpersoon; over drie weken verder.",
        ),
    )
    services.add_follow_up(
        expert,
        held.pk,
        description="Nagaan of de school een vaste contactpersoon heeft voor de kinderen.",
        owner_id=expert.pk,
        due_on=world.today + timedelta(days=7),
    )
    count = 1
    services.plan_conversation(
        expert,
        case.pk,
        services.ConversationPlan(
            person_id=protectee.pk,
            phase="consolidation",
            planned_at=_at(world.today + timedelta(days=6), 14),
            channel="video",
            place="Beveiligde videoverbinding",
        ),
    )
    count += 1
    if partner is not None and partner.pk in {p.pk for p in services.conversation_persons(case)}:
        services.plan_conversation(
            expert,
            case.pk,
            services.ConversationPlan(
                person_id=partner.pk,
                phase="impact",
                planned_at=_at(world.today + timedelta(days=3), 11),
                channel="phone",
            ),
        )
        count += 1
    matches = _buddy(world, case, expert)
    return {"resilience_conversations": count, "buddy_matches": matches}


def _buddy(world: Any, case: Any, expert: Any) -> int:
    """A former protectee (protectee of an ended demo case) with a portal account, on the
    list of available buddies, matched with the demo protectee; both consent."""
    from weerstand.accounts.models import User
    from weerstand.cases.models import Case
    from weerstand.policy.models import CompartmentMembership

    running = Case.objects.exclude(state="ended").values("protectee_id")
    former = (
        Case.objects.filter(state="ended", restricted_compartment__isnull=True)
        .exclude(protectee__in=running)
        .exclude(protectee=case.protectee_id)
        .order_by("pk")
        .first()
    )
    protectee_user = User.objects.filter(person=case.protectee_id, is_active=True).first()
    if former is None or protectee_user is None:
        return 0
    buddy_user = User.objects.filter(username="buddy", person__isnull=True).first()
    if buddy_user is None:
        return 0
    User.objects.filter(pk=buddy_user.pk).update(
        person=former.protectee,
        first_name=former.protectee.first_name,
        last_name=former.protectee.last_name,
    )
    buddy_user.refresh_from_db()
    if not CompartmentMembership.objects.filter(compartment=former.team, user=expert).exists():
        CompartmentMembership.objects.create(
            compartment=former.team, user=expert, function="resilience_expert"
        )
    services.register_volunteer(expert, former.protectee_id)
    match = services.propose_match(
        expert, case.pk, buddy_id=former.protectee_id, ends_on=world.today + timedelta(days=180)
    )
    services.consent(User.objects.get(pk=protectee_user.pk), match.pk)
    services.consent(User.objects.get(pk=buddy_user.pk), match.pk)
    services.set_shares(
        User.objects.get(pk=protectee_user.pk),
        match.pk,
        items=["first_name", "message"],
        message="Fijn dat je mee wilt doen. Ik wil graag horen hoe jij het na afloop deed.",
    )
    world.say("  weerbaarheid: gesprekken en een actieve buddykoppeling (inlog 'buddy')")
    return 1
