"""`/api/v1/modules` and `/api/v1/module-assignments`.

Thin handlers: reads through the policy and audited, writes through `modules.services`.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.core.api.mixins import ListMixin, RetrieveMixin
from weerstand.core.api.routes import Route
from weerstand.core.api.schema import ETAG_HEADER, if_match
from weerstand.core.api.views import PolicyViewSet, expected_version, validated
from weerstand.modules import selectors, services
from weerstand.modules.api.serializers import (
    ModuleAssignmentCreateSerializer,
    ModuleAssignmentFilterSerializer,
    ModuleAssignmentSerializer,
    ModuleDetailSerializer,
    ModuleProgressCreateSerializer,
    ModulePublishSerializer,
    ModuleSerializer,
)
from weerstand.modules.models import Module, ModuleAssignment, ModuleVersion


@extend_schema_view(
    list=extend_schema(summary="Modules weerbaarheid", responses=ModuleSerializer(many=True)),
    retrieve=extend_schema(
        summary="Eén module met al haar versies en delen", responses=ModuleDetailSerializer
    ),
)
class ModuleViewSet(ListMixin, RetrieveMixin, PolicyViewSet):
    """Digital resilience modules: content as data, versioned; a published version never
    changes."""

    model = Module
    list_serializer = ModuleSerializer
    detail_serializer = ModuleDetailSerializer
    ordering = ("code", "pk")
    audit_noun = "modules"
    policy_needs = {"list": "module:view", "retrieve": "module:view", "create": "module:change"}
    problem_statuses = {"list": (400,), "create": (400, 403, 409)}
    routes = (
        Route("modules", {"get": "list", "post": "create"}, "api-module-list"),
        Route("modules/<int:pk>", {"get": "retrieve"}, "api-module-detail"),
    )

    def serializer_context(self, rows: list[Any]) -> dict[str, Any]:
        user = self.request.user
        versions = list(
            ModuleVersion.objects.visible_to(user)
            .filter(module__in=[m.pk for m in rows])
            .order_by("number")
        )
        detail = getattr(self, "action", None) != "list"
        for m in rows:
            mine = [v for v in versions if v.module_id == m.pk]
            m.latest_version = mine[-1] if mine else None
            if detail:
                for v in mine:
                    v.shown_sections = selectors.sections_of(user, v)
                m.shown_versions = mine
        return {}

    @extend_schema(
        summary="Een nieuwe versie van een module publiceren (expert weerbaarheid, beheer)",
        description=(
            "Nieuw bij een nieuwe `code`, anders de volgende versie. Een gepubliceerde versie "
            "verandert nooit; een correctie is een nieuwe versie."
        ),
        request=ModulePublishSerializer,
        responses={201: ModuleDetailSerializer},
    )
    def create(self, request: Request) -> Response:
        body = validated(ModulePublishSerializer, request.data)
        version = services.publish_version(request.user, body)
        return self.detail_response(
            self.get_object(version.module_id),
            status.HTTP_201_CREATED,
            Location=f"/api/v1/modules/{version.module_id}",
        )


@extend_schema_view(
    list=extend_schema(
        summary="Moduleopdrachten die u mag zien (uw eigen, of die van uw casussen)",
        responses=ModuleAssignmentSerializer(many=True),
    ),
    retrieve=extend_schema(
        summary="Eén moduleopdracht met voortgang",
        parameters=[ETAG_HEADER],
        responses=ModuleAssignmentSerializer,
    ),
)
class ModuleAssignmentViewSet(ListMixin, RetrieveMixin, PolicyViewSet):
    """A module assigned to a person concerned in a case, with the progress."""

    model = ModuleAssignment
    related = ("module_version",)
    list_serializer = detail_serializer = ModuleAssignmentSerializer
    filter_serializer = ModuleAssignmentFilterSerializer
    ordering = ("-assigned_at", "-pk")
    audit_noun = "moduleopdrachten"
    with_etag = True
    policy_needs = {
        "list": "module_assignment:view",
        "retrieve": "module_assignment:view",
        "create": "module_assignment:create",
        "progress": "module_assignment:change",
    }
    problem_statuses = {
        "list": (400,),
        "create": (400, 403),
        "progress": (400, 403, 412),
    }
    routes = (
        Route(
            "module-assignments", {"get": "list", "post": "create"}, "api-module-assignment-list"
        ),
        Route("module-assignments/<int:pk>", {"get": "retrieve"}, "api-module-assignment-detail"),
        Route(
            "module-assignments/<int:pk>/progress",
            {"post": "progress"},
            "api-module-assignment-progress",
            paginated=False,
        ),
    )

    def filter_rows(self, qs: models.QuerySet, filters: dict[str, Any]) -> models.QuerySet:
        if filters.get("case"):
            qs = qs.filter(case=filters["case"])
        if filters.get("person"):
            qs = qs.filter(person=filters["person"])
        return qs

    def serializer_context(self, rows: list[Any]) -> dict[str, Any]:
        progress = selectors.progress_for(rows)
        for a in rows:
            a.progress_info = progress[a.pk]
            a.done_ids = sorted(selectors.done_sections(a))
        return {}

    @extend_schema(
        summary="Een module toewijzen (expert weerbaarheid van het casusteam)",
        description=(
            "Aan de beveiligde persoon of een naaste met een account voor het portaal. De "
            "persoon krijgt een melding in het portaal."
        ),
        request=ModuleAssignmentCreateSerializer,
        responses={201: ModuleAssignmentSerializer},
    )
    def create(self, request: Request) -> Response:
        body = validated(ModuleAssignmentCreateSerializer, request.data)
        assignment = services.assign_module(
            request.user,
            body["case"],
            body["case_person"],
            body["module_version"],
            note=body["note"],
        )
        return self.detail_response(
            self.get_object(assignment.pk),
            status.HTTP_201_CREATED,
            Location=f"/api/v1/module-assignments/{assignment.pk}",
        )

    @extend_schema(
        summary="Een deel als klaar markeren (de persoon zelf)",
        parameters=[if_match(required=False)],
        request=ModuleProgressCreateSerializer,
        responses={200: ModuleAssignmentSerializer},
    )
    def progress(self, request: Request, pk: int) -> Response:
        expected = expected_version(request, required=False)
        body = validated(ModuleProgressCreateSerializer, request.data)
        services.mark_section_done(request.user, pk, body["section"], expected_version=expected)
        return self.detail_response(self.get_object(pk))
