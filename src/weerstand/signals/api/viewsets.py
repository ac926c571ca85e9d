"""`/api/v1/signals`: thin handlers. Reads through the policy (audited); writes through
`signals.services`."""

from __future__ import annotations

from typing import Any, cast

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases.models import Case
from weerstand.core.api.pagination import PAGE_PARAMS
from weerstand.core.api.schema import ETAG_HEADER, if_match
from weerstand.core.api.views import (
    PolicyViewSet,
    audit_rows,
    etag,
    expected_version,
    reject_unknown,
)
from weerstand.policy import engine
from weerstand.policy.table import Action
from weerstand.signals import panels, services
from weerstand.signals.api.serializers import (
    SignalCreateSerializer,
    SignalFilterSerializer,
    SignalSerializer,
    TriageSerializer,
)
from weerstand.signals.models import Signal


def _context(user: Any, signals: list[Signal]) -> dict[str, Any]:
    ids = {s.case_id for s in signals if s.case_id}
    visible = set(
        Case.objects.visible_to(user, Action.VIEW).filter(pk__in=ids).values_list("pk", flat=True)
    )
    return {"visible_cases": visible, "analyst_view": panels.sees_queue(user)}


class SignalViewSet(PolicyViewSet):
    """Soft information. A signal you may not see answers exactly like an absent one (404)."""

    policy_needs = {
        # Whoever may report sees the signals they reported (the row rule), not the queue.
        "list": ("signal:view", "signal:create"),
        "retrieve": ("signal:view", "signal:create"),
        "create": "signal:create",
        "triage": "signal:change",
    }
    problem_statuses = {
        "list": (400,),
        "create": (400, 403),
        "triage": (400, 403, 409, 412),
    }

    @extend_schema(
        summary="Signalen die u mag zien",
        description=(
            "De analysefunctie ziet de wachtrij binnen need-to-know; ieder ander alleen de "
            "signalen die hij zelf meldde."
        ),
        parameters=[SignalFilterSerializer],
        responses=SignalSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        reject_unknown(
            request.query_params, (*SignalFilterSerializer().fields, *PAGE_PARAMS), what="filter"
        )
        filters = SignalFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        f = filters.validated_data
        qs = Signal.objects.visible_to(request.user, Action.VIEW)
        if f.get("status"):
            qs = qs.filter(status=f["status"])
        if f.get("overdue"):
            qs = services.overdue(qs, timezone.now())
        if f.get("case"):
            qs = qs.filter(case=f["case"])
        if f.get("mine"):
            qs = qs.filter(reported_by=request.user.pk)
        page = self.paginate_queryset(qs.order_by("triage_deadline", "pk"))
        audit_rows(AuditAction.LIST, Signal, page, noun="signalen", actor=request.user)
        data = SignalSerializer(page, many=True, context=_context(request.user, page)).data
        return self.get_paginated_response(data)

    @extend_schema(summary="Eén signaal", parameters=[ETAG_HEADER], responses=SignalSerializer)
    def retrieve(self, request: Request, pk: int) -> Response:
        signal = self._get(request, pk)
        audit.record(AuditAction.READ, signal, actor=request.user)
        return self._response(request, signal)

    @extend_schema(
        summary="Een signaal melden",
        description=(
            "Komt direct in de wachtrij van de analysefunctie met een termijn voor "
            "beoordeling. Zonder `reliability`/`credibility` volgt de waardering uit "
            "`certainty`."
        ),
        request=SignalCreateSerializer,
        responses={201: SignalSerializer},
    )
    def create(self, request: Request) -> Response:
        body = self._valid(SignalCreateSerializer, request.data)
        signal = services.record_signal(
            request.user,
            services.SignalData(
                what=body["what"],
                happened_at=body["happened_at"],
                kind=body["kind"],
                certainty=body["certainty"],
                noticed_by=body.get("noticed_by", ""),
                case_id=body.get("case"),
                subject=body.get("subject", ""),
                reliability=body.get("reliability", ""),
                credibility=body.get("credibility"),
                classification=body.get("classification"),
                phones=body.get("phones", []),
                vehicles=body.get("vehicles", []),
                addresses=body.get("addresses", []),
            ),
        )
        signal = self._get(request, signal.pk)
        response = self._response(request, signal)
        response.status_code = status.HTTP_201_CREATED
        response["Location"] = f"/api/v1/signals/{signal.pk}"
        return response

    @extend_schema(
        summary="Een signaal beoordelen",
        description=(
            "`link` (met `case`), `dismiss` of `triage` (beide met `note`). Eén analist "
            "beslist: is het signaal intussen beoordeeld, dan 409 en verandert er niets. "
            "Met If-Match moet de versie de huidige zijn (anders 412)."
        ),
        parameters=[if_match(required=False)],
        request=TriageSerializer,
        responses={200: SignalSerializer},
    )
    def triage(self, request: Request, pk: int) -> Response:
        expected = expected_version(request, required=False)
        body = self._valid(TriageSerializer, request.data)
        services.triage_signal(
            request.user,
            pk,
            decision=body["decision"],
            note=body.get("note", ""),
            case_id=body.get("case"),
            reliability=body.get("reliability", ""),
            credibility=body.get("credibility"),
            expected_version=expected,
        )
        signal = self._get(request, pk)
        audit.record(AuditAction.READ, signal, reason="antwoord op beoordeling", actor=request.user)
        return self._response(request, signal)

    def _get(self, request: Request, pk: int) -> Signal:
        return cast(Signal, engine.get_for(Signal.objects.all(), request.user, Action.VIEW, pk=pk))

    def _valid(self, serializer_class: type, data: Any) -> dict[str, Any]:
        serializer = serializer_class(data=data)
        reject_unknown(data, serializer.fields)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _response(self, request: Request, signal: Signal) -> Response:
        data = SignalSerializer(signal, context=_context(request.user, [signal])).data
        return Response(data, headers={"ETag": etag(signal.version)})
