"""Product representations and inputs (camelCase JSON; unknown keys are refused in the view)."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from weerstand.accounts.roles import Classification
from weerstand.cases.api.serializers import PersonRefSerializer
from weerstand.cases.models import Phenomenon
from weerstand.core.api.schema import OrganisationCodeField
from weerstand.information.models import (
    EntityKind,
    Handling,
    ProductStatus,
)
from weerstand.organisations.models import Organisation

_STATUS_HELP = "Een van: " + ", ".join(ProductStatus.values)
_STATUS_RE = r"^(" + "|".join(ProductStatus.values) + r")$"
_KIND_HELP = "Een van: " + ", ".join(EntityKind.values)
_KIND_RE = r"^(" + "|".join(EntityKind.values) + r")$"


class GradingSerializer(serializers.Serializer):
    code = serializers.CharField(source="grading", help_text="Admiralty-code, bijv. `B2`.")
    reliability = serializers.CharField(help_text="A-F")
    reliabilityLabel = serializers.CharField(source="get_reliability_display")
    credibility = serializers.IntegerField(help_text="1-6")
    credibilityLabel = serializers.CharField(source="get_credibility_display")


class WithdrawalInfoSerializer(serializers.Serializer):
    reason = serializers.CharField(source="withdrawn_reason")
    withdrawnAt = serializers.DateTimeField(source="withdrawn_at")


class ProductListItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    originator = serializers.CharField(source="originator.code", read_only=True)
    grading = GradingSerializer(source="*", read_only=True)
    classification = serializers.ChoiceField(choices=Classification.choices, read_only=True)
    handling = serializers.ChoiceField(choices=Handling.choices, read_only=True)
    status = serializers.CharField(read_only=True, help_text=_STATUS_HELP)
    withdrawal = serializers.SerializerMethodField(
        help_text="Alleen bij een ingetrokken product: waarom en wanneer."
    )
    version = serializers.IntegerField(read_only=True)
    receivedAt = serializers.DateTimeField(source="received_at", read_only=True)
    validFrom = serializers.DateField(source="valid_from", read_only=True)
    validUntil = serializers.DateField(source="valid_until", read_only=True, allow_null=True)
    phenomenon = serializers.CharField(read_only=True)

    @extend_schema_field(WithdrawalInfoSerializer(allow_null=True))
    def get_withdrawal(self, obj: Any) -> dict[str, Any] | None:
        if obj.status != ProductStatus.WITHDRAWN:
            return None
        return WithdrawalInfoSerializer(obj).data


class RefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()


class EntityRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text=_KIND_HELP)
    # DRF's metaclass takes declared fields off the class, so this does not replace Field.label.
    label = serializers.CharField(source="display_label")  # type: ignore[assignment]  # see above


class AttachmentInfoSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    filename = serializers.CharField()
    contentType = serializers.CharField(source="content_type")
    size = serializers.IntegerField()
    sha256 = serializers.CharField()


class ProductSerializer(ProductListItemSerializer):
    summary = serializers.CharField(read_only=True)
    body = serializers.CharField(read_only=True)
    legalBasis = serializers.CharField(source="legal_basis.code", read_only=True)
    legalBasisLaw = serializers.CharField(source="legal_basis.law", read_only=True)
    partnerReference = serializers.CharField(source="partner_reference", read_only=True)
    supersedes = serializers.IntegerField(source="supersedes_id", read_only=True, allow_null=True)
    cases = RefSerializer(many=True, read_only=True, source="visible_cases")
    persons = PersonRefSerializer(many=True, read_only=True, source="visible_persons")
    entities = EntityRefSerializer(many=True, read_only=True, source="visible_entities")
    attachments = AttachmentInfoSerializer(many=True, read_only=True, source="visible_attachments")


class AttachmentInputSerializer(serializers.Serializer):
    filename = serializers.CharField(max_length=200)
    contentType = serializers.CharField(max_length=100)
    contentBase64 = serializers.CharField(help_text="De inhoud, base64-gecodeerd.")

    def validate_contentBase64(self, value: str) -> bytes:
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise serializers.ValidationError("Geen geldige base64.", code="invalid") from exc


class EntityInputSerializer(serializers.Serializer):
    kind = serializers.RegexField(_KIND_RE, help_text=_KIND_HELP)
    value = serializers.CharField(max_length=500)


class ProductVersionInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    legalBasis = serializers.SlugField(help_text="Code van de grondslag, bijv. `wpg-19`.")
    classification = serializers.ChoiceField(choices=Classification.choices, default=1)
    handling = serializers.ChoiceField(choices=Handling.choices, default=Handling.NONE)
    reliability = serializers.RegexField(r"^[A-F]$", help_text="Betrouwbaarheid bron, A-F.")
    credibility = serializers.IntegerField(
        min_value=1, max_value=6, help_text="Geloofwaardigheid informatie, 1-6."
    )
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    body = serializers.CharField(required=False, allow_blank=True, default="")
    validFrom = serializers.DateField(required=False, allow_null=True, default=None)
    validUntil = serializers.DateField(required=False, allow_null=True, default=None)
    phenomenon = serializers.ChoiceField(
        choices=Phenomenon.choices, required=False, allow_blank=True, default=""
    )
    cases = serializers.ListField(
        child=serializers.CharField(max_length=40),
        required=False,
        default=list,
        max_length=50,
        help_text="Kenmerken van casussen die u mag zien.",
    )
    persons = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        max_length=50,
        help_text="Ids van personen die u mag zien.",
    )
    entities = EntityInputSerializer(many=True, required=False, default=list)
    attachments = AttachmentInputSerializer(many=True, required=False, default=list)


class ProductCreateSerializer(ProductVersionInputSerializer):
    originator = OrganisationCodeField(
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Alleen voor analisten die namens een verstrekker vastleggen.",
    )
    partnerReference = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )


class WithdrawalSerializer(serializers.Serializer):
    reason = serializers.CharField(min_length=5, max_length=2000)


class EntitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text=_KIND_HELP)
    # DRF's metaclass takes declared fields off the class, so this does not replace Field.label.
    label = serializers.CharField(source="display_label")  # type: ignore[assignment]  # see above
    products = ProductListItemSerializer(many=True, source="visible_products")
    signals = RefSerializer(many=True, source="visible_signals")


class ImportRecordResultSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    partnerReference = serializers.CharField()
    outcome = serializers.ChoiceField(choices=["accepted", "unchanged", "new_version", "refused"])
    reference = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())


class ImportReportSerializer(serializers.Serializer):
    originator = serializers.CharField()
    counts = serializers.DictField(child=serializers.IntegerField())
    records = ImportRecordResultSerializer(many=True)


class ProductFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, max_length=100)
    status = serializers.RegexField(_STATUS_RE, required=False, help_text=_STATUS_HELP)
    originator = serializers.SlugField(required=False)
    phenomenon = serializers.ChoiceField(choices=Phenomenon.choices, required=False)
    reliability = serializers.RegexField(r"^[A-F]$", required=False)
    credibility = serializers.IntegerField(min_value=1, max_value=6, required=False)
    handling = serializers.ChoiceField(choices=Handling.choices, required=False)
    case = serializers.IntegerField(required=False)


class CaseLinkSerializer(serializers.Serializer):
    case = serializers.IntegerField(help_text="Id van een casus die u mag wijzigen.")
