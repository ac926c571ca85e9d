"""Representations and inputs of the advisory API (camelCase; unknown keys refused)."""

from __future__ import annotations

from rest_framework import serializers


class AggregateQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    period = serializers.ChoiceField(choices=["quarter", "year"], required=False)
    breakdown = serializers.ChoiceField(choices=["phenomenon"], required=False)


class ExportQuerySerializer(AggregateQuerySerializer):
    format = serializers.ChoiceField(choices=["csv", "pdf"])


class AggregateCellSerializer(serializers.Serializer):
    period = serializers.CharField()
    breakdown = serializers.CharField(allow_null=True)
    published = serializers.BooleanField(help_text="Onwaar: de periode is nog niet afgesloten.")
    suppressed = serializers.BooleanField(
        help_text="Waar: onderdrukt (klein aantal of aanvulling)."
    )
    value = serializers.IntegerField(allow_null=True)


class AggregateTableSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    cells = AggregateCellSerializer(many=True)


class AggregatesSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    period = serializers.CharField()
    breakdown = serializers.CharField(allow_null=True)
    k = serializers.IntegerField(help_text="Aantallen van 1 tot k worden nooit getoond.")
    tables = AggregateTableSerializer(many=True)


class ThemeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class ResponseSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    body = serializers.CharField(read_only=True)
    respondedBy = serializers.CharField(source="responded_by.display_name", read_only=True)
    respondedAt = serializers.DateTimeField(source="responded_at", read_only=True)


class AdviceSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    body = serializers.CharField(read_only=True)
    issuedOn = serializers.DateField(source="issued_on", read_only=True)
    themes = ThemeSerializer(many=True, read_only=True, source="theme_list")
    responses = ResponseSerializer(many=True, read_only=True, source="response_list")


class AdviceCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=20000)
    themes = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False)
    issuedOn = serializers.DateField(source="issued_on", required=False)


class ResponseCreateSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=20000)
