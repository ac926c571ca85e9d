"""`/api/v1/access-change-requests`: the four-eyes requests that widen access.

Inspectors and system administrators read every request, security officers those about
their organisation's accounts; anyone else finds no such resource (404). A second person
approves or refuses with a decision (`accounts.access_changes`).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.accounts import access_changes
from weerstand.accounts.api.serializers import (
    AccessChangeDecisionSerializer,
    AccessChangeSerializer,
    JobHealthListSerializer,
    JobHealthSerializer,
)
from weerstand.accounts.models import AccessChangeRequest, AccessChangeStatus
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.api.pagination import PAGE_PARAMS
from weerstand.core.api.routes import Route
from weerstand.core.api.views import PolicyViewSet, audit_rows, reject_unknown, validated
from weerstand.core.errors import InvalidParam, ValidationFailed


class AccessChangeViewSet(PolicyViewSet):
    routes = (
        Route("access-change-requests", {"get": "list"}, "api-access-change-list"),
        Route(
            "access-change-requests/<int:pk>",
            {"get": "retrieve"},
            "api-access-change-detail",
            paginated=False,
        ),
        Route(
            "access-change-requests/<int:pk>/decisions",
            {"post": "decide"},
            "api-access-change-decisions",
            paginated=False,
        ),
    )
    policy_needs = {
        "list": "access_change:view",
        "retrieve": "access_change:view",
        "decide": "access_change:change",
    }
    problem_statuses = {"list": (400,), "retrieve": (400,), "decide": (400, 403, 409)}

    @extend_schema(
        summary="Toegangswijzigingen (vier ogen): aanvrager, beoordelaar, soort, reden",
        parameters=[
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=AccessChangeStatus.values,
                description="Alleen aanvragen met deze status.",
            )
        ],
        responses=AccessChangeSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        reject_unknown(request.query_params, (*PAGE_PARAMS, "status"), what="filter")
        qs = access_changes.visible(request.user)
        wanted = request.query_params.get("status")
        if wanted is not None:
            if wanted not in AccessChangeStatus.values:
                raise ValidationFailed(
                    "Onbekende status.",
                    invalid_params=[InvalidParam("status", "invalid-choice", "Onbekend.")],
                )
            qs = qs.filter(status=wanted)
        page = self.paginate_queryset(qs.order_by("-requested_at", "-pk"))
        audit_rows(
            AuditAction.LIST,
            AccessChangeRequest,
            page,
            noun="toegangswijzigingen",
            actor=request.user,
        )
        return self.get_paginated_response(AccessChangeSerializer(page, many=True).data)

    @extend_schema(summary="Eén toegangswijziging", responses=AccessChangeSerializer)
    def retrieve(self, request: Request, pk: int) -> Response:
        change = access_changes.get(request.user, pk)
        audit.record(AuditAction.READ, change, actor=request.user)
        return Response(AccessChangeSerializer(change).data)

    @extend_schema(
        summary="Akkoord of afwijzing door de tweede persoon",
        description=(
            "Een andere systeembeheerder of een beveiligingsfunctionaris van de organisatie "
            "van het account; nooit de aanvrager en nooit het account zelf. Bij akkoord gaat "
            "de wijziging in; een afwijzing vraagt een reden."
        ),
        request=AccessChangeDecisionSerializer,
        responses={201: AccessChangeSerializer},
    )
    def decide(self, request: Request, pk: int) -> Response:
        body = validated(AccessChangeDecisionSerializer, request.data)
        actor: Any = request.user  # authenticated: DeclaredNeeds let the request through
        change = access_changes.decide(
            actor, pk, approve=body["outcome"] == "approved", reason=body["reason"]
        )
        return Response(AccessChangeSerializer(change).data, status=status.HTTP_201_CREATED)


class JobHealthViewSet(PolicyViewSet):
    """`/api/v1/scheduled-jobs`: whether the scheduled jobs run (for the system administrator's
    monitoring): per job its last good run, what waits, what failed in the last day."""

    pagination_class = None
    policy_needs = {"list": "job_health:view"}
    problem_statuses = {"list": (400,)}
    routes = (Route("scheduled-jobs", {"get": "list"}, "api-scheduled-jobs", paginated=False),)

    def get_serializer_class(self) -> Any:
        return JobHealthListSerializer

    @extend_schema(summary="De stand van de geplande taken", responses=JobHealthListSerializer)
    def list(self, request: Request) -> Response:
        from weerstand.core import jobqueue

        reject_unknown(request.query_params, (), what="filter")  # a typo is not "no filter"
        return Response({"results": JobHealthSerializer(jobqueue.job_health(), many=True).data})
