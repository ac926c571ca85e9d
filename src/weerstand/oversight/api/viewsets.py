"""`/api/v1/quality-indicators`: the quality monitor's national indicators per period, one
indicator's series (optionally per phenomenon), and the drill-down to the cases behind one
figure within the caller's need-to-know. Thin: everything comes from `oversight.selectors`,
which checks the grant and audits the read."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.core.api.mixins import QueryFiltersMixin
from weerstand.core.api.routes import Route
from weerstand.core.api.views import PolicyViewSet
from weerstand.core.errors import NotPermitted
from weerstand.oversight import indicators, selectors
from weerstand.oversight.api.serializers import (
    CasesQuerySerializer,
    DrilldownSerializer,
    IndicatorDetailSerializer,
    IndicatorListSerializer,
    PointSerializer,
    RangeQuerySerializer,
    SeriesGroupSerializer,
    SeriesQuerySerializer,
)
from weerstand.oversight.indicators import Indicator
from weerstand.oversight.periods import period_of


def _describe(ind: Indicator) -> dict[str, Any]:
    return {
        "code": ind.code,
        "title": str(ind.label),
        "kind": ind.kind,
        "measures": str(ind.measures),
        "drilldown": ind.drilldown,
    }


def _indicator(code: str) -> Indicator:
    try:
        return indicators.get(code)
    except KeyError as exc:
        raise NotFound("Deze indicator bestaat niet.") from exc


class _MonitorViewSet(QueryFiltersMixin, PolicyViewSet):
    """The NCTV's quality monitor: national counts per period, never a case you may not see."""

    pagination_class = None

    def get_serializer_class(self) -> Any:  # the schema asks; responses are declared below
        return self.filter_serializer


class QualityIndicatorViewSet(_MonitorViewSet):
    """The NCTV's quality monitor: every indicator's series per period (counts only)."""

    policy_needs = {"list": "quality_monitor:view"}
    problem_statuses = {"list": (400,)}
    filter_serializer = RangeQuerySerializer
    routes = (
        Route("quality-indicators", {"get": "list"}, "api-quality-indicators", paginated=False),
    )

    @extend_schema(
        summary="Alle kwaliteitsindicatoren per periode",
        parameters=[RangeQuerySerializer],
        responses=IndicatorListSerializer,
    )
    def list(self, request: Request) -> Response:
        f = self.query_filters()
        series = selectors.monitor(request.user, f["period"], f["from"], f["to"])
        return Response(
            {
                "period": f["period"],
                "results": [
                    {
                        **_describe(s.indicator),
                        "series": PointSerializer(s.points, many=True).data,
                    }
                    for s in series
                ],
            }
        )


class QualityIndicatorSeriesViewSet(_MonitorViewSet):
    """One indicator of the quality monitor: its series, optionally per phenomenon."""

    policy_needs = {"retrieve": "quality_monitor:view"}
    problem_statuses = {"retrieve": (400,)}
    filter_serializer = SeriesQuerySerializer
    routes = (
        Route(
            "quality-indicators/<slug:code>",
            {"get": "retrieve"},
            "api-quality-indicator",
            paginated=False,
        ),
    )

    @extend_schema(
        summary="Eén kwaliteitsindicator: de reeks per periode",
        parameters=[SeriesQuerySerializer],
        responses=IndicatorDetailSerializer,
    )
    def retrieve(self, request: Request, code: str) -> Response:
        ind = _indicator(code)
        f = self.query_filters()
        groups = selectors.indicator_series(
            request.user, ind.code, f["period"], f["from"], f["to"], f.get("breakdown")
        )
        return Response(
            {
                **_describe(ind),
                "period": f["period"],
                "breakdown": f.get("breakdown"),
                "groups": SeriesGroupSerializer(groups, many=True).data,
            }
        )


class QualityIndicatorCasesViewSet(_MonitorViewSet):
    """The drill-down of the quality monitor: only cases within your need-to-know."""

    policy_needs = {"cases": "quality_monitor:view"}
    problem_statuses = {"cases": (400,)}
    filter_serializer = CasesQuerySerializer
    routes = (
        Route(
            "quality-indicators/<slug:code>/cases",
            {"get": "cases"},
            "api-quality-indicator-cases",
            paginated=False,
        ),
    )

    @extend_schema(
        summary="De casussen achter één cijfer die u mag inzien",
        description=(
            "Alleen casussen binnen uw need-to-know. Hoeveel andere casussen achter het cijfer "
            "zitten staat in hiddenCases; over die casussen zelf komt niets mee."
        ),
        parameters=[CasesQuerySerializer],
        responses=DrilldownSerializer,
    )
    def cases(self, request: Request, code: str) -> Response:
        ind = _indicator(code)
        if not ind.drilldown:
            raise NotFound("Bij deze indicator hoort geen lijst van casussen.")
        f = self.query_filters()
        period = period_of(f.get("period") or "quarter", f["periodStart"])
        try:
            d = selectors.drilldown(request.user, ind.code, period)
        except NotPermitted as exc:
            raise NotFound("Niet gevonden.") from exc
        return Response(
            DrilldownSerializer(
                {
                    "indicator": ind.code,
                    "periodStart": period.start,
                    "periodEnd": period.end,
                    "numerator": d.cell.numerator,
                    "denominator": d.cell.denominator,
                    "hiddenCases": d.hidden,
                    "truncated": d.truncated,
                    "results": d.rows,
                }
            ).data
        )
