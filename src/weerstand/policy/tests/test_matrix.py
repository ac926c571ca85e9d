"""Role x action: the engine answers exactly what GRANTS says, and duties stay segregated."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from weerstand import testing as t
from weerstand.accounts.roles import Clearance, Role
from weerstand.cases import services as case_services
from weerstand.cases.models import Case, CaseEvent, CasePerson
from weerstand.cases.state_machine import TRANSITIONS
from weerstand.core.errors import InvalidTransition, NotPermitted
from weerstand.policy import engine
from weerstand.policy import services as policy_services
from weerstand.policy.models import BreakGlassGrant, CompartmentMembership
from weerstand.policy.table import GRANTS, Action, Resource
from weerstand.registry.models import Employer, LimitativeEntry, Person

pytestmark = pytest.mark.django_db

PAIRS = list(itertools.product(Resource, Action))
PROTECTED = (Case, Person, CasePerson, Employer, LimitativeEntry)


def test_the_table_names_every_role() -> None:
    assert set(GRANTS) == set(Role)


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_can_matches_grants_for_every_resource_and_action(role: Role) -> None:
    user = t.user(role.value)
    for resource, action in PAIRS:
        expected = bool(GRANTS[role].get((resource, action)))
        assert engine.can(user, resource, action) is expected, (role, resource, action)
        assert engine.can(user, resource.value, action.value) is expected


@pytest.fixture
def world():
    """Per scope one case: the user's team case, an intake case, a foreign case, an owned case."""
    referrer = t.user("analyst", username="verwijzer", clearance=Clearance.STG_ZEER_GEHEIM)
    emp = Employer.objects.create(name="Werkgever", contact="info")
    cases = {
        "team": t.case(referrer, state="protection_active"),
        "intake": t.case(referrer, state="triage"),
        "foreign": t.case(referrer, state="protection_active"),
        "owner": t.case(referrer, state="assessment", protectee=t.person(employer=emp)),
    }
    return cases


def _expected(role: Role, resource: Resource, action: Action, which: str) -> bool:
    scopes = {s.value for s in GRANTS[role].get((resource, action), ())}
    return "all" in scopes or which in scopes or (which == "owner" and "team" in scopes)


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_object_level_case_and_person_per_scope(role: Role, world) -> None:
    user = t.user(role.value)
    CompartmentMembership.objects.create(compartment=world["team"].team, user=user)
    CompartmentMembership.objects.create(
        compartment=world["owner"].team, user=user, function="owner"
    )
    for which, c in world.items():
        for action in (Action.VIEW, Action.CHANGE):
            want = _expected(role, Resource.CASE, action, which)
            assert engine.can(user, Resource.CASE, action, c) is want, (which, action)
            got = Case.objects.visible_to(user, action).filter(pk=c.pk).exists()
            assert got is want, (which, action)
            want_p = _expected(role, Resource.PERSON, action, which) and _expected(
                role, Resource.CASE, Action.VIEW, which
            )
            assert engine.can(user, Resource.PERSON, action, c.protectee) is want_p
        for resource in (Resource.PERSON_CONTACT, Resource.CASE_AUDIT):
            want_f = _expected(role, resource, Action.VIEW, which) and _expected(
                role, Resource.CASE, Action.VIEW, which
            )
            obj = c.protectee if resource == Resource.PERSON_CONTACT else c
            if resource == Resource.PERSON_CONTACT:
                want_f = want_f and _expected(role, Resource.PERSON, Action.VIEW, which)
            assert engine.can(user, resource, Action.VIEW, obj) is want_f, (resource, which)


PASSIVE = (
    Role.SYSTEM_ADMIN,
    Role.SECURITY_OFFICER,
    Role.ADVISORY_BODY,
    Role.PROTECTEE,
    Role.RELATIVE,
    Role.EMPLOYER,
)


