"""Who joins a demo case, and why: its team as the case moves on, and the compartment
around a crown-witness or shielded case.

Team members are added through the service (`add_team_member`), so the trail says who granted
need-to-know and why; restricting compartments through `policy.compartments` (four eyes of the
owning side) and `cases.services.restrict_case`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from weerstand.accounts.demo_data import STG_CONFIDENTIEEL
from weerstand.cases import services as case_services
from weerstand.cases.demo_data import CaseRow
from weerstand.cases.demo_scenarios import EER, LON, OC, SCENARIOS, STA, TER
from weerstand.core.demo.seed import World
from weerstand.policy import compartments

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


def compartment_for(world: World, row: CaseRow, codename: str, deciders: tuple[str, ...]) -> Any:
    """Open the restricting compartment of a crown-witness or shielded case, through the
    service: the owning side opens it with a co-owner, and every further member is proposed by
    one and approved by the other (four eyes)."""
    users = world.users
    if row.restriction == "crown_witness":
        opener, second = "officier", "officier2"
        name = f"Kroongetuigetraject {codename}"
        members: tuple[str, ...] = ("senior-analist", "lcc", *deciders)
        reason = (
            "Kroongetuigetraject: alleen de officieren van justitie, de senior analist, de "
            "LCC-coördinator en de besluitvormers van de casus krijgen toegang."
        )
    else:
        opener, second = "infocoordinator", "officier"
        name = f"Afgeschermd onderzoek {codename}"
        members = ("analist", *deciders)
        reason = (
            "Afgeschermd onderzoek: de casus raakt aan een lopend opsporingsonderzoek en is "
            "alleen toegankelijk voor de informatiecoördinator, het OM, de analist en de "
            "besluitvormers van de casus."
        )
    compartment = compartments.create(
        users[opener], row.restriction, name, reason=reason, co_owner=users[second]
    )
    for username in members:
        change = compartments.propose(
            users[opener],
            compartment.pk,
            users[username].pk,
            kind="add",
            reason=f"Nodig voor de casus: {reason}",
        )
        compartments.decide(users[second], change.pk, approve=True)
    return compartment


def restrict(world: World, state: DemoCase) -> None:
    """Put an existing case inside a new restricting compartment (the deal becomes known)."""
    row, case = state.row, state.case
    # The case's decision-makers are left out on purpose: the demo shows that a compartment
    # closes a case even to members of its team.
    compartment = compartment_for(world, row, case.codename, ())
    reason = (
        "Kroongetuigetraject: de casus is afgeschermd. De afspraak met de getuige wordt openbaar."
        if row.restriction == "crown_witness"
        else "Afgeschermd onderzoek: de casus raakt aan een lopend opsporingsonderzoek."
    )
    actor = "officier" if row.restriction == "crown_witness" else "infocoordinator"
    state.case = case_services.restrict_case(
        world.users[actor], case.pk, compartment.pk, reason=reason
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
