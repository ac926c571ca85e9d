"""`/api/v1/assessments`: thin handlers. Reads come from `assessments.selectors` (the same
policy-scoped read models the pages use) and are audited; every write is a call to
`assessments.services`, which checks, changes and audits in one transaction. A version you
may not see answers exactly like one that does not exist (404)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.assessments import selectors, services
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
from weerstand.assessments.models import Assessment
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

NESTED_INPUTS = {
    "scenarios": ("scenarios", {"triggers"}),
    "assumptions": ("assumptions", set()),
    "factors": ("factors", set()),
    "products": ("products", set()),
    "signals": ("signals", set()),
    "gaps": ("gaps", set()),
}


def _detail(user: Any, a: Assessment) -> Assessment:
    """Hang the policy-scoped parts on the instance for `AssessmentSerializer`."""
    for name, value in selectors.api_parts(user, a).items():
        setattr(a, f"out_{name}", value)
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
        qs = selectors.assessment_list(
            request.user,
            case=f.get("case"),
            status=f.get("status"),
            order_by=ORDERING[f.get("ordering") or "-number"],
        )
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

        a = self._get(request, pk)
        pdf = render_pdf(selectors.picture(request.user, a))
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
        return selectors.assessment_for(request.user, pk)

    def _response(self, request: Request, a: Assessment, code: int = 200) -> Response:
        return Response(
            AssessmentSerializer(_detail(request.user, a)).data,
            status=code,
            headers={"ETag": etag(a.version)},
        )
