"""`/api/v1/advisory-aggregates` (JSON, and CSV/PDF under `/export`) and
`/api/v1/advisory-advice` with the NCTV's responses nested: thin handlers over
`advisory.services`."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.advisory import disclosure, exports, selectors, services
from weerstand.advisory.api.serializers import (
    AdviceCreateSerializer,
    AdviceSerializer,
    AggregateQuerySerializer,
    AggregatesSerializer,
    ExportQuerySerializer,
    ResponseCreateSerializer,
    ResponseSerializer,
)
from weerstand.advisory.models import Advice
from weerstand.core.api.downloads import DownloadMixin, download_responses, served_type
from weerstand.core.api.mixins import ListMixin, RetrieveMixin
from weerstand.core.api.routes import Route
from weerstand.core.api.views import PolicyViewSet, reject_unknown

BASE = "/api/v1/advisory-advice"
TYPES = {"csv": "text/csv", "pdf": "application/pdf"}


def _query(request: Request, serializer: type) -> dict[str, Any]:
    reject_unknown(request.query_params, serializer().fields, what="filter")
    s = serializer(data=request.query_params)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


class AdvisoryAggregatesViewSet(DownloadMixin, PolicyViewSet):
    """National counts per calendar quarter and year, small cells suppressed (k = 10)."""

    download_types = {"export": ("text/csv", "application/pdf")}
    policy_needs = {"retrieve": ("aggregates:view",), "export": ("aggregates:view",)}
    problem_statuses = {"retrieve": (400,), "export": (400,)}
    routes = (
        Route(
            "advisory-aggregates", {"get": "retrieve"}, "api-advisory-aggregates", paginated=False
        ),
        Route(
            "advisory-aggregates/export",
            {"get": "export"},
            "api-advisory-aggregates-export",
            paginated=False,
        ),
    )

    @extend_schema(
        summary="Landelijke cijfers voor het adviesorgaan (per kwartaal of jaar)",
        description=(
            "Alleen afgesloten kalenderkwartalen en -jaren; aantallen 1 t/m 9 worden nooit "
            "getoond (`value: null, suppressed: true`), en aanvullend onderdrukt waar een "
            "klein aantal anders uit totalen of jaar = som van kwartalen terug te rekenen is."
        ),
        parameters=[AggregateQuerySerializer],
        responses=AggregatesSerializer,
    )
    def retrieve(self, request: Request) -> Response:
        q = _query(request, AggregateQuerySerializer)
        period, breakdown = q.get("period", "quarter"), q.get("breakdown")
        tables = services.aggregate_tables(request.user, q["year"], period, breakdown)
        return Response(
            {
                "year": q["year"],
                "period": period,
                "breakdown": breakdown,
                "k": disclosure.K,
                "tables": [
                    {"indicator": t.indicator, "label": t.label, "cells": t.cells} for t in tables
                ],
            }
        )

    @extend_schema(
        summary="Dezelfde cijfers als CSV of PDF",
        parameters=[ExportQuerySerializer],
        responses=download_responses("text/csv", "application/pdf"),
    )
    def export(self, request: Request) -> HttpResponse:
        q = _query(request, ExportQuerySerializer)
        fmt = q["format"]
        served = served_type(request, TYPES[fmt])
        period, breakdown = q.get("period", "quarter"), q.get("breakdown")
        tables = services.aggregate_tables(request.user, q["year"], period, breakdown, export=fmt)
        title = f"Adviescijfers {q['year']} ({period})"
        data = exports.csv_bytes(tables) if fmt == "csv" else exports.pdf_bytes(tables, title)
        response = HttpResponse(data, content_type=served)
        name = f"adviescijfers-{q['year']}-{period}{'-' + breakdown if breakdown else ''}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response


@extend_schema_view(
    list=extend_schema(
        summary="Adviezen van het adviesorgaan met de reacties van de NCTV",
        responses=AdviceSerializer(many=True),
    ),
    retrieve=extend_schema(summary="Eén advies met reacties", responses=AdviceSerializer),
)
class AdviceViewSet(ListMixin, RetrieveMixin, PolicyViewSet):
    model = Advice
    list_serializer = detail_serializer = AdviceSerializer
    ordering = ("-issued_on", "-pk")
    audit_noun = "adviezen"

    def base_queryset(self) -> Any:
        return selectors.with_parts(super().base_queryset())

    policy_needs = {
        "list": "advice:view",
        "retrieve": "advice:view",
        "create": "advice:create",
        "respond": "advice:change",
    }
    problem_statuses = {"create": (400, 403), "respond": (400, 403)}
    routes = (
        Route("advisory-advice", {"get": "list", "post": "create"}, "api-advice-list"),
        Route("advisory-advice/<int:pk>", {"get": "retrieve"}, "api-advice-detail"),
        Route(
            "advisory-advice/<int:pk>/responses",
            {"post": "respond"},
            "api-advice-responses",
            paginated=False,
        ),
    )

    @extend_schema(
        summary="Een advies vastleggen (adviesorgaan)",
        request=AdviceCreateSerializer,
        responses={201: AdviceSerializer},
    )
    def create(self, request: Request) -> Response:
        from weerstand.core.api.views import validated

        body = validated(AdviceCreateSerializer, request.data)
        advice = services.create_advice(
            request.user,
            title=body["title"],
            body=body["body"],
            theme_ids=list(body.get("themes", [])),
            issued_on=body.get("issued_on"),
        )
        return self.detail_response(
            self.get_object(advice.pk), status.HTTP_201_CREATED, Location=f"{BASE}/{advice.pk}"
        )

    @extend_schema(
        summary="Reactie van de NCTV op een advies (kwaliteitsfunctie)",
        request=ResponseCreateSerializer,
        responses={201: ResponseSerializer},
    )
    def respond(self, request: Request, pk: int) -> Response:
        from weerstand.core.api.views import validated

        body = validated(ResponseCreateSerializer, request.data)
        response = services.respond(request.user, pk, body["body"])
        return Response(ResponseSerializer(response).data, status=status.HTTP_201_CREATED)
