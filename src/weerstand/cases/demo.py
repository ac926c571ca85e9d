"""Demo data of the cases app: about sixty cases in every state of the life cycle, with their
people, teams, compartments and timelines, and one emergency access in the past.

Two steps in `CasesConfig`. The cases (order 40, after the registry's employers) go through
referral, triage and the analysts' advice to the authority, with the team the advising owner
builds; the rest of each case's plan (`demo_data.PLANS`) is taken by the apps whose work it
is: the authority's steps by the decisions' demo steps (a decision that takes effect moves the
case), the threat picture by the assessments' step, the team's own later steps through `take`
here. `finish` (180, after all case work) checks that every case is where its plan ends, sets
the recalibration dates of the case data, places the timelines (`demo_timeline`) and writes
the break-glass access. Everything goes through the domain services (`open_case`,
`transfer_from_om`, `transition_case`, `add_team_member`, `update_case`), so timelines and
audit trail are the real thing, written with channel 'cli'; the people around each case come
from the registry's `household()`. Later steps read `world.cases` (`DemoCase`).
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.utils import timezone

from weerstand.accounts.demo_data import STG_CONFIDENTIEEL
from weerstand.cases import demo_data as d
from weerstand.cases import demo_reasons as reasons
from weerstand.cases import demo_teams as teams
from weerstand.cases import demo_timeline as timeline
from weerstand.cases import services as cs
from weerstand.cases.demo_scenarios import SCENARIOS
from weerstand.cases.models import Case, CaseEvent, CasePerson, CaseState
from weerstand.cases.state_machine import TRANSITIONS
from weerstand.core.demo.seed import World
from weerstand.policy.models import Alert, BreakGlassGrant, CompartmentMembership
from weerstand.policy.services import break_glass
from weerstand.registry import demo as registry_demo


@dataclass
class DemoCase:
    """What the cases' step remembers about a case it wrote (no need to read it back).

    `times` is the schedule of the plan (`demo_timeline.schedule`); `done` counts the plan's
    steps taken so far, by whichever app's step takes them.
    """

    case: Any
    row: d.CaseRow
    index: int = 0
    members: set[str] = field(default_factory=set)
    owner: str = ""
    decider: str = ""
    times: list[tuple[str, datetime]] = field(default_factory=list)
    done: int = 0

    @property
    def plan(self) -> tuple[str, ...]:
        return d.PLANS[self.row.plan]

    @property
    def next_step(self) -> str | None:
        """The plan's next step, or None when the case is where its plan ends."""
        return self.plan[self.done] if self.done < len(self.plan) else None

    @property
    def approver(self) -> str:
        """The second decision-maker: four eyes on the authority's decisions."""
        return "besluitvormer" if self.decider == "besluitvormer2" else "besluitvormer2"

    @property
    def advice(self) -> str:
        """The analysts' advice to the authority: from the plan, or the row's own."""
        for step in self.plan:
            if step in d.ADVICE_FOR:
                return d.ADVICE_FOR[step]
        return self.row.advice or "national"

    @property
    def planned_state(self) -> str:
        """Where the plan leaves the case (other apps' steps read this, not only its state)."""
        state = CaseState.REFERRAL
        for step in self.plan:
            if step in TRANSITIONS:
                state = TRANSITIONS[step].target
        return str(state)

    def needs_decision(self) -> bool:
        """Whether the plan goes on to a decision on protection (after a threat picture)."""
        return "submit_for_decision" in self.plan


def seed(world: World) -> dict[str, Any]:
    """The cases, through referral, triage and the analysts' advice (with the team the owner
    builds for the authority); the authority's steps follow in the decisions' demo steps."""
    writer = _CaseWriter(world)
    codenames = list(d.CODENAMES)
    random.Random(world.seed + 2).shuffle(codenames)
    for index, row in enumerate(d.CASES):
        writer.case(index, row, codenames[index])
    return {"persons": registry_demo.persons_created(world), "cases": len(world.cases)}


