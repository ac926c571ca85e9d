"""`/api/v1/objections`, `/api/v1/rights-frameworks`, `/api/v1/framework-acknowledgements`.

Thin handlers: reads through the policy and audited, writes through `rights.services`.
"""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.core.api.mixins import ListMixin, RetrieveMixin
from weerstand.core.api.routes import Route
from weerstand.core.api.schema import ETAG_HEADER, if_match
from weerstand.core.api.views import PolicyViewSet, expected_version, reject_unknown, validated
from weerstand.core.errors import ValidationFailed
from weerstand.rights import services
from weerstand.rights.api.serializers import (
    AcknowledgementSerializer,
    ExtensionSerializer,
    FrameworkSerializer,
    ObjectionCreateSerializer,
    ObjectionSerializer,
    OutcomeSerializer,
)
from weerstand.rights.models import FrameworkAcknowledgement, FrameworkVersion, Objection


@extend_schema_view(
    list=extend_schema(summary="Bezwaren die u mag zien", responses=ObjectionSerializer(many=True)),
    retrieve=extend_schema(
        summary="Eén bezwaar", parameters=[ETAG_HEADER], responses=ObjectionSerializer
    ),
)
class ObjectionViewSet(ListMixin, RetrieveMixin, PolicyViewSet):
    """Objections. One you may not see answers exactly like one that does not exist (404)."""

    model = Objection
    related = ("decision",)
    list_serializer = detail_serializer = ObjectionSerializer
    ordering = ("deadline", "pk")
    audit_noun = "bezwaren"
    with_etag = True
    policy_needs = {
        "list": "objection:view",
        "retrieve": "objection:view",
        "create": "objection:create",
        "outcome": "objection:change",
        "extension": "objection:change",
    }
    problem_statuses = {
        "list": (400,),
        "create": (400, 403, 409),
        "outcome": (400, 403, 409, 412),
        "extension": (400, 403, 409, 412),
    }
    routes = (
        Route("objections", {"get": "list", "post": "create"}, "api-objection-list"),
        Route("objections/<int:pk>", {"get": "retrieve"}, "api-objection-detail"),
        Route("objections/<int:pk>/outcomes", {"post": "outcome"}, "api-objection-outcomes"),
        Route("objections/<int:pk>/extensions", {"post": "extension"}, "api-objection-extensions"),
    )

    @extend_schema(
        summary="Bezwaar indienen (de persoon) of een bezwaar op papier registreren (casusteam)",
        description=(
            "Binnen zes weken na de datum van de besluitbrief. Een later bezwaar wordt "
            "aangenomen en gemarkeerd als te laat (verschoonbare termijnoverschrijding)."
        ),
        request=ObjectionCreateSerializer,
        responses={201: ObjectionSerializer},
    )
    def create(self, request: Request) -> Response:
        body = validated(ObjectionCreateSerializer, request.data)
        objection = services.lodge_objection(
            request.user,
            body["decision"],
            services.ObjectionData(
                grounds=body["grounds"],
                lateness_reason=body["lateness_reason"],
                objector_name=body["objector_name"],
                received_on=body["received_on"],
            ),
        )
        return self.detail_response(
            self.get_object(objection.pk),
            status.HTTP_201_CREATED,
            Location=f"/api/v1/objections/{objection.pk}",
        )

    @extend_schema(
        summary="Uitkomst van het bezwaar vastleggen (onafhankelijke bezwaarcommissie)",
        description="Gegrond of gedeeltelijk gegrond: het gezag neemt een nieuw besluit.",
        parameters=[if_match(required=False)],
        request=OutcomeSerializer,
        responses={201: ObjectionSerializer},
    )
    def outcome(self, request: Request, pk: int) -> Response:
        expected = expected_version(request, required=False)
        body = validated(OutcomeSerializer, request.data)
        services.decide_objection(
            request.user,
            pk,
            outcome=body["outcome"],
            reasoning=body["reasoning"],
            expected_version=expected,
        )
        return self.detail_response(self.get_object(pk), status.HTTP_201_CREATED)

    @extend_schema(
        summary="Beslistermijn eenmalig verdagen met zes weken",
        parameters=[if_match(required=False)],
        request=ExtensionSerializer,
        responses={201: ObjectionSerializer},
    )
    def extension(self, request: Request, pk: int) -> Response:
        expected = expected_version(request, required=False)
        body = validated(ExtensionSerializer, request.data)
        services.extend_objection(
            request.user, pk, reason=body["reason"], expected_version=expected
        )
        return self.detail_response(self.get_object(pk), status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Versies van het kader", responses=FrameworkSerializer(many=True)),
    retrieve=extend_schema(
        summary="Eén versie", parameters=[ETAG_HEADER], responses=FrameworkSerializer
    ),
)
class FrameworkViewSet(ListMixin, RetrieveMixin, PolicyViewSet):
    """Versions of the framework of rights and obligations."""

    model = FrameworkVersion
    list_serializer = detail_serializer = FrameworkSerializer
    ordering = ("-effective_from",)
    audit_noun = "versies"
    with_etag = True
    policy_needs = {
        "list": "rights_framework:view",
        "retrieve": "rights_framework:view",
        "create": "rights_framework:change",
        "partial_update": "rights_framework:change",
    }
    problem_statuses = {
        "list": (400,),
        "create": (400, 403),
        "partial_update": (400, 403, 409, 412, 428),
    }
    routes = (
        Route("rights-frameworks", {"get": "list", "post": "create"}, "api-rights-framework-list"),
        Route(
            "rights-frameworks/<int:pk>",
            {"get": "retrieve", "patch": "partial_update"},
            "api-rights-framework-detail",
        ),
    )

    @extend_schema(
        summary="Nieuwe versie vastleggen",
        description="Gaat in op `effectiveFrom` (vandaag of later) en vervangt dan de vorige.",
        request=FrameworkSerializer,
        responses={201: FrameworkSerializer},
    )
    def create(self, request: Request) -> Response:
        body = validated(FrameworkSerializer, request.data)
        fw = services.publish_framework(request.user, services.FrameworkData(**body))
        return self.detail_response(
            fw, status.HTTP_201_CREATED, Location=f"/api/v1/rights-frameworks/{fw.pk}"
        )

    @extend_schema(
        summary="Een versie corrigeren die nog niet geldt",
        parameters=[if_match(required=True), ETAG_HEADER],
        request=FrameworkSerializer(partial=True),
        responses=FrameworkSerializer,
    )
    def partial_update(self, request: Request, pk: int) -> Response:
        expected = expected_version(request, required=True)
        serializer = FrameworkSerializer(data=request.data, partial=True)
        reject_unknown(request.data, serializer.fields)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        if not changes:
            raise ValidationFailed("Er is niets te wijzigen.")
        fw = services.update_framework(request.user, pk, changes, expected_version=expected)
        return self.detail_response(fw)


