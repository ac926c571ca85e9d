"""Inputs and representations of the quality-monitor API (camelCase; unknown parameters are a
400 naming them)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from weerstand.oversight.indicators import BREAKDOWNS
from weerstand.oversight.periods import KINDS, MAX_PERIODS, count_periods, default_range


class RangeQuerySerializer(serializers.Serializer):
    period = serializers.ChoiceField(
        choices=list(KINDS), required=False, help_text="month, quarter (standaard) of year."
    )
    to = serializers.DateField(required=False, help_text="Tot en met deze datum.")

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        # `from` is a Python keyword: declared here under its JSON name.
        fields["from"] = serializers.DateField(required=False, help_text="Vanaf deze datum.")
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        kind = attrs.get("period") or "quarter"
        first, last = default_range(kind)
        start, end = attrs.get("from") or first, attrs.get("to") or last
        if start > end:
            raise serializers.ValidationError(
                {"to": serializers.ErrorDetail("Ligt vóór 'from'.", code="invalid")}
            )
        if count_periods(kind, start, end) > MAX_PERIODS:
            raise serializers.ValidationError(
                {
                    "from": serializers.ErrorDetail(
                        f"Hoogstens {MAX_PERIODS} perioden.", code="too-many-periods"
                    )
                }
            )
        return {"period": kind, "from": start, "to": end, **_rest(attrs)}


def _rest(attrs: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in attrs.items() if k not in ("period", "from", "to")}


class SeriesQuerySerializer(RangeQuerySerializer):
    breakdown = serializers.ChoiceField(
        choices=list(BREAKDOWNS), required=False, help_text="Uitsplitsing: phenomenon."
    )


class CasesQuerySerializer(serializers.Serializer):
    period = serializers.ChoiceField(
        choices=list(KINDS), required=False, help_text="month, quarter (standaard) of year."
    )
    periodStart = serializers.DateField(
        help_text="Een datum in de periode (meestal de eerste dag ervan)."
    )


class PointSerializer(serializers.Serializer):
    periodStart = serializers.DateField(source="period.start")
    periodEnd = serializers.DateField(source="period.end")
    periodLabel = serializers.CharField(source="period.label")
    numerator = serializers.IntegerField(source="cell.numerator")
    denominator = serializers.IntegerField(source="cell.denominator")
    value = serializers.FloatField(
        allow_null=True,
        help_text="Aandeel in procenten, of de mediaan in dagen; null zonder cijfer.",
    )
    suppressed = serializers.BooleanField(
        source="cell.suppressed", help_text="Onder de minimale groepsgrootte: geen cijfer."
    )


class SeriesGroupSerializer(serializers.Serializer):
    key = serializers.CharField(
        source="breakdown_value", help_text="Waarde van de uitsplitsing; leeg zonder."
    )
    series = PointSerializer(source="points", many=True)


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField(help_text="De naam van de indicator.")
    kind = serializers.CharField(help_text="share (aandeel) of median-days (mediaan in dagen).")
    measures = serializers.CharField(help_text="Welke termijn of instelling het meet.")
    drilldown = serializers.BooleanField(help_text="Of er een lijst van casussen bij hoort.")


class IndicatorSeriesSerializer(IndicatorSerializer):
    series = PointSerializer(many=True)


class IndicatorListSerializer(serializers.Serializer):
    period = serializers.CharField()
    results = IndicatorSeriesSerializer(many=True)


class IndicatorDetailSerializer(IndicatorSerializer):
    period = serializers.CharField()
    breakdown = serializers.CharField(allow_null=True)
    groups = SeriesGroupSerializer(many=True)


class DrillCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="case.pk")
    reference = serializers.CharField(source="case.reference")
    codename = serializers.CharField(source="case.codename")
    phenomenon = serializers.CharField(source="case.phenomenon")
    state = serializers.CharField(source="case.state")
    inNumerator = serializers.BooleanField(source="in_numerator", allow_null=True)


class DrilldownSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    periodStart = serializers.DateField()
    periodEnd = serializers.DateField()
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    hiddenCases = serializers.IntegerField(
        help_text="Casussen achter het cijfer buiten uw need-to-know (alleen het aantal)."
    )
    truncated = serializers.BooleanField()
    results = DrillCaseSerializer(many=True)
