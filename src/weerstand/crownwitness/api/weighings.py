"""`/api/v1/crown-witness-trajectories/{id}/weighings`, `.../weighing-contributions`,
`.../reviews` and `.../outline`: thin handlers over `crownwitness.weighings`.

A trajectory you are not a member of answers like one that does not exist (404). The
independent reviewer reaches these routes without seeing the trajectory itself: only its
outline, never its description or a person's name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.core.api.routes import Route
from weerstand.core.api.views import PolicyViewSet, validated
from weerstand.crownwitness import weighings
from weerstand.crownwitness.api.serializers import (
    ContributionCreateSerializer,
    ContributionSerializer,
    OutlineSerializer,
    ReviewCreateSerializer,
    ReviewSerializer,
    WeighingCreateSerializer,
    WeighingSerializer,
)
from weerstand.crownwitness.models import Review, Weighing, WeighingContribution

BASE = "crown-witness-trajectories/<int:pk>"


class TrajectoryWeighingViewSet(PolicyViewSet):
    """The integrated weighing of a trajectory (versions, latest first), the experts'
    contributions and the independent reviews."""

    policy_needs = {
        "weighings": "trajectory_weighing:view",
        "record_weighing": "trajectory_weighing:change",
        "weighing": "trajectory_weighing:view",
        "contributions": "trajectory_weighing:view",
        "add_contribution": "trajectory_weighing:create",
        "reviews": "trajectory_review:view",
        "add_review": "trajectory_review:create",
        "outline": "trajectory_outline:view",
    }
    problem_statuses = {
        "weighings": (400,),
        "record_weighing": (400, 403, 409, 412),
        "contributions": (400,),
        "add_contribution": (400, 403, 409),
        "reviews": (400,),
        "add_review": (400, 403, 409, 412),
    }
    routes = (
        Route(
            f"{BASE}/weighings",
            {"get": "weighings", "post": "record_weighing"},
            "api-trajectory-weighings",
        ),
        Route(
            f"{BASE}/weighings/<int:number>",
            {"get": "weighing"},
            "api-trajectory-weighing",
            paginated=False,
        ),
        Route(
            f"{BASE}/weighing-contributions",
            {"get": "contributions", "post": "add_contribution"},
            "api-trajectory-contributions",
        ),
        Route(
            f"{BASE}/reviews",
            {"get": "reviews", "post": "add_review"},
            "api-trajectory-reviews",
        ),
        Route(f"{BASE}/outline", {"get": "outline"}, "api-trajectory-outline", paginated=False),
    )

    def _listed(
        self,
        request: Request,
        pk: int,
        rows_for: Callable[[Any, Any], Any],
        model: type,
        noun: str,
        serializer: type,
    ) -> Response:
        """One page of a trajectory's records, read through the policy and audited."""
        trajectory = weighings.reach(request.user, pk)
        return self.audited_page(
            rows_for(request.user, trajectory),
            serializer,
            noun=f"{noun} van traject {trajectory.pk}",
        )

    @extend_schema(
        summary="De versies van de integrale weging, nieuwste eerst",
        responses=WeighingSerializer(many=True),
    )
    def weighings(self, request: Request, pk: int) -> Response:
        return self._listed(
            request, pk, weighings.weighings_for, Weighing, "wegingen", WeighingSerializer
        )

    @extend_schema(
        summary="Een nieuwe versie van de weging vastleggen (OM)",
        description=(
            "Alle belangen zijn verplicht en gelijkwaardig. Elke aanroep is een nieuwe versie. "
            "De uitkomst `stop` stopt ook het traject."
        ),
        request=WeighingCreateSerializer,
        responses={201: WeighingSerializer},
    )
    def record_weighing(self, request: Request, pk: int) -> Response:
        body = validated(WeighingCreateSerializer, request.data)
        based_on = body.pop("based_on")
        weighing = weighings.record_weighing(
            request.user, pk, weighings.WeighingData(**body), based_on=based_on
        )
        return Response(
            WeighingSerializer(weighing).data,
            status=status.HTTP_201_CREATED,
            headers={
                "Location": f"/api/v1/crown-witness-trajectories/{pk}/weighings/{weighing.number}"
            },
        )

    @extend_schema(summary="Eén versie van de weging", responses=WeighingSerializer)
    def weighing(self, request: Request, pk: int, number: int) -> Response:
        trajectory = weighings.reach(request.user, pk)
        return Response(
            WeighingSerializer(weighings.get_weighing(request.user, trajectory, number)).data
        )

    @extend_schema(
        summary="Bijdragen van experts aan de weging",
        responses=ContributionSerializer(many=True),
    )
    def contributions(self, request: Request, pk: int) -> Response:
        return self._listed(
            request,
            pk,
            weighings.contributions_for,
            WeighingContribution,
            "bijdragen aan de weging",
            ContributionSerializer,
        )

    @extend_schema(
        summary="Een bijdrage aan de weging leveren (veiligheid, beveiliging, ethiek)",
        description="Welke expertise u inbrengt, hangt af van uw rol.",
        request=ContributionCreateSerializer,
        responses={201: ContributionSerializer},
    )
    def add_contribution(self, request: Request, pk: int) -> Response:
        body = validated(ContributionCreateSerializer, request.data)
        contribution = weighings.add_contribution(request.user, pk, body["kind"], body["text"])
        return Response(ContributionSerializer(contribution).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Onafhankelijke toetsingen van het traject",
        responses=ReviewSerializer(many=True),
    )
    def reviews(self, request: Request, pk: int) -> Response:
        return self._listed(
            request, pk, weighings.reviews_for, Review, "toetsingen", ReviewSerializer
        )

    @extend_schema(
        summary="De laatste weging en de beschermingsafspraak toetsen (onafhankelijk toetser)",
        description=(
            "Alleen wie buiten opsporing en vervolging staat: geen officier van justitie, geen "
            "lid van het team van de getuige, niemand die aan de weging meewerkte."
        ),
        request=ReviewCreateSerializer,
        responses={201: ReviewSerializer},
    )
    def add_review(self, request: Request, pk: int) -> Response:
        body = validated(ReviewCreateSerializer, request.data)
        review = weighings.record_review(
            request.user,
            pk,
            body["body"],
            body["verdict"],
            body["reasons"],
            expected_number=body["weighing"],
        )
        return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Het traject zoals de toetser het ziet",
        description="Naam, status, geplande datum en de vorm van de kring, zonder personen.",
        responses=OutlineSerializer,
    )
    def outline(self, request: Request, pk: int) -> Response:
        return Response(OutlineSerializer(weighings.read_outline(request.user, pk)).data)
