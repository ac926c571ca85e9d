"""Gap and RFI representations and inputs (camelCase; unknown keys refused in the view)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from weerstand.accounts.roles import Classification
from weerstand.core.api.schema import OrganisationCodeField
from weerstand.gaps.models import GapStatus, RequestStatus
from weerstand.signals.api.fields import inline_choice
from weerstand.signals.models import Credibility, Reliability


class GapSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    case = serializers.IntegerField(source="case_id", read_only=True)
    description = serializers.CharField(read_only=True)
    whyItMatters = serializers.CharField(source="why_it_matters", read_only=True)
    status = inline_choice(choices=GapStatus.choices, read_only=True)
    statusNote = serializers.CharField(source="status_note", read_only=True)
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)
    version = serializers.IntegerField(read_only=True)


class GapCreateSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    description = serializers.CharField(max_length=4000)
    whyItMatters = serializers.CharField(source="why_it_matters", max_length=4000)


class GapFilterSerializer(serializers.Serializer):
    case = serializers.IntegerField(required=False)
    status = inline_choice(choices=GapStatus.choices, required=False)


@extend_schema_field({"type": "string", "nullable": True})
class ProductReferenceField(serializers.Field):
    def get_attribute(self, instance: Any) -> Any:
        return instance.answer_product.reference if instance.answer_product_id else None

    def to_representation(self, value: Any) -> Any:
        return value


class InformationRequestSerializer(serializers.Serializer):
    """What the addressee may see as well: no gap text, no case content, only the reference."""

    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    caseReference = serializers.CharField(source="case.reference", read_only=True)
    addressee = OrganisationCodeField(read_only=True)
    legalBasis = serializers.CharField(
        source="legal_basis.code", read_only=True, help_text="Code van de grondslag."
    )
    question = serializers.CharField(read_only=True)
    dueDate = serializers.DateField(source="due_date", read_only=True)
    status = inline_choice(choices=RequestStatus.choices, read_only=True)
    answerProduct = ProductReferenceField(read_only=True)
    answeredAt = serializers.DateTimeField(source="answered_at", read_only=True, allow_null=True)
    escalatedAt = serializers.DateTimeField(source="escalated_at", read_only=True, allow_null=True)
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)
    version = serializers.IntegerField(read_only=True)


class InformationRequestCreateSerializer(serializers.Serializer):
    gap = serializers.IntegerField()
    addressee = serializers.SlugField(help_text="Code van de partnerorganisatie.")
    legalBasis = serializers.SlugField(source="legal_basis", help_text="Code van de grondslag.")
    question = serializers.CharField(max_length=4000)
    dueDate = serializers.DateField(source="due_date")


class InformationRequestFilterSerializer(serializers.Serializer):
    status = inline_choice(choices=RequestStatus.choices, required=False)
    overdue = serializers.BooleanField(required=False, default=False)


class RfiAnswerSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=4000)
    reliability = inline_choice(choices=Reliability.choices)
    credibility = inline_choice(choices=Credibility.choices)
    classification = serializers.ChoiceField(choices=Classification.choices)
    partnerReference = serializers.CharField(
        source="partner_reference", required=False, allow_blank=True, max_length=100
    )
