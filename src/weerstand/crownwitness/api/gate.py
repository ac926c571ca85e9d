"""`/api/v1/crown-witness-trajectories/{id}/readiness`, `/publication` and
`/statement-disclosures`: the publication gate over HTTP.

Thin handlers over `crownwitness.publication`. The readiness answer says per circle person
only ready / not ready per check (stable codes), never anything of their cases; a refusal is
a 409 problem whose `missing` member lists every missing piece per person and for the
trajectory. Non-members get 404, as for the trajectory itself.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.core.api.routes import Route
from weerstand.core.api.schema import ETAG_HEADER, if_match
from weerstand.core.api.views import PolicyViewSet, etag, expected_version, validated
from weerstand.crownwitness import publication
from weerstand.crownwitness.api.serializers import TrajectorySerializer
from weerstand.crownwitness.models import Coverage, Relation
from weerstand.crownwitness.readiness import Readiness


class CheckSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    state = serializers.ChoiceField(
        choices=[("ready", "ready"), ("missing", "missing"), ("unknown", "unknown")],
        read_only=True,
        help_text="unknown: niet te beoordelen zolang een eerdere controle ontbreekt.",
    )
    title = serializers.CharField(source="label", read_only=True)
    message = serializers.CharField(read_only=True)


class PersonReadinessSerializer(serializers.Serializer):
    circlePerson = serializers.IntegerField(source="entry.pk", read_only=True)
    person = serializers.IntegerField(source="entry.person_id", read_only=True)
    relation = serializers.ChoiceField(
        source="entry.relation", choices=Relation.choices, read_only=True
    )
    coverage = serializers.ChoiceField(
        source="entry.coverage", choices=Coverage.choices, read_only=True
    )
    addedLate = serializers.BooleanField(source="entry.added_late", read_only=True)
    ready = serializers.BooleanField(read_only=True)
    missing = serializers.ListField(child=serializers.CharField(), read_only=True)
    checks = CheckSerializer(many=True, read_only=True)


class MissingSerializer(serializers.Serializer):
    """One entry of `missing`: a circle person's items, or the trajectory's own."""

    circlePerson = serializers.IntegerField(required=False)
    person = serializers.IntegerField(required=False)
    relation = serializers.CharField(required=False)
    trajectory = serializers.IntegerField(required=False)
    items = serializers.ListField(child=serializers.CharField())


class ReadinessSerializer(serializers.Serializer):
    trajectory = serializers.IntegerField(source="trajectory.pk", read_only=True)
    status = serializers.CharField(source="trajectory.status", read_only=True)
    plannedDate = serializers.DateField(
        source="trajectory.planned_date", read_only=True, allow_null=True
    )
    daysLeft = serializers.IntegerField(source="days_left", read_only=True, allow_null=True)
    ready = serializers.BooleanField(read_only=True)
    checks = CheckSerializer(many=True, read_only=True)
    persons = PersonReadinessSerializer(many=True, read_only=True)
    missing = serializers.SerializerMethodField()

    @extend_schema_field(MissingSerializer(many=True))
    def get_missing(self, obj: Readiness) -> list[dict[str, Any]]:
        return obj.missing()


class PublicationSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="Waarom nu (verplicht).")


class DisclosureCreateSerializer(serializers.Serializer):
    reference = serializers.CharField(
        max_length=100,
        help_text="Het kenmerk van het strafdossier waaraan de verklaring is toegevoegd.",
    )
    reason = serializers.CharField()


class DisclosureSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    trajectory = serializers.IntegerField(source="trajectory_id", read_only=True)
    reference = serializers.CharField(read_only=True)
    recordedAt = serializers.DateTimeField(source="recorded_at", read_only=True)


class GateViewSet(PolicyViewSet):
    """The publication gate of a trajectory: its readiness, and the steps that make the
    deal known. There is no override."""

    policy_needs = {
        "readiness": "trajectory:view",
        "publish": "trajectory:change",
        "disclose": "trajectory:change",
    }
    problem_statuses = {
        "readiness": (),
        "publish": (400, 403, 409, 412, 428),
        "disclose": (400, 403, 409),
    }
    routes = (
        Route(
            "crown-witness-trajectories/<int:pk>/readiness",
            {"get": "readiness"},
            "api-trajectory-readiness",
            paginated=False,
        ),
        Route(
            "crown-witness-trajectories/<int:pk>/publication",
            {"post": "publish"},
            "api-trajectory-publication",
            paginated=False,
        ),
        Route(
            "crown-witness-trajectories/<int:pk>/statement-disclosures",
            {"post": "disclose"},
            "api-trajectory-disclosures",
            paginated=False,
        ),
    )

    @extend_schema(
        summary="Gereedheid voor bekendmaking, per persoon in de kring",
        description=(
            "Per persoon zonder programmadekking: eigen casus, vastgestelde "
            "dreigingsinschatting, besluit van kracht, opdrachten bevestigd en bemensd op de "
            "geplande datum; voor het traject: status, datum, weging en toetsing. Alleen "
            "gereed of niet gereed, nooit de inhoud van een casus."
        ),
        responses=ReadinessSerializer,
    )
    def readiness(self, request: Request, pk: int) -> Response:
        state = publication.readiness_for(request.user, pk)
        return Response(ReadinessSerializer(state).data)

    @extend_schema(
        summary="Het traject bekendmaken (OM), alleen als alles gereed is",
        description=(
            "Geweigerd met 409 (`gate-closed`) zolang iets ontbreekt; het lid `missing` noemt "
            "per persoon (`circlePerson`, `person`, `relation`, `items`) en voor het traject "
            "(`trajectory`, `items`) wat ontbreekt. Er is geen uitzondering; alleen de datum "
            "kan verschuiven."
        ),
        parameters=[if_match(required=True), ETAG_HEADER],
        request=PublicationSerializer,
        responses={200: TrajectorySerializer},
    )
    def publish(self, request: Request, pk: int) -> Response:
        expected = expected_version(request, required=True)
        body = validated(PublicationSerializer, request.data)
        trajectory = publication.publish(
            request.user, pk, reason=body["reason"], expected_version=expected
        )
        return Response(
            TrajectorySerializer(trajectory).data, headers={"ETag": etag(trajectory.version)}
        )

    @extend_schema(
        summary="Vastleggen dat de verklaring aan een strafdossier is toegevoegd (OM)",
        description=(
            "Maakt de deal bekend en gaat dus door dezelfde poort: 409 (`gate-closed`) met "
            "`missing` zolang iets ontbreekt. Na toelating is het traject bekendgemaakt."
        ),
        request=DisclosureCreateSerializer,
        responses={201: DisclosureSerializer},
    )
    def disclose(self, request: Request, pk: int) -> Response:
        body = validated(DisclosureCreateSerializer, request.data)
        disclosure = publication.record_statement_in_case_file(
            request.user, pk, reference=body["reference"], reason=body["reason"]
        )
        return Response(DisclosureSerializer(disclosure).data, status=status.HTTP_201_CREATED)
