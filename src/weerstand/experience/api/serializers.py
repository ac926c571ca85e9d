"""Representations and inputs of the experience API (camelCase; unknown keys refused)."""

from __future__ import annotations

from rest_framework import serializers

from weerstand.experience.models import QuestionnaireStatus


class ExperienceQuestionSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=[("scale", "scale"), ("open", "open")], read_only=True)
    text = serializers.CharField(read_only=True)
    textEn = serializers.CharField(source="text_en", read_only=True)


class ExperienceScoreSerializer(serializers.Serializer):
    question = serializers.CharField(max_length=64, help_text="Code van de vraag.")
    score = serializers.IntegerField(min_value=1, max_value=5)


class ExperienceQuestionnaireSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    person = serializers.IntegerField(source="person_id", read_only=True)
    trigger = serializers.ChoiceField(
        choices=[("stop", "stop"), ("scale_down", "scale_down"), ("adjust", "adjust")],
        read_only=True,
        help_text="Het soort besluit waarna is uitgenodigd.",
    )
    status = serializers.ChoiceField(choices=QuestionnaireStatus.choices, read_only=True)
    invitedAt = serializers.DateTimeField(source="invited_at", read_only=True)
    respondedAt = serializers.DateTimeField(source="responded_at", read_only=True, allow_null=True)
    questions = ExperienceQuestionSerializer(source="shown_questions", many=True, read_only=True)
    answers = ExperienceScoreSerializer(source="shown_answers", many=True, read_only=True)
    openAnswer = serializers.CharField(source="open_answer", read_only=True)
    version = serializers.IntegerField(read_only=True)


class ExperienceAnswerCreateSerializer(serializers.Serializer):
    answers = ExperienceScoreSerializer(many=True, required=False, default=list)
    openAnswer = serializers.CharField(
        source="open_answer", required=False, allow_blank=True, default="", max_length=4000
    )
    declined = serializers.BooleanField(
        required=False, default=False, help_text="true: liever niet invullen (zonder antwoorden)."
    )


class ExperienceQuestionnaireFilterSerializer(serializers.Serializer):
    case = serializers.IntegerField(required=False, min_value=1)
    status = serializers.ChoiceField(choices=QuestionnaireStatus.choices, required=False)
