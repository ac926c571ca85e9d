"""Read models of the integrated threat picture: what the pages, the PDF and the API show.

Pages and the API both ask these, so a list or a picture is assembled once and the API never
imports a view. Every row that belongs to someone else (a case, a product, a signal, a gap)
comes through `visible_to(user)` or `engine.get_for`: a cited row the reader may not see is
paired with None ("not visible to you"), never with its title. Nothing here writes; the
callers record the read in the audit trail.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from weerstand.assessments import diff as diffing
from weerstand.assessments import services
from weerstand.assessments.models import (
    FINAL_STATUSES,
    INCONSISTENCY_WEIGHT,
    LIKELIHOOD_BANDS,
    AchRating,
    Assessment,
    AssessmentRules,
    AssessmentStatus,
    Challenge,
    ChallengePoint,
    FactorJudgement,
    MethodTemplate,
)
from weerstand.assessments.timeline import case_timeline
from weerstand.cases.models import NATIONAL_PHENOMENA, Case, Phenomenon
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource

# --------------------------------------------------------------------------- single rows


def sees_assessments(user: Any) -> bool:
    """Whether the user's roles reach threat pictures at all (menu, pages, panels)."""
    return engine.can(user, Resource.ASSESSMENT, Action.VIEW)


def assessment_for(user: Any, pk: int) -> Assessment:
    """One version the user may see, with what its pages show; 404 for hidden and absent."""
    if not sees_assessments(user):
        raise Http404("Niet gevonden")
    return engine.get_for(
        Assessment.objects.select_related(
            "case", "author", "template", "finalised_by", "senior_checked_by", "previous"
        ),
        user,
        Action.VIEW,
        pk=pk,
    )


def case_for(user: Any, pk: int) -> Case:
    """A case whose pictures the user may see; 404 for hidden and absent."""
    if not sees_assessments(user):
        raise Http404("Niet gevonden")
    return engine.get_for(Case.objects.all(), user, Action.VIEW, pk=pk)


def versions(user: Any, case: Case) -> list[Assessment]:
    """The versions of one case's picture that the user may see, newest first."""
    return list(
        Assessment.objects.visible_to(user, Action.VIEW)
        .filter(case=case.pk)
        .select_related("author")
        .order_by("-number")
    )


def assessment_list(
    user: Any, *, case: int | None = None, status: str | None = None, order_by: str = "-number"
) -> QuerySet[Assessment]:
    """The API's list: visible versions, optionally of one case or in one status."""
    qs: QuerySet[Assessment] = Assessment.objects.visible_to(user, Action.VIEW)
    if case:
        qs = qs.filter(case=case)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by(order_by, "-pk")


# --------------------------------------------------------------------------- overview