def finish(world: World) -> dict[str, Any]:
    """After the other apps' work: every case where its plan ends, with the recalibration
    date of the case data, every timeline in place, and one emergency access in the past."""
    for state in world.cases:
        state.case.refresh_from_db()
        if state.next_step is not None or state.case.state != state.planned_state:
            raise RuntimeError(
                f"{state.case.reference} ({state.row.scenario}) staat op {state.case.state}, "
                f"niet op {state.planned_state}: stap {state.next_step!r} is niet gezet."
            )
        days = state.row.recalibration_in_days
        due = world.today + timedelta(days=days) if days is not None else None
        if due is not None and state.case.next_recalibration != due:
            state.case = cs.update_case(
                world.users[state.owner],
                state.case.pk,
                {"next_recalibration": due},
                expected_version=state.case.version,
            )
    timeline.date_the_cases(world)
    seed_break_glass(world)
    states = Counter(str(s.case.state) for s in world.cases)
    return {"states": dict(sorted(states.items()))}


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
            # Opened straight into its compartment by the side that owns it; the authority's
            # decision-makers are in it, or nobody could designate the case.
            deciders = (
                ("besluitvormer", "besluitvormer2")
                if "advise_authority" in d.PLANS[row.plan]
                else ()
            )
            data.compartment = teams.compartment_for(self.world, row, codename, deciders)
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
        state = DemoCase(
            case=case,
            row=row,
            index=index,
            owner=row.owner or ("analist" if index % 2 == 0 else "analist2"),
            decider="besluitvormer2" if index % 3 == 1 else "besluitvormer",
            times=timeline.schedule(self.world, row, self.clock),
        )
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
        # The analysts' part: triage, then the advice to the authority and the team for it.
        while state.next_step in ("start_triage", "advise_authority"):
            take(self.world, state, state.next_step)
        timeline.settle(self.world, state)


def take(world: World, state: DemoCase, step: str) -> None:
    """Take the plan's next step, a step of the team (not of the authority), as the team
    would: through the case services, by the owner (or the case's decision-maker)."""
    if step != state.next_step or (step in TRANSITIONS and TRANSITIONS[step].authority):
        raise ValueError(f"{state.case.reference}: {step} is niet de volgende stap van het team")
    if step == "restrict":
        teams.restrict(world, state)
    else:
        authority = world.orgs[state.row.local_authority] if state.row.local_authority else None
        actor = state.decider if step in d.DECIDER_STEPS else state.owner
        state.case = cs.transition_case(
            world.users[actor],
            state.case.pk,
            step,
            reason=reasons.reason(step, state, authority),
            advice=state.advice if step == "advise_authority" else None,
            local_authority=authority if step == "advise_authority" else None,
        )
    state.done += 1
    if step == "advise_authority":
        _advised(world, state)
    timeline.settle(world, state)


def followed(world: World, state: DemoCase, step: str) -> None:
    """The authority's decision carrying the plan's next `step` has taken effect: the case
    must have moved (the decision service moves it), and the team follows."""
    state.case.refresh_from_db()
    if step != state.next_step or state.case.state != TRANSITIONS[step].target:
        raise RuntimeError(
            f"{state.case.reference}: het besluit voor {step} heeft de casus niet verplaatst "
            f"(status {state.case.state})."
        )
    state.done += 1
    if step == "activate_protection":
        teams.execution_team(partial(add, world), state)
    timeline.settle(world, state)


def _advised(world: World, state: DemoCase) -> None:
    """The advising analyst owns the case now and builds the team the authority needs: both
    decision-makers (four eyes on the admission decision) and, for a national advice, the
    partners and analysts the threat picture needs."""
    state.members.add(state.owner)
    for username in ("besluitvormer", "besluitvormer2"):
        add(
            world,
            state,
            username,
            "Besluitvormer toegevoegd: het gezag besluit over de aanwijzing, met vier ogen.",
        )
    if state.advice == "national":
        teams.assessment_team(partial(add, world), state.index, state)


def add(world: World, state: DemoCase, username: str, reason: str) -> None:
    """Through the service: the owner grants need-to-know, and the trail says so. In a
    restricting compartment only its members can join (the owner knows who they are)."""
    if username in state.members:
        return
    compartment = state.case.restricted_compartment_id
    if (
        compartment
        and not CompartmentMembership.objects.filter(
            compartment=compartment, user=world.users[username]
        ).exists()
    ):
        return
    cs.add_team_member(
        world.users[state.owner], state.case.pk, world.users[username], reason=reason
    )
    state.members.add(username)


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
