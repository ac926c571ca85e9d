"""The authority's decisions and their execution. Every change goes through here, checked and
audited in one transaction; views, API and commands only call these functions.

Four-eyes rule: a second decision-maker (not the one who decided) approves `start`, `stop`,
`scale_down` and an `adjust` that changes the required resistance (up: an upgrade; down: a
scale-down in effect) before it takes effect. `continue` and an `adjust` at the same level take
effect without a second pair of eyes: they keep the protection at the level already approved.

Timing: a decision governs from its effective date E. When it is approved (or needs no
approval) its security assignments are written with `starts_on = E`, and the assignments of the
decision it replaces get `ends_on = E - 1`: nothing stops before the replacement is approved,
and there is no day without cover. `apply_decisions(on)` (daily, idempotent, and right away when
E is today) puts decisions in force, moves the case's state and closes ended assignments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases.models import Case, CaseState
from weerstand.catalogue import services as catalogue
from weerstand.catalogue.models import Measure, Package
from weerstand.core.errors import (
    ConcurrencyConflict,
    InvalidParam,
    InvalidTransition,
    NotPermitted,
    ValidationFailed,
)
from weerstand.core.locks import serialise
from weerstand.decisions.models import (
    LIVE_STATUSES,
    OPEN_ASSIGNMENT_STATUSES,
    AssignmentStatus,
    Decision,
    DecisionStatus,
    DecisionType,
    Deviation,
    DeviationKind,
    LocalNotification,
    NotificationKind,
    SecurityAssignment,
)
from weerstand.organisations.models import Organisation, OrganisationKind
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource

T = DecisionType
# Liaisons acknowledge for their organisation; unit planners report the staffing.
ACKNOWLEDGING_ROLES = ("police_liaison", "kmar_liaison")
MIN_REASONING = 20
MIN_DEVIATION_REASONING = 10

# Hours to acknowledge an assignment, per required resistance (level 4: within 4 hours).
DEFAULT_ACKNOWLEDGE_HOURS = {1: 24, 2: 24, 3: 24, 4: 4}
# Hours after the acknowledgement deadline by which the assignment must be staffed.
DEFAULT_STAFFING_HOURS = {1: 72, 2: 48, 3: 24, 4: 8}
DEFAULT_LCC_CONTACT = "Landelijk Coördinatiecentrum (LCC), 24/7 bereikbaar via de LCC-meldkamer"


def acknowledge_hours(level: int) -> int:
    configured = getattr(settings, "DECISIONS_ACKNOWLEDGE_HOURS", None) or {}
    return int(configured.get(level, DEFAULT_ACKNOWLEDGE_HOURS.get(level, 24)))


def staffing_hours(level: int) -> int:
    configured = getattr(settings, "DECISIONS_STAFFING_HOURS", None) or {}
    return int(configured.get(level, DEFAULT_STAFFING_HOURS.get(level, 48)))


def lcc_contact() -> str:
    return str(getattr(settings, "DECISIONS_LCC_CONTACT", DEFAULT_LCC_CONTACT))


# --------------------------------------------------------------------------- input


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


# --------------------------------------------------------------------------- reading helpers


def latest_finalised_assessment(case: Case) -> Any:
    """The finalised assessment a decision can rest on (system read inside a service)."""
    from weerstand.assessments.models import Assessment

    try:
        from weerstand.assessments.services import latest_finalised
    except ImportError:  # the assessment services may not offer it yet
        latest_finalised = None
    if latest_finalised is not None:
        return latest_finalised(case)
    return Assessment.objects.filter(case=case.pk, status="finalised").order_by("-number").first()


def live_decision(case: Case | int) -> Decision | None:
    """The decision whose measures run (or are about to), never a stop."""
    case_pk = getattr(case, "pk", case)
    return (
        Decision.objects.filter(case=case_pk, status__in=LIVE_STATUSES)
        .exclude(decision_type=T.STOP)
        .order_by("-effective_date", "-pk")
        .first()
    )


def pending_decision(case: Case | int) -> Decision | None:
    case_pk = getattr(case, "pk", case)
    return Decision.objects.filter(case=case_pk, status=DecisionStatus.AWAITING_APPROVAL).first()


def needs_four_eyes(decision_type: str, level: int | None, previous: Decision | None) -> bool:
    """See the module docstring for the rule."""
    if decision_type in (T.START, T.STOP, T.SCALE_DOWN):
        return True
    if decision_type == T.ADJUST:
        return previous is None or level != previous.required_resistance
    return False  # continue


def proposal(case: Case, level: int, on: date) -> dict[str, Any]:
    """What the decision screen proposes: the standard package and its measures."""
    package = catalogue.standard_package(case.phenomenon, level, on)
    return {
        "package": package,
        "measures": package.measures_on(on) if package else [],
    }


def _is_challenger(assessment: Any, user: Any) -> bool:
    try:
        from weerstand.assessments.models import Challenge
    except ImportError:
        return False
    return Challenge.objects.filter(assessment=assessment.pk, challenger=user.pk).exists()


def _can_decide_on(actor: Any, case: Case) -> bool:
    p = engine.principal(actor)
    grant = engine._reach_q(p, Resource.DECISION, Action.CREATE, "")
    return Case.objects.filter(pk=case.pk).filter(grant).exists()


def _next_reference(model: type, prefix: str, width: int) -> str:
    serialise(f"{model._meta.label_lower}-reference")
    full = f"{prefix}-{timezone.now().year}-"
    last = (
        model.objects.filter(reference__startswith=full)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{full}{number:0{width}d}"


# --------------------------------------------------------------------------- deciding


def create_decision(actor: Any, case_id: int, data: DecisionData) -> Decision:
    """Record a decision on the case's latest finalised assessment.

    Refused for the assessment's author (and its challenger): analysis and decision are
    separated. A decision that needs no second approval takes effect at once.
    """
    engine.require_principal(actor)
    if not engine.can(actor, Resource.DECISION, Action.CREATE):
        raise NotPermitted("U mag geen besluiten nemen.")
    with transaction.atomic():
        case = engine.get_for(
            Case.objects.select_for_update(of=("self",)), actor, Action.VIEW, pk=case_id
        )
        if not _can_decide_on(actor, case):
            raise NotPermitted("Alleen een besluitvormer in het casusteam mag hier besluiten.")
        serialise(f"decision-case-{case.pk}")
        assessment = latest_finalised_assessment(case)
        if assessment is None or assessment.status != "finalised":
            raise InvalidTransition("Er is geen vastgesteld dreigingsbeeld om op te besluiten.")
        if assessment.author_id == actor.pk or _is_challenger(assessment, actor):
            raise NotPermitted(
                "U heeft aan dit dreigingsbeeld meegeschreven; een andere besluitvormer besluit."
            )
        if pending_decision(case) is not None:
            raise InvalidTransition("Er wacht al een besluit op accordering voor deze casus.")
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
    if kind == T.START:
        if previous is not None:
            raise InvalidTransition(
                "Er is al een besluit van kracht; kies voortzetten of aanpassen."
            )
        if case.state != CaseState.DECISION:
            raise InvalidTransition("Een startbesluit kan alleen in de fase besluitvorming.")
    else:
        if previous is None:
            raise InvalidTransition(
                "Er is geen besluit van kracht om voort te zetten of te wijzigen."
            )
        if case.state not in (CaseState.PROTECTION_ACTIVE, CaseState.RECALIBRATION):
            raise InvalidTransition("De casus heeft geen actieve beveiliging.")
        if data.effective_date <= previous.effective_date:
            errors.append(
                InvalidParam(
                    "effectiveDate", "too-early", "Na de ingangsdatum van het vorige besluit."
                )
            )
    if len((data.reasoning or "").strip()) < MIN_REASONING:
        errors.append(
            InvalidParam("reasoning", "required", "Motiveer het besluit (min. 20 tekens).")
        )
    if data.effective_date < today:
        errors.append(InvalidParam("effectiveDate", "in-past", "Vandaag of later."))
    if assessment.unresolved_disagreement and not data.acknowledge_disagreement:
        errors.append(
            InvalidParam(
                "acknowledgeDisagreement", "required", "Bevestig dat u het meningsverschil kent."
            )
        )
    if assessment.is_complex and not data.acknowledge_complexity:
        errors.append(
            InvalidParam(
                "acknowledgeComplexity",
                "required",
                "Bevestig de extra toets voor complexe casussen.",
            )
        )
    level = data.required_resistance
    if kind == T.STOP:
        level = None
        if data.package_codes or data.deviations:
            errors.append(
                InvalidParam("packages", "not-allowed", "Een stopbesluit heeft geen pakket.")
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
    if kind != T.STOP:
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
        "four_eyes": needs_four_eyes(kind, level, previous),
    }


def _packages(
    case: Case, level: int, previous: Decision | None, data: DecisionData
) -> tuple[list[Package], list[Measure]]:
    on = data.effective_date
    if data.decision_type == T.CONTINUE and previous is not None and data.package_codes is None:
        codes = list(previous.packages.values_list("code", flat=True))
        packages = list(Package.objects.in_force(on).filter(code__in=codes))
    elif data.package_codes is None:
        package = catalogue.standard_package(case.phenomenon, level, on)
        if package is None:
            raise ValidationFailed(
                "De catalogus heeft geen pakket voor dit fenomeen en niveau op die datum.",
                invalid_params=[InvalidParam("packages", "none", "Kies een pakket.")],
            )
        packages = [package]
    else:
        packages = list(Package.objects.in_force(on).filter(code__in=data.package_codes))
        if len(packages) != len(set(data.package_codes)):
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
                    f"{name}.reasoning", "required", "Elke afwijking vraagt een eigen motivering."
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


def executor_for(measure: Measure, preferred: Organisation | None) -> Organisation | None:
    """The organisation that executes a measure: the preferred one if the measure allows its
    kind, otherwise the first national organisation of the measure's first allowed kind."""
    kinds = list(measure.executing_kinds or [])
    if preferred is not None and preferred.kind in kinds:
        return preferred
    for kind in kinds:
        org = Organisation.objects.filter(kind=kind, parent__isnull=True).order_by("code").first()
        if org is not None:
            return org
    return None


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


