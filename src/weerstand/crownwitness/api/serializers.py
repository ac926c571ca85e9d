"""Serializers of `/api/v1/crown-witness-trajectories` (camelCase, strict bodies)."""

from __future__ import annotations

from rest_framework import serializers

from weerstand.crownwitness.models import (
    Coverage,
    ExpertKind,
    Relation,
    ReviewBody,
    ReviewVerdict,
    TrajectoryStatus,
    WeighingOutcome,
)

MAX_ID = 2**31 - 1


class TrajectorySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    case = serializers.IntegerField(source="case_id", read_only=True, allow_null=True)
    compartment = serializers.IntegerField(source="compartment_id", read_only=True)
    status = serializers.ChoiceField(choices=TrajectoryStatus.choices, read_only=True)
    plannedDate = serializers.DateField(source="planned_date", read_only=True, allow_null=True)
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)
    version = serializers.IntegerField(read_only=True)


class TrajectoryCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    case = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="De casus van de getuige.",
        min_value=1,
        max_value=MAX_ID,
    )
    coOwner = serializers.IntegerField(
        help_text="Gebruiker-id van een tweede officier van justitie (vier ogen).",
        min_value=1,
        max_value=MAX_ID,
    )
    reason = serializers.CharField()


class TrajectoryUpdateSerializer(serializers.Serializer):
    plannedDate = serializers.DateField(source="planned_date", required=False)
    status = serializers.ChoiceField(choices=TrajectoryStatus.choices, required=False)
    reason = serializers.CharField(help_text="Waarom (verplicht).")


class CirclePersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    person = serializers.IntegerField(source="person_id", read_only=True)
    firstName = serializers.CharField(source="person.first_name", read_only=True)
    lastName = serializers.CharField(source="person.last_name", read_only=True)
    relation = serializers.ChoiceField(choices=Relation.choices, read_only=True)
    coverage = serializers.ChoiceField(choices=Coverage.choices, read_only=True)
    programme = serializers.CharField(read_only=True)
    coverageReason = serializers.CharField(source="coverage_reason", read_only=True)
    protectionCase = serializers.IntegerField(
        source="protection_case_id", read_only=True, allow_null=True
    )
    addedLate = serializers.BooleanField(source="added_late", read_only=True)
    addedAt = serializers.DateTimeField(source="added_at", read_only=True)


class NewPersonSerializer(serializers.Serializer):
    firstName = serializers.CharField(source="first_name", max_length=100)
    lastName = serializers.CharField(source="last_name", max_length=100)
    dateOfBirth = serializers.DateField(
        source="date_of_birth", required=False, allow_null=True, default=None
    )


class CirclePersonCreateSerializer(serializers.Serializer):
    person = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=MAX_ID
    )
    newPerson = NewPersonSerializer(
        source="new_person", required=False, allow_null=True, default=None
    )
    relation = serializers.ChoiceField(choices=Relation.choices)
    coverage = serializers.ChoiceField(choices=Coverage.choices)
    programme = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=100,
        help_text="Alleen bij programmadekking: de korte naam van het programma.",
    )
    coverageReason = serializers.CharField(
        source="coverage_reason", required=False, allow_blank=True, default=""
    )
    protectionCase = serializers.IntegerField(
        source="protection_case",
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=MAX_ID,
    )
    reason = serializers.CharField()


# --- the weighing and the independent review ----------------------------------------------


class WeighingSerializer(serializers.Serializer):
    number = serializers.IntegerField(read_only=True)
    prosecutionValue = serializers.CharField(source="prosecution_value", read_only=True)
    witnessReliability = serializers.CharField(source="witness_reliability", read_only=True)
    safetyRisks = serializers.CharField(source="safety_risks", read_only=True)
    measuresNeeded = serializers.CharField(source="measures_needed", read_only=True)
    stateCapacity = serializers.CharField(source="state_capacity", read_only=True)
    bearability = serializers.CharField(read_only=True)
    ethicalConsequences = serializers.CharField(source="ethical_consequences", read_only=True)
    outcome = serializers.ChoiceField(choices=WeighingOutcome.choices, read_only=True)
    conclusion = serializers.CharField(read_only=True)
    recordedBy = serializers.IntegerField(source="recorded_by_id", read_only=True, allow_null=True)
    recordedAt = serializers.DateTimeField(source="recorded_at", read_only=True)


