"""`/api/v1/gaps` and `/api/v1/information-requests`: thin handlers over `gaps.services`."""

from __future__ import annotations

from typing import cast

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

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
from weerstand.policy import engine
from weerstand.policy.table import Action


class GapViewSet(PolicyViewSet):
    """Gaps per case, for the case team. Absent and forbidden answer alike (404)."""

    policy_needs = {"list": "gap:view", "retrieve": "gap:view", "create": "gap:create"}
    problem_statuses = {"list": (400,), "create": (400, 403, 404)}

    @extend_schema(
        summary="Leemten die u mag zien",
        parameters=[GapFilterSerializer],
        responses=GapSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        reject_unknown(
            request.query_params, (*GapFilterSerializer().fields, *PAGE_PARAMS), what="filter"
        )
        filters = GapFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        f = filters.validated_data
        qs = Gap.objects.visible_to(request.user, Action.VIEW)
        if f.get("case"):
            qs = qs.filter(case=f["case"])
        if f.get("status"):
            qs = qs.filter(status=f["status"])
        page = self.paginate_queryset(qs.order_by("-created_at", "-pk"))
        audit_rows(AuditAction.LIST, Gap, page, noun="leemten", actor=request.user)
        return self.get_paginated_response(GapSerializer(page, many=True).data)

    @extend_schema(summary="Eén leemte", parameters=[ETAG_HEADER], responses=GapSerializer)
    def retrieve(self, request: Request, pk: int) -> Response:
        gap = cast(Gap, engine.get_for(Gap.objects.all(), request.user, Action.VIEW, pk=pk))
        audit.record(AuditAction.READ, gap, actor=request.user)
        return Response(GapSerializer(gap).data, headers={"ETag": etag(gap.version)})

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
        return Response(
            GapSerializer(gap).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": f"/api/v1/gaps/{gap.pk}", "ETag": etag(gap.version)},
        )


class InformationRequestViewSet(PolicyViewSet):
    """Requests for information: the case team's, and those addressed to your organisation
    (question, due date and case reference only)."""

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

    @extend_schema(
        summary="Informatieverzoeken die u mag zien",
        parameters=[InformationRequestFilterSerializer],
        responses=InformationRequestSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        reject_unknown(
            request.query_params,
            (*InformationRequestFilterSerializer().fields, *PAGE_PARAMS),
            what="filter",
        )
        filters = InformationRequestFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        f = filters.validated_data
        qs = InformationRequest.objects.visible_to(request.user, Action.VIEW).select_related(
            "case", "addressee", "legal_basis", "answer_product"
        )
        if f.get("status"):
            qs = qs.filter(status=f["status"])
        if f.get("overdue"):
            qs = qs.filter(status=RequestStatus.OPEN, due_date__lt=timezone.localdate())
        page = self.paginate_queryset(qs.order_by("due_date", "pk"))
        audit_rows(
            AuditAction.LIST,
            InformationRequest,
            page,
            noun="informatieverzoeken",
            actor=request.user,
        )
        return self.get_paginated_response(InformationRequestSerializer(page, many=True).data)

    @extend_schema(
        summary="Eén informatieverzoek",
        parameters=[ETAG_HEADER],
        responses=InformationRequestSerializer,
    )
    def retrieve(self, request: Request, pk: int) -> Response:
        rfi = self._get(request, pk)
        audit.record(AuditAction.READ, rfi, actor=request.user)
        return Response(InformationRequestSerializer(rfi).data, headers={"ETag": etag(rfi.version)})

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
        rfi = self._get(request, rfi.pk)
        return Response(
            InformationRequestSerializer(rfi).data,
            status=status.HTTP_201_CREATED,
            headers={
                "Location": f"/api/v1/information-requests/{rfi.pk}",
                "ETag": etag(rfi.version),
            },
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
        rfi = self._get(request, pk)
        return Response(
            InformationRequestSerializer(rfi).data,
            status=status.HTTP_201_CREATED,
            headers={"ETag": etag(rfi.version)},
        )

    def _get(self, request: Request, pk: int) -> InformationRequest:
        return cast(
            InformationRequest,
            engine.get_for(
                InformationRequest.objects.select_related(
                    "case", "addressee", "legal_basis", "answer_product"
                ),
                request.user,
                Action.VIEW,
                pk=pk,
            ),
        )
