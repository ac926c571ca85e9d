"""`/api/v1/assessments`: thin handlers. Reads go through the policy and are audited; every
write is a call to `assessments.services`, which checks, changes and audits in one
transaction. A version you may not see answers exactly like one that does not exist (404)."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.assessments import services
from weerstand.assessments.api.serializers import (
    ORDERING,
    AnswersInSerializer,
    AssessmentCreateSerializer,
    AssessmentFilterSerializer,
    AssessmentListItemSerializer,
    AssessmentSerializer,
    AssessmentUpdateSerializer,
    ChallengeInSerializer,
    EmptySerializer,
    SeniorCheckInSerializer,
)
from weerstand.assessments.models import LIKELIHOOD_BANDS, Assessment
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.api.pagination import PAGE_PARAMS
from weerstand.core.api.schema import ETAG_HEADER, if_match
from weerstand.core.api.views import (
    PolicyViewSet,
    audit_rows,
    etag,
    expected_version,
    reject_unknown,
    validated,
)
from weerstand.core.errors import InvalidParam, ValidationFailed, VersionMismatch
from weerstand.policy import engine
from weerstand.policy.table import Action

NESTED_INPUTS = {
    "scenarios": ("scenarios", {"triggers"}),
    "assumptions": ("assumptions", set()),
    "factors": ("factors", set()),
    "products": ("products", set()),
    "signals": ("signals", set()),
    "gaps": ("gaps", set()),
}


def _visible(user: Any, a: Assessment) -> dict[str, Any]:
    from weerstand.gaps.models import Gap
    from weerstand.information.models import ThreatProduct
    from weerstand.signals.models import Signal

    pc = list(a.product_citations.all())
    sc = list(a.signal_citations.all())
    gc = list(a.gaps.all())
    products = {
        p.pk: p
        for p in ThreatProduct.objects.visible_to(user).filter(pk__in=[c.product_id for c in pc])
    }
    signals = {
        s.pk: s for s in Signal.objects.visible_to(user).filter(pk__in=[c.signal_id for c in sc])
    }
    gaps = {
        g.pk: g
        for g in Gap.objects.visible_to(user).filter(pk__in=[g.gap_id for g in gc if g.gap_id])
    }

    def cite(c: Any, row: Any) -> dict[str, Any]:
        out: dict[str, Any] = {"grading": c.grading, "note": c.note}
        if row is not None:
            out.update({"id": row.pk, "reference": row.reference})
        return out

    def gap(g: Any) -> dict[str, Any]:
        out: dict[str, Any] = {"description": g.description, "consequence": g.consequence}
        if g.gap_id and g.gap_id in gaps:
            out["gap"] = g.gap_id
            out["description"] = gaps[g.gap_id].description
        return out

    return {
        "products": [cite(c, products.get(c.product_id)) for c in pc],
        "signals": [cite(c, signals.get(c.signal_id)) for c in sc],
        "gaps": [gap(g) for g in gc],
    }


def _detail(user: Any, a: Assessment) -> Assessment:
    """Hang the policy-scoped parts on the instance for `AssessmentSerializer`."""
    from weerstand.assessments.models import (
        INCONSISTENCY_WEIGHT,
        AchRating,
        Challenge,
        FactorJudgement,
    )

    a.out_factors = [
        {
            "factor": j.factor_id,
            "code": j.factor.code,
            "label": j.factor.label,
            "group": j.factor.group,
            "judgement": j.judgement,
            "note": j.note,
        }
        for j in FactorJudgement.objects.filter(assessment=a.pk).select_related("factor")
    ]
    a.out_scenarios = [
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
    ]
    a.out_assumptions = [
        {
            "statement": m.statement,
            "basis": m.basis,
            "confidence": m.confidence,
            "disproved_if": m.disproved_if,
            "review_by": m.review_by,
        }
        for m in a.assumptions.all()
    ]
    visible = _visible(user, a)
    a.out_products, a.out_signals, a.out_gaps = (
        visible["products"],
        visible["signals"],
        visible["gaps"],
    )
    ch = Challenge.objects.filter(assessment=a.pk).first()
    a.out_challenge = None
    if ch is not None:
        hyps = list(ch.hypotheses.all())
        evs = list(ch.evidence.all())
        cells = {
            (r.hypothesis_id, r.evidence_id): r.rating
            for r in AchRating.objects.filter(hypothesis__challenge=ch.pk)
        }
        a.out_challenge = {
            "challenger": ch.challenger_id,
            "summary": ch.summary,
            "recordedAt": ch.recorded_at,
            "answeredAt": ch.answered_at,
            "hypotheses": [
                {
                    "label": h.label,
                    "inconsistencyScore": sum(
                        INCONSISTENCY_WEIGHT[cells.get((h.pk, e.pk), "N")] for e in evs
                    ),
                }
                for h in hyps
            ],
            "evidence": [e.label for e in evs],
            "ratings": [[cells.get((h.pk, e.pk), "N") for e in evs] for h in hyps],
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
    return a


def _content(body: dict[str, Any]) -> dict[str, Any]:
    """Validated input as the service's `changes` (snake_case, nested dicts)."""
    out = {k: v for k, v in body.items() if k not in ("version", "case", "reason")}
    for key in ("scenarios",):
        if key in out:
            out[key] = [
                dict(s, triggers=[dict(t) for t in s.get("triggers", [])]) for s in out[key]
            ]
    for key in ("assumptions", "factors", "products", "signals", "gaps"):
        if key in out:
            out[key] = [dict(i) for i in out[key]]
    return out


