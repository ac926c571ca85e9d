"""Deciding: the authority's decisions on a case, from admission to the end of protection.

Admission (designate or refuse, optionally handing the case to a named local authority) rests
on the analysts' triage advice. Every other decision rests on the case's latest finalised
assessment and is refused for its author and challenger; the standard package is proposed and
every added or omitted measure needs its own reasoning; unresolved disagreement and the
complex-case check must be acknowledged. Whether a second decision-maker must approve is the
four-eyes rule (`approval`); what happens once a decision may take effect is `execution`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases.models import Case, CaseState
from weerstand.catalogue import services as catalogue
from weerstand.catalogue.models import Measure, Package
from weerstand.core.errors import (
    DomainError,
    InvalidParam,
    InvalidTransition,
    NotPermitted,
    ValidationFailed,
)
from weerstand.core.locks import serialise
from weerstand.decisions.models import (
    ADMISSION_TYPES,
    Decision,
    DecisionStatus,
    Deviation,
    DeviationKind,
)
from weerstand.decisions.rules import analysis_refusal, decide_refusal
from weerstand.decisions.selectors import (
    chosen_packages,
    latest_finalised_assessment,
    live_decision,
    pending_decision,
)
from weerstand.decisions.services.approval import needs_four_eyes
from weerstand.decisions.services.common import T, _next_reference
from weerstand.decisions.services.execution import _schedule, apply_decisions, executor_for
from weerstand.organisations.models import Organisation, OrganisationKind
from weerstand.policy import engine
from weerstand.policy.table import Action

MIN_REASONING = 20
MIN_DEVIATION_REASONING = 10
MAX_HAND_OVER_NOTE = 2000
# Admission decides on a referral the analysts advised on; a start (or "no measures") decides
# on a case whose assessment was submitted; follow-ups continue, change or end the protection
# that runs. A new type of decision names its states here.
ADMISSION_STATES = (CaseState.DESIGNATION,)
START_STATES = (CaseState.DECISION,)
FIRST_TYPES = (T.START, T.NO_MEASURES)
FOLLOW_UP_TYPES = (T.CONTINUE, T.ADJUST, T.SCALE_DOWN, T.STOP)
FOLLOW_UP_STATES = (CaseState.PROTECTION_ACTIVE, CaseState.RECALIBRATION)
WITHOUT_MEASURES = (*ADMISSION_TYPES, T.NO_MEASURES, T.STOP)


def decision_types_for(case: Case) -> list[str]:
    """The types a decision on `case` can have now (`_validate` holds the same rule)."""
    if case.state in ADMISSION_STATES:
        return list(ADMISSION_TYPES)
    if live_decision(case) is None:
        return list(FIRST_TYPES) if case.state in START_STATES else []
    return list(FOLLOW_UP_TYPES)


def open_for_decision(case: Case) -> bool:
    """Whether the case is in a phase where the authority decides (offering the screen)."""
    return case.state in (*ADMISSION_STATES, *START_STATES, *FOLLOW_UP_STATES)


def decision_refusal(
    actor: Any, case: Case, decision_type: str | None = None
) -> DomainError | None:
    """Why `actor` cannot take a decision on `case` now, for reasons known before the decision
    screen is filled in; None when the screen can be offered. `create_decision` raises exactly
    this, and the pages ask it to decide whether "Besluit nemen" is usable, so the offer and the
    refusal cannot drift apart.

    Without `decision_type` the kind the case's phase asks for is meant (admission while the
    case awaits designation, otherwise a decision on the assessment). What depends on the
    filled-in form (the type chosen, dates, reasoning, deviations) is `_validate`'s.
    """
    refusal = decide_refusal(actor, case)
    if refusal:
        return NotPermitted(refusal)
    if decision_type is None:
        types = decision_types_for(case)
        if not types:
            return InvalidTransition("In deze fase van de casus wordt geen besluit genomen.")
        decision_type = types[0]
    assessment = None
    if decision_type not in ADMISSION_TYPES:
        assessment = latest_finalised_assessment(case)
        if assessment is None or assessment.status != "finalised":
            return InvalidTransition("Er is geen vastgesteld dreigingsbeeld om op te besluiten.")
    refusal = analysis_refusal(actor, decision_type, case, assessment)
    if refusal:
        return NotPermitted(refusal)
    if pending_decision(case) is not None:
        return InvalidTransition("Er wacht al een besluit op accordering voor deze casus.")
    if decision_type in T.values:  # an unknown type is `_validate`'s to name
        return _phase_refusal(case, decision_type, live_decision(case))
    return None


@dataclass
class DeviationData:
    measure_code: str
    kind: str  # DeviationKind
    reasoning: str


@dataclass
class DecisionData:
    decision_type: str
    reasoning: str
    effective_date: date
    required_resistance: int | None = None
    next_recalibration: date | None = None
    package_codes: list[str] | None = None  # None: the standard package is proposed
    deviations: list[DeviationData] = field(default_factory=list)
    acknowledge_disagreement: bool = False
    acknowledge_complexity: bool = False
    municipality: Organisation | None = None
    prosecutor_office: Organisation | None = None
    preferred_executor: Organisation | None = None
    hand_over_to: Organisation | None = None  # a refusal that hands over to the local domain
    # Written for that local authority and shared with it as it stands (with a hand-over only).
    hand_over_note: str = ""


def create_decision(actor: Any, case_id: int, data: DecisionData) -> Decision:
    """Record a decision: admission on the triage advice, anything else on the case's latest
    finalised assessment.

    Refused for the assessment's author (and its challenger): analysis and decision are
    separated. A decision that needs no second approval takes effect at once.
    """
    engine.require_principal(actor)
    refusal = decide_refusal(actor)
    if refusal:
        raise NotPermitted(refusal)
    with transaction.atomic():
        case = engine.get_for(
            Case.objects.select_for_update(of=("self",)), actor, Action.VIEW, pk=case_id
        )
        serialise(f"decision-case-{case.pk}")
        refused = decision_refusal(actor, case, data.decision_type)
        if refused is not None:
            raise refused
        assessment = None
        if data.decision_type not in ADMISSION_TYPES:
            assessment = latest_finalised_assessment(case)
        previous = live_decision(case)
        values = _validate(case, assessment, previous, data)
        decision = Decision.objects.create(
            reference=_next_reference(Decision, "BS", 4),
            case=case,
            assessment=assessment,
            decision_type=data.decision_type,
            required_resistance=values["level"],
            reasoning=data.reasoning.strip(),
            effective_date=data.effective_date,
            next_recalibration=data.next_recalibration,
            status=DecisionStatus.AWAITING_APPROVAL,
            needs_approval=values["four_eyes"],
            municipality=data.municipality,
            prosecutor_office=data.prosecutor_office,
            preferred_executor=data.preferred_executor,
            hand_over_to=values["hand_over_to"],
            hand_over_note=(data.hand_over_note or "").strip() if values["hand_over_to"] else "",
            disagreement_acknowledged=data.acknowledge_disagreement,
            complexity_acknowledged=data.acknowledge_complexity,
            decided_by=actor,
            supersedes=previous,
        )
        decision.packages.set(values["packages"])
        decision.measures.set(values["measures"])
        for dev, measure in values["deviations"]:
            Deviation.objects.create(
                decision=decision, measure=measure, kind=dev.kind, reasoning=dev.reasoning.strip()
            )
        audit.record(
            AuditAction.CREATE,
            decision,
            changes={
                "decision_type": [None, data.decision_type],
                "required_resistance": [None, values["level"]],
                "packages": [None, [p.code for p in values["packages"]]],
                "measures": [None, sorted(m.code for m in values["measures"])],
                "deviations": [None, [f"{d.kind}:{m.code}" for d, m in values["deviations"]]],
                "effective_date": [None, str(data.effective_date)],
                "needs_approval": [None, values["four_eyes"]],
                "hand_over_to": [None, getattr(values["hand_over_to"], "code", None)],
                "hand_over_note": [None, bool(decision.hand_over_note)],
            },
            reason=data.reasoning.strip()[:200],
            actor=actor,
        )
        if not values["four_eyes"]:
            _schedule(decision, actor)
    if not decision.needs_approval and decision.effective_date <= timezone.localdate():
        apply_decisions(timezone.localdate(), only=decision.pk)
    decision.refresh_from_db()
    return decision


def _validate(case: Case, assessment: Any, previous: Decision | None, data: DecisionData) -> dict:
    errors: list[InvalidParam] = []
    kind = data.decision_type
    today = timezone.localdate()
    if kind not in T.values:
        raise ValidationFailed(
            "Onbekende soort besluit.",
            invalid_params=[InvalidParam("decisionType", "invalid-choice", "Onbekend.")],
        )
    _check_phase(case, kind, previous)
    if (
        previous is not None
        and kind in FOLLOW_UP_TYPES
        and data.effective_date <= previous.effective_date
    ):
        errors.append(
            InvalidParam("effectiveDate", "too-early", "Na de ingangsdatum van het vorige besluit.")
        )
    if len((data.reasoning or "").strip()) < MIN_REASONING:
        errors.append(
            InvalidParam("reasoning", "required", "Motiveer het besluit (min. 20 tekens).")
        )
    if data.effective_date < today:
        errors.append(InvalidParam("effectiveDate", "in-past", "Vandaag of later."))
    if (
        assessment is not None
        and assessment.unresolved_disagreement
        and not (data.acknowledge_disagreement)
    ):
        errors.append(
            InvalidParam(
                "acknowledgeDisagreement", "required", "Bevestig dat u het meningsverschil kent."
            )
        )
    if assessment is not None and assessment.is_complex and not data.acknowledge_complexity:
        errors.append(
            InvalidParam(
                "acknowledgeComplexity",
                "required",
                "Bevestig de extra toets voor complexe casussen.",
            )
        )
    hand_over_to = _hand_over(case, kind, data, errors)
    level = data.required_resistance
    if kind in WITHOUT_MEASURES:
        level = None
        if data.package_codes or data.deviations:
            errors.append(
                InvalidParam(
                    "packages", "not-allowed", "Dit soort besluit heeft geen maatregelenpakket."
                )
            )
    else:
        if kind == T.CONTINUE:
            level = previous.required_resistance if previous else level
        if level not in (1, 2, 3, 4):
            errors.append(InvalidParam("requiredResistance", "required", "Niveau 1 tot en met 4."))
        elif kind == T.SCALE_DOWN and previous and level >= (previous.required_resistance or 0):
            errors.append(
                InvalidParam(
                    "requiredResistance", "not-lower", "Afschalen vraagt een lager niveau."
                )
            )
        if data.next_recalibration is None or data.next_recalibration <= data.effective_date:
            errors.append(
                InvalidParam("nextRecalibration", "required", "Een datum na de ingangsdatum.")
            )
    if errors:
        raise ValidationFailed("Het besluit is niet volledig.", invalid_params=errors)

    packages: list[Package] = []
    measures: list[Measure] = []
    deviations: list[tuple[DeviationData, Measure]] = []
    if kind not in WITHOUT_MEASURES:
        if level is None:  # refused above already; measures are never planned without a level
            raise ValidationFailed(
                "Het besluit is niet volledig.",
                invalid_params=[
                    InvalidParam("requiredResistance", "required", "Niveau 1 tot en met 4.")
                ],
            )
        packages, base = _packages(case, level, previous, data)
        measures, deviations = _apply_deviations(base, data)
        if not measures:
            raise ValidationFailed(
                "Het besluit bevat geen enkele maatregel; kies 'beëindigen' als dat de "
                "bedoeling is.",
                invalid_params=[InvalidParam("measures", "empty", "Minstens één maatregel.")],
            )
        _check_executors(measures, data)
        _check_local_authorities(measures, data)
    return {
        "level": level,
        "packages": packages,
        "measures": measures,
        "deviations": deviations,
        "hand_over_to": hand_over_to,
        "four_eyes": needs_four_eyes(kind, level, previous),
    }


def _check_phase(case: Case, kind: str, previous: Decision | None) -> None:
    refused = _phase_refusal(case, kind, previous)
    if refused is not None:
        raise refused


def _phase_refusal(case: Case, kind: str, previous: Decision | None) -> DomainError | None:
    """Which decision fits the case's phase; refusals name what fits instead."""
    if kind in ADMISSION_TYPES:
        if case.state not in ADMISSION_STATES:
            return InvalidTransition(
                "Over de aanwijzing besluit het gezag na het advies van de analisten; deze "
                "casus wacht niet (meer) op aanwijzing."
            )
        if kind == T.REFUSE and case.interim_measures_active:
            return InvalidTransition(
                "Deze casus heeft lopende OM-maatregelen: wijs aan en besluit daarna over "
                "beveiliging (starten of geen maatregelen), zodat er geen gat ontstaat."
            )
        return None
    if kind in FIRST_TYPES:
        if previous is not None:
            return InvalidTransition(
                "Er is al een besluit van kracht; kies voortzetten, aanpassen of beëindigen."
            )
        if case.state not in START_STATES:
            return InvalidTransition(
                "Een startbesluit of een besluit 'geen maatregelen' kan alleen in de fase "
                "besluitvorming (na het voorleggen van een vastgesteld dreigingsbeeld)."
            )
        return None
    if previous is None:
        return InvalidTransition("Er is geen besluit van kracht om voort te zetten of te wijzigen.")
    if case.state not in FOLLOW_UP_STATES:
        return InvalidTransition("De casus heeft geen actieve beveiliging.")
    return None


