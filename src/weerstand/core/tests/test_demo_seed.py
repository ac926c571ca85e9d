"""The demo world: seeded once (it takes seconds) and shared with the other modules that read
it (`seeded_demo` in the root conftest), rolled back after its last reader.

Every test here reads the same seeded database; none of them writes outside its own
savepoint (pytest-django's `db` wraps each test in one inside the world's transaction).
The steps that stand on their own (organisations, demo users) are tested next to their apps.
"""

from __future__ import annotations

import io
import itertools
import json
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from weerstand.accounts.models import User
from weerstand.accounts.roles import Role
from weerstand.audit.models import AuditAction, AuditRecord
from weerstand.cases.demo_data import CASES
from weerstand.cases.models import Case, CaseEvent, CasePerson, CaseState, Phenomenon
from weerstand.core.demo import DEMO_PASSWORD, DEMO_USERNAMES, DEMO_USERS
from weerstand.core.demo.seed import fingerprint
from weerstand.organisations.models import Organisation
from weerstand.policy.models import Alert, BreakGlassGrant, CompartmentMembership
from weerstand.registry.models import (
    Employer,
    LimitativeEntry,
    Person,
    PersonRelation,
    ProgrammeCover,
)


@pytest.fixture(scope="module")
def seeded(seeded_demo: dict[str, Any]) -> dict[str, Any]:
    """The demo world, seeded once for every module that reads it (conftest)."""
    return seeded_demo


@pytest.fixture
def world(seeded: dict[str, Any], db: None) -> dict[str, Any]:
    return seeded


def _user(username: str) -> User:
    return User.objects.select_related("organisation", "person").get(username=username)


def _cases(**filters: Any) -> list[Case]:
    """Test-side reads of the whole table: the tests inspect, they are not a user."""
    return list(Case.objects.filter(**filters).select_related("restricted_compartment"))


# --- shape ----------------------------------------------------------------------------------


def test_summary_counts_what_was_written(world: dict[str, Any]) -> None:
    assert world["cases"] == Case.objects.count() == len(CASES)
    assert 55 <= world["cases"] <= 65
    assert world["users"] == User.objects.count() == len(DEMO_USERS)
    assert world["persons"] == Person.objects.count()
    assert world["organisations"] == Organisation.objects.count()
    assert world["fingerprint"] == fingerprint()
    assert sum(world["states"].values()) == world["cases"]


def test_portal_users_are_linked_to_their_registry_entries(world: dict[str, Any]) -> None:
    tbp, naaste, werkgever = _user("tbp"), _user("naaste"), _user("werkgever")
    assert tbp.person and naaste.person and werkgever.person
    case = Case.objects.get(protectee=tbp.person)
    assert case.state == CaseState.PROTECTION_ACTIVE
    assert PersonRelation.objects.filter(
        person=tbp.person, related=naaste.person, kind="partner"
    ).exists()
    roles = dict(CasePerson.objects.filter(case=case).values_list("person_id", "role"))
    assert roles[naaste.person.pk] == "relative"
    assert roles[werkgever.person.pk] == "employer_contact"
    assert werkgever.person.employer_id == tbp.person.employer_id is not None


# --- cases ----------------------------------------------------------------------------------


def test_every_state_and_phenomenon_is_present(world: dict[str, Any]) -> None:
    assert set(Case.objects.values_list("state", flat=True)) == set(CaseState.values)
    assert set(Case.objects.values_list("phenomenon", flat=True)) == set(Phenomenon.values)
    classes = set(Case.objects.values_list("classification", flat=True))
    assert {1, 2, 3} <= classes


