"""Search inputs and representations. JSON names are camelCase; unknown parameters are a 400."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from weerstand.cases.models import Phenomenon
from weerstand.core.api.schema import OrganisationCodeField
from weerstand.organisations.models import Organisation
from weerstand.search import engine
from weerstand.search.models import DocumentKind


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=engine.MAX_QUERY_LENGTH,
        help_text="Zoekwoorden (Nederlands, met stamvormen); alle woorden moeten voorkomen.",
    )
    kind = serializers.ChoiceField(choices=DocumentKind.choices, required=False)
    phenomenon = serializers.ChoiceField(choices=Phenomenon.choices, required=False)
    originator = OrganisationCodeField(
        queryset=Organisation.objects.all(),
        required=False,
        help_text="Code van de verstrekkende organisatie.",
    )
    reliability = serializers.ChoiceField(
        choices=list(engine.RELIABILITY), required=False, help_text="Betrouwbaarheid bron (A-F)."
    )
    credibility = serializers.IntegerField(
        min_value=1, max_value=6, required=False, help_text="Betrouwbaarheid informatie (1-6)."
    )
    # `from` is a Python keyword: declared below under its JSON name.
    to = serializers.DateField(required=False, help_text="Tot en met deze datum.")

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        fields["from"] = serializers.DateField(required=False, help_text="Vanaf deze datum.")
        return fields

    def validate_q(self, value: str) -> str:
        reason = engine.valid_query(value)
        if reason == "empty":
            raise serializers.ValidationError("Geef een zoekterm.", code="required")
        if reason == "too-many-words":
            raise serializers.ValidationError(
                f"Hoogstens {engine.MAX_QUERY_WORDS} woorden.", code="max-words"
            )
        return value.strip()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("from"), attrs.get("to")
        if start and end and start > end:
            raise serializers.ValidationError(
                {"to": serializers.ErrorDetail("Ligt vóór 'from'.", code="invalid")}
            )
        return attrs

    @staticmethod
    def filters_of(d: dict[str, Any]) -> engine.Filters:
        """The engine's filters from the validated query parameters."""
        return engine.Filters(
            q=d["q"],
            kind=d.get("kind", ""),
            phenomenon=d.get("phenomenon", ""),
            originator=d["originator"].pk if d.get("originator") else None,
            reliability=d.get("reliability", ""),
            credibility=d.get("credibility"),
            date_from=d.get("from"),
            date_to=d.get("to"),
        )


class SnippetPartSerializer(serializers.Serializer):
    text = serializers.CharField()
    hit = serializers.BooleanField(help_text="Dit deel komt overeen met een zoekwoord.")


class SearchHitSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    id = serializers.IntegerField(source="object_id")
    reference = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField(help_text="De webpagina van het object (leeg als er geen is).")
    grading = serializers.CharField(help_text="Beoordeling, bijv. B2 (leeg voor casussen).")
    status = serializers.CharField()
    originator = serializers.CharField()
    date = serializers.DateTimeField(allow_null=True)
    rank = serializers.FloatField()
    snippet = serializers.CharField(source="snippet_text")
    snippetParts = serializers.SerializerMethodField()

    @extend_schema_field(SnippetPartSerializer(many=True))
    def get_snippetParts(self, hit: engine.Hit) -> list[dict[str, Any]]:
        return [{"text": t, "hit": h} for t, h in hit.snippet]


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    # DRF's metaclass takes declared fields off the class, so this does not replace Field.label.
    label = serializers.CharField()  # type: ignore[assignment]  # API field name, see above
    count = serializers.IntegerField()


class FacetsSerializer(serializers.Serializer):
    kind = FacetValueSerializer(many=True)
    phenomenon = FacetValueSerializer(many=True)
    originator = FacetValueSerializer(many=True)
    reliability = FacetValueSerializer(many=True)
    credibility = FacetValueSerializer(many=True)


# One page object, not a list of them: the action is called `list`, which would make the
# document wrap the answer in an array.
@extend_schema_serializer(many=False)
class SearchPageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Aantal treffers dat u mag inzien.")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SearchHitSerializer(many=True)
    facets = FacetsSerializer()
