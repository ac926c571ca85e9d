"""Case representations and inputs. JSON names are camelCase; every input rejects unknown
keys in the view, so a misspelt field is a 400, never silently ignored."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.fields import SkipField

from weerstand.accounts.roles import Classification
from weerstand.cases.models import (
    Case,
    CaseState,
    Domain,
    Origin,
    Phenomenon,
    Severity,
    TriageAdvice,
)
from weerstand.cases.state_machine import TRANSITIONS
from weerstand.core.api.schema import OrganisationCodeField
from weerstand.organisations.models import Organisation
from weerstand.registry.api.serializers import PersonCreateSerializer

ORDERING = {
    "referredAt": "referred_at",
    "-referredAt": "-referred_at",
    "updatedAt": "updated_at",
    "-updatedAt": "-updated_at",
    "reference": "reference",
    "-reference": "-reference",
    "state": "state",
    "-state": "-state",
    "severity": "severity",
    "-severity": "-severity",
}


class PersonRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    firstName = serializers.CharField(source="first_name", read_only=True)
    lastName = serializers.CharField(source="last_name", read_only=True)


class VisibleProtecteeField(PersonRefSerializer):
    """`protectee` only when the user may see that person; otherwise the key is absent.

    A case can be visible while its protectee is not (roles without a person grant): an edge
    to a hidden object is not shown, not even its id. The view passes the persons the user may
    see in `context["persons"]` (read through the policy), so the unfiltered relation
    `case.protectee` is never touched.
    """

    def get_attribute(self, instance: Case) -> Any:
        person = self.context.get("persons", {}).get(instance.protectee_id)
        if person is None:
            raise SkipField()
        return person


class CaseListItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    codename = serializers.CharField(read_only=True)
    state = serializers.ChoiceField(choices=CaseState.choices, read_only=True)
    phenomenon = serializers.ChoiceField(choices=Phenomenon.choices, read_only=True)
    severity = serializers.ChoiceField(choices=Severity.choices, read_only=True)
    domain = serializers.CharField(read_only=True, help_text="`national`, `local` of leeg.")
    classification = serializers.ChoiceField(choices=Classification.choices, read_only=True)
    referredAt = serializers.DateTimeField(source="referred_at", read_only=True)
    updatedAt = serializers.DateTimeField(source="updated_at", read_only=True)
    version = serializers.IntegerField(read_only=True)
    # Not read_only, so the OpenAPI document lists it as optional.
    protectee = VisibleProtecteeField(required=False, help_text="Alleen als u de persoon mag zien.")


class CaseSerializer(CaseListItemSerializer):
    summary = serializers.CharField(read_only=True)
    personCanResist = serializers.BooleanField(source="person_can_resist", read_only=True)
    employerCanResist = serializers.BooleanField(source="employer_can_resist", read_only=True)
    referringOrganisation = OrganisationCodeField(source="referring_organisation", read_only=True)
    origin = serializers.ChoiceField(choices=Origin.choices, read_only=True)
    interimMeasuresActive = serializers.BooleanField(
        source="interim_measures_active", read_only=True
    )
    interimMeasures = serializers.CharField(source="interim_measures", read_only=True)
    interimAuthority = OrganisationCodeField(
        source="interim_authority", read_only=True, allow_null=True
    )
    triageRule = serializers.CharField(source="triage_rule", read_only=True)
    triageRecommendation = serializers.CharField(source="triage_recommendation", read_only=True)
    triageOverridden = serializers.BooleanField(source="triage_overridden", read_only=True)
    triageReason = serializers.CharField(source="triage_reason", read_only=True)
    localAuthority = OrganisationCodeField(
        source="local_authority", read_only=True, allow_null=True
    )
    onLimitativeList = serializers.BooleanField(source="on_limitative_list", read_only=True)
    nextRecalibration = serializers.DateField(
        source="next_recalibration", read_only=True, allow_null=True
    )
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)
    endedAt = serializers.DateTimeField(source="ended_at", read_only=True, allow_null=True)


class CaseFilterSerializer(serializers.Serializer):
    state = serializers.MultipleChoiceField(
        choices=CaseState.choices, required=False, help_text="Eén of meer statussen."
    )
    phenomenon = serializers.MultipleChoiceField(choices=Phenomenon.choices, required=False)
    domain = serializers.ChoiceField(choices=Domain.choices, required=False)
    referredAfter = serializers.DateTimeField(
        required=False, help_text="Aangemeld op of na (ISO 8601, datum of tijdstip)."
    )
    referredBefore = serializers.DateTimeField(
        required=False, help_text="Aangemeld vóór (ISO 8601, datum of tijdstip)."
    )
    q = serializers.CharField(
        required=False, max_length=100, help_text="Zoek in kenmerk en werknaam."
    )
    ordering = serializers.ChoiceField(
        choices=list(ORDERING), required=False, default="-referredAt"
    )


class ReferralSerializer(serializers.Serializer):
    """A referral. Name the protectee in exactly one way: `protectee` (a person you may see),
    `newProtectee` (register the person with the referral) or `protecteeClaim` (a person you
    registered with `POST /persons`)."""

    protectee = serializers.IntegerField(required=False, min_value=1)
    newProtectee = PersonCreateSerializer(required=False, source="new_protectee")
    protecteeClaim = serializers.CharField(required=False, source="protectee_claim")
    phenomenon = serializers.ChoiceField(choices=Phenomenon.choices)
    severity = serializers.ChoiceField(choices=Severity.choices)
    summary = serializers.CharField()
    codename = serializers.CharField(required=False, allow_blank=True, max_length=100)
    personCanResist = serializers.BooleanField(source="person_can_resist", default=False)
    employerCanResist = serializers.BooleanField(source="employer_can_resist", default=False)
    classification = serializers.ChoiceField(
        choices=Classification.choices, default=Classification.DEPV
    )
    limitativeEntry = serializers.IntegerField(
        required=False,
        min_value=1,
        source="limitative_entry",
        help_text="Vermelding op de limitatieve lijst (die u mag zien) voor deze persoon.",
    )

    PROTECTEE_KEYS = ("protectee", "new_protectee", "protectee_claim")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        given = [k for k in self.PROTECTEE_KEYS if attrs.get(k) not in (None, "")]
        if len(given) != 1:
            raise serializers.ValidationError(
                {
                    "protectee": serializers.ErrorDetail(
                        "Noem de te beveiligen persoon met precies één van protectee, "
                        "newProtectee of protecteeClaim.",
                        code="required",
                    )
                }
            )
        return attrs


class OmTransferSerializer(ReferralSerializer):
    """An OM protection taken over by the NCTV; the OM's measures stay until a decision."""

    interimMeasures = serializers.CharField(source="interim_measures")
    omOffice = OrganisationCodeField(source="om_office", queryset=Organisation.objects.all())
    reason = serializers.CharField()


