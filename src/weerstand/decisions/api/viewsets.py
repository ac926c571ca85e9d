"""`/api/v1/decisions`, `/api/v1/security-assignments` and `/api/v1/local-notifications`:
thin handlers. Reads go through the policy (`core.api.mixins`: scoped, audited, strictly
filtered), every write is a call to `decisions.services`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.core.api.mixins import ListMixin, RetrieveMixin
from weerstand.core.api.routes import Route
from weerstand.core.api.schema import ETAG_HEADER, if_match
from weerstand.core.api.views import (
    PolicyViewSet,
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


def _of_case_in_status(qs: QuerySet, f: dict[str, Any]) -> QuerySet:
    """The filters decisions and assignments share: one case, and any of some statuses."""
    if f.get("case"):
        qs = qs.filter(case=f["case"])
    if f.get("status"):
        qs = qs.filter(status__in=sorted(f["status"]))
    return qs


@extend_schema_view(
    list=extend_schema(
        summary="Besluiten die u mag zien", responses=DecisionListItemSerializer(many=True)
    ),
    retrieve=extend_schema(
        summary="Eén besluit", parameters=[ETAG_HEADER], responses=DecisionSerializer
    ),
)
class DecisionViewSet(ListMixin, RetrieveMixin, PolicyViewSet):
    """Decisions of the authority. Forbidden answers exactly like absent (404)."""

    model = Decision
    list_serializer = DecisionListItemSerializer
    detail_serializer = DecisionSerializer
    filter_serializer = DecisionFilterSerializer
    ordering = ("-decided_at", "-pk")
    audit_noun = "besluiten"
    with_etag = True
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
    routes = (
        Route("decisions", {"get": "list", "post": "create"}, "api-decision-list"),
        Route("decisions/<int:pk>", {"get": "retrieve"}, "api-decision-detail"),
        # An outcome, not a page of results: no pagination for this URL.
        Route(
            "decisions/<int:pk>/approvals",
            {"post": "approvals"},
            "api-decision-approvals",
            paginated=False,
        ),
    )

    def filter_rows(self, qs: QuerySet, f: dict[str, Any]) -> QuerySet:
        return _of_case_in_status(qs, f)

    def serializer_context(self, rows: list[Decision]) -> dict[str, Any]:
        """One decision shows the deviations the caller may see; a list item has none."""
        if self.action == "list":
            return {}
        return {"deviations": selectors.deviations_of(self.request.user, rows[0])}

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
        raw = request.data  # an object by now: the serializer above refuses anything else
        listed = raw.get("deviations") if isinstance(raw, dict) else None
        for i, dev in enumerate(listed or []):
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
        return self.detail_response(
            self.get_object(decision.pk),
            status.HTTP_201_CREATED,
            Location=f"/api/v1/decisions/{decision.pk}",
        )

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


@extend_schema_view(
    list=extend_schema(
        summary="Beveiligingsopdrachten die u mag zien", responses=AssignmentSerializer(many=True)
    ),
    retrieve=extend_schema(
        summary="Eén beveiligingsopdracht", parameters=[ETAG_HEADER], responses=AssignmentSerializer
    ),
)
class SecurityAssignmentViewSet(ListMixin, RetrieveMixin, PolicyViewSet):
    """Security assignments: case team, the executing organisation, the LCC."""

    model = SecurityAssignment
    related = ("measure", "executing_organisation", "case")
    list_serializer = detail_serializer = AssignmentSerializer
    filter_serializer = AssignmentFilterSerializer
    ordering = ("-priority", "starts_on", "pk")
    audit_noun = "beveiligingsopdrachten"
    with_etag = True
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
    routes = (
        Route("security-assignments", {"get": "list"}, "api-assignment-list"),
        Route("security-assignments/<int:pk>", {"get": "retrieve"}, "api-assignment-detail"),
        Route(
            "security-assignments/<int:pk>/acknowledgements",
            {"post": "acknowledgements"},
            "api-assignment-acknowledgements",
            paginated=False,
        ),
        Route(
            "security-assignments/<int:pk>/staffing-reports",
            {"post": "staffing_reports"},
            "api-assignment-staffing-reports",
            paginated=False,
        ),
    )

    def filter_rows(self, qs: QuerySet, f: dict[str, Any]) -> QuerySet:
        qs = _of_case_in_status(qs, f)
        if f.get("on"):
            qs = qs.filter(pk__in=selectors.active_assignments(f["on"]).values("pk"))
        return qs

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
        return self.detail_response(self.get_object(pk), status.HTTP_201_CREATED)

    @extend_schema(
        summary="Melden dat de opdracht bemensd is (uitvoerende organisatie)",
        description="Na bevestiging; een tweede melding verandert niets.",
        request=AssignmentAcknowledgementSerializer,
        responses={201: AssignmentSerializer},
    )
    def staffing_reports(self, request: Request, pk: int) -> Response:
        body = validated(AssignmentAcknowledgementSerializer, request.data)
        services.mark_staffed(request.user, pk, note=body["note"])
        return self.detail_response(self.get_object(pk), status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="Berichten aan het lokaal gezag die u mag zien",
        responses=LocalNotificationSerializer(many=True),
    ),
    retrieve=extend_schema(
        summary="Eén bericht aan het lokaal gezag",
        parameters=[ETAG_HEADER],
        responses=LocalNotificationSerializer,
    ),
)
class LocalNotificationViewSet(ListMixin, RetrieveMixin, PolicyViewSet):
    """Notices to mayors and chief prosecutors about measures that touch their powers, and
    their reply. The recipient organisation sees its own; the LCC and inspectors all."""

    model = LocalNotification
    related = ("recipient",)
    list_serializer = detail_serializer = LocalNotificationSerializer
    ordering = ("-created_at", "-pk")
    audit_noun = "berichten lokaal gezag"
    with_etag = True
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
        return self.detail_response(self.get_object(pk), status.HTTP_201_CREATED)