@extend_schema_view(
    list=extend_schema(
        summary="Kennisnames van het kader", responses=AcknowledgementSerializer(many=True)
    )
)
class AcknowledgementViewSet(ListMixin, PolicyViewSet):
    """'Ik heb dit gelezen': your own acknowledgements (and of persons you may see)."""

    model = FrameworkAcknowledgement
    related = ("framework", "user")
    list_serializer = AcknowledgementSerializer
    ordering = ("-acknowledged_at", "pk")
    audit_noun = "kennisnames"
    policy_needs = {
        "list": "rights_framework:view",
        "create": "rights_framework:view",
    }
    problem_statuses = {"list": (400,), "create": (400, 403, 409)}
    routes = (
        Route(
            "framework-acknowledgements",
            {"get": "list", "post": "create"},
            "api-framework-acknowledgement-list",
        ),
    )

    @extend_schema(
        summary="Bevestigen dat u de versie die nu geldt hebt gelezen",
        request=AcknowledgementSerializer,
        responses={201: AcknowledgementSerializer},
    )
    def create(self, request: Request) -> Response:
        body = validated(AcknowledgementSerializer, request.data)
        ack = services.acknowledge_framework(request.user, body["framework_id"])
        ack.acknowledged_at = ack.acknowledged_at or timezone.now()
        return Response(AcknowledgementSerializer(ack).data, status=status.HTTP_201_CREATED)