@pytest.mark.parametrize("role", PASSIVE, ids=lambda r: r.value)
def test_roles_without_case_grants_see_no_case_content_anywhere(role: Role, world) -> None:
    """Even as superuser, top clearance, member of every compartment and with break-glass
    rows planted: no case, person, relation, employer, timeline entry or list entry."""
    user = t.user(role.value, clearance=Clearance.STG_ZEER_GEHEIM)
    user.is_superuser = user.is_staff = True
    user.save()
    for c in world.values():
        CompartmentMembership.objects.create(compartment=c.team, user=user, function="owner")
        BreakGlassGrant.objects.create(
            user=user, case=c, reason="x" * 25, expires_at=timezone.now() + timedelta(hours=1)
        )
    own = user.organisation
    assert own is not None
    LimitativeEntry.objects.create(kind="object", name="Paleis", owner=own)
    for model in PROTECTED:
        for action in Action:
            assert model.objects.visible_to(user, action).count() == 0, (model, action)
    assert engine.scope(CaseEvent.objects.all(), user).count() == 0
    for c in world.values():
        with pytest.raises(Http404):
            engine.get_for(Case.objects.all(), user, pk=c.pk)
        assert not engine.can(user, Resource.CASE_AUDIT, Action.VIEW, c)
        assert not engine.can(user, Resource.PERSON_CONTACT, Action.VIEW, c.protectee)
    with pytest.raises(NotPermitted):
        policy_services.break_glass(user, world["foreign"].reference, reason="x" * 25)
    assert engine.can(user, Resource.AGGREGATES, Action.VIEW) is (role == Role.ADVISORY_BODY)
    assert engine.can(user, Resource.ACCOUNTS, Action.CHANGE) is (role == Role.SYSTEM_ADMIN)


def test_inspector_reads_but_every_change_service_refuses(world) -> None:
    inspector = t.user("inspector", clearance=Clearance.STG_ZEER_GEHEIM)
    for c in world.values():
        CompartmentMembership.objects.create(compartment=c.team, user=inspector)
    assert Case.objects.visible_to(inspector).count() == len(world)
    assert Person.objects.visible_to(inspector).count() == len(world)
    for model in PROTECTED:
        assert model.objects.visible_to(inspector, Action.CHANGE).count() == 0
    for c in world.values():
        assert not engine.can(inspector, Resource.CASE, Action.CHANGE, c)
        with pytest.raises(NotPermitted):
            case_services.update_case(inspector, c.pk, {"summary": "Gewijzigd"}, expected_version=1)
        for name in TRANSITIONS:
            with pytest.raises(NotPermitted):
                case_services.transition_case(inspector, c.pk, name, reason="toezicht")
        with pytest.raises(NotPermitted):
            case_services.add_team_member(inspector, c.pk, inspector, reason="toezicht")
        c.refresh_from_db()
        assert c.version == 1
    with pytest.raises(NotPermitted):
        policy_services.break_glass(inspector, world["foreign"].reference, reason="x" * 25)


def test_change_services_answer_404_to_outsiders(world) -> None:
    outsider = t.user("analyst")
    foreign = world["foreign"]
    with pytest.raises(Http404):
        case_services.update_case(outsider, foreign.pk, {"summary": "x"}, expected_version=1)
    with pytest.raises(Http404):
        case_services.transition_case(outsider, foreign.pk, "start_recalibration", reason="x" * 6)
    with pytest.raises(Http404):
        case_services.update_case(outsider, 10**9, {"summary": "x"}, expected_version=1)


def test_team_analyst_can_change_and_break_glass_user_cannot(world) -> None:
    analyst = t.user("analyst")
    CompartmentMembership.objects.create(compartment=world["team"].team, user=analyst)
    updated = case_services.update_case(
        analyst, world["team"].pk, {"summary": "Bijgewerkt"}, expected_version=1
    )
    assert updated.version == 2
    lcc = t.user("lcc_coordinator")
    policy_services.break_glass(lcc, world["foreign"].reference, reason="Acute dreiging, nacht")
    assert engine.can(lcc, Resource.CASE, Action.VIEW, world["foreign"])
    with pytest.raises(NotPermitted):
        case_services.update_case(lcc, world["foreign"].pk, {"summary": "x"}, expected_version=1)
    with pytest.raises((NotPermitted, InvalidTransition)):
        case_services.transition_case(
            lcc, world["foreign"].pk, "start_recalibration", reason="nood"
        )


def test_advisory_body_only_aggregates(world) -> None:
    body = t.user("advisory_body", clearance=Clearance.STG_ZEER_GEHEIM)
    granted = {pair for pair, scopes in GRANTS[Role.ADVISORY_BODY].items() if scopes}
    # Aggregates, and its own advice (themes, advice and the NCTV's responses): no case content.
    assert granted == {
        (Resource.AGGREGATES, Action.VIEW),
        (Resource.ADVICE, Action.VIEW),
        (Resource.ADVICE, Action.CREATE),
    }
    assert {s.value for s in GRANTS[Role.ADVISORY_BODY][(Resource.AGGREGATES, Action.VIEW)]} == {
        "aggregate"
    }
    for model in PROTECTED:
        assert not model.objects.visible_to(body).exists()
