"""`/api/v1/decisions`, `/api/v1/security-assignments` and `/api/v1/local-notifications`:
thin handlers over
`decisions.selectors` (the same reads as the pages) and `decisions.services`; every read is
audited, every write is a service call."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.api.pagination import PAGE_PARAMS
from weerstand.core.api.routes import Route
from weerstand.core.api.schema import ETAG_HEADER, if_match
from weerstand.core.api.views import (
    PolicyViewSet,
    audit_rows,
    etag,
    expected_version,
    reject_unknown,
    validated,
)
from weerstand.core.errors import InvalidParam, ValidationFailed
from weerstand.decisions import selectors, services
from weerstand.decisions.api.serializers import (
    ApprovalResultSerializer,
    ApprovalSerializer,
    AssignmentAcknowledgementSerializer,
    AssignmentFilterSerializer,
    AssignmentSerializer,
    DecisionCreateSerializer,
    DecisionFilterSerializer,
    DecisionListItemSerializer,
    DecisionSerializer,
    LocalNotificationSerializer,
    NotificationResponseSerializer,
)
from weerstand.decisions.models import Decision, LocalNotification, SecurityAssignment
from weerstand.policy import engine
from weerstand.policy.table import Action


def _filters(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    """A list's filters: unknown ones refused, the paging parameters allowed beside them (the
    strict body validator would refuse `page` and `pageSize` as unknown fields)."""
    reject_unknown(request.query_params, (*serializer_class().fields, *PAGE_PARAMS), what="filter")
    filters = serializer_class(data=request.query_params)
    filters.is_valid(raise_exception=True)
    return dict(filters.validated_data)


class DecisionViewSet(PolicyViewSet):
    """Decisions of the authority. Forbidden answers exactly like absent (404)."""

    policy_needs = {
        "list": "decision:view",
        "retrieve": "decision:view",
        "create": "decision:create",
        "approvals": "decision:change",
    }
    problem_statuses = {
        "list": (400,),
        "create": (400, 403, 409),
        "approvals": (400, 403, 409, 412),
    }

    @extend_schema(
        summary="Besluiten die u mag zien",
        parameters=[DecisionFilterSerializer],
        responses=DecisionListItemSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        f = _filters(DecisionFilterSerializer, request)
        qs = selectors.decisions_for(request.user, case=f.get("case"), statuses=f.get("status"))
        page = self.paginate_queryset(qs.order_by("-decided_at", "-pk"))
        audit_rows(AuditAction.LIST, Decision, page, noun="besluiten", actor=request.user)
        return self.get_paginated_response(DecisionListItemSerializer(page, many=True).data)

    @extend_schema(summary="Eén besluit", parameters=[ETAG_HEADER], responses=DecisionSerializer)
    def retrieve(self, request: Request, pk: int) -> Response:
        decision = engine.get_for(Decision.objects.all(), request.user, Action.VIEW, pk=pk)
        audit.record(AuditAction.READ, decision, actor=request.user)
        return self._response(request, decision)

    @extend_schema(
        summary="Een besluit nemen",
        description=(
            "Op het laatste vastgestelde dreigingsbeeld van de casus. Zonder `packages` wordt het "
            "standaardpakket voor fenomeen en niveau gebruikt; elke afwijking (`deviations`) "
            "vraagt een eigen motivering. Starten, beëindigen, afschalen en een ander niveau "
            "wachten op accordering door een tweede besluitvormer."
        ),
        request=DecisionCreateSerializer,
        responses={201: DecisionSerializer},
    )
    def create(self, request: Request) -> Response:
        body = validated(DecisionCreateSerializer, request.data)
        for i, dev in enumerate(request.data.get("deviations") or []):
            if isinstance(dev, dict):
                reject_unknown(dev, ("measure", "kind", "reasoning"), prefix=f"deviations[{i}].")
        data = services.DecisionData(
            decision_type=body["decision_type"],
            reasoning=body["reasoning"],
            effective_date=body["effective_date"],
            required_resistance=int(body["required_resistance"])
            if body.get("required_resistance")
            else None,
            next_recalibration=body.get("next_recalibration"),
            package_codes=body.get("packages"),
            deviations=[
                services.DeviationData(d["measure"], d["kind"], d["reasoning"])
                for d in body.get("deviations", [])
            ],
            acknowledge_disagreement=body["acknowledge_disagreement"],
            acknowledge_complexity=body["acknowledge_complexity"],
            municipality=body.get("municipality"),
            prosecutor_office=body.get("prosecutor_office"),
            preferred_executor=body.get("preferred_executor"),
            hand_over_to=body.get("hand_over_to"),
            hand_over_note=body.get("hand_over_note", ""),
        )
        decision = services.create_decision(request.user, body["case"], data)
        decision = engine.get_for(Decision.objects.all(), request.user, Action.VIEW, pk=decision.pk)
        response = self._response(request, decision)
        response.status_code = status.HTTP_201_CREATED
        response["Location"] = f"/api/v1/decisions/{decision.pk}"
        return response

    @extend_schema(
        summary="Accorderen of afwijzen (vier ogen)",
        description="Door een andere besluitvormer dan wie besloot; afwijzen vraagt een reden.",
        parameters=[if_match(required=False)],
        request=ApprovalSerializer,
        responses={201: ApprovalResultSerializer},
    )
    def approvals(self, request: Request, pk: int) -> Response:
        expected = expected_version(request, required=False)
        body = validated(ApprovalSerializer, request.data)
        if body["outcome"] == "approved":
            decision = services.approve_decision(
                request.user, pk, note=body["reason"], expected_version=expected
            )
        else:
            if not body["reason"].strip():
                raise ValidationFailed(
                    "Afwijzen vraagt een reden.",
                    invalid_params=[InvalidParam("reason", "required", "Geef een reden.")],
                )
            decision = services.reject_decision(
                request.user, pk, reason=body["reason"], expected_version=expected
            )
        return Response(
            ApprovalResultSerializer(
                {"decision": decision.pk, "status": decision.status, "version": decision.version}
            ).data,
            status=status.HTTP_201_CREATED,
            headers={"ETag": etag(decision.version)},
        )

    def _response(self, request: Request, decision: Decision) -> Response:
        deviations = selectors.deviations_of(request.user, decision)
        data = DecisionSerializer(decision, context={"deviations": deviations}).data
        return Response(data, headers={"ETag": etag(decision.version)})


class SecurityAssignmentViewSet(PolicyViewSet):
    """Security assignments: case team, the executing organisation, the LCC."""

    policy_needs = {
        "list": "security_assignment:view",
        "retrieve": "security_assignment:view",
        "acknowledgements": "security_assignment:change",
        "staffing_reports": "security_assignment:change",
    }
    problem_statuses = {
        "list": (400,),
        "acknowledgements": (400, 403, 409, 412),
        "staffing_reports": (400, 403, 409),
    }

    @extend_schema(
        summary="Beveiligingsopdrachten die u mag zien",
        parameters=[AssignmentFilterSerializer],
        responses=AssignmentSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        f = _filters(AssignmentFilterSerializer, request)
        qs = selectors.assignments_for(
            request.user, case=f.get("case"), statuses=f.get("status"), on=f.get("on")
        )
        page = self.paginate_queryset(qs.order_by("-priority", "starts_on", "pk"))
        audit_rows(
            AuditAction.LIST,
            SecurityAssignment,
            page,
            noun="beveiligingsopdrachten",
            actor=request.user,
        )
        return self.get_paginated_response(AssignmentSerializer(page, many=True).data)

    @extend_schema(
        summary="Eén beveiligingsopdracht", parameters=[ETAG_HEADER], responses=AssignmentSerializer
    )
    def retrieve(self, request: Request, pk: int) -> Response:
        a = engine.get_for(
            SecurityAssignment.objects.select_related("measure", "executing_organisation", "case"),
            request.user,
            Action.VIEW,
            pk=pk,
        )
        audit.record(AuditAction.READ, a, actor=request.user)
        return Response(AssignmentSerializer(a).data, headers={"ETag": etag(a.version)})

    @extend_schema(
        summary="Bevestigen door de uitvoerende organisatie",
        parameters=[if_match(required=False)],
        request=AssignmentAcknowledgementSerializer,
        responses={201: AssignmentSerializer},
    )
    def acknowledgements(self, request: Request, pk: int) -> Response:
        expected = expected_version(request, required=False)
        body = validated(AssignmentAcknowledgementSerializer, request.data)
        services.acknowledge_assignment(
            request.user, pk, note=body["note"], expected_version=expected
        )
        a = engine.get_for(
            SecurityAssignment.objects.select_related("measure", "executing_organisation", "case"),
            request.user,
            Action.VIEW,
            pk=pk,
        )
        return Response(
            AssignmentSerializer(a).data,
            status=status.HTTP_201_CREATED,
            headers={"ETag": etag(a.version)},
        )

    @extend_schema(
        summary="Melden dat de opdracht bemensd is (uitvoerende organisatie)",
        description="Na bevestiging; een tweede melding verandert niets.",
        request=AssignmentAcknowledgementSerializer,
        responses={201: AssignmentSerializer},
    )
    def staffing_reports(self, request: Request, pk: int) -> Response:
        body = validated(AssignmentAcknowledgementSerializer, request.data)
        services.mark_staffed(request.user, pk, note=body["note"])
        a = engine.get_for(
            SecurityAssignment.objects.select_related("measure", "executing_organisation", "case"),
            request.user,
            Action.VIEW,
            pk=pk,
        )
        return Response(
            AssignmentSerializer(a).data,
            status=status.HTTP_201_CREATED,
            headers={"ETag": etag(a.version)},
        )


class LocalNotificationViewSet(PolicyViewSet):
    """Notices to mayors and chief prosecutors about measures that touch their powers, and
    their reply. The recipient organisation sees its own; the LCC and inspectors all."""

    routes = (
        Route("local-notifications", {"get": "list"}, "api-local-notification-list"),
        Route("local-notifications/<int:pk>", {"get": "retrieve"}, "api-local-notification-detail"),
        Route(
            "local-notifications/<int:pk>/responses",
            {"post": "responses"},
            "api-local-notification-responses",
            paginated=False,
        ),
    )
    policy_needs = {
        "list": "local_notification:view",
        "retrieve": "local_notification:view",
        "responses": "local_notification:change",
    }
    problem_statuses = {"list": (400,), "responses": (400, 403, 409, 412)}

    @extend_schema(
        summary="Berichten aan het lokaal gezag die u mag zien",
        responses=LocalNotificationSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        reject_unknown(request.query_params, PAGE_PARAMS, what="filter")
        page = self.paginate_queryset(selectors.notifications_for(request.user)) or []
        audit_rows(
            AuditAction.LIST,
            LocalNotification,
            page,
            noun="berichten lokaal gezag",
            actor=request.user,
        )
        return self.get_paginated_response(LocalNotificationSerializer(page, many=True).data)

    @extend_schema(
        summary="Eén bericht aan het lokaal gezag",
        parameters=[ETAG_HEADER],
        responses=LocalNotificationSerializer,
    )
    def retrieve(self, request: Request, pk: int) -> Response:
        n = self._get(request, pk)
        audit.record(AuditAction.READ, n, actor=request.user)
        return Response(LocalNotificationSerializer(n).data, headers={"ETag": etag(n.version)})

    @extend_schema(
        summary="Reageren op een nieuwe maatregel (lokaal gezag)",
        description=(
            "Akkoord, niet akkoord (met reden) of een vraag om informatie; één keer per "
            "bericht over een nieuwe maatregel. Niet akkoord en een vraag gaan naar de "
            "eigenaar en de besluitvormers van de casus."
        ),
        parameters=[if_match(required=False)],
        request=NotificationResponseSerializer,
        responses={201: LocalNotificationSerializer},
    )
    def responses(self, request: Request, pk: int) -> Response:
        expected = expected_version(request, required=False)
        body = validated(NotificationResponseSerializer, request.data)
        services.respond_to_notification(
            request.user,
            pk,
            response=body["response"],
            reason=body.get("reason", ""),
            expected_version=expected,
        )
        n = self._get(request, pk)
        return Response(
            LocalNotificationSerializer(n).data,
            status=status.HTTP_201_CREATED,
            headers={"ETag": etag(n.version)},
        )

    def _get(self, request: Request, pk: int) -> LocalNotification:
        return engine.get_for(
            LocalNotification.objects.select_related("recipient"),
            request.user,
            Action.VIEW,
            pk=pk,
        )
