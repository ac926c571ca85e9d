"""The difference between two versions of a case's threat picture (recalibration review)."""

from __future__ import annotations

from typing import Any

from django.db import models

from weerstand.assessments.models import Assessment, FactorJudgement

FIELDS = (
    "threat_level",
    "recommended_resistance",
    "summary",
    "person_resilience",
    "employer_measures",
    "measures_in_place",
    "measures_effectiveness",
    "residual_risk",
    "no_gaps",
    "no_gaps_reason",
    "classification",
)


def _label(name: str) -> str:
    """A field's own label; every name in FIELDS is a column, never a reverse relation."""
    field = Assessment._meta.get_field(name)
    return str(field.verbose_name) if isinstance(field, models.Field) else name


def _display(a: Assessment, name: str) -> str:
    getter = getattr(a, f"get_{name}_display", None)
    value = getter() if getter and getattr(a, name) is not None else getattr(a, name)
    return "" if value is None else str(value)


def _scenarios(a: Assessment) -> dict[str, str]:
    return {
        s.title: (
            f"{s.get_likelihood_display()}; impact {s.get_impact_display()}; "
            + "; ".join(
                f"{t.description}" + (f" ({t.expected_on:%d-%m-%Y})" if t.expected_on else "")
                for t in s.triggers.all()
            )
        )
        for s in a.scenarios.prefetch_related("triggers")
    }


def _assumptions(a: Assessment) -> dict[str, str]:
    return {
        m.statement: f"{m.get_confidence_display()}; toetsen vóór {m.review_by:%d-%m-%Y}"
        for m in a.assumptions.all()
    }


def _citations(a: Assessment) -> dict[str, str]:
    out = {f"product {c.product_id}": c.grading for c in a.product_citations.all()}
    out.update({f"signaal {c.signal_id}": c.grading for c in a.signal_citations.all()})
    return out


def _gaps(a: Assessment) -> dict[str, str]:
    return {
        (f"leemte {g.gap_id}" if g.gap_id else g.description): g.consequence for g in a.gaps.all()
    }


def _factors(a: Assessment) -> dict[str, str]:
    return {
        j.factor.label: j.get_judgement_display()
        for j in FactorJudgement.objects.filter(assessment=a.pk).select_related("factor")
    }


def _keyed(old: dict[str, str], new: dict[str, str]) -> list[dict[str, str]]:
    rows = []
    for key in sorted(set(old) | set(new)):
        if key not in old:
            rows.append({"key": key, "change": "added", "old": "", "new": new[key]})
        elif key not in new:
            rows.append({"key": key, "change": "removed", "old": old[key], "new": ""})
        elif old[key] != new[key]:
            rows.append({"key": key, "change": "changed", "old": old[key], "new": new[key]})
    return rows


def compare(old: Assessment, new: Assessment) -> dict[str, Any]:
    """Field changes and added/removed/changed parts, as plain rows for the page."""
    fields = []
    for name in FIELDS:
        a, b = _display(old, name), _display(new, name)
        if a != b:
            fields.append({"key": _label(name), "change": "changed", "old": a, "new": b})
    return {
        "fields": fields,
        "factors": _keyed(_factors(old), _factors(new)),
        "scenarios": _keyed(_scenarios(old), _scenarios(new)),
        "assumptions": _keyed(_assumptions(old), _assumptions(new)),
        "citations": _keyed(_citations(old), _citations(new)),
        "gaps": _keyed(_gaps(old), _gaps(new)),
    }
