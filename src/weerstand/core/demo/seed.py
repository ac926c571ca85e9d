"""Write the fictional demo world into an empty database.

Deterministic: names, addresses and the case plan come from a fixed random seed and the
tables in `data`, so two runs on empty databases give the same references, codenames,
people and timelines (only ciphertexts, primary keys and audit timestamps differ).

Cases go through the domain services (`open_case`, `transfer_from_om`, `transition_case`,
`add_team_member`, `update_case`), so their timelines and audit trail are the real thing,
written with channel 'cli'. Plain set-up data (organisations, users, people, the limitative
list) is written in bulk. Afterwards the timelines are spread back in time so the demo has
cases that have been running for months; the audit trail keeps the true moment of seeding.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from weerstand.core import context
from weerstand.core.demo import DEMO_PASSWORD
from weerstand.core.demo import data as d
from weerstand.core.extensions import demo_steps

SEED = 20230331  # date of the cabinet's response to the OvV report; any fixed number would do
REFERENCE_YEAR = 2026  # birth dates are fixed dates, not "age N today"


class Writer(Protocol):
    """Where progress goes: a file, `sys.stdout` or a management command's `self.stdout`."""

    def write(self, text: str, /) -> Any: ...


class DatabaseNotEmpty(Exception):
    """The demo is written only into an empty database, never mixed with real data."""


def is_empty() -> bool:
    """No organisations means nothing has been set up yet."""
    from weerstand.organisations.models import Organisation

    return not Organisation.objects.exists()


def seed(stdout: Writer | None = None) -> dict[str, Any]:
    """Seed an empty database with the demo world; returns counts and a fingerprint."""
    if not is_empty():
        raise DatabaseNotEmpty(
            "De database is niet leeg; demodata gaat alleen in een lege database."
        )
    started = time.perf_counter()
    from weerstand.search import index

    # The search app's demo step (last) rebuilds the whole index once; indexing every write
    # on the way would cost more than the rest of the seed and be thrown away.
    with (
        context.use(context.RequestContext(channel="cli")),
        transaction.atomic(),
        index.suspended(),
    ):
        summary = _Seeder(stdout).run()
    summary["seconds"] = round(time.perf_counter() - started, 2)
    if stdout is not None:
        stdout.write(
            f"Demodata geladen in {summary['seconds']:.1f} s: {summary['organisations']} "
            f"organisaties, {summary['users']} gebruikers, {summary['persons']} personen, "
            f"{summary['cases']} casussen.\n"
        )
    return summary


