"""`/api/v1/evaluations` and `/api/v1/incident-reviews`: the same shape, thin handlers over
`learning.services`. Reads through the policy (404 for hidden and absent alike), every read
and write audited; PATCH needs If-Match (stale: 412); a completed one is final (409)."""

from __future__ import annotations

import types
from typing import Any, ClassVar

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.audit.models import AuditAction
from weerstand.core.api.mixins import ListMixin, RetrieveMixin
from weerstand.core.api.routes import Route
from weerstand.core.api.schema import if_match
from weerstand.core.api.views import PolicyViewSet, audit_rows, etag, expected_version, validated
from weerstand.core.errors import InvalidParam, ValidationFailed
from weerstand.learning import selectors, services
from weerstand.learning.api.serializers import (
    ActionCreateSerializer,
    ActionDoneSerializer,
    CompleteSerializer,
    EvaluationSerializer,
    EvaluationUpdateSerializer,
    IncidentReviewSerializer,
    IncidentReviewUpdateSerializer,
    LearningActionSerializer,
    LearningContributionSerializer,
    LearningFilterSerializer,
    LessonLinkCreateSerializer,
    LessonLinkSerializer,
    LessonSerializer,
    TextInSerializer,
)
from weerstand.learning.models import (
    Evaluation,
    FollowUpAction,
    IncidentReview,
    Lesson,
    LessonLink,
)


def _routes(base: str, name: str) -> tuple[Route, ...]:
    return (
        Route(base, {"get": "list"}, f"api-{name}-list"),
        Route(
            f"{base}/<int:pk>", {"get": "retrieve", "patch": "partial_update"}, f"api-{name}-detail"
        ),
        Route(
            f"{base}/<int:pk>/contributions",
            {"post": "contribute"},
            f"api-{name}-contributions",
            paginated=False,
        ),
        Route(
            f"{base}/<int:pk>/complete",
            {"post": "complete"},
            f"api-{name}-complete",
            paginated=False,
        ),
        Route(
            f"{base}/<int:pk>/actions",
            {"get": "actions", "post": "add_action"},
            f"api-{name}-actions",
        ),
        Route(
            f"{base}/<int:pk>/actions/<int:action_id>/completions",
            {"post": "complete_action"},
            f"api-{name}-action-completions",
            paginated=False,
        ),
        Route(
            f"{base}/<int:pk>/lessons",
            {"get": "lessons", "post": "add_lesson"},
            f"api-{name}-lessons",
        ),
        Route(
            f"{base}/<int:pk>/lessons/<int:lesson_id>/links",
            {"post": "link_lesson"},
            f"api-{name}-lesson-links",
            paginated=False,
        ),
    )


def _needs(resource: str) -> dict[str, str | tuple[str, ...]]:
    v, c, n = f"{resource}:view", f"{resource}:change", f"{resource}:create"
    return {
        "list": v,
        "retrieve": v,
        "partial_update": c,
        "contribute": n,
        "complete": c,
        "actions": v,
        "add_action": c,
        "complete_action": v,
        "lessons": v,
        "add_lesson": c,
        "link_lesson": c,
    }


_PROBLEMS = {
    "list": (400,),
    "partial_update": (400, 403, 409, 412, 428),
    "contribute": (400, 403, 409),
    "complete": (400, 403, 409, 412),
    "add_action": (400, 403, 409),
    "complete_action": (400, 403, 409, 412),
    "add_lesson": (400, 403, 409),
    "link_lesson": (400, 403),
}