def test_crown_witness_cases_are_compartmented(world: dict[str, Any]) -> None:
    crown = _cases(restricted_compartment__kind="crown_witness")
    assert len(crown) == 2
    closed_later = []
    for case in crown:
        members = set(
            CompartmentMembership.objects.filter(
                compartment=case.restricted_compartment
            ).values_list("user__username", flat=True)
        )
        # Opened by the OM with a second OM officer (four eyes on every later change). A case
        # the OM opens inside its compartment needs the authority's two decision-makers in it
        # (or nobody could designate it); one closed after the authority decided keeps them
        # out.
        deciders = {"besluitvormer", "besluitvormer2"}
        if CaseEvent.objects.filter(case=case, kind="restricted").exists():
            closed_later.append(case)
            deciders = set()
        assert members == {"officier", "officier2", "senior-analist", "lcc"} | deciders
        # Only that the witness and the core family are covered, and by which programme.
        covered = set(
            ProgrammeCover.objects.filter(
                person__in=CasePerson.objects.filter(case=case).values("person")
            ).values_list("person__pk", "programme")
        )
        family = set(
            PersonRelation.objects.filter(
                person=case.protectee, kind__in=("partner", "child")
            ).values_list("related_id", flat=True)
        )
        assert covered == {(pk, "Getuigenbeschermingsprogramma") for pk in family} | {
            (case.protectee.pk, "Getuigenbeschermingsprogramma")
        }
        roles = Counter(CasePerson.objects.filter(case=case).values_list("role", flat=True))
        assert roles["lawyer"] == 1 and roles["confidant"] == 1
        kinds = set(
            PersonRelation.objects.filter(person=case.protectee).values_list("kind", flat=True)
        )
        assert {"partner", "child", "parent", "sibling", "lawyer", "confidant"} <= kinds
    # The compartment beats the team: a decision-maker in the team still cannot see it.
    assert closed_later
    besluitvormer, officier = _user("besluitvormer"), _user("officier")
    visible_to_decider = set(Case.objects.visible_to(besluitvormer).values_list("pk", flat=True))
    visible_to_officer = set(Case.objects.visible_to(officier).values_list("pk", flat=True))
    for case in closed_later:
        assert CompartmentMembership.objects.filter(
            compartment=case.team, user=besluitvormer
        ).exists()
        assert case.pk not in visible_to_decider
    for case in crown:
        assert case.pk in visible_to_officer


def test_one_shielded_investigation_with_the_information_coordinator(
    world: dict[str, Any],
) -> None:
    shielded = _cases(restricted_compartment__kind="shielded_investigation")
    assert len(shielded) == 1
    members = set(
        CompartmentMembership.objects.filter(
            compartment=shielded[0].restricted_compartment
        ).values_list("user__username", flat=True)
    )
    assert "infocoordinator" in members
    infocoordinator = _user("infocoordinator")
    assert Case.objects.visible_to(infocoordinator).filter(pk=shielded[0].pk).exists()
    assert not Case.objects.visible_to(_user("analist2")).filter(pk=shielded[0].pk).exists()


def test_hits_of_the_demo_investigation_found_by_the_matching_job(world: dict[str, Any]) -> None:
    from weerstand.matching.models import Hit, HitStatus, ShieldedInvestigation

    investigation = ShieldedInvestigation.objects.get(title="Onderzoek Kraanvogel")
    hits = Hit.objects.filter(investigation=investigation)
    assert hits.filter(status=HitStatus.NOT_SHARED, decisions__isnull=False).count() == 1
    assert hits.filter(status=HitStatus.NEW).exists()  # one still waits on the start page
    coordinator = _user("infocoordinator")
    assert set(Hit.objects.visible_to(coordinator)) == set(hits)
    assert not Hit.objects.visible_to(_user("analist")).exists()


def test_om_transfer_keeps_interim_measures_until_the_decision(world: dict[str, Any]) -> None:
    transfers = _cases(origin="om_transfer")
    assert len(transfers) >= 1
    pending = [c for c in transfers if c.interim_measures_active]
    assert pending, "an OM transfer with interim measures still active"
    for case in pending:
        assert case.interim_authority is not None and case.interim_authority.kind == "om"
        assert case.interim_measures
        assert case.state not in (CaseState.PROTECTION_ACTIVE, CaseState.ENDED)
    for case in transfers:
        if case.state == CaseState.PROTECTION_ACTIVE:
            assert not case.interim_measures_active  # the NCTV's own measures took over


def test_local_domain_cases_name_their_local_authority(world: dict[str, Any]) -> None:
    local = _cases(state=CaseState.LOCAL_DOMAIN)
    assert len(local) >= 5
    kinds: Counter[str] = Counter()
    for case in local:
        assert case.domain == "local"
        assert case.local_authority is not None
        kinds[case.local_authority.kind] += 1
    assert kinds["municipality"] >= 1 and kinds["om"] >= 1


