"""Domain services for cases. Every state change goes through here and is audited in the
same transaction. Views and API handlers call these; they never `.save()` a case themselves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from weerstand.accounts.roles import Classification, Role
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases import rules, triage
from weerstand.cases.models import (
    NATIONAL_PHENOMENA,
    Case,
    CaseEvent,
    CasePerson,
    CasePersonRole,
    CaseState,
    Domain,
    Origin,
    Phenomenon,
)
from weerstand.cases.state_machine import TRANSITIONS, Transition
from weerstand.core.errors import (
    ConcurrencyConflict,
    InvalidParam,
    InvalidTransition,
    NotPermitted,
    ValidationFailed,
)
from weerstand.core.references import next_reference
from weerstand.organisations.models import Organisation, OrganisationKind
from weerstand.policy import engine
from weerstand.policy.models import Compartment, CompartmentKind, CompartmentMembership
from weerstand.policy.table import Action, Resource
from weerstand.registry.models import Person

LOCAL_AUTHORITY_KINDS = (OrganisationKind.MUNICIPALITY, OrganisationKind.OM)


@dataclass
class ReferralData:
    protectee: Person
    phenomenon: str
    severity: str
    summary: str
    codename: str = ""
    person_can_resist: bool = False
    employer_can_resist: bool = False
    classification: int = Classification.DEPV
    on_limitative_list: bool = False


def _require(reason: str, name: str = "reason") -> str:
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationFailed(
            "Een reden is verplicht (minimaal 5 tekens).",
            invalid_params=[InvalidParam(name, "required", "Geef een reden op.")],
        )
    return reason


def _event(case: Case, actor: Any, kind: str, reason: str, frm: str = "", to: str = "") -> None:
    CaseEvent.objects.create(
        case=case,
        actor=actor,
        actor_name=actor.display_name if actor else "systeem",
        kind=kind,
        from_state=frm,
        to_state=to,
        reason=reason,
    )


def open_case(actor: Any, data: ReferralData, *, reason: str = "Aanmelding") -> Case:
    """Register a referral. The referrer needs the create grant; triage then takes over."""
    engine.require_principal(actor)
    if not rules.may_refer(actor):
        raise NotPermitted("U mag geen aanmeldingen doen.")
    _validate_referral(data)
    if data.classification > actor.clearance:
        raise ValidationFailed(
            "De rubricering is hoger dan uw screeningsniveau.",
            invalid_params=[InvalidParam("classification", "too-high", "Boven uw niveau.")],
        )
    with transaction.atomic():
        reference = next_reference(Case, "WS", 4)
        team = Compartment.objects.create(kind=CompartmentKind.CASE_TEAM, name=f"Team {reference}")
        recommendation = triage.recommend(
            triage.TriageInput(
                data.phenomenon,
                data.severity,
                data.person_can_resist,
                data.employer_can_resist,
                data.on_limitative_list,
            )
        )
        case = Case.objects.create(
            reference=reference,
            codename=data.codename or reference,
            phenomenon=data.phenomenon,
            severity=data.severity,
            summary=data.summary,
            person_can_resist=data.person_can_resist,
            employer_can_resist=data.employer_can_resist,
            protectee=data.protectee,
            referring_organisation=actor.organisation,
            classification=data.classification,
            team=team,
            on_limitative_list=data.on_limitative_list,
            triage_rule=recommendation.code,
            triage_recommendation=recommendation.domain,
        )
        CasePerson.objects.create(case=case, person=data.protectee, role=CasePersonRole.PROTECTEE)
        _event(case, actor, "referral", reason, "", CaseState.REFERRAL)
        audit.record(
            AuditAction.CREATE,
            case,
            changes={"state": [None, CaseState.REFERRAL], "phenomenon": [None, data.phenomenon]},
            reason=reason,
            actor=actor,
        )
    return case


def _validate_referral(data: ReferralData) -> None:
    errors = []
    if data.phenomenon not in Phenomenon.values:
        errors.append(InvalidParam("phenomenon", "invalid-choice", "Onbekend fenomeen."))
    from weerstand.cases.models import Severity

    if data.severity not in Severity.values:
        errors.append(InvalidParam("severity", "invalid-choice", "Onbekende ernst."))
    if len((data.summary or "").strip()) < 5:
        errors.append(InvalidParam("summary", "required", "Beschrijf de aanleiding."))
    if errors:
        raise ValidationFailed("De aanmelding is niet volledig.", invalid_params=errors)


def transfer_from_om(
    actor: Any,
    data: ReferralData,
    *,
    interim_measures: str,
    om_office: Organisation,
    reason: str,
) -> Case:
    """Take over an existing OM protection: the OM's measures stay active, without a gap,
    until the NCTV's own decision activates protection or ends it."""
    engine.require_principal(actor)
    if not rules.may_transfer_from_om(actor):
        raise NotPermitted(
            "Alleen het OM en de analisten van de NCTV registreren de overdracht van een "
            "beveiliging door het OM."
        )
    reason = _require(reason)
    if not interim_measures.strip():
        raise ValidationFailed(
            "Noem de lopende maatregelen van het OM; die blijven van kracht.",
            invalid_params=[InvalidParam("interim_measures", "required", "Verplicht.")],
        )
    if om_office.kind != OrganisationKind.OM:
        raise ValidationFailed(
            "Het vorige gezag moet een parket van het OM zijn.",
            invalid_params=[InvalidParam("om_office", "invalid", "Geen OM-parket.")],
        )
    with transaction.atomic():
        case = open_case(actor, data, reason=reason)
        Case.objects.filter(pk=case.pk).update(
            origin=Origin.OM_TRANSFER,
            interim_measures=interim_measures,
            interim_authority=om_office,
            interim_measures_active=True,
        )
        case.refresh_from_db()
        _event(case, actor, "om_transfer", f"Overdracht van {om_office.name}: {reason}")
        audit.record(
            AuditAction.UPDATE,
            case,
            changes={
                "origin": [Origin.REFERRAL, Origin.OM_TRANSFER],
                "interim_measures_active": [False, True],
            },
            reason=reason,
            actor=actor,
        )
    return case


