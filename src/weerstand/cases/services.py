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
from weerstand.cases import classification as classification_rules
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
    TriageAdvice,
)
from weerstand.cases.state_machine import TRANSITIONS, Transition
from weerstand.core.errors import (
    ConcurrencyConflict,
    InvalidParam,
    InvalidTransition,
    NotPermitted,
    ValidationFailed,
    require_reason,
)
from weerstand.core.references import next_reference
from weerstand.organisations.models import Organisation, OrganisationKind
from weerstand.policy import compartments, engine
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
    # A case opened straight into a restricting compartment (a crown-witness trajectory the OM
    # opens): only by an owning-side member of that compartment.
    compartment: Compartment | None = None


def _require(reason: str, name: str = "reason") -> str:
    return require_reason(reason, name=name, message="Een reden is verplicht (minimaal 5 tekens).")


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
    if data.compartment is not None and not compartments.is_owning_member(actor, data.compartment):
        raise NotPermitted("Alleen de eigenaarskant van het compartiment opent er een casus in.")
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
            restricted_compartment=data.compartment,
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
    advice: str | None = None,
    local_authority: Organisation | None = None,
    authority: Any = None,
) -> Case:
    """Apply one life-cycle transition, if the actor's role owns it and the state allows it.

    An authority transition (admission, refusal, start, no measures, change, end) is taken
    only with `authority`: the decision that carries it, passed by the decision service when
    that decision takes effect. `advise_authority` needs the analysts' `advice` (and, for the
    local domain, the `local_authority` to hand the case to).
    """
    engine.require_principal(actor)
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise InvalidTransition(f"Onbekende overgang '{name}'.")
    with transaction.atomic():
        case = engine.get_for(Case.objects.select_for_update(), actor, Action.VIEW, pk=case_id)
        _check_transition(actor, case, transition)
        _check_authority(case, transition, authority)
        _check_guards(case, transition)
        reason = _require(reason)
        if expected_version is not None and expected_version != case.version:
            raise ConcurrencyConflict(
                f"Versie {expected_version} is verouderd; de huidige versie is {case.version}."
            )
        before = case.state
        updates: dict[str, Any] = {"state": transition.target}
        if name == "advise_authority":
            updates.update(_advice(case, advice, reason, local_authority))
        if name in ("route_national", "route_local"):
            updates.update(_routed(case, name, local_authority))
        if name in ("route_local", "reject_referral") and case.interim_measures_active:
            # Both would drop the OM's running measures; the authority decides on protection.
            raise InvalidTransition(
                "Deze casus heeft lopende OM-maatregelen; het gezag besluit eerst over "
                "beveiliging (starten of geen maatregelen), zodat er geen gat ontstaat."
            )
        if transition.target == CaseState.PROTECTION_ACTIVE and case.interim_measures_active:
            updates["interim_measures_active"] = False  # NCTV measures now take over
        if transition.target == CaseState.ENDED:
            updates["ended_at"] = timezone.now()
            if case.interim_measures_active:
                updates["interim_measures_active"] = False
        if name in ("start_triage", "return_to_triage"):
            updates["triage_rule"], updates["triage_recommendation"] = _recompute(case)
        updates["updated_at"] = timezone.now()
        Case.objects.filter(pk=case.pk).update(version=F("version") + 1, **updates)
        case.refresh_from_db()
        _add_owner_if_needed(actor, case, transition, authority)
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


def _check_authority(case: Case, transition: Transition, authority: Any) -> None:
    """An authority step needs the decision that carries it; a plain step takes none."""
    if transition.authority is None:
        if authority is not None:
            raise InvalidTransition(f"'{transition.label}' is geen besluit van het gezag.")
        return
    if authority is None:
        raise InvalidTransition(
            f"'{transition.label}' is een besluit van het gezag: daarvoor is "
            f"{transition.authority} nodig, met vier ogen, een brief aan de persoon en de "
            "mogelijkheid van bezwaar."
        )
    if getattr(authority, "case_id", None) != case.pk or getattr(authority, "status", None) not in (
        "approved",
        "in_force",
    ):
        raise InvalidTransition(
            f"Het besluit draagt de stap '{transition.label}' voor deze casus niet."
        )


def _check_guards(case: Case, transition: Transition) -> None:
    """Conditions other apps put on this step (e.g. a finalised assessment before a decision)."""
    from weerstand.core.extensions import transition_guards

    for guard in transition_guards(transition.name):
        refusal = guard(case)
        if refusal:
            raise InvalidTransition(refusal)


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


def _advice(
    case: Case, advice: str | None, reason: str, local_authority: Organisation | None
) -> dict[str, Any]:
    """The analysts' advice after triage; the authority designates, refuses or hands over."""
    if advice not in TriageAdvice.values:
        raise ValidationFailed(
            "Kies het advies aan het gezag: aanwijzen, lokaal domein of niet aanwijzen.",
            invalid_params=[InvalidParam("advice", "required", "Kies een advies.")],
        )
    recommended: dict[str, str] = {
        Domain.NATIONAL: TriageAdvice.NATIONAL,
        Domain.LOCAL: TriageAdvice.LOCAL,
    }
    updates: dict[str, Any] = {
        "triage_advice": advice,
        "triage_overridden": advice != recommended.get(case.triage_recommendation),
        "triage_reason": reason,
    }
    if advice == TriageAdvice.NATIONAL and case.phenomenon not in NATIONAL_PHENOMENA:
        # A local phenomenon may still be taken in, but only as an explicit override.
        updates["triage_overridden"] = True
    if advice == TriageAdvice.LOCAL:
        if local_authority is None or local_authority.kind not in LOCAL_AUTHORITY_KINDS:
            raise ValidationFailed(
                "Noem de burgemeester (gemeente) of hoofdofficier (OM) die de zaak overneemt.",
                invalid_params=[
                    InvalidParam("local_authority", "required", "Kies een gemeente of OM-parket.")
                ],
            )
        updates["local_authority"] = local_authority
    return updates