def test_ended_cases_and_recalibration_dates(world: dict[str, Any]) -> None:
    ended = _cases(state=CaseState.ENDED)
    assert len(ended) >= 3 and all(c.ended_at for c in ended)
    ended_kinds = {CaseEvent.objects.filter(case=c).latest("at", "pk").kind for c in ended}
    assert {"reject_referral", "decide_no_measures", "end_protection"} <= ended_kinds
    today = timezone.localdate()
    running = _cases(state__in=[CaseState.PROTECTION_ACTIVE, CaseState.RECALIBRATION])
    assert all(c.next_recalibration for c in running)
    due = [(c, c.next_recalibration) for c in running if c.next_recalibration]
    overdue = [c for c, on in due if on < today]
    assert overdue and len(overdue) < len(running)
    assert any(c.state == CaseState.PROTECTION_ACTIVE and on < today for c, on in due)


def test_owners_and_teams(world: dict[str, Any]) -> None:
    national_after_triage = _cases(domain="national")
    assert national_after_triage
    for case in national_after_triage:
        owners = list(CompartmentMembership.objects.filter(compartment=case.team, function="owner"))
        assert len(owners) == 1, case.reference
        owner = owners[0].user
        assert owner.has_role(Role.ANALYST, Role.SENIOR_ANALYST)
        # The analyst who advised the authority owns the case; the designation itself is a
        # decision of the authority, taken by a decision-maker when it took effect.
        advised = CaseEvent.objects.get(case=case, kind="advise_authority")
        assert advised.actor_id == owner.pk
        routed = CaseEvent.objects.get(case=case, kind="route_national")
        assert routed.actor is not None and routed.actor.has_role(Role.DECISION_MAKER)
        assert routed.reason.startswith("Besluit BS-")
    active = _cases(state=CaseState.PROTECTION_ACTIVE, restricted_compartment__isnull=True)
    for case in active:
        team = set(
            CompartmentMembership.objects.filter(compartment=case.team).values_list(
                "user__username", flat=True
            )
        )
        assert "lcc" in team and team & {"besluitvormer", "besluitvormer2"}
        assert "weerbaarheid" in team


def test_timelines_and_audit_trail_are_real(world: dict[str, Any]) -> None:
    now = timezone.now()
    for case in _cases():
        events = list(CaseEvent.objects.filter(case=case).order_by("at", "pk"))
        assert events[0].kind == "referral"
        transitions = [e for e in events if e.to_state and e.kind != "referral"]
        if transitions:
            assert transitions[-1].to_state == case.state
        assert all(a.at <= b.at for a, b in itertools.pairwise(events))
        assert events[-1].at <= now and case.referred_at == events[0].at
        assert all(len(e.reason) >= 5 for e in events)
        # The case's own records; other apps' records (products, assessments, decisions)
        # carry the case id too.
        trail = AuditRecord.objects.filter(case_id=case.pk, object_type="cases.case")
        assert trail.filter(action=AuditAction.CREATE).count() == 1
        assert trail.filter(action=AuditAction.TRANSITION).count() == len(transitions)
        assert set(trail.values_list("channel", flat=True)) == {"cli"}
    assert Case.objects.filter(referred_at__lt=now - timedelta(days=90)).exists()


# --- the life cycle: the authority's steps come from its decisions ---------------------------

AUTHORITY_STEPS = {
    "route_national": {"designate"},
    "route_local": {"refuse"},
    "reject_referral": {"refuse"},
    "activate_protection": {"start"},
    "decide_no_measures": {"no_measures"},
    "continue_protection": {"continue", "adjust", "scale_down"},
    "end_protection": {"stop"},
}


def test_every_authority_step_is_carried_by_a_decision(world: dict[str, Any]) -> None:
    from weerstand.decisions.models import Decision

    steps = CaseEvent.objects.filter(kind__in=AUTHORITY_STEPS).select_related("case", "actor")
    assert {e.kind for e in steps} == set(AUTHORITY_STEPS)
    for event in steps:
        reference = event.reason.removeprefix("Besluit ").split(" ", 1)[0]
        decision = Decision.objects.get(reference=reference)
        assert decision.case_id == event.case_id
        assert decision.decision_type in AUTHORITY_STEPS[event.kind], (event.kind, reference)
        assert decision.status in ("in_force", "superseded", "ended")
        # The step was taken on the day the decision took effect, by its decision-makers.
        assert decision.effective_date == timezone.localdate(event.at), reference
        assert event.actor_id in (decision.approved_by_id, decision.decided_by_id)
        assert decision.decided_at <= event.at + timedelta(minutes=5)
        if decision.needs_approval:
            assert decision.approved_by_id not in (None, decision.decided_by_id)
        if event.kind == "route_local":
            assert decision.hand_over_to_id == event.case.local_authority_id is not None