def fingerprint() -> str:
    """A hash over everything the seed decides, to prove two runs made the same world.

    Leaves out what legitimately differs between runs: primary keys, ciphertexts and
    timestamps (the timelines are placed relative to the moment of seeding).
    """
    from weerstand.accounts.models import RoleAssignment, User
    from weerstand.cases.models import Case, CaseEvent, CasePerson
    from weerstand.policy.models import CompartmentMembership
    from weerstand.registry.models import LimitativeEntry, PersonRelation

    parts: list[Any] = [
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
            PersonRelation.objects.order_by(
                "person__last_name", "related__last_name", "related__first_name", "kind"
            ).values_list(
                "person__first_name",
                "person__last_name",
                "related__first_name",
                "related__last_name",
                "kind",
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
        list(
            User.objects.order_by("username").values_list(
                "username", "organisation__code", "unit__code", "clearance", "person__last_name"
            )
        ),
        list(
            RoleAssignment.objects.order_by("user__username", "role").values_list(
                "user__username", "role"
            )
        ),
        list(
            LimitativeEntry.objects.order_by("kind", "name").values_list(
                "kind", "name", "owner__code", "classification", "active"
            )
        ),
    ]
    # Sorted in Python as well: ties in the ORM ordering must not depend on primary keys.
    canonical = [sorted(part, key=lambda row: json.dumps(row, default=str)) for part in parts]
    payload = json.dumps(canonical, default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


# --- the writer -----------------------------------------------------------------------------

# Typical time between the previous timeline entry and this one, in hours (min, max).
_GAP_HOURS: dict[str, tuple[float, float]] = {
    "om_transfer": (0.01, 0.05),
    "restricted": (0.5, 6),
    "start_triage": (1, 20),
    "route_national": (4, 72),
    "route_local": (4, 72),
    "reject_referral": (4, 48),
    "submit_for_decision": (5 * 24, 21 * 24),
    "return_to_assessment": (24, 96),
    "activate_protection": (24, 120),
    "decide_no_measures": (24, 120),
    "start_recalibration": (60 * 24, 180 * 24),
    "continue_protection": (5 * 24, 14 * 24),
    "end_protection": (20 * 24, 120 * 24),
}
# Time since the last timeline entry, by plan (hours).
_TAIL_HOURS: dict[str, tuple[float, float]] = {
    "referral": (1, 30),
    "triage": (2, 48),
    "assessment": (24, 240),
    "decision": (24, 160),
    "decision_returned": (24, 96),
    "active": (10 * 24, 200 * 24),
    "active_restricted": (10 * 24, 40 * 24),
    "active_recalibrated": (5 * 24, 60 * 24),
    "recalibration": (24, 10 * 24),
    "local": (5 * 24, 90 * 24),
    "rejected": (5 * 24, 60 * 24),
    "no_measures": (10 * 24, 90 * 24),
    "ended": (10 * 24, 120 * 24),
    "ended_after_recalibration": (10 * 24, 120 * 24),
}

_DECIDER_STEPS = {
    "return_to_assessment",
    "activate_protection",
    "decide_no_measures",
    "continue_protection",
    "end_protection",
}


@dataclass
class _CaseState:
    """What the seeder remembers about a case it wrote (no need to read it back)."""

    case: Any
    row: d.CaseRow
    members: set[str] = field(default_factory=set)
    owner: str = ""
    decider: str = ""


class _Seeder:
    def __init__(self, out: Writer | None) -> None:
        self.out = out
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.people = random.Random(SEED)
        self.clock = random.Random(SEED + 1)
        self.phones = itertools.count(1001)
        self.orgs: dict[str, Any] = {}
        self.units: dict[str, Any] = {}
        self.users: dict[str, Any] = {}
        self.employers: dict[str, Any] = {}
        self.cases: list[_CaseState] = []
        self.portal_persons: dict[str, Any] = {}
        self.persons_created = 0
        self.taken: set[str] = set()  # first names used in the household being written

    # -- orchestration ------------------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        self._organisations()
        self._users()
        self._employers()
        self._limitative_list()
        codenames = list(d.CODENAMES)
        random.Random(SEED + 2).shuffle(codenames)
        for index, row in enumerate(d.CASES):
            self._case(index, row, codenames[index])
        self._link_portal_users()
        self._break_glass()
        self._note_done()
        extra: dict[str, Any] = {}
        # The apps' demo data, in their declared order (core.extensions.DemoStep). Each step
        # gets this seeder: its users, organisations, units and cases (`seeder.cases[i].case`),
        # `seeder.today`/`seeder.now`, and writes through its own services.
        for step in demo_steps():
            extra.update(step.seed(self) or {})
        states = Counter(str(c.case.state) for c in self.cases)
        return {
            **extra,
            "organisations": len(self.orgs),
            "units": len(self.units),
            "users": len(self.users),
            "employers": len(self.employers),
            "persons": self.persons_created,
            "cases": len(self.cases),
            "states": dict(sorted(states.items())),
            "fingerprint": fingerprint(),
        }

    def _say(self, text: str) -> None:
        if self.out is not None:
            self.out.write(text + "\n")

    # -- organisations and users --------------------------------------------------------------

    def _organisations(self) -> None:
        from weerstand.organisations.models import Organisation, Unit

        for code, name, kind, parent in d.ORGANISATIONS:
            self.orgs[code] = Organisation.objects.create(
                code=code, name=name, kind=kind, parent=self.orgs.get(parent) if parent else None
            )
        units = [
            Unit(organisation=self.orgs[org], code=code, name=name, kind=kind)
            for code, org, name, kind in d.UNITS
        ]
        for unit in Unit.objects.bulk_create(units):
            self.units[unit.code] = unit
        self._say(f"  {len(self.orgs)} organisaties, {len(self.units)} eenheden")

    def _users(self) -> None:
        from weerstand.accounts.models import RoleAssignment, User
        from weerstand.accounts.services import demo_totp_key, enrol_totp, sync_staff_flag
        from weerstand.audit import services as audit
        from weerstand.audit.models import AuditAction

        password = make_password(DEMO_PASSWORD)  # hashed once: the same password for all
        User.objects.bulk_create(
            [
                User(
                    username=a.username,
                    first_name=a.first_name,
                    last_name=a.last_name,
                    email=f"{a.username}@weerstand.invalid",
                    organisation=self.orgs[a.organisation],
                    unit=self.units.get(a.unit),
                    clearance=a.clearance,
                    password=password,
                )
                for a in d.DEMO_ACCOUNTS
            ]
        )
        by_name = {
            u.username: u
            for u in User.objects.filter(username__in=[a.username for a in d.DEMO_ACCOUNTS])
        }
        RoleAssignment.objects.bulk_create(
            [
                RoleAssignment(user=by_name[a.username], role=role)
                for a in d.DEMO_ACCOUNTS
                for role in a.roles
            ]
        )
        for a in d.DEMO_ACCOUNTS:
            user = User.objects.select_related("organisation", "unit").get(username=a.username)
            enrol_totp(user, demo_totp_key(user.username))
            if "system_admin" in a.roles:
                sync_staff_flag(user)
            audit.record(
                AuditAction.ADMIN,
                user,
                changes={"roles": [None, list(a.roles)], "clearance": [None, a.clearance]},
                reason="demogebruiker aangemaakt (seed-demo)",
            )
            self.users[a.username] = user
        self._say(f"  {len(self.users)} demogebruikers met TOTP")

    # -- registry -----------------------------------------------------------------------------

    def _employers(self) -> None:
        from weerstand.registry.models import Employer

        rows = []
        for key, (name, sector, measures) in d.EMPLOYERS.items():
            if key == "dagblad":
                contact_name = "Erik Dijkman, hoofd beveiliging"
            else:
                first, last = self._name(self._group(), self.people.choice("vm"))
                contact_name = f"{first} {last}, contactpersoon"
            rows.append(
                Employer(
                    name=name,
                    sector=sector,
                    contact=f"{contact_name}; {self._phone()}",
                    own_measures=measures,
                )
            )
        created = Employer.objects.bulk_create(rows)
        self.employers = dict(zip(d.EMPLOYERS, created, strict=True))

    def _limitative_list(self) -> None:
        from weerstand.registry.models import LimitativeEntry

        entries = [
            (
                "person",
                "Minister-president (functie)",
                "Bewaken en beveiligen van de functie, ongeacht wie haar vervult.",
                "nctv",
                d.DEPV,
                True,
            ),
            (
                "person",
                "Leden van het Koninklijk Huis (functie)",
                "Leden van het Koninklijk Huis op de limitatieve lijst; uitvoering door de DKDB.",
                "politie",
                d.DEPV,
                True,
            ),
            (
                "person",
                "Bewindspersonen (functie)",
                "Ministers en staatssecretarissen gedurende hun ambtstermijn.",
                "nctv",
                d.DEPV,
                True,
            ),
            (
                "object",
                "Ambtswoning minister-president",
                "Objectbewaking door de Bewakingseenheid, cameratoezicht en toegangscontrole.",
                "politie",
                d.DEPV,
                True,
            ),
            (
                "object",
                "Diplomatieke vertegenwoordigingen (categorie)",
                "Bewaking van ambassades en residenties naar het dreigingsniveau per land.",
                "politie",
                d.STG_CONFIDENTIEEL,
                True,
            ),
            (
                "service",
                "Beveiliging bewindspersonen bij werkbezoeken",
                "Verkenning van locaties en begeleiding tijdens werkbezoeken in het land.",
                "nctv",
                d.DEPV,
                True,
            ),
            (
                "service",
                "Begeleiding buitenlandse delegaties op Schiphol",
                "Ontvangst en begeleiding van hoogwaardigheidsbekleders bij aankomst en vertrek.",
                "kmar",
                d.DEPV,
                True,
            ),
            (
                "national_event",
                "Staatsbezoek (fictief) 2026",
                "Inkomend staatsbezoek van een bevriend staatshoofd; programma in Den Haag en "
                "Rotterdam.",
                "nctv",
                d.STG_CONFIDENTIEEL,
                True,
            ),
            (
                "national_event",
                "Staatsbezoek (fictief) 2025",
                "Afgerond inkomend staatsbezoek; bewaard voor evaluatie.",
                "nctv",
                d.DEPV,
                False,
            ),
            (
                "national_event",
                "Internationale havenconferentie Rotterdam (fictief) 2026",
                "Conferentie met buitenlandse regeringsleiders in de Rotterdamse haven.",
                "gemeente-rotterdam",
                d.DEPV,
                True,
            ),
            (
                "national_event",
                "Nationale Dodenherdenking",
                "Herdenking met leden van het Koninklijk Huis en bewindspersonen.",
                "gemeente-amsterdam",
                d.DEPV,
                True,
            ),
        ]
        LimitativeEntry.objects.bulk_create(
            [
                LimitativeEntry(
                    kind=kind,
                    name=name,
                    description=text,
                    owner=self.orgs[owner],
                    classification=cls,
                    active=active,
                )
                for kind, name, text, owner, cls, active in entries
            ]
        )

    def _phone(self) -> str:
        return f"06-0000{next(self.phones):04d}"

    def _address(self, town: str) -> str:
        street = self.people.choice(d.STREET_STEMS) + self.people.choice(d.STREET_SUFFIXES)
        number = self.people.randint(1, 180)
        suffix = self.people.choice(("", "", "", "a", "b", "-2"))
        return f"{street} {number}{suffix}, {town}"

    def _birth(self, age: int) -> date:
        return date(REFERENCE_YEAR - age, self.people.randint(1, 12), self.people.randint(1, 28))

    def _group(self) -> d.NameGroup:
        return self.people.choices(d.NAME_GROUPS, weights=[g.weight for g in d.NAME_GROUPS])[0]

    def _first(self, group: d.NameGroup, gender: str) -> str:
        """A first name not yet used in this household (two Karins in one family confuse)."""
        pool = group.women if gender == "v" else group.men
        name = self.people.choice(pool)
        for _ in range(8):
            if name not in self.taken:
                break
            name = self.people.choice(pool)
        self.taken.add(name)
        return name

    def _name(self, group: d.NameGroup, gender: str) -> tuple[str, str]:
        return self._first(group, gender), self.people.choice(group.surnames)

    def _household(self, row: d.CaseRow, sc: d.Scenario) -> list[tuple[Any, str, str]]:
        """The protectee and the people around them: (person, case role, relation kind)."""
        from weerstand.registry.models import Person

        rng = self.people
        crown = row.restriction == "crown_witness"
        cls = row.classification
        town = sc.town or rng.choice(d.TOWNS)
        home = self._address(town)
        employer = self.employers[sc.employer]
        age = rng.randint(32, 48) if crown else rng.randint(27, 66)
        self.taken = set()
        group = self._group()
        first, last = self._name(group, sc.gender)
        if row.demo_person:
            first, last = "Sanne", "Wijnberg"
        protectee = Person(
            first_name=first,
            last_name=last,
            date_of_birth=self._birth(age),
            home_address=home,
            phone_numbers=f"{self._phone()} (privé); {self._phone()} (werk)",
            employer=employer,
            classification=cls,
        )
        if crown:
            alias_first, alias_last = self._name(self._group(), sc.gender)
            protectee.witness_protection_identity = (
                f"Beschermde identiteit: {alias_first} {alias_last}, geboren "
                f"{self._birth(age):%d-%m-%Y}; reisdocument en inschrijving onder dossier "
                f"GB-{rng.randint(10000, 99999)} (fictief)."
            )
        out: list[tuple[Any, str, str]] = [(protectee, "protectee", "")]

        def relative(
            first: str, last: str, age: int, kind: str, address: str, role: str = "relative"
        ) -> None:
            out.append(
                (
                    Person(
                        first_name=first,
                        last_name=last,
                        date_of_birth=self._birth(max(age, 1)),
                        home_address=address,
                        phone_numbers=self._phone() if age >= 12 else "",
                        classification=cls,
                    ),
                    role,
                    kind,
                )
            )

        partner_last = last
        if row.demo_person:
            relative("Thomas", "Kerkhof", age + 2, "partner", home)
            partner_last = "Kerkhof"
        elif crown or rng.random() < 0.75:
            gender = ("m" if sc.gender == "v" else "v") if rng.random() < 0.9 else sc.gender
            partner_group = group if rng.random() < 0.8 else self._group()
            partner_first, partner_last = self._name(partner_group, gender)
            relative(partner_first, partner_last, age + rng.randint(-5, 5), "partner", home)
        children = 2 if crown else (rng.randint(0, 3) if age >= 30 else 0)
        for _ in range(children):
            child_last = last if rng.random() < 0.6 else partner_last
            child = rng.choice([n for n in group.children if n not in self.taken])
            self.taken.add(child)
            relative(
                child,
                child_last,
                rng.randint(2, min(age - 24, 22)),
                "child",
                home,
            )
        if crown or rng.random() < 0.6:
            parents_home = self._address(rng.choice(d.TOWNS))
            parent_age = age + rng.randint(24, 34)
            relative(self._first(group, "m"), last, parent_age, "parent", parents_home)
            if crown or rng.random() < 0.6:
                relative(
                    *self._name(group, "v"),
                    parent_age - 2,
                    "parent",
                    parents_home,
                )
        for _ in range(2 if crown else rng.randint(0, 2)):
            relative(
                self._first(group, rng.choice("vm")),
                last,
                age + rng.randint(-8, 8),
                "sibling",
                self._address(rng.choice(d.TOWNS)),
            )
        if crown:
            relative(
                *self._name(self._group(), rng.choice("vm")),
                rng.randint(38, 60),
                "lawyer",
                self._address(rng.choice(d.TOWNS)),
                "lawyer",
            )
            relative(
                *self._name(self._group(), rng.choice("vm")),
                rng.randint(30, 60),
                "confidant",
                self._address(rng.choice(d.TOWNS)),
                "confidant",
            )
        if row.demo_person:
            out.append(
                (
                    Person(
                        first_name="Erik",
                        last_name="Dijkman",
                        date_of_birth=date(1971, 6, 14),
                        home_address=self._address("Schiedam"),
                        phone_numbers=f"{self._phone()} (werk)",
                        employer=employer,
                        classification=cls,
                    ),
                    "employer_contact",
                    "",
                )
            )
        Person.objects.bulk_create([p for p, _role, _kind in out])
        self.persons_created += len(out)
        return out

    # -- cases --------------------------------------------------------------------------------

    def _case(self, index: int, row: d.CaseRow, codename: str) -> None:
        from weerstand.cases import services as cs
        from weerstand.cases.models import CasePerson
        from weerstand.registry.models import PersonRelation

        sc = d.SCENARIOS[row.scenario]
        household = self._household(row, sc)
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
        if row.om_transfer:
            case = cs.transfer_from_om(
                referrer,
                data,
                interim_measures=_INTERIM_MEASURES[row.om_transfer],
                om_office=self.orgs[row.om_transfer],
                reason=(
                    "Overdracht van de beveiliging aan het gezag van de NCTV; de strafzaak loopt "
                    "door bij het parket. Lopende maatregelen blijven van kracht tot het besluit."
                ),
            )
        else:
            case = cs.open_case(referrer, data, reason=_REFERRAL_REASONS[row.referrer])
        state = _CaseState(case=case, row=row)
        self.cases.append(state)

        relations = [
            PersonRelation(person=protectee, related=p, kind=kind)
            for p, role, kind in household[1:]
            if kind
        ]
        PersonRelation.objects.bulk_create(relations)
        CasePerson.objects.bulk_create(
            [CasePerson(case=case, person=p, role=role) for p, role, _kind in household[1:]]
        )
        if row.demo_person:
            self.portal_persons = {
                "tbp": protectee,
                "naaste": next(p for p, _r, k in household if k == "partner"),
                "werkgever": next(p for p, r, _k in household if r == "employer_contact"),
            }

        plan = d.PLANS[row.plan]
        state.owner = row.owner or ("analist" if index % 2 == 0 else "analist2")
        state.decider = "besluitvormer2" if index % 3 == 1 else "besluitvormer"
        if row.restriction and "restrict" not in plan:
            self._restrict(state, at_start=True)
        submitted = False
        for step in plan:
            if step == "restrict":
                self._restrict(state, at_start=False)
                continue
            if step == "submit_for_decision" and not submitted:
                self._add(
                    state,
                    state.decider,
                    "Besluitvormer toegevoegd voor het besluit van "
                    "het gezag over dreigingsinschatting en maatregelen.",
                )
                if row.plan == "decision" and index % 2 == 0:
                    other = {"besluitvormer": "besluitvormer2"}.get(state.decider, "besluitvormer")
                    self._add(state, other, "Tweede besluitvormer toegevoegd (vier ogen).")
                submitted = True
            actor = state.decider if step in _DECIDER_STEPS else state.owner
            authority = self.orgs[row.local_authority] if row.local_authority else None
            state.case = cs.transition_case(
                self.users[actor],
                state.case.pk,
                step,
                reason=self._reason(step, state, sc, authority),
                local_authority=authority,
            )
            if step == "route_national":
                state.members.add(state.owner)
                self._assessment_team(index, state)
            elif step == "activate_protection":
                self._execution_team(state)
        if row.recalibration_in_days is not None:
            state.case = cs.update_case(
                self.users[state.owner],
                state.case.pk,
                {"next_recalibration": self.today + timedelta(days=row.recalibration_in_days)},
                expected_version=state.case.version,
            )
        self._spread_in_time(state)

    def _add(self, state: _CaseState, username: str, reason: str) -> None:
        """Through the service: the owner grants need-to-know, and the trail says so."""
        from weerstand.cases.services import add_team_member

        if username in state.members:
            return
        add_team_member(self.users[state.owner], state.case.pk, self.users[username], reason=reason)
        state.members.add(username)

    def _assessment_team(self, index: int, state: _CaseState) -> None:
        row, phen = state.row, d.SCENARIOS[state.row.scenario].phenomenon
        cls = row.classification
        if row.restriction == "crown_witness":
            self._add(
                state,
                "officier",
                "Officier van justitie toegevoegd: afweging van het "
                "opsporingsbelang en de veiligheid als nevengeschikte belangen.",
            )
            self._add(
                state,
                "lcc",
                "LCC-coördinator toegevoegd: maatregelen voor getuige en "
                "omgeving moeten werken op het moment dat de afspraak openbaar wordt.",
            )
            return
        if row.restriction == "shielded_investigation":
            self._add(
                state,
                "infocoordinator",
                "Informatiecoördinator toegevoegd: toetst of "
                "het afgeschermde onderzoek informatie bevat die voor B&B relevant is.",
            )
        if state.owner in ("analist", "analist2") and index % 2 == 0:
            other = "analist2" if state.owner == "analist" else "analist"
            self._add(
                state,
                other,
                "Tweede analist toegevoegd voor tegenspraak op het "
                "dreigingsbeeld en de gebruikte aannames.",
            )
        if phen in (d.TER, d.STA):
            self._add(
                state,
                "aivd",
                "Inlichtingenliaison toegevoegd: de AIVD levert een "
                "dreigingsinformatieproduct (Wiv 2017).",
            )
        if phen in (d.OC, d.LON, d.EER) and cls <= d.STG_CONFIDENTIEEL:
            self._add(
                state,
                "politie",
                "Liaison politie toegevoegd: aanlevering van "
                "politie-informatie (Wpg) en zachte informatie van de eenheid.",
            )
        if row.referrer == "kmar" and cls <= d.STG_CONFIDENTIEEL:
            self._add(
                state,
                "kmar",
                "Liaison KMar toegevoegd: de melding kwam uit een lopende "
                "KMar-beveiligingsopdracht.",
            )

    def _execution_team(self, state: _CaseState) -> None:
        row = state.row
        self._add(
            state,
            "lcc",
            "LCC-coördinator toegevoegd: integrale operationele aansturing "
            "van de beveiligingsopdracht.",
        )
        if row.restriction:
            return
        executor = _executor(row)
        liaison = "kmar" if executor.startswith("KMar") else "politie"
        if row.classification <= d.STG_CONFIDENTIEEL:
            self._add(
                state,
                liaison,
                f"Liaison toegevoegd: uitvoering van de beveiligingsopdracht door {executor}.",
            )
            if liaison == "politie":
                self._add(
                    state,
                    "planner",
                    "Planner eenheid toegevoegd voor de inzet van capaciteit en teamsamenstelling.",
                )
        self._add(
            state,
            "weerbaarheid",
            "Expert weerbaarheid toegevoegd: "
            "weerbaarheidsgesprekken met TBP en naasten (impactfase).",
        )

    def _restrict(self, state: _CaseState, *, at_start: bool) -> None:
        """Put a restricting compartment around a case.

        Set-up only: no domain service for this exists yet. It writes what a service would:
        the compartment, its members, a timeline entry and an audit record.
        """
        from weerstand.audit import services as audit
        from weerstand.audit.models import AuditAction
        from weerstand.cases.models import Case, CaseEvent
        from weerstand.policy.models import Compartment, CompartmentMembership

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
                [
                    CompartmentMembership(compartment=compartment, user=self.users[u])
                    for u in members
                ]
            )
            Case.objects.filter(pk=case.pk).update(restricted_compartment=compartment)
            case.restricted_compartment = compartment
            user = self.users[actor]
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

    def _reason(self, step: str, state: _CaseState, sc: d.Scenario, authority: Any) -> str:
        row = state.row
        phen = d.PHENOMENON_TEXT[sc.phenomenon]
        package = d.PACKAGES.get((sc.phenomenon, row.severity), "pakket 2 (basismaatregelen)")
        resistance = d.OWN_RESISTANCE[int(state.case.reference[-2:]) % len(d.OWN_RESISTANCE)]
        if step == "start_triage":
            return "Aanmelding is volledig; triage gestart door de dienstdoende analist."
        if step == "route_national":
            if row.limitative:
                return "De persoon staat op de limitatieve lijst: rijksdomein. Triage bevestigd."
            if sc.phenomenon not in (d.OC, d.TER, d.STA, d.LON):
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
            return (
                f"Triage bevestigd: ernstige dreiging tegen het leven vanuit {phen}. {resistance}"
            )
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
            if row.plan == "decision_returned" and "return_to_assessment" in self._done(state):
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
                f"Besluit gezag: {package}. Beveiligingsopdracht aan {_executor(row)}. TBP en "
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

    def _done(self, state: _CaseState) -> list[str]:
        from weerstand.cases.models import CaseEvent

        return list(CaseEvent.objects.filter(case=state.case.pk).values_list("kind", flat=True))

    def _spread_in_time(self, state: _CaseState) -> None:
        """Place the timeline in the past, as if the case had been running for a while."""
        from weerstand.cases.models import Case, CaseEvent

        events = list(CaseEvent.objects.filter(case=state.case.pk).order_by("at", "pk"))
        rng = self.clock
        gaps = [0.0] + [rng.uniform(*_GAP_HOURS.get(e.kind, (1, 24))) for e in events[1:]]
        tail = rng.uniform(*_TAIL_HOURS[state.row.plan])
        at = self.now - timedelta(hours=sum(gaps) + tail)
        latest = self.now - timedelta(minutes=1)
        previous: datetime | None = None
        for event, gap in zip(events, gaps, strict=True):
            at = at + timedelta(hours=gap)
            placed = self._office_hours(at)
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

    def _office_hours(self, at: datetime) -> datetime:
        """The same day, during office hours: analysts and decision-makers work by day."""
        local = timezone.localtime(at)
        if 8 <= local.hour < 18:
            return at
        minutes = self.clock.randint(0, 9 * 60 + 30)
        return local.replace(hour=8 + minutes // 60, minute=minutes % 60, second=0, microsecond=0)

    # -- portal users, break glass ------------------------------------------------------------

    def _link_portal_users(self) -> None:
        from weerstand.accounts.models import User

        for username, person in self.portal_persons.items():
            User.objects.filter(username=username).update(person=person)

    def _break_glass(self) -> None:
        """One emergency access in the past (expired, not yet reviewed), with its alert."""
        from weerstand.policy.models import Alert, BreakGlassGrant
        from weerstand.policy.services import break_glass

        target = next(
            s
            for s in self.cases
            if s.case.state == "protection_active"
            and "politie" not in s.members
            and not s.row.restriction
            and s.row.classification <= d.STG_CONFIDENTIEEL
        )
        grant = break_glass(
            self.users["politie"],
            target.case.reference,
            reason=(
                "Melding via 112 van verdachte personen bij de woning van de beveiligde persoon, "
                "buiten kantooruren. De dienstdoende liaison moest direct de afspraken over "
                "alarmopvolging en de contactpersonen inzien."
            ),
            minutes=60,
        )
        local = timezone.localtime(self.now) - timedelta(days=9)
        granted = local.replace(hour=2, minute=14, second=0, microsecond=0)
        expires = granted + timedelta(minutes=60)
        old_text = f"{timezone.localtime(grant.expires_at):%d-%m-%Y %H:%M}"
        BreakGlassGrant.objects.filter(pk=grant.pk).update(granted_at=granted, expires_at=expires)
        for alert in Alert.objects.filter(case=target.case.pk):
            alert.message = alert.message.replace(old_text, f"{expires:%d-%m-%Y %H:%M}")
            alert.created_at = granted
            alert.save(update_fields=["message", "created_at"])

    def _note_done(self) -> None:
        from weerstand.audit import services as audit
        from weerstand.audit.models import AuditAction

        audit.record(
            AuditAction.ADMIN,
            object_type="core.demo",
            object_repr="fictieve demodata",
            changes={"cases": len(self.cases), "persons": self.persons_created},
            reason="Demodata geladen met 'weerstand seed-demo'; alle personen zijn fictief.",
        )


def _executor(row: d.CaseRow) -> str:
    """Who carries out the security assignment (police and KMar, in consultation)."""
    phen = d.SCENARIOS[row.scenario].phenomenon
    if row.limitative:
        return "Politie, Dienst Koninklijke en Diplomatieke Beveiliging"
    if phen in (d.TER, d.STA) or row.referrer == "kmar":
        return "KMar, Brigade Speciale Beveiligingsopdrachten"
    if row.severity == "critical":
        return "Politie, Dienst Koninklijke en Diplomatieke Beveiliging"
    return "Politie, Segment persoonsbegeleiding"


_REFERRAL_REASONS: dict[str, str] = {
    "politie": "Aanmelding door de politie na een melding bij de eenheid; eerste "
    "dreigingsinformatie en zachte informatie van de wijkagent bijgevoegd.",
    "kmar": "Aanmelding door de KMar na signalen uit een lopende beveiligingsopdracht.",
    "aivd": "Aanmelding op basis van een ambtsbericht van de AIVD (Wiv 2017); het "
    "dreigingsinformatieproduct volgt via de liaison.",
    "burgemeester": "Aanmelding door de burgemeester van Rotterdam na overleg in de lokale "
    "driehoek.",
    "lcc": "Aanmelding vanuit het LCC na een signaal uit de dagelijkse operationele afstemming.",
    "officier": "Aanmelding door het Landelijk Parket: de veiligheid van de persoon is in het "
    "geding door een lopende strafzaak.",
    "infocoordinator": "Aanmelding door de informatiecoördinator: in een afgeschermd onderzoek "
    "is informatie aangetroffen die raakt aan de veiligheid van deze persoon.",
}

_INTERIM_MEASURES: dict[str, str] = {
    "om-rotterdam": (
        "Woningbeveiliging met camera's en alarmopvolging met voorrang door Eenheid Rotterdam; "
        "gerichte surveillance bij woning en bedrijfspand; afspraken met de werkgever over "
        "wisselende werktijden."
    ),
    "om-amsterdam": (
        "Tijdelijke beveiligde verblijfplaats; begeleiding op zittingsdagen door het segment "
        "persoonsbegeleiding; alarmknop en vast contactpunt bij Eenheid Amsterdam."
    ),
}
