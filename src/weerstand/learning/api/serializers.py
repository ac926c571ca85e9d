"""Representations and inputs of `/api/v1/evaluations` and `/api/v1/incident-reviews`
(camelCase; unknown keys refused)."""

from __future__ import annotations

from rest_framework import serializers

from weerstand.learning.models import (
    ActionStatus,
    ContributionKind,
    ReviewStatus,
    TargetType,
)
from weerstand.signals.api.fields import inline_choice


class LearningContributionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    author = serializers.IntegerField(source="author_id", read_only=True)
    authorName = serializers.CharField(source="author.display_name", read_only=True)
    organisation = serializers.IntegerField(
        source="organisation_id", read_only=True, allow_null=True
    )
    kind = inline_choice(choices=ContributionKind.choices, read_only=True)
    text = serializers.CharField(read_only=True)
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)


class LearningActionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    description = serializers.CharField(read_only=True)
    assignee = serializers.IntegerField(source="assignee_id", read_only=True)
    assigneeName = serializers.CharField(source="assignee.display_name", read_only=True)
    dueOn = serializers.DateField(source="due_on", read_only=True)
    status = inline_choice(choices=ActionStatus.choices, read_only=True)
    note = serializers.CharField(read_only=True)
    doneAt = serializers.DateTimeField(source="done_at", read_only=True, allow_null=True)
    version = serializers.IntegerField(read_only=True)


class LessonLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    targetType = inline_choice(source="target_type", choices=TargetType.choices, read_only=True)
    targetId = serializers.IntegerField(source="target_pk", read_only=True)
    targetLabel = serializers.CharField(source="target_label", read_only=True)
    targetVersion = serializers.IntegerField(source="target_version", read_only=True)


class LessonSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    text = serializers.CharField(read_only=True)
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)
    links = LessonLinkSerializer(many=True, read_only=True)


class _Common(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    case = serializers.IntegerField(source="case_id", read_only=True, allow_null=True)
    owner = serializers.IntegerField(source="owner_id", read_only=True, allow_null=True)
    status = inline_choice(choices=ReviewStatus.choices, read_only=True)
    openedAt = serializers.DateTimeField(source="opened_at", read_only=True)
    completedAt = serializers.DateTimeField(source="completed_at", read_only=True, allow_null=True)
    version = serializers.IntegerField(read_only=True)


class EvaluationSerializer(_Common):
    decision = serializers.IntegerField(source="decision_id", read_only=True)
    trigger = serializers.CharField(read_only=True)
    whatWorked = serializers.CharField(source="what_worked", read_only=True)
    whatDidNot = serializers.CharField(source="what_did_not", read_only=True)
    conclusions = serializers.CharField(read_only=True)


class IncidentReviewSerializer(_Common):
    signal = serializers.IntegerField(source="signal_id", read_only=True)
    knownBefore = serializers.CharField(source="known_before", read_only=True)
    decided = serializers.CharField(read_only=True)
    happened = serializers.CharField(read_only=True)
    lessons = serializers.CharField(read_only=True)


class EvaluationUpdateSerializer(serializers.Serializer):
    whatWorked = serializers.CharField(
        source="what_worked", required=False, allow_blank=True, max_length=8000
    )
    whatDidNot = serializers.CharField(
        source="what_did_not", required=False, allow_blank=True, max_length=8000
    )
    conclusions = serializers.CharField(required=False, allow_blank=True, max_length=8000)


class IncidentReviewUpdateSerializer(serializers.Serializer):
    knownBefore = serializers.CharField(
        source="known_before", required=False, allow_blank=True, max_length=8000
    )
    decided = serializers.CharField(required=False, allow_blank=True, max_length=8000)
    happened = serializers.CharField(required=False, allow_blank=True, max_length=8000)
    lessons = serializers.CharField(required=False, allow_blank=True, max_length=8000)


class TextInSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=8000)


class CompleteSerializer(serializers.Serializer):
    """No body needed; If-Match optional."""


class ActionCreateSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=4000)
    assignee = serializers.IntegerField(min_value=1)
    dueOn = serializers.DateField(source="due_on")


class ActionDoneSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=4000)


class LessonLinkCreateSerializer(serializers.Serializer):
    targetType = inline_choice(source="target_type", choices=TargetType.choices)
    targetId = serializers.IntegerField(source="target_pk", min_value=1)


class LearningFilterSerializer(serializers.Serializer):
    case = serializers.IntegerField(required=False, min_value=1)
    status = inline_choice(choices=ReviewStatus.choices, required=False)