class AssessmentViewSet(PolicyViewSet):
    """Versions of the integrated threat picture."""

    policy_needs = {
        "list": "assessment:view",
        "retrieve": "assessment:view",
        "create": "assessment:create",
        "partial_update": "assessment:change",
        "submit": "assessment:change",
        "challenge": "assessment:change",
        "answers": "assessment:change",
        "senior_check_request": "assessment:change",
        "senior_check": "assessment:change",
        "finalise": "assessment:change",
        "report": "assessment:view",
    }
    problem_statuses = {
        "list": (400,),
        "create": (400, 403, 409),
        "partial_update": (400, 403, 409, 412, 428),
        "submit": (400, 403, 409, 412),
        "challenge": (400, 403, 409),
        "answers": (400, 403, 409, 412),
        "senior_check_request": (400, 403, 409, 412),
        "senior_check": (400, 403, 409),
        "finalise": (400, 403, 409, 412),
    }

    # --- reads ------------------------------------------------------------------------------

    @extend_schema(
        summary="Versies van dreigingsbeelden die u mag zien",
        parameters=[AssessmentFilterSerializer],
        responses=AssessmentListItemSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        reject_unknown(
            request.query_params,
            (*AssessmentFilterSerializer().fields, *PAGE_PARAMS),
            what="filter",
        )
        filters = AssessmentFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        f = filters.validated_data
        qs: QuerySet = Assessment.objects.visible_to(request.user, Action.VIEW)
        if f.get("case"):
            qs = qs.filter(case=f["case"])
        if f.get("status"):
            qs = qs.filter(status=f["status"])
        qs = qs.order_by(ORDERING[f.get("ordering") or "-number"], "-pk")
        page = self.paginate_queryset(qs)
        audit_rows(AuditAction.LIST, Assessment, page, noun="dreigingsbeelden", actor=request.user)
        return self.get_paginated_response(AssessmentListItemSerializer(page, many=True).data)

    @extend_schema(summary="Eén versie", parameters=[ETAG_HEADER], responses=AssessmentSerializer)
    def retrieve(self, request: Request, pk: int) -> Response:
        a = self._get(request, pk)
        audit.record(AuditAction.READ, a, actor=request.user)
        return self._response(request, a)

    @extend_schema(
        summary="Rapport (PDF)",
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    def report(self, request: Request, pk: int) -> HttpResponse:
        from weerstand.assessments.report import render_pdf
        from weerstand.assessments.views import _context

        a = self._get(request, pk)
        pdf = render_pdf(_context(request.user, a))
        audit.record(AuditAction.EXPORT, a, reason="rapport (pdf)", actor=request.user)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="dreigingsbeeld-{a.reference}.pdf"'
        response["Cache-Control"] = "no-store"
        return response

    # --- writes -----------------------------------------------------------------------------

    @extend_schema(
        summary="Nieuwe versie (concept) opstellen",
        description=(
            "De eerste versie van een casus, of een herijking die de laatst vastgestelde "
            "versie kopieert. Per casus is één versie tegelijk open."
        ),
        request=AssessmentCreateSerializer,
        responses={201: AssessmentSerializer},
    )
    def create(self, request: Request) -> Response:
        body = validated(AssessmentCreateSerializer, request.data)
        a = services.start_version(request.user, body["case"], reason=body.get("reason", ""))
        changes = _content(body)
        if changes:
            a = services.update_assessment(request.user, a.pk, changes, expected_version=a.version)
        a = self._get(request, a.pk)
        return self._response(request, a, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Concept bijwerken",
        description=(
            "Vereist If-Match met de ETag: ontbreekt die, dan 428; verouderd, dan 412. "
            "Een vastgestelde versie verandert nooit (409)."
        ),
        parameters=[if_match(required=True), ETAG_HEADER],
        request=AssessmentUpdateSerializer,
        responses=AssessmentSerializer,
    )
    def partial_update(self, request: Request, pk: int) -> Response:
        expected = expected_version(request, required=True)
        body = validated(AssessmentUpdateSerializer, request.data)
        if body.get("version") is not None and body["version"] != expected:
            raise VersionMismatch(
                "De versie in de body is niet die van If-Match.",
                invalid_params=[InvalidParam("version", "mismatch", "Gelijk aan If-Match.")],
            )
        changes = _content(body)
        if not changes:
            raise ValidationFailed(
                "Er is niets te wijzigen.",
                invalid_params=[InvalidParam("nonFieldErrors", "empty", "Geef een veld op.")],
            )
        services.update_assessment(request.user, pk, changes, expected_version=expected)
        a = self._get(request, pk)
        audit.record(AuditAction.READ, a, reason="antwoord op wijziging", actor=request.user)
        return self._response(request, a)

    @extend_schema(
        summary="Indienen voor tegenspraak",
        parameters=[if_match(required=False)],
        request=EmptySerializer,
        responses={201: AssessmentSerializer},
    )
    def submit(self, request: Request, pk: int) -> Response:
        return self._step(request, pk, services.submit_for_challenge)

    @extend_schema(
        summary="Tegenspraak vastleggen (ACH-matrix, blinde vlekken, onenigheid)",
        description="Door een andere analist van het casusteam dan de auteur.",
        request=ChallengeInSerializer,
        responses={201: AssessmentSerializer},
    )
    def challenge(self, request: Request, pk: int) -> Response:
        body = validated(ChallengeInSerializer, request.data)
        services.record_challenge(
            request.user,
            pk,
            services.ChallengeData(
                summary=body["summary"],
                hypotheses=body["hypotheses"],
                evidence=body["evidence"],
                ratings=body["ratings"],
                blind_spots=body.get("blindSpots", []),
                disagreements=body.get("disagreements", []),
                alternatives=body.get("alternatives", []),
            ),
        )
        return self._response(request, self._get(request, pk), status.HTTP_201_CREATED)

    @extend_schema(
        summary="Antwoord van de auteur op elk punt van de tegenspraak",
        parameters=[if_match(required=False)],
        request=AnswersInSerializer,
        responses={201: AssessmentSerializer},
    )
    def answers(self, request: Request, pk: int) -> Response:
        expected = expected_version(request, required=False)
        body = validated(AnswersInSerializer, request.data)
        answers = {a["point"]: (a["position"], a.get("answer", "")) for a in body["answers"]}
        services.answer_challenge(request.user, pk, answers, expected_version=expected)
        return self._response(request, self._get(request, pk), status.HTTP_201_CREATED)

    @extend_schema(
        summary="Extra controle door een senior analist aanvragen",
        parameters=[if_match(required=False)],
        request=EmptySerializer,
        responses={201: AssessmentSerializer},
    )
    def senior_check_request(self, request: Request, pk: int) -> Response:
        return self._step(request, pk, services.request_senior_check)

    @extend_schema(
        summary="Extra controle vastleggen (senior analist, niet de auteur)",
        request=SeniorCheckInSerializer,
        responses={201: AssessmentSerializer},
    )
    def senior_check(self, request: Request, pk: int) -> Response:
        body = validated(SeniorCheckInSerializer, request.data)
        services.record_senior_check(request.user, pk, note=body["note"])
        return self._response(request, self._get(request, pk), status.HTTP_201_CREATED)

    @extend_schema(
        summary="Vaststellen",
        description=(
            "Alleen na beantwoorde tegenspraak, en bij een complexe casus na de extra controle. "
            "Daarna verandert de versie nooit meer."
        ),
        parameters=[if_match(required=False)],
        request=EmptySerializer,
        responses={201: AssessmentSerializer},
    )
    def finalise(self, request: Request, pk: int) -> Response:
        return self._step(request, pk, services.finalise)

    # --- helpers ----------------------------------------------------------------------------

    def _step(self, request: Request, pk: int, service: Any) -> Response:
        expected = expected_version(request, required=False)
        reject_unknown(request.data, ())
        service(request.user, pk, expected_version=expected)
        return self._response(request, self._get(request, pk), status.HTTP_201_CREATED)

    def _get(self, request: Request, pk: int) -> Assessment:
        return cast(
            Assessment,
            engine.get_for(
                Assessment.objects.select_related("case"), request.user, Action.VIEW, pk=pk
            ),
        )

    def _response(self, request: Request, a: Assessment, code: int = 200) -> Response:
        return Response(
            AssessmentSerializer(_detail(request.user, a)).data,
            status=code,
            headers={"ETag": etag(a.version)},
        )
