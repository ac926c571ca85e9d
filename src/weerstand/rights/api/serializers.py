"""Representations and inputs of the rights API. JSON names are camelCase; unknown keys are
rejected in the viewsets."""

from __future__ import annotations

from rest_framework import serializers

from weerstand.rights.models import ObjectionChannel, ObjectionOutcome, ObjectionStatus


class ObjectionSerializer(serializers.Serializer):
    """An objection. The decision is named by id and reference only: its content is in the
    letter (`/rechten/besluiten/{id}/brief.pdf`), never the case file."""

    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    decision = serializers.IntegerField(source="decision_id", read_only=True)
    decisionReference = serializers.CharField(source="decision.reference", read_only=True)
    objectorName = serializers.CharField(source="objector_name", read_only=True)
    channel = serializers.ChoiceField(choices=ObjectionChannel.choices, read_only=True)
    lodgedAt = serializers.DateTimeField(source="lodged_at", read_only=True)
    receivedOn = serializers.DateField(source="received_on", read_only=True)
    grounds = serializers.CharField(read_only=True)
    letterDate = serializers.DateField(source="letter_date", read_only=True)
    objectionPeriodEnds = serializers.DateField(source="objection_period_ends", read_only=True)
    isLate = serializers.BooleanField(source="is_late", read_only=True)
    latenessReason = serializers.CharField(source="lateness_reason", read_only=True)
    status = serializers.ChoiceField(choices=ObjectionStatus.choices, read_only=True)
    deadline = serializers.DateField(read_only=True)
    extendedUntil = serializers.DateField(source="extended_until", read_only=True, allow_null=True)
    extensionReason = serializers.CharField(source="extension_reason", read_only=True)
    dueDate = serializers.DateField(source="due_date", read_only=True)
    outcome = serializers.CharField(read_only=True, help_text="Leeg zolang niet beslist.")
    outcomeReasoning = serializers.CharField(source="outcome_reasoning", read_only=True)
    decidedAt = serializers.DateTimeField(source="decided_at", read_only=True, allow_null=True)
    requiresNewDecision = serializers.BooleanField(source="requires_new_decision", read_only=True)
    version = serializers.IntegerField(read_only=True)


class ObjectionCreateSerializer(serializers.Serializer):
    decision = serializers.IntegerField(min_value=1, help_text="Id van het besluit.")
    grounds = serializers.CharField(help_text="Waarom de indiener het niet eens is.")
    latenessReason = serializers.CharField(
        source="lateness_reason", required=False, allow_blank=True, default=""
    )
    objectorName = serializers.CharField(
        source="objector_name",
        required=False,
        allow_blank=True,
        default="",
        help_text="Alleen bij een bezwaar dat op papier is ontvangen (casusteam).",
    )
    receivedOn = serializers.DateField(
        source="received_on",
        required=False,
        allow_null=True,
        default=None,
        help_text="Alleen bij een bezwaar op papier: datum van ontvangst.",
    )


class OutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=ObjectionOutcome.choices)
    reasoning = serializers.CharField(help_text="Motivering, minimaal 20 tekens.")


class ExtensionSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="Reden van de verdaging, minimaal 20 tekens.")


class FrameworkSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.IntegerField(read_only=True)
    title = serializers.CharField(max_length=200)
    effectiveFrom = serializers.DateField(source="effective_from")
    personText = serializers.CharField(source="person_text")
    employerText = serializers.CharField(source="employer_text")
    stateText = serializers.CharField(source="state_text")
    personTextEn = serializers.CharField(source="person_text_en", required=False, allow_blank=True)
    employerTextEn = serializers.CharField(
        source="employer_text_en", required=False, allow_blank=True
    )
    stateTextEn = serializers.CharField(source="state_text_en", required=False, allow_blank=True)
    objectionAddress = serializers.CharField(
        source="objection_address", required=False, allow_blank=True
    )
    changeNote = serializers.CharField(source="change_note", required=False, allow_blank=True)
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)
    version = serializers.IntegerField(read_only=True)


class AcknowledgementSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    framework = serializers.IntegerField(source="framework_id", min_value=1)
    frameworkNumber = serializers.IntegerField(source="framework.number", read_only=True)
    acknowledgedAt = serializers.DateTimeField(source="acknowledged_at", read_only=True)
    user = serializers.CharField(source="user.username", read_only=True)
