"""The engine's rules, one scenario at a time (the property tests cover the combinations)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from weerstand import testing as t
from weerstand.accounts.roles import Clearance
from weerstand.cases import rules as case_rules
from weerstand.cases import services as case_services
from weerstand.cases.models import Case, CaseEvent, CasePerson
from weerstand.core.errors import NotPermitted, ValidationFailed
from weerstand.policy import engine
from weerstand.policy import services as policy_services
from weerstand.policy.managers import UnscopedRead
from weerstand.policy.models import BreakGlassGrant, Compartment, CompartmentMembership
from weerstand.policy.table import Action, Resource
from weerstand.registry.models import (
    Employer,
    LimitativeEntry,
    Person,
    PersonRelation,
    ProgrammeCover,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def referrer():
    return t.user("analyst", username="verwijzer", clearance=Clearance.STG_ZEER_GEHEIM)


def ids(qs) -> set[int]:
    return set(qs.values_list("pk", flat=True))


def test_no_principal_raises_for_every_protected_model() -> None:
    inactive = t.user("inspector")
    inactive.is_active = False
    for model in (Case, Person, CasePerson, Employer, LimitativeEntry):
        for who in (None, AnonymousUser(), inactive):
            with pytest.raises(engine.NoPrincipal):
                model.objects.visible_to(who)
            with pytest.raises(engine.NoPrincipal):
                engine.get_for(model.objects.all(), who, pk=1)
    for unmanaged in (CaseEvent, PersonRelation, Compartment, BreakGlassGrant):
        with pytest.raises(engine.NoPrincipal):
            engine.scope(unmanaged.objects.all(), None)
    assert engine.can(None, Resource.CASE, Action.VIEW) is False
    assert engine.can(inactive, Resource.CASE, Action.VIEW) is False


def test_unknown_model_is_denied_not_opened() -> None:
    from weerstand.organisations.models import Organisation

    with pytest.raises(LookupError):
        engine.scope(Organisation.objects.all(), t.user("inspector"))


def test_superuser_flag_grants_nothing(referrer) -> None:
    c = t.case(referrer)
    boss = t.user("system_admin")
    boss.is_superuser = boss.is_staff = True
    boss.save()
    assert not Case.objects.visible_to(boss).exists()
    assert not engine.can(boss, Resource.CASE, Action.VIEW, c)
    with pytest.raises(Http404):
        engine.get_for(Case.objects.all(), boss, pk=c.pk)


def test_team_and_intake_scopes(referrer) -> None:
    analyst = t.user("analyst")
    planner = t.user("unit_planner")
    intake = t.case(referrer)
    active = t.case(referrer, state="protection_active", team=(planner,))
    assert ids(Case.objects.visible_to(analyst)) == {intake.pk}
    assert ids(Case.objects.visible_to(planner)) == {active.pk}
    assert ids(Case.objects.visible_to(planner, "change")) == set()
    assert ids(Case.objects.visible_to(analyst, "change")) == set()  # intake is view only


def test_clearance_binds_team_members(referrer) -> None:
    low = t.user("analyst", clearance=Clearance.STG_CONFIDENTIEEL)
    t.case(referrer, classification=Clearance.STG_GEHEIM, team=(low,))
    assert not Case.objects.visible_to(low).exists()
    assert not Person.objects.visible_to(low).exists()


def test_restricting_compartment_binds_inspectors(referrer) -> None:
    inspector = t.user("inspector", clearance=Clearance.STG_ZEER_GEHEIM)
    member = t.user("om_officer")
    c = t.case(referrer, team=(member,), state="protection_active")
    trajectory = t.restrict(c, "crown_witness", members=(member,))
    assert c.pk not in ids(Case.objects.visible_to(inspector))
    assert c.protectee_id not in ids(Person.objects.visible_to(inspector))
    assert c.pk in ids(Case.objects.visible_to(member))
    CompartmentMembership.objects.create(compartment=trajectory, user=inspector)
    assert c.pk in ids(Case.objects.visible_to(inspector))


def test_break_glass_is_view_only_one_case_and_bounded(referrer) -> None:
    lcc = t.user("lcc_coordinator")
    target = t.case(referrer, state="protection_active")
    other = t.case(referrer, state="protection_active")
    secret = t.case(referrer, state="protection_active", classification=Clearance.STG_ZEER_GEHEIM)
    grant = policy_services.break_glass(
        lcc, target.reference, reason="Acute dreiging, eigenaar niet bereikbaar", minutes=30
    )
    assert ids(Case.objects.visible_to(lcc)) == {target.pk}
    assert ids(Person.objects.visible_to(lcc)) == {target.protectee_id}
    assert not Case.objects.visible_to(lcc, "change").exists()
    assert not engine.can(lcc, Resource.PERSON_CONTACT, Action.VIEW, target.protectee)
    assert engine.can(lcc, Resource.CASE, Action.VIEW, target)
    assert not engine.can(lcc, Resource.CASE, Action.VIEW, other)
    # Above clearance: the service answers as if absent.
    with pytest.raises(Http404):
        policy_services.break_glass(lcc, secret.reference, reason="x" * 25)
    # A grant row planted directly still does not pass clearance.
    BreakGlassGrant.objects.create(
        user=lcc, case=secret, reason="x" * 25, expires_at=timezone.now() + timedelta(hours=1)
    )
    assert secret.pk not in ids(Case.objects.visible_to(lcc))
    # Expired: gone.
    BreakGlassGrant.objects.filter(pk=grant.pk).update(expires_at=timezone.now())
    assert target.pk not in ids(Case.objects.visible_to(lcc))


def test_break_glass_never_past_a_restricting_compartment(referrer) -> None:
    lcc = t.user("lcc_coordinator")
    c = t.case(referrer, state="protection_active")
    t.restrict(c, "shielded_investigation")
    with pytest.raises(Http404):
        policy_services.break_glass(lcc, c.reference, reason="Acute dreiging, nacht, geen eigenaar")
    BreakGlassGrant.objects.create(
        user=lcc, case=c, reason="x" * 25, expires_at=timezone.now() + timedelta(hours=1)
    )
    assert not Case.objects.visible_to(lcc).exists()


def test_break_glass_needs_the_grant_to_use_it(referrer) -> None:
    expert = t.user("resilience_expert")
    c = t.case(referrer, state="protection_active")
    with pytest.raises(NotPermitted):
        policy_services.break_glass(expert, c.reference, reason="x" * 25)
    BreakGlassGrant.objects.create(
        user=expert, case=c, reason="x" * 25, expires_at=timezone.now() + timedelta(hours=1)
    )
    assert not Case.objects.visible_to(expert).exists()


def test_break_glass_validation_before_lookup(referrer) -> None:
    lcc = t.user("lcc_coordinator")
    with pytest.raises(ValidationFailed):
        policy_services.break_glass(lcc, "WS-0000-9999", reason="kort")


def test_review_absent_and_forbidden_alike_and_not_your_own(referrer) -> None:
    lcc = t.user("lcc_coordinator")
    owner = t.user("analyst")
    stranger = t.user("analyst")
    c = t.case(referrer, owner=owner, state="protection_active")
    grant = policy_services.break_glass(lcc, c.reference, reason="Acute dreiging bij de woning")
    with pytest.raises(Http404) as absent:
        policy_services.review_break_glass(stranger, 10**9, note="ok")
    with pytest.raises(Http404) as forbidden:
        policy_services.review_break_glass(stranger, grant.pk, note="ok")
    assert str(absent.value) == str(forbidden.value)
    with pytest.raises(Http404):
        policy_services.review_break_glass(lcc, grant.pk, note="zelf")  # no case_audit grant
    reviewed = policy_services.review_break_glass(owner, grant.pk, note="terecht")
    assert reviewed.reviewed_by == owner


def test_case_person_needs_both_ends(referrer) -> None:
    planner = t.user("unit_planner")
    shared = t.person("Gedeeld", "Persoon")
    team_case = t.case(referrer, state="protection_active", team=(planner,))
    hidden_case = t.case(referrer, state="protection_active")
    CasePerson.objects.create(case=team_case, person=shared, role="relative")
    CasePerson.objects.create(case=hidden_case, person=shared, role="relative")
    visible = CasePerson.objects.visible_to(planner)
    assert {cp.case_id for cp in visible} == {team_case.pk}
    assert shared.pk in ids(Person.objects.visible_to(planner))
    # A secret person in a visible case: the relation is hidden too.
    secret = t.person("Geheim", "Persoon", classification=Clearance.STG_ZEER_GEHEIM)
    CasePerson.objects.create(case=team_case, person=secret, role="confidant")
    assert secret.pk not in {cp.person_id for cp in CasePerson.objects.visible_to(planner)}
    assert [cp.person_id for cp in case_rules.visible_case_persons(planner, team_case)] == sorted(
        [team_case.protectee_id, shared.pk],
        key=lambda pk: next(cp.role for cp in CasePerson.objects.filter(person=pk, case=team_case)),
    )
    assert not case_rules.visible_case_persons(planner, hidden_case).exists()


def test_visible_case_persons_never_bypasses(referrer) -> None:
    member = t.user("lcc_coordinator")
    outsider = t.user("lcc_coordinator")
    c = t.case(referrer, team=(member,), state="protection_active")
    assert case_rules.visible_case_persons(member, c).count() == 1
    assert c.persons.visible_to(member).count() == 1
    assert c.persons.visible_to(outsider).count() == 0
    for read in (
        lambda: list(c.persons.all()),
        lambda: c.persons.count(),
        lambda: c.persons.exists(),
        lambda: c.persons.filter(role="protectee").first(),
        lambda: list(c.protectee.cases.all()),
        lambda: list(Case.objects.prefetch_related("persons").filter(pk=c.pk)),
        lambda: list(c.referring_organisation.referred_cases.iterator()),
    ):
        with pytest.raises(UnscopedRead):
            read()
    # A prefetch through the policy works.
    from django.db.models import Prefetch

    [fetched] = Case.objects.visible_to(member).prefetch_related(
        Prefetch("persons", queryset=CasePerson.objects.visible_to(member))
    )
    assert len(fetched.persons.all()) == 1
    assert case_rules.visible_case_persons(outsider, c).count() == 0
    assert case_rules.visible_case_persons(outsider, c.pk).count() == 0
    with pytest.raises(engine.NoPrincipal):
        case_rules.visible_case_persons(None, c)


def test_person_relation_needs_both_ends(referrer) -> None:
    planner = t.user("unit_planner")
    c = t.case(referrer, team=(planner,), state="protection_active")
    stranger = t.person("Onbekend", "Elders")
    t.case(referrer, protectee=stranger)
    rel = PersonRelation.objects.create(person=c.protectee, related=stranger, kind="sibling")
    assert rel.pk not in ids(engine.scope(PersonRelation.objects.all(), planner))
    CasePerson.objects.create(case=c, person=stranger, role="relative")
    assert rel.pk in ids(engine.scope(PersonRelation.objects.all(), planner))


def test_contact_needs_a_team_case_within_clearance(referrer) -> None:
    """Regression: the contact grant used to ignore the team case's classification."""
    analyst = t.user("analyst", clearance=Clearance.STG_CONFIDENTIEEL)
    p = t.person("Adres", "Persoon")
    t.case(referrer, protectee=p)  # intake, DepV: person visible through intake
    t.case(referrer, protectee=p, team=(analyst,), classification=Clearance.STG_GEHEIM)
    assert p.pk in ids(Person.objects.visible_to(analyst))
    assert not engine.can(analyst, Resource.PERSON_CONTACT, Action.VIEW, p)
    Case.objects.filter(classification=Clearance.STG_GEHEIM).update(classification=Clearance.DEPV)
    assert engine.can(analyst, Resource.PERSON_CONTACT, Action.VIEW, p)


