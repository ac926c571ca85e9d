"""Representations and inputs of `/api/v1/assessments`. JSON names are camelCase; inputs reject
unknown keys in the view (a misspelt field is a 400, never silently ignored)."""

from __future__ import annotations

from rest_framework import serializers

from weerstand.accounts.roles import Classification
from weerstand.assessments.levels import ResistanceLevel, ThreatLevel
from weerstand.assessments.models import (
    AssessmentStatus,
    Confidence,
    Consistency,
    FactorGroup,
    Impact,
    Judgement,
    Likelihood,
    PointKind,
    Position,
)

STATUS_HELP = "Status: " + " | ".join(AssessmentStatus.values)
RESISTANCE_HELP = "Benodigde weerstand 1-4 (levels.ResistanceLevel)."

ORDERING = {
    "number": "number",
    "-number": "-number",
    "nextRecalibration": "next_recalibration",
    "-nextRecalibration": "-next_recalibration",
    "updatedAt": "updated_at",
    "-updatedAt": "-updated_at",
}


class AssessmentFilterSerializer(serializers.Serializer):
    case = serializers.IntegerField(required=False, help_text="Alleen versies van deze casus.")
    status = serializers.ChoiceField(
        choices=AssessmentStatus.choices, required=False, help_text=STATUS_HELP
    )
    ordering = serializers.ChoiceField(choices=sorted(ORDERING), required=False)


class AssessmentListItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    case = serializers.IntegerField(source="case_id", read_only=True)
    number = serializers.IntegerField(read_only=True)
    # Plain strings (values listed in the help text): the shared enum names `status` and
    # `kind` are taken by other resources with other values.
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    author = serializers.IntegerField(source="author_id", read_only=True)
    classification = serializers.ChoiceField(choices=Classification.choices, read_only=True)
    threatLevel = serializers.ChoiceField(
        source="threat_level", choices=ThreatLevel.choices, read_only=True, allow_null=True
    )
    recommendedResistance = serializers.IntegerField(
        source="recommended_resistance",
        read_only=True,
        allow_null=True,
        help_text=RESISTANCE_HELP,
    )
    isComplex = serializers.BooleanField(source="is_complex", read_only=True)
    finalisedAt = serializers.DateTimeField(source="finalised_at", read_only=True, allow_null=True)
    nextRecalibration = serializers.DateField(
        source="next_recalibration", read_only=True, allow_null=True
    )
    unresolvedDisagreement = serializers.CharField(source="unresolved_disagreement", read_only=True)
    previous = serializers.IntegerField(source="previous_id", read_only=True, allow_null=True)
    version = serializers.IntegerField(read_only=True)
    updatedAt = serializers.DateTimeField(source="updated_at", read_only=True)


class FactorOutSerializer(serializers.Serializer):
    factor = serializers.IntegerField()
    code = serializers.CharField()
    # DRF's metaclass takes declared fields off the class, so this does not replace Field.label.
    label = serializers.CharField()  # type: ignore[assignment]  # API field name, see above
    group = serializers.ChoiceField(choices=FactorGroup.choices)
    judgement = serializers.ChoiceField(choices=Judgement.choices)
    note = serializers.CharField()


class CitationOutSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        required=False, help_text="Het product of signaal; ontbreekt als u het niet mag zien."
    )
    reference = serializers.CharField(required=False)
    grading = serializers.CharField(help_text="Admiralty-code bij het citeren, bijv. B2.")
    note = serializers.CharField()


class GapOutSerializer(serializers.Serializer):
    gap = serializers.IntegerField(required=False, help_text="Vastgelegde leemte (als zichtbaar).")
    description = serializers.CharField()
    consequence = serializers.CharField()


class TriggerSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=300)
    expectedOn = serializers.DateField(source="expected_on", required=False, allow_null=True)


class ScenarioSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    actor = serializers.CharField(required=False, allow_blank=True)
    intent = serializers.CharField(required=False, allow_blank=True)
    capability = serializers.CharField(required=False, allow_blank=True)
    opportunity = serializers.CharField(required=False, allow_blank=True)
    likelihood = serializers.ChoiceField(choices=Likelihood.choices)
    impact = serializers.ChoiceField(choices=Impact.choices)
    impactNote = serializers.CharField(source="impact_note", required=False, allow_blank=True)
    triggers = TriggerSerializer(many=True, required=False)


class ScenarioOutSerializer(ScenarioSerializer):
    likelihoodBand = serializers.ListField(
        child=serializers.IntegerField(), help_text="Percentageband [van, tot]."
    )


class AssumptionSerializer(serializers.Serializer):
    statement = serializers.CharField()
    basis = serializers.CharField(required=False, allow_blank=True)
    confidence = serializers.ChoiceField(choices=Confidence.choices)
    disprovedIf = serializers.CharField(source="disproved_if", required=False, allow_blank=True)
    reviewBy = serializers.DateField(source="review_by")


class HypothesisOutSerializer(serializers.Serializer):
    label = serializers.CharField()  # type: ignore[assignment]  # as above
    inconsistencyScore = serializers.IntegerField(help_text="I = 1, II = 2; laagste wint.")


class PointOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text=" | ".join(PointKind.values))
    text = serializers.CharField()
    position = serializers.CharField(help_text="`agree`, `partly`, `disagree` of leeg.")
    answer = serializers.CharField()


class ChallengeOutSerializer(serializers.Serializer):
    challenger = serializers.IntegerField()
    summary = serializers.CharField()
    recordedAt = serializers.DateTimeField()
    answeredAt = serializers.DateTimeField(allow_null=True)
    hypotheses = HypothesisOutSerializer(many=True)
    evidence = serializers.ListField(child=serializers.CharField())
    ratings = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="ratings[h][e]: consistentie van bewijsstuk e met hypothese h.",
    )
    points = PointOutSerializer(many=True)


class AssessmentSerializer(AssessmentListItemSerializer):
    """One version in full. The nested parts are computed by the view (policy-scoped) and
    hung on the instance as `out_*` attributes."""

    summary = serializers.CharField(read_only=True)
    personResilience = serializers.CharField(source="person_resilience", read_only=True)
    employerMeasures = serializers.CharField(source="employer_measures", read_only=True)
    measuresInPlace = serializers.CharField(source="measures_in_place", read_only=True)
    measuresEffectiveness = serializers.CharField(source="measures_effectiveness", read_only=True)
    residualRisk = serializers.CharField(source="residual_risk", read_only=True)
    noGaps = serializers.BooleanField(source="no_gaps", read_only=True)
    noGapsReason = serializers.CharField(source="no_gaps_reason", read_only=True)
    complexityReasons = serializers.ListField(
        source="complexity_reasons", child=serializers.CharField(), read_only=True
    )
    seniorCheckedBy = serializers.IntegerField(
        source="senior_checked_by_id", read_only=True, allow_null=True
    )
    seniorCheckNote = serializers.CharField(source="senior_check_note", read_only=True)
    template = serializers.IntegerField(source="template_id", read_only=True, allow_null=True)
    factors = FactorOutSerializer(source="out_factors", many=True, read_only=True)
    products = CitationOutSerializer(source="out_products", many=True, read_only=True)
    signals = CitationOutSerializer(source="out_signals", many=True, read_only=True)
    gaps = GapOutSerializer(source="out_gaps", many=True, read_only=True)
    scenarios = ScenarioOutSerializer(source="out_scenarios", many=True, read_only=True)
    assumptions = AssumptionSerializer(source="out_assumptions", many=True, read_only=True)
    challenge = ChallengeOutSerializer(source="out_challenge", read_only=True, allow_null=True)


class FactorInSerializer(serializers.Serializer):
    factor = serializers.IntegerField()
    judgement = serializers.ChoiceField(choices=Judgement.choices)
    note = serializers.CharField(required=False, allow_blank=True)


