"""The case life cycle: who may perform which transition from where, and what it leaves behind."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404
from django.utils import timezone

from weerstand import testing as t
from weerstand.accounts.roles import Role
from weerstand.audit.models import AuditAction, AuditRecord
from weerstand.cases.models import Case, CaseEvent, CaseState, Domain, Origin
from weerstand.cases.services import ReferralData, transfer_from_om, transition_case
from weerstand.cases.state_machine import TRANSITIONS, transitions_from
from weerstand.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from weerstand.organisations.models import OrganisationKind
from weerstand.policy.engine import INTAKE_STATES

pytestmark = pytest.mark.django_db

REASON = "Besproken in het casusoverleg"


def _extra(name: str) -> dict[str, Any]:
    """What a transition needs besides a reason: route_local names the local authority."""
    return {"local_authority": t.org("municipality")} if name == "route_local" else {}


def _snapshot(case: Case) -> tuple[Any, ...]:
    case.refresh_from_db()
    return (
        case.state,
        case.version,
        case.updated_at,
        case.domain,
        case.interim_measures_active,
        CaseEvent.objects.filter(case=case.pk).count(),
        AuditRecord.objects.filter(action=AuditAction.TRANSITION, case_id=case.pk).count(),
    )


def _other_state(transition_name: str) -> CaseState:
    return next(s for s in CaseState if s not in TRANSITIONS[transition_name].sources)


def test_every_state_but_ended_has_a_way_out_and_every_target_is_a_state() -> None:
    for state in CaseState:
        if state != CaseState.ENDED:
            assert transitions_from(state), state
    assert not transitions_from(CaseState.ENDED)
    for tr in TRANSITIONS.values():
        assert tr.roles and tr.sources and tr.target in CaseState.values


@pytest.mark.parametrize("name", list(TRANSITIONS))
@pytest.mark.parametrize("role", list(Role))
def test_allowed_iff_role_owns_it_state_is_a_source_and_team_or_intake(
    role: Role, name: str
) -> None:
    transition = TRANSITIONS[name]
    referrer = t.user("police_liaison")
    actor = t.user(role)
    scenarios = [
        (transition.sources[0], False),  # a source state, actor not in the case team
        (transition.sources[-1], True),  # a source state, actor in the case team
        (_other_state(name), True),  # a state this transition does not start from
    ]
    for state, member in scenarios:
        case = t.case(referrer, state=state, team=(actor,) if member else ())
        in_intake = transition.intake and state in INTAKE_STATES
        allowed = role in transition.roles and state in transition.sources and (member or in_intake)
        before = _snapshot(case)
        if allowed:
            result = transition_case(actor, case.pk, name, reason=REASON, **_extra(name))
            assert (result.state, result.version) == (transition.target, before[1] + 1)
            continue
        visible = Case.objects.visible_to(actor).filter(pk=case.pk).exists()
        with pytest.raises((Http404, NotPermitted, InvalidTransition)) as refused:
            transition_case(actor, case.pk, name, reason=REASON, **_extra(name))
        if not visible:
            expected: type[Exception] = Http404  # forbidden reads as absent
        elif role not in transition.roles or state in transition.sources:
            expected = NotPermitted  # wrong role, or not in the team outside intake
        else:
            expected = InvalidTransition
        assert refused.type is expected, (state, member, refused.value)
        assert _snapshot(case) == before, "a refused transition changed something"


@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_an_allowed_transition_needs_a_reason_and_leaves_event_and_audit(name: str) -> None:
    transition = TRANSITIONS[name]
    actor = t.user(transition.roles[0])
    source = transition.sources[-1]
    case = t.case(t.user("police_liaison"), state=source, team=(actor,))
    before = _snapshot(case)
    extra = _extra(name)
    for reason in ("", "    ", "kort"):
        with pytest.raises(ValidationFailed) as missing:
            transition_case(actor, case.pk, name, reason=reason, **extra)
        assert [p.name for p in missing.value.invalid_params] == ["reason"]
        assert _snapshot(case) == before

    started = timezone.now()
    transition_case(actor, case.pk, name, reason=f"  {REASON}  ", **extra)
    finished = timezone.now()

    case.refresh_from_db()
    assert case.state == transition.target
    assert case.version == before[1] + 1
    assert started <= case.updated_at <= finished
    assert (case.ended_at is not None) == (transition.target == CaseState.ENDED)
    event = CaseEvent.objects.filter(case=case.pk).latest("pk")
    assert (event.kind, event.from_state, event.to_state) == (name, source, transition.target)
    assert event.reason == REASON
    assert event.actor_id == actor.pk and event.actor_name == actor.display_name
    assert started <= event.at <= finished
    record = AuditRecord.objects.get(action=AuditAction.TRANSITION, case_id=case.pk)
    assert record.actor_id == actor.pk
    assert record.reason == REASON
    assert record.changes["state"] == [source, transition.target]
    assert started <= record.created_at <= finished


def test_unknown_transition_is_refused() -> None:
    analyst = t.user("analyst")
    case = t.case(t.user("police_liaison"), team=(analyst,))
    before = _snapshot(case)
    with pytest.raises(InvalidTransition):
        transition_case(analyst, case.pk, "fast_track", reason=REASON)
    assert _snapshot(case) == before


@pytest.mark.parametrize("kind", [k.value for k in OrganisationKind] + [None])
def test_route_local_names_a_municipality_or_om_office(kind: str | None) -> None:
    analyst = t.user("analyst")
    case = t.case(t.user("police_liaison"), phenomenon="stalking", state=CaseState.TRIAGE)
    authority = t.org(kind) if kind else None
    before = _snapshot(case)
    if kind in (OrganisationKind.MUNICIPALITY, OrganisationKind.OM):
        transition_case(analyst, case.pk, "route_local", reason=REASON, local_authority=authority)
        case.refresh_from_db()
        assert case.state == CaseState.LOCAL_DOMAIN
        assert case.domain == Domain.LOCAL
        assert case.local_authority == authority
    else:
        with pytest.raises(ValidationFailed) as refused:
            transition_case(
                analyst, case.pk, "route_local", reason=REASON, local_authority=authority
            )
        assert [p.name for p in refused.value.invalid_params] == ["local_authority"]
        assert _snapshot(case) == before


# --- OM transfers: the OM's measures stay in place until the authority decides --------------


def _om_transfer() -> Case:
    return transfer_from_om(
        t.user("om_officer"),
        ReferralData(
            protectee=t.person(),
            phenomenon="organised_crime",
            severity="critical",
            summary="Lopende beveiliging door het OM na aanslagplannen",
        ),
        interim_measures="Woningbeveiliging en surveillance door de regionale eenheid",
        om_office=t.org("om"),
        reason="Overdracht aan het gezag van de NCTV",
    )


def _walk(case: Case, *steps: tuple[Any, str]) -> list[bool]:
    """Apply transitions in order; the interim flag after each step."""
    flags = []
    for actor, name in steps:
        transition_case(actor, case.pk, name, reason=REASON)
        case.refresh_from_db()
        flags.append(case.interim_measures_active)
    return flags


def test_om_transfer_keeps_interim_measures_until_protection_is_activated() -> None:
    analyst, decider = t.user("analyst"), t.user("decision_maker")
    case = _om_transfer()
    assert case.origin == Origin.OM_TRANSFER and case.interim_measures_active
    case.refresh_from_db()
    assert case.interim_authority.kind == OrganisationKind.OM
    from weerstand.policy.models import CompartmentMembership

    CompartmentMembership.objects.create(compartment=case.team, user=decider)
    flags = _walk(
        case,
        (analyst, "start_triage"),
        (analyst, "route_national"),  # the analyst becomes the owner
        (analyst, "submit_for_decision"),
        (decider, "return_to_assessment"),
        (analyst, "submit_for_decision"),
        (decider, "activate_protection"),
    )
    assert flags == [True, True, True, True, True, False]
    assert case.state == CaseState.PROTECTION_ACTIVE


def test_om_transfer_loses_interim_measures_when_the_decision_ends_the_case() -> None:
    analyst, decider = t.user("analyst"), t.user("decision_maker")
    case = _om_transfer()
    from weerstand.policy.models import CompartmentMembership

    CompartmentMembership.objects.create(compartment=case.team, user=decider)
    flags = _walk(
        case,
        (analyst, "start_triage"),
        (analyst, "route_national"),
        (analyst, "submit_for_decision"),
        (decider, "decide_no_measures"),
    )
    assert flags == [True, True, True, False]
    assert case.state == CaseState.ENDED and case.ended_at is not None


@pytest.mark.parametrize("name", ["route_local", "reject_referral"])
def test_an_om_transfer_cannot_leave_triage_without_a_decision(name: str) -> None:
    """Routing to the local domain or closing the referral would drop the OM's measures
    without the authority deciding: a gap the new system must not have."""
    analyst = t.user("analyst")
    case = _om_transfer()
    transition_case(analyst, case.pk, "start_triage", reason=REASON)
    before = _snapshot(case)
    with pytest.raises(InvalidTransition):
        transition_case(analyst, case.pk, name, reason=REASON, **_extra(name))
    assert _snapshot(case) == before
    assert before[4] is True  # interim measures still active


def test_om_transfer_requires_an_om_office_and_the_running_measures() -> None:
    om_officer = t.user("om_officer")
    count = Case.objects.count()
    data = ReferralData(
        protectee=t.person(), phenomenon="terrorism", severity="serious", summary="Dreiging"
    )
    with pytest.raises(ValidationFailed):
        transfer_from_om(
            om_officer,
            data,
            interim_measures="Surveillance",
            om_office=t.org("police"),
            reason=REASON,
        )
    with pytest.raises(ValidationFailed):
        transfer_from_om(
            om_officer, data, interim_measures="  ", om_office=t.org("om"), reason=REASON
        )
    with pytest.raises(ValidationFailed):
        transfer_from_om(
            om_officer, data, interim_measures="Surveillance", om_office=t.org("om"), reason=""
        )
    assert Case.objects.count() == count
