"""Representations and inputs of `/api/v1/consultations` and of a case's links with a running
investigation (camelCase; unknown keys refused)."""

from __future__ import annotations

from rest_framework import serializers

from weerstand.consultations.models import Interest, Side
from weerstand.signals.api.fields import inline_choice


class ParticipantSerializer(serializers.Serializer):
    user = serializers.IntegerField(source="user_id", read_only=True)
    name = serializers.CharField(source="user.display_name", read_only=True)
    side = inline_choice(choices=Side.choices, read_only=True)


class FollowUpSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    description = serializers.CharField(read_only=True)
    owner = serializers.IntegerField(source="owner_id", read_only=True)
    ownerName = serializers.CharField(source="owner.display_name", read_only=True)
    dueOn = serializers.DateField(source="due_on", read_only=True)
    doneAt = serializers.DateTimeField(source="done_at", read_only=True, allow_null=True)
    version = serializers.IntegerField(read_only=True)


class ConsultationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    case = serializers.IntegerField(source="case_id", read_only=True)
    heldAt = serializers.DateTimeField(source="held_at", read_only=True)
    interests = inline_choice(choices=Interest.choices, read_only=True)
    protectionInterest = serializers.CharField(source="protection_interest", read_only=True)
    investigationInterest = serializers.CharField(source="investigation_interest", read_only=True)
    sharingAgreement = serializers.CharField(source="sharing_agreement", read_only=True)
    timingAgreement = serializers.CharField(source="timing_agreement", read_only=True)
    keyDate = serializers.DateField(source="key_date", read_only=True, allow_null=True)
    keyDateEvent = serializers.CharField(source="key_date_event", read_only=True)
    corrects = serializers.IntegerField(source="corrects_id", read_only=True, allow_null=True)
    recordedBy = serializers.IntegerField(source="recorded_by_id", read_only=True)
    recordedAt = serializers.DateTimeField(source="recorded_at", read_only=True)
    participants = ParticipantSerializer(many=True, read_only=True, source="people")
    followUps = FollowUpSerializer(many=True, read_only=True, source="actions")


class FollowUpCreateSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=4000)
    owner = serializers.IntegerField(min_value=1, help_text="Id van de eigenaar (casusteam).")
    dueOn = serializers.DateField(source="due_on")


class ConsultationCreateSerializer(serializers.Serializer):
    case = serializers.IntegerField(min_value=1)
    heldAt = serializers.DateTimeField(source="held_at")
    participants = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        help_text="Ids van deelnemers uit het casusteam, van beide kanten.",
    )
    interests = inline_choice(choices=Interest.choices)
    protectionInterest = serializers.CharField(source="protection_interest", max_length=4000)
    investigationInterest = serializers.CharField(source="investigation_interest", max_length=4000)
    sharingAgreement = serializers.CharField(source="sharing_agreement", max_length=4000)
    timingAgreement = serializers.CharField(source="timing_agreement", max_length=4000)
    keyDate = serializers.DateField(source="key_date", required=False, allow_null=True)
    keyDateEvent = serializers.CharField(
        source="key_date_event", required=False, allow_blank=True, max_length=200, default=""
    )
    corrects = serializers.IntegerField(
        required=False, allow_null=True, help_text="Het eerdere overleg dat dit corrigeert."
    )
    followUps = FollowUpCreateSerializer(source="follow_ups", many=True, required=False)


class ConsultationFilterSerializer(serializers.Serializer):
    case = serializers.IntegerField(required=False)


class CompletionSerializer(serializers.Serializer):
    """Empty body: posting a completion marks the action done."""


class InvestigationLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    case = serializers.IntegerField(source="case_id", read_only=True)
    omOffice = serializers.CharField(source="om_office", read_only=True)
    investigationName = serializers.CharField(source="investigation_name", read_only=True)
    createdBy = serializers.IntegerField(source="created_by_id", read_only=True, allow_null=True)
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)


class InvestigationLinkCreateSerializer(serializers.Serializer):
    omOffice = serializers.CharField(source="om_office", max_length=200)
    investigationName = serializers.CharField(source="investigation_name", max_length=200)
