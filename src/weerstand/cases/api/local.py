"""`/api/v1/local-handovers`: cases handed to the local domain, and the local authority's
answer (`/acceptances`, `/returns`).

Thin handlers over `cases.local_domain`. The receiving organisation (mayor, OM officers) gets
only the allow-listed fields (`HANDOVER_SHARED_FIELDS`: `LocalHandoverSharedSerializer`);
who reaches the hand-over through its case (the case team, inspectors) also gets the case and
the decision. A hand-over you may not see answers 404, as if absent.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.audit.models import AuditAction
from weerstand.cases import local_domain, rules
from weerstand.cases.models import HandoverStatus, LocalHandover, Phenomenon
from weerstand.core.api.mixins import QueryFiltersMixin, ScopedMixin
from weerstand.core.api.routes import Route
from weerstand.core.api.schema import ETAG_HEADER, OrganisationCodeField, if_match
from weerstand.core.api.views import PolicyViewSet, audit_rows, etag, expected_version, validated


class LocalHandoverSharedSerializer(serializers.Serializer):
    """What the local authority sees: exactly the fields of `HANDOVER_SHARED_FIELDS`."""

    id = serializers.IntegerField(read_only=True)
    caseReference = serializers.CharField(source="case_reference", read_only=True)
    phenomenon = serializers.ChoiceField(choices=Phenomenon.choices, read_only=True)
    authority = OrganisationCodeField(read_only=True, help_text="De gemeente of het OM-parket.")
    authorityName = serializers.CharField(source="authority.name", read_only=True)
    handedOverAt = serializers.DateTimeField(source="handed_over_at", read_only=True)
    contactName = serializers.CharField(source="contact_name", read_only=True)
    contactOrganisation = serializers.CharField(source="contact_organisation", read_only=True)
    contactLine = serializers.CharField(source="contact_line", read_only=True)
    note = serializers.CharField(read_only=True, help_text="De notitie van het gezag voor u.")
    status = serializers.ChoiceField(choices=HandoverStatus.choices, read_only=True)
    answerReason = serializers.CharField(source="answer_reason", read_only=True)
    answeredByName = serializers.CharField(source="answered_by_name", read_only=True)
    answeredAt = serializers.DateTimeField(source="answered_at", read_only=True, allow_null=True)
    withdrawnAt = serializers.DateTimeField(source="withdrawn_at", read_only=True, allow_null=True)


class LocalHandoverSerializer(LocalHandoverSharedSerializer):
    """A hand-over. `case` and `decisionReference` only for who reaches it through the case
    (the case team, inspectors); for the local authority these keys are absent."""

    # Not read_only, so the OpenAPI document lists them as optional.
    case = serializers.IntegerField(
        source="case_id", required=False, help_text="Alleen voor het casusteam."
    )
    decisionReference = serializers.CharField(
        source="decision_reference", required=False, help_text="Alleen voor het casusteam."
    )


class AcceptanceSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=local_domain.MAX_REASON,
        help_text="Optioneel, bijv. wie de zaak bij u oppakt.",
    )


class ReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=local_domain.MAX_REASON,
        help_text=f"Verplicht, minimaal {local_domain.MIN_RETURN_REASON} tekens.",
    )


def representation(user: Any, rows: list[LocalHandover]) -> list[dict[str, Any]]:
    """Each row in the view the user may have of it: in full, or the allow-list only."""
    full = rules.handovers_in_full(user, [h.pk for h in rows])
    return [
        (LocalHandoverSerializer if h.pk in full else LocalHandoverSharedSerializer)(h).data
        for h in rows
    ]


class LocalHandoverViewSet(QueryFiltersMixin, ScopedMixin, PolicyViewSet):
    """Hand-overs to the local domain: the receiving organisation's and the case team's."""

    # Reads through the policy like every viewset; each row is then shown in full or as the
    # allow-list only (`representation`), so list and retrieve serialize here.
    model = LocalHandover
    related = ("authority",)
    routes = (
        Route("local-handovers", {"get": "list"}, "api-local-handover-list"),
        Route("local-handovers/<int:pk>", {"get": "retrieve"}, "api-local-handover-detail"),
        Route(
            "local-handovers/<int:pk>/acceptances",
            {"post": "acceptances"},
            "api-local-handover-acceptances",
            paginated=False,
        ),
        Route(
            "local-handovers/<int:pk>/returns",
            {"post": "returns"},
            "api-local-handover-returns",
            paginated=False,
        ),
    )
    policy_needs = {
        "list": "local_handover:view",
        "retrieve": "local_handover:view",
        "acceptances": "local_handover:change",
        "returns": "local_handover:change",
    }
    problem_statuses = {
        "list": (400,),
        "acceptances": (400, 403, 409, 412),
        "returns": (400, 403, 409, 412),
    }

    @extend_schema(
        summary="Overdrachten aan het lokale domein die u mag zien",
        description=(
            "Het lokaal gezag (burgemeester, OM) ziet alleen de gedeelde velden van de "
            "overdrachten aan de eigen organisatie; het casusteam ook casus en besluit."
        ),
        responses=LocalHandoverSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        self.query_filters()
        qs = local_domain.handovers_for(request.user).order_by("-handed_over_at", "-pk")
        page: list[Any] = self.paginate_queryset(qs) or []
        audit_rows(
            AuditAction.LIST,
            LocalHandover,
            page,
            noun="overdrachten lokaal domein",
            actor=request.user,
        )
        return self.get_paginated_response(representation(request.user, page))

    @extend_schema(
        summary="Eén overdracht", parameters=[ETAG_HEADER], responses=LocalHandoverSerializer
    )
    def retrieve(self, request: Request, pk: int) -> Response:
        h = self.get_object(pk)
        self.audit_read(h)
        return Response(representation(request.user, [h])[0], headers={"ETag": etag(h.version)})

    @extend_schema(
        summary="De zaak aanvaarden (lokaal gezag)",
        description="Alleen de burgemeester of het OM-parket aan wie de zaak is overgedragen, "
        "één keer. De eigenaar van de casus krijgt een melding.",
        parameters=[if_match(required=False)],
        request=AcceptanceSerializer,
        responses={201: LocalHandoverSerializer},
    )
    def acceptances(self, request: Request, pk: int) -> Response:
        expected = expected_version(request, required=False)
        body = validated(AcceptanceSerializer, request.data)
        local_domain.accept(
            request.user, pk, reason=body.get("reason", ""), expected_version=expected
        )
        return self._answered(request, pk)

    @extend_schema(
        summary="De zaak teruggeven aan de NCTV (lokaal gezag)",
        description=(
            "Met een reden van minimaal 10 tekens, één keer. De casus gaat terug naar triage "
            "(namens de eigenaar van de casus), en de eigenaar krijgt een melding met de reden."
        ),
        parameters=[if_match(required=False)],
        request=ReturnSerializer,
        responses={201: LocalHandoverSerializer},
    )
    def returns(self, request: Request, pk: int) -> Response:
        expected = expected_version(request, required=False)
        body = validated(ReturnSerializer, request.data)
        local_domain.return_handover(
            request.user, pk, reason=body["reason"], expected_version=expected
        )
        return self._answered(request, pk)

    def _answered(self, request: Request, pk: int) -> Response:
        h = self.get_object(pk)
        return Response(
            representation(request.user, [h])[0],
            status=status.HTTP_201_CREATED,
            headers={"ETag": etag(h.version)},
        )
