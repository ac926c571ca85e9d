"""Domain services of the integrated threat picture. Every change goes through here and is
audited in the same transaction; views and the API only parse input and call these.

The workflow is draft → challenge → answered → (senior check when complex) → finalised.
Rules enforced here, not in the pages: only analysts of the case team write; the author never
challenges or senior-checks his own version; a version without an answered challenge, or a
complex one without the senior check, is never finalised; a finalised version never changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from weerstand.accounts.roles import Role
from weerstand.assessments.models import (
    EDITABLE_STATUSES,
    FINAL_STATUSES,
    AchEvidence,
    AchHypothesis,
    AchRating,
    Assessment,
    AssessmentGap,
    AssessmentRules,
    AssessmentStatus,
    Assumption,
    Challenge,
    ChallengePoint,
    Confidence,
    Consistency,
    FactorJudgement,
    ImmutableVersion,
    Impact,
    Judgement,
    Likelihood,
    MethodTemplate,
    PointKind,
    Position,
    ProductCitation,
    Scenario,
    ScenarioTrigger,
    SignalCitation,
    TemplateFactor,
)
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases.models import Case, CaseEvent, CaseState
from weerstand.core.errors import (
    ConcurrencyConflict,
    InvalidParam,
    InvalidTransition,
    NotPermitted,
    ValidationFailed,
)
from weerstand.core.locks import serialise
from weerstand.policy import engine
from weerstand.policy.models import CompartmentMembership
from weerstand.policy.table import Action, Resource

WRITER_ROLES = (Role.ANALYST, Role.SENIOR_ANALYST)
DRAFTABLE_CASE_STATES = (
    CaseState.ASSESSMENT,
    CaseState.DECISION,
    CaseState.PROTECTION_ACTIVE,
    CaseState.RECALIBRATION,
)
ACTIVE_CASE_STATES = DRAFTABLE_CASE_STATES
DUE_SOON_DAYS = 14
NESTED_KEYS = ("factors", "products", "signals", "gaps", "scenarios", "assumptions")


# --------------------------------------------------------------------------- reads


def latest_finalised(case: Any) -> Assessment | None:
    """The version in force for a case (the decision rests on it), or None.

    Unscoped on purpose: callers (the decision service) already hold a case the user may see;
    a view that shows the result must still read it through `visible_to(user)`.
    """
    case_pk = getattr(case, "pk", case)
    return (
        Assessment.objects.filter(case=case_pk, status=AssessmentStatus.FINALISED)
        .order_by("-number")
        .first()
    )


def template_in_force(phenomenon: str, on: date | None = None) -> MethodTemplate | None:
    """The newest active template version of a phenomenon that is in force on `on`."""
    on = on or timezone.localdate()
    return (
        MethodTemplate.objects.filter(phenomenon=phenomenon, active=True, effective_from__lte=on)
        .order_by("-version")
        .first()
    )


def is_team_member(user: Any, case: Case) -> bool:
    return CompartmentMembership.objects.filter(compartment=case.team_id, user=user.pk).exists()


def is_writer(user: Any, case: Case) -> bool:
    """An analyst (or senior) of the case team: the only people who write assessments."""
    return (
        user.has_role(*WRITER_ROLES)
        and engine.can(user, Resource.ASSESSMENT, Action.CREATE)
        and is_team_member(user, case)
    )


def can_edit(user: Any, a: Assessment) -> bool:
    challenger_id = _challenger_id(a)
    return (
        a.status in EDITABLE_STATUSES
        and is_writer(user, a.case)
        and user.pk != challenger_id
        and engine.can(user, Resource.ASSESSMENT, Action.CHANGE, a)
    )


def _challenger_id(a: Assessment) -> int | None:
    return Challenge.objects.filter(assessment=a.pk).values_list("challenger_id", flat=True).first()


def allowed_actions(user: Any, a: Assessment) -> set[str]:
    """Which workflow steps the UI may offer this user now (the services decide again)."""
    out: set[str] = set()
    if not is_writer(user, a.case) or not engine.can(user, Resource.ASSESSMENT, Action.CHANGE, a):
        return out
    author = user.pk == a.author_id
    challenge = Challenge.objects.filter(assessment=a.pk).first()
    if can_edit(user, a):
        out.add("edit")
    if a.status == AssessmentStatus.DRAFT and user.pk != (challenge and challenge.challenger_id):
        out.add("submit")
    if a.status == AssessmentStatus.CHALLENGE and not author and challenge is None:
        out.add("challenge")
    if a.status == AssessmentStatus.CHALLENGE and author and challenge is not None:
        out.add("answer")
    if a.status == AssessmentStatus.ANSWERED and author:
        out.add("request_senior_check")
    if (
        a.status == AssessmentStatus.SENIOR_CHECK
        and not author
        and user.has_role(Role.SENIOR_ANALYST)
        and a.senior_checked_by_id is None
    ):
        out.add("senior_check")
    if author and (
        a.status == AssessmentStatus.ANSWERED
        or (a.status == AssessmentStatus.SENIOR_CHECK and a.senior_checked_by_id)
    ):
        out.add("finalise")
    return out


# --------------------------------------------------------------------------- helpers


def _locked(actor: Any, pk: int) -> Assessment:
    """The assessment, locked for this transaction, if the actor may see it (else 404)."""
    engine.require_principal(actor)
    return engine.get_for(
        Assessment.objects.select_for_update().select_related("case"), actor, Action.VIEW, pk=pk
    )


def _require_writer(actor: Any, a: Assessment) -> None:
    if not is_writer(actor, a.case) or not engine.can(actor, Resource.ASSESSMENT, Action.CHANGE, a):
        raise NotPermitted("Alleen analisten van het casusteam werken aan een dreigingsbeeld.")


def _require_status(a: Assessment, *statuses: str, what: str) -> None:
    if a.status in FINAL_STATUSES:
        raise ImmutableVersion("Een vastgestelde versie kan niet meer veranderen.")
    if a.status not in statuses:
        raise InvalidTransition(f"{what} kan niet in status '{a.get_status_display()}'.")


def _check_version(a: Assessment, expected_version: int | None) -> None:
    if expected_version is not None and int(expected_version) != a.version:
        raise ConcurrencyConflict(
            f"Versie {expected_version} is verouderd; de huidige versie is {a.version}."
        )


def _bump(a: Assessment, **updates: Any) -> Assessment:
    """Compare-and-swap on the version column: a concurrent writer loses, never both win."""
    done = Assessment.objects.filter(pk=a.pk, version=a.version).update(
        version=F("version") + 1, updated_at=timezone.now(), **updates
    )
    if not done:
        raise ConcurrencyConflict("Het dreigingsbeeld is intussen door iemand anders gewijzigd.")
    a.refresh_from_db()
    return a


def _text(value: Any) -> str:
    return str(value or "").strip()


def _case_event(case: Case, actor: Any, kind: str, reason: str) -> None:
    CaseEvent.objects.create(
        case=case, actor=actor, actor_name=actor.display_name, kind=kind, reason=reason
    )


# --------------------------------------------------------------------------- drafting


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
        _case_event(case, actor, "assessment_started", f"{what}. {_text(reason)}".strip())
        audit.record(
            AuditAction.CREATE,
            a,
            changes={"status": [None, a.status], "number": [None, number]},
            reason=_text(reason) or what,
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


SCENARIO_FIELDS = (
    "order",
    "title",
    "actor",
    "intent",
    "capability",
    "opportunity",
    "likelihood",
    "impact",
    "impact_note",
)
ASSUMPTION_FIELDS = ("statement", "basis", "confidence", "disproved_if", "review_by")


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
        a = _locked(actor, pk)
        _check_editable(actor, a)
        _check_version(a, expected_version)
        fields = {k: v for k, v in changes.items() if k in Assessment.EDITABLE_FIELDS}
        fields = _clean_fields(actor, a, fields)
        before = {k: getattr(a, k) for k in fields}
        parts: dict[str, Any] = {}
        if "factors" in changes:
            parts["factors"] = _set_factors(a, changes["factors"])
        if "products" in changes:
            parts["products"] = _set_products(actor, a, changes["products"])
        if "signals" in changes:
            parts["signals"] = _set_signals(actor, a, changes["signals"])
        if "gaps" in changes:
            parts["gaps"] = _set_gaps(actor, a, changes["gaps"])
        if "scenarios" in changes:
            parts["scenarios"] = _set_scenarios(a, changes["scenarios"])
        if "assumptions" in changes:
            parts["assumptions"] = _set_assumptions(a, changes["assumptions"])
        floor = _classification_floor(a)
        if floor > fields.get("classification", a.classification):
            fields["classification"] = floor  # never below what it cites
        a = _bump(a, **fields)
        audit.record(
            AuditAction.UPDATE,
            a,
            changes=audit.field_changes(before, fields, model=Assessment) | parts,
            actor=actor,
        )
    return a


def _check_editable(actor: Any, a: Assessment) -> None:
    _require_writer(actor, a)
    _require_status(a, *EDITABLE_STATUSES, what="Wijzigen")
    if actor.pk == _challenger_id(a):
        raise NotPermitted("Wie tegenspraak levert, wijzigt het dreigingsbeeld niet zelf.")


def _clean_fields(actor: Any, a: Assessment, fields: dict[str, Any]) -> dict[str, Any]:
    from weerstand.assessments.levels import ResistanceLevel, ThreatLevel

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
            out[name] = _text(value)
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


def _set_factors(a: Assessment, items: list[dict[str, Any]]) -> list[int]:
    rows = {j.factor_id: j for j in FactorJudgement.objects.filter(assessment=a.pk)}
    changed = []
    for item in items:
        factor_id = int(item["factor"])
        row = rows.get(factor_id)
        if row is None:
            raise ValidationFailed(
                "Deze factor hoort niet bij het methodesjabloon van deze versie.",
                invalid_params=[InvalidParam("factors", "unknown-factor", str(factor_id))],
            )
        judgement = item.get("judgement", row.judgement)
        if judgement not in Judgement.values:
            raise ValidationFailed(
                "Onbekend oordeel.",
                invalid_params=[InvalidParam("factors", "invalid-choice", str(judgement))],
            )
        row.judgement = judgement
        row.note = _text(item.get("note", row.note))
        changed.append(factor_id)
    # The caller holds the version locked in an editable status (the model guard is for
    # code that bypasses the services).
    FactorJudgement.objects.bulk_update([rows[f] for f in changed], ["judgement", "note"])
    return changed


def _visible_case_products(actor: Any, a: Assessment) -> QuerySet:
    from weerstand.information.models import ThreatProduct

    return ThreatProduct.objects.visible_to(actor, Action.VIEW).filter(case_links__case=a.case_id)


def _set_products(actor: Any, a: Assessment, items: list[dict[str, Any]]) -> list[int]:
    """Cite products of this case that the author may see (absent and hidden read the same)."""
    ids = [int(i["product"]) for i in items]
    products = {p.pk: p for p in _visible_case_products(actor, a).filter(pk__in=ids)}
    missing = [i for i in ids if i not in products]
    if missing:
        raise ValidationFailed(
            "Een geciteerd product bestaat niet, hoort niet bij deze casus of u mag het niet zien.",
            invalid_params=[InvalidParam("products", "does-not-exist", "Onbekend product.")],
        )
    for p in products.values():
        if p.status == "withdrawn":
            raise ValidationFailed(
                f"Product {p.reference} is ingetrokken en kan niet worden geciteerd.",
                invalid_params=[InvalidParam("products", "withdrawn", p.reference)],
            )
    ProductCitation.objects.filter(assessment=a.pk).delete()
    ProductCitation.objects.bulk_create(
        ProductCitation(
            assessment=a,
            product=products[int(item["product"])],
            grading=products[int(item["product"])].grading,
            note=_text(item.get("note")),
        )
        for item in items
    )
    return ids


def _set_signals(actor: Any, a: Assessment, items: list[dict[str, Any]]) -> list[int]:
    from weerstand.signals.models import Signal

    ids = [int(i["signal"]) for i in items]
    signals = {
        s.pk: s
        for s in Signal.objects.visible_to(actor, Action.VIEW).filter(case=a.case_id, pk__in=ids)
    }
    if any(i not in signals for i in ids):
        raise ValidationFailed(
            "Een geciteerd signaal bestaat niet, hoort niet bij deze casus of u mag het niet zien.",
            invalid_params=[InvalidParam("signals", "does-not-exist", "Onbekend signaal.")],
        )
    SignalCitation.objects.filter(assessment=a.pk).delete()
    SignalCitation.objects.bulk_create(
        SignalCitation(
            assessment=a,
            signal=signals[int(item["signal"])],
            grading=signals[int(item["signal"])].grading,
            note=_text(item.get("note")),
        )
        for item in items
    )
    return ids


def _set_gaps(actor: Any, a: Assessment, items: list[dict[str, Any]]) -> int:
    from weerstand.gaps.models import Gap

    visible = {g.pk: g for g in Gap.objects.visible_to(actor, Action.VIEW).filter(case=a.case_id)}
    rows = []
    for item in items:
        gap = None
        if item.get("gap"):
            gap = visible.get(int(item["gap"]))
            if gap is None:
                raise ValidationFailed(
                    "Deze leemte bestaat niet of hoort niet bij deze casus.",
                    invalid_params=[InvalidParam("gaps", "does-not-exist", "Onbekende leemte.")],
                )
        description = _text(item.get("description"))
        if gap is None and len(description) < 5:
            raise ValidationFailed(
                "Beschrijf de leemte (minimaal 5 tekens) of kies een vastgelegde leemte.",
                invalid_params=[InvalidParam("gaps", "required", "Beschrijving verplicht.")],
            )
        rows.append((gap, description, _text(item.get("consequence"))))
    AssessmentGap.objects.filter(assessment=a.pk).delete()
    AssessmentGap.objects.bulk_create(
        AssessmentGap(assessment=a, gap=gap, description=description, consequence=consequence)
        for gap, description, consequence in rows
    )
    return len(rows)


def _set_scenarios(a: Assessment, items: list[dict[str, Any]]) -> int:
    cleaned = [_clean_scenario(item, n) for n, item in enumerate(items)]
    Scenario.objects.filter(assessment=a.pk).delete()
    scenarios = Scenario.objects.bulk_create(
        Scenario(assessment=a, order=n, **data) for n, (data, _triggers) in enumerate(cleaned)
    )
    ScenarioTrigger.objects.bulk_create(
        ScenarioTrigger(scenario=s, **t)
        for s, (_data, triggers) in zip(scenarios, cleaned, strict=True)
        for t in triggers
    )
    return len(cleaned)


def _clean_scenario(item: dict[str, Any], n: int) -> tuple[dict[str, Any], list[dict]]:
    errors = []
    title = _text(item.get("title"))
    if len(title) < 3:
        errors.append(InvalidParam(f"scenarios[{n}].title", "required", "Geef een titel."))
    if item.get("likelihood") not in Likelihood.values:
        errors.append(
            InvalidParam(f"scenarios[{n}].likelihood", "invalid-choice", "Kies van de maatlat.")
        )
    if item.get("impact") not in Impact.values:
        errors.append(InvalidParam(f"scenarios[{n}].impact", "invalid-choice", "Kies de impact."))
    triggers = []
    for t in item.get("triggers") or []:
        description = _text(t.get("description"))
        if not description:
            continue
        expected = t.get("expected_on") or None
        if isinstance(expected, str):
            try:
                expected = date.fromisoformat(expected)
            except ValueError:
                errors.append(
                    InvalidParam(f"scenarios[{n}].triggers", "invalid-date", "Ongeldige datum.")
                )
                expected = None
        triggers.append({"description": description[:300], "expected_on": expected})
    if errors:
        raise ValidationFailed("Een scenario is niet volledig.", invalid_params=errors)
    data = {
        "title": title[:200],
        "actor": _text(item.get("actor")),
        "intent": _text(item.get("intent")),
        "capability": _text(item.get("capability")),
        "opportunity": _text(item.get("opportunity")),
        "likelihood": item["likelihood"],
        "impact": item["impact"],
        "impact_note": _text(item.get("impact_note")),
    }
    return data, triggers


def _set_assumptions(a: Assessment, items: list[dict[str, Any]]) -> int:
    rows = []
    for n, item in enumerate(items):
        errors = []
        statement = _text(item.get("statement"))
        if len(statement) < 5:
            errors.append(InvalidParam(f"assumptions[{n}].statement", "required", "Verplicht."))
        if item.get("confidence") not in Confidence.values:
            errors.append(InvalidParam(f"assumptions[{n}].confidence", "invalid-choice", "Kies."))
        review_by = item.get("review_by")
        if isinstance(review_by, str):
            try:
                review_by = date.fromisoformat(review_by)
            except ValueError:
                review_by = None
        if not isinstance(review_by, date):
            errors.append(
                InvalidParam(f"assumptions[{n}].reviewBy", "required", "Geef een toetsdatum.")
            )
        if errors:
            raise ValidationFailed("Een aanname is niet volledig.", invalid_params=errors)
        rows.append(
            {
                "statement": statement,
                "basis": _text(item.get("basis")),
                "confidence": item["confidence"],
                "disproved_if": _text(item.get("disproved_if")),
                "review_by": review_by,
            }
        )
    Assumption.objects.filter(assessment=a.pk).delete()
    Assumption.objects.bulk_create(Assumption(assessment=a, **row) for row in rows)
    return len(rows)


# Small edits for the web pages: add or remove one part.

_PART_SETTERS = {
    "products": ("product", ProductCitation),
    "signals": ("signal", SignalCitation),
    "gaps": (None, AssessmentGap),
    "scenarios": (None, Scenario),
    "assumptions": (None, Assumption),
}


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
        a = _locked(actor, pk)
        items = [*current_parts(a, kind), item]
        return update_assessment(actor, pk, {kind: items}, expected_version=expected_version)


def remove_part(actor: Any, pk: int, kind: str, index: int, *, expected_version: int) -> Assessment:
    with transaction.atomic():
        a = _locked(actor, pk)
        items = current_parts(a, kind)
        if not 0 <= index < len(items):
            raise ValidationFailed("Dit onderdeel bestaat niet (meer).")
        del items[index]
        return update_assessment(actor, pk, {kind: items}, expected_version=expected_version)


# --------------------------------------------------------------------------- workflow


def completeness_problems(a: Assessment) -> list[InvalidParam]:
    """What a version needs before it can be challenged or finalised."""
    out = []
    if not a.threat_level:
        out.append(InvalidParam("threatLevel", "required", "Kies een dreigingsniveau."))
    if not a.recommended_resistance:
        out.append(InvalidParam("recommendedResistance", "required", "Kies de weerstand."))
    if len(_text(a.summary)) < 5:
        out.append(InvalidParam("summary", "required", "Schrijf het integrale oordeel."))
    if len(_text(a.residual_risk)) < 5:
        out.append(InvalidParam("residualRisk", "required", "Beschrijf het restrisico."))
    if not Scenario.objects.filter(assessment=a.pk).exists():
        out.append(InvalidParam("scenarios", "required", "Minimaal één scenario."))
    if not Assumption.objects.filter(assessment=a.pk).exists():
        out.append(InvalidParam("assumptions", "required", "Minimaal één kernaanname."))
    if not (
        ProductCitation.objects.filter(assessment=a.pk).exists()
        or SignalCitation.objects.filter(assessment=a.pk).exists()
    ):
        out.append(InvalidParam("products", "required", "Citeer de informatie waarop het rust."))
    has_gaps = AssessmentGap.objects.filter(assessment=a.pk).exists()
    if has_gaps and a.no_gaps:
        out.append(InvalidParam("noGaps", "contradiction", "Leemten vermeld én 'geen leemten'."))
    if not has_gaps and not (a.no_gaps and len(_text(a.no_gaps_reason)) >= 5):
        out.append(
            InvalidParam(
                "gaps",
                "required",
                "Noem de resterende leemten, of verklaar met onderbouwing dat er geen zijn.",
            )
        )
    return out


def _transition(actor: Any, a: Assessment, to: str, reason: str, **updates: Any) -> Assessment:
    before = a.status
    a = _bump(a, status=to, **updates)
    audit.record(
        AuditAction.TRANSITION,
        a,
        changes={"status": [before, to]} | {k: [None, str(v)] for k, v in updates.items()},
        reason=reason,
        actor=actor,
    )
    return a


def submit_for_challenge(actor: Any, pk: int, *, expected_version: int | None = None) -> Assessment:
    """The draft is complete: another analyst of the team may now challenge it."""
    with transaction.atomic():
        a = _locked(actor, pk)
        _require_writer(actor, a)
        _require_status(a, AssessmentStatus.DRAFT, what="Indienen voor tegenspraak")
        _check_version(a, expected_version)
        problems = completeness_problems(a)
        if problems:
            raise ValidationFailed(
                "Het concept is nog niet volledig genoeg voor tegenspraak.",
                invalid_params=problems,
            )
        return _transition(actor, a, AssessmentStatus.CHALLENGE, "ingediend voor tegenspraak")


@dataclass
class ChallengeData:
    summary: str
    hypotheses: list[str]
    evidence: list[str]
    # ratings[h][e]: rating of evidence e against hypothesis h (CC/C/N/I/II)
    ratings: list[list[str]]
    blind_spots: list[str] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)
    alternatives: list[str] = field(default_factory=list)


def record_challenge(actor: Any, pk: int, data: ChallengeData) -> Challenge:
    """Structured contradiction: an ACH matrix, blind spots and points of disagreement.

    Recorded by another analyst of the case team than the author, once per version.
    """
    with transaction.atomic():
        a = _locked(actor, pk)
        _require_writer(actor, a)
        if actor.pk == a.author_id:
            raise NotPermitted("De auteur kan zijn eigen dreigingsbeeld niet tegenspreken.")
        _require_status(a, AssessmentStatus.CHALLENGE, what="Tegenspraak vastleggen")
        if Challenge.objects.filter(assessment=a.pk).exists():
            raise InvalidTransition("Voor deze versie is de tegenspraak al vastgelegd.")
        _validate_challenge(data)
        challenge = Challenge.objects.create(
            assessment=a, challenger=actor, summary=_text(data.summary)
        )
        hyps = [
            AchHypothesis.objects.create(challenge=challenge, order=n, label=_text(h)[:300])
            for n, h in enumerate(data.hypotheses)
        ]
        evs = [
            AchEvidence.objects.create(challenge=challenge, order=n, label=_text(e)[:300])
            for n, e in enumerate(data.evidence)
        ]
        AchRating.objects.bulk_create(
            AchRating(hypothesis=h, evidence=e, rating=data.ratings[i][j])
            for i, h in enumerate(hyps)
            for j, e in enumerate(evs)
        )
        order = 0
        for kind, texts in (
            (PointKind.ALTERNATIVE, data.alternatives),
            (PointKind.BLIND_SPOT, data.blind_spots),
            (PointKind.DISAGREEMENT, data.disagreements),
        ):
            for text in texts:
                if _text(text):
                    ChallengePoint.objects.create(
                        challenge=challenge, order=order, kind=kind, text=_text(text)
                    )
                    order += 1
        _bump(a)
        audit.record(
            AuditAction.CREATE,
            object_type="assessments.challenge",
            object_id=challenge.pk,
            object_repr=f"tegenspraak op {a.reference}",
            case_id=a.case_id,
            changes={
                "hypotheses": len(hyps),
                "evidence": len(evs),
                "points": order,
            },
            actor=actor,
        )
    return challenge


def _validate_challenge(data: ChallengeData) -> None:
    errors = []
    hyps = [_text(h) for h in data.hypotheses]
    evs = [_text(e) for e in data.evidence]
    if len(_text(data.summary)) < 5:
        errors.append(InvalidParam("summary", "required", "Vat de tegenspraak samen."))
    if len(hyps) < 2 or not all(hyps):
        errors.append(
            InvalidParam("hypotheses", "too-few", "Minimaal twee concurrerende hypothesen.")
        )
    if len(evs) < 1 or not all(evs):
        errors.append(InvalidParam("evidence", "too-few", "Minimaal één bewijsstuk."))
    if len(data.ratings) != len(hyps) or any(len(row) != len(evs) for row in data.ratings):
        errors.append(InvalidParam("ratings", "shape", "Beoordeel elke cel van de matrix."))
    elif any(r not in Consistency.values for row in data.ratings for r in row):
        errors.append(InvalidParam("ratings", "invalid-choice", "Gebruik CC, C, N, I of II."))
    if errors:
        raise ValidationFailed("De tegenspraak is niet volledig.", invalid_params=errors)


def answer_challenge(
    actor: Any, pk: int, answers: dict[int, tuple[str, str]], *, expected_version: int | None = None
) -> Assessment:
    """The author answers every point; what stays disputed is kept for the decision-maker."""
    with transaction.atomic():
        a = _locked(actor, pk)
        _require_writer(actor, a)
        if actor.pk != a.author_id:
            raise NotPermitted("Alleen de auteur beantwoordt de tegenspraak.")
        _require_status(a, AssessmentStatus.CHALLENGE, what="Tegenspraak beantwoorden")
        _check_version(a, expected_version)
        challenge = Challenge.objects.filter(assessment=a.pk).first()
        if challenge is None:
            raise InvalidTransition("Er is nog geen tegenspraak vastgelegd.")
        points = list(ChallengePoint.objects.filter(challenge=challenge).order_by("order", "pk"))
        errors = []
        for point in points:
            position, text = answers.get(point.pk, ("", ""))
            if position not in Position.values:
                errors.append(InvalidParam(f"answers[{point.pk}]", "required", "Kies een positie."))
            elif position != Position.AGREE and len(_text(text)) < 5:
                errors.append(
                    InvalidParam(f"answers[{point.pk}]", "required", "Licht uw positie toe.")
                )
        unknown = set(answers) - {p.pk for p in points}
        if unknown:
            errors.append(InvalidParam("answers", "unknown-point", "Onbekend punt."))
        if errors:
            raise ValidationFailed("Beantwoord elk punt van de tegenspraak.", invalid_params=errors)
        now = timezone.now()
        disputed = []
        for point in points:
            position, text = answers[point.pk]
            point.position, point.answer, point.answered_at = position, _text(text), now
            if position != Position.AGREE:
                disputed.append(
                    f"{point.get_kind_display()}: {point.text}\n"
                    f"{Position(position).label} - {_text(text)}"
                )
        ChallengePoint.objects.bulk_update(points, ["position", "answer", "answered_at"])
        Challenge.objects.filter(pk=challenge.pk).update(answered_at=now)
        is_complex, reasons = complexity(a)
        return _transition(
            actor,
            a,
            AssessmentStatus.ANSWERED,
            "tegenspraak beantwoord",
            unresolved_disagreement="\n\n".join(str(d) for d in disputed),
            is_complex=is_complex,
            complexity_reasons=reasons,
        )


def request_senior_check(actor: Any, pk: int, *, expected_version: int | None = None) -> Assessment:
    with transaction.atomic():
        a = _locked(actor, pk)
        _require_writer(actor, a)
        _require_status(a, AssessmentStatus.ANSWERED, what="Seniorcontrole aanvragen")
        _check_version(a, expected_version)
        is_complex, reasons = complexity(a)
        return _transition(
            actor,
            a,
            AssessmentStatus.SENIOR_CHECK,
            "seniorcontrole aangevraagd",
            is_complex=is_complex,
            complexity_reasons=reasons,
        )


def record_senior_check(actor: Any, pk: int, *, note: str) -> Assessment:
    """The extra check on a complex case, by a senior analyst who is not the author."""
    with transaction.atomic():
        a = _locked(actor, pk)
        _require_writer(actor, a)
        if not actor.has_role(Role.SENIOR_ANALYST):
            raise NotPermitted("Alleen een senior analist voert de extra controle uit.")
        if actor.pk == a.author_id:
            raise NotPermitted("De auteur kan zijn eigen dreigingsbeeld niet controleren.")
        _require_status(a, AssessmentStatus.SENIOR_CHECK, what="Seniorcontrole vastleggen")
        if a.senior_checked_by_id:
            raise InvalidTransition("De seniorcontrole is al vastgelegd.")
        if len(_text(note)) < 5:
            raise ValidationFailed(
                "Leg de bevindingen van de controle vast.",
                invalid_params=[InvalidParam("note", "required", "Minimaal 5 tekens.")],
            )
        a = _bump(
            a,
            senior_checked_by=actor,
            senior_checked_at=timezone.now(),
            senior_check_note=_text(note),
        )
        audit.record(
            AuditAction.UPDATE,
            a,
            changes={"senior_checked_by": [None, actor.pk], "senior_check_note": "***"},
            reason="seniorcontrole",
            actor=actor,
        )
        return a


def finalise(actor: Any, pk: int, *, expected_version: int | None = None) -> Assessment:
    """Fix the version: it becomes the one in force, the previous one is superseded, the next
    recalibration date follows from the threat level, and open re-assessment advice is
    resolved."""
    with transaction.atomic():
        a = _locked(actor, pk)
        _require_writer(actor, a)
        if actor.pk != a.author_id:
            raise NotPermitted("De auteur stelt het dreigingsbeeld vast.")
        _require_status(
            a, AssessmentStatus.ANSWERED, AssessmentStatus.SENIOR_CHECK, what="Vaststellen"
        )
        _check_version(a, expected_version)
        challenge = Challenge.objects.filter(assessment=a.pk).first()
        if challenge is None or challenge.answered_at is None:
            raise InvalidTransition("Zonder beantwoorde tegenspraak kan niet worden vastgesteld.")
        problems = completeness_problems(a)
        if problems:
            raise ValidationFailed("Het dreigingsbeeld is niet volledig.", invalid_params=problems)
        is_complex, reasons = complexity(a)
        if is_complex and a.senior_checked_by_id is None:
            raise InvalidTransition(
                "Dit is een complexe casus ("
                + "; ".join(reasons)
                + "): eerst de extra controle door een senior analist."
            )
        serialise(f"assessment-case-{a.case_id}")
        rules = AssessmentRules.current()
        today = timezone.localdate()
        next_date = today + timedelta(days=rules.days_for(a.threat_level))
        superseded = list(
            Assessment.objects.filter(case=a.case_id, status=AssessmentStatus.FINALISED)
            .exclude(pk=a.pk)
            .values_list("pk", flat=True)
        )
        Assessment.objects.filter(pk__in=superseded).update(status=AssessmentStatus.SUPERSEDED)
        for old in superseded:
            audit.record(
                AuditAction.TRANSITION,
                object_type="assessments.assessment",
                object_id=old,
                object_repr=f"dreigingsbeeld {old}",
                case_id=a.case_id,
                changes={"status": ["finalised", "superseded"], "superseded_by": a.pk},
                actor=actor,
            )
        a = _transition(
            actor,
            a,
            AssessmentStatus.FINALISED,
            "vastgesteld",
            finalised_at=timezone.now(),
            finalised_by=actor,
            next_recalibration=next_date,
            is_complex=is_complex,
            complexity_reasons=reasons,
        )
        case = Case.objects.select_for_update().get(pk=a.case_id)
        before = case.next_recalibration
        Case.objects.filter(pk=case.pk).update(
            next_recalibration=next_date, version=F("version") + 1, updated_at=timezone.now()
        )
        audit.record(
            AuditAction.UPDATE,
            case,
            changes={"next_recalibration": [str(before) if before else None, str(next_date)]},
            reason=f"dreigingsbeeld {a.reference} vastgesteld",
            actor=actor,
        )
        _case_event(
            case,
            actor,
            "assessment_finalised",
            f"Dreigingsbeeld versie {a.number} vastgesteld: dreigingsniveau {a.threat_level}, "
            f"herijking uiterlijk {next_date.isoformat()}.",
        )
        _resolve_advice(case, actor, a)
    return a


def _resolve_advice(case: Case, actor: Any, a: Assessment) -> None:
    """A new picture answers the open re-assessment advice of the case."""
    from weerstand.information import services as information

    if information.open_advice(case).exists():
        information.resolve_advice(
            case, actor=actor, resolution=f"Nieuw dreigingsbeeld {a.reference} vastgesteld."
        )


# --------------------------------------------------------------------------- complexity


def complexity(a: Assessment) -> tuple[bool, list[str]]:
    """Whether the configured criteria make this a complex case, and which ones fire."""
    from weerstand.signals.models import Signal

    rules = AssessmentRules.current()
    case = a.case
    reasons: list[str] = []
    if rules.complex_crown_witness and case.restricted_compartment_id:
        from weerstand.policy.models import Compartment

        if Compartment.objects.filter(
            pk=case.restricted_compartment_id, kind="crown_witness"
        ).exists():
            reasons.append("kroongetuigetraject")
    if a.threat_level and a.threat_level >= rules.complex_min_threat_level:
        reasons.append(f"dreigingsniveau {a.threat_level}")
    if rules.complex_multiple_phenomena:
        phenomena = set(
            ProductCitation.objects.filter(assessment=a.pk)
            .exclude(product__phenomenon="")
            .values_list("product__phenomenon", flat=True)
        )
        phenomena.add(case.phenomenon)
        if len(phenomena) > 1:
            reasons.append("meerdere fenomenen")
    if rules.complex_incident_days:
        since = timezone.now() - timedelta(days=rules.complex_incident_days)
        if (
            Signal.objects.filter(case=case.pk, kind="incident", happened_at__gte=since)
            .exclude(status="dismissed")
            .exists()
        ):
            reasons.append(f"incident in de laatste {rules.complex_incident_days} dagen")
    return bool(reasons), reasons


# --------------------------------------------------------------------------- recalibration


@dataclass
class DueInfo:
    assessment: Assessment | None
    reasons: list[str]
    overdue: bool

    @property
    def due(self) -> bool:
        return bool(self.reasons)


def due_info(
    user: Any, case: Case, current: Assessment | None, today: date | None = None
) -> DueInfo:
    """Why a case's assessment must be recalibrated now, read with the user's own eyes.

    `current` is the latest finalised version as the user may see it. Every source (products,
    signals, advice) is read through `visible_to(user)`, so a reason never reveals a row the
    user may not see.
    """
    from weerstand.information.models import ThreatProduct
    from weerstand.signals.models import Signal

    today = today or timezone.localdate()
    rules = AssessmentRules.current()
    reasons: list[str] = []
    overdue = False
    if current is None:
        return DueInfo(None, [_("nog geen vastgesteld dreigingsbeeld")], False)
    if current.next_recalibration:
        if current.next_recalibration < today:
            overdue = True
            reasons.append(
                _("herijkingstermijn verstreken (%(d)s)")
                % {"d": f"{current.next_recalibration:%d-%m-%Y}"}
            )
        elif current.next_recalibration <= today + timedelta(days=DUE_SOON_DAYS):
            reasons.append(
                _("herijking uiterlijk %(d)s") % {"d": f"{current.next_recalibration:%d-%m-%Y}"}
            )
    for m in Assumption.objects.filter(assessment=current.pk, review_by__lt=today):
        reasons.append(_("aanname verlopen op %(d)s") % {"d": f"{m.review_by:%d-%m-%Y}"})
    window = today + timedelta(days=rules.trigger_window_days)
    for t in ScenarioTrigger.objects.filter(
        scenario__assessment=current.pk, expected_on__gte=today, expected_on__lte=window
    ):
        reasons.append(
            _("triggermoment %(d)s: %(what)s")
            % {"d": f"{t.expected_on:%d-%m-%Y}", "what": t.description}
        )
    if engine.can(user, Resource.THREAT_PRODUCT, Action.VIEW):
        # The advice is case content for readers of threat information (the case is visible).
        from weerstand.information import services as information

        for adv in information.open_advice(case)[:5]:
            # Source kind and date only: the advice text may name a product the user
            # cannot see.
            reasons.append(
                _("advies herbeoordeling (%(source)s, %(d)s)")
                % {
                    "source": adv.source_type,
                    "d": f"{timezone.localtime(adv.created_at):%d-%m-%Y}",
                }
            )
    since = current.finalised_at or current.created_at
    cited = ProductCitation.objects.filter(assessment=current.pk).values("product_id")
    new_products = (
        ThreatProduct.objects.visible_to(user, Action.VIEW)
        .filter(case_links__case=case.pk, received_at__gt=since)
        .exclude(pk__in=cited)
        .exclude(status="withdrawn")
        .count()
    )
    if new_products:
        reasons.append(_("%(n)s nieuw(e) product(en) sinds vaststelling") % {"n": new_products})
    incidents = (
        Signal.objects.visible_to(user, Action.VIEW)
        .filter(case=case.pk, kind="incident", created_at__gt=since)
        .exclude(status="dismissed")
        .count()
    )
    if incidents:
        reasons.append(_("%(n)s incident(en) gemeld sinds vaststelling") % {"n": incidents})
    return DueInfo(current, reasons, overdue)


def overview(user: Any, today: date | None = None) -> list[dict[str, Any]]:
    """Every active national case the user may see, with its picture's recalibration state."""
    cases = list(
        Case.objects.visible_to(user, Action.VIEW)
        .filter(state__in=ACTIVE_CASE_STATES)
        .order_by("next_recalibration", "reference")
    )
    visible = Assessment.objects.visible_to(user, Action.VIEW).filter(
        case__in=[c.pk for c in cases]
    )
    latest: dict[int, Assessment] = {}
    open_versions: dict[int, Assessment] = {}
    for a in visible.order_by("case_id", "-number"):
        if a.status == AssessmentStatus.FINALISED and a.case_id not in latest:
            latest[a.case_id] = a
        if a.status not in FINAL_STATUSES and a.case_id not in open_versions:
            open_versions[a.case_id] = a
    rows = []
    for case in cases:
        info = due_info(user, case, latest.get(case.pk), today)
        rows.append(
            {
                "case": case,
                "info": info,
                "current": latest.get(case.pk),
                "open": open_versions.get(case.pk),
            }
        )
    rows.sort(key=lambda r: (not r["info"].overdue, not r["info"].due, r["case"].reference))
    return rows