class _LearningViewSet(ListMixin, RetrieveMixin, PolicyViewSet):
    kind: ClassVar[str]
    update_serializer: ClassVar[type[serializers.Serializer]]
    related: ClassVar[tuple[str, ...]] = ("case", "owner")
    filter_serializer = LearningFilterSerializer
    ordering = ("-opened_at", "-pk")
    with_etag = True
    problem_statuses = _PROBLEMS

    def filter_rows(self, qs: QuerySet, f: dict[str, Any]) -> QuerySet:
        if f.get("case"):
            qs = qs.filter(case=f["case"])
        if f.get("status"):
            qs = qs.filter(status=f["status"])
        return qs

    def _answer(self, pk: int) -> Response:
        obj = self.get_object(pk)
        self.audit_read(obj, reason="antwoord op wijziging")
        return self.detail_response(obj)

    def partial_update(self, request: Request, pk: int) -> Response:
        expected = expected_version(request, required=True)
        changes = dict(validated(self.update_serializer, request.data))
        if not changes:
            raise ValidationFailed(
                "Er is niets te wijzigen.",
                invalid_params=[InvalidParam("nonFieldErrors", "empty", "Geef een veld op.")],
            )
        services.update_sections(request.user, self.kind, pk, changes, expected_version=expected)
        return self._answer(pk)

    def contribute(self, request: Request, pk: int) -> Response:
        body = validated(TextInSerializer, request.data)
        c = services.add_contribution(request.user, self.kind, pk, body["text"])
        return Response(LearningContributionSerializer(c).data, status=status.HTTP_201_CREATED)

    def complete(self, request: Request, pk: int) -> Response:
        expected = expected_version(request, required=False)
        validated(CompleteSerializer, request.data or {})
        services.complete(request.user, self.kind, pk, expected_version=expected)
        return self._answer(pk)

    def actions(self, request: Request, pk: int) -> Response:
        self.query_filters()
        obj = self.get_object(pk)
        rows = self.paginate_queryset(selectors.actions(request.user, obj))
        audit_rows(AuditAction.LIST, FollowUpAction, rows, noun="acties", actor=request.user)
        return self.get_paginated_response(LearningActionSerializer(rows, many=True).data)

    def add_action(self, request: Request, pk: int) -> Response:
        body = validated(ActionCreateSerializer, request.data)
        a = services.add_action(
            request.user,
            self.kind,
            pk,
            services.ActionData(body["description"], body["assignee"], body["due_on"]),
        )
        return Response(
            LearningActionSerializer(a).data,
            status=status.HTTP_201_CREATED,
            headers={"ETag": etag(a.version)},
        )

    def complete_action(self, request: Request, pk: int, action_id: int) -> Response:
        expected = expected_version(request, required=False)
        body = validated(ActionDoneSerializer, request.data)
        obj = self.get_object(pk)
        mine = [a for a in selectors.actions(request.user, obj) if a.pk == action_id]
        if not mine:
            from django.http import Http404

            raise Http404("Niet gevonden")
        a = services.complete_action(
            request.user, action_id, body["note"], expected_version=expected
        )
        return Response(
            LearningActionSerializer(a).data,
            status=status.HTTP_201_CREATED,
            headers={"ETag": etag(a.version)},
        )

    def lessons(self, request: Request, pk: int) -> Response:
        self.query_filters()
        obj = self.get_object(pk)
        rows = selectors.lessons(request.user, obj)
        page = self.paginate_queryset([r.lesson for r in rows])
        links = {r.lesson.pk: r.links for r in rows}
        for lesson in page:
            setattr(lesson, "links", links.get(lesson.pk, []))  # noqa: B010  # read by the serializer
        audit_rows(AuditAction.LIST, Lesson, page, noun="lessen", actor=request.user)
        return self.get_paginated_response(LessonSerializer(page, many=True).data)

    def add_lesson(self, request: Request, pk: int) -> Response:
        body = validated(TextInSerializer, request.data)
        lesson = services.add_lesson(request.user, self.kind, pk, body["text"])
        setattr(lesson, "links", [])  # noqa: B010  # read by the serializer
        return Response(LessonSerializer(lesson).data, status=status.HTTP_201_CREATED)

    def link_lesson(self, request: Request, pk: int, lesson_id: int) -> Response:
        body = validated(LessonLinkCreateSerializer, request.data)
        obj = self.get_object(pk)
        if not any(r.lesson.pk == lesson_id for r in selectors.lessons(request.user, obj)):
            from django.http import Http404

            raise Http404("Niet gevonden")
        link: LessonLink = services.link_lesson(
            request.user, lesson_id, body["target_type"], body["target_pk"]
        )
        return Response(LessonLinkSerializer(link).data, status=status.HTTP_201_CREATED)


def _schema(noun: str, detail: type, update: type) -> Any:
    """Each resource gets its own copy of the shared actions, decorated with its schema."""
    decorations = dict(
        list=extend_schema(summary=f"{noun} die u mag zien", responses=detail(many=True)),
        retrieve=extend_schema(summary=f"Eén {noun.lower()}", responses=detail),
        partial_update=extend_schema(
            summary="Onderdelen schrijven",
            description="Vereist If-Match (anders 428); verouderd: 412. Afgerond: 409.",
            parameters=[if_match(required=True)],
            request=update,
            responses=detail,
        ),
        contribute=extend_schema(
            summary="Inbreng toevoegen (casusteam, ook partners); na afronden alleen correctie",
            request=TextInSerializer,
            responses={201: LearningContributionSerializer},
        ),
        complete=extend_schema(
            summary="Afronden (definitief)",
            parameters=[if_match(required=False)],
            request=CompleteSerializer,
            responses=detail,
        ),
        actions=extend_schema(summary="Acties", responses=LearningActionSerializer(many=True)),
        add_action=extend_schema(
            summary="Een actie toewijzen",
            request=ActionCreateSerializer,
            responses={201: LearningActionSerializer},
        ),
        complete_action=extend_schema(
            summary="Een actie als gedaan melden (met toelichting)",
            parameters=[if_match(required=False)],
            request=ActionDoneSerializer,
            responses={201: LearningActionSerializer},
        ),
        lessons=extend_schema(summary="Lessen", responses=LessonSerializer(many=True)),
        add_lesson=extend_schema(
            summary="Een les vastleggen",
            request=TextInSerializer,
            responses={201: LessonSerializer},
        ),
        link_lesson=extend_schema(
            summary="Een les koppelen aan een nieuwe versie (methodesjabloon of catalogus)",
            request=LessonLinkCreateSerializer,
            responses={201: LessonLinkSerializer},
        ),
    )

    def apply(cls: Any) -> Any:
        for name, decoration in decorations.items():
            func = getattr(cls, name)
            copy = types.FunctionType(
                func.__code__, func.__globals__, name, func.__defaults__, func.__closure__
            )
            copy.__qualname__ = f"{cls.__name__}.{name}"
            setattr(cls, name, decoration(copy))
        return cls

    return apply


@_schema("Evaluaties", EvaluationSerializer, EvaluationUpdateSerializer)
class EvaluationViewSet(_LearningViewSet):
    """Evaluations when protection ends or changes materially."""

    kind = "evaluation"
    model = Evaluation
    update_serializer = EvaluationUpdateSerializer
    list_serializer = detail_serializer = EvaluationSerializer
    audit_noun = "evaluaties"
    policy_needs = _needs("evaluation")
    routes = _routes("evaluations", "evaluation")


@_schema("Nabesprekingen", IncidentReviewSerializer, IncidentReviewUpdateSerializer)
class IncidentReviewViewSet(_LearningViewSet):
    """Post-incident reviews after every incident signal."""

    kind = "review"
    model = IncidentReview
    related = ("case", "owner", "signal")
    update_serializer = IncidentReviewUpdateSerializer
    list_serializer = detail_serializer = IncidentReviewSerializer
    audit_noun = "nabesprekingen"
    policy_needs = _needs("incident_review")
    routes = _routes("incident-reviews", "incident-review")