def transition_case(
    actor: Any,
    case_id: int,
    name: str,
    *,
    reason: str,
    expected_version: int | None = None,
    domain_override: str | None = None,
    local_authority: Organisation | None = None,
) -> Case:
    """Apply one life-cycle transition, if the actor's role owns it and the state allows it."""
    engine.require_principal(actor)
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise InvalidTransition(f"Onbekende overgang '{name}'.")
    with transaction.atomic():
        case = engine.get_for(Case.objects.select_for_update(), actor, Action.VIEW, pk=case_id)
        _check_transition(actor, case, transition)
        reason = _require(reason)
        if expected_version is not None and expected_version != case.version:
            raise ConcurrencyConflict(
                f"Versie {expected_version} is verouderd; de huidige versie is {case.version}."
            )
        before = case.state
        updates: dict[str, Any] = {"state": transition.target}
        extra: dict[str, Any] = {}
        if name in ("route_national", "route_local"):
            extra = _confirm_triage(case, name, reason, domain_override, local_authority)
            updates.update(extra)
        if name in ("route_local", "reject_referral") and case.interim_measures_active:
            # Both would drop the OM's running measures without a decision by the authority.
            raise InvalidTransition(
                "Deze casus heeft lopende OM-maatregelen; overdracht naar het lokale domein of "
                "afsluiten moet via een besluit van het gezag zodat er geen gat ontstaat."
            )
        if transition.target == CaseState.PROTECTION_ACTIVE and case.interim_measures_active:
            updates["interim_measures_active"] = False  # NCTV measures now take over
        if transition.target == CaseState.ENDED:
            updates["ended_at"] = timezone.now()
            if case.interim_measures_active:
                updates["interim_measures_active"] = False
        if name == "start_triage":
            updates["triage_rule"], updates["triage_recommendation"] = _recompute(case)
        updates["updated_at"] = timezone.now()
        Case.objects.filter(pk=case.pk).update(version=F("version") + 1, **updates)
        case.refresh_from_db()
        _add_owner_if_needed(actor, case, transition)
        _event(case, actor, name, reason, before, transition.target)
        audit.record(
            AuditAction.TRANSITION,
            case,
            changes={k: [None, str(v)] for k, v in updates.items() if k != "updated_at"}
            | {"state": [before, transition.target]},
            reason=reason,
            actor=actor,
        )
    return case


def _recompute(case: Case) -> tuple[str, str]:
    rule = triage.recommend(
        triage.TriageInput(
            case.phenomenon,
            case.severity,
            case.person_can_resist,
            case.employer_can_resist,
            case.on_limitative_list,
        )
    )
    return rule.code, rule.domain


def _check_transition(actor: Any, case: Case, transition: Transition) -> None:
    if not actor.has_role(*transition.roles):
        raise NotPermitted(f"Uw rol mag de overgang '{transition.label}' niet uitvoeren.")
    if case.state not in transition.sources:
        raise InvalidTransition(
            f"'{transition.label}' kan niet vanuit status '{case.get_state_display()}'."
        )
    in_intake = case.state in engine.INTAKE_STATES and transition.intake
    is_member = CompartmentMembership.objects.filter(compartment=case.team_id, user=actor).exists()
    if not (in_intake or is_member):
        raise NotPermitted("Alleen leden van het casusteam mogen deze overgang uitvoeren.")


