"""Capacity representations and inputs (camelCase JSON; unknown keys rejected in the view)."""

from __future__ import annotations

from rest_framework import serializers

from weerstand.capacity import services
from weerstand.capacity.models import PriorityRule, RunStatus, ShiftCode


class UnitSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)
    organisation = serializers.CharField(source="organisation.code", read_only=True)


class OfficerSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    badge = serializers.CharField(read_only=True)
    firstName = serializers.CharField(source="first_name", read_only=True)
    lastName = serializers.CharField(source="last_name", read_only=True)
    unit = serializers.CharField(source="unit.code", read_only=True)
    qualifications = serializers.ListField(child=serializers.CharField(), read_only=True)
    contractHours = serializers.IntegerField(source="contract_hours", read_only=True)
    active = serializers.BooleanField(read_only=True)
    version = serializers.IntegerField(read_only=True)


class PlanRequestSerializer(serializers.Serializer):
    start = serializers.DateField(help_text="Eerste dag van de planperiode.")
    days = serializers.IntegerField(help_text=f"Aantal dagen, 1 tot en met {services.MAX_DAYS}.")
    timeLimit = serializers.FloatField(
        required=False,
        help_text="Rekentijd in seconden (standaard de instelling CAPACITY_TIME_LIMIT).",
    )


class PlanRunSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    horizonStart = serializers.DateField(source="horizon_start", read_only=True)
    days = serializers.IntegerField(read_only=True)
    timeLimit = serializers.FloatField(source="time_limit", read_only=True)
    status = serializers.CharField(
        read_only=True,
        help_text="Uitkomst van de solver: " + ", ".join(RunStatus.values) + ".",
    )
    solveSeconds = serializers.FloatField(source="solve_seconds", read_only=True)
    objective = serializers.IntegerField(read_only=True, allow_null=True)
    bestBound = serializers.FloatField(source="best_bound", read_only=True, allow_null=True)
    gap = serializers.FloatField(read_only=True, allow_null=True)
    coverage = serializers.FloatField(read_only=True)
    requiredTotal = serializers.IntegerField(source="required_total", read_only=True)
    coveredTotal = serializers.IntegerField(source="covered_total", read_only=True)
    coverageUpperBound = serializers.FloatField(
        source="coverage_upper_bound",
        read_only=True,
        allow_null=True,
        help_text="Bewezen bovengrens van de dekking (aandeel 0-1): geen rooster dat aan alle "
        "harde regels voldoet kan meer dan dit bemannen. Leeg als die niet berekend is.",
    )
    coveredUpperBound = serializers.IntegerField(
        source="covered_upper_bound",
        read_only=True,
        allow_null=True,
        help_text="Dezelfde bovengrens in diensten (ten hoogste requiredTotal).",
    )
    coverageBoundGap = serializers.FloatField(
        source="coverage_bound_gap",
        read_only=True,
        allow_null=True,
        help_text="coverageUpperBound min coverage; 0 betekent aantoonbaar de hoogste dekking.",
    )
    coverageBoundMethod = serializers.CharField(
        source="coverage_bound_method",
        read_only=True,
        help_text="Hoe de grens bewezen is: lp (lineaire relaxatie), flow (maximale stroom) of "
        "trivial; leeg als die niet berekend is.",
    )
    changedPublished = serializers.IntegerField(source="changed_published", read_only=True)
    validatorOk = serializers.BooleanField(source="validator_ok", read_only=True)
    published = serializers.BooleanField(read_only=True)
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)
    version = serializers.IntegerField(read_only=True)


class PlanLineSerializer(serializers.Serializer):
    """One officer on one assignment for one shift on one day."""

    id = serializers.IntegerField(read_only=True)
    date = serializers.DateField(read_only=True)
    shift = serializers.ChoiceField(choices=ShiftCode.choices, read_only=True)
    assignment = serializers.IntegerField(source="assignment_id", read_only=True)
    assignmentReference = serializers.CharField(source="assignment_reference", read_only=True)
    officer = serializers.IntegerField(
        source="officer_label",
        read_only=True,
        allow_null=True,
        help_text="Id van de agent, alleen als u die agent mag zien (anders leeg).",
    )
    case = serializers.CharField(
        source="case_label",
        read_only=True,
        help_text="Kenmerk van de casus, alleen als u de casus mag zien (anders leeg).",
    )


class ShortageSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    assignment = serializers.IntegerField(source="assignment_id", read_only=True)
    assignmentReference = serializers.CharField(source="assignment_reference", read_only=True)
    case = serializers.CharField(
        source="case_label",
        read_only=True,
        help_text="Kenmerk van de casus, alleen als u de casus mag zien (anders leeg).",
    )
    date = serializers.DateField(read_only=True)
    shift = serializers.ChoiceField(choices=ShiftCode.choices, read_only=True)
    priority = serializers.IntegerField(read_only=True)
    # DRF's metaclass takes declared fields off the class, so this does not replace
    # Field.required; "required" is the API's name for the officers needed.
    required = serializers.IntegerField(read_only=True)  # type: ignore[assignment]  # see above
    covered = serializers.IntegerField(read_only=True)
    missing = serializers.IntegerField(read_only=True)
    qualifications = serializers.ListField(child=serializers.CharField(), read_only=True)
    binding = serializers.CharField(read_only=True, help_text="Code van de bindende oorzaak.")
    bindingLabel = serializers.CharField(read_only=True)
    priorityRule = serializers.ChoiceField(
        source="priority_rule", choices=PriorityRule.choices, read_only=True
    )


class ShortageRangeSerializer(serializers.Serializer):
    """Consecutive days with the same shift and the same shortfall."""

    start = serializers.DateField(read_only=True)
    end = serializers.DateField(read_only=True, help_text="Laatste dag (inclusief).")
    days = serializers.IntegerField(read_only=True)
    shift = serializers.ChoiceField(choices=ShiftCode.choices, read_only=True)
    missing = serializers.IntegerField(read_only=True, help_text="Agenten tekort per dienst.")
    required = serializers.IntegerField(read_only=True)  # type: ignore[assignment]  # see ShortageSerializer
    text = serializers.CharField(read_only=True, help_text="De reeks in woorden.")
    bindingLabels = serializers.ListField(
        source="reasons", child=serializers.CharField(), read_only=True
    )
    priorityRules = serializers.ListField(
        source="rules", child=serializers.CharField(), read_only=True
    )


class AssignmentShortagesSerializer(serializers.Serializer):
    """The shortages of one assignment, folded into ranges of days."""

    assignment = serializers.IntegerField(read_only=True)
    assignmentReference = serializers.CharField(source="reference", read_only=True)
    case = serializers.CharField(
        read_only=True,
        help_text="Kenmerk van de casus, alleen als u de casus mag zien (anders leeg).",
    )
    priority = serializers.IntegerField(read_only=True)
    resistanceLevel = serializers.IntegerField(source="level", read_only=True, allow_null=True)
    shifts = serializers.IntegerField(read_only=True)
    missing = serializers.IntegerField(source="missing_total", read_only=True)
    ranges = ShortageRangeSerializer(many=True, read_only=True)


class ConfirmationRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="Motivering (verplicht, minimaal 5 tekens).")


class ConfirmationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    run = serializers.IntegerField(source="run_id", read_only=True)
    confirmedAt = serializers.DateTimeField(source="confirmed_at", read_only=True)
    reason = serializers.CharField(read_only=True)
    tasksCreated = serializers.IntegerField(source="tasks_created", read_only=True)