class ProductInSerializer(serializers.Serializer):
    product = serializers.IntegerField()
    note = serializers.CharField(required=False, allow_blank=True)


class SignalInSerializer(serializers.Serializer):
    signal = serializers.IntegerField()
    note = serializers.CharField(required=False, allow_blank=True)


class GapInSerializer(serializers.Serializer):
    gap = serializers.IntegerField(required=False, allow_null=True)
    description = serializers.CharField(required=False, allow_blank=True)
    consequence = serializers.CharField(required=False, allow_blank=True)


class AssessmentUpdateSerializer(serializers.Serializer):
    summary = serializers.CharField(required=False, allow_blank=True)
    threatLevel = serializers.ChoiceField(
        source="threat_level", choices=ThreatLevel.choices, required=False, allow_null=True
    )
    personResilience = serializers.CharField(
        source="person_resilience", required=False, allow_blank=True
    )
    employerMeasures = serializers.CharField(
        source="employer_measures", required=False, allow_blank=True
    )
    measuresInPlace = serializers.CharField(
        source="measures_in_place", required=False, allow_blank=True
    )
    measuresEffectiveness = serializers.CharField(
        source="measures_effectiveness", required=False, allow_blank=True
    )
    residualRisk = serializers.CharField(source="residual_risk", required=False, allow_blank=True)
    recommendedResistance = serializers.IntegerField(
        source="recommended_resistance",
        required=False,
        allow_null=True,
        min_value=min(ResistanceLevel.values),
        max_value=max(ResistanceLevel.values),
        help_text=RESISTANCE_HELP,
    )
    noGaps = serializers.BooleanField(source="no_gaps", required=False)
    noGapsReason = serializers.CharField(source="no_gaps_reason", required=False, allow_blank=True)
    classification = serializers.ChoiceField(choices=Classification.choices, required=False)
    factors = FactorInSerializer(many=True, required=False, help_text="Werkt de genoemde bij.")
    products = ProductInSerializer(many=True, required=False, help_text="Vervangt alle.")
    signals = SignalInSerializer(many=True, required=False, help_text="Vervangt alle.")
    gaps = GapInSerializer(many=True, required=False, help_text="Vervangt alle.")
    scenarios = ScenarioSerializer(many=True, required=False, help_text="Vervangt alle.")
    assumptions = AssumptionSerializer(many=True, required=False, help_text="Vervangt alle.")
    version = serializers.IntegerField(required=False, help_text="Moet gelijk zijn aan If-Match.")


class AssessmentCreateSerializer(AssessmentUpdateSerializer):
    case = serializers.IntegerField(help_text="De casus; een herijking kopieert de vorige versie.")
    reason = serializers.CharField(required=False, allow_blank=True)


class ChallengeInSerializer(serializers.Serializer):
    summary = serializers.CharField()
    hypotheses = serializers.ListField(child=serializers.CharField(max_length=300), min_length=2)
    evidence = serializers.ListField(child=serializers.CharField(max_length=300), min_length=1)
    ratings = serializers.ListField(
        child=serializers.ListField(child=serializers.ChoiceField(choices=Consistency.choices)),
        help_text="ratings[h][e] voor elke hypothese h en elk bewijsstuk e.",
    )
    blindSpots = serializers.ListField(child=serializers.CharField(), required=False)
    disagreements = serializers.ListField(child=serializers.CharField(), required=False)
    alternatives = serializers.ListField(child=serializers.CharField(), required=False)


class AnswerInSerializer(serializers.Serializer):
    point = serializers.IntegerField()
    position = serializers.ChoiceField(choices=Position.choices)
    answer = serializers.CharField(required=False, allow_blank=True)


class AnswersInSerializer(serializers.Serializer):
    answers = AnswerInSerializer(many=True)


class SeniorCheckInSerializer(serializers.Serializer):
    note = serializers.CharField()


class EmptySerializer(serializers.Serializer):
    """No body needed: the step acts on the version named in the path (and If-Match)."""
