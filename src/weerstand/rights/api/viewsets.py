"""`/api/v1/objections`, `/api/v1/rights-frameworks`, `/api/v1/framework-acknowledgements`.

Thin handlers: reads through the policy and audited, writes through `rights.services`.
"""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.api.pagination import PAGE_PARAMS
from weerstand.core.api.schema import ETAG_HEADER, if_match
from weerstand.core.api.views import (
    PolicyViewSet,
    audit_rows,
    etag,
    expected_version,
    reject_unknown,
    validated,
)
from weerstand.core.errors import ValidationFailed
from weerstand.policy import engine
from weerstand.policy.table import Action
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


class ObjectionViewSet(PolicyViewSet):
    """Objections. One you may not see answers exactly like one that does not exist (404)."""

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

    def _get(self, request: Request, pk: int) -> Objection:
        return engine.get_for(
            Objection.objects.select_related("decision"), request.user, Action.VIEW, pk=pk
        )

    def _respond(self, objection: Objection, code: int = 200) -> Response:
        return Response(
            ObjectionSerializer(objection).data,
            status=code,
            headers={"ETag": etag(objection.version)},
        )

    @extend_schema(summary="Bezwaren die u mag zien", responses=ObjectionSerializer(many=True))
    def list(self, request: Request) -> Response:
        reject_unknown(request.query_params, PAGE_PARAMS, what="filter")
        qs = (
            Objection.objects.visible_to(request.user)
            .select_related("decision")
            .order_by("deadline", "pk")
        )
        page = self.paginate_queryset(qs)
        audit_rows(AuditAction.LIST, Objection, page, noun="bezwaren", actor=request.user)
        return self.get_paginated_response(ObjectionSerializer(page, many=True).data)

    @extend_schema(summary="Eén bezwaar", parameters=[ETAG_HEADER], responses=ObjectionSerializer)
    def retrieve(self, request: Request, pk: int) -> Response:
        objection = self._get(request, pk)
        audit.record(AuditAction.READ, objection, actor=request.user)
        return self._respond(objection)

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
        response = self._respond(self._get(request, objection.pk), status.HTTP_201_CREATED)
        response["Location"] = f"/api/v1/objections/{objection.pk}"
        return response

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
        return self._respond(self._get(request, pk), status.HTTP_201_CREATED)

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
        return self._respond(self._get(request, pk), status.HTTP_201_CREATED)


class FrameworkViewSet(PolicyViewSet):
    """Versions of the framework of rights and obligations."""

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

    def _respond(self, fw: FrameworkVersion, code: int = 200) -> Response:
        return Response(
            FrameworkSerializer(fw).data, status=code, headers={"ETag": etag(fw.version)}
        )

    @extend_schema(summary="Versies van het kader", responses=FrameworkSerializer(many=True))
    def list(self, request: Request) -> Response:
        reject_unknown(request.query_params, PAGE_PARAMS, what="filter")
        qs = FrameworkVersion.objects.visible_to(request.user).order_by("-effective_from")
        page = self.paginate_queryset(qs)
        audit_rows(AuditAction.LIST, FrameworkVersion, page, noun="versies", actor=request.user)
        return self.get_paginated_response(FrameworkSerializer(page, many=True).data)

    @extend_schema(summary="Eén versie", parameters=[ETAG_HEADER], responses=FrameworkSerializer)
    def retrieve(self, request: Request, pk: int) -> Response:
        fw = engine.get_for(FrameworkVersion.objects.all(), request.user, Action.VIEW, pk=pk)
        audit.record(AuditAction.READ, fw, actor=request.user)
        return self._respond(fw)

    @extend_schema(
        summary="Nieuwe versie vastleggen",
        description="Gaat in op `effectiveFrom` (vandaag of later) en vervangt dan de vorige.",
        request=FrameworkSerializer,
        responses={201: FrameworkSerializer},
    )
    def create(self, request: Request) -> Response:
        body = validated(FrameworkSerializer, request.data)
        fw = services.publish_framework(request.user, services.FrameworkData(**body))
        response = self._respond(fw, status.HTTP_201_CREATED)
        response["Location"] = f"/api/v1/rights-frameworks/{fw.pk}"
        return response

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
        return self._respond(fw)


class AcknowledgementViewSet(PolicyViewSet):
    """'Ik heb dit gelezen': your own acknowledgements (and of persons you may see)."""

    policy_needs = {
        "list": "rights_framework:view",
        "create": "rights_framework:view",
    }
    problem_statuses = {"list": (400,), "create": (400, 403, 409)}

    @extend_schema(
        summary="Kennisnames van het kader", responses=AcknowledgementSerializer(many=True)
    )
    def list(self, request: Request) -> Response:
        reject_unknown(request.query_params, PAGE_PARAMS, what="filter")
        qs = (
            FrameworkAcknowledgement.objects.visible_to(request.user)
            .select_related("framework", "user")
            .order_by("-acknowledged_at", "pk")
        )
        page = self.paginate_queryset(qs)
        audit_rows(
            AuditAction.LIST, FrameworkAcknowledgement, page, noun="kennisnames", actor=request.user
        )
        return self.get_paginated_response(AcknowledgementSerializer(page, many=True).data)

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
