"""`/api/v1/consultations`, the completion of their follow-up actions and a case's links with a
running investigation (`/api/v1/cases/{id}/investigation-links`): thin handlers over
`consultations.services`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases.models import Case
from weerstand.consultations import rules, selectors, services
from weerstand.consultations.api.serializers import (
    CompletionSerializer,
    ConsultationCreateSerializer,
    ConsultationFilterSerializer,
    ConsultationSerializer,
    FollowUpSerializer,
    InvestigationLinkCreateSerializer,
    InvestigationLinkSerializer,
)
from weerstand.consultations.models import CaseInvestigationLink, Consultation
from weerstand.core.api.mixins import ListMixin, QueryFiltersMixin, RetrieveMixin, ScopedMixin
from weerstand.core.api.routes import Route
from weerstand.core.api.schema import if_match
from weerstand.core.api.views import PolicyViewSet, etag, expected_version, validated
from weerstand.policy import engine
from weerstand.policy.table import Action

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


class InvestigationLinkViewSet(QueryFiltersMixin, ScopedMixin, PolicyViewSet):
    """The case team's record that a case touches a running investigation, as on the
    consultation page: the same checks (the case visible and its consultations readable,
    else 404; recording only by the case team of either side, else 403). A link is never
    changed or removed, so there is no version: each POST adds one."""

    model = Case  # `get_object()` is the case, read through the policy
    http_method_names = ["get", "post", "head"]
    policy_needs = {
        "list": "consultation:view",
        "retrieve": "consultation:view",
        "create": "consultation:create",
    }
    problem_statuses = {"list": (400,), "create": (400, 403)}
    routes = (
        Route(
            "cases/<int:pk>/investigation-links",
            {"get": "list", "post": "create"},
            "api-case-investigation-links",
        ),
        Route(
            "cases/<int:pk>/investigation-links/<int:link_id>",
            {"get": "retrieve"},
            "api-case-investigation-link",
            paginated=False,
        ),
    )

    def _case(self, pk: int) -> Case:
        """The case, when the caller reads its consultations; else 404 like an absent one."""
        case = self.get_object(pk)
        if not rules.may_read(self.request.user, case):
            raise Http404("Niet gevonden")
        return case

    @extend_schema(
        summary="Koppelingen van de casus met een lopend onderzoek",
        responses=InvestigationLinkSerializer(many=True),
    )
    def list(self, request: Request, pk: int) -> Response:
        self.query_filters()
        case = self._case(pk)
        page = self.paginate_queryset(selectors.case_links(request.user, case))
        audit.record(
            AuditAction.LIST,
            object_type=CaseInvestigationLink._meta.label_lower,
            object_repr=f"{len(page)} koppelingen met een lopend onderzoek",
            case_id=case.pk,
            changes={"ids": [x.pk for x in page]},
            actor=request.user,
        )
        return self.get_paginated_response(InvestigationLinkSerializer(page, many=True).data)

    @extend_schema(
        summary="Eén koppeling met een lopend onderzoek",
        responses=InvestigationLinkSerializer,
    )
    def retrieve(self, request: Request, pk: int, link_id: int) -> Response:
        case = self._case(pk)
        link = engine.get_for(
            CaseInvestigationLink.objects.filter(case=case.pk),
            request.user,
            Action.VIEW,
            pk=link_id,
        )
        self.audit_read(link, case_id=case.pk)
        return Response(InvestigationLinkSerializer(link).data)

    @extend_schema(
        summary="Vastleggen dat de casus een lopend onderzoek raakt (casusteam, beide kanten)",
        description=(
            "Met het parket van het OM en de naam van het onderzoek. Daarmee is een "
            "afstemmingsoverleg nodig. Een koppeling wordt niet gewijzigd of verwijderd."
        ),
        request=InvestigationLinkCreateSerializer,
        responses={201: InvestigationLinkSerializer},
    )
    def create(self, request: Request, pk: int) -> Response:
        case = self._case(pk)
        body = validated(InvestigationLinkCreateSerializer, request.data)
        link = services.link_investigation(
            request.user,
            case.pk,
            om_office=body["om_office"],
            investigation_name=body["investigation_name"],
        )
        return Response(
            InvestigationLinkSerializer(link).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": f"/api/v1/cases/{case.pk}/investigation-links/{link.pk}"},
        )
