"""`/api/v1/compartments`: restricting compartments, their members and membership changes.

Only members see a compartment (anyone else: 404, as if absent). Changes of membership are
proposals that take effect when a second person of the owning side approves them
(`policy.compartments`).
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.accounts.models import User
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.api.pagination import PAGE_PARAMS
from weerstand.core.api.routes import Route
from weerstand.core.api.views import PolicyViewSet, audit_rows, reject_unknown, validated
from weerstand.core.errors import InvalidParam, ValidationFailed
from weerstand.policy import compartments, engine
from weerstand.policy.api.serializers import (
    ChangeCreateSerializer,
    ChangeDecisionSerializer,
    ChangeSerializer,
    CompartmentCreateSerializer,
    CompartmentSerializer,
    MemberSerializer,
)
from weerstand.policy.models import (
    Compartment,
    CompartmentChange,
    CompartmentKind,
    CompartmentMembership,
)


def _restricting(request: Request, pk: int) -> Compartment:
    return engine.get_for(
        Compartment.objects.exclude(kind=CompartmentKind.CASE_TEAM), request.user, pk=pk
    )


class CompartmentViewSet(PolicyViewSet):
    routes = (
        Route("compartments", {"get": "list", "post": "create"}, "api-compartment-list"),
        Route("compartments/<int:pk>/members", {"get": "members"}, "api-compartment-members"),
        Route(
            "compartments/<int:pk>/membership-changes",
            {"get": "changes", "post": "propose"},
            "api-compartment-changes",
        ),
        Route(
            "compartments/<int:pk>/membership-changes/<int:change_id>/decisions",
            {"post": "decide"},
            "api-compartment-change-decisions",
            paginated=False,
        ),
    )
    policy_needs = {
        "list": "compartment:view",
        "create": "compartment:create",
        "members": "compartment:view",
        "changes": "compartment:view",
        "propose": "compartment:change",
        "decide": "compartment:change",
    }
    problem_statuses = {
        "list": (400,),
        "create": (400, 403),
        "members": (400,),
        "changes": (400,),
        "propose": (400, 403, 409),
        "decide": (400, 403, 409),
    }

    @extend_schema(
        summary="Afgeschermde compartimenten waarvan u lid bent",
        responses=CompartmentSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        reject_unknown(request.query_params, PAGE_PARAMS, what="filter")
        qs = (
            engine.visible_compartments(request.user)
            .exclude(kind=CompartmentKind.CASE_TEAM)
            .order_by("name", "pk")
        )
        page = self.paginate_queryset(qs)
        audit_rows(AuditAction.LIST, Compartment, page, noun="compartimenten", actor=request.user)
        return self.get_paginated_response(CompartmentSerializer(page, many=True).data)

    @extend_schema(
        summary="Een afgeschermd compartiment openen (eigenaarskant)",
        description=(
            "Met een mede-eigenaar van dezelfde kant: elke latere wijziging vraagt vier ogen."
        ),
        request=CompartmentCreateSerializer,
        responses={201: CompartmentSerializer},
    )
    def create(self, request: Request) -> Response:
        body = validated(CompartmentCreateSerializer, request.data)
        co_owner = User.objects.filter(pk=body["co_owner"]).first()
        if co_owner is None:
            raise ValidationFailed(
                "Deze gebruiker bestaat niet.",
                invalid_params=[InvalidParam("coOwner", "does-not-exist", "Onbekend.")],
            )
        compartment = compartments.create(
            request.user, body["kind"], body["name"], reason=body["reason"], co_owner=co_owner
        )
        return Response(
            CompartmentSerializer(compartment).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": f"/api/v1/compartments/{compartment.pk}"},
        )

    @extend_schema(summary="Leden van een compartiment", responses=MemberSerializer(many=True))
    def members(self, request: Request, pk: int) -> Response:
        reject_unknown(request.query_params, PAGE_PARAMS, what="filter")
        compartment = _restricting(request, pk)
        qs = CompartmentMembership.objects.filter(compartment=compartment).select_related("user")
        page = self.paginate_queryset(qs.order_by("user__last_name", "pk"))
        audit.record(
            AuditAction.READ,
            compartment,
            object_repr=f"compartiment {compartment.pk}",
            reason="leden",
            actor=request.user,
        )
        return self.get_paginated_response(MemberSerializer(page, many=True).data)

    @extend_schema(
        summary="Wijzigingen van het lidmaatschap", responses=ChangeSerializer(many=True)
    )
    def changes(self, request: Request, pk: int) -> Response:
        reject_unknown(request.query_params, PAGE_PARAMS, what="filter")
        compartment = _restricting(request, pk)
        page = self.paginate_queryset(compartments.changes_for(request.user, compartment))
        return self.get_paginated_response(ChangeSerializer(page, many=True).data)

    @extend_schema(
        summary="Een lid toevoegen of verwijderen voorstellen (eigenaarskant)",
        description="Gaat pas in als een tweede persoon van de eigenaarskant akkoord geeft.",
        request=ChangeCreateSerializer,
        responses={201: ChangeSerializer},
    )
    def propose(self, request: Request, pk: int) -> Response:
        body = validated(ChangeCreateSerializer, request.data)
        change = compartments.propose(
            request.user,
            pk,
            body["user"],
            kind=body["change"],
            reason=body["reason"],
            function=body["function"],
        )
        return Response(ChangeSerializer(change).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Akkoord of afwijzing van een voorgestelde wijziging (tweede persoon)",
        request=ChangeDecisionSerializer,
        responses={201: ChangeSerializer},
    )
    def decide(self, request: Request, pk: int, change_id: int) -> Response:
        body = validated(ChangeDecisionSerializer, request.data)
        compartment = _restricting(request, pk)
        if not CompartmentChange.objects.filter(pk=change_id, compartment=compartment).exists():
            raise Http404("Niet gevonden")
        change = compartments.decide(
            request.user, change_id, approve=body["outcome"] == "approved", reason=body["reason"]
        )
        return Response(ChangeSerializer(change).data, status=status.HTTP_201_CREATED)
