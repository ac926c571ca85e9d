"""Person and limitative-list representations. Secret fields are written, never echoed, and
read only where the policy grants them: otherwise the keys are absent, not null."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.fields import SkipField

from weerstand.accounts.roles import Classification
from weerstand.core.api.schema import OrganisationCodeField
from weerstand.registry.models import LimitativeKind


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    firstName = serializers.CharField(source="first_name", read_only=True)
    lastName = serializers.CharField(source="last_name", read_only=True)
    dateOfBirth = serializers.DateField(source="date_of_birth", read_only=True, allow_null=True)
    classification = serializers.ChoiceField(choices=Classification.choices, read_only=True)


class EmployerRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class GrantedCharField(serializers.CharField):
    """A secret field that is only output when the view found the grant it names in
    `context["grants"]`; otherwise the key is absent (not null, not a hint)."""

    def __init__(self, grant: str, **kwargs: Any) -> None:
        self.grant = grant
        # Not read_only: in the OpenAPI document the field must be optional, not required.
        super().__init__(required=False, **kwargs)

    def get_attribute(self, instance: Any) -> Any:
        if self.grant not in self.context.get("grants", ()):
            raise SkipField()
        return super().get_attribute(instance)


class PersonDetailSerializer(PersonSerializer):
    """The detail view; contact fields need `person_contact` (the view checks it with
    `policy.engine.can`). The programme cover has its own resource under the person."""

    employer = EmployerRefSerializer(read_only=True, allow_null=True)
    homeAddress = GrantedCharField("contact", source="home_address")
    phoneNumbers = GrantedCharField("contact", source="phone_numbers")


class ProgrammeCoverSerializer(serializers.Serializer):
    """That the person is covered by a witness protection programme, by which, and why.
    There is no field for a new identity or location: Weerstand does not hold them."""

    person = serializers.IntegerField(source="person_id", read_only=True)
    programme = serializers.CharField(read_only=True)
    reason = serializers.CharField(read_only=True)
    recordedBy = serializers.CharField(
        source="recorded_by.display_name", read_only=True, allow_null=True, default=None
    )
    recordedAt = serializers.DateTimeField(source="recorded_at", read_only=True)
    version = serializers.IntegerField(read_only=True)


class ProgrammeCoverWriteSerializer(serializers.Serializer):
    programme = serializers.CharField(max_length=100)
    reason = serializers.CharField(
        help_text="Waarom deze persoon onder het programma valt; noem geen nieuwe identiteit "
        "of verblijfplaats."
    )


class ProgrammeCoverEndSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="Waarom de dekking eindigt.")


class PersonCreateSerializer(serializers.Serializer):
    """A new person. Contact fields are accepted but never returned by this call."""

    firstName = serializers.CharField(source="first_name", max_length=100)
    lastName = serializers.CharField(source="last_name", max_length=100)
    dateOfBirth = serializers.DateField(source="date_of_birth", required=False, allow_null=True)
    homeAddress = serializers.CharField(
        source="home_address", required=False, allow_blank=True, write_only=True
    )
    phoneNumbers = serializers.CharField(
        source="phone_numbers", required=False, allow_blank=True, write_only=True
    )
    classification = serializers.ChoiceField(
        choices=Classification.choices, required=False, default=Classification.DEPV
    )


class PersonCreatedSerializer(PersonSerializer):
    claim = serializers.CharField(
        read_only=True,
        help_text=(
            "Eenmalige claim (24 uur, alleen voor u) om deze persoon als `protecteeClaim` in "
            "een aanmelding te gebruiken. Een persoon zonder casus is voor niemand zichtbaar."
        ),
    )


class PersonFilterSerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False, max_length=100, help_text="Zoek op (een deel van) voor- of achternaam."
    )


class LimitativeEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=LimitativeKind.choices, read_only=True)
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    owner = OrganisationCodeField(read_only=True)
    classification = serializers.ChoiceField(choices=Classification.choices, read_only=True)
    active = serializers.BooleanField(read_only=True)


class LimitativeFilterSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=LimitativeKind.choices, required=False)
    active = serializers.BooleanField(required=False, allow_null=True, default=None)