def _hand_over(
    case: Case, kind: str, data: DecisionData, errors: list[InvalidParam]
) -> Organisation | None:
    """A refusal may hand the case to a mayor or chief prosecutor; nothing else hands over."""
    target = data.hand_over_to
    note = (data.hand_over_note or "").strip()
    if kind != T.REFUSE:
        if target is not None:
            errors.append(
                InvalidParam("handOverTo", "not-allowed", "Alleen bij weigering van aanwijzing.")
            )
        if note:
            errors.append(InvalidParam("handOverNote", "not-allowed", "Alleen bij een overdracht."))
        return None
    if target is None and case.triage_advice == "local":
        target = case.local_authority  # the analysts' advice names the local authority
    if target is not None and target.kind not in (
        OrganisationKind.MUNICIPALITY,
        OrganisationKind.OM,
    ):
        errors.append(InvalidParam("handOverTo", "invalid", "Een gemeente of OM-parket."))
    if note and target is None:
        errors.append(InvalidParam("handOverNote", "not-allowed", "Alleen bij een overdracht."))
    if len(note) > MAX_HAND_OVER_NOTE:
        errors.append(
            InvalidParam("handOverNote", "max-length", f"Maximaal {MAX_HAND_OVER_NOTE} tekens.")
        )
    return target


