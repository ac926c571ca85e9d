"""Serializers of `/api/v1/crown-witness-trajectories` (camelCase, strict bodies)."""

from __future__ import annotations

from rest_framework import serializers

from weerstand.crownwitness.models import Coverage, Relation, TrajectoryStatus

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
