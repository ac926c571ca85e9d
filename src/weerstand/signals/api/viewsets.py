"""`/api/v1/signals`: thin handlers. Reads through the policy (audited); writes through
`signals.services`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.core.api.mixins import ListMixin, RetrieveMixin
from weerstand.core.api.routes import Route
from weerstand.core.api.schema import ETAG_HEADER, if_match
from weerstand.core.api.views import PolicyViewSet, expected_version, validated
from weerstand.signals import rules, selectors, services
from weerstand.signals.api.serializers import (
    SignalCreateSerializer,
    SignalFilterSerializer,
    SignalSerializer,
    TriageSerializer,
)
from weerstand.signals.models import Signal


def _context(user: Any, signals: list[Signal]) -> dict[str, Any]:
    return {
        "visible_cases": selectors.visible_case_ids(user, signals),
        "analyst_view": rules.sees_queue(user),
    }


@extend_schema_view(
    list=extend_schema(
        summary="Signalen die u mag zien",
        description=(
            "De analysefunctie ziet de wachtrij binnen need-to-know; ieder ander alleen de "
            "signalen die hij zelf meldde."
        ),
        responses=SignalSerializer(many=True),
    ),
    retrieve=extend_schema(
        summary="Eén signaal", parameters=[ETAG_HEADER], responses=SignalSerializer
    ),
)
class SignalViewSet(ListMixin, RetrieveMixin, PolicyViewSet):
    """Soft information. A signal you may not see answers exactly like an absent one (404)."""

    model = Signal
    related = ("reported_by",)
    list_serializer = detail_serializer = SignalSerializer
    filter_serializer = SignalFilterSerializer
    ordering = ("triage_deadline", "pk")
    audit_noun = "signalen"
    with_etag = True
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
    routes = (
        Route("signals", {"get": "list", "post": "create"}, "api-signal-list"),
        Route("signals/<int:pk>", {"get": "retrieve"}, "api-signal-detail"),
        Route(
            "signals/<int:pk>/triages", {"post": "triage"}, "api-signal-triages", paginated=False
        ),
    )

    def filter_rows(self, qs: QuerySet, f: dict[str, Any]) -> QuerySet:
        return selectors.filter_signals(qs, self.request.user, f, timezone.now())

    def serializer_context(self, rows: list[Signal]) -> dict[str, Any]:
        return _context(self.request.user, rows)

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
        body = validated(SignalCreateSerializer, request.data)
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
        return self.detail_response(
            self.get_object(signal.pk),
            status.HTTP_201_CREATED,
            Location=f"/api/v1/signals/{signal.pk}",
        )

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
        body = validated(TriageSerializer, request.data)
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
        signal = self.get_object(pk)
        self.audit_read(signal, reason="antwoord op beoordeling")
        return self.detail_response(signal)
