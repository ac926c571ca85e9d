"""Property tests: random populations, the engine against an independent oracle.

Each example builds a whole small world (users with random role sets, clearances, team and
compartment memberships and break-glass grants; cases with random classification, state and
restricting compartment; persons shared between cases; employers; limitative entries) inside a
savepoint that is rolled back afterwards, then checks every user against `oracle.Oracle`.
"""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from weerstand.accounts.models import RoleAssignment, User
from weerstand.accounts.roles import Role
from weerstand.cases.models import Case, CaseEvent, CasePerson, CaseState
from weerstand.organisations.models import Organisation
from weerstand.policy import engine
from weerstand.policy.models import BreakGlassGrant, Compartment, CompartmentMembership
from weerstand.policy.table import Action, Resource
from weerstand.policy.tests.oracle import Oracle, grants
from weerstand.registry.models import Employer, LimitativeEntry, Person

MAX_CASES = 4
MAX_PERSONS = 3  # shared pool on top of each case's protectee
_seq = itertools.count(1)

ROLES = [r.value for r in Role]
# Bias towards the roles with interesting grants, but every role can appear.
role_sets = st.frozensets(
    st.one_of(
        st.sampled_from(ROLES),
        st.sampled_from(["analyst", "inspector", "lcc_coordinator", "om_officer", "unit_planner"]),
    ),
    max_size=3,
)
per_case = st.lists
user_spec = st.fixed_dictionaries(
    {
        "roles": role_sets,
        "clearance": st.integers(0, 4),
        "active": st.sampled_from([True, True, True, True, False]),
        "org": st.integers(0, 1),
        "team": per_case(
            st.sampled_from(["none", "none", "member", "owner"]),
            min_size=MAX_CASES,
            max_size=MAX_CASES,
        ),
        "restricted": per_case(st.booleans(), min_size=MAX_CASES, max_size=MAX_CASES),
        "break_glass": per_case(
            st.sampled_from(["none", "none", "active", "expired", "future"]),
            min_size=MAX_CASES,
            max_size=MAX_CASES,
        ),
    }
)
case_spec = st.fixed_dictionaries(
    {
        "classification": st.integers(0, 4),
        "state": st.sampled_from(CaseState.values),
        "restricted": st.sampled_from([None, None, "crown_witness", "shielded_investigation"]),
        "protectee_classification": st.integers(0, 4),
        "shared": st.frozensets(st.integers(0, MAX_PERSONS - 1), max_size=2),
        "employer": st.sampled_from([None, 0, 1]),
    }
)
world_spec = st.fixed_dictionaries(
    {
        "cases": st.lists(case_spec, min_size=1, max_size=MAX_CASES),
        "users": st.lists(user_spec, min_size=1, max_size=4),
        "shared_classification": st.lists(
            st.integers(0, 4), min_size=MAX_PERSONS, max_size=MAX_PERSONS
        ),
        "shared_employer": st.lists(
            st.sampled_from([None, 0, 1]), min_size=MAX_PERSONS, max_size=MAX_PERSONS
        ),
        "limitative": st.lists(st.tuples(st.integers(0, 1), st.integers(0, 4)), max_size=3),
    }
)


def build(spec: dict[str, Any]) -> dict[str, Any]:
    """Create the rows directly (no services, no audit): fast, and any state is reachable."""
    n = next(_seq)
    orgs = [
        Organisation.objects.create(code=f"p{n}-{i}", name=f"Org {n}-{i}", kind=kind)
        for i, kind in enumerate(("police", "nctv"))
    ]
    employers = [Employer.objects.create(name=f"Werkgever {n}-{i}") for i in range(2)]
    shared = [
        Person.objects.create(
            first_name="Gedeeld",
            last_name=f"{n}-{i}",
            classification=cls,
            employer=employers[e] if e is not None else None,
        )
        for i, (cls, e) in enumerate(
            zip(spec["shared_classification"], spec["shared_employer"], strict=True)
        )
    ]
    now = timezone.now()
    cases = []
    for i, cs in enumerate(spec["cases"]):
        protectee = Person.objects.create(
            first_name="Tbp",
            last_name=f"{n}-{i}",
            classification=cs["protectee_classification"],
            employer=employers[cs["employer"]] if cs["employer"] is not None else None,
        )
        team = Compartment.objects.create(kind="case_team", name=f"Team {n}-{i}")
        restricted = (
            Compartment.objects.create(kind=cs["restricted"], name=f"R {n}-{i}")
            if cs["restricted"]
            else None
        )
        c = Case.objects.create(
            reference=f"P-{n}-{i}",
            codename=f"P-{n}-{i}",
            phenomenon="organised_crime",
            protectee=protectee,
            referring_organisation=orgs[1],
            classification=cs["classification"],
            state=cs["state"],
            team=team,
            restricted_compartment=restricted,
        )
        CasePerson.objects.create(case=c, person=protectee, role="protectee")
        for j in sorted(cs["shared"]):
            CasePerson.objects.create(case=c, person=shared[j], role="relative")
        CaseEvent.objects.create(case=c, actor_name="systeem", kind="referral", reason="start")
        cases.append(c)
    for owner, cls in spec["limitative"]:
        LimitativeEntry.objects.create(
            kind="object", name=f"L{n}", owner=orgs[owner], classification=cls
        )
    users = []
    windows = {
        "active": (now - timedelta(minutes=1), now + timedelta(hours=1)),
        "expired": (now - timedelta(hours=5), now - timedelta(hours=1)),
        "future": (now + timedelta(hours=1), now + timedelta(hours=2)),
    }
    for k, us in enumerate(spec["users"]):
        u = User.objects.create(
            username=f"p{n}-{k}",
            clearance=us["clearance"],
            organisation=orgs[us["org"]],
            is_active=us["active"],
        )
        RoleAssignment.objects.bulk_create(RoleAssignment(user=u, role=r) for r in us["roles"])
        for c, team, restr, bg in zip(
            cases, us["team"], us["restricted"], us["break_glass"], strict=False
        ):
            if team != "none":
                CompartmentMembership.objects.create(compartment=c.team, user=u, function=team)
            if restr and c.restricted_compartment is not None:
                CompartmentMembership.objects.create(compartment=c.restricted_compartment, user=u)
            if bg != "none":
                start, end = windows[bg]
                BreakGlassGrant.objects.create(
                    user=u, case=c, reason="noodtoegang " * 3, granted_at=start, expires_at=end
                )
        users.append(User.objects.get(pk=u.pk))
    return {"cases": cases, "users": users}