def _confirm_triage(
    case: Case,
    name: str,
    reason: str,
    domain_override: str | None,
    local_authority: Organisation | None,
) -> dict[str, Any]:
    chosen = Domain.NATIONAL if name == "route_national" else Domain.LOCAL
    if domain_override and domain_override != chosen:
        raise ValidationFailed("Het gekozen domein past niet bij de overgang.")
    updates: dict[str, Any] = {
        "domain": chosen,
        "triage_overridden": chosen != case.triage_recommendation,
        "triage_reason": reason,
    }
    if chosen == Domain.NATIONAL and case.phenomenon not in NATIONAL_PHENOMENA:
        # A local phenomenon may still be taken in, but only as an explicit override.
        updates["triage_overridden"] = True
    if chosen == Domain.LOCAL:
        if local_authority is None or local_authority.kind not in LOCAL_AUTHORITY_KINDS:
            raise ValidationFailed(
                "Noem de burgemeester (gemeente) of hoofdofficier (OM) die de zaak overneemt.",
                invalid_params=[
                    InvalidParam("local_authority", "required", "Kies een gemeente of OM-parket.")
                ],
            )
        updates["local_authority"] = local_authority
    return updates


def _add_owner_if_needed(actor: Any, case: Case, transition: Transition) -> None:
    """The analyst who routes a case out of triage becomes its owner.

    For a local-domain hand-over this keeps one accountable analyst who can take the case back
    into triage; the named local authority is told what it needs to act, and no more.
    """
    if transition.name in ("route_national", "route_local"):
        CompartmentMembership.objects.get_or_create(
            compartment=case.team, user=actor, defaults={"function": "owner"}
        )
    if transition.name == "route_local" and case.local_authority_id:
        _inform_local_authority(actor, case)


def _inform_local_authority(actor: Any, case: Case) -> None:
    from weerstand.accounts.models import User
    from weerstand.policy.models import Alert

    recipients = User.objects.filter(
        organisation=case.local_authority_id,
        is_active=True,
        role_assignments__role__in=(Role.MAYOR, Role.OM_OFFICER),
    ).distinct()
    for user in recipients:
        Alert.objects.create(
            recipient=user,
            case=None,
            message=(
                f"Overdracht aan het lokale domein: {case.reference} "
                f"({case.get_phenomenon_display()}), overgedragen door {actor.display_name} "
                f"({actor.organisation}). Neem contact op met de NCTV voor de overdracht."
            ),
        )


def update_case(
    actor: Any, case_id: int, changes: dict[str, Any], *, expected_version: int
) -> Case:
    """Edit descriptive fields with optimistic concurrency: a stale version changes nothing."""
    engine.require_principal(actor)
    unknown = set(changes) - set(Case.EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(
            "Deze velden zijn niet te wijzigen.",
            invalid_params=[
                InvalidParam(n, "read-only", "Niet wijzigbaar.") for n in sorted(unknown)
            ],
        )
    with transaction.atomic():
        case = engine.get_for(Case.objects.select_for_update(), actor, Action.VIEW, pk=case_id)
        if not engine.can(actor, Resource.CASE, Action.CHANGE, case):
            raise NotPermitted("U mag deze casus niet wijzigen.")
        if expected_version != case.version:
            raise ConcurrencyConflict(
                f"Versie {expected_version} is verouderd; de huidige versie is {case.version}."
            )
        if "classification" in changes and int(changes["classification"]) > actor.clearance:
            raise ValidationFailed("De rubricering is hoger dan uw screeningsniveau.")
        if "next_recalibration" in changes and isinstance(changes["next_recalibration"], str):
            changes["next_recalibration"] = date.fromisoformat(changes["next_recalibration"])
        before = {k: getattr(case, k) for k in changes}
        Case.objects.filter(pk=case.pk, version=expected_version).update(
            version=F("version") + 1, updated_at=timezone.now(), **changes
        )
        case.refresh_from_db()
        audit.record(
            AuditAction.UPDATE, case, changes=audit.field_changes(before, changes), actor=actor
        )
    return case


def add_team_member(actor: Any, case_id: int, user: Any, *, reason: str) -> CompartmentMembership:
    """Case owners add colleagues to the case team (need-to-know is granted, not assumed)."""
    with transaction.atomic():
        case = engine.get_for(Case.objects.all(), actor, Action.VIEW, pk=case_id)
        if not CompartmentMembership.objects.filter(
            compartment=case.team, user=actor, function="owner"
        ).exists() or not engine.can(actor, Resource.CASE, Action.CHANGE, case):
            raise NotPermitted("Alleen de eigenaar van de casus kan teamleden toevoegen.")
        reason = _require(reason)
        membership, _ = CompartmentMembership.objects.get_or_create(
            compartment=case.team, user=user
        )
        audit.record(
            AuditAction.UPDATE,
            case,
            changes={"team": ["", f"+{user.username}"]},
            reason=reason,
            actor=actor,
        )
    return membership


def is_team_owner(user: Any, case: Case) -> bool:
    return CompartmentMembership.objects.filter(
        compartment=case.team_id, user=user.pk, function="owner"
    ).exists()


def allowed_transitions(user: Any, case: Case) -> list[Transition]:
    """The transitions this user could perform now (for buttons; the service re-checks)."""
    out = []
    for t in TRANSITIONS.values():
        if case.state not in t.sources or not user.has_role(*t.roles):
            continue
        try:
            _check_transition(user, case, t)
        except (NotPermitted, InvalidTransition):
            continue
        out.append(t)
    return out


ROLE_LABELS = dict(Role.choices)
