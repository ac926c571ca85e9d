"""Demo: what the demo case shares with the partner and the employer ('naaste', 'werkgever'),
set by the case owner through the case service, so their portal start page shows something."""

from __future__ import annotations

from typing import Any

from weerstand.cases.models import CasePerson, CasePersonRole, ShareCategory

SHARES = {
    "naaste": [
        ShareCategory.PROTECTION_STATUS,
        ShareCategory.OWN_MEASURES,
        ShareCategory.EXPECTATIONS,
        ShareCategory.CONTACT_PERSON,
        ShareCategory.LETTERS,
    ],
    "werkgever": [
        ShareCategory.OWN_MEASURES,
        ShareCategory.EXPECTATIONS,
        ShareCategory.CONTACT_PERSON,
    ],
}


def seed(seeder: Any) -> dict[str, Any]:
    from weerstand.cases import persons

    portal = getattr(seeder, "portal_persons", None) or {}
    tbp = portal.get("tbp")
    if tbp is None:
        return {"shares": 0}
    owners = {s.case.pk: s.owner for s in seeder.cases}
    made = 0
    for state in seeder.cases:
        if state.case.protectee_id != tbp.pk:
            continue
        owner = seeder.users.get(owners.get(state.case.pk, ""))
        if owner is None:
            continue
        for key, shares in SHARES.items():
            person = portal.get(key)
            if person is None:
                continue
            links = CasePerson.objects.filter(case=state.case.pk, person=person.pk).exclude(
                role=CasePersonRole.PROTECTEE
            )
            for link in links:
                persons.update_link(
                    owner,
                    state.case.pk,
                    link.pk,
                    reason="Afgesproken met de persoon zelf wat we met hen delen",
                    shares=[*dict.fromkeys([*link.shares, *shares])],
                )
                made += 1
    return {"shares": made}