def overview(user: Any, today: date | None = None) -> list[dict[str, Any]]:
    """Every active national case the user may see, with its picture's recalibration state:
    overdue first, then due, then the rest by reference."""
    cases = list(
        Case.objects.visible_to(user, Action.VIEW)
        .filter(state__in=services.ACTIVE_CASE_STATES)
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
    rows: list[dict[str, Any]] = []
    for case in cases:
        info = services.due_info(user, case, latest.get(case.pk), today)
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


def overview_counts(rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    return {
        "total": len(rows),
        "overdue": sum(1 for r in rows if r["info"].overdue),
        "due": sum(1 for r in rows if r["info"].due),
    }


def due_rows(user: Any) -> list[dict[str, Any]]:
    """What is due for recalibration now, as the user may see it (the start-page panel)."""
    return [r for r in overview(user) if r["info"].due]


# --------------------------------------------------------------------------- one case


def case_page(user: Any, case: Case) -> dict[str, Any]:
    """The versions of one case's picture and its timeline chart."""
    rows = versions(user, case)
    return {
        "case": case,
        "versions": rows,
        "timeline": case_timeline(user, case),
        "can_start": services.may_start_version(user, case),
    }


# --------------------------------------------------------------------------- the picture


def cited(user: Any, a: Assessment) -> dict[str, list[tuple[Any, Any]]]:
    """The version's product and signal citations and gap statements, each paired with the
    row it refers to when the user may see that row, else with None."""
    from weerstand.gaps.models import Gap
    from weerstand.information.models import ThreatProduct
    from weerstand.signals.models import Signal

    product_cites = list(a.product_citations.select_related(None).all())
    products = {
        p.pk: p
        for p in ThreatProduct.objects.visible_to(user, Action.VIEW).filter(
            pk__in=[c.product_id for c in product_cites]
        )
    }
    signal_cites = list(a.signal_citations.all())
    signals = {
        s.pk: s
        for s in Signal.objects.visible_to(user, Action.VIEW).filter(
            pk__in=[c.signal_id for c in signal_cites]
        )
    }
    gap_rows = list(a.gaps.all())
    gaps = {
        g.pk: g
        for g in Gap.objects.visible_to(user, Action.VIEW).filter(
            pk__in=[g.gap_id for g in gap_rows if g.gap_id]
        )
    }
    return {
        "products": [(c, products.get(c.product_id)) for c in product_cites],
        "signals": [(c, signals.get(c.signal_id)) for c in signal_cites],
        "gaps": [(g, gaps.get(g.gap_id) if g.gap_id else None) for g in gap_rows],
    }


def ach(challenge: Challenge) -> dict[str, Any]:
    """The ACH matrix and each hypothesis' inconsistency score (I = 1, II = 2: the hypothesis
    with the lowest score is the least contradicted). `rows` is evidence by hypotheses for the
    page, `ratings` hypotheses by evidence for the API."""
    hyps = list(challenge.hypotheses.all())
    evs = list(challenge.evidence.all())
    cells = {
        (r.hypothesis_id, r.evidence_id): r.rating
        for r in AchRating.objects.filter(hypothesis__challenge=challenge.pk)
    }
    scores = [
        sum(INCONSISTENCY_WEIGHT.get(cells.get((h.pk, e.pk), "N"), 0) for e in evs) for h in hyps
    ]
    return {
        "hypotheses": list(zip(hyps, scores, strict=True)),
        "evidence": evs,
        "rows": [(e, [cells.get((h.pk, e.pk), "N") for h in hyps]) for e in evs],
        "ratings": [[cells.get((h.pk, e.pk), "N") for e in evs] for h in hyps],
        "best": min(scores) if scores else None,
    }


def judgements(a: Assessment) -> list[FactorJudgement]:
    return list(FactorJudgement.objects.filter(assessment=a.pk).select_related("factor"))


def challenge_points(a: Assessment) -> list[ChallengePoint]:
    """The points the author must answer (the version's one challenge)."""
    return list(Challenge.objects.get(assessment=a.pk).points.all())


def picture(user: Any, a: Assessment) -> dict[str, Any]:
    """Everything the picture page, its challenge and answer pages and the PDF show."""
    challenge = Challenge.objects.filter(assessment=a.pk).select_related("challenger").first()
    history = list(
        Assessment.objects.visible_to(user, Action.VIEW)
        .filter(case=a.case_id)
        .select_related("author", "finalised_by")
        .order_by("-number")
    )
    return {
        "a": a,
        "case": a.case,
        "judgements": judgements(a),
        **cited(user, a),
        "scenarios": list(a.scenarios.prefetch_related("triggers")),
        "assumptions": list(a.assumptions.all()),
        "challenge": challenge,
        "points": list(challenge.points.all()) if challenge else [],
        "ach": ach(challenge) if challenge else None,
        "history": history,
        "today": timezone.localdate(),
    }


# Where on the edit page each part the submission still needs is filled in.
EDIT_SECTIONS = {
    "threatLevel": "velden-kop",
    "recommendedResistance": "velden-kop",
    "summary": "velden-kop",
    "residualRisk": "velden-kop",
    "products": "products",
    "scenarios": "scenarios",
    "assumptions": "assumptions",
    "gaps": "gaps",
    "noGaps": "gaps",
}


def submission(user: Any, a: Assessment, actions: set[str]) -> dict[str, Any]:
    """Before "Indienen voor tegenspraak": the service's own refusal (None: the button works),
    the checklist of what is still needed with where to fill it in, and the products that can
    be cited from the picture's page itself when citing is among them."""
    refused = services.submission_refusal(user, a) if "submit" in actions else None
    needed = [
        {"reason": p.reason, "section": EDIT_SECTIONS.get(p.name, "")}
        for p in (refused.invalid_params if refused else [])
    ]
    needs_citation = any(p.name == "products" for p in (refused.invalid_params if refused else []))
    return {
        "submit_refusal": refused,
        "still_needed": needed,
        "citable_products": part_options(user, a)["products"] if needs_citation else [],
    }


def detail(user: Any, a: Assessment) -> dict[str, Any]:
    """The picture page: the picture, the steps this user may take now (and what a step still
    needs), why a finalised version is due, and whether an open version is complex as it
    stands."""
    ctx = picture(user, a)
    actions = services.allowed_actions(user, a)
    ctx.update(submission(user, a, actions))
    ctx.update(
        {
            "actions": actions,
            "due": services.due_info(user, a.case, a)
            if a.status == AssessmentStatus.FINALISED
            else None,
            "is_complex_now": services.complexity(a) if not a.is_final else None,
        }
    )
    return ctx


def part_options(user: Any, a: Assessment) -> dict[str, list[Any]]:
    """What may still be cited: rows of this case the user may see, not yet cited."""
    from weerstand.gaps.models import Gap
    from weerstand.information.models import ThreatProduct
    from weerstand.signals.models import Signal

    cited_p = set(a.product_citations.values_list("product_id", flat=True))
    cited_s = set(a.signal_citations.values_list("signal_id", flat=True))
    return {
        "products": [
            p
            for p in ThreatProduct.objects.visible_to(user, Action.VIEW)
            .filter(case_links__case=a.case_id)
            .exclude(status="withdrawn")
            .order_by("-received_at")
            if p.pk not in cited_p
        ],
        "signals": [
            s
            for s in Signal.objects.visible_to(user, Action.VIEW)
            .filter(case=a.case_id)
            .exclude(status="dismissed")
            .order_by("-happened_at")
            if s.pk not in cited_s
        ],
        "gaps": list(Gap.objects.visible_to(user, Action.VIEW).filter(case=a.case_id)),
    }


def diff(user: Any, a: Assessment) -> dict[str, Any]:
    """What changed against the previous version, when the user may see that version."""
    previous = None
    if a.previous_id:
        previous = Assessment.objects.visible_to(user, Action.VIEW).filter(pk=a.previous_id).first()
    return {
        "a": a,
        "previous": previous,
        "changes": diffing.compare(previous, a) if previous else None,
    }


# --------------------------------------------------------------------------- the API's shape


def api_parts(user: Any, a: Assessment) -> dict[str, Any]:
    """The nested parts of one version as the API shows them (camelCase where the schema
    says so); citations name the product or signal only when the user may see it."""

    def cite(c: Any, row: Any) -> dict[str, Any]:
        out: dict[str, Any] = {"grading": c.grading, "note": c.note}
        if row is not None:
            out.update({"id": row.pk, "reference": row.reference})
        return out

    def gap(g: Any, row: Any) -> dict[str, Any]:
        out: dict[str, Any] = {"description": g.description, "consequence": g.consequence}
        if row is not None:
            out["gap"] = g.gap_id
            out["description"] = row.description
        return out

    rows = cited(user, a)
    return {
        "factors": [
            {
                "factor": j.factor_id,
                "code": j.factor.code,
                "label": j.factor.label,
                "group": j.factor.group,
                "judgement": j.judgement,
                "note": j.note,
            }
            for j in judgements(a)
        ],
        "scenarios": [
            {
                "title": s.title,
                "actor": s.actor,
                "intent": s.intent,
                "capability": s.capability,
                "opportunity": s.opportunity,
                "likelihood": s.likelihood,
                "likelihoodBand": list(LIKELIHOOD_BANDS[s.likelihood]),
                "impact": s.impact,
                "impact_note": s.impact_note,
                "triggers": [
                    {"description": t.description, "expected_on": t.expected_on}
                    for t in s.triggers.all()
                ],
            }
            for s in a.scenarios.prefetch_related("triggers")
        ],
        "assumptions": [
            {
                "statement": m.statement,
                "basis": m.basis,
                "confidence": m.confidence,
                "disproved_if": m.disproved_if,
                "review_by": m.review_by,
            }
            for m in a.assumptions.all()
        ],
        "products": [cite(c, row) for c, row in rows["products"]],
        "signals": [cite(c, row) for c, row in rows["signals"]],
        "gaps": [gap(g, row) for g, row in rows["gaps"]],
        "challenge": _api_challenge(a),
    }


def _api_challenge(a: Assessment) -> dict[str, Any] | None:
    ch = Challenge.objects.filter(assessment=a.pk).first()
    if ch is None:
        return None
    matrix = ach(ch)
    return {
        "challenger": ch.challenger_id,
        "summary": ch.summary,
        "recordedAt": ch.recorded_at,
        "answeredAt": ch.answered_at,
        "hypotheses": [
            {"label": h.label, "inconsistencyScore": score} for h, score in matrix["hypotheses"]
        ],
        "evidence": [e.label for e in matrix["evidence"]],
        "ratings": matrix["ratings"],
        "points": [
            {
                "id": p.pk,
                "kind": p.kind,
                "text": p.text,
                "position": p.position,
                "answer": p.answer,
            }
            for p in ch.points.all()
        ],
    }


# --------------------------------------------------------------------------- the method


def methods_page() -> dict[str, Any]:
    """The method templates per phenomenon, the version in force and the intervals."""
    rules = AssessmentRules.current()
    templates = list(
        MethodTemplate.objects.prefetch_related("factors").order_by("phenomenon", "-version")
    )
    in_force = {p: services.template_in_force(p) for p in sorted(NATIONAL_PHENOMENA)}
    return {
        "templates": templates,
        "in_force": [(Phenomenon(p).label, t) for p, t in in_force.items()],
        "rules": rules,
        "intervals": [(n, rules.days_for(n)) for n in (5, 4, 3, 2, 1)],
    }
