"""Signal representations and inputs (camelCase JSON; unknown keys are refused in the view)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import SkipField

from weerstand.accounts.roles import Classification
from weerstand.signals.api.fields import inline_choice
from weerstand.signals.models import (
    Certainty,
    Credibility,
    Reliability,
    ReporterKind,
    SignalKind,
    SignalStatus,
)
from weerstand.signals.services import Decision

ANALYSTS = "Alleen voor de analysefunctie, zoals op de pagina."


class _OnlyForAnalysts(serializers.CharField):
    """Present only for readers of the whole queue (analysis function, inspectors)."""

    def get_attribute(self, instance: Any) -> Any:
        if not self.context.get("analyst_view"):
            raise SkipField()
        return super().get_attribute(instance)


@extend_schema_field({"allOf": [{"type": "string", "enum": ReporterKind.values}]})
class _ReporterKindForAnalysts(serializers.ChoiceField):
    """Who reported (officer, protectee, relative, employer) is shown on the signal page to
    the analysis function only; others who read the signal (the case team, the reporter's
    colleagues) do not learn that a protectee or relative reported it through the portal."""

    def get_attribute(self, instance: Any) -> Any:
        if not self.context.get("analyst_view"):
            raise SkipField()
        return super().get_attribute(instance)


@extend_schema_field({"type": "integer", "nullable": True})
class VisibleCaseField(serializers.Field):
    """The case id only when the reader may see that case; otherwise the key is absent."""

    def get_attribute(self, instance: Any) -> Any:
        if instance.case_id is None:
            return None
        if instance.case_id not in self.context.get("visible_cases", set()):
            raise SkipField()
        return instance.case_id

    def to_representation(self, value: Any) -> Any:
        return value


class SignalSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    case = VisibleCaseField(required=False, help_text="Alleen als u de casus mag zien.")
    kind = inline_choice(choices=SignalKind.choices, read_only=True)
    reporterKind = _ReporterKindForAnalysts(
        source="reporter_kind",
        choices=ReporterKind.choices,
        required=False,
        help_text="Alleen voor de analysefunctie, zoals op de pagina.",
    )
    reportedBy = _OnlyForAnalysts(
        source="reported_by.display_name",
        required=False,
        help_text="Naam van de melder; alleen voor de analysefunctie, zoals op de pagina.",
    )
    what = serializers.CharField(read_only=True)
    subject = serializers.CharField(read_only=True)
    happenedAt = serializers.DateTimeField(source="happened_at", read_only=True)
    noticedBy = serializers.CharField(source="noticed_by", read_only=True)
    certainty = inline_choice(choices=Certainty.choices, read_only=True)
    # The grading, classification, deadline and escalation are the analysis function's
    # view, as on the signal page: other readers (a reporter reading back their own signal,
    # in the portal or as an official) get none of them (`to_representation`).
    reliability = inline_choice(choices=Reliability.choices, required=False, help_text=ANALYSTS)
    credibility = inline_choice(choices=Credibility.choices, required=False, help_text=ANALYSTS)
    grading = serializers.CharField(required=False, help_text="Bijv. `B2`. " + ANALYSTS)
    classification = serializers.ChoiceField(
        choices=Classification.choices, required=False, help_text=ANALYSTS
    )
    status = inline_choice(choices=SignalStatus.choices, read_only=True)
    triageDeadline = serializers.DateTimeField(
        source="triage_deadline", required=False, help_text=ANALYSTS
    )
    triagedAt = serializers.DateTimeField(source="triaged_at", read_only=True, allow_null=True)
    triageNote = _OnlyForAnalysts(
        source="triage_note", required=False, help_text="Alleen voor de analysefunctie."
    )
    escalatedAt = serializers.DateTimeField(
        source="escalated_at", allow_null=True, required=False, help_text=ANALYSTS
    )
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)
    version = serializers.IntegerField(read_only=True)

    ANALYST_ONLY = (
        "reliability",
        "credibility",
        "grading",
        "classification",
        "triageDeadline",
        "escalatedAt",
    )

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)
        if not self.context.get("analyst_view"):
            for key in self.ANALYST_ONLY:
                data.pop(key, None)
        return data


class SignalCreateSerializer(serializers.Serializer):
    what = serializers.CharField(max_length=4000)
    happenedAt = serializers.DateTimeField(source="happened_at")
    kind = inline_choice(choices=SignalKind.choices, default=SignalKind.OBSERVATION)
    certainty = inline_choice(
        choices=Certainty.choices,
        help_text=(
            "Hoe zeker de melder is; verplicht, er is geen standaard (die zou de waardering "
            "sturen)."
        ),
    )
    noticedBy = serializers.CharField(
        source="noticed_by", required=False, allow_blank=True, max_length=4000
    )
    case = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="Een casus die u mag zien; portaalgebruikers alleen hun eigen casus.",
    )
    subject = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    reliability = inline_choice(choices=Reliability.choices, required=False)
    credibility = inline_choice(choices=Credibility.choices, required=False)
    classification = serializers.ChoiceField(choices=Classification.choices, required=False)
    phones = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, max_length=20
    )
    vehicles = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, max_length=20
    )
    addresses = serializers.ListField(
        child=serializers.CharField(max_length=300), required=False, max_length=20
    )


class TriageSerializer(serializers.Serializer):
    decision = inline_choice(choices=[(d, d) for d in Decision.ALL])
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    case = serializers.IntegerField(required=False, allow_null=True)
    reliability = inline_choice(choices=Reliability.choices, required=False)
    credibility = inline_choice(choices=Credibility.choices, required=False)


class SignalFilterSerializer(serializers.Serializer):
    status = inline_choice(choices=SignalStatus.choices, required=False)
    overdue = serializers.BooleanField(required=False, default=False)
    case = serializers.IntegerField(required=False)
    mine = serializers.BooleanField(required=False, default=False)
