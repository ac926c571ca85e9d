"""Leak hunt: prove the need-to-know policy by attacking it through every page and endpoint.

The demo world is seeded once for this module; then unique markers ("LEAKMARK<hex>") are
planted in restricted objects of every kind: a crown-witness case (codename, summary, timeline
entry, compartment name, the protectee's name, address and programme cover), a relative
linked to it, a shielded-investigation case and its compartment, a Stg. Zeer Geheim case, a
team case (codename, summary, timeline) and its protectee (name, address, phone, programme
cover), that person's employer (name, contact), limitative-list entries of another
organisation and above most clearances, and a break-glass reason; and, for the information
intake, threat products (above most clearances, linked to the crown-witness case,
`analysis_only`, under a legal basis that excludes most organisations), an attachment's text
and file name, an entity only a hidden product names, a crown-witness signal, and a gap and a
request for information of the crown-witness case. Who may see those is decided by small
predicates in this module that restate the documented rules (`InfoFacts`), not by the apps.

Then every demo user signs in through the real two-step sign-in and crawls: every URL pattern
of the web interface and the API (int parameters filled with the primary keys of the matching
model, restricted objects first, then absent ids), list pages with search and filter query
strings (including htmx fragments), the GET forms found on the pages, write attempts on
objects the user may not see, and every same-site link in the HTML, within a visit budget.

Which user may see which marker is decided by an independent oracle over the policy table and
the memberships (`policy.tests.oracle`), never by the engine. Every response body and header is
searched for the markers the user may not see; answers for a forbidden object must equal those
for an absent one (status and body, after normalising tokens), and a search for a hidden
object must answer like a search for nothing (no counts of hidden rows); the search engine
(`/zoeken/`, `/api/v1/search`) is probed for every hidden marker explicitly (a total of 0, no
facet counts, no snippet). Need-to-know users
must actually see what they need.
"""

from __future__ import annotations

import json
import re
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import get_resolver
from django.utils import timezone

from leak_support.html import Links, view_module, walk
from weerstand.policy.tests.oracle import Oracle, U, grants

pytestmark = pytest.mark.slow

MARK = "LEAKMARK"
# Visits per user. Every pattern is reached first (phases 1, 2a) and the search probes run
# next (2b), in full; then each later phase gets its own budget (restricted objects, lists and
# searches, write attempts, links and the sweep), so none of them is starved. Raised from one
# budget of 220 when the information, signals, gaps and later apps added some 150
# parameterised patterns.
VISIT_LIMIT = 1_000  # a safety net for phases 1-2b
PHASE_BUDGETS = (90, 70, 40, 30)
EXCLUDED_MODULES = ("django.contrib.admin", "django.views.i18n", "django.views.static")
SKIP_PREFIXES = ("/static/", "/afmelden", "/i18n/", "/aanmelden")
ADMIN_PREFIX = "/beheer/"
ADMIN_EXTRA = 10  # the admin holds no case content: each admin pattern once, a few links more
PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- markers -------------------------------------------------------------------------------


@dataclass
class Marker:
    token: str  # what is searched for in every response (unique hex after MARK)
    what: str
    allowed: Callable[[Oracle, U], bool]
    home: str | None = None  # a page where a need-to-know user must see it
    home_for: Callable[[Oracle, U], bool] | None = None  # who must see it there (default: all)

    @property
    def text(self) -> str:
        return f"{MARK}{self.token}"


def _new_token() -> str:
    return uuid.uuid4().hex[:16]


@dataclass
class World:
    markers: list[Marker]
    oracle: Oracle
    users: dict[str, Any]
    # Search probes: (text, description, allowed) - hidden ones must answer like nothing.
    searches: list[tuple[str, str, Callable[[Oracle, U], bool]]]
    priority: dict[str, list[int]]  # model kind -> pks to try first (restricted objects)
    everything: dict[str, list[int]]  # model kind -> every pk
    forbidden: dict[str, Callable[[U, int], bool]]  # model kind -> "may not see this pk"
    named: dict[str, Any] = field(default_factory=dict)


# --- the world -----------------------------------------------------------------------------


def _first_with_role(users: dict[str, Any], role: str) -> Any:
    return next(u for u in users.values() if role in u.role_codes)


def _member(comp: Any, user: Any, function: str = "member") -> None:
    from weerstand.policy.models import CompartmentMembership

    CompartmentMembership.objects.get_or_create(
        compartment=comp, user=user, defaults={"function": function}
    )


def _owner_of(case: Any) -> Any:
    from weerstand.policy.models import CompartmentMembership

    m = CompartmentMembership.objects.filter(compartment=case.team_id, function="owner").first()
    return m.user if m else None


def _restricted_case(kind: str, users: dict[str, Any]) -> Any:
    from weerstand import testing as t
    from weerstand.cases.models import Case

    case = (
        Case.objects.filter(restricted_compartment__kind=kind).order_by("pk").first()
    )  # the demo has them; build one if it ever stops having one
    if case is None:
        referrer = _first_with_role(users, "senior_analyst")
        case = t.case(referrer, state="assessment")
        t.restrict(case, kind, members=(referrer,))
    return case


def _withdrawn_member(case: Any, owner: Any, user: Any) -> Any:
    """Add `user` to the case team, prove they see the case, then remove them (services)."""
    from weerstand.cases import team
    from weerstand.cases.models import Case
    from weerstand.policy.models import CompartmentMembership

    if not CompartmentMembership.objects.filter(compartment=case.team, user=user).exists():
        team.add_member(
            owner, case.pk, user.pk, reason="Planner voor de inzet op deze casus toegevoegd."
        )
    assert Case.objects.visible_to(user).filter(pk=case.pk).exists()
    membership = CompartmentMembership.objects.get(compartment=case.team, user=user)
    team.remove_member(
        owner, case.pk, membership.pk, reason="De inzet is rond; de planner is niet meer nodig."
    )
    return user