def _packages(
    case: Case, level: int, previous: Decision | None, data: DecisionData
) -> tuple[list[Package], list[Measure]]:
    """The packages (see `selectors.chosen_packages`) and their measures, validated."""
    on = data.effective_date
    codes = data.package_codes
    keeps_previous = data.decision_type == T.CONTINUE and previous is not None and codes is None
    packages = chosen_packages(case, data.decision_type, level, previous, codes, on)
    if codes is None and not keeps_previous and not packages:
        raise ValidationFailed(
            "De catalogus heeft geen pakket voor dit fenomeen en niveau op die datum.",
            invalid_params=[InvalidParam("packages", "none", "Kies een pakket.")],
        )
    if codes is not None:
        if len(packages) != len(set(codes)):
            raise ValidationFailed(
                "Een gekozen pakket geldt niet op de ingangsdatum.",
                invalid_params=[InvalidParam("packages", "not-in-force", "Niet geldig.")],
            )
        wrong = [p.code for p in packages if p.phenomenon != case.phenomenon]
        if wrong:
            raise ValidationFailed(
                "Een gekozen pakket hoort bij een ander dreigingsfenomeen.",
                invalid_params=[InvalidParam("packages", "phenomenon", ", ".join(wrong))],
            )
    base: dict[str, Measure] = {}
    for package in packages:
        for m in package.measures_on(on):
            base[m.code] = m
    return packages, [base[c] for c in sorted(base)]


