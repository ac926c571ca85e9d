"""`GET /api/v1/search`: full-text search within need-to-know, with facets; one audit record."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from weerstand.core.api.mixins import QueryFiltersMixin
from weerstand.core.api.pagination import PAGE_PARAMS, Pagination, _positive_int
from weerstand.core.api.routes import Route
from weerstand.core.api.views import PolicyViewSet
from weerstand.search import engine
from weerstand.search.api.serializers import (
    SearchHitSerializer,
    SearchPageSerializer,
    SearchQuerySerializer,
)


class SearchViewSet(QueryFiltersMixin, PolicyViewSet):
    """Search in products (with attachments), signals and cases you may see."""

    # Which kinds a user finds is the policy of each kind (visible_to); any one grant suffices.
    policy_needs = {"list": ("case:view", "threat_product:view", "signal:view")}
    problem_statuses = {"list": (400,)}
    pagination_class = None  # the engine pages (one statement ranks, counts and facets)
    filter_serializer = SearchQuerySerializer
    extra_query_params = PAGE_PARAMS
    routes = (Route("search", {"get": "list"}, "api-search"),)

    @extend_schema(
        summary="Zoeken",
        description=(
            "Zoekt in het Nederlands (stamvormen) in dreigingsproducten inclusief bijlagen, "
            "signalen en casussen. Alleen stukken die u mag inzien tellen mee: in de "
            "resultaten, het aantal, de verfijningen (facets) en de fragmenten."
        ),
        parameters=[
            SearchQuerySerializer,
            OpenApiParameter("page", OpenApiTypes.INT, description="Paginanummer (vanaf 1)."),
            OpenApiParameter(
                "pageSize", OpenApiTypes.INT, description="Aantal per pagina (1 tot en met 100)."
            ),
        ],
        responses=SearchPageSerializer,
    )
    def list(self, request: Request) -> Response:
        f = SearchQuerySerializer.filters_of(self.query_filters())
        paging = Pagination()
        size = paging.get_page_size(request)
        number = _positive_int(request, paging.page_query_param) or 1
        try:
            outcome = engine.run(request.user, f, number=number, size=size)
        except engine.PageOutOfRange as exc:
            raise ValidationError(
                {"page": [ErrorDetail("Deze pagina bestaat niet.", code="out-of-range")]}
            ) from exc
        hits = engine.present(request.user, outcome.docs, outcome.lexemes)
        engine.audit_search(request.user, f, hits, outcome.total, page=outcome.number)
        url = request.build_absolute_uri()
        return Response(
            {
                "count": outcome.total,
                "next": replace_query_param(url, "page", number + 1) if outcome.has_next else None,
                "previous": (
                    replace_query_param(url, "page", number - 1) if outcome.has_previous else None
                ),
                "results": SearchHitSerializer(hits, many=True).data,
                "facets": {
                    name: [{"value": v.value, "label": v.label, "count": v.count} for v in values]
                    for name, values in outcome.facets.items()
                },
            }
        )