def build_world() -> World:
    """Plant the markers in the seeded demo world (the `seeded_demo` fixture)."""
    from weerstand.accounts.models import User
    from weerstand.cases.models import Case, CaseEvent, CasePerson
    from weerstand.organisations.models import Organisation
    from weerstand.policy import services as policy_services
    from weerstand.policy.models import Alert, BreakGlassGrant, Compartment
    from weerstand.registry.models import (
        Employer,
        LimitativeEntry,
        Person,
        PersonRelation,
        ProgrammeCover,
    )

    users = {u.username: u for u in User.objects.select_related("organisation")}
    markers: list[Marker] = []
    letters = LetterFacts()
    buddies = BuddyFacts()

    def mark(what: str, allowed: Callable[[Oracle, U], bool], home: str | None = None) -> str:
        m = Marker(_new_token(), what, allowed, home)
        markers.append(m)
        return m.text

    lcc = _first_with_role(users, "lcc_coordinator")
    om = _first_with_role(users, "om_officer")
    aivd = _first_with_role(users, "intelligence_liaison")
    kmar = _first_with_role(users, "kmar_liaison")
    senior = next(u for u in users.values() if u.has_role("senior_analyst") and u.clearance == 4)

    # 1. Crown-witness case: codename, summary, timeline, compartment, protectee, relative.
    cw = _restricted_case("crown_witness", users)
    cw_comp = cw.restricted_compartment
    cw_owner = _owner_of(cw) or _first_with_role(users, "analyst")
    for u in (cw_owner, om):  # need-to-know: the owner analyst and the OM officer are in
        _member(cw_comp, u)
        _member(cw.team, u, "owner" if u == cw_owner else "member")

    def cw_case(o: Oracle, u: U) -> bool:
        return o.case(u, o.cases[cw.pk])

    Case.objects.filter(pk=cw.pk).update(
        codename=mark("crown-witness codename", cw_case, f"/casussen/{cw.pk}"),
        summary="Aanleiding " + mark("crown-witness summary", cw_case),
    )
    CaseEvent.objects.create(
        case=cw,
        actor_name="systeem",
        kind="note",
        reason=mark("crown-witness timeline reason", cw_case),
    )
    Compartment.objects.filter(pk=cw_comp.pk).update(
        name=mark("crown-witness compartment name", lambda o, u: o.compartment(u, cw_comp.pk))
    )
    witness = cw.protectee
    witness.first_name = mark(
        "crown witness first name",
        lambda o, u: o.person(u, o.persons[witness.pk]),
        f"/register/personen/{witness.pk}",
    )
    witness.home_address = "Kade " + mark(
        "crown witness home address",
        lambda o, u: o.contact(u, o.persons[witness.pk]),
    )
    witness.save(update_fields=["first_name", "home_address"])
    ProgrammeCover.objects.update_or_create(
        person=witness,
        defaults={
            "programme": "Getuigenbeschermingsprogramma",
            "reason": mark(
                "crown witness programme cover",
                lambda o, u: o.programme_cover(u, o.persons[witness.pk]),
                f"/register/personen/{witness.pk}",
            ),
        },
    )

    # 2. A shielded investigation: codename and compartment name.
    sh = _restricted_case("shielded_investigation", users)
    Case.objects.filter(pk=sh.pk).update(
        codename=mark("shielded-investigation codename", lambda o, u: o.case(u, o.cases[sh.pk]))
    )
    Compartment.objects.filter(pk=sh.restricted_compartment_id).update(
        name=mark(
            "shielded compartment name",
            lambda o, u: o.compartment(u, sh.restricted_compartment_id),
        )
    )

    # 3. An ordinary team case: LCC in the team (need-to-know for the address), the
    #    intelligence liaison too (may see the case, never its persons), break-glass by KMar.
    taken = {cw.pk, sh.pk}
    team_case = (
        Case.objects.filter(
            state="protection_active", restricted_compartment__isnull=True, classification__lte=1
        )
        .exclude(pk__in=taken)
        .exclude(team__memberships__user=kmar)
        .order_by("pk")
        .first()
    )
    taken.add(team_case.pk)
    _member(team_case.team, lcc)
    _member(team_case.team, aivd)
    team_owner = _owner_of(team_case)
    # 3b. Need-to-know withdrawn mid-way: the unit planner joins the team case through its
    #     owner, reads it, and is then removed again through the team service; from then on
    #     nothing of the case may reach them (the crawl as 'planner' checks every path).
    leaver = _withdrawn_member(team_case, team_owner, users["planner"])

    def tc_case(o: Oracle, u: U) -> bool:
        return o.case(u, o.cases[team_case.pk])

    Case.objects.filter(pk=team_case.pk).update(
        codename=mark("team-case codename", tc_case, f"/casussen/{team_case.pk}"),
        summary="Aanleiding " + mark("team-case summary", tc_case),
    )
    CaseEvent.objects.create(
        case=team_case,
        actor_name="systeem",
        kind="note",
        reason=mark("team-case timeline reason", tc_case),
    )
    employer = Employer.objects.create(
        name=mark("employer name", lambda o, u: o.employer(u, employer.pk)),
        contact="Bel " + mark("employer contact", lambda o, u: o.employer(u, employer.pk)),
    )
    protectee = team_case.protectee

    def pt_contact(o: Oracle, u: U) -> bool:
        return o.contact(u, o.persons[protectee.pk])

    def pt_name(o: Oracle, u: U) -> bool:
        # The person, or a decision letter addressed to them (rights: the protectee's own
        # letters, and the appeal body with the letter of a decision objected to).
        return o.person(u, o.persons[protectee.pk]) or letters.names(u, protectee.pk)

    def pt_first_name(o: Oracle, u: U) -> bool:
        # ...and the buddy of an active match to whom the protectee chose to show it.
        return pt_name(o, u) or buddies.first_name(u, protectee.pk)

    protectee.first_name = mark(
        "team protectee first name", pt_first_name, f"/register/personen/{protectee.pk}"
    )
    markers[-1].home_for = lambda o, u: o.person(u, o.persons[protectee.pk])
    protectee.last_name = mark("team protectee last name", pt_name)
    protectee.home_address = "Laan " + mark(
        "team protectee home address", pt_contact, f"/register/personen/{protectee.pk}"
    )
    protectee.phone_numbers = "06 " + mark("team protectee phone", pt_contact)
    # A cover on a person in no crown-witness case: nobody may see it.
    ProgrammeCover.objects.update_or_create(
        person=protectee,
        defaults={
            "programme": "Getuigenbeschermingsprogramma",
            "reason": mark(
                "team protectee programme cover",
                lambda o, u: o.programme_cover(u, o.persons[protectee.pk]),
            ),
        },
    )
    protectee.employer = employer
    protectee.save(
        update_fields=[
            "first_name",
            "last_name",
            "home_address",
            "phone_numbers",
            "employer",
        ]
    )

    # 4. A relative of the crown witness who is also confidant in the team case: a bridge
    #    from a visible person to a hidden case (the edge must not show).
    relative = Person.objects.create(
        first_name="Naaste",
        last_name="Brug",
        home_address="Hof " + "x",
    )
    relative.last_name = mark(
        "relative (bridge) last name", lambda o, u: o.person(u, o.persons[relative.pk])
    )
    relative.home_address = "Hof " + mark(
        "relative home address", lambda o, u: o.contact(u, o.persons[relative.pk])
    )
    relative.save(update_fields=["last_name", "home_address"])
    CasePerson.objects.create(case=cw, person=relative, role="relative")
    CasePerson.objects.create(case=team_case, person=relative, role="confidant")
    PersonRelation.objects.create(person=witness, related=relative, kind="sibling")

    # 5. A Stg. Zeer Geheim case (only clearance 4 in its team sees it).
    zg = (
        Case.objects.filter(state="protection_active", restricted_compartment__isnull=True)
        .exclude(pk__in=taken)
        .order_by("pk")
        .first()
    )
    taken.add(zg.pk)
    _member(zg.team, senior)
    Case.objects.filter(pk=zg.pk).update(
        classification=4,
        codename=mark("Stg. Zeer Geheim codename", lambda o, u: o.case(u, o.cases[zg.pk])),
        summary="Aanleiding "
        + mark("Stg. Zeer Geheim summary", lambda o, u: o.case(u, o.cases[zg.pk])),
    )

    # 6. Limitative list: an entry of another organisation, and one above most clearances.
    kmar_org = kmar.organisation
    entry = LimitativeEntry.objects.create(
        kind="object",
        name=mark(
            "limitative entry of KMar",
            lambda o, u: o.limitative(u, o.limitative_entries[entry.pk]),
            "/register/limitatieve-lijst",
        ),
        description=mark(
            "limitative entry description",
            lambda o, u: o.limitative(u, o.limitative_entries[entry.pk]),
        ),
        owner=kmar_org,
    )
    nctv = Organisation.objects.filter(kind="nctv").order_by("pk").first() or lcc.organisation
    secret_entry = LimitativeEntry.objects.create(
        kind="national_event",
        name=mark(
            "Stg. Zeer Geheim limitative entry",
            lambda o, u: o.limitative(u, o.limitative_entries[secret_entry.pk]),
        ),
        owner=nctv,
        classification=4,
    )

    # 7. Break-glass on the team case by the KMar liaison: active, with a marked reason.
    grant = policy_services.break_glass(
        kmar,
        team_case.reference,
        reason="Nachtelijke melding bij de woning " + _new_token(),
        minutes=60,
    )
    reason = mark("break-glass reason", lambda o, u: o.break_glass_grant(u, o.grants_bg[grant.pk]))
    BreakGlassGrant.objects.filter(pk=grant.pk).update(reason=reason)
    for alert in Alert.objects.filter(case=team_case):
        alert.message = alert.message.replace(grant.reason, reason)
        alert.save(update_fields=["message"])

    # 8. Threat information, signals, gaps and requests (issue 5): see `_plant_information`.
    info = _plant_information(mark, users, cw, team_case, cw_owner, om)

    # The search index follows the queryset updates above (they send no signals).
    from weerstand.search import index as search_index

    search_index.rebuild()

    # Every user fresh (role caches empty), and the oracle over the final state.
    users = {u.username: u for u in User.objects.select_related("organisation")}
    oracle = Oracle(now=timezone.now())
    info.load(oracle)
    letters.load(oracle)
    buddies.load()

    searches: list[tuple[str, str, Callable[[Oracle, U], bool]]] = [
        (
            next(m.text for m in markers if m.what == "crown-witness codename"),
            "crown-witness codename",
            cw_case,
        ),
        (cw.reference, "crown-witness reference", cw_case),
        (
            next(m.text for m in markers if m.what == "Stg. Zeer Geheim codename"),
            "Stg. Zeer Geheim codename",
            lambda o, u: o.case(u, o.cases[zg.pk]),
        ),
        (
            next(m.text for m in markers if m.what == "team protectee last name"),
            "team protectee last name",
            lambda o, u: o.person(u, o.persons[protectee.pk]),
        ),
        (
            next(m.text for m in markers if m.what == "crown witness first name"),
            "crown witness first name",
            lambda o, u: o.person(u, o.persons[witness.pk]),
        ),
        (
            next(m.text for m in markers if m.what == "limitative entry of KMar"),
            "limitative entry of KMar",
            lambda o, u: o.limitative(u, o.limitative_entries[entry.pk]),
        ),
    ]
    searches += [(m.text, m.what, m.allowed) for m in markers if m.what in info.searchable]
    persons_first = [witness.pk, protectee.pk, relative.pk]
    cases_first = [cw.pk, sh.pk, zg.pk, team_case.pk]
    everything = {
        "case": sorted(oracle.cases),
        "person": sorted(oracle.persons),
        "break_glass": sorted(oracle.grants_bg),
        "alert": list(Alert.objects.order_by("pk").values_list("pk", flat=True)),
        "token": _token_pks(),
        "employer": list(Employer.objects.order_by("pk").values_list("pk", flat=True)),
        "limitative": sorted(oracle.limitative_entries),
        "compartment": sorted(oracle.compartments),
        "event": list(
            CaseEvent.objects.filter(case__in=cases_first)
            .order_by("pk")
            .values_list("pk", flat=True)
        ),
    }
    priority = {
        "case": cases_first,
        "person": persons_first,
        "break_glass": everything["break_glass"],
        "alert": everything["alert"],
        "token": everything["token"],
        "employer": [employer.pk],
        "limitative": [entry.pk, secret_entry.pk],
        "compartment": [cw_comp.pk, sh.restricted_compartment_id, team_case.team_id],
        "event": everything["event"],
    }
    alerts = {a["pk"]: a["recipient_id"] for a in Alert.objects.values("pk", "recipient_id")}
    tokens = _token_owners()
    forbidden: dict[str, Callable[[U, int], bool]] = {
        "case": lambda u, pk: not oracle.case(u, oracle.cases[pk]),
        "person": lambda u, pk: not oracle.person(u, oracle.persons[pk]),
        "break_glass": lambda u, pk: not oracle.break_glass_grant(u, oracle.grants_bg[pk]),
        "alert": lambda u, pk: alerts[pk] != u.pk,
        "token": lambda u, pk: tokens[pk] != u.pk,
        "limitative": lambda u, pk: not oracle.limitative(u, oracle.limitative_entries[pk]),
        "compartment": lambda u, pk: not oracle.compartment(u, pk),
    }
    everything.update(info.everything())
    priority.update(info.priority)
    forbidden.update(info.forbidden())
    named = {
        "cw": cw,
        "team_case": team_case,
        "witness": witness,
        "protectee": protectee,
        "cw_owner": cw_owner,
        "team_owner": team_owner,
        "lcc": lcc,
        "om": om,
        "kmar": kmar,
        "aivd": aivd,
        "leaver": leaver,
    }
    return World(markers, oracle, users, searches, priority, everything, forbidden, named)


