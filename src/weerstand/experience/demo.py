"""Demo data of the experience app: an open invitation for the demo protectee.

Invitations come from the `decision_in_force` hook when a stop, scale-down or adjustment of
the demo comes in force. When the demo protectee got none that way (their protection runs
on), the invitation is made for the latest such decision of the demo protectee's case (in the
demo an approved stop that comes in force in a few days), as the hook will do it; the hook
finds the invitation there and adds none.
"""

from __future__ import annotations

from typing import Any


def seed(world: Any) -> dict[str, Any]:
    from weerstand.decisions.models import Decision
    from weerstand.experience import rules, services
    from weerstand.experience.models import ExperienceQuestionnaire

    made = ExperienceQuestionnaire.objects.count()
    person = world.portal_persons.get("tbp")
    if person is not None and not ExperienceQuestionnaire.objects.filter(person=person.pk).exists():
        decision = (
            Decision.objects.filter(
                case__protectee=person.pk,
                decision_type__in=rules.TRIGGERS,
                status__in=("approved", "in_force", "superseded", "ended"),
            )
            .order_by("-effective_date", "-pk")
            .first()
        )
        if decision is None:
            world.say("  let op: de demo-TBP heeft geen besluit dat de beveiliging wijzigt")
        else:
            made += len(services.invite_after_decision(decision))
    return {"experience": {"invitations": made}}
