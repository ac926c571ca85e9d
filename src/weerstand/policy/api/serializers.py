"""Restricting compartments in the API: camelCase, unknown keys refused by the views."""

from __future__ import annotations

from rest_framework import serializers

from weerstand.policy.models import ChangeKind, ChangeStatus, CompartmentKind, MemberFunction

RESTRICTING = [(k, str(label)) for k, label in CompartmentKind.choices if k != "case_team"]


class CompartmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=CompartmentKind.choices, read_only=True)
    name = serializers.CharField(read_only=True)
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)


class CompartmentCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RESTRICTING)
    name = serializers.CharField(max_length=200)
    coOwner = serializers.IntegerField(source="co_owner", min_value=1, max_value=2**31 - 1)
    reason = serializers.CharField(max_length=2000)


class MemberSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    user = serializers.IntegerField(source="user_id", read_only=True)
    displayName = serializers.CharField(source="user.display_name", read_only=True)
    function = serializers.ChoiceField(choices=MemberFunction.choices, read_only=True)
    addedAt = serializers.DateTimeField(source="added_at", read_only=True)


class ChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    user = serializers.IntegerField(source="user_id", read_only=True)
    displayName = serializers.CharField(source="user.display_name", read_only=True)
    change = serializers.ChoiceField(source="kind", choices=ChangeKind.choices, read_only=True)
    function = serializers.ChoiceField(choices=MemberFunction.choices, read_only=True)
    reason = serializers.CharField(read_only=True)
    proposedBy = serializers.CharField(source="proposed_by.display_name", read_only=True)
    proposedAt = serializers.DateTimeField(source="proposed_at", read_only=True)
    status = serializers.ChoiceField(choices=ChangeStatus.choices, read_only=True)
    decidedBy = serializers.CharField(
        source="decided_by.display_name", read_only=True, allow_null=True, default=None
    )
    decidedAt = serializers.DateTimeField(source="decided_at", read_only=True, allow_null=True)
    decisionReason = serializers.CharField(source="decision_reason", read_only=True)


class ChangeCreateSerializer(serializers.Serializer):
    user = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    change = serializers.ChoiceField(choices=ChangeKind.choices)
    function = serializers.ChoiceField(
        choices=[
            (f, str(label))
            for f, label in MemberFunction.choices
            if f in ("member", "owner", "oversight")
        ],
        required=False,
        default="member",
    )
    reason = serializers.CharField(max_length=2000)


class ChangeDecisionSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[("approved", "approved"), ("rejected", "rejected")])
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