@dataclass
class LetterFacts:
    """Who may read a decision letter (which names the protectee), restated from the rights
    app's documented rule: the protectee the letters of their own approved or in-force
    decisions; whoever may view an objection (the appeal body, `all`) the letter of the
    decision objected to, outside restricting compartments they are not in."""

    oracle: Oracle | None = None
    user_person: dict[int, int] = field(default_factory=dict)
    decisions: dict[int, tuple[int, str]] = field(default_factory=dict)  # pk -> case, status
    objected: set[int] = field(default_factory=set)
    protectees: dict[int, int] = field(default_factory=dict)  # case -> protectee

    def load(self, oracle: Oracle) -> None:
        from weerstand.accounts.models import User
        from weerstand.cases.models import Case
        from weerstand.decisions.models import Decision
        from weerstand.rights.models import Objection

        self.oracle = oracle
        self.user_person = {
            pk: person
            for pk, person in User._base_manager.values_list("pk", "person_id")
            if person is not None
        }
        self.decisions = {
            pk: (case_id, status)
            for pk, case_id, status in Decision._base_manager.values_list("pk", "case_id", "status")
        }
        self.objected = set(Objection._base_manager.values_list("decision_id", flat=True))
        self.protectees = dict(Case._base_manager.values_list("pk", "protectee_id"))

    def names(self, u: U, person_pk: int) -> bool:
        o = self.oracle
        assert o is not None
        for pk, (case_id, status) in self.decisions.items():
            c = o.cases[case_id]
            if self.protectees.get(case_id) != person_pk:
                continue
            own = (
                "self" in grants(u.roles, "decision_letter", "view")
                and self.user_person.get(u.pk) == person_pk
                and status in ("approved", "in_force")
            )
            appeal = (
                "all" in grants(u.roles, "objection", "view")
                and pk in self.objected
                and (c.restricted is None or c.restricted in u.member_of)
            )
            if u.active and (own or appeal):
                return True
        return False


@dataclass
class BuddyFacts:
    """Who may read a protectee's first name as their buddy, restated from the resilience
    app's documented rule: the former protectee (through their own portal account) of an
    active match in which the protectee chose to share their first name."""

    shown: set[tuple[int, int]] = field(default_factory=set)  # (buddy person, protectee)

    def load(self) -> None:
        from weerstand.resilience.models import BuddyMatch

        self.shown = {
            (buddy, protectee)
            for buddy, protectee, status, items in BuddyMatch._base_manager.values_list(
                "buddy_id", "protectee_id", "status", "shared_items"
            )
            if status == "active" and "first_name" in (items or [])
        }

    def first_name(self, u: U, person_pk: int) -> bool:
        from weerstand.accounts.models import User

        person = User._base_manager.filter(pk=u.pk).values_list("person_id", flat=True).first()
        return bool(u.active and person and (person, person_pk) in self.shown)


# --- threat information, signals, gaps: planted markers and an independent rule ----------------
#
# The rules below are restated from the apps' documented policy (docs/access-policy.md, the
# NOTES of information/signals/gaps grants), in plain Python over facts read from the
# database, sharing no code with `information.rules`, `signals.rules` or `gaps.rules`.

ANALYSIS_ROLES = frozenset({"analyst", "senior_analyst"})
OPERATIONAL_ROLES = frozenset({"police_liaison", "kmar_liaison", "lcc_coordinator", "unit_planner"})


@dataclass
class Product:
    pk: int
    classification: int
    originator: int
    recipient_kinds: frozenset[str]
    handling: str
    cases: set[int]