def test_decisions_rest_on_advice_or_a_finalised_picture(world: dict[str, Any]) -> None:
    from weerstand.assessments.models import Assessment, Challenge
    from weerstand.decisions.models import ADMISSION_TYPES, Decision

    for decision in Decision.objects.select_related("assessment", "case"):
        deciders = {decision.decided_by_id, decision.approved_by_id} - {None}
        if decision.decision_type in ADMISSION_TYPES:
            assert decision.assessment is None
            advised = CaseEvent.objects.get(case=decision.case, kind="advise_authority")
            assert advised.actor_id not in deciders
            continue
        picture = decision.assessment
        assert picture is not None and picture.status in ("finalised", "superseded")
        writers = {
            picture.author_id,
            *Challenge.objects.filter(assessment=picture).values_list("challenger_id", flat=True),
        }
        assert not writers & deciders, decision.reference
    # Every submission came after a finalised picture of the case.
    for submitted in CaseEvent.objects.filter(kind="submit_for_decision"):
        assert Assessment.objects.filter(
            case=submitted.case_id,
            status__in=("finalised", "superseded"),
            finalised_at__lte=submitted.at,
        ).exists(), submitted.case_id


def test_decisions_of_every_kind_and_their_execution(world: dict[str, Any]) -> None:
    from weerstand.decisions.models import (
        Decision,
        DecisionType,
        LocalNotification,
        SecurityAssignment,
    )
    from weerstand.rights.models import LetterText, Objection

    assert set(Decision.objects.values_list("decision_type", flat=True)) == set(DecisionType.values)
    statuses = Counter(Decision.objects.values_list("status", flat=True))
    assert statuses["awaiting_approval"] >= 3 and statuses["rejected"] == 1
    assert statuses["approved"] >= 1  # a stop approved for a date ahead
    waiting = set(
        Decision.objects.filter(status="awaiting_approval").values_list("decision_type", flat=True)
    )
    assert {"designate", "start", "scale_down"} <= waiting
    now = timezone.now()
    assignments = SecurityAssignment.objects.all()
    assert assignments.filter(acknowledged_at__isnull=False, staffed_at__isnull=False).exists()
    assert assignments.filter(status="pending", acknowledge_before__lt=now).exists()
    assert assignments.filter(executing_organisation__code="kmar").exists()
    assert LocalNotification.objects.filter(recipient__kind="municipality").exists()
    assert LetterText.objects.filter(decision__decision_type="designate").exists()
    assert set(Objection.objects.values_list("status", flat=True)) >= {"received", "decided"}


def test_audit_chain_verifies_after_seeding(world: dict[str, Any]) -> None:
    from weerstand.audit.verify import verify_chain

    report = verify_chain()
    assert report.ok, report.summary()


def test_secret_fields_are_not_stored_in_clear(world: dict[str, Any]) -> None:
    with connection.cursor() as cur:
        cur.execute("SELECT home_address, phone_numbers FROM registry_person")
        rows = cur.fetchall()
        cur.execute("SELECT reason FROM registry_programmecover")
        rows += [(r[0],) for r in cur.fetchall()]
        cur.execute("SELECT contact FROM registry_employer")
        rows += [(r[0],) for r in cur.fetchall()]
    filled = [value for row in rows for value in row if value]
    assert len(filled) > 300
    assert all(value.startswith("enc:v") for value in filled)
    assert not any(
        "06-0000" in value or "Kroongetuige" in value or "Kerngezin" in value for value in filled
    )
    # ...while the ORM decrypts them for whoever may read them.
    sample = Person.objects.exclude(phone_numbers="").first()
    assert sample is not None and sample.phone_numbers.startswith("06-0000")
    employer = Employer.objects.first()
    assert employer is not None and employer.contact


