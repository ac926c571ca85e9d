"""Drafting a threat picture: start a version (the first, or a recalibration that copies the
last finalised one), edit its text and levels, and replace or add/remove its parts.

Only one version per case is open at a time; only analysts of the case team edit, never the
analyst who challenged the version; a version that cites a higher-classified product or signal
is raised to that classification, never left below it.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max

from weerstand.assessments.levels import ResistanceLevel, ThreatLevel
from weerstand.assessments.models import (
    EDITABLE_STATUSES,
    FINAL_STATUSES,
    Assessment,
    AssessmentGap,
    Assumption,
    FactorJudgement,
    Judgement,
    ProductCitation,
    Scenario,
    ScenarioTrigger,
    SignalCitation,
    TemplateFactor,
)
from weerstand.assessments.rules import (
    DRAFTABLE_CASE_STATES,
    challenger_id,
    is_writer,
    require_writer,
)
from weerstand.assessments.services._common import (
    NESTED_KEYS,
    bump,
    case_event,
    check_version,
    clean_text,
    latest_finalised,
    locked,
    require_status,
)
from weerstand.assessments.services.methods import template_in_force
from weerstand.assessments.services.parts import (
    ASSUMPTION_FIELDS,
    SCENARIO_FIELDS,
    set_assumptions,
    set_factors,
    set_gaps,
    set_products,
    set_scenarios,
    set_signals,
)
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases.models import Case
from weerstand.core.errors import InvalidParam, InvalidTransition, NotPermitted, ValidationFailed
from weerstand.core.locks import serialise
from weerstand.policy import engine
from weerstand.policy.table import Action


def start_version(actor: Any, case_id: int, *, reason: str = "") -> Assessment:
    """A new draft for a case: the first version, or a recalibration copying the last one.

    Only one version per case is open at a time; the lock orders concurrent starts.
    """
    engine.require_principal(actor)
    with transaction.atomic():
        case = engine.get_for(Case.objects.select_for_update(), actor, Action.VIEW, pk=case_id)
        if not is_writer(actor, case):
            raise NotPermitted("Alleen analisten van het casusteam stellen een dreigingsbeeld op.")
        if case.state not in DRAFTABLE_CASE_STATES:
            raise InvalidTransition(
                f"In status '{case.get_state_display()}' wordt geen dreigingsbeeld opgesteld."
            )
        serialise(f"assessment-case-{case.pk}")
        versions = Assessment.objects.filter(case=case.pk)
        if versions.exclude(status__in=FINAL_STATUSES).exists():
            raise InvalidTransition("Er is al een openstaande versie van dit dreigingsbeeld.")
        number = (versions.aggregate(n=Max("number"))["n"] or 0) + 1
        previous = latest_finalised(case)
        if previous is not None:
            a = _copy_version(actor, previous, number)
            what = f"Herijking: versie {number} op basis van versie {previous.number}"
        else:
            a = Assessment.objects.create(
                case=case,
                number=number,
                author=actor,
                template=template_in_force(case.phenomenon),
                classification=case.classification,
            )
            what = f"Dreigingsbeeld versie {number} gestart"
            _sync_factors(a)
        case_event(case, actor, "assessment_started", f"{what}. {clean_text(reason)}".strip())
        audit.record(
            AuditAction.CREATE,
            a,
            changes={"status": [None, a.status], "number": [None, number]},
            reason=clean_text(reason) or what,
            actor=actor,
        )
    return a


def _sync_factors(a: Assessment) -> None:
    """Give the version one judgement row per factor of its template (unknown by default)."""
    if a.template_id is None:
        return
    have = set(FactorJudgement.objects.filter(assessment=a.pk).values_list("factor_id", flat=True))
    FactorJudgement.objects.bulk_create(
        FactorJudgement(assessment=a, factor=factor)
        for factor in TemplateFactor.objects.filter(template=a.template_id).order_by("order")
        if factor.pk not in have
    )


def _copy_version(actor: Any, prev: Assessment, number: int) -> Assessment:
    """Recalibration starts from the previous picture: every part copied, challenge not."""
    a = Assessment.objects.create(
        case=prev.case,
        number=number,
        author=actor,
        previous=prev,
        template=template_in_force(prev.case.phenomenon) or prev.template,
        classification=prev.classification,
        **{
            name: getattr(prev, name)
            for name in Assessment.EDITABLE_FIELDS
            if name != "classification"
        },
    )
    old_judgements = {
        j.factor.code: j
        for j in FactorJudgement.objects.filter(assessment=prev.pk).select_related("factor")
    }
    if a.template_id is not None:
        judgements = []
        for factor in TemplateFactor.objects.filter(template=a.template_id).order_by("order"):
            old = old_judgements.get(factor.code)
            judgements.append(
                FactorJudgement(
                    assessment=a,
                    factor=factor,
                    judgement=old.judgement if old else Judgement.UNKNOWN,
                    note=old.note if old else "",
                )
            )
        FactorJudgement.objects.bulk_create(judgements)
    ProductCitation.objects.bulk_create(
        ProductCitation(assessment=a, product=c.product, grading=c.product.grading, note=c.note)
        for c in ProductCitation.objects.filter(assessment=prev.pk).select_related("product")
    )
    SignalCitation.objects.bulk_create(
        SignalCitation(assessment=a, signal=c.signal, grading=c.signal.grading, note=c.note)
        for c in SignalCitation.objects.filter(assessment=prev.pk).select_related("signal")
    )
    AssessmentGap.objects.bulk_create(
        AssessmentGap(
            assessment=a, gap_id=g.gap_id, description=g.description, consequence=g.consequence
        )
        for g in AssessmentGap.objects.filter(assessment=prev.pk)
    )
    for s in Scenario.objects.filter(assessment=prev.pk).prefetch_related("triggers"):
        triggers = list(s.triggers.all())
        copy = Scenario.objects.create(
            assessment=a,
            **{f: getattr(s, f) for f in SCENARIO_FIELDS},
        )
        for t in triggers:
            ScenarioTrigger.objects.create(
                scenario=copy, description=t.description, expected_on=t.expected_on
            )
    Assumption.objects.bulk_create(
        Assumption(assessment=a, **{f: getattr(m, f) for f in ASSUMPTION_FIELDS})
        for m in Assumption.objects.filter(assessment=prev.pk)
    )
    return a


def update_assessment(
    actor: Any, pk: int, changes: dict[str, Any], *, expected_version: int
) -> Assessment:
    """Edit a draft (or an answered version): fields, and optionally whole parts.

    Parts given (`products`, `signals`, `gaps`, `scenarios`, `assumptions`) replace the
    version's current ones; `factors` updates the judgements of the named factors.
    """
    unknown = set(changes) - set(Assessment.EDITABLE_FIELDS) - set(NESTED_KEYS)
    if unknown:
        raise ValidationFailed(
            "Deze velden zijn niet te wijzigen.",
            invalid_params=[
                InvalidParam(n, "read-only", "Niet wijzigbaar.") for n in sorted(unknown)
            ],
        )
    with transaction.atomic():
        a = locked(actor, pk)
        _check_editable(actor, a)
        check_version(a, expected_version)
        fields = {k: v for k, v in changes.items() if k in Assessment.EDITABLE_FIELDS}
        fields = _clean_fields(actor, a, fields)
        before = {k: getattr(a, k) for k in fields}
        parts: dict[str, Any] = {}
        if "factors" in changes:
            parts["factors"] = set_factors(a, changes["factors"])
        if "products" in changes:
            parts["products"] = set_products(actor, a, changes["products"])
        if "signals" in changes:
            parts["signals"] = set_signals(actor, a, changes["signals"])
        if "gaps" in changes:
            parts["gaps"] = set_gaps(actor, a, changes["gaps"])
        if "scenarios" in changes:
            parts["scenarios"] = set_scenarios(a, changes["scenarios"])
        if "assumptions" in changes:
            parts["assumptions"] = set_assumptions(a, changes["assumptions"])
        floor = _classification_floor(a)
        if floor > fields.get("classification", a.classification):
            fields["classification"] = floor  # never below what it cites
        a = bump(a, **fields)
        audit.record(
            AuditAction.UPDATE,
            a,
            changes=audit.field_changes(before, fields, model=Assessment) | parts,
            actor=actor,
        )
    return a


def _check_editable(actor: Any, a: Assessment) -> None:
    require_writer(actor, a)
    require_status(a, *EDITABLE_STATUSES, what="Wijzigen")
    if actor.pk == challenger_id(a):
        raise NotPermitted("Wie tegenspraak levert, wijzigt het dreigingsbeeld niet zelf.")


def _clean_fields(actor: Any, a: Assessment, fields: dict[str, Any]) -> dict[str, Any]:
    errors = []
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name in ("threat_level", "recommended_resistance"):
            choices = ThreatLevel if name == "threat_level" else ResistanceLevel
            if value in (None, ""):
                out[name] = None
                continue
            try:
                value = int(value)
            except (TypeError, ValueError):
                value = -1
            if value not in choices.values:
                errors.append(InvalidParam(name, "invalid-choice", "Ongeldig niveau."))
            out[name] = value
        elif name == "classification":
            value = int(value)
            if value > actor.clearance:
                errors.append(InvalidParam(name, "too-high", "Boven uw screeningsniveau."))
            if value < a.case.classification:
                errors.append(InvalidParam(name, "too-low", "Lager dan de casus."))
            out[name] = value
        elif name == "no_gaps":
            out[name] = bool(value)
        else:
            out[name] = clean_text(value)
    if errors:
        raise ValidationFailed("Het dreigingsbeeld is niet goed ingevuld.", invalid_params=errors)
    return out


def _classification_floor(a: Assessment) -> int:
    levels = list(
        ProductCitation.objects.filter(assessment=a.pk).values_list(
            "product__classification", flat=True
        )
    ) + list(
        SignalCitation.objects.filter(assessment=a.pk).values_list(
            "signal__classification", flat=True
        )
    )
    return max([a.case.classification, *levels])


# Small edits for the web pages: add or remove one part.


def current_parts(a: Assessment, kind: str) -> list[dict[str, Any]]:
    """The parts of one kind as the input dicts `update_assessment` takes (to add/remove)."""
    if kind == "products":
        return [{"product": c.product_id, "note": c.note} for c in a.product_citations.all()]
    if kind == "signals":
        return [{"signal": c.signal_id, "note": c.note} for c in a.signal_citations.all()]
    if kind == "gaps":
        return [
            {"gap": g.gap_id, "description": g.description, "consequence": g.consequence}
            for g in a.gaps.all()
        ]
    if kind == "scenarios":
        return [
            {
                **{f: getattr(s, f) for f in SCENARIO_FIELDS if f != "order"},
                "triggers": [
                    {"description": t.description, "expected_on": t.expected_on}
                    for t in s.triggers.all()
                ],
            }
            for s in a.scenarios.all()
        ]
    if kind == "assumptions":
        return [{f: getattr(m, f) for f in ASSUMPTION_FIELDS} for m in a.assumptions.all()]
    raise ValidationFailed("Onbekend onderdeel.")


def add_part(
    actor: Any, pk: int, kind: str, item: dict[str, Any], *, expected_version: int
) -> Assessment:
    with transaction.atomic():
        a = locked(actor, pk)
        items = [*current_parts(a, kind), item]
        return update_assessment(actor, pk, {kind: items}, expected_version=expected_version)


def remove_part(actor: Any, pk: int, kind: str, index: int, *, expected_version: int) -> Assessment:
    with transaction.atomic():
        a = locked(actor, pk)
        items = current_parts(a, kind)
        if not 0 <= index < len(items):
            raise ValidationFailed("Dit onderdeel bestaat niet (meer).")
        del items[index]
        return update_assessment(actor, pk, {kind: items}, expected_version=expected_version)


def save_draft(
    actor: Any,
    pk: int,
    changes: dict[str, Any],
    *,
    expected_version: int,
    add: tuple[str, dict[str, Any]] | None = None,
    remove: tuple[str, int] | None = None,
) -> Assessment:
    """The editor's one form: save everything typed (fields and factor judgements) and, in
    the same transaction, add or remove the part whose button was pressed. Checked against
    `expected_version` once, so a change by someone else in the meantime refuses all of it
    and the page keeps what was typed."""
    with transaction.atomic():
        a = update_assessment(actor, pk, changes, expected_version=expected_version)
        if add is not None:
            a = add_part(actor, pk, add[0], add[1], expected_version=a.version)
        if remove is not None:
            a = remove_part(actor, pk, remove[0], remove[1], expected_version=a.version)
    return a
