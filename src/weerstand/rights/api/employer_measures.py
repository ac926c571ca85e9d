"""`/api/v1/employer-measures`: what the employer is expected to do themselves, recorded by the
case team, confirmed by the employer contact. Thin handlers over
`rights.services.employer_measures`; reads through the policy and audited."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.core.api.mixins import ListMixin, RetrieveMixin
from weerstand.core.api.routes import Route
from weerstand.core.api.schema import ETAG_HEADER, if_match
from weerstand.core.api.views import PolicyViewSet, expected_version, reject_unknown, validated
from weerstand.core.errors import ValidationFailed
from weerstand.rights import services
from weerstand.rights.models import EmployerMeasure, EmployerMeasureStatus


class EmployerMeasureSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    case = serializers.IntegerField(source="case_id", read_only=True)
    contact = serializers.IntegerField(
        source="contact_id", read_only=True, help_text="Id van de contactpersoon van de werkgever."
    )
    title = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    dueOn = serializers.DateField(source="due_on", read_only=True)
    status = serializers.ChoiceField(choices=EmployerMeasureStatus.choices, read_only=True)
    isOverdue = serializers.BooleanField(source="is_overdue", read_only=True)
    confirmedAt = serializers.DateTimeField(source="confirmed_at", read_only=True, allow_null=True)
    confirmationNote = serializers.CharField(source="confirmation_note", read_only=True)
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)
    version = serializers.IntegerField(read_only=True)


class EmployerMeasureCreateSerializer(serializers.Serializer):
    case = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    contact = serializers.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        help_text="Persoon die als contactpersoon werkgever aan de casus is gekoppeld.",
    )
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    dueOn = serializers.DateField(source="due_on")


class EmployerMeasureUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    dueOn = serializers.DateField(source="due_on", required=False)
    status = serializers.ChoiceField(choices=EmployerMeasureStatus.choices, required=False)


class ConfirmationSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Wat de werkgever heeft gedaan."
    )


@extend_schema_view(
    list=extend_schema(
        summary="Maatregelen van de werkgever die u mag zien",
        responses=EmployerMeasureSerializer(many=True),
    ),
    retrieve=extend_schema(
        summary="Eén maatregel van de werkgever",
        parameters=[ETAG_HEADER],
        responses=EmployerMeasureSerializer,
    ),
)
class EmployerMeasureViewSet(ListMixin, RetrieveMixin, PolicyViewSet):
    """The employer's own expected measures. One you may not see answers like one that does
    not exist (404)."""

    model = EmployerMeasure
    list_serializer = detail_serializer = EmployerMeasureSerializer
    ordering = ("due_on", "pk")
    audit_noun = "maatregelen werkgever"
    with_etag = True
    policy_needs = {
        "list": "employer_measure:view",
        "retrieve": "employer_measure:view",
        "create": "employer_measure:create",
        "partial_update": "employer_measure:change",
        "confirmation": "employer_measure:change",
    }
    problem_statuses = {
        "list": (400,),
        "create": (400, 403),
        "partial_update": (400, 403, 409, 412, 428),
        "confirmation": (400, 403, 409, 412),
    }
    routes = (
        Route("employer-measures", {"get": "list", "post": "create"}, "api-employer-measure-list"),
        Route(
            "employer-measures/<int:pk>",
            {"get": "retrieve", "patch": "partial_update"},
            "api-employer-measure-detail",
        ),
        Route(
            "employer-measures/<int:pk>/confirmations",
            {"post": "confirmation"},
            "api-employer-measure-confirmations",
        ),
    )

    @extend_schema(
        summary="Een maatregel van de werkgever vastleggen (casusteam)",
        description="De contactpersoon van de werkgever krijgt een melding in het portaal.",
        request=EmployerMeasureCreateSerializer,
        responses={201: EmployerMeasureSerializer},
    )
    def create(self, request: Request) -> Response:
        body = validated(EmployerMeasureCreateSerializer, request.data)
        measure = services.record_employer_measure(
            request.user,
            body["case"],
            services.EmployerMeasureData(
                contact=body["contact"],
                title=body["title"],
                due_on=body["due_on"],
                description=body["description"],
            ),
        )
        return self.detail_response(
            self.get_object(measure.pk),
            status.HTTP_201_CREATED,
            Location=f"/api/v1/employer-measures/{measure.pk}",
        )

    @extend_schema(
        summary="Een maatregel van de werkgever wijzigen (casusteam)",
        description="Titel, toelichting, datum of status (`cancelled` laat hem vervallen).",
        parameters=[if_match(required=True), ETAG_HEADER],
        request=EmployerMeasureUpdateSerializer,
        responses=EmployerMeasureSerializer,
    )
    def partial_update(self, request: Request, pk: int) -> Response:
        expected = expected_version(request, required=True)
        serializer = EmployerMeasureUpdateSerializer(data=request.data, partial=True)
        reject_unknown(request.data, serializer.fields)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        if not changes:
            raise ValidationFailed("Er is niets te wijzigen.")
        measure = services.update_employer_measure(
            request.user, pk, changes, expected_version=expected
        )
        return self.detail_response(measure)

    @extend_schema(
        summary="Bevestigen dat de maatregel klaar is (de werkgever)",
        parameters=[if_match(required=False)],
        request=ConfirmationSerializer,
        responses={201: EmployerMeasureSerializer},
    )
    def confirmation(self, request: Request, pk: int) -> Response:
        expected = expected_version(request, required=False)
        body = validated(ConfirmationSerializer, request.data)
        services.confirm_employer_measure(
            request.user, pk, note=body["note"], expected_version=expected
        )
        return self.detail_response(self.get_object(pk), status.HTTP_201_CREATED)
