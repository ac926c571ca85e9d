"""`/api/v1/consultations` and the completion of their follow-up actions: thin handlers over
`consultations.services`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.consultations import selectors, services
from weerstand.consultations.api.serializers import (
    CompletionSerializer,
    ConsultationCreateSerializer,
    ConsultationFilterSerializer,
    ConsultationSerializer,
    FollowUpSerializer,
)
from weerstand.consultations.models import Consultation
from weerstand.core.api.mixins import ListMixin, RetrieveMixin
from weerstand.core.api.routes import Route
from weerstand.core.api.schema import if_match
from weerstand.core.api.views import PolicyViewSet, etag, expected_version, validated

BASE = "/api/v1/consultations"


@extend_schema_view(
    list=extend_schema(
        summary="Afstemmingsoverleggen tussen beveiliging en opsporing die u mag zien",
        responses=ConsultationSerializer(many=True),
    ),
    retrieve=extend_schema(summary="Eén afstemmingsoverleg", responses=ConsultationSerializer),
)
class ConsultationViewSet(ListMixin, RetrieveMixin, PolicyViewSet):
    """Structured consultations on cases that touch a running investigation; never edited."""

    model = Consultation
    related = ("case", "recorded_by")
    list_serializer = detail_serializer = ConsultationSerializer
    filter_serializer = ConsultationFilterSerializer
    ordering = ("-held_at", "-pk")
    audit_noun = "afstemmingsoverleggen"
    policy_needs = {
        "list": "consultation:view",
        "retrieve": "consultation:view",
        "create": "consultation:create",
        "complete": "consultation:change",
    }
    problem_statuses = {
        "list": (400,),
        "create": (400, 403),
        "complete": (400, 403, 409, 412),
    }
    routes = (
        Route("consultations", {"get": "list", "post": "create"}, "api-consultation-list"),
        Route("consultations/<int:pk>", {"get": "retrieve"}, "api-consultation-detail"),
        Route(
            "consultations/<int:pk>/follow-ups/<int:follow_up_id>/completions",
            {"post": "complete"},
            "api-consultation-completions",
            paginated=False,
        ),
    )

    def serializer_context(self, rows: list[Any]) -> dict[str, Any]:
        selectors.attach(self.request.user, rows)
        return {}

    def filter_rows(self, qs: QuerySet, f: dict[str, Any]) -> QuerySet:
        if f.get("case"):
            qs = qs.filter(case=f["case"])
        return qs

    @extend_schema(
        summary="Een afstemmingsoverleg vastleggen (casusteam, beide kanten)",
        description=(
            "Een vastgelegd overleg wordt nooit gewijzigd; een correctie is een nieuw overleg "
            "met `corrects`."
        ),
        request=ConsultationCreateSerializer,
        responses={201: ConsultationSerializer},
    )
    def create(self, request: Request) -> Response:
        body = validated(ConsultationCreateSerializer, request.data)
        c = services.record_consultation(
            request.user,
            body["case"],
            services.ConsultationData(
                held_at=body["held_at"],
                participant_ids=list(body["participants"]),
                interests=body["interests"],
                protection_interest=body["protection_interest"],
                investigation_interest=body["investigation_interest"],
                sharing_agreement=body["sharing_agreement"],
                timing_agreement=body["timing_agreement"],
                key_date=body.get("key_date"),
                key_date_event=body.get("key_date_event", ""),
                corrects_id=body.get("corrects"),
                follow_ups=[
                    services.FollowUpData(f["description"], f["owner"], f["due_on"])
                    for f in body.get("follow_ups", [])
                ],
            ),
        )
        return self.detail_response(
            self.get_object(c.pk), status.HTTP_201_CREATED, Location=f"{BASE}/{c.pk}"
        )

    @extend_schema(
        summary="Een vervolgactie als gedaan melden",
        parameters=[if_match(required=False)],
        request=CompletionSerializer,
        responses={201: FollowUpSerializer},
    )
    def complete(self, request: Request, pk: int, follow_up_id: int) -> Response:
        expected = expected_version(request, required=False)
        validated(CompletionSerializer, request.data or {})
        f = services.complete_follow_up(request.user, pk, follow_up_id, expected_version=expected)
        return Response(
            FollowUpSerializer(f).data,
            status=status.HTTP_201_CREATED,
            headers={"ETag": etag(f.version)},
        )