# --------------------------------------------------------------------------- the method


def factor_lines(template: MethodTemplate) -> str:
    """A template's factors in the line format the configuration page edits."""
    return "\n".join(
        f"{t.group} | {t.code} | {t.label} | {t.guidance}"
        for t in TemplateFactor.objects.filter(template=template.pk).order_by("order", "pk")
    )


def parse_factor_lines(text: str) -> list[dict[str, str]]:
    from django.utils.text import slugify

    from weerstand.assessments.models import FactorGroup

    out, errors, seen = [], [], set()
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) < 3:
            errors.append(InvalidParam("factors", "format", f"Regel {n}: groep | code | factor."))
            continue
        group, code, label = parts[0], slugify(parts[1]), parts[2]
        if group not in FactorGroup.values:
            errors.append(InvalidParam("factors", "invalid-group", f"Regel {n}: onbekende groep."))
        if not code or code in seen:
            errors.append(InvalidParam("factors", "code", f"Regel {n}: code ontbreekt of dubbel."))
        seen.add(code)
        out.append(
            {"group": group, "code": code, "label": label[:200], "guidance": " | ".join(parts[3:])}
        )
    if not out:
        errors.append(InvalidParam("factors", "required", "Minimaal één factor."))
    if errors:
        raise ValidationFailed("De factoren zijn niet goed opgegeven.", invalid_params=errors)
    return out


