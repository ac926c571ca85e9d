"""`/api/v1/cases/{id}/classification-changes`: lowering a case's classification, four eyes.

Thin handlers over `cases.classification`: a team member who may change the case asks, with a
reason; the case owner or a senior analyst of the team (never the one who asked) approves or
rejects. Raising the classification is an ordinary `PATCH /api/v1/cases/{id}`. Whoever may
view the case sees its requests; a case you may not see answers 404, as if absent.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.accounts.roles import Classification
from weerstand.cases import classification, selectors
from weerstand.cases.models import Case, ClassificationChangeStatus
from weerstand.core.api.mixins import QueryFiltersMixin, ScopedMixin
from weerstand.core.api.routes import Route
from weerstand.core.api.schema import if_match
from weerstand.core.api.views import PolicyViewSet, expected_version, validated


class ClassificationChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    case = serializers.IntegerField(source="case_id", read_only=True)
    # Integers on the scale of `classification` (one enum in the document, not three).
    fromClassification = serializers.IntegerField(
        source="from_classification", read_only=True, help_text="Rubricering vóór (0-4)."
    )
    toClassification = serializers.IntegerField(
        source="to_classification", read_only=True, help_text="Gevraagde rubricering (0-4)."
    )
    reason = serializers.CharField(read_only=True)
    requestedBy = serializers.CharField(source="requested_by_name", read_only=True)
    requestedAt = serializers.DateTimeField(source="requested_at", read_only=True)
    status = serializers.ChoiceField(choices=ClassificationChangeStatus.choices, read_only=True)
    decidedBy = serializers.CharField(source="decided_by_name", read_only=True)
    decidedAt = serializers.DateTimeField(source="decided_at", read_only=True, allow_null=True)
    decisionReason = serializers.CharField(source="decision_reason", read_only=True)


class ClassificationChangeCreateSerializer(serializers.Serializer):
    classification = serializers.ChoiceField(
        choices=Classification.choices, help_text="De lagere rubricering die u vraagt."
    )
    reason = serializers.CharField(max_length=2000)


class ClassificationDecisionSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[("approved", "approved"), ("rejected", "rejected")])
    reason = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Verplicht bij afwijzen.",
    )


class CaseClassificationViewSet(QueryFiltersMixin, ScopedMixin, PolicyViewSet):
    """Requests to lower the classification of one case. Every step is audited."""

    model = Case  # `get_object()` is the case, read through the policy
    routes = (
        Route(
            "cases/<int:pk>/classification-changes",
            {"get": "list", "post": "create"},
            "api-case-classification-changes",
        ),
        Route(
            "cases/<int:pk>/classification-changes/<int:change_id>/decisions",
            {"post": "decide"},
            "api-case-classification-change-decisions",
            paginated=False,
        ),
    )
    policy_needs = {
        "list": "case:view",
        "create": "case:change",
        "decide": "case:change",
    }
    problem_statuses = {
        "list": (400,),
        "create": (400, 403, 409),
        "decide": (400, 403, 409, 412),
    }

    @extend_schema(
        summary="Verzoeken tot verlaging van de rubricering",
        responses=ClassificationChangeSerializer(many=True),
    )
    def list(self, request: Request, pk: int) -> Response:
        self.query_filters()
        case = self.get_object(pk)
        page = self.paginate_queryset(selectors.classification_changes(request.user, case))
        self.audit_read(
            case, reason="verzoeken verlaging rubricering", changes={"ids": [c.pk for c in page]}
        )
        return self.get_paginated_response(ClassificationChangeSerializer(page, many=True).data)

    @extend_schema(
        summary="Verlaging van de rubricering vragen (teamlid dat de casus mag wijzigen)",
        description=(
            "Gaat pas in als de eigenaar of een senior analist van het casusteam (niet uzelf) "
            "akkoord geeft. Nooit lager dan de hoogste rubricering van wat aan de casus "
            "gekoppeld is (400). Verhogen gaat direct met `PATCH /api/v1/cases/{id}`. Eén "
            "verzoek tegelijk per casus (409)."
        ),
        request=ClassificationChangeCreateSerializer,
        responses={201: ClassificationChangeSerializer},
    )
    def create(self, request: Request, pk: int) -> Response:
        body = validated(ClassificationChangeCreateSerializer, request.data)
        change = classification.request_lowering(
            request.user, pk, body["classification"], reason=body["reason"]
        )
        return Response(
            ClassificationChangeSerializer(change).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": f"/api/v1/cases/{pk}/classification-changes"},
        )

    @extend_schema(
        summary="Akkoord of afwijzing van een verlaging (tweede persoon)",
        description=(
            "De eigenaar of een senior analist van het casusteam, niet wie het vroeg (403). "
            "Bij akkoord wordt de casus direct lager gerubriceerd, als zij nog op de "
            "gevraagde rubricering staat en niets hogers intussen gekoppeld is (409). Met "
            "If-Match moet de casusversie de huidige zijn (412)."
        ),
        parameters=[if_match(required=False)],
        request=ClassificationDecisionSerializer,
        responses={201: ClassificationChangeSerializer},
    )
    def decide(self, request: Request, pk: int, change_id: int) -> Response:
        expected = expected_version(request, required=False)
        body = validated(ClassificationDecisionSerializer, request.data)
        change = classification.decide(
            request.user,
            pk,
            change_id,
            approve=body["outcome"] == "approved",
            reason=body["reason"],
            expected_version=expected,
        )
        return Response(ClassificationChangeSerializer(change).data, status=status.HTTP_201_CREATED)
