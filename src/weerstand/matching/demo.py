"""Demo data of the matching app: one shielded investigation of the demo information
coordinator ("infocoordinator", with the OM officer "officier" as co-owner), a few selectors,
and hits on a demo case found by the real matching job; one hit decided (not shared, with a
reconsider date), one still waiting, so the start-page panel shows it.

Everything goes through the services. Which case gets the hit is chosen deterministically
(the first active, unrestricted case whose protectee yields a phone selector); the demo's
values come from that case's persons in memory, as they would from a real investigation.
"""

from __future__ import annotations

from typing import Any

from weerstand.core.errors import DomainError
from weerstand.matching import services, sharing
from weerstand.matching.normalise import SelectorKind

ACTIVE = ("assessment", "decision", "protection_active", "recalibration")


def _target(world: Any) -> tuple[Any, list[tuple[str, str, str]]] | None:
    for entry in world.cases:
        case = entry.case
        if case.state not in ACTIVE or case.restricted_compartment_id is not None:
            continue
        derived = services.derive_case_selectors(case)
        if any(kind == SelectorKind.PHONE for kind, _v, _l in derived):
            return case, derived
    return None


def seed(world: Any) -> dict[str, Any]:
    coordinator = world.users.get("infocoordinator")
    om = world.users.get("officier")
    found = _target(world)
    if coordinator is None or om is None or found is None:
        return {"hits": 0}
    case, derived = found
    investigation = services.open_investigation(
        coordinator,
        services.InvestigationData(
            title="Onderzoek Kraanvogel",
            co_owner=om.pk,
            reason="Afgeschermd opsporingsonderzoek naar een criminele organisatie",
        ),
    )
    phone = next(v for kind, v, _l in derived if kind == SelectorKind.PHONE)
    register = [
        ("phone", phone, "telefoon 1"),
        ("phone", "+31 6 9000 0471", "telefoon 2"),
        ("plate", "HZ-307-K", "voertuig 1"),
        ("handle", "@kraanvogel_demo", "account 1"),
    ]
    protectee = case.protectee
    if protectee.date_of_birth:
        name = f"{protectee.first_name} {protectee.last_name}"
        register.append(("name_dob", f"{name}, {protectee.date_of_birth:%d-%m-%Y}", "persoon 1"))
    for kind, value, label in register:
        try:
            services.register_for_investigation(
                coordinator, investigation.pk, services.SelectorData(kind, value, label)
            )
        except DomainError:  # a demo value the normaliser refuses is skipped
            continue
    services.refresh_case_selectors(case)
    hits = sorted(services.match_new(now=world.now), key=lambda h: h.pk)
    if hits:
        sharing.not_share(
            coordinator,
            hits[0].pk,
            sharing.NotShareData(
                "Delen zou het lopende onderzoek nu schaden; na de doorzoekingen opnieuw bekijken."
            ),
        )
    world.say(f"  afgeschermd onderzoek met {len(register)} selectors, {len(hits)} hits")
    return {"hits": len(hits)}