def new_template_version(
    actor: Any,
    phenomenon: str,
    *,
    name: str,
    description: str,
    effective_from: date,
    factor_lines: str,
) -> MethodTemplate:
    """A senior analyst refines the method: a new version, old assessments keep theirs."""
    from weerstand.cases.models import NATIONAL_PHENOMENA

    engine.require_principal(actor)
    if not actor.has_role(Role.SENIOR_ANALYST):
        raise NotPermitted("Alleen senior analisten beheren de methodesjablonen.")
    if phenomenon not in NATIONAL_PHENOMENA:
        raise ValidationFailed("Sjablonen bestaan voor de vier landelijke fenomenen.")
    factors = parse_factor_lines(factor_lines)
    with transaction.atomic():
        serialise(f"method-template-{phenomenon}")
        last = (
            MethodTemplate.objects.filter(phenomenon=phenomenon).aggregate(n=Max("version"))["n"]
            or 0
        )
        template = MethodTemplate.objects.create(
            phenomenon=phenomenon,
            version=last + 1,
            name=_text(name)[:200],
            description=_text(description),
            effective_from=effective_from,
            created_by=actor,
        )
        for n, item in enumerate(factors):
            TemplateFactor.objects.create(template=template, order=n, **item)
        audit.record(
            AuditAction.CREATE,
            template,
            object_repr=f"methodesjabloon {phenomenon} v{template.version}",
            changes={"factors": [i["code"] for i in factors]},
            actor=actor,
        )
    return template
