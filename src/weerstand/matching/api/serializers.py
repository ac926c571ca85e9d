"""Serializers of the matching API (camelCase, strict bodies). No serializer has a field for
a selector's value on the way out: a response never echoes it."""

from __future__ import annotations

from rest_framework import serializers

from weerstand.matching.models import HitStatus, SelectorSide, SelectorSource
from weerstand.matching.normalise import SelectorKind
from weerstand.matching.services import MAX_LABEL

MAX_ID = 2**31 - 1


class InvestigationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    compartment = serializers.IntegerField(source="compartment_id", read_only=True)
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)


class InvestigationCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    coOwner = serializers.IntegerField(
        help_text=(
            "Gebruiker-id van de tweede eigenaar (informatiecoördinator of officier van "
            "justitie); een van beiden is informatiecoördinator."
        ),
        min_value=1,
        max_value=MAX_ID,
    )
    reason = serializers.CharField()


class SelectorSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    side = serializers.ChoiceField(choices=SelectorSide.choices, read_only=True)
    kind = serializers.ChoiceField(choices=SelectorKind.choices, read_only=True)
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]  # API field name
    source = serializers.ChoiceField(  # type: ignore[assignment]  # API field name
        choices=SelectorSource.choices, read_only=True
    )
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)


class SelectorCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SelectorKind.choices)
    value = serializers.CharField(
        max_length=300,
        write_only=True,
        help_text=(
            "De selector zelf. Wordt genormaliseerd en alleen als sleutel-hash bewaard; "
            "nooit teruggegeven. Naam met geboortedatum als 'Naam, 01-05-1980'."
        ),
    )
    label = serializers.CharField(  # type: ignore[assignment]  # API field name
        max_length=MAX_LABEL, help_text="Kort, niet-herleidbaar label, zoals 'telefoon 1'."
    )


class HitSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    investigation = serializers.IntegerField(source="investigation_id", read_only=True)
    selector = serializers.IntegerField(source="investigation_selector_id", read_only=True)
    selectorLabel = serializers.CharField(source="investigation_selector.label", read_only=True)
    selectorKind = serializers.ChoiceField(
        source="investigation_selector.kind", choices=SelectorKind.choices, read_only=True
    )
    message = serializers.CharField(read_only=True)
    nctvContact = serializers.CharField(
        source="nctv_contact",
        read_only=True,
        help_text="De NCTV-contactpersoon van de casus; nooit de casus of de persoon zelf.",
    )
    status = serializers.ChoiceField(choices=HitStatus.choices, read_only=True)
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)