@dataclass
class InfoFacts:
    """The planted objects and, after `load`, the facts the predicates read."""

    products: dict[str, Any]
    attachment: Any
    entity: Any
    signal: Any
    gap: Any
    rfi: Any
    searchable: set[str]
    oracle: Oracle | None = None
    org_kind: dict[int, str] = field(default_factory=dict)
    product_facts: dict[int, Product] = field(default_factory=dict)
    attachment_product: dict[int, int] = field(default_factory=dict)
    entity_products: dict[int, set[int]] = field(default_factory=dict)
    entity_signals: dict[int, set[int]] = field(default_factory=dict)
    signal_facts: dict[int, tuple[int, int | None, int]] = field(default_factory=dict)
    gap_case: dict[int, int] = field(default_factory=dict)
    rfi_facts: dict[int, tuple[int, int]] = field(default_factory=dict)  # case, addressee

    def load(self, oracle: Oracle) -> None:
        from weerstand.gaps.models import Gap, InformationRequest
        from weerstand.information.models import (
            Attachment,
            EntityLink,
            LegalBasis,
            ProductCase,
            ThreatProduct,
        )
        from weerstand.organisations.models import Organisation
        from weerstand.signals.models import Signal, SignalEntity

        self.oracle = oracle
        self.org_kind = dict(Organisation._base_manager.values_list("pk", "kind"))
        bases = {
            pk: frozenset(kinds or ())
            for pk, kinds in LegalBasis._base_manager.values_list("pk", "recipient_kinds")
        }
        for row in ThreatProduct._base_manager.values(
            "pk", "classification", "originator_id", "legal_basis_id", "handling"
        ):
            self.product_facts[row["pk"]] = Product(
                row["pk"],
                row["classification"],
                row["originator_id"],
                bases[row["legal_basis_id"]],
                row["handling"],
                set(),
            )
        for product_id, case_id in ProductCase._base_manager.values_list("product_id", "case_id"):
            self.product_facts[product_id].cases.add(case_id)
        self.attachment_product = dict(Attachment._base_manager.values_list("pk", "product_id"))
        for entity_id, product_id in EntityLink._base_manager.values_list(
            "entity_id", "product_id"
        ):
            self.entity_products.setdefault(entity_id, set()).add(product_id)
        for entity_id, signal_id in SignalEntity._base_manager.values_list(
            "entity_id", "signal_id"
        ):
            self.entity_signals.setdefault(entity_id, set()).add(signal_id)
        for pk, classification, case_id, reporter in Signal._base_manager.values_list(
            "pk", "classification", "case_id", "reported_by_id"
        ):
            self.signal_facts[pk] = (classification, case_id, reporter)
        self.gap_case = dict(Gap._base_manager.values_list("pk", "case_id"))
        for pk, case_id, addressee in InformationRequest._base_manager.values_list(
            "pk", "case_id", "addressee_id"
        ):
            self.rfi_facts[pk] = (case_id, addressee)

    # --- the rules, restated ------------------------------------------------------------------

    def _case_reach(self, u: U, case_id: int, scopes: set[str]) -> bool:
        """The case is reached within `scopes` and is visible (clearance, compartment)."""
        o = self.oracle
        assert o is not None
        c = o.cases[case_id]
        return o._reach(u, c, scopes) and o.case(u, c)

    def product(self, u: U, pk: int) -> bool:
        """Need-to-know for a threat product, from the policy text (all must hold)."""
        o = self.oracle
        assert o is not None
        p = self.product_facts[pk]
        scopes = grants(u.roles, "threat_product", "view")
        if not u.active or not scopes or p.classification > u.clearance:
            return False
        # A product linked to a case in a restricting compartment: members only, always.
        for case_id in p.cases:
            restricted = o.cases[case_id].restricted
            if restricted is not None and restricted not in u.member_of:
                return False
        own = u.org is not None and u.org == p.originator
        if "all" in scopes:
            return True  # oversight: legal basis and handling do not bind inspectors
        reach = (
            ("organisation" in scopes and own)
            or any(self._case_reach(u, c, scopes - {"organisation"}) for c in p.cases)
            or ("intake" in scopes and not p.cases)  # the analysts' intake: not yet linked
        )
        if not reach:
            return False
        if not own and self.org_kind.get(u.org or 0) not in p.recipient_kinds:
            return False  # the legal basis does not permit provision to this organisation
        if p.handling == "none" or own:
            return True
        if p.handling == "analysis_only":
            return bool(u.roles & ANALYSIS_ROLES)
        if p.handling == "orcon":
            teams = {o.cases[c].team for c in p.cases}
            return bool(u.roles & ANALYSIS_ROLES) and bool(teams & u.member_of)
        if p.handling == "no_operational_use":
            return not u.roles & OPERATIONAL_ROLES
        return False

    def attachment_ok(self, u: U, pk: int) -> bool:
        return self.product(u, self.attachment_product[pk])

    def signal_ok(self, u: U, pk: int) -> bool:
        o = self.oracle
        assert o is not None
        classification, case_id, reporter = self.signal_facts[pk]
        if not u.active:
            return False
        if reporter == u.pk and grants(u.roles, "signal", "create"):
            return True  # the reporter sees what they reported
        if "all" not in grants(u.roles, "signal", "view") or classification > u.clearance:
            return False
        if case_id is None:
            return True
        c = o.cases[case_id]
        return c.classification <= u.clearance and (
            c.restricted is None or c.restricted in u.member_of
        )

    def entity_ok(self, u: U, pk: int) -> bool:
        if not grants(u.roles, "entity", "view"):
            return False
        return any(self.product(u, p) for p in self.entity_products.get(pk, ())) or any(
            self.signal_ok(u, s) for s in self.entity_signals.get(pk, ())
        )

    def gap_ok(self, u: U, pk: int) -> bool:
        scopes = grants(u.roles, "gap", "view")
        return u.active and bool(scopes) and self._case_reach(u, self.gap_case[pk], scopes)

    def rfi_ok(self, u: U, pk: int) -> bool:
        o = self.oracle
        assert o is not None
        case_id, addressee = self.rfi_facts[pk]
        scopes = grants(u.roles, "rfi", "view")
        if not u.active or not scopes:
            return False
        if scopes - {"organisation"} and self._case_reach(u, case_id, scopes - {"organisation"}):
            return True
        c = o.cases[case_id]
        return (
            "organisation" in scopes
            and u.org == addressee
            and c.classification <= u.clearance
            and (c.restricted is None or c.restricted in u.member_of)
        )

    # --- for the crawler --------------------------------------------------------------------

    @property
    def priority(self) -> dict[str, list[int]]:
        return {
            "product": [p.pk for p in self.products.values()],
            "attachment": [self.attachment.pk],
            "entity": [self.entity.pk],
            "signal": [self.signal.pk],
            "gap": [self.gap.pk],
            "rfi": [self.rfi.pk],
        }

    def everything(self) -> dict[str, list[int]]:
        return {
            "product": sorted(self.product_facts),
            "attachment": sorted(self.attachment_product),
            "entity": sorted(set(self.entity_products) | set(self.entity_signals)),
            "signal": sorted(self.signal_facts),
            "gap": sorted(self.gap_case),
            "rfi": sorted(self.rfi_facts),
        }

    def forbidden(self) -> dict[str, Callable[[U, int], bool]]:
        return {
            "product": lambda u, pk: not self.product(u, pk),
            "attachment": lambda u, pk: not self.attachment_ok(u, pk),
            "entity": lambda u, pk: not self.entity_ok(u, pk),
            "signal": lambda u, pk: not self.signal_ok(u, pk),
            "gap": lambda u, pk: not self.gap_ok(u, pk),
            "rfi": lambda u, pk: not self.rfi_ok(u, pk),
        }


