"""The case life cycle: who may take which step from where, and which steps only a decision of
the authority may take.

The expectations are written here by hand from the source letters (31 March 2023, 20 December
2024), not derived from `TRANSITIONS`: the analysts triage and advise; the authority (the
NCTV's decision-makers) designates or refuses a referral, starts protection or decides on no
measures, continues, changes and ends it, each as a reasoned four-eyes decision; the analysts
write and submit the threat picture; the decision-maker may send it back; either may open a
recalibration.
"""

from __future__ import annotations

from datetime import timedelta
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

pytestmark = pytest.mark.django_db

REASON = "Besproken in het casusoverleg"
ANALYSTS = frozenset({"analyst", "senior_analyst"})
DECIDERS = frozenset({"decision_maker"})
INTAKE = frozenset({"referral", "triage"})

# transition: (from, to, who, the decision of the authority that carries it or None)
MATRIX: dict[str, tuple[frozenset[str], str, frozenset[str], str | None]] = {
    "start_triage": (frozenset({"referral"}), "triage", ANALYSTS, None),
    "advise_authority": (frozenset({"triage"}), "designation", ANALYSTS, None),
    "return_to_triage": (
        frozenset({"designation", "local_domain"}),
        "triage",
        ANALYSTS | DECIDERS,
        None,
    ),
    "route_national": (frozenset({"designation"}), "assessment", DECIDERS, "designate"),
    "route_local": (frozenset({"designation"}), "local_domain", DECIDERS, "refuse"),
    "reject_referral": (frozenset({"designation"}), "ended", DECIDERS, "refuse"),
    "submit_for_decision": (frozenset({"assessment"}), "decision", ANALYSTS, None),
    "return_to_assessment": (frozenset({"decision"}), "assessment", DECIDERS, None),
    "activate_protection": (frozenset({"decision"}), "protection_active", DECIDERS, "start"),
    "decide_no_measures": (frozenset({"decision"}), "ended", DECIDERS, "no_measures"),
    "start_recalibration": (
        frozenset({"protection_active"}),
        "recalibration",
        ANALYSTS | DECIDERS,
        None,
    ),
    "continue_protection": (
        frozenset({"recalibration"}),
        "protection_active",
        DECIDERS,
        "continue",
    ),
    "end_protection": (
        frozenset({"protection_active", "recalibration"}),
        "ended",
        DECIDERS,
        "stop",
    ),
}
# Steps the analysts may take on a referral before anyone owns it (the intake queue).
INTAKE_STEPS = {"start_triage", "advise_authority"}
PLAIN = [name for name, row in MATRIX.items() if row[3] is None]
AUTHORITY = [name for name, row in MATRIX.items() if row[3] is not None]


def _extra(name: str) -> dict[str, Any]:
    """What a step needs besides a reason: the advice names what is advised."""
    if name == "advise_authority":
        return {"advice": "national"}
    return {}


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


def _finalised_assessment(case: Case) -> None:
    """Written directly: the assessment's own flow is tested in its app."""
    from weerstand.assessments.models import Assessment

    Assessment.objects.create(
        case=case,
        number=1,
        status="finalised",
        author=t.user("analyst"),
        threat_level=3,
        recommended_resistance=2,
        finalised_at=timezone.now(),
        next_recalibration=timezone.localdate() + timedelta(days=60),
    )


def _decision(case: Case, decision_type: str, by: Any, status: str = "approved") -> Any:
    """A decision of the authority, as the decision service leaves it once approved."""
    from weerstand.decisions.models import Decision

    return Decision.objects.create(
        reference=f"BS-T-{Decision.objects.count() + 1:04d}",
        case=case,
        decision_type=decision_type,
        reasoning="Gemotiveerd besluit van het gezag voor deze test.",
        effective_date=timezone.localdate(),
        status=status,
        decided_by=by,
        hand_over_to=t.org("municipality") if decision_type == "refuse" else None,
    )


def test_the_life_cycle_is_the_one_the_letters_describe() -> None:
    assert set(TRANSITIONS) == set(MATRIX)
    for name, (sources, target, roles, authority) in MATRIX.items():
        tr = TRANSITIONS[name]
        assert {s.value for s in tr.sources} == sources, name
        assert tr.target.value == target, name
        assert {r.value for r in tr.roles} == roles, name
        assert (tr.authority is not None) == (authority is not None), name
        assert tr.intake == (name in INTAKE_STEPS), name
    for state in CaseState:
        assert bool(transitions_from(state)) == (state != CaseState.ENDED), state


