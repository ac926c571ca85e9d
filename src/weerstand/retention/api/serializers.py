"""Representations and inputs of the retention API (camelCase; unknown keys refused).

Nothing here carries the content of a governed object: rules name types, holds and report
items name objects by type and id, access-request items by a non-content reference.
"""

from __future__ import annotations

from rest_framework import serializers

from weerstand.retention.models import (
    AccessException,
    AccessRequestStatus,
    CountedFrom,
    HoldKind,
    ItemDecision,
    RetentionAction,
)


class RetentionRuleSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    objectType = serializers.CharField(source="object_type", read_only=True)
    legalBasis = serializers.CharField(
        source="legal_basis", read_only=True, help_text="Code van de grondslag; leeg = elke."
    )
    periodDays = serializers.IntegerField(source="period_days", read_only=True)
    countedFrom = serializers.ChoiceField(
        source="counted_from", choices=CountedFrom.choices, read_only=True
    )
    action = serializers.ChoiceField(choices=RetentionAction.choices, read_only=True)
    active = serializers.BooleanField(read_only=True)
    note = serializers.CharField(read_only=True)
    version = serializers.IntegerField(read_only=True)


class RetentionRuleWriteSerializer(serializers.Serializer):
    objectType = serializers.CharField(source="object_type", max_length=64)
    legalBasis = serializers.CharField(
        source="legal_basis", max_length=64, required=False, allow_blank=True, default=""
    )
    periodDays = serializers.IntegerField(source="period_days", min_value=0, max_value=36500)
    countedFrom = serializers.ChoiceField(source="counted_from", choices=CountedFrom.choices)
    action = serializers.ChoiceField(choices=RetentionAction.choices)
    active = serializers.BooleanField(required=False, default=True)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class RetentionRulePatchSerializer(serializers.Serializer):
    objectType = serializers.CharField(source="object_type", max_length=64, required=False)
    legalBasis = serializers.CharField(
        source="legal_basis", max_length=64, required=False, allow_blank=True
    )
    periodDays = serializers.IntegerField(
        source="period_days", min_value=0, max_value=36500, required=False
    )
    countedFrom = serializers.ChoiceField(
        source="counted_from", choices=CountedFrom.choices, required=False
    )
    action = serializers.ChoiceField(choices=RetentionAction.choices, required=False)
    active = serializers.BooleanField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class LegalHoldSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    case = serializers.IntegerField(source="case_id", read_only=True, allow_null=True)
    objectType = serializers.CharField(source="object_type", read_only=True)
    objectId = serializers.IntegerField(source="object_id", read_only=True, allow_null=True)
    kind = serializers.ChoiceField(choices=HoldKind.choices, read_only=True)
    reason = serializers.CharField(read_only=True)
    placedAt = serializers.DateTimeField(source="placed_at", read_only=True)
    placedBy = serializers.IntegerField(source="placed_by_id", read_only=True)
    liftedAt = serializers.DateTimeField(source="lifted_at", read_only=True, allow_null=True)
    liftedBy = serializers.IntegerField(source="lifted_by_id", read_only=True, allow_null=True)
    liftReason = serializers.CharField(source="lift_reason", read_only=True)
    inForce = serializers.BooleanField(source="in_force", read_only=True)


class LegalHoldCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=HoldKind.choices)
    reason = serializers.CharField(max_length=4000)
    case = serializers.IntegerField(required=False, min_value=1, allow_null=True, default=None)
    objectType = serializers.CharField(
        source="object_type", max_length=64, required=False, allow_blank=True, default=""
    )
    objectId = serializers.IntegerField(
        source="object_id", required=False, min_value=1, allow_null=True, default=None
    )


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=4000)


class LegalHoldFilterSerializer(serializers.Serializer):
    inForce = serializers.BooleanField(required=False, allow_null=True, default=None)


class DestructionItemSerializer(serializers.Serializer):
    objectType = serializers.CharField()
    objectId = serializers.IntegerField()
    outcome = serializers.ChoiceField(
        choices=[(o, o) for o in ("destroyed", "anonymised", "withheld", "deferred")]
    )
    rule = serializers.IntegerField()
    legalBasis = serializers.CharField()
    countedFrom = serializers.CharField()
    periodDays = serializers.IntegerField()
    startedOn = serializers.DateField()
    expiredOn = serializers.DateField()
    holds = serializers.ListField(child=serializers.IntegerField(), required=False)
    holdKinds = serializers.ListField(child=serializers.CharField(), required=False)
    blockedBy = serializers.CharField(required=False)


class DestructionReportSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    runAt = serializers.DateTimeField(source="run_at", read_only=True)
    asOf = serializers.DateTimeField(source="as_of", read_only=True)
    destroyedCount = serializers.IntegerField(source="destroyed_count", read_only=True)
    withheldCount = serializers.IntegerField(source="withheld_count", read_only=True)
    keyId = serializers.CharField(source="key_id", read_only=True)
    signature = serializers.CharField(read_only=True)


class DestructionReportDetailSerializer(DestructionReportSerializer):
    items = DestructionItemSerializer(many=True, read_only=True)
    signatureValid = serializers.BooleanField(
        source="signature_valid",
        read_only=True,
        help_text="De handtekening klopt voor deze inhoud onder een vertrouwde sleutel.",
    )


class AccessRequestItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    objectType = serializers.CharField(source="object_type", read_only=True)
    objectId = serializers.IntegerField(source="object_id", read_only=True)
    reference = serializers.CharField(read_only=True)
    decision = serializers.ChoiceField(choices=ItemDecision.choices, read_only=True)
    exception = serializers.CharField(read_only=True)
    reason = serializers.CharField(read_only=True)
    decidedAt = serializers.DateTimeField(source="decided_at", read_only=True, allow_null=True)


class AccessRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    person = serializers.IntegerField(source="person_id", read_only=True)
    receivedOn = serializers.DateField(source="received_on", read_only=True)
    deadline = serializers.DateField(read_only=True)
    extended = serializers.BooleanField(read_only=True)
    extensionReason = serializers.CharField(source="extension_reason", read_only=True)
    status = serializers.ChoiceField(choices=AccessRequestStatus.choices, read_only=True)
    summary = serializers.CharField(read_only=True)
    completedAt = serializers.DateTimeField(source="completed_at", read_only=True, allow_null=True)
    version = serializers.IntegerField(read_only=True)


class AccessRequestDetailSerializer(AccessRequestSerializer):
    items = AccessRequestItemSerializer(source="shown_items", many=True, read_only=True)


class AccessRequestCreateSerializer(serializers.Serializer):
    person = serializers.IntegerField(min_value=1)
    receivedOn = serializers.DateField(source="received_on")


class AccessRequestFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=AccessRequestStatus.choices, required=False)


class ItemDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[(ItemDecision.DISCLOSE, "disclose"), (ItemDecision.WITHHOLD, "withhold")]
    )
    exception = serializers.ChoiceField(
        choices=AccessException.choices, required=False, allow_blank=True, default=""
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class EmptySerializer(serializers.Serializer):
    pass