def _plant_information(
    mark: Callable[..., str], users: dict[str, Any], cw: Any, team_case: Any, cw_owner: Any, om: Any
) -> InfoFacts:
    """Restricted products (above most clearances; linked to the crown-witness case;
    `analysis_only`; a legal basis that excludes most organisations), an attachment's text
    and filename, an entity only a hidden product names, a crown-witness signal, and a gap and
    an RFI of the crown-witness case. Products carry a plain anchor word next to the marker,
    so a need-to-know user must find the marker in the search snippet (`home`)."""
    from weerstand.gaps.models import Gap, InformationRequest
    from weerstand.information.models import (
        Attachment,
        Entity,
        EntityLink,
        LegalBasis,
        ProductCase,
        ThreatProduct,
    )
    from weerstand.signals.models import Signal

    police = _first_with_role(users, "police_liaison").organisation
    aivd = _first_with_role(users, "intelligence_liaison").organisation
    tag = _new_token()[:8]
    wide = LegalBasis.objects.create(
        code=f"leak-wide-{tag}",
        name="Brede grondslag",
        law="Wpg art. 16",
        provider_kinds=["police", "kmar", "aivd", "om"],
        recipient_kinds=["nctv", "police", "kmar", "aivd", "om", "municipality", "dji"],
    )
    narrow = LegalBasis.objects.create(
        code=f"leak-narrow-{tag}",
        name="Alleen NCTV",
        law="Wiv 2017 art. 64",
        provider_kinds=["aivd"],
        recipient_kinds=["nctv"],
    )
    facts = InfoFacts({}, None, None, None, None, None, set())

    def product(key: str, what: str, originator: Any, basis: Any, cases: tuple, **kw: Any) -> Any:
        anchor = f"anker{key}{tag}"
        p = ThreatProduct.objects.create(
            reference=f"LEAK-{key.upper()}-{tag}",
            originator=originator,
            legal_basis=basis,
            title="Product " + mark(f"{what} title", lambda o, u: facts.product(u, p.pk)),
            summary="Samenvatting " + mark(f"{what} summary", lambda o, u: facts.product(u, p.pk)),
            body=f"{anchor} "
            + mark(f"{what} body", lambda o, u: facts.product(u, p.pk), f"/zoeken/?q={anchor}"),
            reliability="B",
            credibility=2,
            **kw,
        )
        for c in cases:
            ProductCase.objects.create(product=p, case=c)
        facts.products[key] = p
        facts.searchable.update({f"{what} title", f"{what} body"})
        return p

    product("geheim", "Stg. Zeer Geheim product", police, wide, (team_case,), classification=4)
    crown = product("kroon", "crown-witness product", police, wide, (team_case, cw))
    only = product("analyse", "analysis-only product", police, wide, (team_case,))
    ThreatProduct.objects.filter(pk=only.pk).update(handling="analysis_only")
    product("grondslag", "product under a narrow legal basis", aivd, narrow, (team_case,))

    def att_ok(o: Oracle, u: U) -> bool:
        return facts.attachment_ok(u, facts.attachment.pk)

    name_marker = mark("attachment filename", att_ok)
    facts.attachment = Attachment.objects.create(
        product=only,
        filename=f"{name_marker}.txt",
        content_type="text/plain",
        size=10,
        sha256="0" * 64,
        content="",
        extracted_text="Bijlage " + mark("attachment text", att_ok),
    )
    facts.searchable.update({"attachment filename", "attachment text"})

    phone = mark("entity only a hidden product names", lambda o, u: facts.entity_ok(u, entity.pk))
    entity = Entity.objects.create(kind="phone", value=phone, label=phone, lookup=uuid.uuid4().hex)
    EntityLink.objects.create(entity=entity, product=crown)
    facts.entity = entity

    now = timezone.now()
    facts.signal = Signal.objects.create(
        reference=f"LEAK-S-{tag}",
        case=cw,
        reported_by=cw_owner,
        reporter_kind="officer",
        kind="observation",
        what="Gezien: " + mark("crown-witness signal", lambda o, u: facts.signal_ok(u, sig_pk())),
        happened_at=now,
        certainty="fairly_sure",
        reliability="C",
        credibility=3,
        triage_deadline=now + timezone.timedelta(hours=24),
    )
    facts.searchable.add("crown-witness signal")

    def sig_pk() -> int:
        return facts.signal.pk

    facts.gap = Gap.objects.create(
        case=cw,
        description=mark("crown-witness gap", lambda o, u: facts.gap_ok(u, facts.gap.pk)),
        why_it_matters="Nodig voor de dreigingsinschatting",
        created_by=cw_owner,
    )
    facts.rfi = InformationRequest.objects.create(
        reference=f"LEAK-R-{tag}",
        gap=facts.gap,
        case=cw,
        addressee=om.organisation,
        legal_basis=wide,
        question=mark("crown-witness RFI question", lambda o, u: facts.rfi_ok(u, facts.rfi.pk)),
        due_date=timezone.localdate() + timezone.timedelta(days=7),
        created_by=cw_owner,
    )
    return facts


def _token_pks() -> list[int]:
    from weerstand.accounts.models import ApiToken

    return list(ApiToken.objects.order_by("pk").values_list("pk", flat=True))


def _token_owners() -> dict[int, int]:
    from weerstand.accounts.models import ApiToken

    return dict(ApiToken.objects.values_list("pk", "user_id"))


@pytest.fixture(autouse=True)
def _no_job_runner_check(settings: Any) -> None:
    """The test world has no job runner writing heartbeats: without this, `/health/ready`
    answers 503 (rightly), which the crawl would count as an error. Its own tests are in
    `core/tests/test_health.py`."""
    settings.JOB_HEARTBEAT_MAX_AGE_SECONDS = 0


