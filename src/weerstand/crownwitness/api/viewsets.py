"""`/api/v1/crown-witness-trajectories`: thin handlers over `crownwitness.services`.
A trajectory you are not a member of answers like one that does not exist (404)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.core.api.mixins import ListMixin, RetrieveMixin
from weerstand.core.api.routes import Route
from weerstand.core.api.schema import ETAG_HEADER, if_match
from weerstand.core.api.views import (
    PolicyViewSet,
    expected_version,
    validated,
)
from weerstand.core.errors import ValidationFailed
from weerstand.crownwitness import services
from weerstand.crownwitness.api.serializers import (
    CirclePersonCreateSerializer,
    CirclePersonSerializer,
    TrajectoryCreateSerializer,
    TrajectorySerializer,
    TrajectoryUpdateSerializer,
)
from weerstand.crownwitness.models import Trajectory
from weerstand.registry import services as registry


@extend_schema_view(
    list=extend_schema(
        summary="Kroongetuigetrajecten waarvan u lid bent",
        responses=TrajectorySerializer(many=True),
    ),
    retrieve=extend_schema(
        summary="Eén kroongetuigetraject",
        parameters=[ETAG_HEADER],
        responses=TrajectorySerializer,
    ),
)
class TrajectoryViewSet(ListMixin, RetrieveMixin, PolicyViewSet):
    """Crown-witness trajectories, visible only to the members of their compartment."""

    model = Trajectory
    related = ("case", "compartment")
    list_serializer = detail_serializer = TrajectorySerializer
    ordering = ("-created_at", "-pk")
    audit_noun = "kroongetuigetrajecten"
    with_etag = True
    policy_needs = {
        "list": "trajectory:view",
        "retrieve": "trajectory:view",
        "create": "trajectory:create",
        "partial_update": "trajectory:change",
        "persons": "trajectory:view",
        "add_person": "trajectory:change",
    }
    problem_statuses = {
        "list": (400,),
        "create": (400, 403),
        "partial_update": (400, 403, 409, 412, 428),
        "persons": (400,),
        "add_person": (400, 403, 409),
    }
    routes = (
        Route(
            "crown-witness-trajectories",
            {"get": "list", "post": "create"},
            "api-trajectory-list",
        ),
        Route(
            "crown-witness-trajectories/<int:pk>",
            {"get": "retrieve", "patch": "partial_update"},
            "api-trajectory-detail",
        ),
        Route(
            "crown-witness-trajectories/<int:pk>/persons",
            {"get": "persons", "post": "add_person"},
            "api-trajectory-persons",
        ),
    )

    @extend_schema(
        summary="Een kroongetuigetraject openen (OM)",
        description=(
            "Opent een eigen afgeschermd compartiment met u en een tweede officier van "
            "justitie als eigenaren; verdere leden via vier ogen."
        ),
        request=TrajectoryCreateSerializer,
        responses={201: TrajectorySerializer},
    )
    def create(self, request: Request) -> Response:
        body = validated(TrajectoryCreateSerializer, request.data)
        trajectory = services.open_trajectory(
            request.user,
            services.TrajectoryData(
                title=body["title"],
                description=body["description"],
                case=body["case"],
                co_owner=body["coOwner"],
                reason=body["reason"],
            ),
        )
        return self.detail_response(
            self.get_object(trajectory.pk),
            status.HTTP_201_CREATED,
            Location=f"/api/v1/crown-witness-trajectories/{trajectory.pk}",
        )

    @extend_schema(
        summary="De geplande datum verzetten of de status wijzigen (OM)",
        description="Altijd met een reden; de datum wordt als historie bewaard.",
        parameters=[if_match(required=True), ETAG_HEADER],
        request=TrajectoryUpdateSerializer,
        responses=TrajectorySerializer,
    )
    def partial_update(self, request: Request, pk: int) -> Response:
        expected = expected_version(request, required=True)
        body = validated(TrajectoryUpdateSerializer, request.data)
        if "planned_date" not in body and "status" not in body:
            raise ValidationFailed("Er is niets te wijzigen.")
        trajectory: Any = None
        if "planned_date" in body:
            trajectory = services.set_planned_date(
                request.user,
                pk,
                body["planned_date"],
                reason=body["reason"],
                expected_version=expected,
            )
            expected = trajectory.version
        if "status" in body:
            trajectory = services.change_status(
                request.user, pk, body["status"], reason=body["reason"], expected_version=expected
            )
        return self.detail_response(self.get_object(trajectory.pk))

    @extend_schema(
        summary="De kring van het traject",
        responses=CirclePersonSerializer(many=True),
    )
    def persons(self, request: Request, pk: int) -> Response:
        trajectory = self.get_object(pk)
        return self.audited_page(
            services.circle_for(request.user, trajectory),
            CirclePersonSerializer,
            noun=f"kring van traject {trajectory.pk}",
        )

    @extend_schema(
        summary="Een persoon aan de kring toevoegen (OM)",
        description=(
            "Een bestaande persoon (`person`) of een nieuwe (`newPerson`). Bij dekking door "
            "het getuigenbeschermingsprogramma alleen de naam van het programma en de "
            "onderbouwing; nooit een nieuwe identiteit of verblijfplaats."
        ),
        request=CirclePersonCreateSerializer,
        responses={201: CirclePersonSerializer},
    )
    def add_person(self, request: Request, pk: int) -> Response:
        body = validated(CirclePersonCreateSerializer, request.data)
        new = body.get("new_person")
        entry = services.add_person(
            request.user,
            pk,
            services.CircleData(
                relation=body["relation"],
                coverage=body["coverage"],
                person=body["person"],
                new_person=registry.PersonData(**new) if new else None,
                programme=body["programme"],
                coverage_reason=body["coverage_reason"],
                protection_case=body["protection_case"],
                reason=body["reason"],
            ),
        )
        return Response(CirclePersonSerializer(entry).data, status=status.HTTP_201_CREATED)