def _apply_deviations(
    base: list[Measure], data: DecisionData
) -> tuple[list[Measure], list[tuple[DeviationData, Measure]]]:
    by_code = {m.code: m for m in base}
    errors: list[InvalidParam] = []
    out: list[tuple[DeviationData, Measure]] = []
    seen: set[str] = set()
    for i, dev in enumerate(data.deviations):
        name = f"deviations[{i}]"
        if len((dev.reasoning or "").strip()) < MIN_DEVIATION_REASONING:
            errors.append(
                InvalidParam(
                    f"{name}.reasoning",
                    "required",
                    "Vul de reden in waarom u afwijkt van het pakket (minimaal "
                    f"{MIN_DEVIATION_REASONING} tekens).",
                )
            )
        if dev.measure_code in seen:
            errors.append(
                InvalidParam(f"{name}.measure", "duplicate", "Twee keer dezelfde maatregel.")
            )
            continue
        seen.add(dev.measure_code)
        if dev.kind == DeviationKind.ADDED:
            measure = catalogue.measure_in_force(dev.measure_code, data.effective_date)
            if measure is None:
                errors.append(InvalidParam(f"{name}.measure", "unknown", "Geen geldige maatregel."))
            elif measure.code in by_code:
                errors.append(
                    InvalidParam(f"{name}.measure", "in-package", "Zit al in het pakket.")
                )
            else:
                out.append((dev, measure))
        elif dev.kind == DeviationKind.OMITTED:
            if dev.measure_code not in by_code:
                errors.append(
                    InvalidParam(f"{name}.measure", "not-in-package", "Zit niet in het pakket.")
                )
            else:
                out.append((dev, by_code[dev.measure_code]))
        else:
            errors.append(
                InvalidParam(f"{name}.kind", "invalid-choice", "Toegevoegd of weggelaten.")
            )
    if errors:
        raise ValidationFailed(
            "Een afwijking van het pakket is niet in orde.", invalid_params=errors
        )
    result = dict(by_code)
    for dev, measure in out:
        if dev.kind == DeviationKind.ADDED:
            result[measure.code] = measure
        else:
            result.pop(measure.code, None)
    return [result[c] for c in sorted(result)], out