@pytest.fixture(scope="module")
def world(seeded_demo: dict[str, Any], django_db_blocker: Any) -> Iterator[World]:
    """Marked once for the module in the seeded demo world, inside a savepoint rolled back at
    the end (the next module finds the world as seeded)."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# --- URL patterns --------------------------------------------------------------------------


def routes() -> list[str]:
    out = []
    for route, callback in walk(get_resolver().url_patterns):
        module = view_module(callback)
        if any(module.startswith(m) for m in EXCLUDED_MODULES):
            continue
        if route.startswith("^") or "(?P" in route:  # regex patterns: none of ours
            continue
        out.append("/" + route)
    return out


KEYWORDS = (
    ("product", "product"),
    ("bijlage", "attachment"),
    ("attachment", "attachment"),
    ("entit", "entity"),
    ("signa", "signal"),
    ("leemte", "gap"),
    ("gap", "gap"),
    ("verzoek", "rfi"),
    ("request", "rfi"),
    ("noodtoegang", "break_glass"),
    ("break-glass", "break_glass"),
    ("melding", "alert"),
    ("alert", "alert"),
    ("token", "token"),
    ("person", "person"),
    ("werkgever", "employer"),
    ("employer", "employer"),
    ("limitat", "limitative"),
    ("compartment", "compartment"),
    ("compartiment", "compartment"),
    ("event", "event"),
    ("gebeurtenis", "event"),
    ("casus", "case"),
    ("case", "case"),
)


def model_kind(route: str, name: str) -> str | None:
    """Which model an int parameter names: by parameter name, else the segment before it."""
    for key, kind in KEYWORDS:
        if key in name:
            return kind
    before = route.split(f"<int:{name}>")[0].rstrip("/").rsplit("/", 1)[-1]
    for key, kind in KEYWORDS:
        if key in before:
            return kind
    return None


def fill(route: str, values: dict[str, str]) -> str:
    return PARAM.sub(lambda m: values[m.group("name")], route)


def slug_values() -> list[str]:
    from weerstand.cases.state_machine import TRANSITIONS

    return [*list(TRANSITIONS)[:3], "bestaat-niet"]


# --- HTML ----------------------------------------------------------------------------------


def same_site(base: str, link: str) -> str | None:
    link = link.strip()
    if not link or link.startswith(("#", "mailto:", "javascript:", "tel:", "data:")):
        return None
    if link.startswith("?"):
        link = urlsplit(base).path + link
    parts = urlsplit(link)
    if (parts.scheme or parts.netloc) and parts.netloc not in ("testserver", ""):
        return None
    path = parts.path
    if not path.startswith("/"):
        path = urlsplit(base).path.rsplit("/", 1)[0] + "/" + path
    if path.startswith(SKIP_PREFIXES):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


# --- normalising answers for "forbidden == absent" -----------------------------------------

_NOISE = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'), 'name="csrfmiddlewaretoken"'),
    (re.compile(r'<meta name="csrf-token" content="[^"]*"'), "<meta csrf>"),
    (re.compile(r'"X-CSRFToken": "[^"]*"'), '"X-CSRFToken"'),
    (re.compile(r"\b[A-Za-z0-9_-]{48,}\b"), "TOKEN"),
    (
        re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"),
        "U",
    ),
    (re.compile(r"\b[0-9a-f]{32}\b"), "H"),
    (re.compile(r"\b\d{1,2}:\d{2}(:\d{2})?\b"), "T"),
]


def normalise(body: str, replace: list[str]) -> str:
    for r in sorted(replace, key=len, reverse=True):
        if r:
            body = body.replace(r, "<X>")
    for pattern, repl in _NOISE:
        body = pattern.sub(repl, body)
    return body


# --- the crawler ---------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    body: str
    headers: str
    content_type: str


@dataclass
class Crawl:
    client: Client
    world: World
    username: str
    facts: U | None
    limit: int = VISIT_LIMIT
    admin_limit: int = 0
    visits: int = 0
    seen: dict[tuple[str, str, str], Answer] = field(default_factory=dict)
    leaks: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)
    html_pages: deque = field(default_factory=deque)
    routes_hit: set[str] = field(default_factory=set)
    admin_visits: int = 0
    phases: list[int] = field(default_factory=list)  # visits after each phase

    @property
    def hidden(self) -> list[Marker]:
        if self.facts is None:  # anonymous: nothing at all
            return self.world.markers
        return [m for m in self.world.markers if not m.allowed(self.world.oracle, self.facts)]

    def budget_left(self) -> bool:
        return self.visits < self.limit

    def fetch(
        self,
        url: str,
        method: str = "get",
        data: Any = None,
        route: str | None = None,
        htmx: bool = False,
    ) -> Answer | None:
        key = (method, url + (json.dumps(data, sort_keys=True) if data else ""), "hx" * htmx)
        if key in self.seen:
            return self.seen[key]  # asked before: the same answer, no new visit
        if not self.budget_left():
            return None
        if url.startswith(ADMIN_PREFIX):
            if self.admin_visits >= self.admin_limit:
                return None
            self.admin_visits += 1
        self.visits += 1
        extra: dict[str, Any] = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        if method == "get":
            response = self.client.get(url, **extra)
        elif url.startswith("/api/"):
            response = getattr(self.client, method)(
                url, data=json.dumps(data or {}), content_type="application/json", **extra
            )
        else:
            response = getattr(self.client, method)(url, data=data or {}, **extra)
        if route:
            self.routes_hit.add(route)
        if getattr(response, "streaming", False):
            raw = b"".join(response.streaming_content)
        else:
            raw = response.content
        body = raw.decode("utf-8", errors="replace")
        headers = "\n".join(f"{k}: {v}" for k, v in response.items())
        answer = Answer(response.status_code, body, headers, response.get("Content-Type", ""))
        self.seen[key] = answer
        sent = url + json.dumps(data or {})
        self.inspect(f"{method.upper()} {url}{' [htmx]' if htmx else ''}", answer, sent)
        if method == "get" and answer.status == 200 and "html" in answer.content_type:
            self.html_pages.append((url, body))
        return answer

    def inspect(self, where: str, answer: Answer, sent: str = "") -> None:
        """Markers the user may not see, in body or headers. A marker the request itself
        carried (a search term) is echoed legitimately; whether it found anything is
        judged by comparing with a search for nothing (`same`)."""
        text = answer.body + "\n" + answer.headers
        for m in self.hidden:
            if m.token in text and m.token not in sent:
                self.leaks.append(f"{self.username}: {where} shows {m.what} ({m.text})")
        if answer.status >= 500:
            self.errors.append(f"{self.username}: {where} answered {answer.status}")

    def links_from(self, url: str, body: str) -> tuple[list[str], list[dict[str, Any]]]:
        parser = Links()
        parser.feed(body)
        links = [s for s in (same_site(url, link) for link in parser.links) if s]
        for form in parser.forms:
            form["base"] = url
        return links, parser.forms

    def same(self, what: str, a: Answer | None, b: Answer | None, replace: list[str]) -> None:
        """A forbidden/hidden probe must answer exactly like an absent one."""
        if a is None or b is None:
            return
        if a.status != b.status:
            self.differences.append(f"{self.username}: {what}: status {a.status} vs {b.status}")
        else:
            left, right = normalise(a.body, replace), normalise(b.body, replace)
            if left != right:
                first = next(
                    (
                        f"{x.strip()[:120]!r} vs {y.strip()[:120]!r}"
                        for x, y in zip(left.splitlines(), right.splitlines(), strict=False)
                        if x != y
                    ),
                    "lengths differ",
                )
                self.differences.append(f"{self.username}: {what}: bodies differ: {first}")


def absent_pk(world: World, kind: str | None) -> int:
    pks = world.everything.get(kind or "", []) or [0]
    return max(max(pks), max(world.everything["case"]), max(world.everything["person"])) + 100_000


def crawl(client: Client, world: World, username: str, facts: U | None) -> Crawl:
    c = Crawl(client, world, username, facts)
    all_routes = routes()
    plain = [r for r in all_routes if not PARAM.search(r)]
    with_params = [r for r in all_routes if PARAM.search(r)]
    c.admin_limit = sum(r.startswith(ADMIN_PREFIX) for r in all_routes) + ADMIN_EXTRA

    # 1. Every parameterless page, and the htmx fragment of every web page.
    lists: list[str] = []  # the pages that answered with a list or a page to search on
    for route in plain:
        first = c.fetch(route, route=route)
        if not route.startswith(("/api/", ADMIN_PREFIX)):
            c.fetch(route, route=route, htmx=True)
        if first is not None and first.status == 200 and _is_listing(first):
            lists.append(route)

    c.phases.append(c.visits)

    # 2. Every parameterised pattern with the restricted objects first, then an absent id;
    #    forbidden ones must answer like the absent one.
    def concrete(route: str, pks_for: Callable[[str | None], list[int]]) -> Iterator[tuple]:
        params = [(m.group("conv") or "str", m.group("name")) for m in PARAM.finditer(route)]
        int_params = [n for conv, n in params if conv == "int"]
        kind = model_kind(route, int_params[0]) if int_params else None
        slugs = slug_values() if any(conv == "slug" for conv, _ in params) else [""]
        for pk in pks_for(kind):
            for slug in slugs:
                values = {n: (str(pk) if conv == "int" else slug or "x") for conv, n in params}
                yield fill(route, values), kind, pk, slug

    def priority(kind: str | None) -> list[int]:
        if kind is None:
            # A parameter of a kind without planted markers: one restricted case's id is
            # enough to catch an object handed out by id without the policy.
            return world.priority["case"][:1]
        return world.priority.get(kind, [])

    # 2a. Every pattern once, with an absent id: coverage, and the answer to compare with.
    absent_answers: dict[tuple[str, str], Answer | None] = {}
    for route in with_params:
        for url, _kind, _pk, slug in concrete(route, lambda k: [absent_pk(world, k)]):
            absent_answers[(route, slug)] = c.fetch(url, route=route)
    c.phases.append(c.visits)

    # 2b. The search engine, explicitly (web page and API): a hidden marker answers exactly
    #     like a nonsense word: no hit, a total of 0, no facet counts, no snippet.
    nothing = f"{MARK}{_new_token()}"
    for route in ("/zoeken/", "/api/v1/search"):
        absent = c.fetch(f"{route}?{urlencode({'q': nothing})}", route=route)
        for text, what, allowed in world.searches:
            if facts is not None and allowed(world.oracle, facts):
                continue
            answer = c.fetch(f"{route}?{urlencode({'q': text})}", route=route)
            c.same(f"search {route} hidden {what} vs nothing", answer, absent, [text, nothing])
            if route.startswith("/api/") and answer is not None and answer.status == 200:
                _check_search_api(c, what, answer)
    c.phases.append(c.visits)

    # 2c. The restricted objects, patterns of kinds with planted markers first: forbidden
    #     ones must answer exactly like the absent one.
    def marked_first(route: str) -> int:
        ints = [m.group("name") for m in PARAM.finditer(route) if m.group("conv") == "int"]
        kind = model_kind(route, ints[0]) if ints else None
        return 0 if kind in world.forbidden else 1

    c.limit = c.visits + PHASE_BUDGETS[0]
    for route in sorted(with_params, key=marked_first):
        for url, kind, pk, slug in concrete(route, priority):
            answer = c.fetch(url, route=route)
            hidden = facts is None or (kind in world.forbidden and world.forbidden[kind](facts, pk))
            if hidden and answer is not None:
                absent_url = fill(
                    route,
                    {
                        m.group("name"): (
                            str(absent_pk(world, kind)) if m.group("conv") == "int" else slug or "x"
                        )
                        for m in PARAM.finditer(route)
                    },
                )
                c.same(
                    f"GET {url} vs absent",
                    answer,
                    absent_answers.get((route, slug)),
                    [url, absent_url],
                )

    c.phases.append(c.visits)

    c.limit = c.visits + PHASE_BUDGETS[1]

    # 3. Search and filter: every list gets a partial-marker search, paging and an export
    #    attempt; every search field (from the GET forms on the pages, `q` on the API) is
    #    asked for each hidden object and must answer exactly like a search for nothing.
    search_fields: dict[str, set[str]] = {}
    for page_url, body in list(c.html_pages):
        _links, forms = c.links_from(page_url, body)
        for form in forms:
            action = same_site(page_url, form["action"] or page_url)
            if form["method"] == "get" and action and form["text"]:
                search_fields.setdefault(action.split("?")[0], set()).update(form["text"])
    for route in lists:
        api = route.startswith("/api/")
        variants: list[dict[str, str]] = [{"q": MARK}, {"format": "csv"}]
        variants += [{"page": "2"}, {"pageSize": "100"}] if api else [{"pagina": "2"}]
        for params in variants:
            c.fetch(f"{route}?{urlencode(params)}", route=route)
        fields = sorted(search_fields.get(route, set()))
        if api:
            probe = c.fetch(f"{route}?{urlencode({'q': nothing})}", route=route)
            if probe is not None and probe.status == 200:
                fields = ["q"]
        for name in fields:
            absent = c.fetch(f"{route}?{urlencode({name: nothing})}", route=route)
            hx_absent = (
                None
                if api
                else c.fetch(f"{route}?{urlencode({name: nothing})}", route=route, htmx=True)
            )
            hidden = [
                (text, what)
                for text, what, allowed in world.searches
                if facts is None or not allowed(world.oracle, facts)
            ]
            for i, (text, what) in enumerate(hidden):
                answer = c.fetch(f"{route}?{urlencode({name: text})}", route=route)
                c.same(
                    f"search {route}?{name}= hidden {what} vs nothing",
                    answer,
                    absent,
                    [text, nothing],
                )
                if api and answer is not None and answer.status == 200:
                    _check_api_count(c, route, what, answer)
                if not api and i == 0:  # the htmx fragment runs the same query: once
                    hx = c.fetch(f"{route}?{urlencode({name: text})}", route=route, htmx=True)
                    c.same(
                        f"htmx search {route}?{name}= hidden {what} vs nothing",
                        hx,
                        hx_absent,
                        [text, nothing],
                    )

    c.phases.append(c.visits)

    c.limit = c.visits + PHASE_BUDGETS[2]

    # 4. Write attempts on objects the user may not see: 404 exactly like absent ones, and
    #    the answer to the attempt shows nothing either (TheHive 2301).
    for route in with_params:
        methods = ("post", "patch") if route.startswith("/api/") else ("post",)
        for method in methods:
            absent_answer = None
            absent_url = ""
            for url, _kind, _pk, _slug in concrete(route, lambda k: [absent_pk(world, k)]):
                absent_url = url
                absent_answer = c.fetch(url, method=method, data={"reason": "x" * 30})
                break
            for url, kind, pk, _slug in concrete(route, priority):
                hidden = facts is None or (
                    kind in world.forbidden and world.forbidden[kind](facts, pk)
                )
                if not hidden:
                    continue
                answer = c.fetch(url, method=method, data={"reason": "x" * 30})
                c.same(
                    f"{method.upper()} {url} vs absent", answer, absent_answer, [url, absent_url]
                )
                break  # one forbidden object per route and method is enough for writes

    # 4b. References to hidden objects inside write bodies: a create form or API body that
    #     names a hidden person or case must answer exactly as if it named nothing.
    _probe_references(c, world, facts)

    c.phases.append(c.visits)

    c.limit = c.visits + PHASE_BUDGETS[3]

    # 5. Forms and links found on the pages (breadth first), until the budget is spent.
    forms_done: set[str] = set()
    while c.html_pages and c.budget_left():
        url, body = c.html_pages.popleft()
        links, forms = c.links_from(url, body)
        for form in forms:
            if form["method"] != "get":
                continue
            action = same_site(url, form["action"] or url)
            if not action or action in forms_done:
                continue
            forms_done.add(action)
            for name in form["text"]:
                for text, _what, _allowed in world.searches:
                    c.fetch(f"{action.split('?')[0]}?{urlencode({name: text})}")
            for name, options in form["choices"].items():
                for option in options[:12]:
                    c.fetch(f"{action.split('?')[0]}?{urlencode({name: option})}")
        for link in links:
            c.fetch(link)

    c.phases.append(c.visits)

    # 6. Sweep: every object of every parameterised pattern, while the budget lasts.
    for route in with_params:
        for url, _kind, _pk, _slug in concrete(route, lambda k: world.everything.get(k or "", [])):
            if not c.budget_left():
                break
            c.fetch(url, route=route)
    c.phases.append(c.visits)
    return c


def _reference_targets(world: World, facts: U | None, name: str) -> tuple[int, int] | None:
    """(a hidden pk, an absent pk) for a body field that names an object, or None."""
    tokens = [t.lower() for t in re.split(r"[_\-]|(?<=[a-z])(?=[A-Z])", name) if t]
    tokens = [t for t in tokens if t not in ("id", "pk")]
    nouns = {"person": "person", "persoon": "person", "protectee": "person", "case": "case"}
    kind = nouns.get(tokens[-1]) if tokens else None
    if kind not in world.forbidden:
        return None
    hidden = [
        pk
        for pk in world.priority.get(kind, [])
        if facts is None or world.forbidden[kind](facts, pk)
    ]
    return (hidden[0], absent_pk(world, kind)) if hidden else None


def _probe_references(c: Crawl, world: World, facts: U | None) -> None:
    # The API: integer properties of request bodies, read from the OpenAPI document.
    spec_answer = next(
        (a for (m, u, _h), a in c.seen.items() if m == "get" and "openapi" in u and "?" not in u),
        None,
    )
    try:
        spec = json.loads(spec_answer.body) if spec_answer and spec_answer.status == 200 else {}
    except ValueError:
        spec = {}
    schemas = spec.get("components", {}).get("schemas", {})
    for path, operations in spec.get("paths", {}).items():
        if "{" in path:
            continue
        for method in ("post", "patch", "put"):
            body = (
                operations.get(method, {})
                .get("requestBody", {})
                .get("content", {})
                .get("application/json", {})
                .get("schema", {})
            )
            ref = body.get("$ref", "").rsplit("/", 1)[-1]
            properties = schemas.get(ref, body).get("properties", {})
            for name, prop in properties.items():
                if prop.get("type") != "integer":
                    continue
                targets = _reference_targets(world, facts, name)
                if targets is None:
                    continue
                hidden, absent = targets
                url = path if path.startswith("/api/") else f"/api/v1{path}"
                a = c.fetch(url, method=method, data={name: hidden})
                b = c.fetch(url, method=method, data={name: absent})
                c.same(f"{method.upper()} {url} naming a hidden {name}", a, b, [])
    # The web: select fields of POST forms on the pages.
    for page_url, body in list(c.html_pages):
        _links, forms = c.links_from(page_url, body)
        for form in forms:
            if form["method"] != "post":
                continue
            action = same_site(page_url, form["action"] or page_url)
            if not action:
                continue
            for name in form["choices"]:
                targets = _reference_targets(world, facts, name)
                if targets is None:
                    continue
                hidden, absent = targets
                a = c.fetch(action, method="post", data={name: hidden})
                b = c.fetch(action, method="post", data={name: absent})
                c.same(f"POST {action} naming a hidden {name}", a, b, [])


def _is_listing(answer: Answer) -> bool:
    """An HTML page, or a JSON page of results: worth searching, paging and exporting.
    (The OpenAPI document, the health check and redirects are not.)"""
    if "html" in answer.content_type:
        return True
    if "json" in answer.content_type:
        try:
            data = json.loads(answer.body)
        except ValueError:
            return False
        return isinstance(data, dict) and ("results" in data or "count" in data)
    return False


def _check_api_count(c: Crawl, route: str, what: str, answer: Answer) -> None:
    """An API list searched for a hidden object: zero results, and a count of zero."""
    try:
        data = json.loads(answer.body)
    except ValueError:
        return
    if isinstance(data, dict):
        count = data.get("count", data.get("total"))
        results = data.get("results", data.get("items", []))
        if count not in (0, None) or results:
            c.leaks.append(f"{c.username}: {route}?q=<hidden {what}> counts {count} / {results!r}")


def _check_search_api(c: Crawl, what: str, answer: Answer) -> None:
    """The search API asked for a hidden marker: nothing found, nothing counted."""
    data = json.loads(answer.body)
    facets = {k: v for k, v in data.get("facets", {}).items() if v}
    if data.get("count") != 0 or data.get("results") or facets:
        c.leaks.append(
            f"{c.username}: /api/v1/search?q=<hidden {what}> answers count {data.get('count')}, "
            f"{len(data.get('results') or [])} results, facets {facets}"
        )


# --- the tests -----------------------------------------------------------------------------


def _demo_usernames() -> list[str]:
    """Every demo user on PostgreSQL; one of each kind of reach on SQLite (leak_support)."""
    from leak_support import crawl_usernames
    from weerstand.core.demo import DEMO_USERNAMES

    return crawl_usernames(list(DEMO_USERNAMES))


def _sign_in(client: Client, user: Any) -> None:
    from weerstand.core.demo import DEMO_PASSWORD
    from weerstand.testing import sign_in

    sign_in(client, user, password=DEMO_PASSWORD)


@pytest.mark.parametrize("username", _demo_usernames())
def test_no_leaks(world: World, db: None, username: str, settings: Any) -> None:
    settings.PASSWORD_HASHERS = FAST_HASHER
    user = world.users[username]
    client = Client(raise_request_exception=False)
    _sign_in(client, user)
    result = crawl(client, world, username, world.oracle.users[user.pk])
    print(f"{username}: {result.visits} visits, per phase {result.phases}")  # with -s
    missed = sorted({"/" + r.lstrip("/") for r in routes()} - result.routes_hit)
    problems = result.leaks + result.differences + result.errors
    report = (
        f"{username} ({', '.join(sorted(user.role_codes))}): {result.visits} visits\n  "
        + "\n  ".join(problems)
    )
    assert not problems, report
    assert not missed, f"{username}: URL patterns the crawl never reached: {missed}"


def test_no_leaks_without_signing_in(world: World, db: None) -> None:
    client = Client(raise_request_exception=False)
    result = crawl(client, world, "anonymous", None)
    problems = result.leaks + result.errors
    assert not problems, "\n".join(problems)
    assert result.visits > len(routes())


def test_need_to_know_users_see_what_they_need(world: World, db: None, settings: Any) -> None:
    """The positive side: the users whose work needs the information do see it."""
    from weerstand.testing import login

    settings.PASSWORD_HASHERS = FAST_HASHER
    o = world.oracle
    n = world.named
    # The situations the brief names must hold in the world (or the checks below prove little).
    assert o.case(o.users[n["cw_owner"].pk], o.cases[n["cw"].pk])
    assert o.contact(o.users[n["lcc"].pk], o.persons[n["protectee"].pk])
    assert o.programme_cover(o.users[n["om"].pk], o.persons[n["witness"].pk])
    missing = []
    checked = 0
    for username, user in world.users.items():
        facts = o.users[user.pk]
        wanted = [m for m in world.markers if m.home and (m.home_for or m.allowed)(o, facts)]
        if not wanted:
            continue
        client = Client(raise_request_exception=False)
        login(client, user)
        pages: dict[str, str] = {}
        for m in wanted:
            if m.home not in pages:
                response = client.get(m.home)
                pages[m.home] = response.content.decode("utf-8", errors="replace")
            checked += 1
            if m.token not in pages[m.home]:
                missing.append(f"{username}: {m.home} does not show {m.what}")
    assert checked >= 6
    assert not missing, "\n".join(missing)


def test_the_oracle_marks_are_really_restricted(world: World) -> None:
    """Every marker is hidden from someone and (except the never-shown ones) seen by someone:
    otherwise a marker tests nothing."""
    o = world.oracle
    for m in world.markers:
        allowed = [u for u in o.users.values() if m.allowed(o, u)]
        assert len(allowed) < len(o.users), f"{m.what} is visible to everyone"
        if m.what != "team protectee programme cover":  # no crown-witness case: nobody
            assert allowed, f"nobody may see {m.what}: the marker proves nothing"


def test_a_member_removed_mid_way_is_a_stranger_again(world: World, db: None) -> None:
    """The planner was in the team case and was removed through the team service: the
    independent oracle no longer lets them see it, so the crawl as 'planner' (test_no_leaks)
    proves every team-case marker stays out of their reach; and the case itself answers 404."""
    o, leaver = world.oracle, world.named["leaver"]
    team_case = world.named["team_case"]
    u = o.users[leaver.pk]
    assert not o.case(u, o.cases[team_case.pk])
    hidden = [m for m in world.markers if m.what.startswith("team-case")]
    assert hidden and not any(m.allowed(o, u) for m in hidden)
    client = Client()
    from weerstand import testing as t

    t.login(client, leaver)
    assert client.get(f"/casussen/{team_case.pk}").status_code == 404
    assert client.get(f"/casussen/{team_case.pk}/team").status_code == 404


# --- the hunter itself must be able to catch something --------------------------------------


def _leaky_urlconf() -> Any:
    """The real URL map plus three deliberately leaky views (unfiltered list, detail
    without the policy, a search that counts hidden rows)."""
    import types

    from django.http import Http404, HttpResponse
    from django.urls import path

    from weerstand.cases.models import Case
    from weerstand.core.decorators import requires

    @requires("case:view")
    def all_codenames(request: Any) -> HttpResponse:
        return HttpResponse(", ".join(Case.objects.values_list("codename", flat=True)))

    @requires("case:view")
    def any_case(request: Any, pk: int) -> HttpResponse:
        case = Case.objects.filter(pk=pk).first()
        if case is None:
            raise Http404
        return HttpResponse(f"casus {case.reference}")

    @requires("case:view")
    def counting_search(request: Any) -> HttpResponse:
        q = request.GET.get("q", "")
        hits = Case.objects.filter(codename__icontains=q).count() if q else 0
        form = '<form method="get" action="/lek/zoeken"><input type="search" name="q"></form>'
        return HttpResponse(f"<html><body>{form}<p>{hits} resultaten</p></body></html>")

    module = types.ModuleType("leaky_urls")
    module.urlpatterns = [  # type: ignore[attr-defined]
        path("lek/alles", all_codenames),
        path("lek/casussen/<int:pk>", any_case),
        path("lek/zoeken", counting_search),
        *get_resolver().url_patterns,
    ]
    return module


def test_the_hunter_catches_planted_leaks(world: World, db: None, settings: Any) -> None:
    from django.urls import clear_url_caches

    settings.PASSWORD_HASHERS = FAST_HASHER
    leaky = _leaky_urlconf()
    settings.ROOT_URLCONF = leaky
    clear_url_caches()
    try:
        planner = next(u for u in world.users.values() if u.has_role("unit_planner"))
        client = Client(raise_request_exception=False)
        _sign_in(client, planner)
        result = crawl(client, world, planner.username, world.oracle.users[planner.pk])
    finally:
        clear_url_caches()
    assert any("/lek/alles" in leak and "codename" in leak for leak in result.leaks)
    assert any("/lek/casussen/" in d and "absent" in d for d in result.differences)
    assert any("/lek/zoeken" in d and "nothing" in d for d in result.differences)
