"""Accounts in the admin site (/beheer/): users with their roles, lock state, authenticator
and API tokens. Registered on `weerstand.core.admin.site` only, never on Django's default site.

Nobody changes their own roles, clearance or organisation here: that would let a system
administrator give themselves access to case content.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from weerstand.accounts import services
from weerstand.accounts.models import ApiToken, RoleAssignment, User
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.admin import (
    AuditedAdminMixin,
    AuditedPasswordSaveMixin,
    audited_action,
    is_system_admin,
    site,
)


class _UnitMatchesOrganisation:
    def clean(self) -> dict[str, Any]:
        data = super().clean()  # type: ignore[misc]  # ModelForm
        unit, org = data.get("unit"), data.get("organisation")
        if unit is not None and org is not None and unit.organisation_id != org.pk:
            raise ValidationError({"unit": _("Deze eenheid hoort niet bij de organisatie.")})
        return data


class UserForm(_UnitMatchesOrganisation, UserChangeForm):
    pass


class UserCreationForm(_UnitMatchesOrganisation, AdminUserCreationForm):
    pass


class AuditedAdminPasswordChangeForm(AuditedPasswordSaveMixin, AdminPasswordChangeForm):
    """An administrator sets someone's password."""

    audit_reason = "wachtwoord ingesteld door beheerder"


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    fields = ("role",)
    verbose_name = _("rol")
    verbose_name_plural = _("rollen")

    def _may_edit(self, request: HttpRequest, obj: Any) -> bool:
        return is_system_admin(request.user) and (obj is None or obj.pk != request.user.pk)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_system_admin(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_edit(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_edit(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_edit(request, obj)


SELF_PROTECTED = ("organisation", "unit", "clearance", "is_active")


@admin.register(User, site=site)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin):
    form = UserForm
    add_form = UserCreationForm
    change_password_form = AuditedAdminPasswordChangeForm
    inlines = (RoleInline,)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Persoon"), {"fields": ("first_name", "last_name", "email", "linked_person")}),
        (_("Organisatie en screening"), {"fields": ("organisation", "unit", "clearance")}),
        (
            _("Toegang"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "lock_state",
                    "failed_login_count",
                    "locked_until",
                    "authenticator",
                    "last_login",
                    "date_joined",
                )
            },
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "usable_password", "password1", "password2"),
            },
        ),
        (_("Persoon"), {"fields": ("first_name", "last_name", "email")}),
        (_("Organisatie en screening"), {"fields": ("organisation", "unit", "clearance")}),
    )
    readonly_fields = (
        "is_staff",
        "lock_state",
        "failed_login_count",
        "locked_until",
        "authenticator",
        "linked_person",
        "last_login",
        "date_joined",
    )
    list_display = (
        "username",
        "display_name",
        "organisation",
        "role_list",
        "clearance",
        "is_active",
        "lock_state",
    )
    list_filter = ("is_active", "organisation", "role_assignments__role", "clearance")
    search_fields = ("username", "first_name", "last_name", "email")
    list_select_related = ("organisation",)
    filter_horizontal = ()
    ordering = ("username",)
    view_on_site = False
    actions = ("unlock", "reset_authenticator")
    secret_fields = ("password", "password1", "password2", "usable_password")

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).prefetch_related("role_assignments")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            fields += SELF_PROTECTED
        return fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # accounts are deactivated, never deleted (audit and history refer to them)

    @admin.display(description=_("rollen"))
    def role_list(self, obj: User) -> str:
        return ", ".join(sorted(ra.get_role_display() for ra in obj.role_assignments.all())) or "-"

    @admin.display(description=_("naam"))
    def display_name(self, obj: User) -> str:
        return obj.get_full_name()

    @admin.display(description=_("geblokkeerd"), boolean=True)
    def lock_state(self, obj: User) -> bool:
        return obj.is_locked()

    @admin.display(description=_("authenticator"))
    def authenticator(self, obj: User) -> str:
        if obj.pk is None:
            return "-"
        devices = TOTPDevice.objects.filter(user=obj)
        if devices.filter(confirmed=True).exists():
            return str(_("gekoppeld"))
        if devices.exists():
            return str(_("koppeling gestart, nog niet bevestigd"))
        return str(_("geen: wordt bij de volgende aanmelding gekoppeld"))

    @admin.display(description=_("gekoppeld aan registerpersoon"), boolean=True)
    def linked_person(self, obj: User) -> bool:
        # Only whether there is a link: the person's name is registry content.
        return obj.person_id is not None

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        user = form.instance
        with transaction.atomic():
            before = sorted(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))
            super().save_related(request, form, formsets, change)
            after = sorted(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))
            if before != after:
                audit.record(
                    AuditAction.ADMIN,
                    user,
                    changes={"roles": [before, after]},
                    reason="rollen gewijzigd",
                    actor=request.user,
                )
            services.sync_staff_flag(user)

    @audited_action(_("Geselecteerde accounts ontgrendelen"), _("Ontgrendeld"))
    def unlock(self, request: HttpRequest, obj: User) -> bool:
        return services.unlock_account(request.user, obj)  # type: ignore[arg-type]  # our User

    @audited_action(
        _("Authenticator van geselecteerde accounts resetten"), _("Authenticator gereset")
    )
    def reset_authenticator(self, request: HttpRequest, obj: User) -> bool:
        return services.reset_totp(request.user, obj) > 0  # type: ignore[arg-type]  # our User


@admin.register(ApiToken, site=site)
class ApiTokenAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Read-only: an administrator sees and revokes tokens, never creates or reads them."""

    fields = ("prefix", "user", "label", "created_at", "expires_at", "last_used_at", "revoked_at")
    readonly_fields = fields
    list_display = ("prefix", "user", "label", "created_at", "expires_at", "last_used_at", "state")
    list_filter = ("revoked_at",)
    search_fields = ("user__username", "key_id", "label")
    list_select_related = ("user",)
    view_on_site = False
    actions = ("revoke",)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("kenmerk"))
    def prefix(self, obj: ApiToken) -> str:
        return obj.prefix

    @admin.display(description=_("status"))
    def state(self, obj: ApiToken) -> str:
        if obj.revoked_at is not None:
            return str(_("ingetrokken"))
        return str(_("actief")) if obj.expires_at > timezone.now() else str(_("verlopen"))

    @audited_action(_("Geselecteerde tokens intrekken"), _("Ingetrokken"))
    def revoke(self, request: HttpRequest, obj: ApiToken) -> bool:
        return services.revoke_token(request.user, obj)  # type: ignore[arg-type]  # our User