def test_programme_cover_only_through_a_visible_crown_witness_case(referrer) -> None:
    om = t.user("om_officer")
    witness = t.person("Kroon", "Getuige")
    cover = ProgrammeCover.objects.create(
        person=witness, programme="Getuigenbeschermingsprogramma", reason="Kroongetuige."
    )
    c = t.case(referrer, protectee=witness, team=(om,), state="assessment")

    def sees() -> bool:
        row = cover.pk in ids(ProgrammeCover.objects.visible_to(om))
        for action in (Action.VIEW, Action.CHANGE):
            assert engine.can(om, Resource.PROGRAMME_COVER, action, witness) == row
            assert engine.can(om, Resource.PROGRAMME_COVER, action, cover) == row
            assert (cover.pk in ids(ProgrammeCover.objects.visible_to(om, action))) == row
        return row

    assert not sees()
    comp = t.restrict(c, "crown_witness")
    assert not sees()
    CompartmentMembership.objects.create(compartment=comp, user=om)
    assert sees()
    # No role may create or delete a cover through the row rule: only view and change.
    assert not engine.can(om, Resource.PROGRAMME_COVER, Action.CREATE, witness)
    Person.objects.filter(pk=witness.pk).update(classification=Clearance.STG_ZEER_GEHEIM)
    assert not sees()