class WeighingCreateSerializer(serializers.Serializer):
    prosecutionValue = serializers.CharField(
        source="prosecution_value", help_text="Gewicht van de informatie voor de vervolging."
    )
    witnessReliability = serializers.CharField(
        source="witness_reliability", help_text="Betrouwbaarheid van de getuige."
    )
    safetyRisks = serializers.CharField(
        source="safety_risks", help_text="Veiligheidsrisico's voor iedereen in de kring."
    )
    measuresNeeded = serializers.CharField(
        source="measures_needed", help_text="Benodigde beveiligingsmaatregelen."
    )
    stateCapacity = serializers.CharField(
        source="state_capacity", help_text="Kan de staat ze leveren, afgezet tegen capaciteit."
    )
    bearability = serializers.CharField(help_text="Draagbaarheid voor getuige en kring.")
    ethicalConsequences = serializers.CharField(
        source="ethical_consequences", help_text="Ethische gevolgen van de maatregelen."
    )
    outcome = serializers.ChoiceField(choices=WeighingOutcome.choices)
    conclusion = serializers.CharField(help_text="De afweging en de conclusie.")
    basedOn = serializers.IntegerField(
        source="based_on",
        required=False,
        allow_null=True,
        default=None,
        min_value=0,
        max_value=MAX_ID,
        help_text="De laatste versie die u las (0 als er nog geen was); anders 412.",
    )


class ContributionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=ExpertKind.choices, read_only=True)
    text = serializers.CharField(read_only=True)
    weighing = serializers.IntegerField(
        source="weighing.number", read_only=True, allow_null=True, default=None
    )
    contributedBy = serializers.IntegerField(
        source="contributed_by_id", read_only=True, allow_null=True
    )
    contributedAt = serializers.DateTimeField(source="contributed_at", read_only=True)


class ContributionCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ExpertKind.choices)
    text = serializers.CharField()


class ReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    weighing = serializers.IntegerField(source="weighing.number", read_only=True)
    body = serializers.ChoiceField(choices=ReviewBody.choices, read_only=True)
    verdict = serializers.ChoiceField(choices=ReviewVerdict.choices, read_only=True)
    reasons = serializers.CharField(read_only=True)
    circleSize = serializers.IntegerField(source="circle_size", read_only=True)
    reviewer = serializers.IntegerField(source="reviewer_id", read_only=True, allow_null=True)
    reviewedAt = serializers.DateTimeField(source="reviewed_at", read_only=True)


class ReviewCreateSerializer(serializers.Serializer):
    body = serializers.ChoiceField(choices=ReviewBody.choices)
    verdict = serializers.ChoiceField(choices=ReviewVerdict.choices)
    reasons = serializers.CharField()
    weighing = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=MAX_ID,
        help_text="De versie van de weging die u toetste; een nieuwere geeft 412.",
    )


class CircleShapeSerializer(serializers.Serializer):
    relation = serializers.ChoiceField(choices=Relation.choices, read_only=True)
    coverage = serializers.ChoiceField(choices=Coverage.choices, read_only=True)
    inProgramme = serializers.BooleanField(source="in_programme", read_only=True)
    addedLate = serializers.BooleanField(source="added_late", read_only=True)


class OutlineSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    title = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=TrajectoryStatus.choices, read_only=True)
    plannedDate = serializers.DateField(source="planned_date", read_only=True, allow_null=True)
    circleSize = serializers.IntegerField(source="circle_size", read_only=True)
    circle = CircleShapeSerializer(many=True, read_only=True)
