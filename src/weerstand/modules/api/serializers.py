"""Representations and inputs of the modules API (camelCase; unknown keys are refused)."""

from __future__ import annotations

from rest_framework import serializers

from weerstand.modules.models import Audience


class ModuleSectionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    position = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    titleEn = serializers.CharField(source="title_en", read_only=True)
    body = serializers.CharField(read_only=True)
    bodyEn = serializers.CharField(source="body_en", read_only=True)


class ModuleVersionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    titleEn = serializers.CharField(source="title_en", read_only=True)
    summary = serializers.CharField(read_only=True)
    summaryEn = serializers.CharField(source="summary_en", read_only=True)
    publishedAt = serializers.DateTimeField(source="published_at", read_only=True)


class ModuleVersionDetailSerializer(ModuleVersionSerializer):
    sections = ModuleSectionSerializer(source="shown_sections", many=True, read_only=True)


class ModuleSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    audience = serializers.ChoiceField(choices=Audience.choices, read_only=True)
    latestVersion = ModuleVersionSerializer(
        source="latest_version", read_only=True, allow_null=True
    )


class ModuleDetailSerializer(ModuleSerializer):
    versions = ModuleVersionDetailSerializer(source="shown_versions", many=True, read_only=True)


class ModuleProgressSerializer(serializers.Serializer):
    done = serializers.IntegerField(read_only=True)
    total = serializers.IntegerField(read_only=True)
    percent = serializers.IntegerField(read_only=True)


class ModuleAssignmentSerializer(serializers.Serializer):
    """An assignment as the person or the case team sees it."""

    id = serializers.IntegerField(read_only=True)
    casePerson = serializers.IntegerField(source="case_person_id", read_only=True)
    person = serializers.IntegerField(source="person_id", read_only=True)
    module = serializers.IntegerField(source="module_version.module_id", read_only=True)
    moduleVersion = serializers.IntegerField(source="module_version_id", read_only=True)
    title = serializers.CharField(source="module_version.title", read_only=True)
    titleEn = serializers.CharField(source="module_version.title_en", read_only=True)
    note = serializers.CharField(read_only=True)
    assignedAt = serializers.DateTimeField(source="assigned_at", read_only=True)
    assignedByName = serializers.CharField(source="assigned_by_name", read_only=True)
    completedAt = serializers.DateTimeField(source="completed_at", read_only=True, allow_null=True)
    progress = ModuleProgressSerializer(source="progress_info", read_only=True)
    doneSections = serializers.ListField(
        child=serializers.IntegerField(), source="done_ids", read_only=True
    )
    version = serializers.IntegerField(read_only=True)


class ModuleAssignmentCreateSerializer(serializers.Serializer):
    case = serializers.IntegerField(min_value=1, help_text="Id van de casus.")
    casePerson = serializers.IntegerField(
        source="case_person", min_value=1, help_text="Id van de betrokkene in de casus."
    )
    moduleVersion = serializers.IntegerField(
        source="module_version", min_value=1, help_text="Id van de moduleversie."
    )
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=2000,
        help_text="Toelichting voor de persoon (leesbaar in het portaal).",
    )


class ModuleAssignmentFilterSerializer(serializers.Serializer):
    case = serializers.IntegerField(required=False, min_value=1)
    person = serializers.IntegerField(required=False, min_value=1)


class ModuleProgressCreateSerializer(serializers.Serializer):
    section = serializers.IntegerField(min_value=1, help_text="Id van het deel dat klaar is.")


class ModuleSectionInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    titleEn = serializers.CharField(source="title_en", max_length=200)
    body = serializers.CharField()
    bodyEn = serializers.CharField(source="body_en")


class ModulePublishSerializer(serializers.Serializer):
    """A new version of a module (the module is created when its code is new)."""

    code = serializers.SlugField(max_length=64)
    audience = serializers.ChoiceField(choices=Audience.choices)
    title = serializers.CharField(max_length=200)
    titleEn = serializers.CharField(source="title_en", max_length=200)
    summary = serializers.CharField()
    summaryEn = serializers.CharField(source="summary_en")
    sections = ModuleSectionInputSerializer(many=True, allow_empty=False)
