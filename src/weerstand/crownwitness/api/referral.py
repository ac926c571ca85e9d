"""`/api/v1/crown-witness-trajectories/{id}/persons/{entryId}/...`: a case of their own for
each person of the circle (refer them, or link an existing case). Thin handlers over
`crownwitness.referral`."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.accounts.roles import Classification
from weerstand.cases.models import Phenomenon, Severity
from weerstand.core.api.routes import Route
from weerstand.core.api.views import PolicyViewSet, validated
from weerstand.crownwitness import referral
from weerstand.crownwitness.api.serializers import MAX_ID, CirclePersonSerializer
from weerstand.crownwitness.models import CirclePerson, Trajectory


class CircleReferralSerializer(serializers.Serializer):
    phenomenon = serializers.ChoiceField(choices=Phenomenon.choices)
    severity = serializers.ChoiceField(choices=Severity.choices)
    summary = serializers.CharField(help_text="De aanleiding: waarom deze persoon dreiging loopt.")
    classification = serializers.ChoiceField(
        choices=Classification.choices, required=False, default=Classification.DEPV
    )
    reason = serializers.CharField(help_text="Waarom (verplicht, minimaal 10 tekens).")


class ProtectionCaseSerializer(serializers.Serializer):
    case = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    reason = serializers.CharField(help_text="Waarom (verplicht, minimaal 10 tekens).")


class ReferredCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    state = serializers.CharField(read_only=True)


class CircleCaseViewSet(PolicyViewSet):
    """The case of one circle person: only the OM members of the trajectory change it."""

    model = Trajectory
    http_method_names = ["post", "put", "head", "options"]
    policy_needs = {"refer": "trajectory:change", "link": "trajectory:change"}
    problem_statuses = {"refer": (400, 403, 409), "link": (400, 403, 409)}
    routes = (
        Route(
            "crown-witness-trajectories/<int:pk>/persons/<int:entry>/referral",
            {"post": "refer"},
            "api-trajectory-person-referral",
        ),
        Route(
            "crown-witness-trajectories/<int:pk>/persons/<int:entry>/protection-case",
            {"put": "link"},
            "api-trajectory-person-protection-case",
        ),
    )

    @extend_schema(
        summary="Een persoon uit de kring aanmelden voor een eigen casus (OM)",
        description=(
            "Opent een casus voor deze persoon in het afgeschermde compartiment van het "
            "traject en koppelt hem; dreigingsanalyse en besluit volgen in die casus."
        ),
        request=CircleReferralSerializer,
        responses={201: ReferredCaseSerializer},
    )
    def refer(self, request: Request, pk: int, entry: int) -> Response:
        body = validated(CircleReferralSerializer, request.data)
        case = referral.refer_person(
            request.user,
            pk,
            entry,
            referral.CircleReferral(
                phenomenon=body["phenomenon"],
                severity=body["severity"],
                summary=body["summary"],
                classification=body["classification"],
                reason=body["reason"],
            ),
        )
        return Response(
            ReferredCaseSerializer(case).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": f"/api/v1/cases/{case.pk}"},
        )

    @extend_schema(
        summary="Een bestaande casus van deze persoon koppelen (OM)",
        request=ProtectionCaseSerializer,
        responses=CirclePersonSerializer,
    )
    def link(self, request: Request, pk: int, entry: int) -> Response:
        body = validated(ProtectionCaseSerializer, request.data)
        referral.link_case(request.user, pk, entry, body["case"], body["reason"])
        row = CirclePerson.objects.visible_to(request.user).select_related("person").get(pk=entry)
        return Response(CirclePersonSerializer(row).data)
