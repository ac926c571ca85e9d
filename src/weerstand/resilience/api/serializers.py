"""Representations and inputs of the resilience API (camelCase; unknown keys refused in the
viewsets).

One shape per resource for everyone, so the document stays one contract: fields a portal
user may not read are `null` for them (`portal=True` in the serializer context), never
omitted silently and never filled. Notes and follow-ups are never in a portal user's answer.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from weerstand.resilience.models import (
    BuddyStatus,
    Channel,
    ConversationStatus,
    Phase,
    ShareItem,
)
from weerstand.signals.api.fields import inline_choice


class ConversationNotesSerializer(serializers.Serializer):
    wellbeing = serializers.CharField(max_length=4000, help_text="Hoe gaat het met de persoon.")
    worries = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    strengths = serializers.CharField(
        max_length=4000, required=False, allow_blank=True, default="", help_text="Wat kracht geeft."
    )
    agreements = serializers.CharField(
        max_length=4000, required=False, allow_blank=True, default=""
    )
    writtenAt = serializers.DateTimeField(source="written_at", read_only=True)


STAFF_ONLY = (
    "case",
    "person",
    "personName",
    "status",
    "place",
    "cancelReason",
    "heldAt",
    "originDecision",
    "notes",
    "version",
)


class ConversationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    case = serializers.IntegerField(source="case_id", read_only=True, allow_null=True)
    person = serializers.IntegerField(source="person_id", read_only=True, allow_null=True)
    personName = serializers.SerializerMethodField()
    phase = inline_choice(choices=Phase.choices, read_only=True)
    phaseText = serializers.SerializerMethodField(help_text="De fase in gewone woorden.")
    status = inline_choice(choices=ConversationStatus.choices, read_only=True, allow_null=True)
    plannedAt = serializers.DateTimeField(source="planned_at", read_only=True, allow_null=True)
    channel = inline_choice(choices=Channel.choices, read_only=True)
    place = serializers.CharField(read_only=True, allow_null=True)
    expertName = serializers.SerializerMethodField(help_text="Met wie het gesprek is.")
    cancelReason = serializers.CharField(source="cancel_reason", read_only=True, allow_null=True)
    heldAt = serializers.DateTimeField(source="held_at", read_only=True, allow_null=True)
    originDecision = serializers.IntegerField(
        source="origin_decision_id", read_only=True, allow_null=True
    )
    notes = serializers.SerializerMethodField()
    version = serializers.IntegerField(read_only=True, allow_null=True)

    def get_personName(self, obj: Any) -> str | None:
        return (
            None
            if self.context.get("portal")
            else f"{obj.person.first_name} {obj.person.last_name}"
        )

    def get_phaseText(self, obj: Any) -> str:
        return str(obj.phase_for_person)

    def get_expertName(self, obj: Any) -> str | None:
        return obj.expert.display_name if obj.expert_id else None

    @extend_schema_field(ConversationNotesSerializer(allow_null=True))
    def get_notes(self, obj: Any) -> dict[str, Any] | None:
        notes = self.context.get("notes", {}).get(obj.pk)
        return ConversationNotesSerializer(notes).data if notes is not None else None

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)
        if self.context.get("portal"):
            for name in STAFF_ONLY:
                data[name] = None
        return data


class ConversationCreateSerializer(serializers.Serializer):
    case = serializers.IntegerField(min_value=1)
    person = serializers.IntegerField(
        min_value=1, help_text="De beschermde persoon of een naaste in de casus."
    )
    phase = inline_choice(choices=Phase.choices)
    plannedAt = serializers.DateTimeField(source="planned_at")
    channel = inline_choice(choices=Channel.choices, required=False, default=Channel.IN_PERSON)
    place = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ConversationPatchSerializer(serializers.Serializer):
    plannedAt = serializers.DateTimeField(source="planned_at", required=False)
    channel = inline_choice(choices=Channel.choices, required=False)
    place = serializers.CharField(max_length=500, required=False, allow_blank=True)
    status = inline_choice(
        choices=[(ConversationStatus.CANCELLED.value, ConversationStatus.CANCELLED.label)],
        required=False,
        help_text="Alleen `cancelled` (met `cancelReason`): het gesprek gaat niet door.",
    )
    cancelReason = serializers.CharField(source="cancel_reason", max_length=2000, required=False)


class ConversationFilterSerializer(serializers.Serializer):
    case = serializers.IntegerField(required=False)
    status = inline_choice(choices=ConversationStatus.choices, required=False)
    phase = inline_choice(choices=Phase.choices, required=False)


class ResilienceFollowUpSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    conversation = serializers.IntegerField(source="conversation_id", read_only=True)
    description = serializers.CharField(read_only=True)
    owner = serializers.IntegerField(source="owner_id", read_only=True)
    ownerName = serializers.CharField(source="owner.display_name", read_only=True)
    dueOn = serializers.DateField(source="due_on", read_only=True)
    done = serializers.BooleanField(source="is_done", read_only=True)
    doneAt = serializers.DateTimeField(source="done_at", read_only=True, allow_null=True)
    overdue = serializers.SerializerMethodField()
    version = serializers.IntegerField(read_only=True)

    def get_overdue(self, obj: Any) -> bool:
        return bool(obj.is_overdue())


class ResilienceFollowUpCreateSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=4000)
    owner = serializers.IntegerField(min_value=1, help_text="Id van de eigenaar (casusteam).")
    dueOn = serializers.DateField(source="due_on")


class ResilienceFollowUpPatchSerializer(serializers.Serializer):
    done = serializers.BooleanField(help_text="Alleen `true`: de afspraak is gedaan.")


class BuddyMatchSerializer(serializers.Serializer):
    """Staff see the match (who, status, dates, which items are shared, never the texts);
    a portal user sees their own side (`side`), the buddy only what was shared."""

    id = serializers.IntegerField(read_only=True)
    case = serializers.IntegerField(allow_null=True, read_only=True)
    protecteeName = serializers.CharField(allow_null=True, read_only=True)
    buddyName = serializers.CharField(allow_null=True, read_only=True)
    side = serializers.CharField(
        allow_null=True, read_only=True, help_text="`protectee` of `buddy` voor de persoon zelf."
    )
    status = inline_choice(choices=BuddyStatus.choices, read_only=True)
    endsOn = serializers.DateField(read_only=True)
    protecteeConsented = serializers.BooleanField(read_only=True)
    buddyConsented = serializers.BooleanField(read_only=True)
    activeSince = serializers.DateTimeField(allow_null=True, read_only=True)
    sharedItems = serializers.ListField(
        child=serializers.CharField(),
        allow_null=True,
        read_only=True,
        help_text="Wat gedeeld is: `first_name`, `contact`, `message`.",
    )
    sharedFirstName = serializers.CharField(allow_null=True, read_only=True)
    contact = serializers.CharField(allow_null=True, read_only=True)
    message = serializers.CharField(allow_null=True, read_only=True)
    version = serializers.IntegerField(read_only=True)


def match_representation(match: Any, side: str | None) -> dict[str, Any]:
    """The one place that decides what a reader of a match gets (see the serializer)."""
    base: dict[str, Any] = {
        "id": match.pk,
        "case": None,
        "protecteeName": None,
        "buddyName": None,
        "side": side,
        "status": match.status,
        "endsOn": match.ends_on,
        "protecteeConsented": match.protectee_consent_at is not None,
        "buddyConsented": match.buddy_consent_at is not None,
        "activeSince": match.active_since,
        "sharedItems": None,
        "sharedFirstName": None,
        "contact": None,
        "message": None,
        "version": match.version,
    }
    if side is None:
        base.update(
            case=match.case_id,
            protecteeName=f"{match.protectee.first_name} {match.protectee.last_name}",
            # The buddy's first name only: the case team may not know who was once protected.
            buddyName=match.buddy.first_name,
            sharedItems=list(match.shared_items or []),
        )
    elif side == "protectee":
        base.update(
            buddyName=match.buddy.first_name,
            sharedItems=list(match.shared_items or []),
            sharedFirstName=match.protectee.first_name
            if ShareItem.FIRST_NAME in (match.shared_items or [])
            else None,
            contact=match.contact_text or None,
            message=match.message_text or None,
        )
    else:
        shared = match.shared_with_buddy()
        base.update(
            sharedFirstName=shared.get("first_name"),
            contact=shared.get("contact"),
            message=shared.get("message"),
        )
    return base


class BuddyMatchCreateSerializer(serializers.Serializer):
    case = serializers.IntegerField(min_value=1)
    buddy = serializers.IntegerField(
        min_value=1, help_text="Registerpersoon uit de lijst van beschikbare buddy's."
    )
    endsOn = serializers.DateField(source="ends_on")


class BuddyFilterSerializer(serializers.Serializer):
    case = serializers.IntegerField(required=False)
    status = inline_choice(choices=BuddyStatus.choices, required=False)


class BuddyWithdrawalSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class BuddyShareSerializer(serializers.Serializer):
    items = serializers.ListField(
        child=serializers.CharField(max_length=20),
        max_length=3,
        help_text="Kies uit `first_name`, `contact`, `message`; niets anders wordt gedeeld.",
    )
    contact = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    message = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class BuddyConsentSerializer(serializers.Serializer):
    """No body needed."""


class BuddyVolunteerSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    person = serializers.IntegerField(source="person_id", min_value=1)
    name = serializers.SerializerMethodField()
    registeredAt = serializers.DateTimeField(source="registered_at", read_only=True)

    def get_name(self, obj: Any) -> str:
        return f"{obj.person.first_name} {obj.person.last_name}"