def test_can_denies_a_mismatched_resource(referrer) -> None:
    inspector = t.user("inspector")
    c = t.case(referrer)
    assert engine.can(inspector, Resource.CASE, Action.VIEW, c)
    assert not engine.can(inspector, Resource.LIMITATIVE_ENTRY, Action.VIEW, c)
    assert not engine.can(inspector, "no-such-resource", Action.VIEW, c)


def test_get_for_absent_and_forbidden_answer_alike(referrer) -> None:
    outsider = t.user("unit_planner")
    c = t.case(referrer)
    errors = []
    for lookup in ({"pk": c.pk}, {"pk": 10**9}, {"pk": "abc"}, {"reference": c.reference}):
        with pytest.raises(Http404) as exc:
            engine.get_for(Case.objects.all(), outsider, **lookup)
        errors.append(str(exc.value))
    assert len(set(errors)) == 1


def test_select_for_update_works_through_scope(referrer) -> None:
    """Regression: `scope` added DISTINCT, which PostgreSQL refuses with FOR UPDATE."""
    owner = t.user("analyst")
    c = t.case(referrer, owner=owner, state="assessment")
    with transaction.atomic():
        locked = engine.get_for(Case.objects.select_for_update(), owner, Action.VIEW, pk=c.pk)
    assert locked.pk == c.pk
    updated = case_services.update_case(owner, c.pk, {"summary": "Nieuw"}, expected_version=1)
    assert updated.version == 2


