"""Who joins a demo case, and why: its team as the case moves on, and the compartment
around a crown-witness or shielded case.

Team members are added through the service (`add_team_member`), so the trail says who granted
need-to-know and why; the restricting compartment is set-up only (see `restrict`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import transaction

from weerstand.accounts.demo_data import STG_CONFIDENTIEEL
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases.demo_data import CaseRow
from weerstand.cases.demo_scenarios import EER, LON, OC, SCENARIOS, STA, TER
from weerstand.cases.models import Case, CaseEvent
from weerstand.core.demo.seed import World
from weerstand.policy.models import Compartment, CompartmentMembership

if TYPE_CHECKING:
    from weerstand.cases.demo import DemoCase

# add(case, username, reason): through the service, once per member.
AddMember = Callable[["DemoCase", str, str], None]


def assessment_team(add: AddMember, index: int, state: DemoCase) -> None:
    """Who joins when the case goes national: need-to-know by phenomenon and source."""
    row, phen = state.row, SCENARIOS[state.row.scenario].phenomenon
    cls = row.classification
    if row.restriction == "crown_witness":
        add(
            state,
            "officier",
            "Officier van justitie toegevoegd: afweging van het "
            "opsporingsbelang en de veiligheid als nevengeschikte belangen.",
        )
        add(
            state,
            "lcc",
            "LCC-coördinator toegevoegd: maatregelen voor getuige en "
            "omgeving moeten werken op het moment dat de afspraak openbaar wordt.",
        )
        return
    if row.restriction == "shielded_investigation":
        add(
            state,
            "infocoordinator",
            "Informatiecoördinator toegevoegd: toetst of "
            "het afgeschermde onderzoek informatie bevat die voor B&B relevant is.",
        )
    if state.owner in ("analist", "analist2") and index % 2 == 0:
        other = "analist2" if state.owner == "analist" else "analist"
        add(
            state,
            other,
            "Tweede analist toegevoegd voor tegenspraak op het "
            "dreigingsbeeld en de gebruikte aannames.",
        )
    if phen in (TER, STA):
        add(
            state,
            "aivd",
            "Inlichtingenliaison toegevoegd: de AIVD levert een "
            "dreigingsinformatieproduct (Wiv 2017).",
        )
    if phen in (OC, LON, EER) and cls <= STG_CONFIDENTIEEL:
        add(
            state,
            "politie",
            "Liaison politie toegevoegd: aanlevering van "
            "politie-informatie (Wpg) en zachte informatie van de eenheid.",
        )
    if row.referrer == "kmar" and cls <= STG_CONFIDENTIEEL:
        add(
            state,
            "kmar",
            "Liaison KMar toegevoegd: de melding kwam uit een lopende KMar-beveiligingsopdracht.",
        )


def execution_team(add: AddMember, state: DemoCase) -> None:
    """Who joins once protection is active: the LCC, the executing liaison, resilience."""
    row = state.row
    add(
        state,
        "lcc",
        "LCC-coördinator toegevoegd: integrale operationele aansturing "
        "van de beveiligingsopdracht.",
    )
    if row.restriction:
        return
    who = executor(row)
    liaison = "kmar" if who.startswith("KMar") else "politie"
    if row.classification <= STG_CONFIDENTIEEL:
        add(
            state,
            liaison,
            f"Liaison toegevoegd: uitvoering van de beveiligingsopdracht door {who}.",
        )
        if liaison == "politie":
            add(
                state,
                "planner",
                "Planner eenheid toegevoegd voor de inzet van capaciteit en teamsamenstelling.",
            )
    add(
        state,
        "weerbaarheid",
        "Expert weerbaarheid toegevoegd: weerbaarheidsgesprekken met TBP en naasten (impactfase).",
    )


def restrict(world: World, state: DemoCase, *, at_start: bool) -> None:
    """Put a restricting compartment around a case.

    Set-up only: no domain service for this exists yet. It writes what a service would:
    the compartment, its members, a timeline entry and an audit record.
    """
    row, case = state.row, state.case
    members: tuple[str, ...]
    if row.restriction == "crown_witness":
        members = ("officier", "senior-analist", "lcc")
        name = f"Kroongetuigetraject {case.codename}"
        actor = "officier"
        reason = (
            "Kroongetuigetraject: de casus is afgeschermd. Alleen de officier van justitie, "
            "de senior analist en de LCC-coördinator hebben toegang."
        )
        if not at_start:
            reason += " De afspraak met de getuige wordt openbaar."
    else:
        members = ("infocoordinator", state.owner)
        name = f"Afgeschermd onderzoek {case.codename}"
        actor = "infocoordinator"
        reason = (
            "Afgeschermd onderzoek: de casus raakt aan een lopend opsporingsonderzoek en is "
            "alleen toegankelijk voor de informatiecoördinator en de analist."
        )
    with transaction.atomic():
        compartment = Compartment.objects.create(kind=row.restriction, name=name)
        CompartmentMembership.objects.bulk_create(
            [CompartmentMembership(compartment=compartment, user=world.users[u]) for u in members]
        )
        Case.objects.filter(pk=case.pk).update(restricted_compartment=compartment)
        case.restricted_compartment = compartment
        user = world.users[actor]
        CaseEvent.objects.create(
            case=case,
            actor=user,
            actor_name=user.display_name,
            kind="restricted",
            reason=reason,
        )
        audit.record(
            AuditAction.UPDATE,
            case,
            changes={"restricted_compartment": [None, row.restriction]},
            reason=reason,
            actor=user,
        )


def executor(row: CaseRow) -> str:
    """Who carries out the security assignment (police and KMar, in consultation)."""
    phen = SCENARIOS[row.scenario].phenomenon
    if row.limitative:
        return "Politie, Dienst Koninklijke en Diplomatieke Beveiliging"
    if phen in (TER, STA) or row.referrer == "kmar":
        return "KMar, Brigade Speciale Beveiligingsopdrachten"
    if row.severity == "critical":
        return "Politie, Dienst Koninklijke en Diplomatieke Beveiliging"
    return "Politie, Segment persoonsbegeleiding"
