"""Organisations and units in the admin site (/beheer/), audited like every admin change."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from weerstand.core.admin import AuditedAdminMixin, site
from weerstand.organisations.models import Organisation, Unit


@admin.register(Organisation, site=site)
class OrganisationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "code", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("name", "code")
    prepopulated_fields = {"code": ("name",)}
    view_on_site = False

    def audit_text(self, obj: Any) -> str:
        return f"organisatie {obj.code}"


@admin.register(Unit, site=site)
class UnitAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "code", "kind", "organisation")
    list_filter = ("kind", "organisation")
    search_fields = ("name", "code", "organisation__name")
    list_select_related = ("organisation",)
    prepopulated_fields = {"code": ("name",)}
    view_on_site = False

    def audit_text(self, obj: Any) -> str:
        return f"eenheid {obj.code}"
