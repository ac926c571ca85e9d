"""A case's classification and next recalibration: what a change must respect.

Two rules, checked here for every way in (page, API, command, demo), with the same words:

- The classification never drops below that of what is linked to the case (its persons,
  threat products, signals, picture versions: `selectors.classification_floor`). Raising it
  (within the actor's clearance) is an ordinary edit; lowering it, even above that floor,
  exposes the case to people with a lower screening, so it is a request
  (`ClassificationChange`) that takes effect only when a second person approves: the case
  owner or a senior analyst of the case team, never the one who asked.
- The next recalibration follows from the threat level (`selectors.recalibration_limit`); by
  hand it can only be brought forward, never pushed later or cleared.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from weerstand.accounts.roles import Classification
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases import rules, selectors
from weerstand.cases.models import Case, CaseEvent, ClassificationChange
from weerstand.cases.models import ClassificationChangeStatus as Status
from weerstand.core.errors import (
    ConcurrencyConflict,
    InvalidParam,
    InvalidTransition,
    NotPermitted,
    ValidationFailed,
    require_reason,
)
from weerstand.policy import engine
from weerstand.policy.models import Alert, CompartmentMembership, MemberFunction
from weerstand.policy.table import Action


def _label(level: int) -> str:
    return str(Classification(level).label)


def floor_refusal(actor: Any, case: Case, level: int) -> str | None:
    """Why the case cannot be classified at `level` given what is linked to it, or None.

    The floor is named only when the actor is screened for it: a level above their clearance
    would tell them more than that something outranks the case."""
    floor = selectors.classification_floor(case)
    if level >= floor:
        return None
    if floor <= actor.clearance:
        return (
            f"De rubricering kan niet lager dan {_label(floor)}: zo hoog is gerubriceerd wat aan "
            "de casus gekoppeld is."
        )
    return "De rubricering kan niet zo laag: wat aan de casus gekoppeld is, is hoger gerubriceerd."


def check_edit(actor: Any, case: Case, changes: dict[str, Any]) -> None:
    """Refuse an edit that lowers the classification or delays the next recalibration.

    Called by `services.update_case` with the row locked; `changes` holds model values. A
    value equal to the current one is no change and is not judged again."""
    if "classification" in changes:
        _check_classification(actor, case, int(changes["classification"]))
    if "next_recalibration" in changes:
        _check_recalibration(case, changes["next_recalibration"])


def _check_classification(actor: Any, case: Case, level: int) -> None:
    if level == case.classification:
        return
    if level > actor.clearance:
        raise ValidationFailed(
            "De rubricering is hoger dan uw screeningsniveau.",
            invalid_params=[InvalidParam("classification", "too-high", "Boven uw niveau.")],
        )
    if level > case.classification:
        return
    refusal = floor_refusal(actor, case, level)
    if refusal:
        raise ValidationFailed(
            refusal,
            invalid_params=[InvalidParam("classification", "below-floor", refusal)],
        )
    text = (
        "Verlagen van de rubricering vraagt het akkoord van een tweede persoon: dien een "
        "verzoek tot verlaging in; de eigenaar of een senior analist van het casusteam beslist."
    )
    raise ValidationFailed(text, invalid_params=[InvalidParam("classification", "four-eyes", text)])


def _check_recalibration(case: Case, value: date | None) -> None:
    if value == case.next_recalibration:
        return
    limit = selectors.recalibration_limit(case)
    if limit is None or (value is not None and value <= limit):
        return
    text = (
        f"De volgende herijking kan niet later dan {limit:%d-%m-%Y}: die datum volgt uit het "
        "dreigingsniveau. Met de hand kunt u hem alleen vervroegen."
    )
    raise ValidationFailed(
        text, invalid_params=[InvalidParam("next_recalibration", "too-late", text)]
    )


def _require(reason: str, name: str = "reason") -> str:
    return require_reason(reason, name=name, message="Een reden is verplicht (minimaal 5 tekens).")


def _level(value: Any) -> int:
    try:
        level = int(value)
    except (TypeError, ValueError):
        level = -1
    if level not in Classification.values:
        raise ValidationFailed(
            "Kies een rubricering.",
            invalid_params=[InvalidParam("classification", "invalid-choice", "Onbekend.")],
        )
    return level


def _event(case: Case, actor: Any, kind: str, reason: str) -> None:
    CaseEvent.objects.create(
        case=case, actor=actor, actor_name=actor.display_name, kind=kind, reason=reason
    )


def _approvers(case: Case) -> list[Any]:
    """Everyone in the team who could decide on a request (the service asks the rule again)."""
    members = CompartmentMembership.objects.filter(compartment=case.team_id).select_related("user")
    return [
        m.user
        for m in members
        if m.user.is_active
        and (
            m.function == MemberFunction.OWNER
            or m.user.has_role(*rules.CLASSIFICATION_APPROVER_ROLES)
        )
    ]


def request_lowering(
    actor: Any, case_id: Any, classification: Any, *, reason: str
) -> ClassificationChange:
    """Ask to lower the case's classification; a second person of the team decides."""
    engine.require_principal(actor)
    with transaction.atomic():
        case = engine.get_for(Case.objects.select_for_update(), actor, Action.VIEW, pk=case_id)
        refusal = rules.classification_request_refusal(actor, case)
        if refusal:
            raise NotPermitted(refusal)
        level = _level(classification)
        reason = _require(reason)
        if level >= case.classification:
            raise ValidationFailed(
                "Alleen een verlaging vraagt om akkoord; een hogere rubricering stelt u direct in "
                "bij de gegevens van de casus.",
                invalid_params=[InvalidParam("classification", "not-lower", "Niet lager.")],
            )
        floor = floor_refusal(actor, case, level)
        if floor:
            raise ValidationFailed(
                floor, invalid_params=[InvalidParam("classification", "below-floor", floor)]
            )
        if ClassificationChange.objects.filter(case=case.pk, status=Status.PENDING).exists():
            raise InvalidTransition(
                "Voor deze casus wacht al een verzoek tot verlaging van de rubricering op akkoord."
            )
        change = ClassificationChange.objects.create(
            case=case,
            from_classification=case.classification,
            to_classification=level,
            reason=reason,
            requested_by=actor,
            requested_by_name=actor.display_name,
        )
        _event(
            case,
            actor,
            "classification_requested",
            f"Verlaging van de rubricering gevraagd ({_label(case.classification)} naar "
            f"{_label(level)}): {reason}",
        )
        audit.record(
            AuditAction.CREATE,
            change,
            changes={"classification": [case.classification, level]},
            reason=reason,
            actor=actor,
        )
        for other in _approvers(case):
            if other.pk != actor.pk:
                Alert.objects.create(
                    recipient=other,
                    case=case,
                    message=(
                        f"Verzoek tot verlaging van de rubricering van casus {case.reference} "
                        f"wacht op uw akkoord (gevraagd door {actor.display_name})."
                    ),
                )
    return change


