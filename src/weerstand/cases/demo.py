"""Demo data of the cases app: about sixty cases in every state, with their people, teams,
compartments and timelines, and one emergency access in the past.

Two steps in `CasesConfig`: the cases (order 40, after the registry's employers) and the
break-glass access (50, after the portal logins are linked). Cases go through the domain
services (`open_case`, `transfer_from_om`, `transition_case`, `add_team_member`,
`update_case`), so their timelines and audit trail are the real thing, written with channel
'cli'; the people around each case come from the registry's `household()`. Afterwards each
timeline is spread back in time so the demo has cases that have been running for months; the
audit trail keeps the true moment of seeding. Later steps read `world.cases` (`DemoCase`).
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from weerstand.accounts.demo_data import STG_CONFIDENTIEEL
from weerstand.cases import demo_data as d
from weerstand.cases import demo_teams as teams
from weerstand.cases import services as cs
from weerstand.cases.demo_scenarios import LON, OC, SCENARIOS, STA, TER, Scenario
from weerstand.cases.models import Case, CaseEvent, CasePerson
from weerstand.core.demo.seed import World
from weerstand.policy.models import Alert, BreakGlassGrant, CompartmentMembership
from weerstand.policy.services import break_glass
from weerstand.registry import demo as registry_demo


@dataclass
class DemoCase:
    """What the cases' step remembers about a case it wrote (no need to read it back)."""

    case: Any
    row: d.CaseRow
    members: set[str] = field(default_factory=set)
    owner: str = ""
    decider: str = ""


def seed(world: World) -> dict[str, Any]:
    writer = _CaseWriter(world)
    codenames = list(d.CODENAMES)
    random.Random(world.seed + 2).shuffle(codenames)
    for index, row in enumerate(d.CASES):
        writer.case(index, row, codenames[index])
    states = Counter(str(c.case.state) for c in world.cases)
    return {
        "persons": registry_demo.persons_created(world),
        "cases": len(world.cases),
        "states": dict(sorted(states.items())),
    }