def _check_executors(measures: list[Measure], data: DecisionData) -> None:
    if data.preferred_executor is not None and data.preferred_executor.kind not in (
        OrganisationKind.POLICE,
        OrganisationKind.KMAR,
    ):
        raise ValidationFailed(
            "De uitvoerende organisatie is de politie of de KMar.",
            invalid_params=[InvalidParam("preferredExecutor", "invalid", "Politie of KMar.")],
        )
    missing = [m.name for m in measures if executor_for(m, data.preferred_executor) is None]
    if missing:
        raise ValidationFailed(
            "Voor een maatregel is geen uitvoerende organisatie bekend.",
            invalid_params=[InvalidParam("measures", "no-executor", ", ".join(missing))],
        )


def _check_local_authorities(measures: list[Measure], data: DecisionData) -> None:
    errors = []
    touches_local = any(m.touches_local_powers for m in measures)
    if touches_local and (
        data.municipality is None or data.municipality.kind != OrganisationKind.MUNICIPALITY
    ):
        errors.append(
            InvalidParam("municipality", "required", "Noem de gemeente waar de maatregel loopt.")
        )
    if any(m.notifies_prosecutor for m in measures) and (
        data.prosecutor_office is None or data.prosecutor_office.kind != OrganisationKind.OM
    ):
        errors.append(
            InvalidParam("prosecutorOffice", "required", "Noem het parket van de hoofdofficier.")
        )
    if errors:
        raise ValidationFailed(
            "Een maatregel raakt bevoegdheden van het lokaal gezag.", invalid_params=errors
        )
