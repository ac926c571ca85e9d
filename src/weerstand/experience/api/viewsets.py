"""`/api/v1/experience-questionnaires`: the person's own invitations (portal users), the
team's (case team); answering once. Thin: reads through the policy and audited, writes
through `experience.services`."""

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
from weerstand.core.errors import InvalidParam, ValidationFailed
from weerstand.experience import questions, selectors, services
from weerstand.experience.api.serializers import (
    ExperienceAnswerCreateSerializer,
    ExperienceQuestionnaireFilterSerializer,
    ExperienceQuestionnaireSerializer,
)
from weerstand.experience.models import ExperienceQuestionnaire


@extend_schema_view(
    list=extend_schema(
        summary="Ervaringsvragenlijsten die u mag zien (uw eigen, of die van uw casussen)",
        responses=ExperienceQuestionnaireSerializer(many=True),
    ),
    retrieve=extend_schema(
        summary="Eén ervaringsvragenlijst",
        parameters=[ETAG_HEADER],
        responses=ExperienceQuestionnaireSerializer,
    ),
)
class ExperienceQuestionnaireViewSet(ListMixin, RetrieveMixin, PolicyViewSet):
    """How the person experienced the protection; part of the case's evaluation."""

    model = ExperienceQuestionnaire
    list_serializer = detail_serializer = ExperienceQuestionnaireSerializer
    filter_serializer = ExperienceQuestionnaireFilterSerializer
    ordering = ("-invited_at", "-pk")
    audit_noun = "ervaringsvragenlijsten"
    with_etag = True
    policy_needs = {
        "list": "experience_questionnaire:view",
        "retrieve": "experience_questionnaire:view",
        "answers": "experience_questionnaire:change",
    }
    problem_statuses = {"list": (400,), "answers": (400, 403, 409, 412)}
    routes = (
        Route("experience-questionnaires", {"get": "list"}, "api-experience-questionnaire-list"),
        Route(
            "experience-questionnaires/<int:pk>",
            {"get": "retrieve"},
            "api-experience-questionnaire-detail",
        ),
        Route(
            "experience-questionnaires/<int:pk>/answers",
            {"post": "answers"},
            "api-experience-questionnaire-answers",
            paginated=False,
        ),
    )

    def filter_rows(self, qs: models.QuerySet, filters: dict[str, Any]) -> models.QuerySet:
        if filters.get("case"):
            qs = qs.filter(case=filters["case"])
        if filters.get("status"):
            qs = qs.filter(status=filters["status"])
        return qs

    def serializer_context(self, rows: list[Any]) -> dict[str, Any]:
        answers = selectors.answers_of(self.request.user, rows)
        shown = questions.questions()
        for q in rows:
            q.shown_questions = shown
            q.shown_answers = [
                {"question": code, "score": score} for code, score in answers.get(q.pk, {}).items()
            ]
        return {}

    @extend_schema(
        summary="De vragenlijst beantwoorden (eenmalig), of liever niet",
        description=(
            "Alleen de uitgenodigde persoon. Elke schaalvraag krijgt een score van 1 tot en met "
            "5; de open vraag is niet verplicht. Met `declined: true` en zonder antwoorden "
            "sluit de uitnodiging zonder antwoorden."
        ),
        parameters=[if_match(required=False)],
        request=ExperienceAnswerCreateSerializer,
        responses={201: ExperienceQuestionnaireSerializer},
    )
    def answers(self, request: Request, pk: int) -> Response:
        expected = expected_version(request, required=False)
        body = validated(ExperienceAnswerCreateSerializer, request.data)
        if body["declined"]:
            if body["answers"] or body["open_answer"]:
                raise ValidationFailed(
                    "Wie liever niet antwoordt, stuurt geen antwoorden mee.",
                    invalid_params=[
                        InvalidParam("declined", "conflict", "Geen antwoorden bij 'liever niet'.")
                    ],
                )
            services.decline_questionnaire(request.user, pk, expected_version=expected)
        else:
            scores: dict[str, Any] = {}
            for item in body["answers"]:
                if item["question"] in scores:
                    raise ValidationFailed(
                        "Elke vraag één keer.",
                        invalid_params=[
                            InvalidParam("answers", "duplicate", "Deze vraag staat er twee keer.")
                        ],
                    )
                scores[item["question"]] = item["score"]
            services.answer_questionnaire(
                request.user, pk, scores, body["open_answer"], expected_version=expected
            )
        return self.detail_response(self.get_object(pk), status.HTTP_201_CREATED)