class CaseUpdateSerializer(serializers.Serializer):
    codename = serializers.CharField(required=False, max_length=100)
    summary = serializers.CharField(required=False)
    severity = serializers.ChoiceField(choices=Severity.choices, required=False)
    personCanResist = serializers.BooleanField(source="person_can_resist", required=False)
    employerCanResist = serializers.BooleanField(source="employer_can_resist", required=False)
    classification = serializers.ChoiceField(
        choices=Classification.choices,
        required=False,
        help_text=(
            "Alleen verhogen, tot uw screeningsniveau. Verlagen gaat met een verzoek dat een "
            "tweede persoon goedkeurt (`/cases/{id}/classification-changes`); nooit lager dan "
            "wat aan de casus gekoppeld is (400)."
        ),
    )
    nextRecalibration = serializers.DateField(
        source="next_recalibration",
        required=False,
        allow_null=True,
        help_text=(
            "Alleen vervroegen: nooit later dan de datum die uit het dreigingsniveau volgt, "
            "en niet leegmaken (400)."
        ),
    )
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="Optioneel; moet gelijk zijn aan de versie in If-Match (anders 409).",
    )


class ReferralReceiptSerializer(serializers.Serializer):
    """What a referrer gets back. Referrers often may not read the case afterwards (it goes
    to the analysts' intake), so the receipt holds only what they submitted and its number."""

    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    state = serializers.ChoiceField(choices=CaseState.choices, read_only=True)
    referredAt = serializers.DateTimeField(source="referred_at", read_only=True)


class TransitionOptionSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    # DRF's metaclass takes declared fields off the class, so this does not replace Field.label.
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]  # API field name, see above
    target = serializers.ChoiceField(choices=CaseState.choices, read_only=True)
    requiresLocalAuthority = serializers.BooleanField(read_only=True)
    requiresAdvice = serializers.BooleanField(read_only=True)


class TransitionRequestSerializer(serializers.Serializer):
    name = serializers.ChoiceField(choices=[(n, t.label) for n, t in TRANSITIONS.items()])
    reason = serializers.CharField(help_text="Verplicht, minimaal 5 tekens.")
    advice = serializers.ChoiceField(
        choices=TriageAdvice.choices,
        required=False,
        help_text="Het advies aan het gezag (alleen bij `advise_authority`).",
    )
    localAuthority = OrganisationCodeField(
        source="local_authority",
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
        help_text=(
            "Code van de gemeente of het OM-parket dat de zaak overneemt (bij "
            "`advise_authority` met advies `local`)."
        ),
    )


class RestrictionSerializer(serializers.Serializer):
    compartment = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    reason = serializers.CharField(max_length=2000)


class TransitionResultSerializer(serializers.Serializer):
    """The outcome of a transition: only what the actor caused, so it never shows a case the
    actor may no longer read (after `route_local` the case leaves the analysts' intake)."""

    case = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    state = serializers.ChoiceField(choices=CaseState.choices, read_only=True)
    version = serializers.IntegerField(read_only=True)
    at = serializers.DateTimeField(read_only=True)


class CaseEventSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    at = serializers.DateTimeField(read_only=True)
    kind = serializers.CharField(read_only=True)
    fromState = serializers.CharField(source="from_state", read_only=True)
    toState = serializers.CharField(source="to_state", read_only=True)
    reason = serializers.CharField(read_only=True)
    actor = serializers.CharField(source="actor_name", read_only=True)