class _CaseWriter:
    def __init__(self, world: World) -> None:
        self.world = world
        self.users = world.users
        self.orgs = world.orgs
        self.clock = random.Random(world.seed + 1)  # when things happened on the timelines

    def case(self, index: int, row: d.CaseRow, codename: str) -> None:
        sc = SCENARIOS[row.scenario]
        household = registry_demo.household(
            self.world,
            gender=sc.gender,
            employer=sc.employer,
            classification=row.classification,
            town=sc.town,
            crown_witness=row.restriction == "crown_witness",
            demo_family=row.demo_person,
        )
        protectee = household[0][0]
        referrer = self.users[row.referrer]
        low = row.severity == "low"
        data = cs.ReferralData(
            protectee=protectee,
            phenomenon=sc.phenomenon,
            severity=row.severity,
            summary=sc.summary,
            codename=codename,
            person_can_resist=low,
            employer_can_resist=low,
            classification=row.classification,
            on_limitative_list=row.limitative,
        )
        if row.restriction and "restrict" not in d.PLANS[row.plan]:
            # Opened straight into its compartment by the side that owns it.
            data.compartment = teams.compartment_for(self.world, row, codename, ())
        if row.om_transfer:
            case = cs.transfer_from_om(
                referrer,
                data,
                interim_measures=d.INTERIM_MEASURES[row.om_transfer],
                om_office=self.orgs[row.om_transfer],
                reason=(
                    "Overdracht van de beveiliging aan het gezag van de NCTV; de strafzaak loopt "
                    "door bij het parket. Lopende maatregelen blijven van kracht tot het besluit."
                ),
            )
        else:
            case = cs.open_case(referrer, data, reason=d.REFERRAL_REASONS[row.referrer])
        state = DemoCase(case=case, row=row)
        self.world.cases.append(state)

        registry_demo.relate(household)
        CasePerson.objects.bulk_create(
            [CasePerson(case=case, person=p, role=role) for p, role, _kind in household[1:]]
        )
        if row.demo_person:
            self.world.portal_persons = {
                "tbp": protectee,
                "naaste": next(p for p, _r, k in household if k == "partner"),
                "werkgever": next(p for p, r, _k in household if r == "employer_contact"),
            }

        plan = d.PLANS[row.plan]
        state.owner = row.owner or ("analist" if index % 2 == 0 else "analist2")
        state.decider = "besluitvormer2" if index % 3 == 1 else "besluitvormer"
        submitted = False
        for step in plan:
            if step == "restrict":
                teams.restrict(self.world, state)
                continue
            if step == "submit_for_decision" and not submitted:
                self.add(
                    state,
                    state.decider,
                    "Besluitvormer toegevoegd voor het besluit van "
                    "het gezag over dreigingsinschatting en maatregelen.",
                )
                if row.plan == "decision" and index % 2 == 0:
                    other = {"besluitvormer": "besluitvormer2"}.get(state.decider, "besluitvormer")
                    self.add(state, other, "Tweede besluitvormer toegevoegd (vier ogen).")
                submitted = True
            actor = state.decider if step in d.DECIDER_STEPS else state.owner
            authority = self.orgs[row.local_authority] if row.local_authority else None
            state.case = cs.transition_case(
                self.users[actor],
                state.case.pk,
                step,
                reason=_reason(step, state, sc, authority),
                local_authority=authority,
            )
            if step == "route_national":
                state.members.add(state.owner)
                teams.assessment_team(self.add, index, state)
            elif step == "activate_protection":
                teams.execution_team(self.add, state)
        if row.recalibration_in_days is not None:
            state.case = cs.update_case(
                self.users[state.owner],
                state.case.pk,
                {
                    "next_recalibration": self.world.today
                    + timedelta(days=row.recalibration_in_days)
                },
                expected_version=state.case.version,
            )
        self.spread_in_time(state)

    def add(self, state: DemoCase, username: str, reason: str) -> None:
        """Through the service: the owner grants need-to-know, and the trail says so. In a
        restricting compartment only its members can join (the owner knows who they are)."""
        if username in state.members:
            return
        compartment = state.case.restricted_compartment_id
        if (
            compartment
            and not CompartmentMembership.objects.filter(
                compartment=compartment, user=self.users[username]
            ).exists()
        ):
            return
        cs.add_team_member(
            self.users[state.owner], state.case.pk, self.users[username], reason=reason
        )
        state.members.add(username)

    def spread_in_time(self, state: DemoCase) -> None:
        """Place the timeline in the past, as if the case had been running for a while."""
        events = list(CaseEvent.objects.filter(case=state.case.pk).order_by("at", "pk"))
        rng = self.clock
        gaps = [0.0] + [rng.uniform(*d.GAP_HOURS.get(e.kind, (1, 24))) for e in events[1:]]
        tail = rng.uniform(*d.TAIL_HOURS[state.row.plan])
        at = self.world.now - timedelta(hours=sum(gaps) + tail)
        latest = self.world.now - timedelta(minutes=1)
        previous: datetime | None = None
        for event, gap in zip(events, gaps, strict=True):
            at = at + timedelta(hours=gap)
            placed = self.office_hours(at)
            if placed > latest - timedelta(minutes=10):
                placed = at  # never move an entry into the future
            if previous is not None and placed <= previous:
                placed = previous + timedelta(minutes=rng.randint(5, 45))
            placed = min(placed, latest)
            if previous is not None and placed < previous:
                placed = previous
            event.at = previous = placed
        CaseEvent.objects.bulk_update(events, ["at"])
        referred, last = events[0].at, events[-1].at
        updates: dict[str, datetime] = {
            "referred_at": referred,
            "created_at": referred,
            "updated_at": last,
        }
        if state.case.state == "ended":
            updates["ended_at"] = last
        Case.objects.filter(pk=state.case.pk).update(**updates)

    def office_hours(self, at: datetime) -> datetime:
        """The same day, during office hours: analysts and decision-makers work by day."""
        local = timezone.localtime(at)
        if 8 <= local.hour < 18:
            return at
        minutes = self.clock.randint(0, 9 * 60 + 30)
        return local.replace(hour=8 + minutes // 60, minute=minutes % 60, second=0, microsecond=0)


def _reason(step: str, state: DemoCase, sc: Scenario, authority: Any) -> str:
    """The reason on a timeline entry, as the actor would have written it."""
    row = state.row
    phen = d.PHENOMENON_TEXT[sc.phenomenon]
    package = d.PACKAGES.get((sc.phenomenon, row.severity), "pakket 2 (basismaatregelen)")
    resistance = d.OWN_RESISTANCE[int(state.case.reference[-2:]) % len(d.OWN_RESISTANCE)]
    if step == "start_triage":
        return "Aanmelding is volledig; triage gestart door de dienstdoende analist."
    if step == "route_national":
        if row.limitative:
            return "De persoon staat op de limitatieve lijst: rijksdomein. Triage bevestigd."
        if sc.phenomenon not in (OC, TER, STA, LON):
            return (
                f"Afwijking van het triage-advies: het fenomeen ({phen}) hoort bij het lokale "
                "domein, maar er zijn aanwijzingen dat een crimineel netwerk is benaderd voor "
                "de uitvoering. Daarom rijksdomein."
            )
        if state.case.triage_recommendation == "local":
            return (
                "Afwijking van het triage-advies: de dreiging is als verhoogd ingeschat, maar "
                "de afzender heeft eerder geweld gebruikt. Het gezag beoordeelt of "
                "maatregelen in het stelsel nodig zijn."
            )
        return f"Triage bevestigd: ernstige dreiging tegen het leven vanuit {phen}. {resistance}"
    if step == "route_local":
        if authority.kind == "municipality":
            who = f"de burgemeester van {authority.name.removeprefix('Gemeente ')}"
            frame = "openbare orde"
        else:
            who = f"de hoofdofficier van justitie, {authority.name}"
            frame = "strafrechtelijk kader"
        return (
            f"Geen zaak voor het rijksdomein ({phen}). Overgedragen aan {who} ({frame}); de "
            "lokale driehoek is geïnformeerd en de politie-eenheid voert uit."
        )
    if step == "reject_referral":
        return (
            "Aanmelding afgesloten: het betreft een zakelijk geschil zonder dreiging tegen het "
            "leven. De melder is doorverwezen naar de politie-eenheid voor aangifte."
        )
    if step == "submit_for_decision":
        if row.plan == "decision_returned" and "return_to_assessment" in _done(state):
            return (
                "Aangevuld dreigingsbeeld opnieuw voorgelegd: scenario verplaatsingen en "
                f"weerbaarheid van de naasten uitgewerkt. Advies: {package}."
            )
        return (
            "Geïntegreerd dreigingsbeeld afgerond, met scenario's, aannames en restrisico. "
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


def _done(state: DemoCase) -> list[str]:
    return list(CaseEvent.objects.filter(case=state.case.pk).values_list("kind", flat=True))


def seed_break_glass(world: World) -> None:
    """One emergency access in the past (expired, not yet reviewed), with its alert."""
    target = next(
        s
        for s in world.cases
        if s.case.state == "protection_active"
        and "politie" not in s.members
        and not s.row.restriction
        and s.row.classification <= STG_CONFIDENTIEEL
    )
    grant = break_glass(
        world.users["politie"],
        target.case.reference,
        reason=(
            "Melding via 112 van verdachte personen bij de woning van de beveiligde persoon, "
            "buiten kantooruren. De dienstdoende liaison moest direct de afspraken over "
            "alarmopvolging en de contactpersonen inzien."
        ),
        minutes=60,
    )
    local = timezone.localtime(world.now) - timedelta(days=9)
    granted = local.replace(hour=2, minute=14, second=0, microsecond=0)
    expires = granted + timedelta(minutes=60)
    old_text = f"{timezone.localtime(grant.expires_at):%d-%m-%Y %H:%M}"
    BreakGlassGrant.objects.filter(pk=grant.pk).update(granted_at=granted, expires_at=expires)
    for alert in Alert.objects.filter(case=target.case.pk):
        alert.message = alert.message.replace(old_text, f"{expires:%d-%m-%Y %H:%M}")
        alert.created_at = granted
        alert.save(update_fields=["message", "created_at"])


def fingerprint() -> list[list[Any]]:
    return [
        list(
            Case.objects.order_by("reference").values_list(
                "reference",
                "codename",
                "state",
                "phenomenon",
                "severity",
                "classification",
                "domain",
                "triage_rule",
                "triage_overridden",
                "origin",
                "interim_measures_active",
                "interim_authority__code",
                "local_authority__code",
                "restricted_compartment__kind",
                "on_limitative_list",
                "referring_organisation__code",
                "protectee__first_name",
                "protectee__last_name",
            )
        ),
        list(
            CasePerson.objects.order_by(
                "case__reference", "role", "person__last_name", "person__first_name"
            ).values_list(
                "case__reference",
                "role",
                "person__first_name",
                "person__last_name",
                "person__date_of_birth",
                "person__classification",
                "person__employer__name",
            )
        ),
        list(
            CompartmentMembership.objects.order_by(
                "compartment__kind", "compartment__name", "user__username"
            ).values_list("compartment__kind", "compartment__name", "user__username", "function")
        ),
        list(
            CaseEvent.objects.order_by("case__reference", "at", "pk").values_list(
                "case__reference", "kind", "from_state", "to_state", "actor_name", "reason"
            )
        ),
    ]
