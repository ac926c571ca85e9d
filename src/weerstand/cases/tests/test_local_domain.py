"""The local domain for real: a refusal with hand-over offers the case to the named mayor or
chief prosecutor as a record; they accept it, or return it with a reason (the case goes back
to triage on behalf of its owner). The local authority sees only the allow-listed fields."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.http import Http404
from django.utils import timezone

from weerstand import testing as t
from weerstand.audit.models import AuditAction, AuditRecord
from weerstand.cases import local_domain, rules
from weerstand.cases.models import (
    HANDOVER_SHARED_FIELDS,
    HANDOVER_TEAM_FIELDS,
    Case,
    CaseEvent,
    CaseState,
    HandoverStatus,
    LocalHandover,
)
from weerstand.cases.services import transition_case
from weerstand.core.errors import (
    ConcurrencyConflict,
    InvalidTransition,
    NotPermitted,
    ValidationFailed,
)
from weerstand.decisions import services as decisions
from weerstand.decisions.services import DecisionData
from weerstand.decisions.tests import builders as b
from weerstand.policy.models import Alert, CompartmentMembership

pytestmark = pytest.mark.django_db

# Markers planted in what the local authority must never see.
SUMMARY = "LOKAALGEHEIM-SUMMARY-5521 de ex-partner heeft een wapen"
ADVICE = "LOKAALGEHEIM-ADVIES-8830 bron: informant politie"
REASONING = "LOKAALGEHEIM-MOTIVERING-2290 geen nationaal fenomeen, lokaal gezag neemt over."
NOTE = "Graag contact over de afspraken met de wijkagent; de NCTV blijft bereikbaar."
SECRETS = (SUMMARY, ADVICE, REASONING, "LOKAALGEHEIM")


@dataclass
class Handed:
    w: b.World
    owner: Any
    case: Case
    decision: Any
    handover: LocalHandover


def handed_over(*, note: str = NOTE, authority: str = "municipality") -> Handed:
    """A stalking referral, advised 'local' by its owner, refused with hand-over by the
    authority (four eyes): the real path through the decision service."""
    w = b.world()
    owner = t.user("analyst", organisation=w.nctv)
    owner.email = "eigenaar@nctv.example"
    owner.save(update_fields=["email"])
    target = w.municipality if authority == "municipality" else w.om
    case = t.case(
        t.user("police_liaison"), phenomenon="stalking", summary=SUMMARY, state=CaseState.TRIAGE
    )
    transition_case(
        owner, case.pk, "advise_authority", reason=ADVICE, advice="local", local_authority=target
    )
    for dm in (w.dm1, w.dm2):
        CompartmentMembership.objects.create(
            compartment=case.team, user=dm, function="decision_maker"
        )
    decision = decisions.create_decision(
        w.dm1,
        case.pk,
        DecisionData(
            decision_type="refuse",
            reasoning=REASONING,
            effective_date=timezone.localdate(),
            hand_over_note=note,
        ),
    )
    decision = decisions.approve_decision(w.dm2, decision.pk)
    case.refresh_from_db()
    return Handed(w, owner, case, decision, LocalHandover.objects.get(case=case))


def test_a_refusal_with_hand_over_offers_the_case_as_a_record() -> None:
    h = handed_over()
    ho, case = h.handover, h.case
    assert case.state == CaseState.LOCAL_DOMAIN
    assert ho.status == HandoverStatus.OFFERED and ho.authority == h.w.municipality
    assert ho.case_reference == case.reference and ho.phenomenon == "stalking"
    assert ho.decision_reference == h.decision.reference
    # The named NCTV contact is the case owner, with a line to reach them.
    assert ho.contact == h.owner and ho.contact_name == h.owner.display_name
    assert ho.contact_line == "eigenaar@nctv.example"
    assert ho.note == NOTE
    assert CaseEvent.objects.filter(case=case, kind="local_handover_offered").exists()
    assert AuditRecord.objects.filter(
        object_type="cases.localhandover", object_id=str(ho.pk), action=AuditAction.CREATE
    ).exists()
    # The mayor's alert points to the hand-over page; it names no case they could open.
    alert = Alert.objects.get(recipient=h.w.mayor)
    assert alert.case_id is None
    assert local_domain.page_url(ho) in alert.message and case.reference in alert.message
    assert not any(s in alert.message for s in SECRETS)
    assert not Alert.objects.filter(recipient=h.w.other_mayor).exists()
    assert not Alert.objects.filter(recipient=h.w.om_officer).exists()


def test_the_note_is_only_for_a_hand_over() -> None:
    w = b.world()
    case = t.case(t.user("police_liaison"), state=CaseState.DESIGNATION)
    CompartmentMembership.objects.create(compartment=case.team, user=w.dm1)
    with pytest.raises(ValidationFailed) as exc:
        decisions.create_decision(
            w.dm1,
            case.pk,
            DecisionData(
                decision_type="designate",
                reasoning=REASONING,
                effective_date=timezone.localdate(),
                hand_over_note="Voor de burgemeester",
            ),
        )
    assert {p.name for p in exc.value.invalid_params} == {"handOverNote"}


def test_the_local_authority_accepts_once_and_the_owner_hears_of_it() -> None:
    h = handed_over()
    accepted = local_domain.accept(h.w.mayor, h.handover.pk, reason="Wij pakken dit op.")
    assert accepted.status == HandoverStatus.ACCEPTED
    assert accepted.answered_by == h.w.mayor and accepted.answer_reason == "Wij pakken dit op."
    assert Case.objects.get(pk=h.case.pk).state == CaseState.LOCAL_DOMAIN
    assert Alert.objects.filter(recipient=h.owner, case=h.case, message__contains="aanvaard")
    event = CaseEvent.objects.get(case=h.case, kind="local_handover_accepted")
    assert event.actor == h.w.mayor
    assert AuditRecord.objects.filter(
        object_type="cases.localhandover",
        object_id=str(h.handover.pk),
        action=AuditAction.TRANSITION,
        actor_id=h.w.mayor.pk,
    ).exists()
    # A second answer, either way, is refused.
    with pytest.raises(InvalidTransition):
        local_domain.accept(h.w.mayor, h.handover.pk)
    with pytest.raises(InvalidTransition):
        local_domain.return_handover(h.w.mayor, h.handover.pk, reason="Toch liever niet, sorry.")


def test_a_return_brings_the_case_back_to_triage_on_behalf_of_the_owner() -> None:
    h = handed_over()
    with pytest.raises(ValidationFailed):
        local_domain.return_handover(h.w.mayor, h.handover.pk, reason="Te kort")
    assert LocalHandover.objects.get(pk=h.handover.pk).status == HandoverStatus.OFFERED
    reason = "Dit is een zaak van de buurgemeente: de persoon woont in Elders."
    returned = local_domain.return_handover(h.w.mayor, h.handover.pk, reason=reason)
    assert returned.status == HandoverStatus.RETURNED and returned.answer_reason == reason
    case = Case.objects.get(pk=h.case.pk)
    assert case.state == CaseState.TRIAGE
    # The timeline says who did what: the mayor returned, the step was taken for the owner.
    returned_event = CaseEvent.objects.get(case=case, kind="local_handover_returned")
    assert returned_event.actor == h.w.mayor and reason in returned_event.reason
    step = CaseEvent.objects.get(case=case, kind="return_to_triage")
    assert step.actor == h.owner and step.to_state == CaseState.TRIAGE
    assert reason in step.reason and "namens de eigenaar" in step.reason
    owner_alert = Alert.objects.get(recipient=h.owner, case=case)
    assert reason in owner_alert.message
    # The mayor still sees their own answer, and the case is not theirs to see.
    assert local_domain.handovers_for(h.w.mayor).get().status == HandoverStatus.RETURNED
    assert not Case.objects.visible_to(h.w.mayor).filter(pk=case.pk).exists()
    # The owner can advise again; a new hand-over is a new record.
    transition_case(
        h.owner,
        case.pk,
        "advise_authority",
        reason="Opnieuw: lokaal, nu naar Elders",
        advice="local",
        local_authority=h.w.other_municipality,
    )


def test_without_anyone_to_take_the_case_back_a_return_is_refused_not_swallowed() -> None:
    h = handed_over()
    CompartmentMembership.objects.filter(compartment=h.case.team).delete()
    with pytest.raises(InvalidTransition) as exc:
        local_domain.return_handover(
            h.w.mayor, h.handover.pk, reason="Wij zijn hier niet bevoegd voor."
        )
    assert h.handover.contact_name in exc.value.detail
    assert LocalHandover.objects.get(pk=h.handover.pk).status == HandoverStatus.OFFERED
    assert Case.objects.get(pk=h.case.pk).state == CaseState.LOCAL_DOMAIN
    assert AuditRecord.objects.filter(
        object_type="cases.localhandover", result="refused", actor_id=h.w.mayor.pk
    ).exists()


def test_only_the_named_local_authority_answers() -> None:
    h = handed_over()
    # Another municipality's mayor cannot even reach it: 404, as if absent.
    with pytest.raises(Http404):
        local_domain.accept(h.w.other_mayor, h.handover.pk)
    with pytest.raises(Http404):
        local_domain.return_handover(
            h.w.other_mayor, h.handover.pk, reason="Niet van ons, wel van hen."
        )
    # An OM officer elsewhere, and the case team itself, hold no answer for the mayor.
    with pytest.raises(Http404):
        local_domain.accept(h.w.om_officer, h.handover.pk)
    for actor in (h.owner, h.w.dm1):
        with pytest.raises(NotPermitted):
            local_domain.accept(actor, h.handover.pk)
    # A stale version changes nothing.
    with pytest.raises(ConcurrencyConflict):
        local_domain.accept(h.w.mayor, h.handover.pk, expected_version=h.handover.version + 1)
    assert LocalHandover.objects.get(pk=h.handover.pk).status == HandoverStatus.OFFERED


def test_an_om_office_answers_through_its_officers() -> None:
    h = handed_over(authority="om")
    assert Alert.objects.filter(recipient=h.w.om_officer).exists()
    assert not Alert.objects.filter(recipient=h.w.mayor).exists()
    with pytest.raises(Http404):
        local_domain.accept(h.w.mayor, h.handover.pk)
    assert local_domain.accept(h.w.om_officer, h.handover.pk).status == HandoverStatus.ACCEPTED


def test_the_team_taking_the_case_back_withdraws_the_hand_over() -> None:
    h = handed_over()
    transition_case(h.owner, h.case.pk, "return_to_triage", reason="Nieuw signaal: nationaal?")
    ho = LocalHandover.objects.get(pk=h.handover.pk)
    assert ho.status == HandoverStatus.WITHDRAWN and ho.withdrawn_at is not None
    assert CaseEvent.objects.filter(case=h.case, kind="local_handover_withdrawn").exists()
    told = Alert.objects.filter(recipient=h.w.mayor, message__contains="ingetrokken").get()
    assert "Nieuw signaal" not in told.message  # the team's reason is case content
    with pytest.raises(InvalidTransition):
        local_domain.accept(h.w.mayor, ho.pk)


def test_the_mayor_sees_only_the_allow_listed_fields() -> None:
    names = {f.name for f in LocalHandover._meta.concrete_fields}
    assert names == set(HANDOVER_SHARED_FIELDS) | set(HANDOVER_TEAM_FIELDS)
    assert not set(HANDOVER_SHARED_FIELDS) & set(HANDOVER_TEAM_FIELDS)
    h = handed_over()
    assert set(h.handover.shared()) == set(HANDOVER_SHARED_FIELDS)
    text = " ".join(str(v) for v in h.handover.shared().values())
    assert not any(s in text for s in SECRETS)
    # Who reaches it through the case sees it in full; the mayor only as the allow-list.
    assert rules.handovers_in_full(h.w.mayor, [h.handover.pk]) == set()
    assert rules.handovers_in_full(h.owner, [h.handover.pk]) == {h.handover.pk}
    assert rules.handovers_in_full(t.user("inspector"), [h.handover.pk]) == {h.handover.pk}
    item = local_domain.shared_item(h.handover)
    assert "case_id" not in item and "decision_reference" not in item


def test_who_sees_a_hand_over_at_all() -> None:
    h = handed_over()
    seen_by = {
        "mayor": h.w.mayor,
        "owner": h.owner,
        "dm": h.w.dm1,
        "inspector": t.user("inspector"),
    }
    for who, user in seen_by.items():
        assert local_domain.handovers_for(user).filter(pk=h.handover.pk).exists(), who
    hidden_from = {
        "other mayor": h.w.other_mayor,
        "om officer": h.w.om_officer,
        "analyst outside the team": t.user("analyst", organisation=h.w.nctv),
        "lcc": h.w.lcc,
        "police liaison": h.w.police_liaison,
    }
    for who, user in hidden_from.items():
        assert not local_domain.handovers_for(user).filter(pk=h.handover.pk).exists(), who