@pytest.mark.parametrize("name", PLAIN)
@pytest.mark.parametrize("role", list(Role))
def test_plain_steps_by_role_state_and_team(role: Role, name: str) -> None:
    sources, target, roles, _authority = MATRIX[name]
    referrer = t.user("police_liaison")
    actor = t.user(role)
    other = next(s for s in CaseState if s.value not in sources)
    source = sorted(sources)[0]
    scenarios = [(source, False), (source, True), (other, True)]
    for state, member in scenarios:
        case = t.case(referrer, state=state, team=(actor,) if member else ())
        if name == "submit_for_decision":
            _finalised_assessment(case)
        in_intake = name in INTAKE_STEPS and state in INTAKE
        allowed = role in roles and state in sources and (member or in_intake)
        before = _snapshot(case)
        if allowed:
            result = transition_case(actor, case.pk, name, reason=REASON, **_extra(name))
            assert (result.state, result.version) == (target, before[1] + 1)
            continue
        visible = Case.objects.visible_to(actor).filter(pk=case.pk).exists()
        with pytest.raises((Http404, NotPermitted, InvalidTransition)) as refused:
            transition_case(actor, case.pk, name, reason=REASON, **_extra(name))
        if not visible:
            expected: type[Exception] = Http404  # forbidden reads as absent
        elif role not in roles or state in sources:
            expected = NotPermitted  # wrong role, or not in the team outside intake
        else:
            expected = InvalidTransition
        assert refused.type is expected, (state, member, refused.value)
        assert _snapshot(case) == before, "a refused transition changed something"


@pytest.mark.parametrize("name", AUTHORITY)
def test_an_authority_step_is_refused_without_its_decision(name: str) -> None:
    """Even the decision-maker in the team, in the right state, gets a 409 that names the
    decision needed, and nothing changes."""
    sources, _target, _roles, _authority = MATRIX[name]
    decider = t.user("decision_maker")
    case = t.case(t.user("police_liaison"), state=sorted(sources)[0], team=(decider,))
    before = _snapshot(case)
    with pytest.raises(InvalidTransition) as refused:
        transition_case(decider, case.pk, name, reason=REASON)
    assert refused.value.status == 409
    authority = TRANSITIONS[name].authority
    assert authority is not None  # AUTHORITY lists only the steps a decision carries
    assert "besluit" in refused.value.detail and authority in refused.value.detail
    assert _snapshot(case) == before


@pytest.mark.parametrize("name", AUTHORITY)
def test_an_authority_step_follows_its_decision(name: str) -> None:
    sources, target, _roles, authority = MATRIX[name]
    decider = t.user("decision_maker")
    case = t.case(t.user("police_liaison"), state=sorted(sources)[0], team=(decider,))
    assert authority is not None
    decision = _decision(case, authority, decider)
    if name == "reject_referral":
        decision.hand_over_to = None
    local = t.org("municipality") if name == "route_local" else None
    result = transition_case(
        decider, case.pk, name, reason=REASON, authority=decision, local_authority=local
    )
    assert result.state == target
    # A decision about another case, or one not (yet) approved, carries nothing.
    other = t.case(t.user("police_liaison"), state=sorted(sources)[0], team=(decider,))
    before = _snapshot(other)
    with pytest.raises(InvalidTransition):
        transition_case(decider, other.pk, name, reason=REASON, authority=decision)
    pending = _decision(other, authority, decider, status="awaiting_approval")
    with pytest.raises(InvalidTransition):
        transition_case(decider, other.pk, name, reason=REASON, authority=pending)
    assert _snapshot(other) == before


def test_submitting_for_a_decision_needs_a_finalised_assessment() -> None:
    analyst = t.user("analyst")
    case = t.case(t.user("police_liaison"), state=CaseState.ASSESSMENT, team=(analyst,))
    before = _snapshot(case)
    with pytest.raises(InvalidTransition) as refused:
        transition_case(analyst, case.pk, "submit_for_decision", reason=REASON)
    assert "vastgesteld dreigingsbeeld" in refused.value.detail
    assert _snapshot(case) == before
    _finalised_assessment(case)
    assert transition_case(analyst, case.pk, "submit_for_decision", reason=REASON).state == (
        CaseState.DECISION
    )


@pytest.mark.parametrize("name", PLAIN)
def test_a_step_needs_a_reason_and_leaves_event_and_audit(name: str) -> None:
    sources, target, roles, _authority = MATRIX[name]
    actor = t.user(sorted(roles)[0])
    source = sorted(sources)[-1]
    case = t.case(t.user("police_liaison"), state=source, team=(actor,))
    if name == "submit_for_decision":
        _finalised_assessment(case)
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
    assert case.state == target
    assert case.version == before[1] + 1
    assert started <= case.updated_at <= finished
    event = CaseEvent.objects.filter(case=case.pk).latest("pk")
    assert (event.kind, event.from_state, event.to_state) == (name, source, target)
    assert event.reason == REASON
    assert event.actor_id == actor.pk and event.actor_name == actor.display_name
    record = AuditRecord.objects.get(action=AuditAction.TRANSITION, case_id=case.pk)
    assert record.actor_id == actor.pk and record.reason == REASON
    assert record.changes["state"] == [source, target]


def test_unknown_transition_is_refused() -> None:
    analyst = t.user("analyst")
    case = t.case(t.user("police_liaison"), team=(analyst,))
    before = _snapshot(case)
    with pytest.raises(InvalidTransition):
        transition_case(analyst, case.pk, "fast_track", reason=REASON)
    assert _snapshot(case) == before