def test_people_are_fictional_and_households_complete(world: dict[str, Any]) -> None:
    phones = [p.phone_numbers for p in Person.objects.exclude(phone_numbers="")]
    for text in phones:
        for number in text.replace(";", " ").split():
            if number[:1].isdigit():
                assert number.startswith("06-0000"), number
    protectees = Person.objects.filter(protected_cases__isnull=False).distinct()
    assert protectees.count() == len(CASES)
    assert all(p.employer_id for p in protectees)
    assert all(p.home_address and p.phone_numbers for p in protectees)
    with_relatives = sum(1 for p in protectees if PersonRelation.objects.filter(person=p).exists())
    assert with_relatives >= 0.8 * len(CASES)
    assert all(e.own_measures for e in Employer.objects.all())


def test_break_glass_in_the_past_with_an_alert(world: dict[str, Any]) -> None:
    grant = BreakGlassGrant.objects.get()
    assert grant.expires_at < timezone.now() and not grant.is_active()
    assert grant.reviewed_at is None
    owners = CompartmentMembership.objects.filter(compartment=grant.case.team, function="owner")
    alert = Alert.objects.get(case=grant.case, message__startswith="Noodtoegang")
    assert alert.recipient_id == owners.get().user_id
    assert f"{timezone.localtime(grant.expires_at):%d-%m-%Y %H:%M}" in alert.message
    assert AuditRecord.objects.filter(action=AuditAction.BREAK_GLASS, case_id=grant.case_id)


def test_limitative_list(world: dict[str, Any]) -> None:
    entries = list(LimitativeEntry.objects.select_related("owner"))
    assert len(entries) >= 5
    assert {e.kind for e in entries} == {"person", "object", "service", "national_event"}
    assert {e.owner.kind for e in entries} >= {"nctv", "police", "municipality"}
    assert Case.objects.filter(on_limitative_list=True, triage_rule="LIMITATIVE_LIST").exists()


# --- commands on the seeded database --------------------------------------------------------


def _counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "users": User.objects.count(),
        "persons": Person.objects.count(),
        "cases": Case.objects.count(),
        "events": CaseEvent.objects.count(),
        "audit": AuditRecord.objects.count(),
    }


def test_seed_if_empty_leaves_existing_data_alone(world: dict[str, Any]) -> None:
    before, print_before = _counts(), fingerprint()
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "niet opnieuw geladen" in out.getvalue()
    assert len(out.getvalue().strip().splitlines()) == 1
    assert _counts() == before and fingerprint() == print_before
    with pytest.raises(CommandError, match="niet leeg"):
        call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == before


def test_demo_users_json_schema(world: dict[str, Any]) -> None:
    out = io.StringIO()
    call_command("demo_users", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert [r["username"] for r in rows] == list(DEMO_USERNAMES)
    expected = {u: (list(roles), org) for u, roles, org in DEMO_USERS}
    for row in rows:
        assert set(row) == {"username", "password", "organisation", "roles"}
        assert row["password"] == DEMO_PASSWORD
        assert isinstance(row["roles"], list) and set(row["roles"]) <= set(Role.values)
        assert (row["roles"], row["organisation"]) == expected[row["username"]]


def test_demo_users_table_groups_by_role(world: dict[str, Any]) -> None:
    out = io.StringIO()
    call_command("demo_users", stdout=out)
    text = out.getvalue()
    for username in DEMO_USERNAMES:
        assert f"  {username} " in text
    for label in (Role.ANALYST.label, Role.SYSTEM_ADMIN.label, Role.MAYOR.label):
        assert str(label) in text
    # Both analysts sit under one heading, in that order.
    lines = text.splitlines()
    heading = lines.index(str(Role.ANALYST.label))
    assert lines[heading + 2].split()[0] == "analist"
    assert lines[heading + 3].split()[0] == "analist2"
    assert "Nationaal Coördinator Terrorismebestrijding en Veiligheid" in text


def test_totp_for_a_seeded_user_is_accepted(world: dict[str, Any]) -> None:
    from weerstand.accounts.services import check_totp

    out = io.StringIO()
    call_command("totp", "analist", stdout=out)
    code = out.getvalue().strip()
    assert code.isdigit() and len(code) == 6
    check_totp(_user("analist"), code)  # raises SignInError when wrong
