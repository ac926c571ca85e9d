"""`/api/v1/gaps` and `/api/v1/information-requests`: thin handlers over `gaps.services`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.core.api.mixins import ListMixin, RetrieveMixin
from weerstand.core.api.routes import Route
from weerstand.core.api.schema import ETAG_HEADER, if_match
from weerstand.core.api.views import PolicyViewSet, expected_version, validated
from weerstand.core.errors import InvalidParam, ValidationFailed
from weerstand.gaps import services
from weerstand.gaps.api.serializers import (
    GapCreateSerializer,
    GapFilterSerializer,
    GapSerializer,
    InformationRequestCreateSerializer,
    InformationRequestFilterSerializer,
    InformationRequestSerializer,
    RfiAnswerSerializer,
)
from weerstand.gaps.models import Gap, InformationRequest, RequestStatus


@extend_schema_view(
    list=extend_schema(summary="Leemten die u mag zien", responses=GapSerializer(many=True)),
    retrieve=extend_schema(summary="Eén leemte", parameters=[ETAG_HEADER], responses=GapSerializer),
)
class GapViewSet(ListMixin, RetrieveMixin, PolicyViewSet):
    """Gaps per case, for the case team. Absent and forbidden answer alike (404)."""

    model = Gap
    list_serializer = detail_serializer = GapSerializer
    filter_serializer = GapFilterSerializer
    ordering = ("-created_at", "-pk")
    audit_noun = "leemten"
    with_etag = True
    policy_needs = {"list": "gap:view", "retrieve": "gap:view", "create": "gap:create"}
    problem_statuses = {"list": (400,), "create": (400, 403, 404)}
    routes = (
        Route("gaps", {"get": "list", "post": "create"}, "api-gap-list"),
        Route("gaps/<int:pk>", {"get": "retrieve"}, "api-gap-detail"),
    )

    def filter_rows(self, qs: QuerySet, f: dict[str, Any]) -> QuerySet:
        if f.get("case"):
            qs = qs.filter(case=f["case"])
        if f.get("status"):
            qs = qs.filter(status=f["status"])
        return qs

    @extend_schema(
        summary="Een leemte vastleggen",
        request=GapCreateSerializer,
        responses={201: GapSerializer},
    )
    def create(self, request: Request) -> Response:
        body = validated(GapCreateSerializer, request.data)
        gap = services.record_gap(
            request.user,
            body["case"],
            description=body["description"],
            why_it_matters=body["why_it_matters"],
        )
        return self.detail_response(gap, status.HTTP_201_CREATED, Location=f"/api/v1/gaps/{gap.pk}")


@extend_schema_view(
    list=extend_schema(
        summary="Informatieverzoeken die u mag zien",
        responses=InformationRequestSerializer(many=True),
    ),
    retrieve=extend_schema(
        summary="Eén informatieverzoek",
        parameters=[ETAG_HEADER],
        responses=InformationRequestSerializer,
    ),
)
class InformationRequestViewSet(ListMixin, RetrieveMixin, PolicyViewSet):
    """Requests for information: the case team's, and those addressed to your organisation
    (question, due date and case reference only)."""

    model = InformationRequest
    related = ("case", "addressee", "legal_basis", "answer_product")
    list_serializer = detail_serializer = InformationRequestSerializer
    filter_serializer = InformationRequestFilterSerializer
    ordering = ("due_date", "pk")
    audit_noun = "informatieverzoeken"
    with_etag = True
    policy_needs = {
        "list": "rfi:view",
        "retrieve": "rfi:view",
        "create": "rfi:create",
        "answer": "rfi:change",
    }
    problem_statuses = {
        "list": (400,),
        "create": (400, 403, 409),
        "answer": (400, 403, 409, 412),
    }
    routes = (
        Route("information-requests", {"get": "list", "post": "create"}, "api-rfi-list"),
        Route("information-requests/<int:pk>", {"get": "retrieve"}, "api-rfi-detail"),
        Route(
            "information-requests/<int:pk>/answers",
            {"post": "answer"},
            "api-rfi-answers",
            paginated=False,
        ),
    )

    def filter_rows(self, qs: QuerySet, f: dict[str, Any]) -> QuerySet:
        if f.get("status"):
            qs = qs.filter(status=f["status"])
        if f.get("overdue"):
            qs = qs.filter(status=RequestStatus.OPEN, due_date__lt=timezone.localdate())
        return qs

    @extend_schema(
        summary="Een informatieverzoek uitzetten",
        description=(
            "De grondslag moet verstrekking door de soort organisatie van de geadresseerde "
            "aan de NCTV toestaan; anders 400 met de reden."
        ),
        request=InformationRequestCreateSerializer,
        responses={201: InformationRequestSerializer},
    )
    def create(self, request: Request) -> Response:
        from weerstand.information.models import LegalBasis
        from weerstand.organisations.models import Organisation

        body = validated(InformationRequestCreateSerializer, request.data)
        addressee = Organisation.objects.filter(code=body["addressee"]).first()
        basis = LegalBasis.objects.filter(code=body["legal_basis"]).first()
        if addressee is None or basis is None:
            raise ValidationFailed(
                "Onbekende organisatie of grondslag.",
                invalid_params=[
                    InvalidParam(name, "does-not-exist", "Onbekend.")
                    for name, value in (("addressee", addressee), ("legalBasis", basis))
                    if value is None
                ],
            )
        rfi = services.request_information(
            request.user,
            body["gap"],
            services.RequestData(
                addressee_id=addressee.pk,
                legal_basis_id=basis.pk,
                question=body["question"],
                due_date=body["due_date"],
            ),
        )
        return self.detail_response(
            self.get_object(rfi.pk),
            status.HTTP_201_CREATED,
            Location=f"/api/v1/information-requests/{rfi.pk}",
        )

    @extend_schema(
        summary="Een informatieverzoek beantwoorden (geadresseerde)",
        description=(
            "Het antwoord wordt een dreigingsinformatieproduct onder de grondslag van het "
            "verzoek, gekoppeld aan de casus; de leemte is daarmee ingevuld en de casus krijgt "
            "een advies tot herbeoordeling. Met If-Match moet de versie de huidige zijn."
        ),
        parameters=[if_match(required=False)],
        request=RfiAnswerSerializer,
        responses={201: InformationRequestSerializer},
    )
    def answer(self, request: Request, pk: int) -> Response:
        expected = expected_version(request, required=False)
        body = validated(RfiAnswerSerializer, request.data)
        services.answer_request(
            request.user,
            pk,
            services.AnswerData(
                title=body["title"],
                summary=body["summary"],
                reliability=body["reliability"],
                credibility=int(body["credibility"]),
                classification=int(body["classification"]),
                partner_reference=body.get("partner_reference", ""),
            ),
            expected_version=expected,
        )
        return self.detail_response(self.get_object(pk), status.HTTP_201_CREATED)