# --------------------------------------------------------------------------- four eyes


def _get_for_change(actor: Any, decision_id: int) -> Decision:
    engine.require_principal(actor)
    if not engine.can(actor, Resource.DECISION, Action.CHANGE):
        raise NotPermitted("U mag geen besluiten accorderen.")
    return engine.get_for(
        Decision.objects.select_for_update(of=("self",)).select_related("case", "assessment"),
        actor,
        Action.CHANGE,
        pk=decision_id,
    )


def approve_decision(
    actor: Any, decision_id: int, *, note: str = "", expected_version: int | None = None
) -> Decision:
    """The second decision-maker approves; the decision then takes effect on its date."""
    with transaction.atomic():
        decision = _get_for_change(actor, decision_id)
        _check_second_pair(actor, decision, expected_version)
        previous = live_decision(decision.case_id)
        if (previous.pk if previous else None) != decision.supersedes_id:
            raise InvalidTransition(
                "Het besluit dat dit besluit vervangt is intussen gewijzigd; neem opnieuw een "
                "besluit."
            )
        Decision.objects.filter(pk=decision.pk).update(
            status=DecisionStatus.APPROVED,
            approved_by=actor,
            approved_at=timezone.now(),
            version=F("version") + 1,
        )
        decision.refresh_from_db()
        audit.record(
            AuditAction.TRANSITION,
            decision,
            changes={"status": [DecisionStatus.AWAITING_APPROVAL, DecisionStatus.APPROVED]},
            reason=note or "geaccordeerd (vier ogen)",
            actor=actor,
        )
        _schedule(decision, actor)
    if decision.effective_date <= timezone.localdate():
        apply_decisions(timezone.localdate(), only=decision.pk)
    decision.refresh_from_db()
    return decision


