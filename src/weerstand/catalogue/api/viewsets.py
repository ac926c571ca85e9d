"""`/api/v1/catalogue/measures` and `/api/v1/catalogue/packages`: the catalogue in force on a
date (or every version with `history=true`). Read-only: changes are versioned edits through
the catalogue pages and services."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.catalogue.api.serializers import (
    CatalogueFilterSerializer,
    MeasureSerializer,
    PackageSerializer,
)
from weerstand.catalogue.models import Measure, Package
from weerstand.core.api.mixins import QueryFiltersMixin
from weerstand.core.api.routes import Route
from weerstand.core.api.views import PolicyViewSet


class _CatalogueList(QueryFiltersMixin, PolicyViewSet):
    """The catalogue is configuration, not protected rows: whoever holds `catalogue:view`
    (checked by the permission class) reads all of it, unaudited, like the catalogue page."""

    filter_serializer = CatalogueFilterSerializer
    policy_needs = {"list": "catalogue:view"}
    problem_statuses = {"list": (400,)}
    serializer: type[MeasureSerializer] | type[PackageSerializer]

    def rows(self) -> Any:
        raise NotImplementedError

    def filter_rows(self, qs: Any, f: dict[str, Any]) -> QuerySet:
        if not f.get("history"):
            qs = qs.in_force(f.get("on") or timezone.localdate())
        if f.get("code"):
            qs = qs.filter(code=f["code"])
        return qs

    def list(self, request: Request) -> Response:
        qs = self.filter_rows(self.rows(), self.query_filters())
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(self.serializer(page, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="Maatregelen", responses=MeasureSerializer(many=True))
)
class MeasureViewSet(_CatalogueList):
    """The security measures of the catalogue (each version with its period of validity)."""

    serializer = MeasureSerializer
    routes = (Route("catalogue/measures", {"get": "list"}, "api-measure-list"),)

    def rows(self) -> Any:
        return Measure.objects.all()

    def filter_rows(self, qs: Any, f: dict[str, Any]) -> QuerySet:
        return super().filter_rows(qs, f).order_by("code", "-version")


@extend_schema_view(list=extend_schema(summary="Pakketten", responses=PackageSerializer(many=True)))
class PackageViewSet(_CatalogueList):
    """Packages of measures per phenomenon and resistance level (each version)."""

    serializer = PackageSerializer
    routes = (Route("catalogue/packages", {"get": "list"}, "api-package-list"),)

    def rows(self) -> Any:
        return Package.objects.prefetch_related("measures")

    def filter_rows(self, qs: Any, f: dict[str, Any]) -> QuerySet:
        qs = super().filter_rows(qs, f)
        if f.get("phenomenon"):
            qs = qs.filter(phenomenon=f["phenomenon"])
        return qs.order_by("phenomenon", "resistance_level", "code", "-version")
