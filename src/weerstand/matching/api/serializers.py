"""Serializers of the matching API (camelCase, strict bodies). No serializer has a field for
a selector's value on the way out: a response never echoes it."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from weerstand.information.models import Credibility, Handling, Reliability
from weerstand.matching.models import HitStatus, SelectorSide, SelectorSource, SharingOutcome
from weerstand.matching.normalise import SelectorKind
from weerstand.matching.services import MAX_LABEL
from weerstand.signals.api.fields import inline_choice

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
    selectorLabel = serializers.CharField(
        source="investigation_selector.label",
        read_only=True,
        allow_null=True,
        help_text="Leeg (null) voor de inspectie: labels blijven binnen het onderzoek.",
    )
    selectorKind = serializers.ChoiceField(
        source="investigation_selector.kind", choices=SelectorKind.choices, read_only=True
    )
    message = serializers.CharField(read_only=True, allow_null=True)
    nctvContact = serializers.CharField(
        source="nctv_contact",
        read_only=True,
        allow_null=True,
        help_text=(
            "De NCTV-contactpersoon van de casus (bij een casus in een afschermend compartiment "
            "het NCTV-piket); nooit de casus of de persoon zelf. Leeg voor de inspectie."
        ),
    )
    status = serializers.ChoiceField(choices=HitStatus.choices, read_only=True)
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        if self.context.get("oversight"):
            # The inspectorate: that there was a hit and what became of it, not its content.
            data.update(selectorLabel=None, message=None, nctvContact=None, selector=None)
        return data


class SharingDecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    hit = serializers.IntegerField(source="hit_id", read_only=True)
    outcome = inline_choice(choices=SharingOutcome.choices, read_only=True)
    reasons = serializers.CharField(read_only=True)
    legalBasis = serializers.CharField(
        source="legal_basis.code", read_only=True, allow_null=True, default=None
    )
    handling = serializers.CharField(read_only=True)
    product = serializers.CharField(
        source="product.reference",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="Kenmerk van het geleverde dreigingsinformatieproduct.",
    )
    reconsiderOn = serializers.DateField(source="reconsider_on", read_only=True, allow_null=True)
    remindedAt = serializers.DateTimeField(source="reminded_at", read_only=True, allow_null=True)
    decidedBy = serializers.CharField(
        source="decided_by.display_name", read_only=True, allow_null=True, default=None
    )
    decidedAt = serializers.DateTimeField(source="decided_at", read_only=True)


class SharingDecisionCreateSerializer(serializers.Serializer):
    outcome = inline_choice(choices=SharingOutcome.choices)
    reasons = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=4000,
        help_text="Motivering; verplicht bij niet delen (minimaal 10 tekens).",
    )
    reconsiderOn = serializers.DateField(
        required=False,
        help_text="Bij niet delen: wanneer heroverwegen (standaard over drie maanden).",
    )
    title = serializers.CharField(required=False, max_length=200, help_text="Bij delen.")
    summary = serializers.CharField(required=False, max_length=4000, help_text="Bij delen.")
    body = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    legalBasis = serializers.CharField(
        required=False, max_length=64, help_text="Code van de grondslag van verstrekking."
    )
    handling = serializers.ChoiceField(choices=Handling.choices, required=False)
    reliability = inline_choice(choices=Reliability.choices, required=False)
    credibility = inline_choice(choices=Credibility.choices, required=False)
    classification = serializers.IntegerField(required=False, min_value=0, max_value=4)
