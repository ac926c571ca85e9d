"""`/api/v1/plan-runs`, `/officers`, `/units`: thin handlers over the selectors and services.

Reads pass the same policy as the pages (lines and shortages also only for assignments the
user may see) and are audited; creating a plan run solves it synchronously within its limit.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.audit.models import AuditAction
from weerstand.capacity import presenters, selectors, services
from weerstand.capacity.api.serializers import (
    AssignmentShortagesSerializer,
    ConfirmationRequestSerializer,
    ConfirmationSerializer,
    OfficerSerializer,
    PlanLineSerializer,
    PlanRequestSerializer,
    PlanRunSerializer,
    ShortageSerializer,
    UnitSerializer,
)
from weerstand.capacity.labels import binding_label
from weerstand.capacity.models import (
    Officer,
    PlanLine,
    PlanRun,
    PrioritisationConfirmation,
    Shortage,
)
from weerstand.core.api.mixins import (
    ListMixin,
    QueryFiltersMixin,
    RetrieveMixin,
    bound_integers,
)
from weerstand.core.api.routes import Route
from weerstand.core.api.views import PolicyViewSet, audit_rows, reject_unknown, validated


class LineFilterSerializer(serializers.Serializer):
    assignment = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)


@extend_schema_view(
    list=extend_schema(summary="Planruns", responses=PlanRunSerializer(many=True)),
    retrieve=extend_schema(summary="Eén planrun met kengetallen", responses=PlanRunSerializer),
)
class PlanRunViewSet(ListMixin, RetrieveMixin, PolicyViewSet):
    """Plan runs. Creating one runs the planner (synchronously, within the time limit)."""

    model = PlanRun
    list_serializer = detail_serializer = PlanRunSerializer
    ordering = ("-created_at", "-pk")
    audit_noun = "planruns"
    with_etag = True
    policy_needs = {
        "list": "capacity_plan:view",
        "retrieve": "capacity_plan:view",
        "create": "capacity_plan:create",
        "shortages": "capacity_plan:view",
        "shortage_ranges": "capacity_plan:view",
        "lines": "capacity_plan:view",
        "confirmations": "capacity_plan:view",
        "confirm": "capacity_plan:change",
    }
    problem_statuses = {
        "list": (400,),
        "create": (400, 403),
        "shortages": (400,),
        "shortage_ranges": (400,),
        "lines": (400,),
        "confirmations": (400,),
        "confirm": (400, 403),
    }
    routes = (
        Route("plan-runs", {"get": "list", "post": "create"}, "api-plan-run-list"),
        Route("plan-runs/<int:pk>", {"get": "retrieve"}, "api-plan-run-detail"),
        Route("plan-runs/<int:pk>/shortages", {"get": "shortages"}, "api-plan-run-shortages"),
        Route(
            "plan-runs/<int:pk>/shortage-ranges",
            {"get": "shortage_ranges"},
            "api-plan-run-shortage-ranges",
        ),
        Route("plan-runs/<int:pk>/lines", {"get": "lines"}, "api-plan-run-lines"),
        Route(
            "plan-runs/<int:pk>/prioritisation-confirmations",
            {"get": "confirmations", "post": "confirm"},
            "api-plan-run-confirmations",
        ),
    )

    @extend_schema(
        summary="Plan berekenen",
        description="Lost het plan op binnen de tijdslimiet en slaat het op met de tekorten.",
        request=PlanRequestSerializer,
        responses={201: PlanRunSerializer},
    )
    def create(self, request: Request) -> Response:
        body = validated(PlanRequestSerializer, request.data)
        run = services.plan(request.user, body["start"], body["days"], body.get("timeLimit"))
        return self.detail_response(
            run, status.HTTP_201_CREATED, Location=f"/api/v1/plan-runs/{run.pk}"
        )

    @extend_schema(
        summary="Tekorten van een planrun",
        description="Alleen tekorten bij beveiligingsopdrachten die u mag inzien.",
        responses=ShortageSerializer(many=True),
    )
    def shortages(self, request: Request, pk: int) -> Response:
        self.query_filters()
        run = self.get_object(pk)
        qs = selectors.run_shortages(request.user, run).order_by("-priority", "date", "shift", "pk")
        page: list[Any] = self.paginate_queryset(qs) or []
        cases = selectors.visible_case_refs(request.user, {s.case_id for s in page})
        for s in page:
            s.bindingLabel = binding_label(s.binding)
            s.case_label = cases.get(s.case_id, "")
        audit_rows(AuditAction.LIST, Shortage, page, noun="tekorten", actor=request.user)
        return self.get_paginated_response(ShortageSerializer(page, many=True).data)

    @extend_schema(
        summary="Tekorten van een planrun per opdracht, met de dagen als reeksen",
        description=(
            "Alleen tekorten bij beveiligingsopdrachten die u mag inzien, per opdracht "
            "(hoogste prioriteit eerst); opeenvolgende dagen met dezelfde dienst en hetzelfde "
            "tekort vormen één reeks. Alleen-lezen; de losse tekorten staan onder `shortages`."
        ),
        responses=AssignmentShortagesSerializer(many=True),
    )
    def shortage_ranges(self, request: Request, pk: int) -> Response:
        self.query_filters()
        run = self.get_object(pk)
        items = selectors.shortage_items(request.user, run)
        page: list[Any] = self.paginate_queryset(presenters.group_shortages(items)) or []
        shown = {g.assignment for g in page}
        rows = [i["row"] for i in items if i["row"].assignment_id in shown]
        audit_rows(AuditAction.LIST, Shortage, rows, noun="tekorten", actor=request.user)
        return self.get_paginated_response(AssignmentShortagesSerializer(page, many=True).data)

    @extend_schema(
        summary="Regels van een planrun: wie welke dienst draait bij welke opdracht",
        description=(
            "Alleen regels bij beveiligingsopdrachten die u mag inzien; de agent en de casus "
            "alleen als u die mag zien. Filter op `assignment` (id)."
        ),
        parameters=[
            OpenApiParameter("assignment", int, required=False),
        ],
        responses=PlanLineSerializer(many=True),
    )
    def lines(self, request: Request, pk: int) -> Response:
        filters = bound_integers(LineFilterSerializer(data=request.query_params))
        reject_unknown(request.query_params, (*filters.fields, *self.paging_params()))
        filters.is_valid(raise_exception=True)
        run = self.get_object(pk)
        qs = selectors.run_lines(request.user, run)
        if filters.validated_data.get("assignment"):
            qs = qs.filter(assignment=filters.validated_data["assignment"])
        page: list[Any] = (
            self.paginate_queryset(qs.order_by("date", "shift", "assignment", "pk")) or []
        )
        cases = selectors.visible_case_refs(request.user, {line.case_id for line in page})
        officers = selectors.visible_officer_ids(request.user, {line.officer_id for line in page})
        for line in page:
            line.case_label = cases.get(line.case_id, "")
            line.officer_label = line.officer_id if line.officer_id in officers else None
        audit_rows(AuditAction.LIST, PlanLine, page, noun="planregels", actor=request.user)
        return self.get_paginated_response(PlanLineSerializer(page, many=True).data)

    @extend_schema(
        summary="Bevestiging van de prioritering",
        responses=ConfirmationSerializer(many=True),
    )
    def confirmations(self, request: Request, pk: int) -> Response:
        reject_unknown(request.query_params, self.paging_params(), what="filter")
        run = self.get_object(pk)
        return self.audited_page(
            PrioritisationConfirmation.objects.visible_to(request.user)
            .filter(run=run)
            .order_by("pk"),
            ConfirmationSerializer,
            noun="bevestigingen",
        )

    @extend_schema(
        summary="Prioritering bevestigen",
        description=(
            "Eén keer per planrun, met motivering. Daarna krijgt de eigenaar van elke "
            "getroffen casus een taak om de beschermde persoon te informeren."
        ),
        request=ConfirmationRequestSerializer,
        responses={201: ConfirmationSerializer},
    )
    def confirm(self, request: Request, pk: int) -> Response:
        body = validated(ConfirmationRequestSerializer, request.data)
        confirmation = services.confirm_prioritisation(request.user, pk, body["reason"])
        return Response(ConfirmationSerializer(confirmation).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Medewerkers", responses=OfficerSerializer(many=True)),
    retrieve=extend_schema(summary="Eén medewerker", responses=OfficerSerializer),
)
class OfficerViewSet(ListMixin, RetrieveMixin, PolicyViewSet):
    """Officers: personal data of officers, scoped by organisation."""

    model = Officer
    related = ("unit",)
    list_serializer = detail_serializer = OfficerSerializer
    # `unit` (a unit code) is not in the OpenAPI document; kept as it was.
    extra_query_params = ("unit",)
    ordering = ("last_name", "first_name", "pk")
    audit_noun = "medewerkers"
    with_etag = True
    policy_needs = {"list": "capacity:view", "retrieve": "capacity:view"}
    problem_statuses = {"list": (400,)}
    routes = (
        Route("officers", {"get": "list"}, "api-officer-list"),
        Route("officers/<int:pk>", {"get": "retrieve"}, "api-officer-detail"),
    )

    def filter_rows(self, qs: QuerySet, f: dict[str, Any]) -> QuerySet:
        if unit := self.request.query_params.get("unit"):
            qs = qs.filter(unit__code=unit)
        return qs


class UnitViewSet(QueryFiltersMixin, PolicyViewSet):
    """Protection units whose officers the user may see."""

    policy_needs = {"list": "capacity:view"}
    problem_statuses = {"list": (400,)}
    routes = (Route("units", {"get": "list"}, "api-unit-list"),)

    @extend_schema(summary="Eenheden", responses=UnitSerializer(many=True))
    def list(self, request: Request) -> Response:
        self.query_filters()
        page = self.paginate_queryset(selectors.units_for(request.user).order_by("code"))
        return self.get_paginated_response(UnitSerializer(page, many=True).data)
