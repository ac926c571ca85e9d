"""The parts of a draft: factor judgements, cited products and signals, gaps, scenarios with
their trigger moments, and key assumptions. Each setter replaces the version's parts of one
kind in one go; the caller (`drafting.update_assessment`) holds the version locked in an
editable status and audits the change.

A cited product, signal or gap must belong to the case and be visible to the author: one that
does not exist and one he may not see are refused with the same words.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet

from weerstand.assessments.models import (
    Assessment,
    AssessmentGap,
    Assumption,
    Confidence,
    FactorJudgement,
    Impact,
    Judgement,
    Likelihood,
    ProductCitation,
    Scenario,
    ScenarioTrigger,
    SignalCitation,
)
from weerstand.assessments.services._common import clean_text
from weerstand.core.errors import InvalidParam, ValidationFailed
from weerstand.policy.table import Action

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


def set_factors(a: Assessment, items: list[dict[str, Any]]) -> list[int]:
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
        row.note = clean_text(item.get("note", row.note))
        changed.append(factor_id)
    # The caller holds the version locked in an editable status (the model guard is for
    # code that bypasses the services).
    FactorJudgement.objects.bulk_update([rows[f] for f in changed], ["judgement", "note"])
    return changed


def _visible_case_products(actor: Any, a: Assessment) -> QuerySet:
    from weerstand.information.models import ThreatProduct

    return ThreatProduct.objects.visible_to(actor, Action.VIEW).filter(case_links__case=a.case_id)


def set_products(actor: Any, a: Assessment, items: list[dict[str, Any]]) -> list[int]:
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
            note=clean_text(item.get("note")),
        )
        for item in items
    )
    return ids


def set_signals(actor: Any, a: Assessment, items: list[dict[str, Any]]) -> list[int]:
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
            note=clean_text(item.get("note")),
        )
        for item in items
    )
    return ids


def set_gaps(actor: Any, a: Assessment, items: list[dict[str, Any]]) -> int:
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
        description = clean_text(item.get("description"))
        if gap is None and len(description) < 5:
            raise ValidationFailed(
                "Beschrijf de leemte (minimaal 5 tekens) of kies een vastgelegde leemte.",
                invalid_params=[InvalidParam("gaps", "required", "Beschrijving verplicht.")],
            )
        rows.append((gap, description, clean_text(item.get("consequence"))))
    AssessmentGap.objects.filter(assessment=a.pk).delete()
    AssessmentGap.objects.bulk_create(
        AssessmentGap(assessment=a, gap=gap, description=description, consequence=consequence)
        for gap, description, consequence in rows
    )
    return len(rows)


def set_scenarios(a: Assessment, items: list[dict[str, Any]]) -> int:
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
    title = clean_text(item.get("title"))
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
        description = clean_text(t.get("description"))
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
        "actor": clean_text(item.get("actor")),
        "intent": clean_text(item.get("intent")),
        "capability": clean_text(item.get("capability")),
        "opportunity": clean_text(item.get("opportunity")),
        "likelihood": item["likelihood"],
        "impact": item["impact"],
        "impact_note": clean_text(item.get("impact_note")),
    }
    return data, triggers


def set_assumptions(a: Assessment, items: list[dict[str, Any]]) -> int:
    rows = []
    for n, item in enumerate(items):
        errors = []
        statement = clean_text(item.get("statement"))
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
                "basis": clean_text(item.get("basis")),
                "confidence": item["confidence"],
                "disproved_if": clean_text(item.get("disproved_if")),
                "review_by": review_by,
            }
        )
    Assumption.objects.filter(assessment=a.pk).delete()
    Assumption.objects.bulk_create(Assumption(assessment=a, **row) for row in rows)
    return len(rows)
