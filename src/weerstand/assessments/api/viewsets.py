"""`/api/v1/assessments`: thin handlers. Reads go through the policy (`core.api.mixins`) and
are audited, the nested parts come from `assessments.selectors` (the same policy-scoped read
models the pages use); every write is a call to `assessments.services`, which checks, changes
and audits in one transaction. A version you may not see answers exactly like one that does
not exist (404)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema, extend_schema_view
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
from weerstand.core.api.downloads import DownloadMixin, download_responses
from weerstand.core.api.mixins import ListMixin, RetrieveMixin
from weerstand.core.api.routes import Route
from weerstand.core.api.schema import ETAG_HEADER, if_match
from weerstand.core.api.views import PolicyViewSet, expected_version, reject_unknown, validated
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


def _step_route(path: str, method: str, action: str, name: str) -> Route:
    """A workflow step: a single answer, not a page of results (no pagination)."""
    return Route(f"assessments/<int:pk>/{path}", {method: action}, name, paginated=False)


@extend_schema_view(
    list=extend_schema(
        summary="Versies van dreigingsbeelden die u mag zien",
        responses=AssessmentListItemSerializer(many=True),
    ),
    retrieve=extend_schema(
        summary="Eén versie", parameters=[ETAG_HEADER], responses=AssessmentSerializer
    ),
)
class AssessmentViewSet(DownloadMixin, ListMixin, RetrieveMixin, PolicyViewSet):
    """Versions of the integrated threat picture."""

    model = Assessment
    related = ("case", "author", "template", "finalised_by", "senior_checked_by", "previous")
    list_serializer = AssessmentListItemSerializer
    detail_serializer = AssessmentSerializer
    filter_serializer = AssessmentFilterSerializer
    audit_noun = "dreigingsbeelden"
    with_etag = True
    download_types = {"report": ("application/pdf",)}
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
    routes = (
        Route("assessments", {"get": "list", "post": "create"}, "api-assessment-list"),
        Route(
            "assessments/<int:pk>",
            {"get": "retrieve", "patch": "partial_update"},
            "api-assessment-detail",
        ),
        _step_route("submissions", "post", "submit", "api-assessment-submissions"),
        _step_route("challenges", "post", "challenge", "api-assessment-challenges"),
        _step_route("answers", "post", "answers", "api-assessment-answers"),
        _step_route(
            "senior-check-requests",
            "post",
            "senior_check_request",
            "api-assessment-senior-check-requests",
        ),
        _step_route("senior-checks", "post", "senior_check", "api-assessment-senior-checks"),
        _step_route("finalisations", "post", "finalise", "api-assessment-finalisations"),
        _step_route("report.pdf", "get", "report", "api-assessment-report"),
    )

    # --- reads ------------------------------------------------------------------------------

    def filter_rows(self, qs: QuerySet, f: dict[str, Any]) -> QuerySet:
        if f.get("case"):
            qs = qs.filter(case=f["case"])
        if f.get("status"):
            qs = qs.filter(status=f["status"])
        return qs.order_by(ORDERING[f.get("ordering") or "-number"], "-pk")

    def detail_response(self, obj: Assessment, status: int = 200, **headers: str) -> Response:
        """One version with its policy-scoped parts (factors, citations, challenge)."""
        return super().detail_response(_detail(self.request.user, obj), status, **headers)

    @extend_schema(summary="Rapport (PDF)", responses=download_responses("application/pdf"))
    def report(self, request: Request, pk: int) -> HttpResponse:
        from weerstand.assessments.report import render_pdf

        a = self.get_object(pk)
        pdf = render_pdf(selectors.picture(request.user, a))
        response = self.negotiated(HttpResponse(pdf, content_type="application/pdf"))
        audit.record(AuditAction.EXPORT, a, reason="rapport (pdf)", actor=request.user)
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
        return self.detail_response(self.get_object(a.pk), status.HTTP_201_CREATED)

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
        a = self.get_object(pk)
        self.audit_read(a, reason="antwoord op wijziging")
        return self.detail_response(a)

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
        return self.detail_response(self.get_object(pk), status.HTTP_201_CREATED)

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
        return self.detail_response(self.get_object(pk), status.HTTP_201_CREATED)

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
        return self.detail_response(self.get_object(pk), status.HTTP_201_CREATED)

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
        return self.detail_response(self.get_object(pk), status.HTTP_201_CREATED)