# --- the advice to the authority --------------------------------------------------------------


@pytest.mark.parametrize("kind", [k.value for k in OrganisationKind] + [None])
def test_advising_the_local_domain_names_a_municipality_or_om_office(kind: str | None) -> None:
    analyst = t.user("analyst")
    case = t.case(t.user("police_liaison"), phenomenon="stalking", state=CaseState.TRIAGE)
    authority = t.org(kind) if kind else None
    before = _snapshot(case)
    if kind in (OrganisationKind.MUNICIPALITY, OrganisationKind.OM):
        transition_case(
            analyst,
            case.pk,
            "advise_authority",
            reason=REASON,
            advice="local",
            local_authority=authority,
        )
        case.refresh_from_db()
        assert case.state == CaseState.DESIGNATION
        assert case.triage_advice == "local" and case.local_authority == authority
        assert case.domain == ""  # the authority decides the domain, not the analyst
    else:
        with pytest.raises(ValidationFailed) as refused:
            transition_case(
                analyst,
                case.pk,
                "advise_authority",
                reason=REASON,
                advice="local",
                local_authority=authority,
            )
        assert [p.name for p in refused.value.invalid_params] == ["local_authority"]
        assert _snapshot(case) == before


def test_an_advice_must_be_given_and_its_giver_owns_the_case() -> None:
    from weerstand.cases.rules import is_team_owner

    analyst = t.user("analyst")
    case = t.case(t.user("police_liaison"), state=CaseState.TRIAGE)
    with pytest.raises(ValidationFailed):
        transition_case(analyst, case.pk, "advise_authority", reason=REASON, advice="maybe")
    transition_case(analyst, case.pk, "advise_authority", reason=REASON, advice="refuse")
    case.refresh_from_db()
    assert case.triage_advice == "refuse" and is_team_owner(analyst, case)


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


def test_om_transfer_keeps_interim_measures_until_protection_is_activated() -> None:
    from weerstand.policy.models import CompartmentMembership

    analyst, decider = t.user("analyst"), t.user("decision_maker")
    case = _om_transfer()
    assert case.origin == Origin.OM_TRANSFER and case.interim_measures_active
    CompartmentMembership.objects.create(compartment=case.team, user=decider)
    flags = []
    for actor, name, kwargs in (
        (analyst, "start_triage", {}),
        (analyst, "advise_authority", {"advice": "national"}),
        (decider, "route_national", {"authority": _decision(case, "designate", decider)}),
    ):
        transition_case(actor, case.pk, name, reason=REASON, **kwargs)
        case.refresh_from_db()
        flags.append(case.interim_measures_active)
    _finalised_assessment(case)
    for actor, name, kwargs in (
        (analyst, "submit_for_decision", {}),
        (decider, "return_to_assessment", {}),
        (analyst, "submit_for_decision", {}),
        (decider, "activate_protection", {"authority": _decision(case, "start", decider)}),
    ):
        transition_case(actor, case.pk, name, reason=REASON, **kwargs)
        case.refresh_from_db()
        flags.append(case.interim_measures_active)
    assert flags == [True, True, True, True, True, True, False]
    assert case.state == CaseState.PROTECTION_ACTIVE and case.domain == Domain.NATIONAL


@pytest.mark.parametrize("name", ["route_local", "reject_referral"])
def test_an_om_transfer_cannot_be_refused_into_a_gap(name: str) -> None:
    """Refusing designation (or handing to the local domain) would drop the OM's measures:
    the authority designates and then decides on protection instead."""
    from weerstand.policy.models import CompartmentMembership

    analyst, decider = t.user("analyst"), t.user("decision_maker")
    case = _om_transfer()
    CompartmentMembership.objects.create(compartment=case.team, user=decider)
    transition_case(analyst, case.pk, "start_triage", reason=REASON)
    transition_case(analyst, case.pk, "advise_authority", reason=REASON, advice="refuse")
    before = _snapshot(case)
    with pytest.raises(InvalidTransition):
        transition_case(
            decider,
            case.pk,
            name,
            reason=REASON,
            authority=_decision(case, "refuse", decider),
            local_authority=t.org("municipality"),
        )
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


@pytest.mark.parametrize("role", list(Role))
def test_only_the_om_and_the_analysts_register_an_om_transfer(role: Role) -> None:
    """The role list is the service's, so the API and the page refuse alike (it once lived
    only in the page)."""
    actor = t.user(role, organisation=t.org("om") if role == Role.OM_OFFICER else None)
    count = Case.objects.count()
    data = ReferralData(
        protectee=t.person(), phenomenon="terrorism", severity="serious", summary="Dreiging"
    )
    call = lambda: transfer_from_om(  # noqa: E731
        actor, data, interim_measures="Surveillance", om_office=t.org("om"), reason=REASON
    )
    if role in (Role.OM_OFFICER, Role.ANALYST, Role.SENIOR_ANALYST):
        call()
        assert Case.objects.count() == count + 1
    else:
        with pytest.raises(NotPermitted):
            call()
        assert Case.objects.count() == count