def reject_decision(
    actor: Any, decision_id: int, *, reason: str, expected_version: int | None = None
) -> Decision:
    """The second decision-maker refuses, with a reason; nothing changes in the execution."""
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationFailed(
            "Geef de reden van de afwijzing.",
            invalid_params=[InvalidParam("reason", "required", "Minimaal 10 tekens.")],
        )
    with transaction.atomic():
        decision = _get_for_change(actor, decision_id)
        _check_second_pair(actor, decision, expected_version)
        Decision.objects.filter(pk=decision.pk).update(
            status=DecisionStatus.REJECTED,
            rejected_by=actor,
            rejected_at=timezone.now(),
            rejection_reason=reason,
            version=F("version") + 1,
        )
        decision.refresh_from_db()
        audit.record(
            AuditAction.TRANSITION,
            decision,
            changes={"status": [DecisionStatus.AWAITING_APPROVAL, DecisionStatus.REJECTED]},
            reason=reason,
            actor=actor,
        )
    return decision


def _check_second_pair(actor: Any, decision: Decision, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != decision.version:
        raise ConcurrencyConflict(
            f"Versie {expected_version} is verouderd; de huidige versie is {decision.version}."
        )
    if decision.status != DecisionStatus.AWAITING_APPROVAL:
        raise InvalidTransition("Dit besluit wacht niet (meer) op accordering.")
    if decision.decided_by_id == actor.pk:
        raise NotPermitted("Vier ogen: een andere besluitvormer accordeert dit besluit.")
    if decision.assessment.author_id == actor.pk or _is_challenger(decision.assessment, actor):
        raise NotPermitted("U heeft aan het dreigingsbeeld meegeschreven.")


def can_approve(user: Any, decision: Decision) -> bool:
    """For buttons only; the service checks again."""
    return (
        decision.status == DecisionStatus.AWAITING_APPROVAL
        and decision.decided_by_id != user.pk
        and decision.assessment.author_id != user.pk
        and engine.can(user, Resource.DECISION, Action.CHANGE, decision)
    )


# --------------------------------------------------------------------------- execution


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _schedule(decision: Decision, actor: Any) -> None:
    """Write the assignments and notices of an approved decision; end its predecessor's
    assignments the day before it takes effect. Called inside the caller's transaction."""
    now = timezone.now()
    effective = decision.effective_date
    if decision.status != DecisionStatus.APPROVED:
        Decision.objects.filter(pk=decision.pk).update(status=DecisionStatus.APPROVED)
        decision.status = DecisionStatus.APPROVED
    previous = decision.supersedes
    if previous is not None:
        last_day = effective - timedelta(days=1)
        for a in SecurityAssignment.objects.filter(
            decision=previous.pk, status__in=OPEN_ASSIGNMENT_STATUSES
        ).select_related("measure"):
            if a.ends_on is not None and a.ends_on <= last_day:
                continue
            SecurityAssignment.objects.filter(pk=a.pk).update(
                ends_on=last_day, version=F("version") + 1
            )
            audit.record(
                AuditAction.UPDATE,
                a,
                changes={"ends_on": [str(a.ends_on) if a.ends_on else None, str(last_day)]},
                reason=f"vervangen door besluit {decision.reference}",
                actor=actor,
            )
            _notify_end(a, last_day)
    if decision.decision_type == T.STOP:
        return
    level = decision.required_resistance or 1
    threat = getattr(decision.assessment, "threat_level", None) or 0
    ack = now + timedelta(hours=acknowledge_hours(level))
    staffed = max(ack + timedelta(hours=staffing_hours(level)), _start_of(effective))
    for measure in decision.measures.all().order_by("code"):
        org = executor_for(measure, decision.preferred_executor)
        if org is None:  # checked at decision time; a catalogue change could still cause it
            raise ValidationFailed(f"Geen uitvoerende organisatie voor {measure.name}.")
        assignment = SecurityAssignment.objects.create(
            reference=_next_reference(SecurityAssignment, "BO", 5),
            decision=decision,
            case_id=decision.case_id,
            measure=measure,
            executing_organisation=org,
            officers=measure.officers,
            qualifications=list(measure.qualifications),
            start_hour=measure.start_hour,
            end_hour=measure.end_hour,
            weekdays=list(measure.weekdays),
            mixed_team_allowed=measure.mixed_team_allowed,
            starts_on=effective,
            ends_on=None,
            priority=level * 10 + int(threat),
            acknowledge_before=ack,
            staffed_before=staffed,
        )
        audit.record(
            AuditAction.CREATE,
            assignment,
            changes={
                "measure": [None, measure.code],
                "executing_organisation": [None, org.code],
                "starts_on": [None, str(effective)],
                "acknowledge_before": [None, ack.isoformat()],
            },
            reason=f"besluit {decision.reference}",
            actor=actor,
        )
        _notify_new(decision, assignment, measure)


def _notify_new(decision: Decision, assignment: SecurityAssignment, measure: Measure) -> None:
    recipients = []
    if measure.notifies_mayor and decision.municipality_id:
        recipients.append(decision.municipality_id)
    if measure.notifies_prosecutor and decision.prosecutor_office_id:
        recipients.append(decision.prosecutor_office_id)
    for org_id in recipients:
        n = LocalNotification.objects.create(
            recipient_id=org_id,
            kind=NotificationKind.NEW,
            measure_name=measure.name,
            municipality=decision.municipality.name if decision.municipality else "",
            starts_on=assignment.starts_on,
            ends_on=assignment.ends_on,
            contact_point=lcc_contact(),
            source_assignment=assignment,
        )
        audit.record(
            AuditAction.CREATE,
            n,
            changes={k: [None, str(v)] for k, v in n.content().items()},
            reason="bericht aan lokaal gezag",
        )


def _notify_end(assignment: SecurityAssignment, last_day: date) -> None:
    """Tell the same local authorities the new end date, with the same permitted fields."""
    for old in LocalNotification.objects.filter(source_assignment=assignment.pk):
        n = LocalNotification.objects.create(
            recipient_id=old.recipient_id,
            kind=NotificationKind.CHANGED,
            measure_name=old.measure_name,
            municipality=old.municipality,
            starts_on=old.starts_on,
            ends_on=last_day,
            contact_point=old.contact_point,
            source_assignment=assignment,
        )
        audit.record(
            AuditAction.CREATE,
            n,
            changes={"ends_on": [None, str(last_day)]},
            reason="bericht aan lokaal gezag: einddatum",
        )


CASE_TRANSITION_FOR = {
    T.START: ((CaseState.DECISION,), "activate_protection"),
    T.CONTINUE: ((CaseState.RECALIBRATION,), "continue_protection"),
    T.ADJUST: ((CaseState.RECALIBRATION,), "continue_protection"),
    T.SCALE_DOWN: ((CaseState.RECALIBRATION,), "continue_protection"),
    T.STOP: ((CaseState.PROTECTION_ACTIVE, CaseState.RECALIBRATION), "end_protection"),
}


def apply_decisions(on: date | None = None, *, only: int | None = None) -> dict[str, int]:
    """Bring decisions and assignments in line with the date `on` (idempotent).

    - approved decisions with effective date <= on come in force; the one they replace is
      superseded (or ended, for a stop), and the case's state follows;
    - acknowledged assignments whose start has come become active;
    - assignments past their end date are closed (ended, or superseded when replaced).
    """
    on = on or timezone.localdate()
    counts = {"decisions": 0, "activated": 0, "closed": 0}
    due = Decision.objects.filter(status=DecisionStatus.APPROVED, effective_date__lte=on)
    if only is not None:
        due = due.filter(pk=only)
    for decision_pk in due.order_by("effective_date", "pk").values_list("pk", flat=True):
        with transaction.atomic():
            decision = (
                Decision.objects.select_for_update(of=("self",))
                .select_related("case", "supersedes", "decided_by", "approved_by")
                .get(pk=decision_pk)
            )
            if decision.status != DecisionStatus.APPROVED:
                continue  # applied meanwhile
            _put_in_force(decision)
            counts["decisions"] += 1
    with transaction.atomic():
        case_filter = Q(case__in=Decision.objects.filter(pk=only).values("case")) if only else Q()
        to_activate = SecurityAssignment.objects.filter(
            case_filter,
            status=AssignmentStatus.ACKNOWLEDGED,
            starts_on__lte=on,
            decision__status=DecisionStatus.IN_FORCE,
        ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        for a in to_activate.select_for_update(of=("self",)):
            SecurityAssignment.objects.filter(pk=a.pk).update(status=AssignmentStatus.ACTIVE)
            audit.record(
                AuditAction.TRANSITION,
                a,
                changes={"status": [a.status, AssignmentStatus.ACTIVE]},
                reason=f"startdatum {on}",
            )
            counts["activated"] += 1
        to_close = SecurityAssignment.objects.filter(
            case_filter, status__in=OPEN_ASSIGNMENT_STATUSES, ends_on__lt=on
        ).select_related("decision")
        for a in to_close.select_for_update(of=("self",)):
            target = (
                AssignmentStatus.SUPERSEDED
                if a.decision.status == DecisionStatus.SUPERSEDED
                else AssignmentStatus.ENDED
            )
            SecurityAssignment.objects.filter(pk=a.pk).update(status=target)
            audit.record(
                AuditAction.TRANSITION,
                a,
                changes={"status": [a.status, target]},
                reason=f"einddatum {a.ends_on} verstreken",
            )
            counts["closed"] += 1
    return counts


def _put_in_force(decision: Decision) -> None:
    on = decision.effective_date
    Decision.objects.filter(pk=decision.pk).update(
        status=DecisionStatus.IN_FORCE, in_force_since=on, version=F("version") + 1
    )
    audit.record(
        AuditAction.TRANSITION,
        decision,
        changes={"status": [DecisionStatus.APPROVED, DecisionStatus.IN_FORCE]},
        reason=f"ingangsdatum {on}",
    )
    previous = decision.supersedes
    if previous is not None and previous.status in LIVE_STATUSES:
        target = (
            DecisionStatus.ENDED if decision.decision_type == T.STOP else DecisionStatus.SUPERSEDED
        )
        Decision.objects.filter(pk=previous.pk).update(
            status=target, ended_on=on - timedelta(days=1), version=F("version") + 1
        )
        audit.record(
            AuditAction.TRANSITION,
            previous,
            changes={"status": [previous.status, target]},
            reason=f"vervangen door besluit {decision.reference}",
        )
    if decision.decision_type == T.STOP:
        Decision.objects.filter(pk=decision.pk).update(ended_on=on)
    _follow_case(decision)


def _follow_case(decision: Decision) -> None:
    """Move the case along the life cycle (cases.state_machine), as the deciding person."""
    from weerstand.cases.services import transition_case

    sources, name = CASE_TRANSITION_FOR[decision.decision_type]
    case = Case.objects.get(pk=decision.case_id)
    if case.state not in sources:
        return
    reason = f"Besluit {decision.reference} ({decision.get_decision_type_display()}) van kracht."
    last_error: Exception | None = None
    for actor in (decision.approved_by, decision.decided_by):
        if actor is None:
            continue
        try:
            with transaction.atomic():
                transition_case(actor, case.pk, name, reason=reason)
            return
        except (NotPermitted, InvalidTransition) as exc:  # e.g. left the case team since
            last_error = exc
    audit.record(
        AuditAction.TRANSITION,
        case,
        result="refused",
        reason=f"casusstatus niet bijgewerkt na {decision.reference}: {last_error}",
    )


# --------------------------------------------------------------------------- acknowledging


def _assignment_for_change(actor: Any, assignment_id: int) -> SecurityAssignment:
    engine.require_principal(actor)
    if not engine.can(actor, Resource.SECURITY_ASSIGNMENT, Action.CHANGE):
        raise NotPermitted("U mag beveiligingsopdrachten niet bevestigen.")
    return engine.get_for(
        SecurityAssignment.objects.select_for_update(of=("self",)).select_related("decision"),
        actor,
        Action.CHANGE,
        pk=assignment_id,
    )


def acknowledge_assignment(
    actor: Any, assignment_id: int, *, note: str = "", expected_version: int | None = None
) -> SecurityAssignment:
    """The executing organisation confirms it will carry out the assignment."""
    with transaction.atomic():
        a = _assignment_for_change(actor, assignment_id)
        if expected_version is not None and expected_version != a.version:
            raise ConcurrencyConflict(
                f"Versie {expected_version} is verouderd; de huidige versie is {a.version}."
            )
        if a.status != AssignmentStatus.PENDING:
            raise InvalidTransition("Deze opdracht wacht niet (meer) op bevestiging.")
        if actor.organisation_id != a.executing_organisation_id or not actor.has_role(
            *ACKNOWLEDGING_ROLES
        ):
            raise NotPermitted("Alleen de liaison van de uitvoerende organisatie bevestigt.")
        today = timezone.localdate()
        active = a.decision.status == DecisionStatus.IN_FORCE and a.starts_on <= today
        status = AssignmentStatus.ACTIVE if active else AssignmentStatus.ACKNOWLEDGED
        SecurityAssignment.objects.filter(pk=a.pk).update(
            status=status,
            acknowledged_at=timezone.now(),
            acknowledged_by=actor,
            acknowledgement_note=(note or "").strip(),
            version=F("version") + 1,
        )
        audit.record(
            AuditAction.TRANSITION,
            a,
            changes={"status": [a.status, status]},
            reason=(note or "bevestigd").strip()[:200],
            actor=actor,
        )
        a.refresh_from_db()
    return a


def mark_staffed(actor: Any, assignment_id: int, *, note: str = "") -> SecurityAssignment:
    """The executing organisation reports the assignment staffed (capacity in place)."""
    with transaction.atomic():
        a = _assignment_for_change(actor, assignment_id)
        if a.status not in (AssignmentStatus.ACKNOWLEDGED, AssignmentStatus.ACTIVE):
            raise InvalidTransition("Bevestig de opdracht eerst.")
        if a.staffed_at is not None:
            return a
        SecurityAssignment.objects.filter(pk=a.pk).update(
            staffed_at=timezone.now(), staffed_by=actor, version=F("version") + 1
        )
        audit.record(
            AuditAction.UPDATE,
            a,
            changes={"staffed_at": [None, "nu"]},
            reason=(note or "bemensd").strip()[:200],
            actor=actor,
        )
        a.refresh_from_db()
    return a


# --------------------------------------------------------------------------- escalation


def escalate_assignments(now: datetime | None = None) -> int:
    """Alert the LCC and the NCTV decision-makers about assignments not acknowledged or not
    staffed in time. Idempotent: each assignment escalates once per reason.

    Recipients are LCC coordinators and decision-makers who may see the assignment (so a
    crown-witness case reaches only the compartment's members); the alert itself names the
    assignment, the measure and the executing organisation, never threat content.
    """
    from weerstand.accounts.models import User
    from weerstand.policy.models import Alert

    now = now or timezone.now()
    count = 0
    candidates = list(
        User.objects.filter(
            is_active=True, role_assignments__role__in=("lcc_coordinator", "decision_maker")
        ).distinct()
    )
    late_ack = SecurityAssignment.objects.filter(
        status=AssignmentStatus.PENDING, acknowledge_before__lt=now, escalated_at__isnull=True
    )
    late_staff = SecurityAssignment.objects.filter(
        status__in=(
            AssignmentStatus.ACKNOWLEDGED,
            AssignmentStatus.ACTIVE,
            AssignmentStatus.PENDING,
        ),
        staffed_at__isnull=True,
        staffed_before__lt=now,
        staffing_escalated_at__isnull=True,
    )
    for qs, column, what in (
        (late_ack, "escalated_at", "niet tijdig bevestigd"),
        (late_staff, "staffing_escalated_at", "niet tijdig bemensd"),
    ):
        for pk in list(qs.values_list("pk", flat=True)):
            with transaction.atomic():
                a = (
                    SecurityAssignment.objects.select_for_update(of=("self",))
                    .select_related("measure", "executing_organisation", "case")
                    .get(pk=pk)
                )
                if getattr(a, column) is not None:
                    continue
                SecurityAssignment.objects.filter(pk=a.pk).update(**{column: now})
                deadline = a.acknowledge_before if column == "escalated_at" else a.staffed_before
                message = (
                    f"Escalatie: beveiligingsopdracht {a.reference} ({a.measure.name}, "
                    f"{a.executing_organisation.name}, casus {a.case.reference}) is {what} "
                    f"(uiterlijk {timezone.localtime(deadline):%d-%m-%Y %H:%M})."
                )
                for user in candidates:
                    if SecurityAssignment.objects.visible_to(user).filter(pk=a.pk).exists():
                        Alert.objects.create(recipient=user, case=None, message=message)
                audit.record(
                    AuditAction.UPDATE,
                    a,
                    changes={column: [None, now.isoformat()]},
                    reason=f"escalatie: {what}",
                )
                count += 1
    return count


# --------------------------------------------------------------------------- for the planner


def active_assignments(on: date) -> QuerySet:
    """Assignments that demand capacity on `on` (system use by the planner; pages use
    `SecurityAssignment.objects.visible_to(user)`)."""
    return (
        SecurityAssignment.objects.filter(
            status__in=OPEN_ASSIGNMENT_STATUSES,
            starts_on__lte=on,
            decision__status__in=(*LIVE_STATUSES, DecisionStatus.SUPERSEDED, DecisionStatus.ENDED),
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .select_related("measure", "executing_organisation")
    )


def overdue_assignments(qs: QuerySet, now: datetime | None = None) -> QuerySet:
    """Of `qs` (already scoped), those late in acknowledgement or staffing."""
    now = now or timezone.now()
    return qs.filter(
        Q(status=AssignmentStatus.PENDING, acknowledge_before__lt=now)
        | Q(
            status__in=OPEN_ASSIGNMENT_STATUSES,
            staffed_at__isnull=True,
            staffed_before__lt=now,
        )
    )
