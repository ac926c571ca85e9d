"""The words on a demo case's steps, as the person who took the step would have written them.

For the team's own steps (triage, the advice, submitting, returning, recalibrating) this is the
reason on the timeline; for a step of the authority it is the reasoning of the decision that
carries it (the timeline then names the decision). Plain functions of the case's demo state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from weerstand.cases import demo_data as d
from weerstand.cases import demo_teams as teams
from weerstand.cases.demo_scenarios import LON, OC, SCENARIOS, STA, TER

if TYPE_CHECKING:
    from weerstand.cases.demo import DemoCase

_NATIONAL = (OC, TER, STA, LON)


def reason(step: str, state: DemoCase, authority: Any = None) -> str:
    """Why `step` was taken on this case; `authority` is the local authority handed to."""
    row, case = state.row, state.case
    phenomenon = SCENARIOS[row.scenario].phenomenon
    phen = d.PHENOMENON_TEXT[phenomenon]
    package = d.PACKAGES.get((phenomenon, row.severity), "pakket 2 (basismaatregelen)")
    resistance = d.OWN_RESISTANCE[int(case.reference[-2:]) % len(d.OWN_RESISTANCE)]
    if step == "start_triage":
        return "Aanmelding is volledig; triage gestart door de dienstdoende analist."
    if step == "advise_authority":
        return _advice(state, phen, resistance, authority)
    if step == "route_national":
        if row.limitative:
            return (
                "De persoon staat op de limitatieve lijst: aangewezen als te beveiligen persoon, "
                "zoals de analisten adviseren. Het rijksdomein is verantwoordelijk."
            )
        if phenomenon not in _NATIONAL:
            return (
                f"Aangewezen, in afwijking van de triageregel: het fenomeen ({phen}) hoort bij "
                "het lokale domein, maar er zijn aanwijzingen dat een crimineel netwerk is "
                "benaderd voor de uitvoering. Daarom rijksdomein."
            )
        if case.triage_recommendation == "local":
            return (
                "Aangewezen, in afwijking van de triageregel: de dreiging is als verhoogd "
                "ingeschat, maar de afzender heeft eerder geweld gebruikt. Het gezag beoordeelt "
                "na het dreigingsbeeld of maatregelen in het stelsel nodig zijn."
            )
        return (
            f"Aangewezen op advies van de analisten: ernstige dreiging tegen het leven vanuit "
            f"{phen}. {resistance}"
        )
    if step == "route_local":
        who, frame = _local(authority)
        return (
            f"Niet aangewezen: geen zaak voor het rijksdomein ({phen}). Overgedragen aan {who} "
            f"({frame}); de lokale driehoek is geïnformeerd en de politie-eenheid voert uit."
        )
    if step == "reject_referral":
        return (
            "Niet aangewezen: het betreft een zakelijk geschil zonder dreiging tegen het leven. "
            "De melder is doorverwezen naar de politie-eenheid voor aangifte."
        )
    if step == "submit_for_decision":
        if "return_to_assessment" in d.PLANS[row.plan][: state.done]:
            return (
                "Aangevuld dreigingsbeeld opnieuw voorgelegd: scenario verplaatsingen en "
                f"weerbaarheid van de naasten uitgewerkt. Advies: {package}."
            )
        return (
            "Geïntegreerd dreigingsbeeld vastgesteld, met scenario's, aannames en restrisico. "
            f"Advies: {package}."
        )
    if step == "return_to_assessment":
        return (
            "Terug naar analyse: het scenario van een aanslag tijdens verplaatsingen is niet "
            "uitgewerkt en de weerbaarheid van de naasten ontbreekt."
        )
    if step == "activate_protection":
        return (
            f"Besluit gezag: {package}. Beveiligingsopdracht aan {teams.executor(row)}. TBP en "
            "naasten zijn geïnformeerd over de maatregelen en wat van hen wordt verwacht."
        )
    if step == "decide_no_measures":
        return (
            "Besluit gezag: geen maatregelen in het stelsel. De dreiging is niet tegen het "
            "leven gericht; de eenheid houdt contact en er volgt een weerbaarheidsgesprek."
        )
    if step == "start_recalibration":
        return (
            "Periodieke herijking: de herijkingsdatum is bereikt; politie, KMar en de "
            "diensten leveren geactualiseerde dreigingsinformatie."
        )
    if step == "continue_protection":
        return (
            "Herijking afgerond: de dreiging is onverminderd. Maatregelen voortgezet, "
            "surveillance aangepast aan het nieuwe werkrooster."
        )
    if step == "end_protection":
        return (
            "Dreiging weggenomen: de opdrachtgevers zijn onherroepelijk veroordeeld en er is "
            "geen actuele informatie meer. Maatregelen afgebouwd; eindfasegesprek gevoerd."
        )
    raise ValueError(f"geen reden voor stap {step}")


def _advice(state: DemoCase, phen: str, resistance: str, authority: Any) -> str:
    """The analysts' advice to the authority after triage."""
    row, case = state.row, state.case
    advice = state.advice
    if advice == "local":
        who, frame = _local(authority)
        return (
            f"Advies: niet aanwijzen en overdragen aan {who} ({frame}). Geen zaak voor het "
            f"rijksdomein ({phen}); de lokale driehoek kan de beveiliging beleggen."
        )
    if advice == "refuse":
        return (
            "Advies: niet aanwijzen. Het betreft een zakelijk geschil zonder dreiging tegen het "
            "leven; de melder kan aangifte doen bij de politie-eenheid."
        )
    if row.limitative:
        return "De persoon staat op de limitatieve lijst. Advies: aanwijzen (rijksdomein)."
    if SCENARIOS[row.scenario].phenomenon not in _NATIONAL:
        return (
            f"Advies afwijkend van de triageregel: het fenomeen ({phen}) hoort bij het lokale "
            "domein, maar er zijn aanwijzingen dat een crimineel netwerk is benaderd voor de "
            "uitvoering. Advies: aanwijzen."
        )
    if case.triage_recommendation == "local":
        return (
            "Advies afwijkend van de triageregel: de dreiging is als verhoogd ingeschat, maar "
            "de afzender heeft eerder geweld gebruikt. Advies: aanwijzen, zodat het gezag na "
            "het dreigingsbeeld beoordeelt of maatregelen nodig zijn."
        )
    return f"Advies: aanwijzen. Ernstige dreiging tegen het leven vanuit {phen}. {resistance}"


def _local(authority: Any) -> tuple[str, str]:
    """Who takes a case over in the local domain, and in which frame."""
    if authority.kind == "municipality":
        return f"de burgemeester van {authority.name.removeprefix('Gemeente ')}", "openbare orde"
    return f"de hoofdofficier van justitie, {authority.name}", "strafrechtelijk kader"
