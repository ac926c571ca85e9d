"""Demo data of the contact app: the demo protectee's case gets a fictional contact person
(the resilience expert) and deputy (the case owner), shares the contact person with the
partner and the employer, and holds a few logged messages, one pair on the same topic that
differs (so the case page shows the mark) and a correction. Written through the services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from weerstand.cases import persons as case_persons
from weerstand.cases import team as case_team
from weerstand.cases.models import Case, CasePerson
from weerstand.contact import services
from weerstand.contact.models import Channel, Topic
from weerstand.core.errors import DomainError
from weerstand.policy.models import CompartmentMembership

MESSAGES = [
    # (portal login of the recipient, days ago, channel, topic, text)
    (
        "tbp",
        12,
        Channel.IN_PERSON,
        Topic.CONTACT,
        "Kennismaking: ik ben uw vaste contactpersoon. Bij vragen belt u mij; als ik er niet "
        "ben, helpt mijn vervanger u.",
    ),
    (
        "tbp",
        9,
        Channel.PHONE,
        Topic.MEASURES,
        "De camera bij de voordeur wordt volgende week dinsdag geplaatst.",
    ),
    (
        "naaste",
        8,
        Channel.IN_PERSON,
        Topic.MEASURES,
        "De camera bij de voordeur wordt volgende week woensdag geplaatst.",
    ),
    (
        "werkgever",
        6,
        Channel.EMAIL,
        Topic.CONTACT,
        "Voor vragen over de maatregelen op het werk kunt u de vaste contactpersoon bellen.",
    ),
]


def _demo_case(world: Any) -> Case | None:
    person = world.portal_persons.get("tbp")
    if person is None:
        return None
    return Case.objects.filter(protectee=person).exclude(state="ended").order_by("pk").first()


def seed(world: Any) -> dict[str, Any]:
    case = _demo_case(world)
    expert = world.users.get("weerbaarheid")
    if case is None or expert is None:
        return {"contact_persons": 0, "communications": 0}
    owner_id = (
        CompartmentMembership.objects.filter(compartment=case.team_id, function="owner")
        .values_list("user_id", flat=True)
        .first()
    )
    owner = next((u for u in world.users.values() if u.pk == owner_id), None)
    if owner is None:
        return {"contact_persons": 0, "communications": 0}
    try:
        if not CompartmentMembership.objects.filter(compartment=case.team_id, user=expert).exists():
            case_team.add_member(
                owner,
                case.pk,
                expert.pk,
                function="resilience_expert",
                reason="Vaste contactpersoon van de beschermde persoon",
            )
        services.assign(
            owner,
            case.pk,
            services.Assignment(
                contact=expert.pk,
                contact_phone="070 751 5050",
                deputy=owner.pk,
                deputy_phone="070 751 5051",
                note="Bereikbaar maandag tot en met donderdag; op vrijdag via de vervanger.",
            ),
            reason="Eén vaste stem vanaf de start van de beveiliging",
        )
        links = {
            login: link
            for login, person in world.portal_persons.items()
            if (link := CasePerson.objects.filter(case=case, person=person).first()) is not None
        }
        for login in ("naaste", "werkgever"):
            if login in links:
                case_persons.update_link(
                    owner,
                    case.pk,
                    links[login].pk,
                    shares=sorted({*links[login].shares, "contact_person"}),
                    reason="Mag weten wie de vaste contactpersoon is",
                )
        made = []
        for login, days, channel, topic, text in MESSAGES:
            if login not in links:
                continue
            made.append(
                services.record_message(
                    expert,
                    case.pk,
                    services.Message(
                        recipient=links[login].pk,
                        text=text,
                        channel=channel,
                        topic=topic,
                        told_at=world.now - timedelta(days=days, hours=2),
                    ),
                )
            )
    except DomainError as exc:  # the demo world changed shape: say so, do not stop the seed
        world.say(f"contact: overgeslagen ({exc.detail})")
        return {"contact_persons": 0, "communications": 0}
    return {"contact_persons": 1, "communications": len(made)}
