"""Representations and inputs of the contact app's API (camelCase; unknown keys refused)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.fields import SkipField

from weerstand.contact.models import Channel, SpeakingAs, Topic
from weerstand.core.api.mixins import INT_MAX
from weerstand.signals.api.fields import inline_choice


class ContactOfficialSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="display_name", read_only=True)
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    email = serializers.CharField(read_only=True)


class ContactPersonChangeSerializer(serializers.Serializer):
    contactPerson = ContactOfficialSerializer(source="contact", read_only=True)
    deputy = ContactOfficialSerializer(read_only=True, allow_null=True)
    startsAt = serializers.DateTimeField(source="starts_at", read_only=True)
    endsAt = serializers.DateTimeField(source="ends_at", read_only=True, allow_null=True)
    reason = serializers.CharField(read_only=True)
    changedBy = serializers.CharField(source="changed_by.display_name", read_only=True)


class ContactPersonSerializer(serializers.Serializer):
    """The case's contact person; `contactPerson` is null (version 0) while none is named."""

    case = serializers.IntegerField(source="case_id", read_only=True)
    contactPerson = ContactOfficialSerializer(
        source="record.contact", read_only=True, allow_null=True
    )
    contactPhone = serializers.CharField(
        source="record.contact_phone", read_only=True, allow_null=True
    )
    deputy = ContactOfficialSerializer(source="record.deputy", read_only=True, allow_null=True)
    deputyPhone = serializers.CharField(
        source="record.deputy_phone", read_only=True, allow_null=True
    )
    note = serializers.CharField(
        source="record.note",
        read_only=True,
        allow_null=True,
        help_text="Voor het casusteam; nooit in het portaal.",
    )
    since = serializers.DateTimeField(source="record.since", read_only=True, allow_null=True)
    version = serializers.IntegerField(read_only=True)
    history = ContactPersonChangeSerializer(many=True, read_only=True)
    warnings = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text=(
            "Wat de eigenaar moet oplossen, bijv. een contactpersoon die het casusteam heeft "
            "verlaten; leeg als alles klopt."
        ),
    )


class ContactPersonUpdateSerializer(serializers.Serializer):
    contactPerson = serializers.IntegerField(source="contact", min_value=1, max_value=INT_MAX)
    contactPhone = serializers.CharField(source="contact_phone", max_length=32)
    deputy = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=INT_MAX
    )
    deputyPhone = serializers.CharField(
        source="deputy_phone", required=False, allow_blank=True, max_length=32
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    reason = serializers.CharField(max_length=2000)


class _StaffOnly(serializers.IntegerField):
    """Present only for readers through the case (not for a portal user's own messages)."""

    def get_attribute(self, instance: Any) -> Any:
        if not self.context.get("staff"):
            raise SkipField()
        return super().get_attribute(instance)


class CommunicationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    case = _StaffOnly(source="case_id", read_only=True, help_text="Alleen voor het casusteam.")
    recipient = _StaffOnly(
        source="recipient_id", read_only=True, help_text="De betrokkene (casuspersoon)."
    )
    recipientRole = serializers.CharField(source="recipient_role", read_only=True)
    toldBy = serializers.CharField(source="told_by_name", read_only=True)
    speakingAs = inline_choice(source="speaking_as", choices=SpeakingAs.choices, read_only=True)
    toldAt = serializers.DateTimeField(source="told_at", read_only=True)
    channel = inline_choice(choices=Channel.choices, read_only=True)
    topic = serializers.CharField(read_only=True, help_text="Leeg of een van de onderwerpen.")
    text = serializers.CharField(read_only=True)
    corrects = serializers.IntegerField(
        source="corrects_id",
        read_only=True,
        allow_null=True,
        help_text="Het bericht dat dit bericht corrigeert.",
    )
    periodStart = serializers.DateField(source="period_start", read_only=True, allow_null=True)
    periodEnd = serializers.DateField(source="period_end", read_only=True, allow_null=True)
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)


class CommunicationCreateSerializer(serializers.Serializer):
    case = serializers.IntegerField(min_value=1, max_value=INT_MAX)
    recipient = serializers.IntegerField(
        min_value=1, max_value=INT_MAX, help_text="Een casuspersoon van de casus."
    )
    text = serializers.CharField(max_length=4000)
    channel = inline_choice(choices=Channel.choices)
    topic = inline_choice(choices=Topic.choices, required=False)
    toldAt = serializers.DateTimeField(source="told_at", required=False)
    corrects = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=INT_MAX
    )


class CommunicationFilterSerializer(serializers.Serializer):
    case = serializers.IntegerField(required=False, min_value=1)
    recipient = serializers.IntegerField(required=False, min_value=1)