def ids(qs: Any) -> set[int]:
    return set(qs.values_list("pk", flat=True))


MODELS: dict[str, type[Case | Person | CasePerson | Employer | LimitativeEntry]] = {
    "case": Case,
    "person": Person,
    "case_person": CasePerson,
    "employer": Employer,
    "limitative_entry": LimitativeEntry,
}
# Roles that grant some CHANGE on rows; a user without any of them must never change a row.
CHANGERS = {
    role.value
    for role in Role
    if grants(frozenset({role.value}), "case", "change")
    or grants(frozenset({role.value}), "person", "change")
}


def check_user(oracle: Oracle, user: User, cases: list[Case]) -> None:
    facts = oracle.users[user.pk]
    if not user.is_active:
        for model in MODELS.values():
            with pytest.raises(engine.NoPrincipal):
                model.objects.visible_to(user)
        assert not engine.can(user, Resource.CASE, Action.VIEW, cases[0])
        return

    for kind, model in MODELS.items():
        for action in ("view", "change"):
            qs = model.objects.visible_to(user, action)
            got = ids(qs)
            want = oracle.visible(facts, kind, action)
            assert got == want, (kind, action, sorted(facts.roles), got, want)
            assert qs.count() == len(list(qs)) == len(got)

    visible_cases = list(Case.objects.visible_to(user))
    for c in visible_cases:
        assert c.classification <= user.clearance
        if c.restricted_compartment_id:
            assert c.restricted_compartment_id in facts.member_of
    for p in Person.objects.visible_to(user):
        assert p.classification <= user.clearance

    for c in cases:
        assert engine.can(user, Resource.CASE, Action.VIEW, c) == oracle.case(
            facts, oracle.cases[c.pk]
        )
        assert engine.can(user, Resource.CASE_AUDIT, Action.VIEW, c) == oracle.case_audit(
            facts, oracle.cases[c.pk]
        )
    for p in Person.objects.filter(pk__in=oracle.persons):
        pf = oracle.persons[p.pk]
        assert engine.can(user, Resource.PERSON_CONTACT, Action.VIEW, p) == oracle.contact(
            facts, pf
        )
        for action in (Action.VIEW, Action.CHANGE):
            assert engine.can(user, Resource.PROGRAMME_COVER, action, p) == oracle.programme_cover(
                facts, pf, action
            )

    assert ids(engine.visible_compartments(user)) == {
        pk for pk in oracle.compartments if oracle.compartment(facts, pk)
    }
    assert ids(engine.scope(BreakGlassGrant.objects.all(), user)) == {
        g.pk for g in oracle.grants_bg.values() if oracle.break_glass_grant(facts, g)
    }
    assert {e.case_id for e in engine.scope(CaseEvent.objects.all(), user)} == oracle.visible(
        facts, "case"
    )

    # Roles without any case grant (system administrator, advisory body, portal roles).
    if not grants(facts.roles, "case", "view"):
        assert not visible_cases
        assert not Person.objects.visible_to(user).exists()
    # Inspectors (and everyone else without a change grant) never change anything.
    if not facts.roles & CHANGERS:
        for model in MODELS.values():
            assert not model.objects.visible_to(user, "change").exists()
        for c in cases:
            assert not engine.can(user, Resource.CASE, Action.CHANGE, c)

    # Absent and forbidden answer alike.
    absent_pk = max(oracle.cases) + 10_000
    with pytest.raises(Http404) as absent:
        engine.get_for(Case.objects.all(), user, pk=absent_pk)
    for c in cases:
        if not oracle.case(facts, oracle.cases[c.pk]):
            with pytest.raises(Http404) as forbidden:
                engine.get_for(Case.objects.all(), user, pk=c.pk)
            assert str(forbidden.value) == str(absent.value)
            assert type(forbidden.value) is type(absent.value)
        else:
            assert engine.get_for(Case.objects.all(), user, pk=c.pk).pk == c.pk


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    # No shrinking: a world is small enough to read, and shrinking one costs minutes.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=world_spec)
def test_engine_agrees_with_the_oracle(spec: dict[str, Any]) -> None:
    with transaction.atomic():
        world = build(spec)
        oracle = Oracle()
        for user in world["users"]:
            check_user(oracle, user, world["cases"])
        transaction.set_rollback(True)


@pytest.mark.django_db
@settings(
    max_examples=20,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(spec=world_spec)
def test_no_principal_never_gets_rows(spec: dict[str, Any]) -> None:
    from django.contrib.auth.models import AnonymousUser

    with transaction.atomic():
        world = build(spec)
        for who in (None, AnonymousUser()):
            for model in MODELS.values():
                with pytest.raises(engine.NoPrincipal):
                    model.objects.visible_to(who)
                with pytest.raises(engine.NoPrincipal):
                    engine.get_for(model.objects.all(), who, pk=world["cases"][0].pk)
            assert not engine.can(who, Resource.CASE, Action.VIEW, world["cases"][0])
        transaction.set_rollback(True)
