"""`/api/v1/shielded-investigations`, `/api/v1/cases/{id}/selectors`, `/api/v1/hits`: thin
handlers over `matching.services`. Whatever the caller may not see answers like an absent
object (404); a selector's value goes in and never comes back out."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.core.api.mixins import ListMixin, QueryFiltersMixin, ScopedMixin
from weerstand.core.api.routes import Route
from weerstand.core.api.views import PolicyViewSet, validated
from weerstand.information.models import Handling
from weerstand.matching import services, sharing
from weerstand.matching.api.serializers import (
    HitSerializer,
    InvestigationCreateSerializer,
    InvestigationSerializer,
    SelectorCreateSerializer,
    SelectorSerializer,
    SharingDecisionCreateSerializer,
    SharingDecisionSerializer,
)
from weerstand.matching.models import (
    Hit,
    Selector,
    SharingOutcome,
    ShieldedInvestigation,
)


def _selector_data(body: dict[str, Any]) -> services.SelectorData:
    return services.SelectorData(kind=body["kind"], value=body["value"], label=body["label"])


@extend_schema_view(
    list=extend_schema(
        summary="Afgeschermde onderzoeken waarvan u lid bent",
        responses=InvestigationSerializer(many=True),
    ),
)
class ShieldedInvestigationViewSet(ListMixin, PolicyViewSet):
    """Shielded investigations, visible only to the members of their compartment."""

    model = ShieldedInvestigation
    list_serializer = detail_serializer = InvestigationSerializer
    ordering = ("-created_at", "-pk")
    audit_noun = "afgeschermde onderzoeken"
    http_method_names = ["get", "post", "head"]
    policy_needs = {
        "list": "shielded_investigation:view",
        "create": "shielded_investigation:create",
        "selectors": "selector:view",
        "add_selector": "selector:create",
    }
    problem_statuses = {
        "list": (400,),
        "create": (400, 403),
        "selectors": (400,),
        "add_selector": (400, 403, 429),
    }
    routes = (
        Route(
            "shielded-investigations",
            {"get": "list", "post": "create"},
            "api-shielded-investigation-list",
        ),
        Route(
            "shielded-investigations/<int:pk>/selectors",
            {"get": "selectors", "post": "add_selector"},
            "api-shielded-investigation-selectors",
        ),
    )

    @extend_schema(
        summary="Een afgeschermd onderzoek openen (informatiecoördinator of OM)",
        description=(
            "Opent een eigen afgeschermd compartiment met u en een tweede eigenaar; een van "
            "beiden is informatiecoördinator. Verdere leden via vier ogen."
        ),
        request=InvestigationCreateSerializer,
        responses={201: InvestigationSerializer},
    )
    def create(self, request: Request) -> Response:
        body = validated(InvestigationCreateSerializer, request.data)
        investigation = services.open_investigation(
            request.user,
            services.InvestigationData(
                title=body["title"], co_owner=body["coOwner"], reason=body["reason"]
            ),
        )
        return Response(
            InvestigationSerializer(investigation).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": f"/api/v1/shielded-investigations/{investigation.pk}/selectors"},
        )

    @extend_schema(
        summary="De selectors van het onderzoek (label en soort, nooit de waarde)",
        responses=SelectorSerializer(many=True),
    )
    def selectors(self, request: Request, pk: int) -> Response:
        self.query_filters()
        investigation = services.get_investigation(request.user, pk)
        return self.audited_page(
            services.selectors_of_investigation(request.user, investigation),
            SelectorSerializer,
            noun=f"selectors van afgeschermd onderzoek {investigation.pk}",
        )

    @extend_schema(
        summary="Een selector registreren",
        description=(
            "De waarde wordt genormaliseerd en alleen als sleutel-hash bewaard; het antwoord "
            "bevat haar niet. Het label is kort en niet-herleidbaar."
        ),
        request=SelectorCreateSerializer,
        responses={201: SelectorSerializer},
    )
    def add_selector(self, request: Request, pk: int) -> Response:
        body = validated(SelectorCreateSerializer, request.data)
        selector = services.register_for_investigation(request.user, pk, _selector_data(body))
        return Response(SelectorSerializer(selector).data, status=status.HTTP_201_CREATED)


class CaseSelectorViewSet(QueryFiltersMixin, ScopedMixin, PolicyViewSet):
    """A protection case's selectors, for its case team: derived ones and registered ones."""

    model = Selector
    http_method_names = ["get", "post", "head"]
    policy_needs = {"list": "case_selector:view", "create": "case_selector:create"}
    problem_statuses = {"list": (400,), "create": (400, 403, 429)}
    routes = (
        Route("cases/<int:pk>/selectors", {"get": "list", "post": "create"}, "api-case-selectors"),
    )

    @extend_schema(
        summary="De selectors van de casus (label en soort, nooit de waarde)",
        responses=SelectorSerializer(many=True),
    )
    def list(self, request: Request, pk: int) -> Response:
        self.query_filters()
        case = services.get_case(request.user, pk)
        return self.audited_page(
            services.selectors_of_case(request.user, case),
            SelectorSerializer,
            noun=f"selectors van casus {case.pk}",
        )

    @extend_schema(
        summary="Een selector bij de casus registreren (casusteam)",
        description="Naast de selectors die uit de personen van de casus worden afgeleid.",
        request=SelectorCreateSerializer,
        responses={201: SelectorSerializer},
    )
    def create(self, request: Request, pk: int) -> Response:
        body = validated(SelectorCreateSerializer, request.data)
        selector = services.register_for_case(request.user, pk, _selector_data(body))
        return Response(SelectorSerializer(selector).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="Hits van uw afgeschermde onderzoeken (informatiecoördinator)",
        description=(
            "Alleen welke selector van het onderzoek overeenkomt met een beveiligingscasus en "
            "wie bij de NCTV het aanspreekpunt is; nooit gegevens van de casus of de persoon."
        ),
        responses=HitSerializer(many=True),
    ),
)
class HitViewSet(ListMixin, PolicyViewSet):
    """Hits, visible only to the information coordinators of the investigation."""

    model = Hit
    related = ("investigation", "investigation_selector")
    list_serializer = HitSerializer
    ordering = ("-created_at", "-pk")
    audit_noun = "hits"
    http_method_names = ["get", "post", "head"]
    policy_needs = {
        "list": "hit:view",
        "decisions": "sharing_decision:view",
        "decide": "sharing_decision:create",
    }
    problem_statuses = {"list": (400,), "decisions": (400,), "decide": (400, 403, 409)}
    routes = (
        Route("hits", {"get": "list"}, "api-hit-list"),
        Route(
            "hits/<int:pk>/sharing-decisions",
            {"get": "decisions", "post": "decide"},
            "api-hit-sharing-decisions",
        ),
    )

    def serializer_context(self, rows: list[Any]) -> dict[str, Any]:
        services.describe_hits(rows)
        return {"oversight": not sharing.decides(self.request.user)}

    @extend_schema(
        summary="De deelbesluiten over een hit (coördinator en inspectie)",
        responses=SharingDecisionSerializer(many=True),
    )
    def decisions(self, request: Request, pk: int) -> Response:
        self.query_filters()
        hit = sharing.get_hit(request.user, pk)
        return self.audited_page(
            sharing.decisions_of(request.user, hit),
            SharingDecisionSerializer,
            noun=f"deelbesluiten over hit {hit.pk}",
        )

    @extend_schema(
        summary="Besluiten over een hit: delen of niet delen (informatiecoördinator)",
        description=(
            "`share` levert een dreigingsinformatieproduct aan de casus van de hit (titel, "
            "samenvatting, grondslag en behandelvoorschrift verplicht); de coördinator ziet "
            "de casus daarbij niet. `not_share` vraagt een motivering en een datum om te "
            "heroverwegen. Een gedeelde hit is definitief (409)."
        ),
        request=SharingDecisionCreateSerializer,
        responses={201: SharingDecisionSerializer},
    )
    def decide(self, request: Request, pk: int) -> Response:
        body = validated(SharingDecisionCreateSerializer, request.data)
        if body["outcome"] == SharingOutcome.SHARE:
            decision = sharing.share(
                request.user,
                pk,
                sharing.ShareData(
                    title=body.get("title", ""),
                    summary=body.get("summary", ""),
                    body=body.get("body", ""),
                    legal_basis=body.get("legalBasis", ""),
                    handling=body.get("handling", Handling.NONE),
                    reliability=body.get("reliability", "B"),
                    credibility=int(body.get("credibility", 2)),
                    classification=body.get("classification", 1),
                    reasons=body.get("reasons", ""),
                ),
            )
        else:
            decision = sharing.not_share(
                request.user,
                pk,
                sharing.NotShareData(
                    reasons=body.get("reasons", ""), reconsider_on=body.get("reconsiderOn")
                ),
            )
        return Response(SharingDecisionSerializer(decision).data, status=status.HTTP_201_CREATED)