def decide(
    actor: Any,
    case_id: Any,
    change_id: Any,
    *,
    approve: bool,
    reason: str = "",
    expected_version: int | None = None,
) -> ClassificationChange:
    """The second person approves (the case is lowered at once) or rejects with a reason.

    With `expected_version` the case must still be at that version (412 otherwise); either
    way an approval re-checks that the case is still at the level asked about and that
    nothing linked since has raised the floor."""
    engine.require_principal(actor)
    with transaction.atomic():
        case = engine.get_for(Case.objects.select_for_update(), actor, Action.VIEW, pk=case_id)
        change = engine.get_for(
            ClassificationChange.objects.select_for_update().filter(case=case.pk),
            actor,
            Action.VIEW,
            pk=change_id,
        )
        refusal = rules.classification_approval_refusal(actor, case, change)
        if refusal:
            raise NotPermitted(refusal)
        if change.status != Status.PENDING:
            raise InvalidTransition("Over dit verzoek is al beslist.")
        if expected_version is not None and expected_version != case.version:
            raise ConcurrencyConflict(
                f"Versie {expected_version} is verouderd; de huidige versie is {case.version}."
            )
        if approve:
            _apply(actor, case, change)
        else:
            reason = _require(reason)
        ClassificationChange.objects.filter(pk=change.pk).update(
            status=Status.APPLIED if approve else Status.REJECTED,
            decided_by=actor,
            decided_by_name=actor.display_name,
            decided_at=timezone.now(),
            decision_reason=(reason or "").strip(),
        )
        change.refresh_from_db()
        audit.record(
            AuditAction.TRANSITION,
            change,
            changes={"status": [Status.PENDING, change.status]},
            reason=(reason or "akkoord (vier ogen)").strip(),
            actor=actor,
        )
        if not approve:
            _event(
                case,
                actor,
                "classification_rejected",
                f"Verlaging van de rubricering afgewezen: {change.decision_reason}",
            )
        Alert.objects.create(
            recipient=change.requested_by,
            case=case,
            message=(
                f"Uw verzoek tot verlaging van de rubricering van casus {case.reference} is "
                f"{'goedgekeurd' if approve else 'afgewezen'} door {actor.display_name}."
            ),
        )
    return change


def _apply(actor: Any, case: Case, change: ClassificationChange) -> None:
    if case.classification != change.from_classification:
        raise InvalidTransition(
            "De rubricering van de casus is intussen gewijzigd; dit verzoek geldt niet meer. "
            "Wijs het af en vraag zo nodig opnieuw."
        )
    refusal = floor_refusal(actor, case, change.to_classification)
    if refusal:
        raise InvalidTransition(refusal)
    Case.objects.filter(pk=case.pk).update(
        classification=change.to_classification,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    case.refresh_from_db()
    _event(
        case,
        actor,
        "classification_lowered",
        f"Rubricering verlaagd van {_label(change.from_classification)} naar "
        f"{_label(change.to_classification)} (gevraagd door {change.requested_by_name}, "
        f"akkoord van {actor.display_name}): {change.reason}",
    )
    audit.record(
        AuditAction.UPDATE,
        case,
        changes={"classification": [change.from_classification, change.to_classification]},
        reason=f"verlaging rubricering {change.pk} (vier ogen): {change.reason}",
        actor=actor,
    )