def _routed(case: Case, name: str, local_authority: Organisation | None) -> dict[str, Any]:
    """The domain a designation decision puts the case in."""
    if name == "route_national":
        return {"domain": Domain.NATIONAL}
    target = local_authority or case.local_authority
    if target is None or target.kind not in LOCAL_AUTHORITY_KINDS:
        raise ValidationFailed(
            "Noem de burgemeester (gemeente) of hoofdofficier (OM) die de zaak overneemt.",
            invalid_params=[
                InvalidParam("local_authority", "required", "Kies een gemeente of OM-parket.")
            ],
        )
    return {"domain": Domain.LOCAL, "local_authority": target}


def _add_owner_if_needed(
    actor: Any, case: Case, transition: Transition, authority: Any = None
) -> None:
    """The analyst who advises the authority after triage becomes the case's owner.

    The owner stays accountable through designation, and for a local-domain hand-over is the
    named NCTV contact and can take the case back into triage; the named local authority gets
    the hand-over as a record it accepts or returns (`cases.local_domain`).
    """
    if transition.name == "advise_authority":
        CompartmentMembership.objects.get_or_create(
            compartment=case.team, user=actor, defaults={"function": "owner", "added_by": actor}
        )
    if transition.name == "route_local" and case.local_authority_id:
        _inform_local_authority(actor, case, authority)
    if transition.name == "return_to_triage" and case.domain == Domain.LOCAL:
        from weerstand.cases import local_domain

        local_domain.withdraw(actor, case)


def _inform_local_authority(actor: Any, case: Case, authority: Any = None) -> None:
    """Offer the case to the local authority as a hand-over record; its mayor or OM officers
    are alerted with a pointer to the hand-over page (never the case itself). `authority` is
    the refusal decision: its reference and the note it wrote for the local authority."""
    from weerstand.cases import local_domain

    local_domain.offer(
        actor,
        case,
        decision_reference=getattr(authority, "reference", "") or "",
        note=getattr(authority, "hand_over_note", "") or "",
    )


def restrict_case(actor: Any, case_id: int, compartment_id: Any, *, reason: str) -> Case:
    """Put a case inside a restricting compartment (by an owning-side member who may see the
    case). From then on only members of the compartment reach the case, whatever their other
    grants; team members outside it lose access at once, and the case owners are told."""
    engine.require_principal(actor)
    with transaction.atomic():
        case = engine.get_for(Case.objects.select_for_update(), actor, Action.VIEW, pk=case_id)
        compartment = engine.get_for(
            Compartment.objects.exclude(kind=CompartmentKind.CASE_TEAM),
            actor,
            Action.VIEW,
            pk=compartment_id,
        )
        if not compartments.is_owning_member(actor, compartment):
            raise NotPermitted("Alleen de eigenaarskant van het compartiment schermt af.")
        if case.restricted_compartment_id is not None:
            raise InvalidTransition("Deze casus is al afgeschermd.")
        reason = _require(reason)
        Case.objects.filter(pk=case.pk).update(
            restricted_compartment=compartment, version=F("version") + 1, updated_at=timezone.now()
        )
        case.refresh_from_db()
        outside = CompartmentMembership.objects.filter(compartment=case.team_id).exclude(
            user__in=CompartmentMembership.objects.filter(compartment=compartment).values("user")
        )
        _event(case, actor, "restricted", reason)
        audit.record(
            AuditAction.UPDATE,
            case,
            changes={
                "restricted_compartment": [None, compartment.kind],
                "team_outside_compartment": [None, outside.count()],
            },
            reason=reason,
            actor=actor,
        )
    return case


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
        if "next_recalibration" in changes and isinstance(changes["next_recalibration"], str):
            changes["next_recalibration"] = date.fromisoformat(changes["next_recalibration"])
        # Never lowered without a second person, never below what is linked; the next
        # recalibration only brought forward (cases.classification).
        classification_rules.check_edit(actor, case, changes)
        before = {k: getattr(case, k) for k in changes}
        Case.objects.filter(pk=case.pk, version=expected_version).update(
            version=F("version") + 1, updated_at=timezone.now(), **changes
        )
        case.refresh_from_db()
        audit.record(
            AuditAction.UPDATE, case, changes=audit.field_changes(before, changes), actor=actor
        )
    return case


def add_team_member(
    actor: Any, case_id: int, user: Any, *, reason: str, function: str | None = None
) -> CompartmentMembership:
    """Case owners add colleagues to the case team (need-to-know is granted, not assumed).

    See `cases.team` for the whole team life cycle; without a function the user's first
    team function (by role) is used.
    """
    from weerstand.cases import team

    return team.add_member(actor, case_id, user.pk, function=function, reason=reason)


is_team_owner = rules.is_team_owner


def allowed_transitions(user: Any, case: Case) -> list[Transition]:
    """The transitions this user could perform now (for buttons; the service re-checks).

    Authority steps are never offered as a button: they follow from a decision.
    """
    out = []
    for t in TRANSITIONS.values():
        if t.authority or case.state not in t.sources or not user.has_role(*t.roles):
            continue
        try:
            _check_transition(user, case, t)
        except (NotPermitted, InvalidTransition):
            continue
        out.append(t)
    return out


ROLE_LABELS = dict(Role.choices)