def test_compartment_names_only_for_members(referrer) -> None:
    member = t.user("om_officer")
    inspector = t.user("inspector")
    c = t.case(referrer, team=(member,), state="assessment")
    comp = t.restrict(c, "crown_witness", members=(member,))
    assert comp.pk in ids(engine.visible_compartments(member))
    assert c.team_id in ids(engine.visible_compartments(member))
    assert comp.pk not in ids(engine.visible_compartments(inspector))
    assert c.team_id not in ids(engine.visible_compartments(inspector))


def test_case_events_follow_their_case(referrer) -> None:
    planner = t.user("unit_planner")
    mine = t.case(referrer, team=(planner,), state="assessment")
    t.case(referrer, state="assessment")
    events = engine.scope(CaseEvent.objects.all(), planner)
    assert {e.case_id for e in events} == {mine.pk}


def test_employer_through_visible_employee(referrer) -> None:
    planner = t.user("unit_planner")
    emp = Employer.objects.create(name="Werkgever BV", contact="0101")
    hidden = Employer.objects.create(name="Verborgen BV")
    t.case(referrer, team=(planner,), state="assessment", protectee=t.person(employer=emp))
    t.case(referrer, state="assessment", protectee=t.person(employer=hidden))
    assert ids(Employer.objects.visible_to(planner)) == {emp.pk}


def test_limitative_entry_organisation_scope() -> None:
    police = t.org("police", code="pol-a")
    other = t.org("kmar", code="kmar-a")
    liaison = t.user("police_liaison", organisation=police)
    own = LimitativeEntry.objects.create(kind="object", name="Eigen", owner=police)
    LimitativeEntry.objects.create(kind="object", name="Ander", owner=other)
    LimitativeEntry.objects.create(
        kind="object", name="Te hoog", owner=police, classification=Clearance.STG_ZEER_GEHEIM
    )
    assert ids(LimitativeEntry.objects.visible_to(liaison)) == {own.pk}
    orphan = t.user("police_liaison")
    orphan.organisation = None
    assert not LimitativeEntry.objects.visible_to(orphan).exists()


def test_all_scope_survives_a_break_glass_role(referrer) -> None:
    """Regression found by the property test: `Q() | x` is `x` in Django, so an inspector
    who also held a break-glass role saw only break-glass cases instead of all."""
    both = t.user("inspector", "lcc_coordinator")
    c = t.case(referrer, state="referral")
    assert c.pk in ids(Case.objects.visible_to(both))
    assert c.protectee_id in ids(Person.objects.visible_to(both))
