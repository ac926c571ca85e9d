"""Demo data of the modules app: the three shipped modules, and for the demo protectee an
assignment half done (and one for the partner, not yet started), assigned by the resilience
expert of the case team. Everything goes through `modules.services`."""

from __future__ import annotations

from typing import Any

NOTE_TBP = (
    "Fijn dat we elkaar spraken. Begin met deel 1 en 2, dan bespreken we die bij ons "
    "volgende gesprek."
)
NOTE_PARTNER = "Neem de tijd. U kunt dit in uw eigen tempo doen."


def seed(world: Any) -> dict[str, Any]:
    from weerstand.accounts.models import User
    from weerstand.cases.models import CasePerson
    from weerstand.modules import rules, selectors, services
    from weerstand.modules.models import ModuleSection, ModuleVersion

    counts = services.load_content()
    made = 0
    expert = world.users.get("weerbaarheid")
    tbp = world.users.get("tbp")
    person = world.portal_persons.get("tbp")
    if expert is None or tbp is None or person is None:
        return {"modules": {**counts, "assignments": made}}
    expert = User.objects.get(pk=expert.pk)
    link = (
        CasePerson.objects.filter(person=person.pk, role="protectee")
        .select_related("case")
        .order_by("pk")
        .first()
    )
    if link is None or not rules.may_assign(expert, link.case):
        world.say("  let op: de expert weerbaarheid zit niet in het team van de demo-TBP")
        return {"modules": {**counts, "assignments": made}}
    online = ModuleVersion.objects.get(module__code="veilig-online", number=1)
    assignment = services.assign_module(expert, link.case_id, link.pk, online.pk, note=NOTE_TBP)
    made += 1
    portal_user = User.objects.get(pk=tbp.pk)
    for section in ModuleSection.objects.filter(version=online).order_by("position")[:2]:
        services.mark_section_done(portal_user, assignment.pk, section.pk)
    partner = world.portal_persons.get("naaste")
    partner_link = next(
        (
            cp
            for cp in selectors.assignable_persons(expert, link.case)
            if partner and cp.person_id == partner.pk
        ),
        None,
    )
    if partner_link is not None:
        version = ModuleVersion.objects.get(module__code="partner-beveiligd", number=1)
        services.assign_module(expert, link.case_id, partner_link.pk, version.pk, note=NOTE_PARTNER)
        made += 1
    return {"modules": {**counts, "assignments": made}}
