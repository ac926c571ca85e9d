"""Catalogue representations (read-only in the API; changes go through the pages)."""

from __future__ import annotations

from rest_framework import serializers

from weerstand.cases.models import Phenomenon
from weerstand.catalogue.models import LocalPower, Package


class _Versioned(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    effectiveFrom = serializers.DateField(source="effective_from", read_only=True)
    effectiveUntil = serializers.DateField(
        source="effective_until", read_only=True, allow_null=True
    )


class MeasureSerializer(_Versioned):
    executingKinds = serializers.ListField(
        source="executing_kinds", child=serializers.CharField(), read_only=True
    )
    officers = serializers.IntegerField(read_only=True)
    qualifications = serializers.ListField(child=serializers.CharField(), read_only=True)
    startHour = serializers.IntegerField(source="start_hour", read_only=True)
    endHour = serializers.IntegerField(source="end_hour", read_only=True)
    weekdays = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    mixedTeamAllowed = serializers.BooleanField(source="mixed_team_allowed", read_only=True)
    touchesLocalPowers = serializers.ChoiceField(
        source="touches_local_powers", choices=LocalPower.choices, read_only=True
    )


class PackageSerializer(_Versioned):
    phenomenon = serializers.ChoiceField(choices=Phenomenon.choices, read_only=True)
    resistanceLevel = serializers.IntegerField(source="resistance_level", read_only=True)
    measures = serializers.SerializerMethodField()

    def get_measures(self, obj: Package) -> list[str]:
        return sorted({m.code for m in obj.measures.all()})


class CatalogueFilterSerializer(serializers.Serializer):
    on = serializers.DateField(
        required=False, help_text="In werking op deze datum (standaard vandaag)."
    )
    code = serializers.SlugField(required=False)
    history = serializers.BooleanField(required=False, default=False, help_text="Alle versies.")
    phenomenon = serializers.ChoiceField(choices=Phenomenon.choices, required=False)
