"""Decision, assignment and approval representations. JSON names are camelCase; inputs
reject unknown keys in the view."""

from __future__ import annotations

from rest_framework import serializers

from weerstand.assessments.levels import ResistanceLevel
from weerstand.core.api.schema import OrganisationCodeField
from weerstand.decisions.models import (
    AssignmentStatus,
    Decision,
    DecisionStatus,
    DecisionType,
    DeviationKind,
    NotificationKind,
    NotificationResponse,
)
from weerstand.organisations.models import Organisation

# Plain strings with the values listed (not enums): several apps have a "status" field with
# their own values, and one enum component per name keeps the OpenAPI document unambiguous.
_DECISION_STATUS_HELP = "Een van: " + ", ".join(f"`{v}`" for v in DecisionStatus.values)
_ASSIGNMENT_STATUS_HELP = "Een van: " + ", ".join(f"`{v}`" for v in AssignmentStatus.values)


class DeviationSerializer(serializers.Serializer):
    measure = serializers.CharField(source="measure.code", read_only=True)
    kind = serializers.ChoiceField(choices=DeviationKind.choices, read_only=True)
    reasoning = serializers.CharField(read_only=True)


class DecisionListItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    case = serializers.IntegerField(source="case_id", read_only=True)
    decisionType = serializers.ChoiceField(
        source="decision_type", choices=DecisionType.choices, read_only=True
    )
    status = serializers.CharField(read_only=True, help_text=_DECISION_STATUS_HELP)
    requiredResistance = serializers.IntegerField(
        source="required_resistance", read_only=True, allow_null=True
    )
    effectiveDate = serializers.DateField(source="effective_date", read_only=True)
    nextRecalibration = serializers.DateField(
        source="next_recalibration", read_only=True, allow_null=True
    )
    needsApproval = serializers.BooleanField(source="needs_approval", read_only=True)
    decidedAt = serializers.DateTimeField(source="decided_at", read_only=True)
    version = serializers.IntegerField(read_only=True)


class DecisionSerializer(DecisionListItemSerializer):
    assessment = serializers.IntegerField(
        source="assessment_id",
        read_only=True,
        allow_null=True,
        help_text="Leeg bij een besluit over aanwijzing (dat rust op het advies na triage).",
    )
    handOverTo = OrganisationCodeField(source="hand_over_to", read_only=True, allow_null=True)
    handOverNote = serializers.CharField(source="hand_over_note", read_only=True)
    reasoning = serializers.CharField(read_only=True)
    packages = serializers.SerializerMethodField()
    measures = serializers.SerializerMethodField()
    deviations = serializers.SerializerMethodField()
    supersedes = serializers.IntegerField(source="supersedes_id", read_only=True, allow_null=True)
    decidedBy = serializers.CharField(source="decided_by.display_name", read_only=True)
    approvedBy = serializers.CharField(
        source="approved_by.display_name", read_only=True, allow_null=True, default=None
    )
    approvedAt = serializers.DateTimeField(source="approved_at", read_only=True, allow_null=True)
    rejectionReason = serializers.CharField(source="rejection_reason", read_only=True)
    disagreementAcknowledged = serializers.BooleanField(
        source="disagreement_acknowledged", read_only=True
    )
    complexityAcknowledged = serializers.BooleanField(
        source="complexity_acknowledged", read_only=True
    )

    def get_packages(self, obj: Decision) -> list[str]:
        return [f"{p.code}@v{p.version}" for p in obj.packages.all()]

    def get_measures(self, obj: Decision) -> list[str]:
        return sorted(m.code for m in obj.measures.all())

    def get_deviations(self, obj: Decision) -> list[dict]:
        deviations = self.context.get("deviations", [])
        return serializers.ListSerializer(deviations, child=DeviationSerializer()).data


class DeviationInputSerializer(serializers.Serializer):
    measure = serializers.SlugField()
    kind = serializers.ChoiceField(choices=DeviationKind.choices)
    reasoning = serializers.CharField(allow_blank=True)


class DecisionCreateSerializer(serializers.Serializer):
    case = serializers.IntegerField(min_value=1)
    decisionType = serializers.ChoiceField(source="decision_type", choices=DecisionType.choices)
    requiredResistance = serializers.ChoiceField(
        source="required_resistance",
        choices=ResistanceLevel.choices,
        required=False,
        allow_null=True,
    )
    packages = serializers.ListField(child=serializers.SlugField(), required=False, allow_null=True)
    deviations = DeviationInputSerializer(many=True, required=False)
    reasoning = serializers.CharField()
    effectiveDate = serializers.DateField(source="effective_date")
    nextRecalibration = serializers.DateField(
        source="next_recalibration", required=False, allow_null=True
    )
    acknowledgeDisagreement = serializers.BooleanField(
        source="acknowledge_disagreement", default=False
    )
    acknowledgeComplexity = serializers.BooleanField(source="acknowledge_complexity", default=False)
    municipality = OrganisationCodeField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    prosecutorOffice = OrganisationCodeField(
        source="prosecutor_office",
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
    )
    preferredExecutor = OrganisationCodeField(
        source="preferred_executor",
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
    )
    handOverTo = OrganisationCodeField(
        source="hand_over_to",
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
        help_text=(
            "Alleen bij `refuse`: de gemeente of het OM-parket dat de zaak overneemt (lokaal "
            "domein). Zonder: het lokaal gezag uit het advies van de analisten, als dat "
            "lokaal was."
        ),
    )
    handOverNote = serializers.CharField(
        source="hand_over_note",
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text=(
            "Alleen met een overdracht: de notitie voor het lokaal gezag. Die gaat zoals "
            "geschreven naar de burgemeester of hoofdofficier (nooit de motivering)."
        ),
    )


class ApprovalSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[("approved", "approved"), ("rejected", "rejected")])
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ApprovalResultSerializer(serializers.Serializer):
    decision = serializers.IntegerField()
    status = serializers.CharField(help_text=_DECISION_STATUS_HELP)
    version = serializers.IntegerField()


class AssignmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    decision = serializers.IntegerField(source="decision_id", read_only=True)
    case = serializers.IntegerField(source="case_id", read_only=True)
    caseReference = serializers.CharField(source="case.reference", read_only=True)
    measure = serializers.CharField(source="measure.code", read_only=True)
    measureName = serializers.CharField(source="measure.name", read_only=True)
    executingOrganisation = serializers.CharField(
        source="executing_organisation.code", read_only=True
    )
    officers = serializers.IntegerField(read_only=True)
    qualifications = serializers.ListField(child=serializers.CharField(), read_only=True)
    startHour = serializers.IntegerField(source="start_hour", read_only=True)
    endHour = serializers.IntegerField(source="end_hour", read_only=True)
    weekdays = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    mixedTeamAllowed = serializers.BooleanField(source="mixed_team_allowed", read_only=True)
    startsOn = serializers.DateField(source="starts_on", read_only=True)
    endsOn = serializers.DateField(source="ends_on", read_only=True, allow_null=True)
    priority = serializers.IntegerField(read_only=True)
    status = serializers.CharField(read_only=True, help_text=_ASSIGNMENT_STATUS_HELP)
    acknowledgeBefore = serializers.DateTimeField(source="acknowledge_before", read_only=True)
    acknowledgedAt = serializers.DateTimeField(
        source="acknowledged_at", read_only=True, allow_null=True
    )
    staffedBefore = serializers.DateTimeField(source="staffed_before", read_only=True)
    staffedAt = serializers.DateTimeField(source="staffed_at", read_only=True, allow_null=True)
    escalatedAt = serializers.DateTimeField(source="escalated_at", read_only=True, allow_null=True)
    version = serializers.IntegerField(read_only=True)


class AssignmentFilterSerializer(serializers.Serializer):
    status = serializers.MultipleChoiceField(choices=AssignmentStatus.choices, required=False)
    case = serializers.IntegerField(required=False, min_value=1)
    on = serializers.DateField(
        required=False, help_text="Alleen opdrachten die op deze datum lopen."
    )


class AssignmentAcknowledgementSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DecisionFilterSerializer(serializers.Serializer):
    case = serializers.IntegerField(required=False, min_value=1)
    status = serializers.MultipleChoiceField(choices=DecisionStatus.choices, required=False)


class LocalNotificationSerializer(serializers.Serializer):
    """A notice to a local authority: the allow-listed content (`NOTIFICATION_CONTENT_FIELDS`)
    and the recipient's own reply; never a case, a person or the threat."""

    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=NotificationKind.choices, read_only=True)
    recipient = OrganisationCodeField(read_only=True)
    measureName = serializers.CharField(source="measure_name", read_only=True)
    municipality = serializers.CharField(read_only=True)
    startsOn = serializers.DateField(source="starts_on", read_only=True)
    endsOn = serializers.DateField(source="ends_on", read_only=True, allow_null=True)
    contactPoint = serializers.CharField(source="contact_point", read_only=True)
    response = serializers.CharField(
        read_only=True,
        help_text="`pending`, `agreed`, `declined`, `needs_information`; leeg: ter informatie.",
    )
    responseReason = serializers.CharField(source="response_reason", read_only=True)
    respondedAt = serializers.DateTimeField(source="responded_at", read_only=True, allow_null=True)
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)
    version = serializers.IntegerField(read_only=True)


class NotificationResponseSerializer(serializers.Serializer):
    response = serializers.ChoiceField(
        choices=[
            (v, label)
            for v, label in NotificationResponse.choices
            if v != NotificationResponse.PENDING
        ]
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text=(
            "Verplicht bij `declined` (de reden) en `needs_information` (de vraag), minimaal "
            "10 tekens."
        ),
    )
