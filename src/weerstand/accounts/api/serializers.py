"""Access changes in the API: camelCase, read-only rows, strict bodies."""

from __future__ import annotations

from rest_framework import serializers

from weerstand.accounts.models import AccessChangeKind, AccessChangeStatus
from weerstand.accounts.roles import Clearance


class AccessChangeSerializer(serializers.Serializer):
    """A request as the inspectorate sees it: who asked, who approved, what and why."""

    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=AccessChangeKind.choices, read_only=True)
    target = serializers.IntegerField(source="target_id", read_only=True)
    targetUsername = serializers.CharField(source="target.username", read_only=True)
    targetOrganisation = serializers.CharField(
        source="target.organisation.code", read_only=True, allow_null=True, default=None
    )
    roles = serializers.ListField(child=serializers.CharField(), read_only=True)
    clearance = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        min_value=Clearance.UNCLASSIFIED,
        max_value=Clearance.STG_ZEER_GEHEIM,
        help_text="Het gevraagde screeningsniveau (0-4), of null bij een reset of rol.",
    )
    reason = serializers.CharField(read_only=True)
    requestedBy = serializers.CharField(source="requested_by.username", read_only=True)
    requestedAt = serializers.DateTimeField(source="requested_at", read_only=True)
    status = serializers.ChoiceField(choices=AccessChangeStatus.choices, read_only=True)
    decidedBy = serializers.CharField(
        source="decided_by.username", read_only=True, allow_null=True, default=None
    )
    decidedAt = serializers.DateTimeField(source="decided_at", read_only=True, allow_null=True)
    decisionReason = serializers.CharField(source="decision_reason", read_only=True)


class AccessChangeDecisionSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[("approved", "approved"), ("rejected", "rejected")])
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class JobHealthSerializer(serializers.Serializer):
    """One scheduled job on the queue: names, times and counts, never case data."""

    name = serializers.CharField()
    description = serializers.CharField(source="help")
    everyMinutes = serializers.IntegerField(source="every_minutes")
    lastDone = serializers.DateTimeField(source="last_done", allow_null=True)
    lastCount = serializers.IntegerField(source="last_count", allow_null=True)
    waiting = serializers.IntegerField()
    retrying = serializers.IntegerField()
    failedLastDay = serializers.IntegerField(source="failed_recently")
    lastErrorClass = serializers.CharField(source="last_error_class")
    overdue = serializers.BooleanField()


class JobHealthListSerializer(serializers.Serializer):
    results = JobHealthSerializer(many=True)
