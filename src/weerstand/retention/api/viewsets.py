"""`/api/v1/retention-rules`, `/api/v1/legal-holds`, `/api/v1/destruction-reports` and
`/api/v1/access-requests`. Thin: reads through the policy and audited, writes through
`retention.services`. No response carries the content of a governed object."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.api.mixins import ListMixin, RetrieveMixin
from weerstand.core.api.routes import Route
from weerstand.core.api.schema import ETAG_HEADER, if_match
from weerstand.core.api.views import PolicyViewSet, expected_version, validated
from weerstand.policy import engine
from weerstand.policy.table import Action
from weerstand.retention import selectors, services
from weerstand.retention.api.serializers import (
    AccessRequestCreateSerializer,
    AccessRequestDetailSerializer,
    AccessRequestFilterSerializer,
    AccessRequestItemSerializer,
    AccessRequestSerializer,
    DestructionReportDetailSerializer,
    DestructionReportSerializer,
    EmptySerializer,
    ItemDecisionSerializer,
    LegalHoldCreateSerializer,
    LegalHoldFilterSerializer,
    LegalHoldSerializer,
    ReasonSerializer,
    RetentionRulePatchSerializer,
    RetentionRuleSerializer,
    RetentionRuleWriteSerializer,
)
from weerstand.retention.models import (
    AccessRequest,
    AccessRequestItem,
    DestructionReport,
    LegalHold,
    RetentionRule,
)


@extend_schema_view(
    list=extend_schema(summary="Bewaarregels", responses=RetentionRuleSerializer(many=True)),
    retrieve=extend_schema(
        summary="Eén bewaarregel", parameters=[ETAG_HEADER], responses=RetentionRuleSerializer
    ),
)
class RetentionRuleViewSet(ListMixin, RetrieveMixin, PolicyViewSet):
    """Per object type and legal basis: the period, counted from what, and what happens then."""

    http_method_names = ["get", "post", "patch", "delete", "head"]

    model = RetentionRule
    list_serializer = detail_serializer = RetentionRuleSerializer
    ordering = ("object_type", "legal_basis")
    audit_noun = "bewaarregels"
    with_etag = True
    policy_needs = {
        "list": "retention_rule:view",
        "retrieve": "retention_rule:view",
        "create": "retention_rule:create",
        "partial_update": "retention_rule:change",
        "destroy": "retention_rule:change",
    }
    problem_statuses = {
        "list": (400,),
        "create": (400, 403),
        "partial_update": (400, 409, 412, 428),
        "destroy": (409, 412),
    }
    routes = (
        Route("retention-rules", {"get": "list", "post": "create"}, "api-retention-rule-list"),
        Route(
            "retention-rules/<int:pk>",
            {"get": "retrieve", "patch": "partial_update", "delete": "destroy"},
            "api-retention-rule-detail",
        ),
    )

    @extend_schema(
        summary="Een bewaarregel vastleggen (privacyfunctionaris)",
        request=RetentionRuleWriteSerializer,
        responses={201: RetentionRuleSerializer},
    )
    def create(self, request: Request) -> Response:
        body = validated(RetentionRuleWriteSerializer, request.data)
        rule = services.create_rule(request.user, dict(body))
        return self.detail_response(
            self.get_object(rule.pk),
            status.HTTP_201_CREATED,
            Location=f"/api/v1/retention-rules/{rule.pk}",
        )

    @extend_schema(
        summary="Een bewaarregel wijzigen",
        parameters=[if_match(required=True), ETAG_HEADER],
        request=RetentionRulePatchSerializer,
        responses=RetentionRuleSerializer,
    )
    def partial_update(self, request: Request, pk: int) -> Response:
        expected = expected_version(request, required=True)
        body = validated(RetentionRulePatchSerializer, request.data)
        services.update_rule(request.user, pk, dict(body), expected_version=expected)
        return self.detail_response(self.get_object(pk))

    @extend_schema(
        summary="Een bewaarregel verwijderen",
        parameters=[if_match(required=False)],
        responses={204: None},
    )
    def destroy(self, request: Request, pk: int) -> Response:
        expected = expected_version(request, required=False)
        services.delete_rule(request.user, pk, expected_version=expected)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(summary="Bewaarplichten", responses=LegalHoldSerializer(many=True)),
    retrieve=extend_schema(summary="Eén bewaarplicht", responses=LegalHoldSerializer),
)
class LegalHoldViewSet(ListMixin, RetrieveMixin, PolicyViewSet):
    """An inquiry, objection, litigation or inspection holds a case or one object: what it
    covers is never destroyed while it is in force."""

    model = LegalHold
    list_serializer = detail_serializer = LegalHoldSerializer
    filter_serializer = LegalHoldFilterSerializer
    ordering = ("-placed_at", "-pk")
    audit_noun = "bewaarplichten"
    policy_needs = {
        "list": "legal_hold:view",
        "retrieve": "legal_hold:view",
        "create": "legal_hold:create",
        "lift": "legal_hold:change",
    }
    problem_statuses = {"list": (400,), "create": (400, 403), "lift": (400, 409)}
    routes = (
        Route("legal-holds", {"get": "list", "post": "create"}, "api-legal-hold-list"),
        Route("legal-holds/<int:pk>", {"get": "retrieve"}, "api-legal-hold-detail"),
        Route(
            "legal-holds/<int:pk>/lift", {"post": "lift"}, "api-legal-hold-lift", paginated=False
        ),
    )

    def filter_rows(self, qs: QuerySet, f: dict[str, Any]) -> QuerySet:
        if f.get("inForce") is not None:
            qs = qs.filter(lifted_at__isnull=f["inForce"])
        return qs

    @extend_schema(
        summary="Een bewaarplicht opleggen (op een casus of op één object)",
        request=LegalHoldCreateSerializer,
        responses={201: LegalHoldSerializer},
    )
    def create(self, request: Request) -> Response:
        body = validated(LegalHoldCreateSerializer, request.data)
        hold = services.place_hold(
            request.user,
            kind=body["kind"],
            reason=body["reason"],
            case_id=body.get("case"),
            object_type=body.get("object_type") or "",
            object_id=body.get("object_id"),
        )
        return self.detail_response(
            self.get_object(hold.pk),
            status.HTTP_201_CREATED,
            Location=f"/api/v1/legal-holds/{hold.pk}",
        )

    @extend_schema(
        summary="Een bewaarplicht opheffen (met reden)",
        request=ReasonSerializer,
        responses={200: LegalHoldSerializer},
    )
    def lift(self, request: Request, pk: int) -> Response:
        body = validated(ReasonSerializer, request.data)
        services.lift_hold(request.user, pk, body["reason"])
        return self.detail_response(self.get_object(pk))


@extend_schema_view(
    list=extend_schema(
        summary="Vernietigingsverslagen", responses=DestructionReportSerializer(many=True)
    ),
    retrieve=extend_schema(
        summary="Eén vernietigingsverslag, met de uitkomst van de controle van de handtekening",
        responses=DestructionReportDetailSerializer,
    ),
)
class DestructionReportViewSet(ListMixin, RetrieveMixin, PolicyViewSet):
    """Per run of `apply-retention`: what was destroyed or anonymised and what a hold kept,
    by type, id, rule, legal basis and dates; signed (Ed25519)."""

    model = DestructionReport
    list_serializer = DestructionReportSerializer
    detail_serializer = DestructionReportDetailSerializer
    ordering = ("-run_at", "-pk")
    audit_noun = "vernietigingsverslagen"
    policy_needs = {"list": "destruction_report:view", "retrieve": "destruction_report:view"}
    problem_statuses = {"list": (400,)}
    routes = (
        Route("destruction-reports", {"get": "list"}, "api-destruction-report-list"),
        Route("destruction-reports/<int:pk>", {"get": "retrieve"}, "api-destruction-report-detail"),
    )

    def serializer_context(self, rows: list[Any]) -> dict[str, Any]:
        for report in rows:
            report.signature_valid = services.verify_report(report)
        return {}


@extend_schema_view(
    list=extend_schema(summary="Inzageverzoeken", responses=AccessRequestSerializer(many=True)),
    retrieve=extend_schema(
        summary="Eén inzageverzoek met zijn onderdelen",
        parameters=[ETAG_HEADER],
        responses=AccessRequestDetailSerializer,
    ),
)
class AccessRequestViewSet(ListMixin, RetrieveMixin, PolicyViewSet):
    """A person's request to see what is recorded about them (AVG art. 15, Wpg art. 25): the
    items recorded (as references), a decision per item with the legal exception when
    withheld, and the answer's summary (never what a withheld item is)."""

    model = AccessRequest
    list_serializer = AccessRequestSerializer
    detail_serializer = AccessRequestDetailSerializer
    filter_serializer = AccessRequestFilterSerializer
    ordering = ("-received_on", "-pk")
    audit_noun = "inzageverzoeken"
    with_etag = True
    policy_needs = {
        "list": "access_request:view",
        "retrieve": "access_request:view",
        "create": "access_request:create",
        "items": "access_request:view",
        "collect": "access_request:change",
        "decide": "access_request:change",
        "extend": "access_request:change",
        "complete": "access_request:change",
    }
    problem_statuses = {
        "list": (400,),
        "create": (400, 403),
        "items": (400,),
        "collect": (409, 412),
        "decide": (400, 409),
        "extend": (400, 409, 412),
        "complete": (409, 412),
    }
    routes = (
        Route("access-requests", {"get": "list", "post": "create"}, "api-access-request-list"),
        Route("access-requests/<int:pk>", {"get": "retrieve"}, "api-access-request-detail"),
        Route(
            "access-requests/<int:pk>/items",
            {"get": "items", "post": "collect"},
            "api-access-request-items",
            paginated=False,
        ),
        Route(
            "access-requests/<int:pk>/items/<int:item_id>/decision",
            {"post": "decide"},
            "api-access-request-decision",
            paginated=False,
        ),
        Route(
            "access-requests/<int:pk>/extension",
            {"post": "extend"},
            "api-access-request-extension",
            paginated=False,
        ),
        Route(
            "access-requests/<int:pk>/complete",
            {"post": "complete"},
            "api-access-request-complete",
            paginated=False,
        ),
    )

    def filter_rows(self, qs: QuerySet, f: dict[str, Any]) -> QuerySet:
        if f.get("status"):
            qs = qs.filter(status=f["status"])
        return qs

    def serializer_context(self, rows: list[Any]) -> dict[str, Any]:
        for row in rows:
            row.shown_items = selectors.items_of(self.request.user, row)
        return {}

    @extend_schema(
        summary="Een inzageverzoek vastleggen (termijn: een maand na ontvangst)",
        request=AccessRequestCreateSerializer,
        responses={201: AccessRequestDetailSerializer},
    )
    def create(self, request: Request) -> Response:
        body = validated(AccessRequestCreateSerializer, request.data)
        created = services.create_access_request(request.user, body["person"], body["received_on"])
        return self.detail_response(
            self.get_object(created.pk),
            status.HTTP_201_CREATED,
            Location=f"/api/v1/access-requests/{created.pk}",
        )

    @extend_schema(
        summary="De onderdelen van het verzoek (verwijzingen, geen inhoud)",
        responses=AccessRequestItemSerializer(many=True),
    )
    def items(self, request: Request, pk: int) -> Response:
        access_request = self.get_object(pk)
        rows = selectors.items_of(request.user, access_request)
        audit.record(
            AuditAction.LIST,
            object_type="retention.accessrequestitem",
            object_repr=f"{len(rows)} onderdelen van inzageverzoek {access_request.pk}",
            changes={"ids": [r.pk for r in rows]},
            actor=request.user,
        )
        return Response(AccessRequestItemSerializer(rows, many=True).data)

    @extend_schema(
        summary="Verzamelen wat over de persoon is vastgelegd (voegt alleen nieuwe onderdelen toe)",
        parameters=[if_match(required=False)],
        request=EmptySerializer,
        responses={201: AccessRequestDetailSerializer},
    )
    def collect(self, request: Request, pk: int) -> Response:
        expected = expected_version(request, required=False)
        validated(EmptySerializer, request.data)
        services.collect_items(request.user, pk, expected_version=expected)
        return self.detail_response(self.get_object(pk), status.HTTP_201_CREATED)

    @extend_schema(
        summary="Beslissen over één onderdeel: verstrekken, of weigeren met uitzondering en reden",
        request=ItemDecisionSerializer,
        responses={200: AccessRequestItemSerializer},
    )
    def decide(self, request: Request, pk: int, item_id: int) -> Response:
        body = validated(ItemDecisionSerializer, request.data)
        engine.get_for(
            AccessRequestItem.objects.filter(request=pk), request.user, Action.CHANGE, pk=item_id
        )
        item = services.decide_item(
            request.user,
            item_id,
            body["decision"],
            exception=body["exception"],
            reason=body["reason"],
        )
        return Response(AccessRequestItemSerializer(item).data)

    @extend_schema(
        summary="De termijn eenmaal verlengen (met reden)",
        parameters=[if_match(required=False)],
        request=ReasonSerializer,
        responses={200: AccessRequestDetailSerializer},
    )
    def extend(self, request: Request, pk: int) -> Response:
        expected = expected_version(request, required=False)
        body = validated(ReasonSerializer, request.data)
        services.extend_deadline(request.user, pk, body["reason"], expected_version=expected)
        return self.detail_response(self.get_object(pk))

    @extend_schema(
        summary="Afronden: de samenvatting van het antwoord (zonder geweigerde inhoud)",
        parameters=[if_match(required=False)],
        request=EmptySerializer,
        responses={200: AccessRequestDetailSerializer},
    )
    def complete(self, request: Request, pk: int) -> Response:
        expected = expected_version(request, required=False)
        validated(EmptySerializer, request.data)
        services.complete_request(request.user, pk, expected_version=expected)
        return self.detail_response(self.get_object(pk))
