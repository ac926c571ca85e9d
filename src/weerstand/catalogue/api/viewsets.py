"""`/api/v1/catalogue/measures` and `/api/v1/catalogue/packages`: the catalogue in force on a
date (or every version with `history=true`). Read-only: changes are versioned edits through
the catalogue pages and services."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.catalogue.api.serializers import (
    CatalogueFilterSerializer,
    MeasureSerializer,
    PackageSerializer,
)
from weerstand.catalogue.models import Measure, Package, Versioned, VersionedQuerySet
from weerstand.core.api.pagination import PAGE_PARAMS
from weerstand.core.api.views import PolicyViewSet, reject_unknown
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource


def _filtered[V: Versioned](
    request: Request, qs: VersionedQuerySet[V], *, has_phenomenon: bool
) -> VersionedQuerySet[V]:
    if not engine.can(request.user, Resource.CATALOGUE, Action.VIEW):
        raise Http404("Niet gevonden")
    reject_unknown(
        request.query_params, (*CatalogueFilterSerializer().fields, *PAGE_PARAMS), what="filter"
    )
    f = CatalogueFilterSerializer(data=request.query_params)
    f.is_valid(raise_exception=True)
    data = f.validated_data
    if not data.get("history"):
        qs = qs.in_force(data.get("on") or timezone.localdate())
    if data.get("code"):
        qs = qs.filter(code=data["code"])
    if data.get("phenomenon") and has_phenomenon:
        qs = qs.filter(phenomenon=data["phenomenon"])
    return qs


class MeasureViewSet(PolicyViewSet):
    policy_needs = {"list": "catalogue:view"}
    problem_statuses = {"list": (400,)}

    @extend_schema(
        summary="Maatregelen",
        parameters=[CatalogueFilterSerializer],
        responses=MeasureSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        qs = _filtered(request, Measure.objects.all(), has_phenomenon=False).order_by(
            "code", "-version"
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(MeasureSerializer(page, many=True).data)


class PackageViewSet(PolicyViewSet):
    policy_needs = {"list": "catalogue:view"}
    problem_statuses = {"list": (400,)}

    @extend_schema(
        summary="Pakketten",
        parameters=[CatalogueFilterSerializer],
        responses=PackageSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        qs = _filtered(request, Package.objects.prefetch_related("measures"), has_phenomenon=True)
        page = self.paginate_queryset(
            qs.order_by("phenomenon", "resistance_level", "code", "-version")
        )
        return self.get_paginated_response(PackageSerializer(page, many=True).data)
